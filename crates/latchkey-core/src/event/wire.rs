//! How an event's `kind` and `actor` are read from JSON: through a flat form
//! holding every field any variant has, then checked by variant.
//!
//! The JSON is exactly what serde's internally tagged enums write (`{"type":
//! "unlocked", "method": "keypad"}`); only reading goes this way. serde's own
//! reader for tagged enums buffers the object and builds a reader per variant,
//! which cost the app's first wasm about 30 kB before compression; this one is
//! a single struct reader.

use chrono::{DateTime, Utc};
use serde::{Deserialize, de::IntoDeserializer};

use super::{Actor, EventKind, Method, SyncChange};
use crate::ids::{AccountId, AlertId, AlertRuleId, PersonId};

/// Every field an [`EventKind`] variant can have, each optional.
#[derive(Deserialize)]
pub struct EventKindWire {
    #[serde(rename = "type")]
    kind: String,
    method: Option<Method>,
    /// A `DeniedReason` or a `SyncFailure`, by the kind.
    reason: Option<String>,
    until: Option<DateTime<Utc>>,
    percent: Option<u8>,
    alert_id: Option<AlertId>,
    rule_id: Option<AlertRuleId>,
    rule_name: Option<String>,
    message: Option<String>,
    cause: Option<u64>,
    /// Absent in sync events stored before it existed: those were all puts.
    change: Option<SyncChange>,
}

/// Every field an [`Actor`] variant can have, each optional.
#[derive(Deserialize)]
pub struct ActorWire {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
    name: Option<String>,
}

/// The field, or the error serde itself would give for its absence.
fn required<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

/// A unit enum (`DeniedReason`, `SyncFailure`) from its snake_case name.
fn named<'de, T: Deserialize<'de>>(value: Option<String>, field: &str) -> Result<T, String> {
    let name = required(value, field)?;
    T::deserialize(name.into_deserializer()).map_err(|e: serde::de::value::Error| e.to_string())
}

fn unknown(kind: &str) -> String {
    format!("unknown variant `{kind}`")
}

impl TryFrom<EventKindWire> for EventKind {
    type Error = String;

    fn try_from(wire: EventKindWire) -> Result<Self, String> {
        Ok(match wire.kind.as_str() {
            "locked" => EventKind::Locked {
                method: required(wire.method, "method")?,
            },
            "unlocked" => EventKind::Unlocked {
                method: required(wire.method, "method")?,
            },
            "access_denied" => EventKind::AccessDenied {
                reason: named(wire.reason, "reason")?,
            },
            "keypad_lockout" => EventKind::KeypadLockout {
                until: required(wire.until, "until")?,
            },
            "code_created" => EventKind::CodeCreated,
            "code_changed" => EventKind::CodeChanged,
            "code_deleted" => EventKind::CodeDeleted,
            "code_revealed" => EventKind::CodeRevealed,
            "sync_succeeded" => EventKind::SyncSucceeded {
                change: wire.change.unwrap_or_default(),
            },
            "sync_failed" => EventKind::SyncFailed {
                reason: named(wire.reason, "reason")?,
                change: wire.change.unwrap_or_default(),
            },
            "lock_offline" => EventKind::LockOffline,
            "lock_online" => EventKind::LockOnline,
            "battery_low" => EventKind::BatteryLow {
                percent: required(wire.percent, "percent")?,
            },
            "jammed" => EventKind::Jammed,
            "factory_reset" => EventKind::FactoryReset,
            "person_paused" => EventKind::PersonPaused,
            "person_resumed" => EventKind::PersonResumed,
            "alert_fired" => EventKind::AlertFired {
                alert_id: required(wire.alert_id, "alert_id")?,
                rule_id: required(wire.rule_id, "rule_id")?,
                rule_name: required(wire.rule_name, "rule_name")?,
                message: required(wire.message, "message")?,
                cause: required(wire.cause, "cause")?,
            },
            other => return Err(unknown(other)),
        })
    }
}

impl TryFrom<ActorWire> for Actor {
    type Error = String;

    fn try_from(wire: ActorWire) -> Result<Self, String> {
        Ok(match wire.kind.as_str() {
            "account" => Actor::Account {
                id: AccountId(required(wire.id, "id")?),
                name: required(wire.name, "name")?,
            },
            "person" => Actor::Person {
                id: PersonId(required(wire.id, "id")?),
                name: required(wire.name, "name")?,
            },
            "system" => Actor::System,
            other => return Err(unknown(other)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{event::DeniedReason, sync::SyncFailure};

    /// Every variant, written by serde's derive and read back through the wire form.
    #[test]
    fn every_kind_and_actor_reads_back_as_written() {
        let kinds = [
            EventKind::Locked {
                method: Method::Auto,
            },
            EventKind::Unlocked {
                method: Method::Keypad,
            },
            EventKind::AccessDenied {
                reason: DeniedReason::UseLimitReached,
            },
            EventKind::KeypadLockout {
                until: "2026-11-24T17:31:05Z".parse().unwrap(),
            },
            EventKind::CodeCreated,
            EventKind::CodeChanged,
            EventKind::CodeDeleted,
            EventKind::CodeRevealed,
            EventKind::SyncSucceeded {
                change: SyncChange::Set,
            },
            EventKind::SyncSucceeded {
                change: SyncChange::Remove,
            },
            EventKind::SyncFailed {
                reason: SyncFailure::NoFreeSlot,
                change: SyncChange::Remove,
            },
            EventKind::LockOffline,
            EventKind::LockOnline,
            EventKind::BatteryLow { percent: 18 },
            EventKind::Jammed,
            EventKind::FactoryReset,
            EventKind::PersonPaused,
            EventKind::PersonResumed,
            EventKind::AlertFired {
                alert_id: AlertId::from("alert-1"),
                rule_id: AlertRuleId::from("rule-1"),
                rule_name: "Back door at night".into(),
                message: "Back door unlocked".into(),
                cause: 1041,
            },
        ];
        for kind in kinds {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(
                serde_json::from_str::<EventKind>(&json).unwrap(),
                kind,
                "{json}"
            );
            // And the name filters use is the one on the wire.
            assert!(
                json.starts_with(&format!(r#"{{"type":"{}""#, kind.name())),
                "{json}"
            );
        }
        let actors = [
            Actor::Account {
                id: AccountId::from("acct-alex"),
                name: "Alex".into(),
            },
            Actor::Person {
                id: PersonId::from("person-sam"),
                name: "Sam".into(),
            },
            Actor::System,
        ];
        for actor in actors {
            let json = serde_json::to_string(&actor).unwrap();
            assert_eq!(
                serde_json::from_str::<Actor>(&json).unwrap(),
                actor,
                "{json}"
            );
        }
    }

    #[test]
    fn a_wrong_or_incomplete_kind_is_refused_with_serde_s_words() {
        let error = |json: &str| {
            serde_json::from_str::<EventKind>(json)
                .unwrap_err()
                .to_string()
        };
        assert!(error(r#"{"type":"locked"}"#).contains("missing field `method`"));
        assert!(error(r#"{"type":"teleported"}"#).contains("unknown variant `teleported`"));
        assert!(
            error(r#"{"type":"access_denied","reason":"bad_luck"}"#)
                .contains("unknown variant `bad_luck`")
        );
        assert!(error(r#"{"method":"keypad"}"#).contains("missing field `type`"));
        assert!(serde_json::from_str::<Actor>(r#"{"type":"person","name":"Sam"}"#).is_err());
        // Fields a kind does not have are ignored, as before.
        let kind: EventKind =
            serde_json::from_str(r#"{"type":"jammed","method":"keypad"}"#).unwrap();
        assert_eq!(kind, EventKind::Jammed);
    }
}
