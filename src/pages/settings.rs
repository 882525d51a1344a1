//! The Settings page (`/settings`).

use leptos::prelude::*;

use crate::components::page::Page;

/// Settings will be here: the server address, your account and each site's code policy.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Page title="Settings">
            <p class="page-lede">"Settings will be here: the server address, your account and each site's code policy."</p>
        </Page>
    }
}
