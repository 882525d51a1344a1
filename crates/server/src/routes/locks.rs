//! Doors over HTTP: the paged, filtered list; one lock; lock / unlock;
//! "Lock all"; rename or set a door's keypad lockout. The use cases are in
//! `service::locks`.

use std::sync::Arc;

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use latchkey_core::{
    ids::{LockId, SiteId},
    lock::{Lock, LockCommand},
    paging::Page,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    error::{ApiJson, ApiPath, ApiQuery, ApiResult},
    safe_writes::{IfMatch, with_etag},
    service::locks::{self, LockAllResponse, LockChange, LockFilter},
};

/// `GET /locks`: filtered on the server, in name order (or problems first), a page at a time.
#[utoipa::path(operation_id = "locks_list", get, path = "/locks", tag = "locks", params(LockFilter), responses((status = 200, body = latchkey_core::paging::Page<latchkey_core::lock::Lock>), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiQuery(filter): ApiQuery<LockFilter>,
) -> ApiResult<ApiJson<Page<Lock>>> {
    let now = state.clock.now();
    Ok(ApiJson(
        state
            .db
            .read(|conn| locks::list(conn, &auth, &filter, now))?,
    ))
}

/// `GET /locks/{id}`.
#[utoipa::path(operation_id = "locks_get", get, path = "/locks/{id}", tag = "locks", params(("id" = String, Path, description = "The lock id")), responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn get(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
) -> ApiResult<Response> {
    let row = state.db.read(|conn| locks::get(conn, &auth, &id))?;
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
    let lock = state
        .db
        .write(|w| locks::command(&**w, &auth, &id, command, now))?;
    Ok((StatusCode::ACCEPTED, ApiJson(lock)).into_response())
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
    Ok(ApiJson(
        state
            .db
            .write(|w| locks::lock_all(&**w, auth, sites, now))?,
    ))
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
    let row = locks::change(&state, &auth, &id, &if_match, &change).await?;
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
