//! `<BackendStatusBadge/>`: tells whether the Latchkey server answers.

use leptos::prelude::*;

use crate::state::backend::{BackendStatus, use_backend};

/// A small live status: "Server connected" or "Server unreachable, retrying".
#[component]
pub fn BackendStatusBadge() -> impl IntoView {
    let status = use_backend().status;
    let look = move || match status.get() {
        BackendStatus::Checking => ("checking", "Connecting to server…"),
        BackendStatus::Reachable => ("reachable", "Server connected"),
        BackendStatus::Unreachable => ("unreachable", "Server unreachable, retrying"),
    };
    view! {
        <p class=move || format!("backend-status {}", look().0) role="status" aria-live="polite" aria-label=move || look().1>
            <span class="backend-status-dot" aria-hidden="true"></span>
            <span class="backend-status-text">{move || look().1}</span>
        </p>
    }
}
