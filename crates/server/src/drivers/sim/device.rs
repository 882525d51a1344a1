//! A simulated lock as the device itself knows it, kept in the simulator's own
//! table (`sim_devices`): its slots, bolt, battery, radio and keypad. Nothing of
//! the hub's (people, schedules the lock was not given) is in here.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use latchkey_core::{
    keypad::KeypadLockout,
    lock::{LockState, PinLengthRange, Radio},
    schedule::Schedule,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{
    db::{from_json, to_json},
    drivers::{DeviceRef, Slot},
    error::{ApiError, ApiResult},
};

/// One simulated lock.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimDevice {
    pub radio: Radio,
    pub slot_count: u16,
    pub pin_length: PinLengthRange,
    /// The lock keeps each code's schedule itself.
    pub keeps_schedules: bool,
    /// Connected to its hub, Wi-Fi or bridge.
    pub online: bool,
    /// A Bluetooth lock hears changes only while a phone is near.
    pub phone_in_range: bool,
    /// Locked, unlocked or jammed, as the bolt is.
    pub bolt: LockState,
    pub door_open: bool,
    /// Charge with fractions, drained a little by each operation.
    pub battery: f64,
    pub keypad_lockout: KeypadLockout,
    /// Wrong entries in a row since the last success or lockout.
    pub consecutive_wrong: u32,
    pub keypad_locked_until: Option<DateTime<Utc>>,
    /// Real time (ms) when the lock locks itself again after a keypad unlock.
    pub auto_lock_due_ms: Option<i64>,
    pub slots: BTreeMap<Slot, SimSlot>,
}

/// What one slot holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimSlot {
    pub pin: String,
    /// For a lock that keeps schedules: the code's schedule, its uses so far
    /// and the zone the lock judges it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<SlotSchedule>,
}

/// A schedule as the lock holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SlotSchedule {
    pub schedule: Schedule,
    pub uses: u32,
    pub time_zone: String,
}

impl SimDevice {
    /// A new, healthy, locked device.
    pub fn new(
        radio: Radio,
        slot_count: u16,
        pin_length: PinLengthRange,
        keeps_schedules: bool,
    ) -> SimDevice {
        SimDevice {
            radio,
            slot_count,
            pin_length,
            keeps_schedules,
            online: true,
            phone_in_range: false,
            bolt: LockState::Locked,
            door_open: false,
            battery: 100.0,
            keypad_lockout: KeypadLockout {
                wrong_codes: 5,
                lockout_seconds: 60,
            },
            consecutive_wrong: 0,
            keypad_locked_until: None,
            auto_lock_due_ms: None,
            slots: BTreeMap::new(),
        }
    }

    /// Whether the lock hears the hub now.
    pub fn reachable(&self) -> bool {
        self.online && (self.radio != Radio::Bluetooth || self.phone_in_range)
    }

    /// The charge as the lock reports it.
    pub fn battery_percent(&self) -> u8 {
        self.battery.round().clamp(0.0, 100.0) as u8
    }

    /// The slot holding `pin`, if any.
    pub fn slot_of(&self, pin: &str) -> Option<Slot> {
        self.slots
            .iter()
            .find(|(_, s)| s.pin == pin)
            .map(|(slot, _)| *slot)
    }

    /// The lowest empty slot.
    pub fn empty_slot(&self) -> Option<Slot> {
        (1..=self.slot_count).find(|slot| !self.slots.contains_key(slot))
    }
}

pub fn load(conn: &Connection, device: &DeviceRef) -> ApiResult<SimDevice> {
    let data: Option<String> = conn
        .query_row(
            "SELECT data FROM sim_devices WHERE device_ref = ?1",
            [device.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    from_json(&data.ok_or_else(|| ApiError::not_found("simulated lock"))?)
}

pub fn save(conn: &Connection, device: &DeviceRef, sim: &SimDevice) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO sim_devices (device_ref, data) VALUES (?1, ?2)
         ON CONFLICT(device_ref) DO UPDATE SET data = excluded.data",
        params![device.as_str(), to_json(sim)?],
    )?;
    Ok(())
}

/// Every simulated device, by reference.
pub fn all(conn: &Connection) -> ApiResult<Vec<(DeviceRef, SimDevice)>> {
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT device_ref, data FROM sim_devices ORDER BY device_ref")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(device, data)| Ok((DeviceRef(device), from_json(&data)?)))
        .collect()
}

/// Devices whose auto-lock is due by `ms`.
pub fn auto_lock_due(conn: &Connection, ms: i64) -> ApiResult<Vec<DeviceRef>> {
    let ids = conn
        .prepare_cached(
            "SELECT device_ref FROM sim_devices WHERE json_extract(data, '$.auto_lock_due_ms') <= ?1",
        )?
        .query_map([ms], |r| Ok(DeviceRef(r.get(0)?)))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}
