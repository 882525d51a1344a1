//! The lock driver boundary: what any lock integration does (write and clear a
//! PIN slot, read the slots, lock, unlock, ping) and what a lock reports back.
//! The simulator is one driver; Z-Wave JS and Seam come next. Nothing here knows
//! the store: the reconciler calls drivers outside any transaction, and reports
//! reach the hub through [`ReportSink`].

pub mod reconcile;
pub mod reports;
pub mod sim;
pub mod sync_rows;

use std::{
    collections::BTreeMap,
    sync::{Arc, RwLock},
};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use latchkey_core::{
    event::Method,
    keypad::KeypadLockout,
    lock::{LockCapabilities, LockState},
    pin::Pin,
    schedule::Schedule,
    sync::SyncFailure,
};

use crate::error::ApiResult;

/// A lock's own id within its driver (a Z-Wave node, a Seam device id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceRef(pub String);

impl DeviceRef {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A numbered code slot on a lock (1-based, as locks count them).
pub type Slot = u16;

/// What to write into one slot.
#[derive(Debug, Clone)]
pub struct SlotWrite {
    pub slot: Slot,
    pub pin: Pin,
    /// Only for locks that keep schedules themselves: the code's schedule and
    /// its uses so far, judged at the lock's local time in `time_zone`.
    pub schedule: Option<LockSchedule>,
}

/// A schedule as a lock that keeps schedules holds it.
#[derive(Debug, Clone)]
pub struct LockSchedule {
    pub schedule: Schedule,
    pub uses: u32,
    pub time_zone: String,
}

/// What reading a lock's slots found in one slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotReading {
    pub slot: Slot,
    /// The PIN, where the lock reads PINs back.
    pub pin: Option<Pin>,
}

/// Why a driver call did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriverError {
    /// The lock cannot be reached now (offline, out of radio or phone range).
    Unreachable(String),
    /// The lock answered and refused.
    Refused(SyncFailure),
    /// The lock's bolt is stuck: commands cannot move it.
    Jammed,
    /// Anything else, in words.
    Failed(String),
}

impl std::fmt::Display for DriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DriverError::Unreachable(why) => write!(f, "unreachable: {why}"),
            DriverError::Refused(failure) => write!(f, "refused: {failure}"),
            DriverError::Jammed => f.write_str("jammed"),
            DriverError::Failed(why) => f.write_str(why),
        }
    }
}

pub type DriverResult<T> = Result<T, DriverError>;

/// What any lock integration does. Every method may take radio time; the
/// reconciler calls them outside any database transaction, one call at a time
/// per lock, and never lets one lock's slowness delay another.
#[async_trait]
pub trait LockDriver: Send + Sync {
    /// The driver's name as stored with each of its locks (`sim`, `zwave_js`…).
    fn name(&self) -> &'static str;
    /// What the lock can do.
    async fn capabilities(&self, lock: &DeviceRef) -> DriverResult<LockCapabilities>;
    /// Puts a PIN into a slot (replacing what the slot held).
    async fn put_pin(&self, lock: &DeviceRef, write: &SlotWrite) -> DriverResult<()>;
    /// Empties a slot.
    async fn clear_slot(&self, lock: &DeviceRef, slot: Slot) -> DriverResult<()>;
    /// The slots holding a code, as far as the lock can tell.
    async fn read_slots(&self, lock: &DeviceRef) -> DriverResult<Vec<SlotReading>>;
    /// Throws the bolt; the lock's report says when it did.
    async fn lock(&self, lock: &DeviceRef) -> DriverResult<()>;
    /// Withdraws the bolt; the lock's report says when it did.
    async fn unlock(&self, lock: &DeviceRef) -> DriverResult<()>;
    /// Whether the lock answers.
    async fn ping(&self, lock: &DeviceRef) -> DriverResult<()>;
    /// Sets how many wrong entries lock the keypad, and for how long.
    async fn set_keypad_lockout(&self, lock: &DeviceRef, rule: KeypadLockout) -> DriverResult<()>;
}

/// Something a lock reported on its own.
#[derive(Debug, Clone)]
pub enum DeviceReport {
    /// A PIN opened the door; the lock names the slot.
    KeypadOpened {
        slot: Slot,
    },
    /// An entry was refused. `slot` when the PIN is in a slot whose schedule
    /// refused it; `digits` when the lock reports what was typed.
    KeypadRefused {
        slot: Option<Slot>,
        digits: Option<Pin>,
        /// The keypad was locked out: the entry was not even looked at.
        keypad_locked: bool,
        /// This entry was one wrong code too many: the keypad ignores entries until then.
        locks_keypad_until: Option<DateTime<Utc>>,
    },
    /// Too many wrong entries: the keypad ignores entries until then.
    KeypadLockedOut {
        until: DateTime<Utc>,
    },
    /// The bolt moved (by hand, by command, by itself).
    Bolt {
        state: LockState,
        method: Method,
    },
    Jammed,
    /// The bolt was freed; it rests locked.
    Unjammed,
    Battery {
        percent: u8,
    },
    /// New batteries (or a new reading after a reset of the gauge).
    BatteryReplaced {
        percent: u8,
    },
    /// The lock can (or can no longer) be reached.
    Reachable {
        online: bool,
        in_range: bool,
    },
    DoorOpen(bool),
    /// Someone programmed a code at the keypad itself.
    SlotProgrammedAtKeypad {
        slot: Slot,
        pin: Option<Pin>,
    },
    /// The lock forgot every code.
    FactoryReset,
}

/// Where a driver delivers its locks' reports: the hub, which turns them into
/// lock states and events. Returns what the report meant, for the simulation
/// API that waits for it.
pub trait ReportSink: Send + Sync {
    fn report(
        &self,
        driver: &str,
        lock: &DeviceRef,
        report: DeviceReport,
    ) -> ApiResult<ReportOutcome>;
}

/// What the hub made of a report.
#[derive(Debug, Clone, Default)]
pub struct ReportOutcome {
    /// The refusal reason the hub found for a keypad entry.
    pub denied: Option<latchkey_core::event::DeniedReason>,
    /// The found code the hub stored for a code programmed at the keypad.
    pub found: Option<latchkey_core::code::UnknownCode>,
}

/// The drivers the server runs, by name. Integrations can be added while the
/// server runs; every holder of a clone sees them.
#[derive(Clone, Default)]
pub struct Drivers(Arc<RwLock<BTreeMap<&'static str, Arc<dyn LockDriver>>>>);

impl Drivers {
    pub fn add(&self, driver: Arc<dyn LockDriver>) {
        if let Ok(mut drivers) = self.0.write() {
            drivers.insert(driver.name(), driver);
        }
    }

    pub fn get(&self, name: &str) -> Option<Arc<dyn LockDriver>> {
        self.0.read().ok()?.get(name).cloned()
    }
}

/// Tells a lock the keypad lockout it should keep: its own, or its site's.
/// Called after the change is saved; a lock that cannot be reached keeps its
/// old rule until the next change (the failure is logged).
pub async fn push_keypad_lockout(state: &crate::AppState, lock: &crate::records::LockRow) {
    let rule = state
        .db
        .read(|conn| crate::records::load_site(conn, &lock.lock.site_id))
        .map(|(site, _)| lock.lock.lockout_rule(site.policy.keypad_lockout));
    let Some(driver) = state.drivers.get(&lock.driver) else {
        return;
    };
    let answer = match rule {
        Ok(rule) => driver
            .set_keypad_lockout(&DeviceRef(lock.device_ref.clone()), rule)
            .await
            .map_err(|err| err.to_string()),
        Err(err) => Err(err.body.message),
    };
    if let Err(err) = answer {
        tracing::warn!(lock = %lock.lock.id, error = %err, "keypad lockout not set on the lock");
    }
}
