//! What is done to codes from more than one place: deleting a code and
//! deleting its person both take it off every door the same way.

use chrono::{DateTime, Utc};
use latchkey_core::{code::AccessCode, event::EventKind};

use crate::{
    auth::Auth,
    db::Write,
    drivers::sync_rows::{refresh_lock_counts, want_off},
    error::ApiResult,
    event_log::user_event,
    records::{CodeRow, mark_code_deleted},
};

/// Takes a code off every door and marks it deleted (its history stays).
pub fn remove_code(
    w: &mut Write<'_>,
    auth: &Auth,
    row: &CodeRow,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    for lock in &row.code.doors {
        want_off(w, &row.code.id, lock, now)?;
        refresh_lock_counts(w, lock, now)?;
    }
    mark_code_deleted(w, &row.code.id)?;
    record_code_event(w, auth, &row.code, EventKind::CodeDeleted, now)
}

/// Records a change to `code` made by the signed-in account.
pub fn record_code_event(
    w: &mut Write<'_>,
    auth: &Auth,
    code: &AccessCode,
    kind: EventKind,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut event = user_event(auth, &code.site_id, kind, now);
    event.code_id = Some(code.id.clone());
    event.person_id = Some(code.person_id.clone());
    crate::event_log::record(w, event)?;
    Ok(())
}
