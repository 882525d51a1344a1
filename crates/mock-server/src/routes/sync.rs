//! Sync state: where each code stands on each door, per person, per lock, per site.

use std::sync::Arc;

use axum::extract::State;
use latchkey_core::{
    code::DoorCode,
    ids::{LockId, PersonId, SiteId},
    refs::PersonRef,
    sync::SyncState,
};

use crate::{
    AppState,
    auth::Auth,
    db::from_json,
    error::{ApiJson, ApiPath, ApiResult},
    records::sync_states,
    routes::{locks::visible_lock, people::visible_person},
};

/// `GET /people/{id}/sync`: every (code, door) of the person.
#[utoipa::path(operation_id = "sync_of_person", get, path = "/api/v1/people/{id}/sync", tag = "sync", params(("id" = String, Path, description = "The person id")), responses((status = 200, body = Vec<latchkey_core::sync::SyncState>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn of_person(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<ApiJson<Vec<SyncState>>> {
    state.db.read(|conn| {
        visible_person(conn, &auth, &id)?;
        Ok(ApiJson(sync_states(
            conn,
            "c.person_id = ?1 AND c.deleted = 0",
            id.as_str(),
        )?))
    })
}

/// `GET /locks/{id}/sync`: every code on the door.
#[utoipa::path(operation_id = "sync_of_lock", get, path = "/api/v1/locks/{id}/sync", tag = "sync", params(("id" = String, Path, description = "The lock id")), responses((status = 200, body = Vec<latchkey_core::sync::SyncState>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn of_lock(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
) -> ApiResult<ApiJson<Vec<SyncState>>> {
    state.db.read(|conn| {
        visible_lock(conn, &auth, &id)?;
        Ok(ApiJson(sync_states(conn, "cl.lock_id = ?1", id.as_str())?))
    })
}

/// `GET /sites/{id}/sync`: the whole people × doors grid of a site.
#[utoipa::path(operation_id = "sync_of_site", get, path = "/api/v1/sites/{id}/sync", tag = "sync", params(("id" = String, Path, description = "The site id")), responses((status = 200, body = Vec<latchkey_core::sync::SyncState>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn of_site(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<SiteId>,
) -> ApiResult<ApiJson<Vec<SyncState>>> {
    auth.check_site(&id)?;
    state
        .db
        .read(|conn| Ok(ApiJson(sync_states(conn, "c.site_id = ?1", id.as_str())?)))
}

/// `GET /locks/{id}/codes`: the codes on a door, with their people and sync state.
#[utoipa::path(operation_id = "sync_codes_on_lock", get, path = "/api/v1/locks/{id}/codes", tag = "sync", params(("id" = String, Path, description = "The lock id")), responses((status = 200, body = Vec<latchkey_core::code::DoorCode>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn codes_on_lock(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
) -> ApiResult<ApiJson<Vec<DoorCode>>> {
    state.db.read(|conn| {
        visible_lock(conn, &auth, &id)?;
        let states = sync_states(conn, "cl.lock_id = ?1", id.as_str())?;
        let mut codes = Vec::with_capacity(states.len());
        for sync in states {
            let (code, person): (String, String) = conn.query_row(
                "SELECT c.data, p.data FROM codes c JOIN people p ON p.id = c.person_id WHERE c.id = ?1",
                [sync.code_id.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let code: latchkey_core::code::AccessCode = from_json(&code)?;
            let person: latchkey_core::person::Person = from_json(&person)?;
            codes.push(DoorCode {
                code_id: code.id,
                code_name: code.name,
                person: PersonRef { id: person.id, name: person.name },
                schedule: code.schedule,
                sync,
            });
        }
        codes.sort_by_key(|c| c.person.name.to_lowercase());
        Ok(ApiJson(codes))
    })
}
