//! `<LockButton/>`: a door's lock / unlock button. It is one element throughout
//! ("Lock" becomes "Unlock" once the door has locked), so the keyboard focus
//! stays on it, and a change it asked for is read out when it is done.

use latchkey_core::lock::{Lock, LockCommand, LockState};
use leptos::prelude::*;

use crate::components::status_badge::{command_for, state_label};

/// The button of a door that follows `lock`. `pending` and `sent` come from
/// [`pending_from_click`](crate::components::status_badge::pending_from_click):
/// the button is busy while a command is on its way, and sets `sent` when
/// pressed. The door cannot take a command while it is offline or jammed (the
/// lock would lose it).
#[component]
pub fn LockButton(
    lock: Memo<Lock>,
    #[prop(into)] pending: Signal<Option<LockCommand>>,
    sent: RwSignal<Option<LockCommand>>,
    /// Whether the last command failed (then nothing is read out as done).
    #[prop(into)]
    failed: Signal<bool>,
    /// Called with `true` to lock, `false` to unlock.
    on_press: Callback<bool>,
    /// The button's classes.
    class: &'static str,
) -> impl IntoView {
    let name = move || lock.with(|l| l.name.clone());
    let state = move || lock.with(|l| l.state);
    let wants_lock = move || state() != LockState::Locked;
    let busy =
        move || pending.get().is_some() || lock.with(|l| !l.online || l.state == LockState::Jammed);

    // What a screen reader hears when a change this button sent is done.
    let done = RwSignal::new(String::new());
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        let waiting = pending.get().is_some();
        if asked.get_value() && !waiting {
            asked.set_value(false);
            if !failed.get_untracked() {
                let (word, _) = state_label(lock.with_untracked(|l| l.state), None);
                done.set(format!("{}: {word}", name()));
            }
        }
    });

    let verb = move || if wants_lock() { "Lock" } else { "Unlock" };
    view! {
        // Not `disabled` while busy: a disabled button would drop the keyboard focus.
        <button
            class=class
            aria-label=move || format!("{} {}", verb(), name())
            aria-disabled=move || busy().to_string()
            on:click=move |_| {
                if busy() {
                    return;
                }
                let wants_lock = wants_lock();
                asked.set_value(true);
                done.set(String::new());
                sent.set(Some(command_for(wants_lock)));
                on_press.run(wants_lock);
            }
        >
            {verb}
        </button>
        <span class="visually-hidden" role="status">{done}</span>
    }
}
