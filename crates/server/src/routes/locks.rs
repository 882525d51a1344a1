//! Locks: the paged, filtered list; one lock; lock / unlock; "Lock all".

use std::sync::Arc;

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use latchkey_core::{
    ids::{LockId, SiteId},
    lock::{DoorProblem, Lock, LockAllOutcome, LockAllResult, LockCommand, LockState, Radio},
    paging::{Page, PageQuery},
};
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    db::{Write, from_json},
    drivers::sync_rows::now_ms,
    error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult},
    event_log::actor,
    records::{LockRow, load_lock, save_lock},
    routes::sites_json,
    safe_writes::IfMatch,
    safe_writes::with_etag,
    service::paging::{decode_cursor, encode_cursor},
    service::versioned,
    service::visible::visible_lock,
};

/// Filters of `GET /locks`.
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

/// The order of `GET /locks`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LockSort {
    /// By name.
    #[default]
    Name,
    /// Jammed, then offline, keypad locked out, low battery, code changes
    /// waiting, then the doors with no problem; by name within each.
    Problems,
}

/// `GET /locks`: filtered on the server, in name order (or problems first), a page at a time.
#[utoipa::path(operation_id = "locks_list", get, path = "/locks", tag = "locks", params(LockFilter), responses((status = 200, body = latchkey_core::paging::Page<latchkey_core::lock::Lock>), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiQuery(filter): ApiQuery<LockFilter>,
) -> ApiResult<ApiJson<Page<Lock>>> {
    let paging = PageQuery {
        limit: filter.limit,
        cursor: filter.cursor.clone(),
    };
    let mut conditions = vec!["site_id IN (SELECT value FROM json_each(?))".to_owned()];
    let mut values: Vec<Value> = vec![Value::Text(sites_json(&auth))];
    if let Some(site) = &filter.site_id {
        conditions.push("site_id = ?".into());
        values.push(Value::Text(site.to_string()));
    }
    if let Some(states) = filter.state.as_deref().filter(|s| !s.is_empty()) {
        let states: Vec<&str> = states.split(',').map(str::trim).collect();
        for s in &states {
            if from_json::<LockState>(&format!("\"{s}\"")).is_err() {
                return Err(ApiError::bad_request(
                    "state: expected locked, unlocked, jammed or unknown (comma-separated)",
                )
                .field("state"));
            }
        }
        conditions.push("state IN (SELECT value FROM json_each(?))".into());
        values.push(Value::Text(
            serde_json::to_string(&states).unwrap_or_default(),
        ));
    }
    if let Some(online) = filter.online {
        conditions.push("json_extract(data, '$.online') = ?".into());
        values.push(Value::Integer(i64::from(online)));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        conditions.push("instr(lower(json_extract(data, '$.name')), lower(?)) > 0".into());
        values.push(Value::Text(q.to_owned()));
    }
    // Problems are judged by latchkey-core's rule (see `door_problems`), at the backend's time.
    let now = state.clock.now().to_rfc3339();
    if let Some(list) = filter.problem.as_deref().filter(|p| !p.trim().is_empty()) {
        // The unknown name is not repeated: no error message echoes what was sent.
        let problems = crate::door_problems::parse_names(list).map_err(|_| {
            let known: Vec<&str> = DoorProblem::ALL.iter().map(|p| p.name()).collect();
            ApiError::bad_request(format!(
                "problem: expected one of {} (comma-separated)",
                known.join(", ")
            ))
            .field("problem")
        })?;
        let names: Vec<&str> = problems.iter().map(|p| p.name()).collect();
        conditions.push("door_has_problem(data, ?, ?)".into());
        values.push(Value::Text(now.clone()));
        values.push(Value::Text(names.join(",")));
    }
    // Each row's place in the order, which the cursor also holds.
    let (order_key, mut page_values) = match filter.sort.unwrap_or_default() {
        LockSort::Name => ("sort_key", Vec::new()),
        LockSort::Problems => (
            "door_problem_rank(data, ?) || char(31) || sort_key",
            vec![Value::Text(now)],
        ),
    };
    let where_clause = conditions.join(" AND ");
    state.db.read(|conn| {
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM locks WHERE {where_clause}"),
            rusqlite::params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        page_values.extend(values.iter().cloned());
        let mut sql = format!(
            "SELECT order_key, data FROM (SELECT {order_key} AS order_key, data FROM locks WHERE {where_clause})"
        );
        if let Some(after) = paging.cursor.as_deref().and_then(decode_cursor) {
            sql.push_str(" WHERE order_key > ?");
            page_values.push(Value::Text(after));
        }
        sql.push_str(" ORDER BY order_key LIMIT ?");
        let limit = paging.limit();
        page_values.push(Value::Integer(i64::from(limit) + 1));
        let mut statement = conn.prepare(&sql)?;
        let rows: Vec<(String, String)> = statement
            .query_map(rusqlite::params_from_iter(page_values.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let next_cursor =
            (rows.len() > limit as usize).then(|| encode_cursor(&rows[limit as usize - 1].0));
        let items = rows
            .iter()
            .take(limit as usize)
            .map(|(_, d)| from_json(d))
            .collect::<ApiResult<_>>()?;
        Ok(ApiJson(Page {
            items,
            next_cursor,
            total: Some(total as u64),
        }))
    })
}

/// `GET /locks/{id}`.
#[utoipa::path(operation_id = "locks_get", get, path = "/locks/{id}", tag = "locks", params(("id" = String, Path, description = "The lock id")), responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn get(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
) -> ApiResult<Response> {
    let row = state.db.read(|conn| visible_lock(conn, &auth, &id))?;
    Ok(with_etag(&row.lock, row.version))
}

/// `POST /locks/{id}/lock`: sends the command; 202 with the lock showing it pending.
#[utoipa::path(operation_id = "locks_lock", post, path = "/locks/{id}/lock", tag = "locks", params(("id" = String, Path, description = "The lock id")), responses((status = 202, description = "Sent; the lock shows the pending command until it confirms", body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody)))]
pub async fn lock(
    state: State<Arc<AppState>>,
    auth: Auth,
    id: ApiPath<LockId>,
) -> ApiResult<Response> {
    command(state, auth, id, LockCommand::Lock).await
}

/// `POST /locks/{id}/unlock`.
#[utoipa::path(operation_id = "locks_unlock", post, path = "/locks/{id}/unlock", tag = "locks", params(("id" = String, Path, description = "The lock id")), responses((status = 202, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody)))]
pub async fn unlock(
    state: State<Arc<AppState>>,
    auth: Auth,
    id: ApiPath<LockId>,
) -> ApiResult<Response> {
    command(state, auth, id, LockCommand::Unlock).await
}

async fn command(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    command: LockCommand,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let lock = state.db.write(|w| {
        let mut row = visible_lock(w, &auth, &id)?;
        if let Some(reason) = unreachable_reason(&row) {
            return Err(ApiError::conflict(format!("{} {reason}", row.lock.name)));
        }
        send_command(w, &auth, &mut row, command, now)?;
        Ok(row.lock)
    })?;
    Ok((StatusCode::ACCEPTED, ApiJson(lock)).into_response())
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
    w: &Write<'_>,
    auth: &Auth,
    row: &mut LockRow,
    command: LockCommand,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    row.lock.pending_command = Some(command);
    row.command_due = Some(now_ms());
    row.command_by = Some(actor(auth));
    save_lock(w, row, now)
}

/// Answer of "Lock all": one result per door.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LockAllResponse {
    pub results: Vec<LockAllResult>,
}

/// `POST /sites/{id}/lock-all`.
#[utoipa::path(operation_id = "locks_lock_all_in_site", post, path = "/sites/{id}/lock-all", tag = "locks", params(("id" = String, Path, description = "The site id")), responses((status = 200, body = LockAllResponse), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn lock_all_in_site(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(site): ApiPath<SiteId>,
) -> ApiResult<ApiJson<LockAllResponse>> {
    auth.check_site(&site)?;
    lock_all(&state, &auth, &[site])
}

/// `POST /locks/lock-all`: every door the account may see.
#[utoipa::path(operation_id = "locks_lock_all_everywhere", post, path = "/locks/lock-all", tag = "locks", responses((status = 200, body = LockAllResponse), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn lock_all_everywhere(
    State(state): State<Arc<AppState>>,
    auth: Auth,
) -> ApiResult<ApiJson<LockAllResponse>> {
    let sites = auth.sites().to_vec();
    lock_all(&state, &auth, &sites)
}

fn lock_all(
    state: &AppState,
    auth: &Auth,
    sites: &[SiteId],
) -> ApiResult<ApiJson<LockAllResponse>> {
    let now = state.clock.now();
    let sites_json = serde_json::to_string(sites).unwrap_or_default();
    state.db.write(|w| {
        let ids: Vec<String> = w
            .prepare("SELECT id FROM locks WHERE site_id IN (SELECT value FROM json_each(?1)) ORDER BY sort_key")?
            .query_map([sites_json.as_str()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut results = Vec::with_capacity(ids.len());
        for id in ids {
            let mut row = load_lock(w, &LockId(id))?;
            let outcome = LockAllOutcome::for_door(&row.lock, row.in_range);
            if outcome == LockAllOutcome::Locking {
                send_command(w, auth, &mut row, LockCommand::Lock, now)?;
            }
            results.push(LockAllResult { lock_id: row.lock.id.clone(), name: row.lock.name.clone(), outcome });
        }
        tracing::info!(doors = results.len(), "lock all sent");
        Ok(ApiJson(LockAllResponse { results }))
    })
}

/// Body of `PATCH /locks/{id}`.
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LockChange {
    pub name: Option<String>,
    /// This lock's own keypad lockout (a Schlage locks for 30 s after 3 wrong codes, say).
    pub keypad_lockout: Option<latchkey_core::keypad::KeypadLockout>,
    /// `true` drops the lock's own lockout and follows the site's policy again.
    #[serde(default)]
    pub use_site_lockout: bool,
}

/// `PATCH /locks/{id}` (with `If-Match`): rename a door or set its own keypad lockout.
#[utoipa::path(operation_id = "locks_update", patch, path = "/locks/{id}", tag = "locks", params(("id" = String, Path, description = "The lock id"), ("If-Match" = String, Header, description = "ETag of the version being changed")), request_body = LockChange, responses((status = 200, body = latchkey_core::lock::Lock), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 412, description = "Stale If-Match", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    if_match: IfMatch,
    ApiJson(change): ApiJson<LockChange>,
) -> ApiResult<Response> {
    let name = change
        .name
        .as_deref()
        .map(|n| crate::input::clean_name(n, "name"))
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
        versioned::update::<LockRow, _>(w, &auth, &id, &if_match, now, |_, row| {
            if let Some(name) = name.clone() {
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
        crate::drivers::push_keypad_lockout(&state, &row).await;
    }
    Ok(with_etag(&row.lock, row.version))
}

/// Routes of the doors endpoints: state, commands, Lock all, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(lock_all_in_site))
        .routes(routes!(list))
        .routes(routes!(lock_all_everywhere))
        .routes(routes!(get, update))
        .routes(routes!(lock))
        .routes(routes!(unlock))
}
