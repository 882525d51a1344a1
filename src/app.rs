//! `<App/>`: the contexts, the router and the shell around every page.

use leptos::prelude::*;
use leptos_router::{
    components::{Redirect, Route, Router, Routes},
    path,
};

use crate::{
    components::{
        alert_toasts::{AlertToasts, AlertsLink},
        backend_banner::BackendBanner,
        backend_status_badge::BackendStatusBadge,
        live_status::LiveStatus,
        main_nav::MainNav,
    },
    pages::{
        access_grid::AccessGridPage, activity::ActivityPage, alerts::AlertsPage,
        code_edit::CodeEditPage, door_detail::DoorDetailPage, doors::DoorsPage, login::LoginPage,
        not_found::NotFoundPage, people::PeoplePage, person_detail::PersonDetailPage,
        person_new::NewPersonPage, schedules::SchedulesPage, settings::SettingsPage,
    },
    state::{
        alerts::provide_alerts, backend::provide_backend_status, live::provide_live,
        names::provide_names, session::provide_session, session::use_session,
    },
};

/// The whole app: provides app-wide state and routes every URL to its page.
#[component]
pub fn App() -> impl IntoView {
    provide_backend_status();
    provide_session();
    provide_live();
    provide_names();
    provide_alerts();

    view! {
        <Router>
            <div class="shell">
                <a class="skip-link" href="#main">"Skip to content"</a>
                <header class="shell-header">
                    <a class="brand" href="/doors">
                        <svg class="icon brand-icon" aria-hidden="true"><use href="/icons.svg#lock"></use></svg>
                        <span>"Latchkey"</span>
                    </a>
                    <div class="shell-status">
                        <BackendStatusBadge/>
                        <LiveStatus/>
                        <AlertsLink/>
                        <AccountLink/>
                    </div>
                </header>
                <MainNav/>
                <main id="main" class="shell-main" tabindex="-1">
                    <BackendBanner/>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=|| view! { <Redirect path="/doors"/> }/>
                        <Route path=path!("/doors") view=DoorsPage/>
                        <Route path=path!("/doors/:id") view=DoorDetailPage/>
                        <Route path=path!("/people") view=PeoplePage/>
                        <Route path=path!("/people/new") view=NewPersonPage/>
                        <Route path=path!("/people/grid") view=AccessGridPage/>
                        <Route path=path!("/people/:id") view=PersonDetailPage/>
                        <Route path=path!("/people/:id/codes/new") view=CodeEditPage/>
                        <Route path=path!("/people/:id/codes/:code") view=CodeEditPage/>
                        <Route path=path!("/schedules") view=SchedulesPage/>
                        <Route path=path!("/activity") view=ActivityPage/>
                        <Route path=path!("/alerts") view=AlertsPage/>
                        <Route path=path!("/settings") view=SettingsPage/>
                        <Route path=path!("/login") view=LoginPage/>
                    </Routes>
                </main>
                <AlertToasts/>
            </div>
        </Router>
    }
}

/// The signed-in person's name (to Settings), or a "Sign in" link.
#[component]
fn AccountLink() -> impl IntoView {
    let session = use_session();
    view! {
        {move || match session.account() {
            Some(account) => view! { <a href="/settings" class="account-link">{account.display_name}</a> }.into_any(),
            None => view! { <a href="/login" class="account-link">"Sign in"</a> }.into_any(),
        }}
    }
}
