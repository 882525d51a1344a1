//! Sites (a home or a property) and their code policy.

use serde::{Deserialize, Serialize};

use crate::{ids::SiteId, lock::LockState, refs::DoorRef};

/// A home or a property: the place whose doors share one code policy and one time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Site {
    pub id: SiteId,
    pub name: String,
    /// IANA time-zone name, e.g. `"Europe/Paris"`. Every schedule at this site is in this zone.
    pub time_zone: String,
    pub policy: CodePolicy,
}

/// The rules a site sets for its PIN codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodePolicy {
    /// PIN lengths this site allows, e.g. `[4, 6]` (six digits may have to be enabled).
    pub pin_lengths: Vec<u8>,
    /// Whether people may pick their own PIN; otherwise PINs are generated.
    pub custom_pins: bool,
    /// Whether a PIN may be shown again after it was created.
    pub reveal: RevealPolicy,
    /// What a keypad does after too many wrong codes.
    pub keypad_lockout: crate::keypad::KeypadLockout,
}

impl Default for CodePolicy {
    fn default() -> Self {
        Self {
            pin_lengths: vec![4, 6],
            custom_pins: true,
            reveal: RevealPolicy::Admins,
            keypad_lockout: crate::keypad::KeypadLockout::default(),
        }
    }
}

/// Whether a PIN can be revealed after creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RevealPolicy {
    /// Never: once created, a PIN cannot be shown again, only replaced.
    Never,
    /// Admins may reveal one PIN at a time; each reveal is recorded as an event.
    Admins,
}

/// A site's doors at a glance: counts by state and the doors that need attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteSummary {
    pub site_id: SiteId,
    pub name: String,
    pub doors: u32,
    pub locked: u32,
    pub unlocked: u32,
    pub jammed: u32,
    pub unknown: u32,
    pub offline: u32,
    pub low_battery: u32,
    /// Doors with code changes the lock does not have yet.
    pub pending: u32,
    /// Up to five doors that are not locked, offline or low on battery, in name order.
    pub attention: Vec<DoorAttention>,
}

/// One door that needs attention, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoorAttention {
    pub door: DoorRef,
    pub state: LockState,
    pub online: bool,
    pub battery_low: bool,
}

/// A site's local time, for forms that work in it (a browser app may carry no
/// time-zone data, and the backend's clock may be simulated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteTime {
    pub site_id: SiteId,
    pub time_zone: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24T12:30:00"))]
    pub local_now: chrono::NaiveDateTime,
}
