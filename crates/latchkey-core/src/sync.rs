//! Sync state: for every (code, door) pair, whether the lock really has what the
//! dashboard wants.

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{CodeId, LockId};

/// Where one code stands on one door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncState {
    pub code_id: CodeId,
    pub lock_id: LockId,
    pub status: SyncStatus,
    /// Set when `status` is `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<SyncFailure>,
    pub updated_at: DateTime<Utc>,
    /// The lock's slot the code uses, once it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<u16>,
    /// Whether the lock holds the code right now. A lock that cannot keep
    /// schedules holds it only during its windows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_lock: Option<bool>,
    /// While on the lock: when the backend clears it (the window's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_lock_until: Option<DateTime<Utc>>,
    /// While off the lock between windows: when the backend writes it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_on_lock_at: Option<DateTime<Utc>>,
    /// Still on the lock although its window ended then: the lock did not
    /// answer the clear. A problem, and an alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue_since: Option<DateTime<Utc>>,
    /// `on_lock_until` on the site's wall clock, set by the backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-12-08T06:00:00"))]
    pub on_lock_until_local: Option<NaiveDateTime>,
    /// `next_on_lock_at` on the site's wall clock, set by the backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-12-14T21:59:00"))]
    pub next_on_lock_at_local: Option<NaiveDateTime>,
    /// `overdue_since` on the site's wall clock, set by the backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-12-08T14:00:00"))]
    pub overdue_since_local: Option<NaiveDateTime>,
}

impl SyncState {
    /// On a lock that cannot keep schedules: whether the code is on it now and
    /// until when, in the site's time ("On the lock until Tue 06:00"); a code
    /// its lock did not let go of says so. `None` where times do not apply.
    pub fn on_lock_words(&self, door: &str) -> Option<String> {
        if let Some(since) = self.overdue_since_local {
            return Some(format!(
                "Still on {door} since {}: the lock is unreachable",
                day_and_time(since)
            ));
        }
        match self.on_lock {
            Some(true) => self
                .on_lock_until_local
                .map(|until| format!("On the lock until {}", day_and_time(until))),
            Some(false) => self
                .next_on_lock_at_local
                .map(|next| format!("Off the lock until {}", day_and_time(next))),
            None => None,
        }
    }
}

/// "Tue 06:00".
fn day_and_time(at: NaiveDateTime) -> String {
    format!(
        "{} {:02}:{:02}",
        crate::schedule::short_day(at.weekday()),
        at.hour(),
        at.minute()
    )
}

/// The life of a code on a lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncStatus {
    /// Waiting for the lock (e.g. a Bluetooth lock with no phone in range).
    Pending,
    /// Being written to the lock.
    Setting,
    /// The lock has the code as wanted.
    Set,
    /// Being removed from the lock.
    Removing,
    /// Gone from the lock, as wanted.
    Removed,
    /// The lock did not take the change; see the failure.
    Failed,
}

impl SyncStatus {
    /// True while the lock does not yet match what the dashboard wants.
    pub fn is_in_flight(self) -> bool {
        matches!(
            self,
            SyncStatus::Pending | SyncStatus::Setting | SyncStatus::Removing
        )
    }
}

/// Why a lock did not take a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncFailure {
    /// The lock already holds this PIN in another slot.
    DuplicateOnDevice,
    /// Every slot on the lock is taken.
    NoFreeSlot,
    /// The lock stayed offline past the timeout.
    LockOffline,
    /// The lock refused the code.
    RejectedByLock,
}

impl std::fmt::Display for SyncFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SyncFailure::DuplicateOnDevice => "The lock already has this PIN in another slot.",
            SyncFailure::NoFreeSlot => "The lock is full: remove a code from it, then retry.",
            SyncFailure::LockOffline => {
                "The lock is offline: check its power and connection, then retry."
            }
            SyncFailure::RejectedByLock => {
                "The lock refused the code. Retry, or choose another PIN."
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn state(on_lock: Option<bool>) -> SyncState {
        SyncState {
            code_id: CodeId::from("code"),
            lock_id: LockId::from("lock"),
            status: SyncStatus::Set,
            failure: None,
            updated_at: DateTime::UNIX_EPOCH,
            slot: Some(3),
            on_lock,
            on_lock_until: None,
            next_on_lock_at: None,
            overdue_since: None,
            on_lock_until_local: None,
            next_on_lock_at_local: None,
            overdue_since_local: None,
        }
    }

    fn tuesday(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 8)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    #[test]
    fn a_lock_without_schedules_says_until_when_the_code_is_on_or_off_it() {
        let on = SyncState {
            on_lock_until_local: Some(tuesday(6, 0)),
            ..state(Some(true))
        };
        assert_eq!(
            on.on_lock_words("Lobby").as_deref(),
            Some("On the lock until Tue 06:00")
        );
        let off = SyncState {
            next_on_lock_at_local: Some(tuesday(21, 59)),
            ..state(Some(false))
        };
        assert_eq!(
            off.on_lock_words("Lobby").as_deref(),
            Some("Off the lock until Tue 21:59")
        );
        let stuck = SyncState {
            overdue_since_local: Some(tuesday(14, 0)),
            ..on
        };
        assert_eq!(
            stuck.on_lock_words("Back door").as_deref(),
            Some("Still on Back door since Tue 14:00: the lock is unreachable")
        );
        // A lock that keeps schedules itself has no times to tell.
        assert_eq!(state(Some(true)).on_lock_words("Front door"), None);
    }
}
