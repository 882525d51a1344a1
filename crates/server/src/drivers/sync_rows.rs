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
    pub pending_since: i64,
    pub attempts: u32,
    /// Bumped by every new want: an answer for an older one only records facts.
    pub generation: i64,
}

/// Rows due by `ms`, oldest first, at most `limit`.
pub fn due_rows(conn: &Connection, ms: i64, limit: usize) -> ApiResult<Vec<DueRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT code_id, lock_id, wanted, held, slot, pending_since, attempts, generation FROM code_locks
         WHERE status IN ('pending', 'removing') AND due_at <= ?1 ORDER BY due_at LIMIT ?2",
    )?;
    let rows = statement
        .query_map(params![ms, limit as i64], |r| {
            Ok(DueRow {
                code_id: CodeId(r.get(0)?),
                lock_id: LockId(r.get(1)?),
                wanted: r.get(2)?,
                held: r.get(3)?,
                slot: r.get(4)?,
                pending_since: r.get(5)?,
                attempts: r.get(6)?,
                generation: r.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Reloads one row if it is still due as `row` saw it (same generation, not taken).
pub fn still_due(conn: &Connection, row: &DueRow) -> ApiResult<Option<DueRow>> {
    Ok(conn
        .query_row(
            "SELECT wanted, held, slot, pending_since, attempts FROM code_locks
             WHERE code_id = ?1 AND lock_id = ?2 AND generation = ?3 AND status IN ('pending', 'removing')",
            params![row.code_id.as_str(), row.lock_id.as_str(), row.generation],
            |r| {
                Ok(DueRow {
                    wanted: r.get(0)?,
                    held: r.get(1)?,
                    slot: r.get(2)?,
                    pending_since: r.get(3)?,
                    attempts: r.get(4)?,
                    ..row.clone()
                })
            },
        )
        .optional()?)
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

/// Marks a row as being written (or removed) with `slot`.
pub fn mark_in_flight(
    w: &Write<'_>,
    row: &DueRow,
    slot: Option<Slot>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let status = if row.wanted { "setting" } else { "removing" };
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
