//! Sync state: for every (code, door) pair, whether the lock really has what the
//! dashboard wants.

use chrono::{DateTime, Utc};
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
