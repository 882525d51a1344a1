//! `<StatusBadge/>`: a lock's state in a word and a colour, including a command
//! still on its way ("Locking…").

use latchkey_core::lock::{LockCommand, LockState};
use leptos::prelude::*;

/// The words and tone for a lock's state.
pub fn state_label(state: LockState, pending: Option<LockCommand>) -> (&'static str, &'static str) {
    match (pending, state) {
        (Some(LockCommand::Lock), _) => ("Locking…", "pending"),
        (Some(LockCommand::Unlock), _) => ("Unlocking…", "pending"),
        (None, LockState::Locked) => ("Locked", "ok"),
        (None, LockState::Unlocked) => ("Unlocked", "warn"),
        (None, LockState::Jammed) => ("Jammed", "danger"),
        (None, LockState::Unknown) => ("Unknown", "muted"),
    }
}

/// A lock's state, live.
#[component]
pub fn StatusBadge(
    #[prop(into)] state: Signal<LockState>,
    #[prop(into)] pending: Signal<Option<LockCommand>>,
) -> impl IntoView {
    let label = move || state_label(state.get(), pending.get());
    view! { <span class=move || format!("badge badge-{}", label().1)>{move || label().0}</span> }
}
