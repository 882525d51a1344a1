//! The Doors page (`/doors`).

use leptos::prelude::*;

use crate::components::page::Page;

/// Every lock at a glance will be here: whether each door is locked, online and charged, with Lock all.
#[component]
pub fn DoorsPage() -> impl IntoView {
    view! {
        <Page title="Doors">
            <p class="page-lede">"Every lock at a glance will be here: whether each door is locked, online and charged, with Lock all."</p>
        </Page>
    }
}
