//! Locks (doors): their state, health and capabilities.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    event::EventKind,
    ids::{LockId, SiteId},
    keypad::KeypadLockout,
};

/// A door with a smart lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lock {
    pub id: LockId,
    pub site_id: SiteId,
    pub name: String,
    pub state: LockState,
    pub online: bool,
    /// Battery charge, 0–100.
    pub battery_percent: u8,
    pub door: DoorPosition,
    /// Set while the keypad ignores entries after too many wrong codes.
    pub keypad_locked_until: Option<DateTime<Utc>>,
    pub capabilities: LockCapabilities,
    /// How many of the lock's code slots hold a code.
    pub slots_used: u16,
    /// Code changes the dashboard wants that the lock does not have yet.
    pub pending_changes: u32,
    /// A lock or unlock command sent to the lock and not yet confirmed by it.
    #[serde(default)]
    pub pending_command: Option<LockCommand>,
    /// This lock's own keypad lockout; `None` follows the site's code policy.
    #[serde(default)]
    pub keypad_lockout: Option<KeypadLockout>,
    pub updated_at: DateTime<Utc>,
}

impl Lock {
    /// Code slots still free on this lock.
    pub fn free_slots(&self) -> u16 {
        self.capabilities.slots.saturating_sub(self.slots_used)
    }

    /// What a change pending on this lock waits for, in words.
    pub fn pending_wait(&self) -> String {
        if !self.online {
            format!("Waits for {} to come back online.", self.name)
        } else if self.capabilities.radio == Radio::Bluetooth {
            format!("Waits for a phone near {} (Bluetooth).", self.name)
        } else {
            format!("Waits for {} to answer.", self.name)
        }
    }

    /// Why a new code cannot go on this lock now, if it cannot: every slot is
    /// taken (`already_on`: the doors the code is on, which need no new slot).
    pub fn room_problem(&self, already_on: &[LockId]) -> Option<String> {
        (self.free_slots() == 0 && !already_on.contains(&self.id)).then(|| {
            format!(
                "{} is full ({} of {} codes). Remove a code from it, or leave it out.",
                self.name, self.slots_used, self.capabilities.slots
            )
        })
    }

    /// Battery at or below this level is reported as low.
    pub const LOW_BATTERY_PERCENT: u8 = 20;

    /// True when the battery needs changing soon.
    pub fn battery_low(&self) -> bool {
        self.battery_percent <= Self::LOW_BATTERY_PERCENT
    }

    /// The lockout this lock applies: its own, or the site's.
    pub fn lockout_rule(&self, site_policy: KeypadLockout) -> KeypadLockout {
        self.keypad_lockout.unwrap_or(site_policy)
    }

    /// True when the keypad is locked out at `now`.
    pub fn keypad_locked_out(&self, now: DateTime<Utc>) -> bool {
        self.keypad_locked_until.is_some_and(|until| until > now)
    }
}

/// Whether the bolt is thrown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LockState {
    Locked,
    Unlocked,
    /// The bolt is stuck part-way; the door may not be secure.
    Jammed,
    /// The lock has not reported its state (e.g. offline).
    Unknown,
}

/// What the dashboard can ask a lock to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LockCommand {
    Lock,
    Unlock,
}

/// What happened to one door in "Lock all".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockAllResult {
    pub lock_id: LockId,
    pub name: String,
    pub outcome: LockAllOutcome,
}

/// One door's outcome in "Lock all": the command went out, or why it did not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LockAllOutcome {
    /// The lock command was sent; the lock confirms through the event stream.
    Locking,
    AlreadyLocked,
    /// Offline: the command cannot reach the lock.
    Offline,
    /// A Bluetooth lock with no phone in range to pass the command on.
    OutOfPhoneRange,
    /// Jammed: the bolt is stuck and needs a hand.
    Jammed,
}

impl LockAllOutcome {
    /// What "Lock all" does with this door: `Locking` when the lock command is
    /// to be sent, otherwise why not. `phone_in_range` says whether a phone can
    /// pass a command on to a Bluetooth lock (other radios do not need one). A
    /// door that is locked says so whatever its radio; one that is offline or
    /// jammed cannot be judged locked.
    pub fn for_door(lock: &Lock, phone_in_range: bool) -> Self {
        if !lock.online {
            LockAllOutcome::Offline
        } else if lock.state == LockState::Jammed {
            LockAllOutcome::Jammed
        } else if lock.state == LockState::Locked
            && lock.pending_command != Some(LockCommand::Unlock)
        {
            LockAllOutcome::AlreadyLocked
        } else if lock.capabilities.radio == Radio::Bluetooth && !phone_in_range {
            LockAllOutcome::OutOfPhoneRange
        } else {
            LockAllOutcome::Locking
        }
    }

    /// True when the door was left unlocked (or may be): someone has to see to it.
    pub fn left_unlocked(self) -> bool {
        !matches!(
            self,
            LockAllOutcome::Locking | LockAllOutcome::AlreadyLocked
        )
    }
}

/// How a door that "Lock all" sent the lock command to ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockingEnd {
    /// The lock confirmed: the bolt is thrown.
    Locked,
    /// The bolt stuck on the way.
    Jammed,
    /// The lock stopped answering before it confirmed.
    Offline,
    /// The lock is unlocked again (at the keypad, by hand or remotely).
    Unlocked,
}

impl LockingEnd {
    /// Judged from the lock as it reports now; `None` while the command is still on its way.
    pub fn of(lock: &Lock) -> Option<Self> {
        if lock.state == LockState::Jammed {
            Some(LockingEnd::Jammed)
        } else if !lock.online {
            Some(LockingEnd::Offline)
        } else if lock.pending_command == Some(LockCommand::Lock) {
            None
        } else if lock.state == LockState::Locked {
            Some(LockingEnd::Locked)
        } else {
            Some(LockingEnd::Unlocked)
        }
    }

    /// What an event about the door says of it; `None` when it says nothing of the bolt.
    pub fn after(kind: &EventKind) -> Option<Self> {
        match kind {
            EventKind::Locked { .. } => Some(LockingEnd::Locked),
            EventKind::Unlocked { .. } => Some(LockingEnd::Unlocked),
            EventKind::Jammed => Some(LockingEnd::Jammed),
            EventKind::LockOffline => Some(LockingEnd::Offline),
            _ => None,
        }
    }
}

/// Something about a door that needs a person, most pressing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DoorProblem {
    /// The bolt is stuck.
    Jammed,
    /// The lock does not answer.
    Offline,
    /// The keypad ignores entries after too many wrong codes.
    KeypadLockedOut,
    /// The battery needs changing soon ([`Lock::battery_low`]).
    LowBattery,
    /// Code changes the lock does not have yet.
    CodesWaiting,
}

impl DoorProblem {
    /// Every problem, most pressing first (the order of "problems first").
    pub const ALL: [DoorProblem; 5] = [
        DoorProblem::Jammed,
        DoorProblem::Offline,
        DoorProblem::KeypadLockedOut,
        DoorProblem::LowBattery,
        DoorProblem::CodesWaiting,
    ];

    /// The problem's name in filters (`?problem=low_battery`).
    pub fn name(self) -> &'static str {
        match self {
            DoorProblem::Jammed => "jammed",
            DoorProblem::Offline => "offline",
            DoorProblem::KeypadLockedOut => "keypad_locked_out",
            DoorProblem::LowBattery => "low_battery",
            DoorProblem::CodesWaiting => "codes_waiting",
        }
    }

    /// The problem of this name, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        DoorProblem::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl Lock {
    /// True when the door has this problem at `now`.
    pub fn has_problem(&self, problem: DoorProblem, now: DateTime<Utc>) -> bool {
        match problem {
            DoorProblem::Jammed => self.state == LockState::Jammed,
            DoorProblem::Offline => !self.online,
            DoorProblem::KeypadLockedOut => self.keypad_locked_out(now),
            DoorProblem::LowBattery => self.battery_low(),
            DoorProblem::CodesWaiting => self.pending_changes > 0,
        }
    }

    /// The door's place in "problems first": the position of its most pressing
    /// problem in [`DoorProblem::ALL`], or after them all when it has none.
    pub fn problem_rank(&self, now: DateTime<Utc>) -> usize {
        DoorProblem::ALL
            .iter()
            .position(|p| self.has_problem(*p, now))
            .unwrap_or(DoorProblem::ALL.len())
    }
}

/// Whether the door itself is open, where the lock has a door sensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DoorPosition {
    Open,
    Closed,
    /// No door sensor, or no report.
    Unknown,
}

/// What a lock can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockCapabilities {
    /// Shortest and longest PIN the keypad accepts.
    pub pin_length: PinLengthRange,
    /// How many codes the lock can hold.
    pub slots: u16,
    pub radio: Radio,
    /// The lock keeps a code's schedule itself. Otherwise the backend writes the
    /// code when each window starts and clears it when the window ends.
    #[serde(default)]
    pub keeps_schedules: bool,
    /// The lock can tell which PIN a slot holds (most only say a slot is taken).
    #[serde(default)]
    pub reads_back_pins: bool,
    /// The lock reports the digits of a refused entry, so the backend can say why.
    #[serde(default)]
    pub reports_wrong_digits: bool,
}

/// An inclusive range of PIN lengths, e.g. 4 to 8 digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PinLengthRange {
    pub min: u8,
    pub max: u8,
}

impl PinLengthRange {
    /// True when a PIN of `len` digits fits this lock.
    pub fn contains(&self, len: usize) -> bool {
        (usize::from(self.min)..=usize::from(self.max)).contains(&len)
    }
}

/// How the lock hears about changes. A Bluetooth lock only receives changes
/// when a phone comes in range, so its changes stay pending until then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Radio {
    Wifi,
    Zwave,
    Bluetooth,
}
