//! Events in words: one readable sentence per event ("Sam (dog walker)
//! unlocked Front door with the keypad"), used by the app's feed, pages and
//! CSV export, and by the backend for alert messages.

use crate::event::{Actor, DeniedReason, Event, EventKind, Method};

/// Why a keypad entry was refused, in words.
pub fn reason_text(reason: DeniedReason) -> &'static str {
    match reason {
        DeniedReason::WrongCode => "wrong code",
        DeniedReason::OutsideSchedule => "outside their schedule",
        DeniedReason::Paused => "their access is paused",
        DeniedReason::Expired => "their code has expired",
        DeniedReason::UseLimitReached => "their code was used up",
        DeniedReason::KeypadLockedOut => "the keypad was locked out",
    }
}

/// How a lock was moved, in words.
pub fn method_text(method: Method) -> &'static str {
    match method {
        Method::Keypad => "with the keypad",
        Method::Manual => "by hand",
        Method::Remote => "from the app",
        Method::Auto => "automatically",
    }
}

/// The names an event's ids stand for, where known.
#[derive(Debug, Clone, Copy, Default)]
pub struct Names<'a> {
    /// The door, e.g. "Front door" (or "this door" on the door's own page).
    pub door: Option<&'a str>,
    /// The person the event is about (a code's owner, a paused person).
    pub person: Option<&'a str>,
}

fn capitalised(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// One event as a sentence.
pub fn sentence(event: &Event, names: Names<'_>) -> String {
    let door = names.door.unwrap_or("a door");
    let actor = match &event.actor {
        Some(Actor::Person { name, .. }) | Some(Actor::Account { name, .. }) => Some(name.as_str()),
        _ => None,
    };
    let who = actor.unwrap_or("Someone");
    let whose = names
        .person
        .map(|p| format!("{p}'s code"))
        .unwrap_or_else(|| "a code".to_owned());
    let person = names.person.unwrap_or("someone");
    let text = match &event.kind {
        EventKind::Locked {
            method: Method::Auto,
        } => format!("{door} locked itself"),
        EventKind::Locked { method } => format!("{who} locked {door} {}", method_text(*method)),
        EventKind::Unlocked { method } => format!("{who} unlocked {door} {}", method_text(*method)),
        EventKind::AccessDenied { reason } => {
            format!("{who} was refused at {door}: {}", reason_text(*reason))
        }
        EventKind::KeypadLockout { .. } => {
            format!("{door}'s keypad locked after too many wrong codes")
        }
        EventKind::CodeCreated => format!("{who} gave {person} a code"),
        EventKind::CodeChanged => format!("{who} changed {whose}"),
        EventKind::CodeDeleted => format!("{who} removed {whose}"),
        EventKind::CodeRevealed => format!("{who} revealed the PIN of {whose}"),
        EventKind::SyncSucceeded => format!("{} reached {door}", capitalised(whose)),
        EventKind::SyncFailed { reason } => {
            format!("{} did not reach {door}: {reason}", capitalised(whose))
        }
        EventKind::LockOffline => format!("{door} went offline"),
        EventKind::LockOnline => format!("{door} came back online"),
        EventKind::BatteryLow { percent } => format!("{door}'s battery is low ({percent} %)"),
        EventKind::Jammed => format!("{door} jammed"),
        EventKind::FactoryReset => {
            format!("{door} was reset to factory settings: its codes are being sent again")
        }
        EventKind::PersonPaused => format!("{who} paused {person}"),
        EventKind::PersonResumed => format!("{who} resumed {person}"),
        EventKind::AlertFired {
            rule_name, message, ..
        } => format!("Alert \"{rule_name}\": {message}"),
    };
    capitalised(text)
}
