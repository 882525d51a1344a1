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
    page_routes,
    pages::not_found::NotFoundPage,
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
    page_routes::prefetch_on_demand_pages();

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
                        <Route path=path!("/doors") view=page_routes::doors()/>
                        <Route path=path!("/doors/:id") view=page_routes::door_detail()/>
                        <Route path=path!("/people") view=page_routes::people()/>
                        <Route path=path!("/people/new") view=page_routes::new_person()/>
                        <Route path=path!("/people/grid") view=page_routes::access_grid()/>
                        <Route path=path!("/people/:id") view=page_routes::person_detail()/>
                        <Route path=path!("/people/:id/edit") view=page_routes::person_edit()/>
                        // One route for a code: `new` adds one, a code id changes it.
                        <Route path=path!("/people/:id/codes/:code") view=page_routes::code_edit()/>
                        <Route path=path!("/schedules") view=page_routes::schedules()/>
                        <Route path=path!("/activity") view=page_routes::activity()/>
                        <Route path=path!("/alerts") view=page_routes::alerts()/>
                        <Route path=path!("/settings") view=page_routes::settings()/>
                        <Route path=path!("/login") view=page_routes::login()/>
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
