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
