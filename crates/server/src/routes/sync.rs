//! Sync state: where each code stands on each door, per person, per lock, per site.

use std::sync::Arc;

use axum::extract::State;
use latchkey_core::{
    code::{AccessCode, CodeAccess, DoorCode},
    ids::{LockId, PersonId, SiteId},
    paging::{Page, PageQuery},
    person::Person,
    refs::PersonRef,
    sync::SyncState,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    db::from_json,
    error::{ApiJson, ApiPath, ApiQuery, ApiResult},
    records::{sort_key, sync_states},
    service::paging::page_in_memory,
    service::visible::{visible_lock, visible_person},
};

/// Filters of `GET /sites/{id}/access`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccessFilter {
    /// Part of a person's or a code's name.
    pub q: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// `GET /sites/{id}/access`: the site's people × doors grid, a page of codes at a
/// time (in person-name order), each with its person and its sync state per door.
#[utoipa::path(operation_id = "sync_access_of_site", get, path = "/sites/{id}/access", tag = "sync", params(("id" = String, Path, description = "The site id"), AccessFilter), responses((status = 200, body = latchkey_core::paging::Page<latchkey_core::code::CodeAccess>), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn access_of_site(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<SiteId>,
    ApiQuery(filter): ApiQuery<AccessFilter>,
) -> ApiResult<ApiJson<Page<CodeAccess>>> {
    auth.check_site(&id)?;
    let q = filter
        .q
        .as_deref()
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    state.db.read(|conn| {
        let rows: Vec<(String, String)> = conn
            .prepare(
                "SELECT c.data, p.data FROM codes c JOIN people p ON p.id = c.person_id
                 WHERE c.site_id = ?1 AND c.deleted = 0 AND p.deleted = 0",
            )?
            .query_map([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut codes = Vec::with_capacity(rows.len());
        for (code, person) in rows {
            let code: AccessCode = from_json(&code)?;
            let person: Person = from_json(&person)?;
            let matches = q.as_ref().is_none_or(|q| {
                person.name.to_lowercase().contains(q) || code.name.to_lowercase().contains(q)
            });
            if matches {
                codes.push((
                    code,
                    PersonRef {
                        id: person.id,
                        name: person.name,
                    },
                ));
            }
        }
        let key = |(code, person): &(AccessCode, PersonRef)| {
            sort_key(
                &format!("{}\u{1f}{}", person.name, code.name),
                code.id.as_str(),
            )
        };
        codes.sort_by_cached_key(key);
        let paging = PageQuery {
            limit: filter.limit,
            cursor: filter.cursor.clone(),
        };
        let page = page_in_memory(codes, &paging, key);
        let items = page
            .items
            .into_iter()
            .map(|(code, person)| {
                let sync = sync_states(conn, "c.id = ?1", code.id.as_str())?;
                Ok(CodeAccess { code, person, sync })
            })
            .collect::<ApiResult<_>>()?;
        Ok(ApiJson(Page {
            items,
            next_cursor: page.next_cursor,
            total: page.total,
        }))
    })
}

/// `GET /people/{id}/sync`: every (code, door) of the person.
#[utoipa::path(operation_id = "sync_of_person", get, path = "/people/{id}/sync", tag = "sync", params(("id" = String, Path, description = "The person id")), responses((status = 200, body = Vec<latchkey_core::sync::SyncState>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
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
#[utoipa::path(operation_id = "sync_of_lock", get, path = "/locks/{id}/sync", tag = "sync", params(("id" = String, Path, description = "The lock id")), responses((status = 200, body = Vec<latchkey_core::sync::SyncState>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
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
#[utoipa::path(operation_id = "sync_of_site", get, path = "/sites/{id}/sync", tag = "sync", params(("id" = String, Path, description = "The site id")), responses((status = 200, body = Vec<latchkey_core::sync::SyncState>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
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
#[utoipa::path(operation_id = "sync_codes_on_lock", get, path = "/locks/{id}/codes", tag = "sync", params(("id" = String, Path, description = "The lock id")), responses((status = 200, body = Vec<latchkey_core::code::DoorCode>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
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

/// Routes of the sync endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(of_site))
        .routes(routes!(access_of_site))
        .routes(routes!(of_lock))
        .routes(routes!(codes_on_lock))
        .routes(routes!(of_person))
}
