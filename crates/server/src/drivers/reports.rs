//! The hub's side of the device reports: what a lock said (a keypad entry in a
//! slot, a bolt moving, a jam, its battery, losing its connection, a code
//! programmed at the keypad, a factory reset) becomes the lock's state and the
//! events the app shows. Refused entries are explained from what the hub knows
//! ("Sam's code, outside its hours") when the lock names the slot or the digits.

use chrono::{DateTime, Utc};
use latchkey_core::{
    code::UnknownCode,
    event::{Actor, DeniedReason, EventKind, Method},
    ids::{CodeId, UnknownCodeId},
    keypad::{EnteredCode, KeypadVerdict, judge_entry},
    lock::{Lock, LockState},
    pin::Pin,
};
use rusqlite::{OptionalExtension, params};

use crate::{
    clock::Clock,
    db::{Db, Write, new_id, to_json},
    drivers::{DeviceRef, DeviceReport, ReportOutcome, ReportSink, Slot, sync_rows},
    error::{ApiError, ApiResult},
    event_log::system_event,
    records::{
        CodeRow, LockRow, load_code, load_lock, load_person, load_site, lock_of_device, save_code,
        save_lock, site_local_now,
    },
};

/// Applies device reports to the store.
pub struct Hub {
    db: Db,
    clock: Clock,
}

impl Hub {
    pub fn new(db: Db, clock: Clock) -> Hub {
        Hub { db, clock }
    }
}

impl ReportSink for Hub {
    fn report(
        &self,
        driver: &str,
        device: &DeviceRef,
        report: DeviceReport,
    ) -> ApiResult<ReportOutcome> {
        let now = self.clock.now();
        self.db.write(|w| {
            let id = lock_of_device(w, driver, device.as_str())?
                .ok_or_else(|| ApiError::not_found("door"))?;
            let mut lock = load_lock(w, &id)?;
            let outcome = apply(w, &mut lock, report, now)?;
            sync_rows::refresh_lock_counts(w, &id, now)?;
            Ok(outcome)
        })
    }
}

fn apply(
    w: &mut Write<'_>,
    lock: &mut LockRow,
    report: DeviceReport,
    now: DateTime<Utc>,
) -> ApiResult<ReportOutcome> {
    let mut outcome = ReportOutcome::default();
    match report {
        DeviceReport::KeypadOpened { slot } => keypad_opened(w, lock, slot, now)?,
        DeviceReport::KeypadRefused {
            slot,
            digits,
            keypad_locked,
            locks_keypad_until,
        } => {
            if let Some(until) = locks_keypad_until {
                // The lock's state first: an alert about the entry says whether it locked the keypad.
                lock.lock.keypad_locked_until = Some(until);
                save_lock(w, lock, now)?;
            }
            outcome.denied = Some(keypad_refused(
                w,
                lock,
                slot,
                digits.as_ref(),
                keypad_locked,
                now,
            )?);
            if let Some(until) = locks_keypad_until {
                record(w, lock, EventKind::KeypadLockout { until }, now)?;
            }
        }
        DeviceReport::KeypadLockedOut { until } => {
            lock.lock.keypad_locked_until = Some(until);
            save_lock(w, lock, now)?;
            record(w, lock, EventKind::KeypadLockout { until }, now)?;
        }
        DeviceReport::Bolt { state, method } => {
            lock.lock.state = state;
            lock.lock.pending_command = None;
            let by = lock.command_by.take().filter(|_| method == Method::Remote);
            save_lock(w, lock, now)?;
            let kind = if state == LockState::Unlocked {
                EventKind::Unlocked { method }
            } else {
                EventKind::Locked { method }
            };
            let mut event = lock_event(lock, kind, now);
            if let Some(actor) = by {
                event.actor = Some(actor);
            }
            crate::event_log::record(w, event)?;
        }
        DeviceReport::Jammed => {
            lock.lock.state = LockState::Jammed;
            lock.lock.pending_command = None;
            lock.command_by = None;
            lock.command_due = None;
            record(w, lock, EventKind::Jammed, now)?;
            save_lock(w, lock, now)?;
        }
        DeviceReport::Unjammed => {
            if lock.lock.state == LockState::Jammed {
                lock.lock.state = LockState::Locked;
            }
            save_lock(w, lock, now)?;
        }
        DeviceReport::Battery { percent } => {
            let was_low = lock.lock.battery_percent <= Lock::LOW_BATTERY_PERCENT;
            lock.lock.battery_percent = percent.min(100);
            save_lock(w, lock, now)?;
            if percent <= Lock::LOW_BATTERY_PERCENT && !was_low {
                record(w, lock, EventKind::BatteryLow { percent }, now)?;
            }
        }
        DeviceReport::BatteryReplaced { percent } => {
            lock.lock.battery_percent = percent.min(100);
            save_lock(w, lock, now)?;
            if percent <= Lock::LOW_BATTERY_PERCENT {
                record(w, lock, EventKind::BatteryLow { percent }, now)?;
            }
        }
        DeviceReport::Reachable { online, in_range } => reachable(w, lock, online, in_range, now)?,
        DeviceReport::DoorOpen(open) => {
            lock.lock.door = if open {
                latchkey_core::lock::DoorPosition::Open
            } else {
                latchkey_core::lock::DoorPosition::Closed
            };
            save_lock(w, lock, now)?;
        }
        DeviceReport::SlotProgrammedAtKeypad { slot, pin } => {
            outcome.found = Some(found_code(w, lock, slot, pin.as_ref(), now)?);
        }
        DeviceReport::FactoryReset => {
            sync_rows::lock_forgot_everything(w, &lock.lock.id, now)?;
            lock.lock.keypad_locked_until = None;
            record(w, lock, EventKind::FactoryReset, now)?;
            save_lock(w, lock, now)?;
        }
    }
    Ok(outcome)
}

/// A PIN in `slot` opened the door: the code's person unlocked it, and the use counts.
fn keypad_opened(
    w: &mut Write<'_>,
    lock: &mut LockRow,
    slot: Slot,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut event = lock_event(
        lock,
        EventKind::Unlocked {
            method: Method::Keypad,
        },
        now,
    );
    if let Some(code_id) = sync_rows::code_in_slot(w, &lock.lock.id, slot)?
        && let Ok(mut code) = load_code(w, &code_id)
    {
        name_person(w, &mut event, &code)?;
        code.code.uses += 1;
        save_code(w, &mut code, now)?;
        if code.code.schedule.use_limit.is_some() {
            // A lock without schedules loses the code once its last use is gone.
            sync_rows::replan_code(w, &code.code.id, now)?;
        }
    }
    crate::event_log::record(w, event)?;
    lock.lock.state = LockState::Unlocked;
    lock.lock.pending_command = None;
    save_lock(w, lock, now)
}

/// A refused entry: why, by the hub's rules, where the lock says whose code it was.
fn keypad_refused(
    w: &mut Write<'_>,
    lock: &LockRow,
    slot: Option<Slot>,
    digits: Option<&Pin>,
    keypad_locked: bool,
    now: DateTime<Utc>,
) -> ApiResult<DeniedReason> {
    let (site, _) = load_site(w, &lock.lock.site_id)?;
    let code_id = match (slot, digits) {
        (Some(slot), _) => sync_rows::code_in_slot(w, &lock.lock.id, slot)?,
        (None, Some(pin)) => w
            .query_row(
                "SELECT id FROM codes WHERE site_id = ?1 AND pin = ?2 AND deleted = 0",
                params![site.id.as_str(), pin.reveal()],
                |r| Ok(CodeId(r.get(0)?)),
            )
            .optional()?,
        (None, None) => None,
    };
    let code = code_id.and_then(|id| load_code(w, &id).ok());
    let person = code
        .as_ref()
        .map(|c| load_person(w, &c.code.person_id))
        .transpose()?;
    let held_by_lock = match &code {
        Some(c) => sync_rows::holds(w, &c.code.id, &lock.lock.id)?,
        None => false,
    };
    let entered = code
        .as_ref()
        .zip(person.as_ref())
        .map(|(c, p)| EnteredCode {
            person_paused: p.paused,
            on_this_door: c.code.doors.contains(&lock.lock.id),
            held_by_lock,
            schedule: &c.code.schedule,
            uses: c.code.uses,
        });
    let reason = match judge_entry(keypad_locked, entered, site_local_now(&site, now)) {
        KeypadVerdict::Refused(reason) => reason,
        // The hub would let it in, but the lock said no: it does not have the code yet.
        KeypadVerdict::Opens => DeniedReason::WrongCode,
    };
    let mut event = lock_event(lock, EventKind::AccessDenied { reason }, now);
    if let Some(code) = &code {
        name_person(w, &mut event, code)?;
    }
    crate::event_log::record(w, event)?;
    Ok(reason)
}

/// The lock can (or can no longer) be reached: say so, and wake its waiting work.
fn reachable(
    w: &mut Write<'_>,
    lock: &mut LockRow,
    online: bool,
    in_range: bool,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let was_reachable = lock.lock.online && lock.in_range;
    if lock.lock.online != online {
        lock.lock.online = online;
        let kind = if online {
            EventKind::LockOnline
        } else {
            EventKind::LockOffline
        };
        record(w, lock, kind, now)?;
        if online && lock.lock.state == LockState::Unknown {
            lock.lock.state = LockState::Locked;
        } else if !online {
            lock.lock.state = LockState::Unknown;
        }
    }
    lock.in_range = in_range;
    if online && in_range && !was_reachable {
        sync_rows::wake_lock(w, &lock.lock.id)?;
    }
    save_lock(w, lock, now)
}

/// Stores a code someone programmed at the keypad: a found code to adopt or clear.
fn found_code(
    w: &Write<'_>,
    lock: &LockRow,
    slot: Slot,
    pin: Option<&Pin>,
    now: DateTime<Utc>,
) -> ApiResult<UnknownCode> {
    let found = UnknownCode {
        id: UnknownCodeId(new_id("found")),
        lock_id: lock.lock.id.clone(),
        slot,
        pin_length: pin.map(|p| p.len() as u8),
        found_at: now,
    };
    w.execute(
        "INSERT INTO unknown_codes (id, lock_id, pin, data) VALUES (?1, ?2, ?3, ?4)",
        params![
            found.id.as_str(),
            lock.lock.id.as_str(),
            pin.map(|p| p.reveal().to_owned()).unwrap_or_default(),
            to_json(&found)?
        ],
    )?;
    Ok(found)
}

/// Names the code's person on an event about it.
fn name_person(
    w: &Write<'_>,
    event: &mut latchkey_core::event::Event,
    code: &CodeRow,
) -> ApiResult<()> {
    let person = load_person(w, &code.code.person_id)?;
    event.code_id = Some(code.code.id.clone());
    event.person_id = Some(person.person.id.clone());
    event.actor = Some(Actor::Person {
        id: person.person.id.clone(),
        name: person.person.name.clone(),
    });
    Ok(())
}

fn lock_event(lock: &LockRow, kind: EventKind, now: DateTime<Utc>) -> latchkey_core::event::Event {
    let mut event = system_event(&lock.lock.site_id, kind, now);
    event.lock_id = Some(lock.lock.id.clone());
    event
}

fn record(w: &mut Write<'_>, lock: &LockRow, kind: EventKind, now: DateTime<Utc>) -> ApiResult<()> {
    crate::event_log::record(w, lock_event(lock, kind, now))?;
    Ok(())
}
