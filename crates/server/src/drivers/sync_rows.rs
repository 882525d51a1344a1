//! The sync state of every (code, lock) pair in `code_locks`: what is *wanted*
//! on the lock, the slot it uses, what the lock last *reported* holding, and
//! where the change stands. The use cases say what they want; the reconciler
//! reads the due rows and writes what the lock answered.

use chrono::{DateTime, Utc};
use latchkey_core::{
    ids::{CodeId, LockId},
    sync::{SyncFailure, SyncStatus},
};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{
    db::Write,
    drivers::Slot,
    error::ApiResult,
    records::{load_lock, save_lock, wire_name},
};

/// No further work is due on a row.
pub const NEVER: i64 = i64::MAX;

/// The lock should hold the code (new code, new door, new PIN or schedule, resume).
pub fn want_on(w: &Write<'_>, code: &CodeId, lock: &LockId, now: DateTime<Utc>) -> ApiResult<()> {
    let ms = now_ms();
    w.execute(
        "INSERT INTO code_locks (code_id, lock_id, wanted, status, failure, due_at, pending_since, updated_at)
         VALUES (?1, ?2, 1, 'pending', NULL, ?3, ?3, ?4)
         ON CONFLICT(code_id, lock_id) DO UPDATE SET wanted = 1, status = 'pending', failure = NULL,
           due_at = ?3, pending_since = ?3, attempts = 0, generation = generation + 1, updated_at = ?4",
        params![code.as_str(), lock.as_str(), ms, now.to_rfc3339()],
    )?;
    Ok(())
}

/// The lock should no longer hold the code (door removed, code deleted, person paused).
/// A code the lock never received, with no write on its way, is simply forgotten.
pub fn want_off(w: &Write<'_>, code: &CodeId, lock: &LockId, now: DateTime<Utc>) -> ApiResult<()> {
    let row: Option<(bool, String)> = w
        .query_row(
            "SELECT held, status FROM code_locks WHERE code_id = ?1 AND lock_id = ?2",
            params![code.as_str(), lock.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => {}
        Some((false, status)) if status != "setting" => {
            w.execute(
                "DELETE FROM code_locks WHERE code_id = ?1 AND lock_id = ?2",
                params![code.as_str(), lock.as_str()],
            )?;
        }
        Some(_) => {
            let ms = now_ms();
            w.execute(
                "UPDATE code_locks SET wanted = 0, status = 'removing', failure = NULL, due_at = ?3,
                   pending_since = ?3, attempts = 0, generation = generation + 1, updated_at = ?4
                 WHERE code_id = ?1 AND lock_id = ?2",
                params![code.as_str(), lock.as_str(), ms, now.to_rfc3339()],
            )?;
        }
    }
    Ok(())
}

/// Tries a failed row again now.
pub fn retry_now(w: &Write<'_>, code: &CodeId, lock: &LockId, now: DateTime<Utc>) -> ApiResult<()> {
    let ms = now_ms();
    w.execute(
        "UPDATE code_locks SET status = CASE WHEN wanted = 1 THEN 'pending' ELSE 'removing' END,
           failure = NULL, due_at = ?3, pending_since = ?3, attempts = 0, updated_at = ?4
         WHERE code_id = ?1 AND lock_id = ?2 AND status = 'failed'",
        params![code.as_str(), lock.as_str(), ms, now.to_rfc3339()],
    )?;
    Ok(())
}

/// Makes a lock's waiting changes due now: it can hear the backend again.
pub fn wake_lock(w: &Write<'_>, lock: &LockId) -> ApiResult<()> {
    let ms = now_ms();
    w.execute(
        "UPDATE code_locks SET due_at = ?2, pending_since = ?2, attempts = 0
         WHERE lock_id = ?1 AND status IN ('pending', 'removing')",
        params![lock.as_str(), ms],
    )?;
    Ok(())
}

/// Recounts a lock's used slots and pending changes after its rows changed.
pub fn refresh_lock_counts(w: &Write<'_>, lock: &LockId, now: DateTime<Utc>) -> ApiResult<()> {
    let (held, pending): (u32, u32) = w.query_row(
        "SELECT
           COUNT(*) FILTER (WHERE held = 1),
           COUNT(*) FILTER (WHERE status IN ('pending', 'setting', 'removing'))
         FROM code_locks WHERE lock_id = ?1",
        [lock.as_str()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let unknown: u32 = w.query_row(
        "SELECT COUNT(*) FROM unknown_codes WHERE lock_id = ?1",
        [lock.as_str()],
        |r| r.get(0),
    )?;
    let mut row = load_lock(w, lock)?;
    let slots_used = (held + unknown).min(u32::from(u16::MAX)) as u16;
    if row.lock.slots_used != slots_used || row.lock.pending_changes != pending {
        row.lock.slots_used = slots_used;
        row.lock.pending_changes = pending;
        save_lock(w, &mut row, now)?;
    }
    Ok(())
}

/// One row the reconciler has work for.
#[derive(Debug, Clone)]
pub struct DueRow {
    pub code_id: CodeId,
    pub lock_id: LockId,
    pub wanted: bool,
    pub held: bool,
    pub slot: Option<Slot>,
    /// The lock was as wanted; only a schedule edge is due.
    pub in_sync: bool,
    /// The schedule edge planned for this row (a lock without schedules).
    pub edge_at: Option<DateTime<Utc>>,
    pub overdue_since: Option<DateTime<Utc>>,
    pub pending_since: i64,
    pub attempts: u32,
    /// Bumped by every new want: an answer for an older one only records facts.
    pub generation: i64,
}

const DUE_COLUMNS: &str = "code_id, lock_id, wanted, held, slot, status = 'set', edge_at, overdue_since, pending_since, attempts, generation";

fn due_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DueRow> {
    Ok(DueRow {
        code_id: CodeId(r.get(0)?),
        lock_id: LockId(r.get(1)?),
        wanted: r.get(2)?,
        held: r.get(3)?,
        slot: r.get(4)?,
        in_sync: r.get(5)?,
        edge_at: r
            .get::<_, Option<String>>(6)?
            .as_deref()
            .and_then(parse_time),
        overdue_since: r
            .get::<_, Option<String>>(7)?
            .as_deref()
            .and_then(parse_time),
        pending_since: r.get(8)?,
        attempts: r.get(9)?,
        generation: r.get(10)?,
    })
}

/// Rows with a change due by real time `ms`, or a schedule edge due by backend
/// time `now`; oldest first, at most `limit`.
pub fn due_rows(
    conn: &Connection,
    ms: i64,
    now: DateTime<Utc>,
    limit: usize,
) -> ApiResult<Vec<DueRow>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {DUE_COLUMNS} FROM code_locks
         WHERE status IN ('pending', 'removing') AND due_at <= ?1
         UNION ALL SELECT {DUE_COLUMNS} FROM code_locks WHERE status = 'set' AND edge_at <= ?2
         LIMIT ?3"
    ))?;
    let rows = statement
        .query_map(params![ms, time_text(now), limit as i64], due_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Reloads one row if it is still due as `row` saw it (same generation, not taken).
pub fn still_due(conn: &Connection, row: &DueRow) -> ApiResult<Option<DueRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {DUE_COLUMNS} FROM code_locks WHERE code_id = ?1 AND lock_id = ?2 AND generation = ?3
                 AND (status IN ('pending', 'removing') OR (status = 'set' AND edge_at IS NOT NULL))"
            ),
            params![row.code_id.as_str(), row.lock_id.as_str(), row.generation],
            due_from_row,
        )
        .optional()?)
}

/// The next schedule edge of a row on a lock without schedules.
pub fn set_edge(w: &Write<'_>, row: &DueRow, edge: Option<DateTime<Utc>>) -> ApiResult<()> {
    w.execute(
        "UPDATE code_locks SET edge_at = ?3 WHERE code_id = ?1 AND lock_id = ?2",
        params![
            row.code_id.as_str(),
            row.lock_id.as_str(),
            edge.map(time_text)
        ],
    )?;
    Ok(())
}

/// Since when a code should have been off its lock (None: it is not overdue).
pub fn set_overdue(w: &Write<'_>, row: &DueRow, since: Option<DateTime<Utc>>) -> ApiResult<()> {
    w.execute(
        "UPDATE code_locks SET overdue_since = ?3 WHERE code_id = ?1 AND lock_id = ?2",
        params![
            row.code_id.as_str(),
            row.lock_id.as_str(),
            since.map(time_text)
        ],
    )?;
    Ok(())
}

/// Makes every planned edge due now: the clock moved, so the plans are stale.
/// An edge already passed keeps its time (a code overdue since then says so).
pub fn replan_edges(w: &Write<'_>, now: DateTime<Utc>) -> ApiResult<usize> {
    Ok(w.execute(
        "UPDATE code_locks SET edge_at = MIN(edge_at, ?1) WHERE edge_at IS NOT NULL",
        [time_text(now)],
    )?)
}

/// Plans a code's rows again now (it was used: a use limit may be reached).
pub fn replan_code(w: &Write<'_>, code: &CodeId, now: DateTime<Utc>) -> ApiResult<()> {
    w.execute(
        "UPDATE code_locks SET edge_at = ?2 WHERE code_id = ?1 AND edge_at IS NOT NULL",
        params![code.as_str(), time_text(now)],
    )?;
    Ok(())
}

/// Plans every row of a lock that cannot keep schedules, now.
pub fn plan_lock_edges(w: &Write<'_>, lock: &LockId, now: DateTime<Utc>) -> ApiResult<()> {
    w.execute(
        "UPDATE code_locks SET edge_at = ?2 WHERE lock_id = ?1 AND wanted = 1",
        params![lock.as_str(), time_text(now)],
    )?;
    Ok(())
}

/// Edge times are stored as RFC 3339 UTC with a fixed width, so text order is time order.
fn time_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
}

/// The lowest slot of `lock` that no code and no found code uses, up to `slots`.
pub fn free_slot(conn: &Connection, lock: &LockId, slots: u16) -> ApiResult<Option<Slot>> {
    let mut taken: Vec<Slot> = conn
        .prepare_cached(
            "SELECT slot FROM code_locks WHERE lock_id = ?1 AND slot IS NOT NULL
             UNION SELECT json_extract(data, '$.slot') FROM unknown_codes WHERE lock_id = ?1",
        )?
        .query_map([lock.as_str()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    taken.sort_unstable();
    Ok((1..=slots).find(|slot| taken.binary_search(slot).is_err()))
}

/// Marks a row as being written (`setting`) or cleared (`removing`) with `slot`.
pub fn mark_in_flight(
    w: &Write<'_>,
    row: &DueRow,
    writing: bool,
    slot: Option<Slot>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let status = if writing { "setting" } else { "removing" };
    w.execute(
        "UPDATE code_locks SET status = ?3, slot = ?4, due_at = ?5, updated_at = ?6 WHERE code_id = ?1 AND lock_id = ?2",
        params![row.code_id.as_str(), row.lock_id.as_str(), status, slot, NEVER, now.to_rfc3339()],
    )?;
    Ok(())
}

/// Whether the row still belongs to the want `row` was dispatched for.
pub fn same_generation(conn: &Connection, row: &DueRow) -> ApiResult<bool> {
    Ok(conn
        .query_row(
            "SELECT generation FROM code_locks WHERE code_id = ?1 AND lock_id = ?2",
            params![row.code_id.as_str(), row.lock_id.as_str()],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        == Some(row.generation))
}

/// Records whether the lock now holds the code, whatever was asked meanwhile.
pub fn set_held(w: &Write<'_>, code: &CodeId, lock: &LockId, held: bool) -> ApiResult<()> {
    w.execute(
        "UPDATE code_locks SET held = ?3 WHERE code_id = ?1 AND lock_id = ?2",
        params![code.as_str(), lock.as_str(), held],
    )?;
    Ok(())
}

/// Sets a row's status, failure and when the reconciler looks at it next.
pub fn set_status(
    w: &Write<'_>,
    row: &DueRow,
    status: SyncStatus,
    failure: Option<SyncFailure>,
    due_ms: i64,
    attempts: u32,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    w.execute(
        "UPDATE code_locks SET status = ?3, failure = ?4, due_at = ?5, attempts = ?6, updated_at = ?7
         WHERE code_id = ?1 AND lock_id = ?2",
        params![
            row.code_id.as_str(),
            row.lock_id.as_str(),
            wire_name(&status),
            failure.map(|f| wire_name(&f)),
            due_ms,
            attempts,
            now.to_rfc3339()
        ],
    )?;
    Ok(())
}

/// Forgets a row: the code is off the lock, as wanted.
pub fn forget(w: &Write<'_>, code: &CodeId, lock: &LockId) -> ApiResult<()> {
    w.execute(
        "DELETE FROM code_locks WHERE code_id = ?1 AND lock_id = ?2",
        params![code.as_str(), lock.as_str()],
    )?;
    Ok(())
}

/// The code held in `slot` of `lock`, if the backend put one there.
pub fn code_in_slot(conn: &Connection, lock: &LockId, slot: Slot) -> ApiResult<Option<CodeId>> {
    Ok(conn
        .query_row(
            "SELECT code_id FROM code_locks WHERE lock_id = ?1 AND slot = ?2",
            params![lock.as_str(), slot],
            |r| Ok(CodeId(r.get(0)?)),
        )
        .optional()?)
}

/// Whether the lock holds `code`.
pub fn holds(conn: &Connection, code: &CodeId, lock: &LockId) -> ApiResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM code_locks WHERE code_id = ?1 AND lock_id = ?2 AND held = 1)",
        params![code.as_str(), lock.as_str()],
        |r| r.get(0),
    )?)
}

/// The lock forgot everything: every wanted code must be written again.
pub fn lock_forgot_everything(w: &Write<'_>, lock: &LockId, now: DateTime<Utc>) -> ApiResult<()> {
    let ms = now_ms();
    w.execute(
        "DELETE FROM code_locks WHERE lock_id = ?1 AND wanted = 0",
        [lock.as_str()],
    )?;
    w.execute(
        "UPDATE code_locks SET held = 0, slot = NULL, status = 'pending', failure = NULL, due_at = ?2,
           pending_since = ?2, attempts = 0, generation = generation + 1, updated_at = ?3 WHERE lock_id = ?1",
        params![lock.as_str(), ms, now.to_rfc3339()],
    )?;
    w.execute(
        "DELETE FROM unknown_codes WHERE lock_id = ?1",
        [lock.as_str()],
    )?;
    Ok(())
}

/// Real time in milliseconds: radio timing and retries run on the wall clock,
/// not the simulated one.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}
