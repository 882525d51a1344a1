//! Alert rules: what should notify someone, and how.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{AlertRuleId, LockId, PersonId, SiteId};

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
