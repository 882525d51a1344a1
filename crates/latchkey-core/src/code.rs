//! Access codes: a PIN owned by one person, on a chosen set of doors, with one
//! schedule; and the requests that create, change and reveal them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    ids::{CodeId, LockId, PersonId, SiteId, UnknownCodeId},
    pin::Pin,
    refs::PersonRef,
    schedule::{Schedule, SchedulePreset},
    sync::SyncState,
};

/// An access code as the API shows it. The PIN itself is never part of it:
/// it is only sent back by an explicit reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessCode {
    pub id: CodeId,
    pub site_id: SiteId,
    pub person_id: PersonId,
    /// What the code is for, e.g. "After school".
    pub name: String,
    pub doors: Vec<LockId>,
    pub schedule: Schedule,
    pub preset: SchedulePreset,
    /// The site's main code (the first code, for the owner).
    pub is_main: bool,
    /// Number of PIN digits, so the UI can draw the mask.
    pub pin_length: u8,
    /// Times the code opened a door (counts against the schedule's use limit).
    pub uses: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl AccessCode {
    /// How its uses read where it has a limit: "Used" for a one-time code that
    /// has been used, "2 of 5 uses" for one of N uses; `None` without a limit.
    pub fn uses_text(&self) -> Option<String> {
        match self.schedule.use_limit? {
            1 if self.uses >= 1 => Some("Used".to_owned()),
            1 => Some("Not used yet".to_owned()),
            limit if self.uses >= limit => Some(format!("Used up ({limit} of {limit} uses)")),
            limit => Some(format!("{} of {limit} uses", self.uses)),
        }
    }
}

/// How the PIN of a new or changed code is chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "choice", rename_all = "snake_case")]
pub enum PinChoice {
    /// The backend generates one of this length (or the shortest usable length).
    Generate { length: Option<u8> },
    /// The person typed this PIN (only where the site allows custom PINs).
    Custom { pin: Pin },
}

/// Body of `POST …/codes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAccessCode {
    pub person_id: PersonId,
    pub name: String,
    pub pin: PinChoice,
    pub doors: Vec<LockId>,
    pub schedule: Schedule,
    pub preset: SchedulePreset,
}

/// Body of `PATCH …/codes/{id}`: every field is optional and all given fields
/// change together, across every door, in one step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessCodeChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<PinChoice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doors: Option<Vec<LockId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<SchedulePreset>,
}

/// Answer to a reveal, the one response that carries a stored PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealedPin {
    pub code_id: CodeId,
    pub pin: Pin,
}

/// A code found on a lock that no one here created (set at the keypad or by another app).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnknownCode {
    pub id: UnknownCodeId,
    pub lock_id: LockId,
    /// The lock's slot number holding it.
    pub slot: u16,
    /// Number of digits, where the lock reports it (many locks cannot read PINs back).
    pub pin_length: Option<u8>,
    pub found_at: DateTime<Utc>,
}

/// Body of `POST …/unknown-codes/{id}/adopt`: give the found code to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdoptUnknownCode {
    pub person_id: PersonId,
    pub name: String,
}

/// How to share a code with its person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShareChannel {
    Sms,
    Email,
}

/// Body of `POST …/codes/{id}/share`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareRequest {
    pub channel: ShareChannel,
}

/// A code on one door, with its person and where it stands on that lock
/// (the door detail's list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoorCode {
    pub code_id: CodeId,
    pub code_name: String,
    pub person: PersonRef,
    pub schedule: Schedule,
    pub sync: SyncState,
}

/// Body of `POST /codes/check`: the PIN field's live check before anything is saved.
/// The PIN travels in the body, never in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PinCheck {
    pub site_id: SiteId,
    pub pin: String,
    pub doors: Vec<LockId>,
    /// The code being changed, which may keep its own PIN.
    #[serde(default)]
    pub code_id: Option<CodeId>,
}

/// One row of a site's people × doors grid: a code, whose it is, and where it
/// stands on each of its doors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeAccess {
    pub code: AccessCode,
    pub person: PersonRef,
    pub sync: Vec<SyncState>,
}
