//! `<DoorCard/>`: one door in the list: its state, health and pending changes,
//! a link to its detail, and the lock / unlock button.

use latchkey_core::lock::{Lock, LockState};
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

/// One door, updated in place as it changes. The button keeps the keyboard
/// focus throughout ("Lock" becomes "Unlock" once the door has locked), and a
/// change the user asked for is read out when it is done.
#[component]
pub fn DoorCard(
    lock: Memo<Lock>,
    /// The site's name, shown when the list spans sites.
    site_name: Option<String>,
    /// Called with (door, lock?) when the button is pressed.
    on_command: Callback<(Lock, bool)>,
    /// Why the last command for this door failed, if it did.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = lock.with_untracked(|l| l.id.clone());
    let name = move || lock.with(|l| l.name.clone());
    let state = Signal::derive(move || lock.with(|l| l.state));
    let online = move || lock.with(|l| l.online);
    let wants_lock = move || state.get() != LockState::Locked;
    let failed = Signal::derive(move || error.with(Option::is_some));
    let (sent, pending) = pending_from_click(
        Signal::derive(move || lock.with(|l| (l.state, l.pending_command))),
        failed,
    );
    let busy = move || pending.get().is_some() || !online();

    // What a screen reader hears when a change this card sent is done.
    let done = RwSignal::new(String::new());
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        let waiting = pending.get().is_some();
        if asked.get_value() && !waiting {
            asked.set_value(false);
            if !failed.get_untracked() {
                let (word, _) = state_label(state.get_untracked(), None);
                done.set(format!("{}: {word}", name()));
            }
        }
    });

    let verb = move || if wants_lock() { "Lock" } else { "Unlock" };
    view! {
        <li class="door-card">
            <div class="door-card-main">
                <a href=format!("/doors/{id}") class="door-card-name">{name}</a>
                {site_name.map(|name| view! { <span class="door-card-site">{name}</span> })}
            </div>
            <StatusBadge state=state pending=pending/>
            <ul class="door-card-facts">
                {move || lock.with(|l| door_facts(l, crate::state::backend::backend_now())).into_iter().map(|(text, tone)| view! {
                    <li class=format!("chip chip-{tone}")>{text}</li>
                }).collect_view()}
            </ul>
            // Not `disabled` while busy: a disabled button would drop the keyboard focus.
            <button
                class="button door-card-action"
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
                    on_command.run((lock.get_untracked(), wants_lock));
                }
            >
                {verb}
            </button>
            <span class="visually-hidden" role="status">{done}</span>
            {move || error.get().map(|e| view! { <p class="door-card-error" role="alert">{e}</p> })}
        </li>
    }
}
