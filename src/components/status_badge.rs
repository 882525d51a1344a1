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

/// The command to show as on its way: the server's, or the one sent by a click
/// the server has not answered yet (so the badge says "Locking…" at once).
/// `server` is the lock's state and command as the server last told them; once
/// it tells anything new, it speaks for the click. A failed command (`failed`)
/// is no longer on its way.
/// Returns the signal a click sets, and what the badge and button should show.
pub fn pending_from_click(
    server: Signal<(LockState, Option<LockCommand>)>,
    failed: Signal<bool>,
) -> (RwSignal<Option<LockCommand>>, Signal<Option<LockCommand>>) {
    let sent = RwSignal::new(None::<LockCommand>);
    Effect::new(move |seen: Option<()>| {
        server.track();
        if seen.is_some() {
            sent.set(None);
        }
    });
    let shown = Signal::derive(move || {
        let from_server = server.get().1;
        match failed.get() {
            true => from_server,
            false => from_server.or(sent.get()),
        }
    });
    (sent, shown)
}

/// The command a "Lock" (`true`) or "Unlock" (`false`) button sends.
pub fn command_for(wants_lock: bool) -> LockCommand {
    if wants_lock {
        LockCommand::Lock
    } else {
        LockCommand::Unlock
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
