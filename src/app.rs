//! `<App/>`: the contexts, the router and the shell around every page.

use leptos::prelude::*;
use leptos_router::{
    components::{Redirect, Route, Router, Routes},
    path,
};

use crate::{
    components::{backend_status_badge::BackendStatusBadge, main_nav::MainNav},
    pages::{
        activity::ActivityPage, doors::DoorsPage, login::LoginPage, not_found::NotFoundPage,
        people::PeoplePage, schedules::SchedulesPage, settings::SettingsPage,
    },
    state::provide_backend_status,
};

/// The whole app: provides app-wide state and routes every URL to its page.
#[component]
pub fn App() -> impl IntoView {
    provide_backend_status();

    view! {
        <Router>
            <div class="shell">
                <a class="skip-link" href="#main">"Skip to content"</a>
                <header class="shell-header">
                    <a class="brand" href="/doors">
                        <svg class="icon brand-icon" aria-hidden="true"><use href="/icons.svg#lock"></use></svg>
                        <span>"Latchkey"</span>
                    </a>
                    <BackendStatusBadge/>
                </header>
                <MainNav/>
                <main id="main" class="shell-main" tabindex="-1">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=|| view! { <Redirect path="/doors"/> }/>
                        <Route path=path!("/doors") view=DoorsPage/>
                        <Route path=path!("/people") view=PeoplePage/>
                        <Route path=path!("/schedules") view=SchedulesPage/>
                        <Route path=path!("/activity") view=ActivityPage/>
                        <Route path=path!("/settings") view=SettingsPage/>
                        <Route path=path!("/login") view=LoginPage/>
                    </Routes>
                </main>
            </div>
        </Router>
    }
}
