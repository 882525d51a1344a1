//! People over HTTP: list with search and filters, the People page's
//! overview, create, read, change, delete, pause and resume. The use cases are
//! in `service::people`.

use std::sync::Arc;

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use latchkey_core::{
    ids::{PersonId, SiteId},
    paging::Page,
    person::{NewPerson, Person, PersonChange, PersonOverview},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    error::{ApiJson, ApiPath, ApiQuery, ApiResult},
    safe_writes::{IfMatch, create_once, idempotency_key, with_etag},
    service::people::{self, PeopleFilter},
};

/// `GET /people`.
#[utoipa::path(operation_id = "people_list", get, path = "/people", tag = "people", params(PeopleFilter), responses((status = 200, body = latchkey_core::paging::Page<latchkey_core::person::Person>), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiQuery(filter): ApiQuery<PeopleFilter>,
) -> ApiResult<ApiJson<Page<Person>>> {
    let now = state.clock.now();
    Ok(ApiJson(
        state
            .db
            .read(|conn| people::list(conn, &auth, &filter, now))?,
    ))
}

/// `GET /people/overview`: the People list: each person with their codes, doors and sync health.
#[utoipa::path(operation_id = "people_overview", get, path = "/people/overview", tag = "people", params(PeopleFilter), responses((status = 200, body = latchkey_core::paging::Page<latchkey_core::person::PersonOverview>), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn overview(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiQuery(filter): ApiQuery<PeopleFilter>,
) -> ApiResult<ApiJson<Page<PersonOverview>>> {
    let now = state.clock.now();
    Ok(ApiJson(state.db.read(|conn| {
        people::overview(conn, &auth, &filter, now)
    })?))
}

/// `GET /people/{id}`, with its ETag.
#[utoipa::path(operation_id = "people_get", get, path = "/people/{id}", tag = "people", params(("id" = String, Path, description = "The person id")), responses((status = 200, body = latchkey_core::person::Person), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn get(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let (person, version) = state.db.read(|conn| people::get(conn, &auth, &id, now))?;
    Ok(with_etag(&person, version))
}

/// `POST /sites/{id}/people` (with `Idempotency-Key`).
#[utoipa::path(operation_id = "people_create", post, path = "/sites/{id}/people", tag = "people", params(("id" = String, Path, description = "The site id"), ("Idempotency-Key" = String, Header, description = "Makes the create safe to retry")), request_body = latchkey_core::person::NewPerson, responses((status = 201, body = latchkey_core::person::Person), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(site): ApiPath<SiteId>,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewPerson>,
) -> ApiResult<Response> {
    auth.check_site(&site)?;
    let key = idempotency_key(&headers)?;
    let checked = people::check_new(&new)?;
    let now = state.clock.now();
    state.db.write(|w| {
        create_once(w, auth.0.id.as_str(), &key, &(&site, &new), |w| {
            people::create(&**w, &site, checked, &new, now)
        })
    })
}

/// `PATCH /people/{id}` (with `If-Match`).
#[utoipa::path(operation_id = "people_update", patch, path = "/people/{id}", tag = "people", params(("id" = String, Path, description = "The person id"), ("If-Match" = String, Header, description = "ETag of the version being changed")), request_body = latchkey_core::person::PersonChange, responses((status = 200, body = latchkey_core::person::Person), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 412, description = "Stale If-Match", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
    if_match: IfMatch,
    ApiJson(change): ApiJson<PersonChange>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let (person, version) = state
        .db
        .write(|w| people::change(w, &auth, &id, &if_match, &change, now))?;
    Ok(with_etag(&person, version))
}

/// `DELETE /people/{id}`: removes the person and every code of theirs from every
/// door. Their history stays in the activity.
#[utoipa::path(operation_id = "people_delete", delete, path = "/people/{id}", tag = "people", params(("id" = String, Path, description = "The person id")), responses((status = 204, description = "Deleted; their codes come off every door"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<StatusCode> {
    let now = state.clock.now();
    state.db.write(|w| people::delete(w, &auth, &id, now))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /people/{id}/pause`: their codes stop working everywhere until resumed.
#[utoipa::path(operation_id = "people_pause", post, path = "/people/{id}/pause", tag = "people", params(("id" = String, Path, description = "The person id")), responses((status = 200, body = latchkey_core::person::Person), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn pause(
    state: State<Arc<AppState>>,
    auth: Auth,
    id: ApiPath<PersonId>,
) -> ApiResult<Response> {
    set_paused(state, auth, id, true).await
}

/// `POST /people/{id}/resume`.
#[utoipa::path(operation_id = "people_resume", post, path = "/people/{id}/resume", tag = "people", params(("id" = String, Path, description = "The person id")), responses((status = 200, body = latchkey_core::person::Person), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn resume(
    state: State<Arc<AppState>>,
    auth: Auth,
    id: ApiPath<PersonId>,
) -> ApiResult<Response> {
    set_paused(state, auth, id, false).await
}

async fn set_paused(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
    paused: bool,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let (person, version) = state
        .db
        .write(|w| people::set_paused(w, &auth, &id, paused, now))?;
    Ok(with_etag(&person, version))
}

/// Routes of the people endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(list))
        .routes(routes!(overview))
        .routes(routes!(get, update, delete))
        .routes(routes!(pause))
        .routes(routes!(resume))
}
