//! The People page (`/people`).

use leptos::prelude::*;

use crate::components::page::Page;

/// Everyone who may enter will be listed here, with their codes, their doors and whether each lock has their code.
#[component]
pub fn PeoplePage() -> impl IntoView {
    view! {
        <Page title="People">
            <p class="page-lede">"Everyone who may enter will be listed here, with their codes, their doors and whether each lock has their code."</p>
        </Page>
    }
}
