//! `<DoorStatus/>`: a door's state, its health in chips and its lock / unlock
//! button, as the door card and the door's page show them. The button is one
//! element throughout ("Lock" becomes "Unlock" once the door has locked), so
//! the keyboard focus stays on it, and a change it asked for is read out when
//! it is done.

use latchkey_core::lock::{Lock, LockCommand, LockState};
use leptos::prelude::*;

use crate::components::status_badge::{StatusBadge, command_for, pending_from_click, state_label};

/// Facts about the door worth a chip: offline, battery, door open, keypad, pending codes.
pub fn door_facts(lock: &Lock, now: chrono::DateTime<chrono::Utc>) -> Vec<(String, &'static str)> {
    let mut facts = Vec::new();
    if !lock.online {
        facts.push(("Offline".to_owned(), "danger"));
    }
    if lock.battery_low() {
        facts.push((
            format!("Battery {} % — replace soon", lock.battery_percent),
            "warn",
        ));
    } else {
        facts.push((format!("Battery {} %", lock.battery_percent), "muted"));
    }
    if lock.door == latchkey_core::lock::DoorPosition::Open {
        facts.push(("Door open".to_owned(), "warn"));
    }
    if lock.keypad_locked_out(now) {
        facts.push(("Keypad locked out".to_owned(), "warn"));
    }
    if lock.pending_changes > 0 {
        let changes = if lock.pending_changes == 1 {
            "change"
        } else {
            "changes"
        };
        facts.push((
            format!("{} code {changes} pending", lock.pending_changes),
            "pending",
        ));
    }
    facts
}

/// The state badge, the chips and the button of the door that follows `lock`.
/// The door cannot take a command while it is offline or jammed (the lock
/// would lose it), nor while one is on its way.
#[component]
pub fn DoorStatus(
    lock: Memo<Lock>,
    /// Whether the last command failed: the badge stops saying "Locking…" and
    /// nothing is read out as done.
    #[prop(into)]
    failed: Signal<bool>,
    /// Called with `true` to lock, `false` to unlock.
    on_press: Callback<bool>,
    /// The button's classes.
    button_class: &'static str,
) -> impl IntoView {
    let (sent, pending) = pending_from_click(
        Signal::derive(move || lock.with(|l| (l.state, l.pending_command))),
        failed,
    );
    view! {
        <StatusBadge state=Signal::derive(move || lock.with(|l| l.state)) pending=pending/>
        <ul class="door-card-facts">
            {move || lock.with(|l| door_facts(l, crate::state::backend::backend_now())).into_iter().map(|(text, tone)| view! {
                <li class=format!("chip chip-{tone}")>{text}</li>
            }).collect_view()}
        </ul>
        <LockButton lock=lock pending=pending sent=sent failed=failed on_press=on_press class=button_class/>
    }
}

#[component]
fn LockButton(
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
