//! `<DoorCard/>`: one door in the list: its state, health and pending changes,
//! a link to its detail, and the lock / unlock button.

use latchkey_core::lock::Lock;
use leptos::prelude::*;

use crate::components::{
    lock_button::LockButton,
    status_badge::{StatusBadge, pending_from_click},
};

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

/// One door, updated in place as it changes, so the keyboard focus stays on
/// its button (see [`LockButton`]).
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
    let failed = Signal::derive(move || error.with(Option::is_some));
    let (sent, pending) = pending_from_click(
        Signal::derive(move || lock.with(|l| (l.state, l.pending_command))),
        failed,
    );
    let on_press =
        Callback::new(move |wants_lock| on_command.run((lock.get_untracked(), wants_lock)));
    view! {
        <li class="door-card">
            <div class="door-card-main">
                <a href=format!("/doors/{id}") class="door-card-name">{name}</a>
                {site_name.map(|name| view! { <span class="door-card-site">{name}</span> })}
            </div>
            <StatusBadge state=Signal::derive(move || lock.with(|l| l.state)) pending=pending/>
            <ul class="door-card-facts">
                {move || lock.with(|l| door_facts(l, crate::state::backend::backend_now())).into_iter().map(|(text, tone)| view! {
                    <li class=format!("chip chip-{tone}")>{text}</li>
                }).collect_view()}
            </ul>
            <LockButton lock=lock pending=pending sent=sent failed=failed on_press=on_press class="button door-card-action"/>
            {move || error.get().map(|e| view! { <p class="door-card-error" role="alert">{e}</p> })}
        </li>
    }
}
