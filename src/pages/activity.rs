//! The Activity page (`/activity`).

use leptos::prelude::*;

use crate::components::page::Page;

/// A live feed will be here: who came and went, wrong codes, and changes to codes and locks.
#[component]
pub fn ActivityPage() -> impl IntoView {
    view! {
        <Page title="Activity">
            <p class="page-lede">"A live feed will be here: who came and went, wrong codes, and changes to codes and locks."</p>
        </Page>
    }
}
