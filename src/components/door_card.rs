//! `<DoorCard/>`: one door in the list: its state, health and pending changes,
//! a link to its detail, and the lock / unlock button.

use latchkey_core::lock::{Lock, LockState};
use leptos::prelude::*;

use crate::components::status_badge::{StatusBadge, command_for, pending_from_click};

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

/// One door.
#[component]
pub fn DoorCard(
    lock: Lock,
    /// The site's name, shown when the list spans sites.
    site_name: Option<String>,
    /// Called with (door, lock?) when the button is pressed.
    on_command: Callback<(Lock, bool)>,
    /// Why the last command for this door failed, if it did.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let facts = door_facts(&lock, crate::state::backend::backend_now());
    let wants_lock = lock.state != LockState::Locked;
    let online = lock.online;
    let (sent, pending) = pending_from_click(
        lock.pending_command,
        Signal::derive(move || error.with(Option::is_some)),
    );
    let button_label = format!(
        "{} {}",
        if wants_lock { "Lock" } else { "Unlock" },
        lock.name
    );
    let button_text = if wants_lock { "Lock" } else { "Unlock" };
    let for_click = lock.clone();
    let state = lock.state;
    view! {
        <li class="door-card">
            <div class="door-card-main">
                <a href=format!("/doors/{}", lock.id) class="door-card-name">{lock.name.clone()}</a>
                {site_name.map(|name| view! { <span class="door-card-site">{name}</span> })}
            </div>
            <StatusBadge state=state pending=pending/>
            <ul class="door-card-facts">
                {facts.into_iter().map(|(text, tone)| view! { <li class=format!("chip chip-{tone}")>{text}</li> }).collect_view()}
            </ul>
            <button
                class="button door-card-action"
                aria-label=button_label
                disabled=move || pending.get().is_some() || !online
                on:click=move |_| {
                    sent.set(Some(command_for(wants_lock)));
                    on_command.run((for_click.clone(), wants_lock));
                }
            >
                {button_text}
            </button>
            {move || error.get().map(|e| view! { <p class="door-card-error" role="alert">{e}</p> })}
        </li>
    }
}
