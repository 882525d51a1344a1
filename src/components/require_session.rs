//! `<RequireSession/>`: shows its page only when signed in; otherwise sends the
//! visitor to the log-in page and back here afterwards.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::state::session::{Session, use_session};

#[component]
pub fn RequireSession(
    /// Stay on this page when signed out (offering a link to sign in) instead of going to log-in.
    #[prop(optional)]
    stay: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(session.0.get(), Session::SignedOut | Session::Ended) && !stay {
            let search = location.search.get_untracked();
            let search = if search.is_empty() || search.starts_with('?') {
                search
            } else {
                format!("?{search}")
            };
            let here = format!("{}{search}", location.pathname.get_untracked());
            let next = crate::api::http::encode(&here);
            navigate(&format!("/login?next={next}"), Default::default());
        }
    });
    view! {
        <Show
            when=move || matches!(session.0.get(), Session::SignedIn(_))
            fallback=move || match session.0.get() {
                Session::SignedOut | Session::Ended if stay => view! {
                    <p class="page-lede">"Sign in to see your account and your sites. " <leptos_router::components::A href="/login?next=%2Fsettings">"Sign in"</leptos_router::components::A></p>
                }.into_any(),
                _ => view! { <p class="page-lede" role="status">"Checking your session…"</p> }.into_any(),
            }
        >
            {children()}
        </Show>
    }
}
