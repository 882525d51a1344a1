//! The reconciler: makes every lock hold what the store wants it to hold. Each
//! round it finds the locks with due work and gives each its own worker, so a
//! slow or unreachable lock never delays another. A worker reads what is due in
//! one transaction, calls the lock's driver outside any transaction, and writes
//! the answer (and its events) in a second one. Unreachable locks keep their
//! work queued; refused writes fail with the lock's reason.

use std::{
    collections::{BTreeMap, HashSet},
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use chrono::{DateTime, Utc};
use latchkey_core::{
    event::{EventKind, SyncChange},
    ids::{LockId, PersonId},
    lock::{LockCommand, Radio},
    schedule::on_lock_plan,
    sync::{SyncFailure, SyncStatus},
    tz,
};
use tokio::task::JoinHandle;

use crate::{
    clock::Clock,
    db::{Db, Write},
    drivers::{
        DeviceRef, DriverError, Drivers, LockDriver, LockSchedule, Slot, SlotWrite,
        sync_rows::{self, DueRow, NEVER, now_ms},
    },
    error::{ApiError, ApiResult},
    event_log::system_event,
    records::{LockRow, load_code, load_lock, load_site, save_lock},
};

/// How often the reconciler looks for due work.
const TICK: Duration = Duration::from_millis(100);
/// Most rows taken in one round, so one round never holds the store for long.
const ROWS_PER_ROUND: usize = 5_000;
/// How long before a window starts its code is written to a lock that cannot
/// keep schedules, so it is there when the window opens.
const EDGE_LEAD: chrono::Duration = chrono::Duration::seconds(60);
/// Attempts after which an unexplained driver error becomes a failure.
const MAX_ATTEMPTS: u32 = 10;

/// How long the reconciler waits before trying a lock again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryTiming {
    /// The first wait after a driver error, in ms; it doubles with each attempt.
    pub first_backoff_ms: i64,
    /// The longest wait between two attempts, in ms.
    pub max_backoff_ms: i64,
    /// A change for an offline lock fails after this many ms.
    pub offline_timeout_ms: i64,
}

impl Default for RetryTiming {
    fn default() -> Self {
        RetryTiming {
            first_backoff_ms: 1_000,
            max_backoff_ms: 60_000,
            offline_timeout_ms: 60_000,
        }
    }
}

impl RetryTiming {
    /// Wait before attempt number `attempts` (1, 2, 4… times the first wait).
    fn backoff_ms(&self, attempts: u32) -> i64 {
        self.first_backoff_ms
            .saturating_mul(1_i64 << attempts.saturating_sub(1).min(16))
            .min(self.max_backoff_ms)
    }
}

/// Makes the locks match the store.
pub struct Reconciler {
    db: Db,
    clock: Clock,
    drivers: Drivers,
    timing: RetryTiming,
    /// Locks with a worker running: one call at a time per lock.
    busy: Mutex<HashSet<LockId>>,
    /// The clock's setting count last seen (see `Clock::changes`).
    clock_seen: AtomicU64,
}

/// What to do with the rest of a lock's rows after one step.
enum Next {
    Continue,
    /// The lock cannot be reached: leave its other rows for later.
    StopLock,
}

impl Reconciler {
    pub fn new(db: Db, clock: Clock, drivers: Drivers, timing: RetryTiming) -> Reconciler {
        Reconciler {
            db,
            clock,
            drivers,
            timing,
            busy: Mutex::new(HashSet::new()),
            clock_seen: AtomicU64::new(0),
        }
    }

    /// Runs until the server stops.
    pub async fn run(self: Arc<Self>) {
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(err) = self.dispatch() {
                tracing::warn!(message = %err.body.message, "reconciler round failed");
            }
        }
    }

    /// Rounds until nothing is due and no worker runs, for tests and benchmarks
    /// that crank the reconciler by hand. A lock still answering after
    /// `patience` is left to finish in the background. Returns how many rounds
    /// dispatched work.
    pub async fn settle(
        self: &Arc<Self>,
        max_rounds: usize,
        patience: Duration,
    ) -> ApiResult<usize> {
        let mut rounds = 0;
        let started = tokio::time::Instant::now();
        while rounds < max_rounds {
            let workers = self.dispatch()?;
            if workers.is_empty() {
                // Workers of earlier rounds may still be answering: wait for them
                // (within `patience`), as their answers may make more work due.
                let busy = !self
                    .busy
                    .lock()
                    .map_err(|_| ApiError::internal())?
                    .is_empty();
                if !busy || started.elapsed() >= patience {
                    return Ok(rounds);
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
            rounds += 1;
            let all = futures_util::future::join_all(workers);
            if tokio::time::timeout(patience, all).await.is_err() {
                return Ok(rounds);
            }
        }
        Ok(rounds)
    }

    /// One round: a worker for each lock that has due work and none running.
    pub fn dispatch(self: &Arc<Self>) -> ApiResult<Vec<JoinHandle<()>>> {
        let ms = now_ms();
        let now = self.clock.now();
        let clock_changes = self.clock.changes();
        if self.clock_seen.swap(clock_changes, Ordering::Relaxed) != clock_changes {
            // The clock was moved: every planned schedule edge is worked out again.
            self.db.write(|w| sync_rows::replan_edges(w, now))?;
        }
        let (rows, commands) = self.db.read(|conn| {
            Ok((
                sync_rows::due_rows(conn, ms, now, ROWS_PER_ROUND)?,
                due_commands(conn, ms)?,
            ))
        })?;
        let mut by_lock: BTreeMap<LockId, (bool, Vec<DueRow>)> = BTreeMap::new();
        for lock in commands {
            by_lock.entry(lock).or_default().0 = true;
        }
        for row in rows {
            by_lock.entry(row.lock_id.clone()).or_default().1.push(row);
        }
        let mut workers = Vec::new();
        let mut busy = self.busy.lock().map_err(|_| ApiError::internal())?;
        for (lock, (command, rows)) in by_lock {
            if !busy.insert(lock.clone()) {
                continue;
            }
            let this = self.clone();
            workers.push(tokio::spawn(async move {
                this.work_lock(&lock, command, rows).await;
                if let Ok(mut busy) = this.busy.lock() {
                    busy.remove(&lock);
                }
            }));
        }
        Ok(workers)
    }

    async fn work_lock(&self, lock: &LockId, command: bool, rows: Vec<DueRow>) {
        if command && let Err(err) = self.send_command(lock).await {
            tracing::warn!(lock = %lock, message = %err.body.message, "lock command failed");
        }
        for row in rows {
            match self.step(&row).await {
                Ok(Next::Continue) => {}
                Ok(Next::StopLock) => break,
                Err(err) => {
                    tracing::warn!(lock = %lock, message = %err.body.message, "sync step failed");
                    break;
                }
            }
        }
    }

    /// Moves one row: write or clear its slot, then record what the lock said.
    async fn step(&self, due: &DueRow) -> ApiResult<Next> {
        let now = self.clock.now();
        let planned = self.db.write(|w| {
            let plan = self.plan(w, due, now)?;
            if plan.as_ref().is_some_and(|p| p.call.is_none()) {
                // Settled without a call (waiting, or nothing to do): recount now.
                sync_rows::refresh_lock_counts(w, &due.lock_id, now)?;
            }
            Ok(plan)
        })?;
        let Some(plan) = planned else {
            return Ok(Next::Continue);
        };
        let Some(call) = &plan.call else {
            return Ok(Next::Continue);
        };
        let driver = self.driver(&plan.lock)?;
        let device = DeviceRef(plan.lock.device_ref.clone());
        let answer = match call {
            Call::Write(write) => driver.put_pin(&device, write).await,
            Call::Clear(slot) => driver.clear_slot(&device, *slot).await,
        };
        let now = self.clock.now();
        self.db
            .write(|w| self.record_answer(w, &plan, call, answer, now))
    }

    /// Reads what is due on one row and marks it in flight (the first transaction).
    fn plan(&self, w: &mut Write<'_>, due: &DueRow, now: DateTime<Utc>) -> ApiResult<Option<Plan>> {
        let Some(row) = sync_rows::still_due(w, due)? else {
            return Ok(None);
        };
        let lock = load_lock(w, &row.lock_id)?;
        let want_now = row.wanted && self.on_lock_now(w, &row, &lock, now)?;
        let plan = |call| {
            Ok(Some(Plan {
                row: row.clone(),
                lock: lock.clone(),
                call,
                want_now,
            }))
        };
        // Nothing to do: the lock already holds (or lacks) the code as it should now.
        if row.in_sync && want_now == row.held {
            return plan(None);
        }
        if !reachable(&lock) {
            self.wait_for_lock(w, &row, &lock, want_now, now)?;
            return plan(None);
        }
        if !want_now {
            let Some(slot) = row.slot.filter(|_| row.held) else {
                if row.wanted {
                    // Between two windows, and not on the lock: as it should be.
                    sync_rows::set_status(w, &row, SyncStatus::Set, None, NEVER, 0, now)?;
                } else {
                    // Nothing of it reached the lock: nothing to clear.
                    sync_rows::forget(w, &row.code_id, &row.lock_id)?;
                    succeed(w, &row, &lock, false, now)?;
                }
                return plan(None);
            };
            sync_rows::mark_in_flight(w, &row, false, Some(slot), now)?;
            return plan(Some(Call::Clear(slot)));
        }
        let slot = match row.slot {
            Some(slot) => Some(slot),
            None => sync_rows::free_slot(w, &row.lock_id, lock.lock.capabilities.slots)?,
        };
        let Some(slot) = slot else {
            fail(w, &row, &lock, SyncFailure::NoFreeSlot, true, now)?;
            return plan(None);
        };
        let code = load_code(w, &row.code_id)?;
        let schedule = if lock.lock.capabilities.keeps_schedules {
            let (site, _) = load_site(w, &lock.lock.site_id)?;
            Some(LockSchedule {
                schedule: code.code.schedule.clone(),
                uses: code.code.uses,
                time_zone: site.time_zone,
            })
        } else {
            None
        };
        sync_rows::mark_in_flight(w, &row, true, Some(slot), now)?;
        let write = SlotWrite {
            slot,
            pin: code.pin,
            schedule,
        };
        Ok(Some(Plan {
            row: DueRow {
                slot: Some(slot),
                ..row
            },
            lock,
            call: Some(Call::Write(write)),
            want_now,
        }))
    }

    /// Whether the code belongs on the lock right now. A lock that keeps
    /// schedules holds it all along; on one that cannot, it is there only
    /// during its windows (latchkey-core works out when), and the next edge is
    /// noted so the row is looked at again then.
    fn on_lock_now(
        &self,
        w: &Write<'_>,
        row: &DueRow,
        lock: &LockRow,
        now: DateTime<Utc>,
    ) -> ApiResult<bool> {
        if lock.lock.capabilities.keeps_schedules {
            return Ok(true);
        }
        let code = load_code(w, &row.code_id)?;
        let (site, _) = load_site(w, &lock.lock.site_id)?;
        // Sites' zones are checked when they are set; UTC only if one is not.
        let zone = tz::parse_time_zone(&site.time_zone)
            .or_else(|_| tz::parse_time_zone("UTC"))
            .map_err(|_| ApiError::internal())?;
        let on_lock = on_lock_plan(&code.code.schedule, code.code.uses, zone, now, EDGE_LEAD);
        sync_rows::set_edge(w, row, on_lock.next_change)?;
        Ok(on_lock.wanted_now)
    }

    /// Writes what the lock answered (the second transaction).
    fn record_answer(
        &self,
        w: &mut Write<'_>,
        plan: &Plan,
        call: &Call,
        answer: Result<(), DriverError>,
        now: DateTime<Utc>,
    ) -> ApiResult<Next> {
        let Plan {
            row,
            lock,
            want_now,
            ..
        } = plan;
        let writing = matches!(call, Call::Write(_));
        let current = sync_rows::same_generation(w, row)?;
        let next = match answer {
            Ok(()) => {
                sync_rows::set_held(w, &row.code_id, &row.lock_id, writing)?;
                if current {
                    sync_rows::set_overdue(w, row, None)?;
                    if writing || row.wanted {
                        // On the lock, or off it between two windows: as wanted now.
                        sync_rows::set_status(w, row, SyncStatus::Set, None, NEVER, 0, now)?;
                    } else {
                        sync_rows::forget(w, &row.code_id, &row.lock_id)?;
                    }
                    succeed(w, row, lock, writing, now)?;
                }
                Next::Continue
            }
            Err(DriverError::Refused(failure)) => {
                if current {
                    fail(w, row, lock, failure, writing, now)?;
                }
                Next::Continue
            }
            Err(DriverError::Unreachable(_)) => {
                let lock = load_lock(w, &row.lock_id)?;
                self.wait_for_lock(w, row, &lock, *want_now, now)?;
                Next::StopLock
            }
            Err(err @ (DriverError::Jammed | DriverError::Failed(_))) => {
                if current {
                    let attempts = row.attempts + 1;
                    if attempts >= MAX_ATTEMPTS {
                        tracing::warn!(lock = %row.lock_id, error = %err, "code change kept failing");
                        fail(w, row, lock, SyncFailure::RejectedByLock, writing, now)?;
                    } else {
                        let due = now_ms() + self.timing.backoff_ms(attempts);
                        sync_rows::set_status(
                            w,
                            row,
                            waiting_status(writing),
                            None,
                            due,
                            attempts,
                            now,
                        )?;
                    }
                }
                Next::Continue
            }
        };
        sync_rows::refresh_lock_counts(w, &row.lock_id, now)?;
        Ok(next)
    }

    /// The lock cannot hear us: keep the row queued, or fail it once an offline
    /// lock has been silent past the timeout. A Bluetooth lock waits for a phone.
    /// A code whose window has ended is never given up on: it stays queued to
    /// be cleared, and is reported as overdue once.
    fn wait_for_lock(
        &self,
        w: &mut Write<'_>,
        row: &DueRow,
        lock: &LockRow,
        want_now: bool,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let writing = want_now;
        let window_ended = row.wanted && !want_now && row.held;
        if window_ended && row.overdue_since.is_none() {
            let since = row.edge_at.filter(|edge| *edge <= now).unwrap_or(now);
            sync_rows::set_overdue(w, row, Some(since))?;
            let kind = EventKind::SyncFailed {
                reason: SyncFailure::LockOffline,
                change: SyncChange::Remove,
            };
            record_sync_event(w, row, lock, kind, now)?;
        }
        let bluetooth_waiting =
            lock.lock.online && lock.lock.capabilities.radio == Radio::Bluetooth;
        let timed_out = now_ms() - row.pending_since >= self.timing.offline_timeout_ms;
        if !bluetooth_waiting && !window_ended && timed_out {
            return fail(w, row, lock, SyncFailure::LockOffline, writing, now);
        }
        // Coming back (a report) makes the row due again at once.
        let next = if bluetooth_waiting {
            NEVER
        } else {
            // Waits grow with the silence (half of it, within the backoff bounds);
            // they are not attempts that count toward giving up.
            let silent = now_ms() - row.pending_since;
            let wait = (silent / 2).clamp(self.timing.first_backoff_ms, self.timing.max_backoff_ms);
            let retry = now_ms() + wait;
            if window_ended {
                retry
            } else {
                (row.pending_since + self.timing.offline_timeout_ms).min(retry)
            }
        };
        sync_rows::set_status(
            w,
            row,
            waiting_status(writing),
            None,
            next,
            row.attempts,
            now,
        )
    }

    /// Sends a lock's pending lock or unlock command.
    async fn send_command(&self, id: &LockId) -> ApiResult<()> {
        let now = self.clock.now();
        let taken = self.db.write(|w| {
            let mut lock = load_lock(w, id)?;
            lock.command_due = None;
            let command = lock.lock.pending_command;
            save_lock(w, &mut lock, now)?;
            Ok(command.map(|c| (c, lock)))
        })?;
        let Some((command, lock)) = taken else {
            return Ok(());
        };
        let driver = self.driver(&lock)?;
        let device = DeviceRef(lock.device_ref.clone());
        let answer = match command {
            LockCommand::Lock => driver.lock(&device).await,
            LockCommand::Unlock => driver.unlock(&device).await,
        };
        if let Err(err) = answer {
            // The command is lost: the door is jammed or stopped answering (its
            // own report says which). The door no longer shows it pending.
            tracing::info!(lock = %id, error = %err, "lock command not carried out");
            let now = self.clock.now();
            self.db.write(|w| {
                let mut lock = load_lock(w, id)?;
                if lock.lock.pending_command == Some(command) {
                    lock.lock.pending_command = None;
                    lock.command_by = None;
                    save_lock(w, &mut lock, now)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    fn driver(&self, lock: &LockRow) -> ApiResult<Arc<dyn LockDriver>> {
        self.drivers.get(&lock.driver).ok_or_else(|| {
            tracing::warn!(lock = %lock.lock.id, driver = %lock.driver, "no such driver");
            ApiError::internal()
        })
    }
}

/// What one step will ask of the lock.
struct Plan {
    row: DueRow,
    lock: LockRow,
    call: Option<Call>,
    /// Whether the code belongs on the lock now.
    want_now: bool,
}

enum Call {
    Write(SlotWrite),
    Clear(Slot),
}

/// Whether the backend believes it can reach the lock now.
pub fn reachable(lock: &LockRow) -> bool {
    lock.lock.online && lock.in_range
}

/// Pending for a code on its way to the lock, removing for one on its way off.
fn waiting_status(writing: bool) -> SyncStatus {
    if writing {
        SyncStatus::Pending
    } else {
        SyncStatus::Removing
    }
}

fn due_commands(conn: &rusqlite::Connection, ms: i64) -> ApiResult<Vec<LockId>> {
    let mut statement = conn.prepare_cached("SELECT id FROM locks WHERE command_due <= ?1")?;
    let ids = statement
        .query_map([ms], |r| Ok(LockId(r.get(0)?)))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

/// Whether a change puts its code on the lock or takes it off.
fn change_of(writing: bool) -> SyncChange {
    if writing {
        SyncChange::Set
    } else {
        SyncChange::Remove
    }
}

fn person_of(w: &Write<'_>, row: &DueRow) -> ApiResult<PersonId> {
    Ok(PersonId(w.query_row(
        "SELECT person_id FROM codes WHERE id = ?1",
        [row.code_id.as_str()],
        |r| r.get(0),
    )?))
}

fn fail(
    w: &mut Write<'_>,
    row: &DueRow,
    lock: &LockRow,
    failure: SyncFailure,
    writing: bool,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    sync_rows::set_status(
        w,
        row,
        SyncStatus::Failed,
        Some(failure),
        NEVER,
        row.attempts,
        now,
    )?;
    let kind = EventKind::SyncFailed {
        reason: failure,
        change: change_of(writing),
    };
    record_sync_event(w, row, lock, kind, now)
}

fn succeed(
    w: &mut Write<'_>,
    row: &DueRow,
    lock: &LockRow,
    writing: bool,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let kind = EventKind::SyncSucceeded {
        change: change_of(writing),
    };
    record_sync_event(w, row, lock, kind, now)
}

fn record_sync_event(
    w: &mut Write<'_>,
    row: &DueRow,
    lock: &LockRow,
    kind: EventKind,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut event = system_event(&lock.lock.site_id, kind, now);
    event.lock_id = Some(row.lock_id.clone());
    event.code_id = Some(row.code_id.clone());
    event.person_id = Some(person_of(w, row)?);
    crate::event_log::record(w, event)?;
    Ok(())
}
