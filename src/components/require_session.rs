//! `<RequireSession/>`: shows its page only when signed in; otherwise sends the
//! visitor to the log-in page and back here afterwards.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::state::session::{Session, use_session};

#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.0.get() == Session::SignedOut {
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
            fallback=|| view! { <p class="page-lede" role="status">"Checking your session…"</p> }
        >
            {children()}
        </Show>
    }
}
