//! Asking locks for changes: each (code, lock) pair gets a row in `code_locks`
//! that the simulator walks through pending → setting → set (or removing → gone).

use chrono::{DateTime, Utc};
use latchkey_core::{
    event::{Actor, Event, EventKind},
    ids::{CodeId, LockId, SiteId},
    sync::SyncStatus,
};
use rusqlite::{OptionalExtension, params};

use crate::{
    db::Write,
    error::ApiResult,
    records::{load_lock, save_lock, wire_name},
};

/// The lock should hold the code (new code, new door, new PIN or schedule, resume).
pub fn want_on(w: &Write<'_>, code: &CodeId, lock: &LockId, now: DateTime<Utc>) -> ApiResult<()> {
    let ms = now_ms();
    w.execute(
        "INSERT INTO code_locks (code_id, lock_id, wanted, status, failure, due_at, pending_since, updated_at)
         VALUES (?1, ?2, 1, 'pending', NULL, ?3, ?3, ?4)
         ON CONFLICT(code_id, lock_id) DO UPDATE SET wanted = 1, status = 'pending', failure = NULL,
           due_at = ?3, pending_since = ?3, updated_at = ?4",
        params![code.as_str(), lock.as_str(), ms, now.to_rfc3339()],
    )?;
    Ok(())
}

/// The lock should no longer hold the code (door removed, code deleted, person paused).
/// A code the lock never received is simply forgotten.
pub fn want_off(w: &Write<'_>, code: &CodeId, lock: &LockId, now: DateTime<Utc>) -> ApiResult<()> {
    let status: Option<String> = w
        .query_row(
            "SELECT status FROM code_locks WHERE code_id = ?1 AND lock_id = ?2",
            params![code.as_str(), lock.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    let never_reached_lock = matches!(
        status.as_deref(),
        Some("pending") | Some("failed") | Some("removed")
    );
    if never_reached_lock {
        w.execute(
            "DELETE FROM code_locks WHERE code_id = ?1 AND lock_id = ?2",
            params![code.as_str(), lock.as_str()],
        )?;
    } else if status.is_some() {
        let ms = now_ms();
        w.execute(
            "UPDATE code_locks SET wanted = 0, status = 'removing', failure = NULL, due_at = ?3, pending_since = ?3, updated_at = ?4
             WHERE code_id = ?1 AND lock_id = ?2",
            params![code.as_str(), lock.as_str(), ms, now.to_rfc3339()],
        )?;
    }
    Ok(())
}

/// Recounts a lock's used slots and pending changes after its rows changed.
pub fn refresh_lock_counts(w: &Write<'_>, lock: &LockId, now: DateTime<Utc>) -> ApiResult<()> {
    let (held, pending): (u32, u32) = w.query_row(
        "SELECT
           COUNT(*) FILTER (WHERE status IN ('set', 'removing')),
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

/// Sets one row's status (and failure) and when the simulator looks at it next.
pub fn set_status(
    w: &Write<'_>,
    code: &CodeId,
    lock: &LockId,
    status: SyncStatus,
    failure: Option<&str>,
    due_ms: i64,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    w.execute(
        "UPDATE code_locks SET status = ?3, failure = ?4, due_at = ?5, updated_at = ?6 WHERE code_id = ?1 AND lock_id = ?2",
        params![code.as_str(), lock.as_str(), wire_name(&status), failure, due_ms, now.to_rfc3339()],
    )?;
    Ok(())
}

/// A new event at `site` of the given kind, by the system, to be filled in and recorded.
pub fn system_event(site: &SiteId, kind: EventKind, now: DateTime<Utc>) -> Event {
    Event {
        id: 0,
        local_at: None,
        at: now,
        site_id: site.clone(),
        lock_id: None,
        person_id: None,
        code_id: None,
        actor: Some(Actor::System),
        names: Default::default(),
        kind,
    }
}

/// Real time in milliseconds: radio delays run on the wall clock, not the simulated one.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}
