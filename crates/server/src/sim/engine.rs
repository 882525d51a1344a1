//! The simulator's heartbeat: every tick it moves due code changes one step
//! (pending → setting → set, removing → gone, or failed with a reason) and
//! completes due lock commands, recording events as locks report back.

use std::{collections::BTreeSet, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use latchkey_core::{
    event::{EventKind, Method, SyncChange},
    ids::{CodeId, LockId, PersonId},
    lock::{LockCommand, LockState, Radio},
    sync::{SyncFailure, SyncStatus},
};
use rusqlite::params;

use crate::{
    AppState,
    code_sync::{now_ms, refresh_lock_counts, set_status, system_event},
    db::Write,
    error::ApiResult,
    records::{LockRow, load_lock, save_lock, wire_name},
};

/// How often the simulator looks for due work.
const TICK: Duration = Duration::from_millis(100);
/// Most rows moved in one tick, so one tick never holds the store for long.
const ROWS_PER_TICK: i64 = 500;
/// Battery drained by one lock or unlock.
const DRAIN_PER_COMMAND: f64 = 0.2;
/// Battery drained by writing or removing one code.
const DRAIN_PER_CODE_WRITE: f64 = 0.05;

/// Ticks between two prunings of old events (about a minute).
const PRUNE_EVERY_TICKS: u64 = 600;

/// Runs the simulator until the server stops.
pub async fn run(state: Arc<AppState>) {
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    for count in 0u64.. {
        interval.tick().await;
        if let Err(err) = tick(&state) {
            tracing::warn!(message = %err.body.message, "simulator tick failed");
        }
        if count % PRUNE_EVERY_TICKS == 0
            && let Err(err) = prune_events(&state)
        {
            tracing::warn!(message = %err.body.message, "pruning events failed");
        }
    }
}

/// Keeps only the newest `event_retention` events. A stream client asking to
/// resume from a pruned id gets a `reset` event.
pub fn prune_events(state: &AppState) -> ApiResult<usize> {
    let keep = state.sim.event_retention.max(1);
    state.db.write(|w| {
        Ok(w.execute(
            "DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?1",
            [keep],
        )?)
    })
}

/// One step of the simulation.
pub fn tick(state: &AppState) -> ApiResult<()> {
    let now = state.clock.now();
    let ms = now_ms();
    state.db.write(|w| {
        let mut touched = BTreeSet::new();
        for row in due_sync_rows(w, ms)? {
            touched.insert(row.lock_id.clone());
            step_code_change(state, w, &row, ms, now)?;
        }
        for lock in touched {
            refresh_lock_counts(w, &lock, now)?;
        }
        for lock in due_lock_commands(w, ms)? {
            complete_lock_command(state, w, &lock, ms, now)?;
        }
        Ok(())
    })
}

struct DueRow {
    code_id: CodeId,
    lock_id: LockId,
    wanted: bool,
    status: String,
    pending_since: i64,
}

fn due_sync_rows(w: &Write<'_>, ms: i64) -> ApiResult<Vec<DueRow>> {
    let mut statement = w.prepare(
        "SELECT code_id, lock_id, wanted, status, pending_since FROM code_locks
         WHERE status IN ('pending', 'setting', 'removing') AND due_at <= ?1 ORDER BY due_at LIMIT ?2",
    )?;
    let rows = statement
        .query_map(params![ms, ROWS_PER_TICK], |r| {
            Ok(DueRow {
                code_id: CodeId(r.get(0)?),
                lock_id: LockId(r.get(1)?),
                wanted: r.get(2)?,
                status: r.get(3)?,
                pending_since: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Whether the lock can hear the backend right now.
fn reachable(lock: &LockRow) -> bool {
    lock.lock.online
        && (lock.lock.capabilities.radio != Radio::Bluetooth || lock.sim.phone_in_range)
}

fn step_code_change(
    state: &AppState,
    w: &mut Write<'_>,
    row: &DueRow,
    ms: i64,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut lock = load_lock(w, &row.lock_id)?;
    let config = &state.sim;
    if !reachable(&lock) {
        let bluetooth = lock.lock.capabilities.radio == Radio::Bluetooth;
        let timed_out = !bluetooth && ms - row.pending_since >= config.offline_timeout_ms;
        if timed_out {
            return fail(w, row, &lock, SyncFailure::LockOffline, now);
        }
        // Wait: going online or a phone coming in range makes the row due again.
        let next = if bluetooth {
            i64::MAX
        } else {
            row.pending_since + config.offline_timeout_ms
        };
        let status: SyncStatus = if row.wanted {
            SyncStatus::Pending
        } else {
            SyncStatus::Removing
        };
        return set_status(w, &row.code_id, &row.lock_id, status, None, next, now);
    }
    match (row.status.as_str(), row.wanted) {
        ("pending", true) => {
            let due = ms + state.lock_operation_ms(lock.lock.capabilities.radio);
            set_status(
                w,
                &row.code_id,
                &row.lock_id,
                SyncStatus::Setting,
                None,
                due,
                now,
            )
        }
        ("setting", true) => {
            if let Some(failure) = refusal(w, row, &lock)? {
                return fail(w, row, &lock, failure, now);
            }
            if state.faults.get().lock_fails() {
                return fail(w, row, &lock, SyncFailure::RejectedByLock, now);
            }
            set_status(
                w,
                &row.code_id,
                &row.lock_id,
                SyncStatus::Set,
                None,
                i64::MAX,
                now,
            )?;
            drain(w, &mut lock, DRAIN_PER_CODE_WRITE, now)?;
            succeed(w, row, &lock, now)
        }
        ("removing", false) => {
            w.execute(
                "DELETE FROM code_locks WHERE code_id = ?1 AND lock_id = ?2",
                params![row.code_id.as_str(), row.lock_id.as_str()],
            )?;
            drain(w, &mut lock, DRAIN_PER_CODE_WRITE, now)?;
            succeed(w, row, &lock, now)
        }
        // A row left in a state it should not be in: start it over.
        _ => set_status(
            w,
            &row.code_id,
            &row.lock_id,
            if row.wanted {
                SyncStatus::Pending
            } else {
                SyncStatus::Removing
            },
            None,
            ms,
            now,
        ),
    }
}

/// Why the lock would refuse to store this code, if it would.
fn refusal(w: &Write<'_>, row: &DueRow, lock: &LockRow) -> ApiResult<Option<SyncFailure>> {
    let pin: String = w.query_row(
        "SELECT pin FROM codes WHERE id = ?1",
        [row.code_id.as_str()],
        |r| r.get(0),
    )?;
    if !lock.lock.capabilities.pin_length.contains(pin.len()) {
        return Ok(Some(SyncFailure::RejectedByLock));
    }
    let duplicate: bool = w.query_row(
        "SELECT EXISTS (SELECT 1 FROM unknown_codes WHERE lock_id = ?1 AND pin = ?2)",
        params![row.lock_id.as_str(), pin],
        |r| r.get(0),
    )?;
    if duplicate {
        return Ok(Some(SyncFailure::DuplicateOnDevice));
    }
    let held: u32 = w.query_row(
        "SELECT (SELECT COUNT(*) FROM code_locks WHERE lock_id = ?1 AND status IN ('set', 'removing'))
              + (SELECT COUNT(*) FROM unknown_codes WHERE lock_id = ?1)",
        [row.lock_id.as_str()],
        |r| r.get(0),
    )?;
    if held >= u32::from(lock.lock.capabilities.slots) {
        return Ok(Some(SyncFailure::NoFreeSlot));
    }
    Ok(None)
}

/// Whether the row puts its code on the lock or takes it off.
fn change_of(row: &DueRow) -> SyncChange {
    if row.wanted {
        SyncChange::Set
    } else {
        SyncChange::Remove
    }
}

fn person_of(w: &Write<'_>, code: &CodeId) -> ApiResult<PersonId> {
    Ok(PersonId(w.query_row(
        "SELECT person_id FROM codes WHERE id = ?1",
        [code.as_str()],
        |r| r.get(0),
    )?))
}

fn fail(
    w: &mut Write<'_>,
    row: &DueRow,
    lock: &LockRow,
    failure: SyncFailure,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    set_status(
        w,
        &row.code_id,
        &row.lock_id,
        SyncStatus::Failed,
        Some(&wire_name(&failure)),
        i64::MAX,
        now,
    )?;
    let mut event = system_event(
        &lock.lock.site_id,
        EventKind::SyncFailed {
            reason: failure,
            change: change_of(row),
        },
        now,
    );
    event.lock_id = Some(row.lock_id.clone());
    event.code_id = Some(row.code_id.clone());
    event.person_id = Some(person_of(w, &row.code_id)?);
    w.record(event)?;
    Ok(())
}

fn succeed(w: &mut Write<'_>, row: &DueRow, lock: &LockRow, now: DateTime<Utc>) -> ApiResult<()> {
    let kind = EventKind::SyncSucceeded {
        change: change_of(row),
    };
    let mut event = system_event(&lock.lock.site_id, kind, now);
    event.lock_id = Some(row.lock_id.clone());
    event.code_id = Some(row.code_id.clone());
    event.person_id = Some(person_of(w, &row.code_id)?);
    w.record(event)?;
    Ok(())
}

/// Drains the battery and reports crossing the low mark once.
pub fn drain(
    w: &mut Write<'_>,
    lock: &mut LockRow,
    amount: f64,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    lock.sim.battery = (lock.sim.battery - amount).max(0.0);
    let low = lock.sim.battery <= f64::from(latchkey_core::lock::Lock::LOW_BATTERY_PERCENT);
    if low && !lock.sim.battery_low_reported {
        lock.sim.battery_low_reported = true;
        let mut event = system_event(
            &lock.lock.site_id,
            EventKind::BatteryLow {
                percent: lock.sim.battery.round() as u8,
            },
            now,
        );
        event.lock_id = Some(lock.lock.id.clone());
        w.record(event)?;
    }
    save_lock(w, lock, now)
}

fn due_lock_commands(w: &Write<'_>, ms: i64) -> ApiResult<Vec<LockId>> {
    let mut statement = w.prepare(
        "SELECT id FROM locks WHERE json_extract(sim, '$.command_due_ms') <= ?1
            OR json_extract(sim, '$.auto_lock_due_ms') <= ?1",
    )?;
    let ids = statement
        .query_map([ms], |r| Ok(LockId(r.get(0)?)))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

fn complete_lock_command(
    state: &AppState,
    w: &mut Write<'_>,
    id: &LockId,
    ms: i64,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut lock = load_lock(w, id)?;
    if lock.sim.command_due_ms.is_some_and(|due| due <= ms) {
        lock.sim.command_due_ms = None;
        if let Some(command) = lock.lock.pending_command.take() {
            if lock.lock.state == LockState::Jammed || !lock.lock.online {
                // The command is lost: the door reports jammed or stopped answering.
                save_lock(w, &mut lock, now)?;
            } else if state.faults.get().lock_fails() {
                // An injected failure: the bolt sticks halfway and the lock says so.
                jam_bolt(w, &mut lock, now)?;
            } else {
                finish_bolt(w, &mut lock, command, Method::Remote, now)?;
            }
        } else {
            save_lock(w, &mut lock, now)?;
        }
    }
    if lock.sim.auto_lock_due_ms.is_some_and(|due| due <= ms) {
        lock.sim.auto_lock_due_ms = None;
        if lock.lock.state == LockState::Unlocked
            && lock.lock.online
            && lock.lock.pending_command.is_none()
        {
            finish_bolt(w, &mut lock, LockCommand::Lock, Method::Auto, now)?;
        } else {
            save_lock(w, &mut lock, now)?;
        }
    }
    Ok(())
}

/// The bolt is stuck: the lock reports jammed, and any command on its way is lost.
pub fn jam_bolt(w: &mut Write<'_>, lock: &mut LockRow, now: DateTime<Utc>) -> ApiResult<()> {
    lock.lock.state = LockState::Jammed;
    lock.lock.pending_command = None;
    lock.sim.command_due_ms = None;
    lock.sim.command_by = None;
    let mut event = system_event(&lock.lock.site_id, EventKind::Jammed, now);
    event.lock_id = Some(lock.lock.id.clone());
    w.record(event)?;
    save_lock(w, lock, now)
}

/// Throws or withdraws the bolt and reports it.
pub fn finish_bolt(
    w: &mut Write<'_>,
    lock: &mut LockRow,
    command: LockCommand,
    method: Method,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    lock.lock.state = match command {
        LockCommand::Lock => LockState::Locked,
        LockCommand::Unlock => LockState::Unlocked,
    };
    let kind = match command {
        LockCommand::Lock => EventKind::Locked { method },
        LockCommand::Unlock => EventKind::Unlocked { method },
    };
    let mut event = system_event(&lock.lock.site_id, kind, now);
    event.lock_id = Some(lock.lock.id.clone());
    if let Some(actor) = lock.sim.command_by.take() {
        event.actor = Some(actor);
    }
    w.record(event)?;
    drain(w, lock, DRAIN_PER_COMMAND, now)
}
