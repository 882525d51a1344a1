//! Alert rules: what should notify someone, and how.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    event::{DeniedReason, Event, EventKind, Method},
    ids::{AlertId, AlertRuleId, CodeId, LockId, PersonId, SiteId},
};

/// A rule the backend evaluates on every event, so it fires while no browser is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertRule {
    pub id: AlertRuleId,
    pub site_id: SiteId,
    pub name: String,
    pub trigger: AlertTrigger,
    /// Where it is sent besides the app: SMS and e-mail go to the backend's outbox.
    pub channels: Vec<AlertChannel>,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
}

/// What makes an alert fire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AlertTrigger {
    /// A given person's code opened a door ("the dog walker arrived").
    CodeUsed {
        person_id: PersonId,
    },
    /// A guest code was used for the first time.
    FirstUseOfGuestCode,
    /// `count` wrong codes at one door within `minutes` (any door when `lock_id` is empty).
    WrongCodes {
        count: u32,
        minutes: u32,
        lock_id: Option<LockId>,
    },
    LowBattery,
    Offline,
    Jammed,
    /// A code was created, changed or deleted.
    CodeChanged,
    /// A door was left with no working codes.
    DoorWithoutCodes,
    /// A code could not be taken off a lock (its time ended, or it was removed,
    /// and the lock did not answer): it still opens the door.
    CodeStuckOnLock,
}

/// Where an alert goes, besides the in-app inbox and toast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AlertChannel {
    BrowserNotification,
    Sms { to: String },
    Email { to: String },
}

/// An alert that fired: one entry of the alerts inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alert {
    pub id: AlertId,
    pub site_id: SiteId,
    pub rule_id: AlertRuleId,
    pub rule_name: String,
    /// What happened, in words.
    pub message: String,
    /// The event that made it fire.
    pub event_id: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_id: Option<LockId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<PersonId>,
    pub at: DateTime<Utc>,
    /// `at` on the site's wall clock (its own time zone), set by the backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-11-24T22:43:00"))]
    pub local_at: Option<chrono::NaiveDateTime>,
    pub read: bool,
}

/// What an alert says: what happened, in words. For wrong codes, how many and
/// within how long, and whether the keypad is now locked (until `locked_until`,
/// the site's wall clock) — not only the last wrong entry.
pub fn alert_message(
    trigger: &AlertTrigger,
    event: &Event,
    locked_until: Option<chrono::NaiveDateTime>,
) -> String {
    match trigger {
        AlertTrigger::WrongCodes { count, minutes, .. } => {
            let door = event.names.door.as_deref().unwrap_or("a door");
            let locked = match locked_until {
                Some(until) => format!(
                    "; its keypad is locked until {:02}:{:02}",
                    chrono::Timelike::hour(&until),
                    chrono::Timelike::minute(&until)
                ),
                None => String::new(),
            };
            format!("{count} wrong codes at {door} within {minutes} min{locked}")
        }
        _ => crate::event_text::sentence(event, crate::event_text::Names::default()),
    }
}

/// What the rules need to know beyond the event itself; the backend looks it up.
pub trait AlertFacts {
    /// Wrong codes entered at `lock` from `since` on (the event itself included).
    fn wrong_codes_since(&self, lock: &LockId, since: DateTime<Utc>) -> u32;
    /// Times `code` opened a door before the event `before`.
    fn earlier_openings(&self, code: &CodeId, before: u64) -> u32;
    /// Whether `person` is a guest.
    fn is_guest(&self, person: &PersonId) -> bool;
    /// Whether the event left one of its doors with no working code.
    fn left_a_door_without_codes(&self, event: &Event) -> bool;
}

impl AlertTrigger {
    /// Whether this trigger fires for `event`.
    pub fn fires(&self, event: &Event, facts: &impl AlertFacts) -> bool {
        use EventKind as K;
        let opened_by_keypad = matches!(
            event.kind,
            K::Unlocked {
                method: Method::Keypad
            }
        );
        match (self, &event.kind) {
            (AlertTrigger::CodeUsed { person_id }, _) if opened_by_keypad => {
                event.person_id.as_ref() == Some(person_id)
            }
            (AlertTrigger::FirstUseOfGuestCode, _) if opened_by_keypad => {
                match (&event.code_id, &event.person_id) {
                    (Some(code), Some(person)) => {
                        facts.is_guest(person) && facts.earlier_openings(code, event.id) == 0
                    }
                    _ => false,
                }
            }
            (
                AlertTrigger::WrongCodes {
                    count,
                    minutes,
                    lock_id,
                },
                K::AccessDenied {
                    reason: DeniedReason::WrongCode,
                },
            ) => match &event.lock_id {
                Some(lock) if lock_id.as_ref().is_none_or(|want| want == lock) => {
                    let since = event.at - chrono::Duration::minutes(i64::from(*minutes));
                    // Once, as the count is reached (not again for every wrong code after it).
                    facts.wrong_codes_since(lock, since) == *count
                }
                _ => false,
            },
            (AlertTrigger::LowBattery, K::BatteryLow { .. })
            | (AlertTrigger::Offline, K::LockOffline)
            | (AlertTrigger::Jammed, K::Jammed)
            | (AlertTrigger::CodeChanged, K::CodeCreated | K::CodeChanged | K::CodeDeleted) => true,
            (
                AlertTrigger::CodeStuckOnLock,
                K::SyncFailed {
                    change: crate::event::SyncChange::Remove,
                    ..
                },
            ) => true,
            (AlertTrigger::DoorWithoutCodes, K::CodeDeleted | K::CodeChanged | K::PersonPaused) => {
                facts.left_a_door_without_codes(event)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Facts {
        wrong: u32,
        earlier: u32,
        guest: bool,
    }

    impl AlertFacts for Facts {
        fn wrong_codes_since(&self, _: &LockId, _: DateTime<Utc>) -> u32 {
            self.wrong
        }
        fn earlier_openings(&self, _: &CodeId, _: u64) -> u32 {
            self.earlier
        }
        fn is_guest(&self, _: &PersonId) -> bool {
            self.guest
        }
        fn left_a_door_without_codes(&self, _: &Event) -> bool {
            true
        }
    }

    fn event(kind: EventKind) -> Event {
        Event {
            id: 7,
            local_at: None,
            at: "2026-11-24T17:30:00Z".parse().unwrap(),
            site_id: "site-maple".into(),
            lock_id: Some("lock-front".into()),
            person_id: Some("person-sam".into()),
            code_id: Some("code-sam".into()),
            actor: None,
            names: Default::default(),
            kind,
        }
    }

    const FACTS: Facts = Facts {
        wrong: 5,
        earlier: 0,
        guest: true,
    };

    #[test]
    fn a_persons_code_used_at_the_keypad_fires_their_rule_only() {
        let opened = event(EventKind::Unlocked {
            method: Method::Keypad,
        });
        let sam = AlertTrigger::CodeUsed {
            person_id: "person-sam".into(),
        };
        let leo = AlertTrigger::CodeUsed {
            person_id: "person-leo".into(),
        };
        assert!(sam.fires(&opened, &FACTS));
        assert!(!leo.fires(&opened, &FACTS));
        let by_app = event(EventKind::Unlocked {
            method: Method::Remote,
        });
        assert!(!sam.fires(&by_app, &FACTS));
    }

    #[test]
    fn wrong_codes_fire_once_as_the_count_is_reached() {
        let wrong = event(EventKind::AccessDenied {
            reason: DeniedReason::WrongCode,
        });
        let rule = AlertTrigger::WrongCodes {
            count: 5,
            minutes: 10,
            lock_id: None,
        };
        assert!(rule.fires(&wrong, &FACTS));
        assert!(!rule.fires(&wrong, &Facts { wrong: 4, ..FACTS }));
        assert!(!rule.fires(&wrong, &Facts { wrong: 6, ..FACTS }));
        let elsewhere = AlertTrigger::WrongCodes {
            count: 5,
            minutes: 10,
            lock_id: Some("lock-back".into()),
        };
        assert!(!elsewhere.fires(&wrong, &FACTS));
    }

    #[test]
    fn a_guest_code_fires_on_its_first_use_only() {
        let opened = event(EventKind::Unlocked {
            method: Method::Keypad,
        });
        let rule = AlertTrigger::FirstUseOfGuestCode;
        assert!(rule.fires(&opened, &FACTS));
        assert!(!rule.fires(
            &opened,
            &Facts {
                earlier: 1,
                ..FACTS
            }
        ));
        assert!(!rule.fires(
            &opened,
            &Facts {
                guest: false,
                ..FACTS
            }
        ));
    }

    #[test]
    fn lock_health_and_code_changes_fire_their_rules() {
        assert!(AlertTrigger::Jammed.fires(&event(EventKind::Jammed), &FACTS));
        assert!(!AlertTrigger::Jammed.fires(&event(EventKind::LockOffline), &FACTS));
        assert!(AlertTrigger::CodeChanged.fires(&event(EventKind::CodeDeleted), &FACTS));
        assert!(
            AlertTrigger::LowBattery.fires(&event(EventKind::BatteryLow { percent: 9 }), &FACTS)
        );
        assert!(AlertTrigger::DoorWithoutCodes.fires(&event(EventKind::CodeDeleted), &FACTS));
    }

    #[test]
    fn a_code_left_on_a_lock_fires_only_for_a_failed_removal() {
        use crate::{event::SyncChange, sync::SyncFailure};
        let failed = |change| EventKind::SyncFailed {
            reason: SyncFailure::LockOffline,
            change,
        };
        assert!(AlertTrigger::CodeStuckOnLock.fires(&event(failed(SyncChange::Remove)), &FACTS));
        assert!(!AlertTrigger::CodeStuckOnLock.fires(&event(failed(SyncChange::Set)), &FACTS));
        assert!(!AlertTrigger::CodeStuckOnLock.fires(&event(EventKind::LockOffline), &FACTS));
    }
}
