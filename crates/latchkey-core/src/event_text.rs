//! Events in words: one readable sentence per event ("Sam (dog walker)
//! unlocked Front door with the keypad"), used by the app's feed, pages and
//! CSV export, and by the backend for alert messages.

use crate::event::{Actor, DeniedReason, Event, EventKind, Method, RecordedNames, SyncChange};

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

/// A name to use instead of the one the event recorded: on a door's own
/// page its events say "this door".
#[derive(Debug, Clone, Copy, Default)]
pub struct Names<'a> {
    pub door: Option<&'a str>,
}

/// How a person reads in history: "Kim (deleted)" once they are gone.
pub fn person_words(names: &RecordedNames) -> Option<String> {
    names.person.as_ref().map(|name| {
        if names.person_deleted {
            format!("{name} (deleted)")
        } else {
            name.clone()
        }
    })
}

/// Which code: "Mia Rivera's “After school” code", "Alex Rivera's “Main code”",
/// "Sam's code" where the code's name is not known, "a code" where neither is.
pub fn code_words(names: &RecordedNames) -> String {
    let person = person_words(names);
    // (ASCII only: a Unicode lower-casing would add its tables to the app.)
    let says_code = |name: &str| {
        name.get(name.len().saturating_sub(4)..)
            .is_some_and(|end| end.eq_ignore_ascii_case("code"))
    };
    match (person, names.code.as_deref()) {
        (Some(person), Some(code)) if says_code(code) => format!("{person}'s “{code}”"),
        (Some(person), Some(code)) => format!("{person}'s “{code}” code"),
        (Some(person), None) => format!("{person}'s code"),
        (None, Some(code)) if says_code(code) => format!("the code “{code}”"),
        (None, Some(code)) => format!("the “{code}” code"),
        (None, None) => "a code".to_owned(),
    }
}

fn capitalised(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// One event as a sentence, with the names it was recorded with.
pub fn sentence(event: &Event, names: Names<'_>) -> String {
    let door = names
        .door
        .or(event.names.door.as_deref())
        .unwrap_or("a door");
    let actor = match &event.actor {
        Some(Actor::Person { name, .. }) | Some(Actor::Account { name, .. }) => Some(name.as_str()),
        _ => None,
    };
    let who = actor.unwrap_or("Someone");
    let whose = code_words(&event.names);
    let person = person_words(&event.names).unwrap_or_else(|| "someone".to_owned());
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
        EventKind::SyncSucceeded {
            change: SyncChange::Set,
        } => format!("{whose} is on {door} now"),
        EventKind::SyncSucceeded {
            change: SyncChange::Remove,
        } => format!("{whose} was removed from {door}"),
        EventKind::SyncFailed {
            reason,
            change: SyncChange::Set,
        } => format!("{whose} could not be put on {door}: {reason}"),
        EventKind::SyncFailed {
            reason,
            change: SyncChange::Remove,
        } => format!("{whose} could not be removed from {door}: {reason}"),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn events() -> Vec<Event> {
        serde_json::from_str(include_str!("../fixtures/event.json")).unwrap()
    }

    #[test]
    fn events_read_with_the_names_they_were_recorded_with() {
        let events = events();
        assert_eq!(
            sentence(&events[0], Names::default()),
            "Sam (dog walker) unlocked Front door with the keypad"
        );
        // The door's own page calls it "this door".
        assert_eq!(
            sentence(
                &events[0],
                Names {
                    door: Some("this door")
                }
            ),
            "Sam (dog walker) unlocked this door with the keypad"
        );
    }

    #[test]
    fn a_sync_sentence_names_the_code_and_says_what_happened() {
        let mut event = events().remove(2);
        // Kim was deleted since: she reads as such.
        assert_eq!(
            sentence(&event, Names::default()),
            format!(
                "Kim (deleted)'s “After school” code could not be removed from Back door: {}",
                crate::sync::SyncFailure::LockOffline
            )
        );
        event.names.person_deleted = false;
        event.kind = EventKind::SyncSucceeded {
            change: SyncChange::Remove,
        };
        assert_eq!(
            sentence(&event, Names::default()),
            "Kim's “After school” code was removed from Back door"
        );
        event.kind = EventKind::SyncSucceeded {
            change: SyncChange::Set,
        };
        event.names.code = Some("Main code".into());
        assert_eq!(
            sentence(&event, Names::default()),
            "Kim's “Main code” is on Back door now"
        );
        event.names.code = None;
        assert_eq!(
            sentence(&event, Names::default()),
            "Kim's code is on Back door now"
        );
    }

    #[test]
    fn a_deleted_person_reads_as_deleted() {
        let mut names = RecordedNames {
            person: Some("Kim".into()),
            ..Default::default()
        };
        assert_eq!(person_words(&names).as_deref(), Some("Kim"));
        names.person_deleted = true;
        assert_eq!(person_words(&names).as_deref(), Some("Kim (deleted)"));
    }
}
