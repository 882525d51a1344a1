//! The Sign in page (`/login`).

use leptos::prelude::*;

use crate::components::page::Page;

/// Signing in will be here: enter your Latchkey user name and password to manage your doors.
#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Page title="Sign in">
            <p class="page-lede">"Signing in will be here: enter your Latchkey user name and password to manage your doors."</p>
        </Page>
    }
}
