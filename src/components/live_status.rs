//! `<LiveStatus/>`: whether live updates are flowing: live, reconnecting, offline.

use leptos::prelude::*;

use crate::{api::stream::StreamState, state::live::use_live};

#[component]
pub fn LiveStatus() -> impl IntoView {
    let live = use_live();
    let look = move || match live.state.get() {
        StreamState::Live => ("live", "Live"),
        StreamState::Connecting => ("checking", "Connecting…"),
        StreamState::Reconnecting => ("reconnecting", "Reconnecting…"),
        StreamState::Closed => ("offline", "Live updates off"),
    };
    view! {
        <p class=move || format!("live-status live-status-{}", look().0) aria-live="polite">
            <span class="backend-status-dot" aria-hidden="true"></span>
            {move || look().1}
        </p>
    }
}
