//! A PIN typed at a simulated lock's keypad, judged by what the lock holds: a
//! slot with that PIN opens the door (within the slot's own schedule, on a lock
//! that keeps schedules); anything else is a wrong entry, and too many in a row
//! lock the keypad out. The lock reports the slot or the digits to the hub,
//! which says why an entry was refused.

use chrono::{DateTime, Duration, Utc};
use latchkey_core::{event::DeniedReason, lock::LockState, pin::Pin, tz};
use serde::Serialize;

use crate::{
    drivers::{
        DeviceRef, DeviceReport, Slot,
        sim::{device::SimDevice, driver::Simulator},
        sync_rows::now_ms,
    },
    error::{ApiError, ApiResult},
};

/// What the keypad did with the entry.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct KeypadResult {
    pub opened: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<DeniedReason>,
    /// Set when this entry locked the keypad out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked_out_until: Option<DateTime<Utc>>,
}

/// What the lock itself decided.
enum Entry {
    Opened {
        slot: Slot,
    },
    Refused {
        slot: Option<Slot>,
        keypad_locked: bool,
        locks_until: Option<DateTime<Utc>>,
    },
}

/// Types `pin` at the device's keypad and reports it; answers with what the
/// hub made of it.
pub fn type_pin(sim: &Simulator, device: &DeviceRef, pin: &Pin) -> ApiResult<KeypadResult> {
    let now = sim.clock.now();
    let auto_lock_ms = sim.config.auto_lock_ms;
    let (entry, _, _) = sim.change(device, |d| {
        if !d.online {
            return Err(());
        }
        Ok(judge(d, pin, now, auto_lock_ms))
    })?;
    let entry = entry
        .map_err(|()| ApiError::conflict("The lock is offline: its keypad does not answer."))?;
    match entry {
        Entry::Opened { slot } => {
            sim.report(device, DeviceReport::KeypadOpened { slot })?;
            Ok(KeypadResult {
                opened: true,
                reason: None,
                locked_out_until: None,
            })
        }
        Entry::Refused {
            slot,
            keypad_locked,
            locks_until,
        } => {
            let digits = (!keypad_locked).then(|| pin.clone());
            let outcome = sim.report(
                device,
                DeviceReport::KeypadRefused {
                    slot,
                    digits,
                    keypad_locked,
                    locks_keypad_until: locks_until,
                },
            )?;
            Ok(KeypadResult {
                opened: false,
                reason: Some(outcome.denied.unwrap_or(DeniedReason::WrongCode)),
                locked_out_until: locks_until,
            })
        }
    }
}

fn judge(d: &mut SimDevice, pin: &Pin, now: DateTime<Utc>, auto_lock_ms: i64) -> Entry {
    if d.keypad_locked_until.is_some_and(|until| until > now) {
        return Entry::Refused {
            slot: None,
            keypad_locked: true,
            locks_until: None,
        };
    }
    if let Some(slot) = d.slot_of(pin.reveal()) {
        let held = d.slots.get_mut(&slot).expect("the slot holds the PIN");
        if let Some(own) = &mut held.schedule {
            let local = tz::parse_time_zone(&own.time_zone)
                .map(|zone| tz::to_local(now, zone))
                .unwrap_or_else(|_| now.naive_utc());
            if !own.schedule.allows(local, own.uses) {
                // The lock knows the code, and that it does not work now.
                return Entry::Refused {
                    slot: Some(slot),
                    keypad_locked: false,
                    locks_until: None,
                };
            }
            own.uses += 1;
        }
        d.consecutive_wrong = 0;
        d.bolt = LockState::Unlocked;
        if auto_lock_ms > 0 {
            d.auto_lock_due_ms = Some(now_ms() + auto_lock_ms);
        }
        return Entry::Opened { slot };
    }
    d.consecutive_wrong += 1;
    let mut locks_until = None;
    if d.keypad_lockout.is_reached(d.consecutive_wrong) {
        let until = now + Duration::seconds(i64::from(d.keypad_lockout.lockout_seconds));
        d.consecutive_wrong = 0;
        d.keypad_locked_until = Some(until);
        locks_until = Some(until);
    }
    Entry::Refused {
        slot: None,
        keypad_locked: false,
        locks_until,
    }
}
