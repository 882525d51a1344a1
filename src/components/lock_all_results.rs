//! `<LockAllResults/>`: what "Lock all" did, door by door, followed to the end:
//! which locked, which were already locked, and which are not locked and why
//! (offline, jammed, a Bluetooth lock out of phone range, unlocked again).

use std::collections::HashMap;

use latchkey_core::{
    ids::LockId,
    lock::{LockAllOutcome, LockAllResult, LockingEnd},
};
use leptos::{html, prelude::*};

use crate::rows_in_place::keyed_rows;

/// Up to this many doors, every door's result is listed.
const LIST_ALL_UP_TO: usize = 20;

/// Where one door stands: what "Lock all" answered, and how it ended if it was
/// sent the command and has been heard from since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoorResult {
    /// The command is on its way.
    Locking,
    /// Locked: by this command, or already.
    Locked { already: bool },
    /// Not locked, and why.
    NotLocked(&'static str),
}

/// One door's result from the answer and what has been heard since.
pub fn door_result(outcome: LockAllOutcome, end: Option<LockingEnd>) -> DoorResult {
    let not_locked = DoorResult::NotLocked;
    match (outcome, end) {
        (LockAllOutcome::Locking, None) => DoorResult::Locking,
        (LockAllOutcome::Locking, Some(LockingEnd::Locked)) => {
            DoorResult::Locked { already: false }
        }
        (LockAllOutcome::Locking, Some(LockingEnd::Jammed)) => {
            not_locked("Not locked: it jammed on the way, the bolt needs a hand")
        }
        (LockAllOutcome::Locking, Some(LockingEnd::Offline)) => {
            not_locked("Not locked: it went offline before it locked")
        }
        (LockAllOutcome::Locking, Some(LockingEnd::Unlocked)) => {
            not_locked("Not locked: it was unlocked again")
        }
        (LockAllOutcome::AlreadyLocked, _) => DoorResult::Locked { already: true },
        (LockAllOutcome::Offline, _) => {
            not_locked("Not locked: offline, the command cannot reach it")
        }
        (LockAllOutcome::OutOfPhoneRange, _) => {
            not_locked("Not locked: Bluetooth, no phone in range to pass the command on")
        }
        (LockAllOutcome::Jammed, _) => not_locked("Not locked: jammed, the bolt needs a hand"),
    }
}

/// The words for one door's result.
pub fn result_text(result: DoorResult) -> &'static str {
    match result {
        DoorResult::Locking => "Locking now…",
        DoorResult::Locked { already: false } => "Locked",
        DoorResult::Locked { already: true } => "Already locked",
        DoorResult::NotLocked(why) => why,
    }
}

/// A summary line: "2 locked, 1 locking, 1 already locked, 1 not locked."
pub fn results_line(results: &[DoorResult]) -> String {
    let count = |f: &dyn Fn(&DoorResult) -> bool| results.iter().filter(|r| f(r)).count();
    let parts = [
        (
            count(&|r| *r == DoorResult::Locked { already: false }),
            "locked",
        ),
        (count(&|r| *r == DoorResult::Locking), "locking"),
        (
            count(&|r| *r == DoorResult::Locked { already: true }),
            "already locked",
        ),
        (
            count(&|r| matches!(r, DoorResult::NotLocked(_))),
            "not locked",
        ),
    ];
    let parts: Vec<String> = parts
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if parts.is_empty() {
        "No doors to lock.".to_owned()
    } else {
        parts.join(", ") + "."
    }
}

/// The results as a modal dialog (the browser's own `<dialog>`: the page behind
/// is out of reach, Tab stays inside, Escape closes it, and focus goes back to
/// the button that opened it), each door's result following `ends` as its lock
/// reports; `on_close` runs once it has closed.
#[component]
pub fn LockAllResults(
    title: String,
    results: Vec<LockAllResult>,
    /// How the doors sent the command have ended up, as heard.
    ends: RwSignal<HashMap<LockId, LockingEnd>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |_| {
        if let (Some(dialog), Some(heading)) = (dialog.get(), heading.get()) {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            let _ = heading.focus();
        }
    });
    // Doors not locked come first: they need a person. The order stays as it
    // was answered, so a row does not move while it is read.
    let mut ordered = results;
    ordered.sort_by_key(|r| !r.outcome.left_unlocked());
    let many = ordered.len() > LIST_ALL_UP_TO;
    let ordered = StoredValue::new(ordered);
    let result_of = move |door: &LockAllResult| {
        door_result(door.outcome, ends.with(|e| e.get(&door.lock_id).copied()))
    };
    let line = move || {
        let results: Vec<DoorResult> =
            ordered.with_value(|list| list.iter().map(result_of).collect());
        results_line(&results)
    };
    // With many doors, only those not locked are listed; the line counts the rest.
    let listed = Signal::derive(move || {
        ordered.with_value(|list| {
            list.iter()
                .filter(|door| !many || matches!(result_of(door), DoorResult::NotLocked(_)))
                .map(|door| door.lock_id.to_string())
                .collect::<Vec<_>>()
        })
    });
    // Each row is kept while it is listed, and only its words change: a door link
    // with the keyboard focus keeps it as the doors report.
    let row = Callback::new(move |key: String| {
        let found = ordered.with_value(|l| l.iter().find(|d| d.lock_id.as_str() == key).cloned());
        let Some(door) = found else {
            return ().into_any();
        };
        let href = format!("/doors/{}", door.lock_id);
        let name = door.name.clone();
        let result = move || result_of(&door);
        let failed = result.clone();
        view! {
            <li class:failed=move || matches!(failed(), DoorResult::NotLocked(_))>
                <a href=href>{name}</a>
                <span>{move || result_text(result())}</span>
            </li>
        }
        .into_any()
    });
    let close = move |_| {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    view! {
        <dialog class="dialog" node_ref=dialog aria-labelledby="lock-all-title" on:close=move |_| on_close.run(())>
            <h2 id="lock-all-title" tabindex="-1" node_ref=heading>{title}</h2>
            <p role="status">{line}</p>
            <ul class="lock-all-results">
                {keyed_rows(listed, row)}
            </ul>
            <button class="button button-primary" on:click=close>"Close"</button>
        </dialog>
    }
}
