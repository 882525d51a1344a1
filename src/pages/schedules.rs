//! The Schedules page (`/schedules`).

use leptos::prelude::*;

use crate::components::page::Page;

/// The week view will be here: who can get in through each door, and when.
#[component]
pub fn SchedulesPage() -> impl IntoView {
    view! {
        <Page title="Schedules">
            <p class="page-lede">"The week view will be here: who can get in through each door, and when."</p>
        </Page>
    }
}
