//! `<BackendBanner/>`: says plainly when the server does not answer, keeps
//! retrying, and offers to retry now; and, quietly, when a request is being
//! sent again because the server was busy.

use leptos::prelude::*;

use crate::state::backend::{BackendStatus, use_backend};

/// Shown only while the backend is unreachable.
#[component]
pub fn BackendBanner() -> impl IntoView {
    let backend = use_backend();
    view! {
        <Show when=move || backend.status.get() == BackendStatus::Unreachable>
            <div class="banner banner-danger" role="alert">
                <p>
                    <strong>"The Latchkey server is not answering."</strong>
                    " What you see may be out of date, and changes cannot be sent. Retrying every 10 seconds."
                </p>
                <button class="button" on:click=move |_| backend.check_now()>"Retry now"</button>
            </div>
        </Show>
        <p class="retry-note" role="status">
            {move || {
                (backend.retrying.get() > 0 && backend.status.get() != BackendStatus::Unreachable)
                    .then_some("The server is busy. Trying again…")
            }}
        </p>
    }
}
