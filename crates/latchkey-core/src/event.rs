//! Events: what happened, for the activity feed, alerts and the event stream.
//! An event never carries a PIN.

mod wire;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    ids::{AccountId, AlertId, AlertRuleId, CodeId, LockId, PersonId, SiteId},
    schedule::DenyReason,
    sync::SyncFailure,
};

/// One thing that happened. `id`s increase: the event stream resumes from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: u64,
    pub at: DateTime<Utc>,
    /// `at` as the wall clock read at the site (its own time zone), set by the backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-11-24T12:30:00"))]
    pub local_at: Option<chrono::NaiveDateTime>,
    pub site_id: SiteId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_id: Option<LockId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<PersonId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_id: Option<CodeId>,
    /// Who caused it, where someone did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// What the door, person and code were called when it happened: history
    /// keeps these names after a rename or a removal.
    #[serde(default, skip_serializing_if = "RecordedNames::is_empty")]
    pub names: RecordedNames,
    pub kind: EventKind,
}

/// The names an event's ids had when it was recorded, set by the backend.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedNames {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub door: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The person has been deleted since (told when the event is read), so
    /// there is no page to link to.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub person_deleted: bool,
}

impl RecordedNames {
    pub fn is_empty(&self) -> bool {
        *self == RecordedNames::default()
    }
}

/// What a sync event was about: putting a code on a lock, or taking it off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncChange {
    #[default]
    Set,
    Remove,
}

/// Who caused an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Read through a flat form (see `wire`); written as serde's tagged enum.
#[serde(
    tag = "type",
    rename_all = "snake_case",
    try_from = "crate::event::wire::ActorWire"
)]
pub enum Actor {
    /// Someone signed in to the dashboard.
    Account { id: AccountId, name: String },
    /// A person at the door (by their code).
    Person { id: PersonId, name: String },
    /// The backend itself (the simulator, a schedule, a timeout).
    System,
}

/// How a lock was locked or unlocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Keypad,
    Manual,
    Remote,
    Auto,
}

/// Why a keypad entry was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeniedReason {
    WrongCode,
    OutsideSchedule,
    Paused,
    Expired,
    UseLimitReached,
    KeypadLockedOut,
}

impl From<DenyReason> for DeniedReason {
    /// How a schedule's refusal reads in the activity feed.
    fn from(reason: DenyReason) -> Self {
        match reason {
            DenyReason::NotStarted | DenyReason::OutsideWindows | DenyReason::ExceptionDate => {
                DeniedReason::OutsideSchedule
            }
            DenyReason::Ended => DeniedReason::Expired,
            DenyReason::UseLimitReached => DeniedReason::UseLimitReached,
        }
    }
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Read through a flat form (see `wire`); written as serde's tagged enum.
#[serde(
    tag = "type",
    rename_all = "snake_case",
    try_from = "crate::event::wire::EventKindWire"
)]
pub enum EventKind {
    Locked {
        method: Method,
    },
    Unlocked {
        method: Method,
    },
    AccessDenied {
        reason: DeniedReason,
    },
    KeypadLockout {
        until: DateTime<Utc>,
    },
    CodeCreated,
    CodeChanged,
    CodeDeleted,
    CodeRevealed,
    SyncSucceeded {
        change: SyncChange,
    },
    SyncFailed {
        reason: SyncFailure,
        change: SyncChange,
    },
    LockOffline,
    LockOnline,
    BatteryLow {
        percent: u8,
    },
    Jammed,
    /// The lock was reset to factory settings and forgot its codes; every code
    /// that belongs on it is being sent again.
    FactoryReset,
    PersonPaused,
    PersonResumed,
    /// An alert rule matched the event `cause` (the alert is in the inbox too).
    AlertFired {
        alert_id: AlertId,
        rule_id: AlertRuleId,
        rule_name: String,
        /// What happened, in words ("Sam (dog walker) unlocked Front door with the keypad").
        message: String,
        cause: u64,
    },
}

impl EventKind {
    /// The kind's name as used in filters (`?kind=access_denied`).
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Locked { .. } => "locked",
            EventKind::Unlocked { .. } => "unlocked",
            EventKind::AccessDenied { .. } => "access_denied",
            EventKind::KeypadLockout { .. } => "keypad_lockout",
            EventKind::CodeCreated => "code_created",
            EventKind::CodeChanged => "code_changed",
            EventKind::CodeDeleted => "code_deleted",
            EventKind::CodeRevealed => "code_revealed",
            EventKind::SyncSucceeded { .. } => "sync_succeeded",
            EventKind::SyncFailed { .. } => "sync_failed",
            EventKind::LockOffline => "lock_offline",
            EventKind::LockOnline => "lock_online",
            EventKind::BatteryLow { .. } => "battery_low",
            EventKind::Jammed => "jammed",
            EventKind::FactoryReset => "factory_reset",
            EventKind::PersonPaused => "person_paused",
            EventKind::PersonResumed => "person_resumed",
            EventKind::AlertFired { .. } => "alert_fired",
        }
    }
}
