//! The door use cases: the filtered, ordered list of doors; one door; lock
//! and unlock; "Lock all"; renaming a door or giving it its own keypad lockout.

use chrono::{DateTime, Utc};
use latchkey_core::{
    ids::{LockId, SiteId},
    keypad::KeypadLockout,
    lock::{DoorProblem, Lock, LockAllOutcome, LockAllResult, LockCommand, LockState, Radio},
    paging::{Page, PageQuery},
};
use serde::{Deserialize, Serialize};

use crate::{
    AppState,
    auth::Auth,
    db::from_json,
    drivers::sync_rows::now_ms,
    error::{ApiError, ApiResult},
    event_log::actor,
    input::clean_name,
    records::LockRow,
    safe_writes::IfMatch,
    service::{
        paging::{decode_cursor, encode_cursor},
        versioned,
    },
    store::locks::{LockQuery, LockSort, LockStore},
};

/// Filters of the list of doors.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LockFilter {
    pub site_id: Option<SiteId>,
    /// Comma-separated states: `locked,unlocked,jammed,unknown`.
    pub state: Option<String>,
    pub online: Option<bool>,
    /// Part of the door's name, any case.
    pub q: Option<String>,
    /// Comma-separated door problems, any of which a door must have:
    /// `jammed,offline,keypad_locked_out,low_battery,codes_waiting`.
    pub problem: Option<String>,
    /// The order: by name (the default), or the most pressing problems first.
    #[param(inline)]
    pub sort: Option<LockSort>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// One page of the doors `auth` may see that match `filter` (400 naming the
/// filter when a state or problem is not one there is).
pub fn list(
    store: &impl LockStore,
    auth: &Auth,
    filter: &LockFilter,
    now: DateTime<Utc>,
) -> ApiResult<Page<Lock>> {
    let paging = PageQuery {
        limit: filter.limit,
        cursor: filter.cursor.clone(),
    };
    let mut states = Vec::new();
    for name in filter
        .state
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let state = from_json::<LockState>(&format!("\"{name}\"")).map_err(|_| {
            ApiError::bad_request(
                "state: expected locked, unlocked, jammed or unknown (comma-separated)",
            )
            .field("state")
        })?;
        states.push(state);
    }
    let problems = match filter.problem.as_deref().filter(|p| !p.trim().is_empty()) {
        // The unknown name is not repeated: no error message echoes what was sent.
        Some(list) => crate::door_problems::parse_names(list).map_err(|_| {
            let known: Vec<&str> = DoorProblem::ALL.iter().map(|p| p.name()).collect();
            ApiError::bad_request(format!(
                "problem: expected one of {} (comma-separated)",
                known.join(", ")
            ))
            .field("problem")
        })?,
        None => Vec::new(),
    };
    let limit = paging.limit();
    let query = LockQuery {
        sites: auth.sites(),
        site: filter.site_id.as_ref(),
        states: &states,
        online: filter.online,
        name_contains: filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()),
        problems: &problems,
        now,
        sort: filter.sort.unwrap_or_default(),
        after: paging.cursor.as_deref().and_then(decode_cursor),
        limit: limit + 1,
    };
    let page = store.locks_page(&query)?;
    let mut locks = page.locks;
    let next_cursor =
        (locks.len() > limit as usize).then(|| encode_cursor(&locks[limit as usize - 1].0));
    locks.truncate(limit as usize);
    Ok(Page {
        items: locks.into_iter().map(|(_, lock)| lock).collect(),
        next_cursor,
        total: Some(page.total),
    })
}

/// Why a command cannot reach this lock now, if it cannot.
fn unreachable_reason(row: &LockRow) -> Option<&'static str> {
    if !row.lock.online {
        Some("is offline: the command cannot reach it. Check its power and Wi-Fi or hub.")
    } else if row.lock.state == LockState::Jammed {
        Some("is jammed: the bolt is stuck. Free it by hand, then try again.")
    } else if row.lock.capabilities.radio == Radio::Bluetooth && !row.in_range {
        Some("is a Bluetooth lock and no phone is in range to pass the command on.")
    } else {
        None
    }
}

/// Queues the command: the reconciler sends it to the lock at once.
fn send_command(
    store: &impl LockStore,
    auth: &Auth,
    row: &mut LockRow,
    command: LockCommand,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    row.lock.pending_command = Some(command);
    row.command_due = Some(now_ms());
    row.command_by = Some(actor(auth));
    store.save_lock(row, now)
}

/// Locks or unlocks a door `auth` may see; 409 saying why when the command
/// cannot reach it. Answers the door with the command pending.
pub fn command(
    store: &impl LockStore,
    auth: &Auth,
    id: &LockId,
    command: LockCommand,
    now: DateTime<Utc>,
) -> ApiResult<Lock> {
    let mut row = get(store, auth, id)?;
    if let Some(reason) = unreachable_reason(&row) {
        return Err(ApiError::conflict(format!("{} {reason}", row.lock.name)));
    }
    send_command(store, auth, &mut row, command, now)?;
    Ok(row.lock)
}

/// Answer of "Lock all": one result per door.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LockAllResponse {
    pub results: Vec<LockAllResult>,
}

/// Locks every door of `sites` that can be locked now, and says for each
/// door what happened.
pub fn lock_all(
    store: &impl LockStore,
    auth: &Auth,
    sites: &[SiteId],
    now: DateTime<Utc>,
) -> ApiResult<LockAllResponse> {
    let mut results = Vec::new();
    for id in store.doors_at(sites)? {
        let mut row = store.lock(&id)?;
        let outcome = LockAllOutcome::for_door(&row.lock, row.in_range);
        if outcome == LockAllOutcome::Locking {
            send_command(store, auth, &mut row, LockCommand::Lock, now)?;
        }
        results.push(LockAllResult {
            lock_id: row.lock.id.clone(),
            name: row.lock.name.clone(),
            outcome,
        });
    }
    tracing::info!(doors = results.len(), "lock all sent");
    Ok(LockAllResponse { results })
}

/// Body of `PATCH /locks/{id}`.
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LockChange {
    pub name: Option<String>,
    /// This lock's own keypad lockout (a Schlage locks for 30 s after 3 wrong codes, say).
    pub keypad_lockout: Option<KeypadLockout>,
    /// `true` drops the lock's own lockout and follows the site's policy again.
    #[serde(default)]
    pub use_site_lockout: bool,
}

/// Renames a door and / or sets its own keypad lockout (or drops it to follow
/// the site's), if `if_match` names its current version; the lock learns a new
/// lockout at once.
pub async fn change(
    state: &AppState,
    auth: &Auth,
    id: &LockId,
    if_match: &IfMatch,
    change: &LockChange,
) -> ApiResult<LockRow> {
    let name = change
        .name
        .as_deref()
        .map(|n| clean_name(n, "name"))
        .transpose()?;
    if let Some(rule) = change.keypad_lockout
        && (rule.wrong_codes == 0 || rule.lockout_seconds > 86_400)
    {
        return Err(
            ApiError::invalid("Use at least 1 wrong code and a lockout of at most a day.")
                .field("keypad_lockout"),
        );
    }
    let now = state.clock.now();
    let (row, ()) = state.db.write(|w| {
        versioned::update::<LockRow, _>(w, auth, id, if_match, now, |_, row| {
            if let Some(name) = name {
                row.lock.name = name;
            }
            if change.use_site_lockout {
                row.lock.keypad_lockout = None;
            } else if let Some(rule) = change.keypad_lockout {
                row.lock.keypad_lockout = Some(rule);
            }
            Ok(())
        })
    })?;
    if change.use_site_lockout || change.keypad_lockout.is_some() {
        crate::drivers::push_keypad_lockout(state, &row).await;
    }
    Ok(row)
}

/// One door `auth` may see (404 otherwise).
pub fn get(store: &impl LockStore, auth: &Auth, id: &LockId) -> ApiResult<LockRow> {
    let row = store.lock(id)?;
    auth.check_site(&row.lock.site_id)
        .map_err(|_| ApiError::not_found("door"))?;
    Ok(row)
}
