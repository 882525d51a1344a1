//! People who may enter, and how their status follows from their codes.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    ids::{PersonId, SiteId},
    schedule::Schedule,
};

/// Someone who may enter: a family member, a resident, the dog walker…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub id: PersonId,
    pub site_id: SiteId,
    pub name: String,
    pub kind: PersonKind,
    /// Optional, for sharing a code by text message.
    pub phone: Option<String>,
    /// Optional, for sharing a code by e-mail.
    pub email: Option<String>,
    pub status: PersonStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /sites/{id}/people`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    pub name: String,
    pub kind: PersonKind,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// Body of `PATCH /people/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PersonKind>,
    /// `""` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// `""` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A person as the People list shows them: their codes, doors and sync health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonOverview {
    pub person: Person,
    /// Live codes the person holds.
    pub codes: u32,
    /// Distinct doors those codes are on.
    pub doors: u32,
    /// (code, door) pairs that failed to reach their lock.
    pub failed: u32,
    /// (code, door) pairs still on their way to the lock.
    pub pending: u32,
}

/// What a person is to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonKind {
    Owner,
    Family,
    Resident,
    Staff,
    Guest,
    Contractor,
    Delivery,
}

/// Whether a person can get in at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonStatus {
    /// At least one code works now or will work again.
    Active,
    /// Codes are off everywhere until resumed.
    Paused,
    /// No code has started yet.
    Upcoming,
    /// Every code has ended.
    Expired,
}

/// A person's status at site-local time `now`, from whether they are paused and
/// the schedules (with use counts) of their codes.
///
/// A person without codes is `Active`: nothing about them has ended.
pub fn person_status<'a>(
    paused: bool,
    codes: impl IntoIterator<Item = (&'a Schedule, u32)>,
    now: NaiveDateTime,
) -> PersonStatus {
    if paused {
        return PersonStatus::Paused;
    }
    let (mut any, mut all_upcoming, mut all_over) = (false, true, true);
    for (schedule, uses) in codes {
        any = true;
        let upcoming = schedule.starts_at.is_some_and(|start| now < start);
        let over = schedule.is_over(now, uses);
        all_upcoming &= upcoming;
        all_over &= over;
    }
    match (any, all_upcoming, all_over) {
        (false, _, _) => PersonStatus::Active,
        (true, true, _) => PersonStatus::Upcoming,
        (true, _, true) => PersonStatus::Expired,
        _ => PersonStatus::Active,
    }
}
