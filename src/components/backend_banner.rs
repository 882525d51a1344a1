//! `<BackendBanner/>`: says plainly when the server does not answer, keeps
//! retrying, and offers to retry now.

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
    }
}
