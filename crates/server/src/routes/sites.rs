//! Sites over HTTP: list, summary, read, and change a site's name or code
//! policy. The use cases are in `service::sites`.

use std::sync::Arc;

use axum::{extract::State, response::Response};
use latchkey_core::{
    ids::SiteId,
    site::{CodePolicy, Site, SiteSummary},
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    error::{ApiJson, ApiPath, ApiResult},
    safe_writes::{IfMatch, with_etag},
    service::sites,
};

/// `GET /sites`: the sites this account may see.
#[utoipa::path(operation_id = "sites_list", get, path = "/sites", tag = "sites", responses((status = 200, body = Vec<latchkey_core::site::Site>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn list(State(state): State<Arc<AppState>>, auth: Auth) -> ApiResult<ApiJson<Vec<Site>>> {
    Ok(ApiJson(state.db.read(|conn| sites::list(conn, &auth))?))
}

/// `GET /sites/{id}`, with its ETag.
#[utoipa::path(operation_id = "sites_get", get, path = "/sites/{id}", tag = "sites", params(("id" = String, Path, description = "The site id")), responses((status = 200, description = "The site, with its ETag", body = latchkey_core::site::Site), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn get(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<SiteId>,
) -> ApiResult<Response> {
    let (site, version) = state.db.read(|conn| sites::get(conn, &auth, &id))?;
    Ok(with_etag(&site, version))
}

/// Body of `PATCH /sites/{id}`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteChange {
    pub name: Option<String>,
    pub policy: Option<CodePolicy>,
}

/// `PATCH /sites/{id}` (with `If-Match`): rename, or change the code policy.
#[utoipa::path(operation_id = "sites_update", patch, path = "/sites/{id}", tag = "sites", params(("id" = String, Path, description = "The site id"), ("If-Match" = String, Header, description = "ETag of the version being changed")), request_body = SiteChange, responses((status = 200, body = latchkey_core::site::Site), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 412, description = "Stale If-Match", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<SiteId>,
    if_match: IfMatch,
    ApiJson(change): ApiJson<SiteChange>,
) -> ApiResult<Response> {
    let row = sites::change(
        &state,
        &auth,
        &id,
        &if_match,
        change.name.as_deref(),
        change.policy,
    )
    .await?;
    Ok(with_etag(&row.site, row.version))
}

/// `GET /sites/summary`: every visible site's doors at a glance.
#[utoipa::path(operation_id = "sites_summary", get, path = "/sites/summary", tag = "sites", responses((status = 200, body = Vec<latchkey_core::site::SiteSummary>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn summary(
    State(state): State<Arc<AppState>>,
    auth: Auth,
) -> ApiResult<ApiJson<Vec<SiteSummary>>> {
    Ok(ApiJson(
        state.db.read(|conn| sites::summaries(conn, &auth))?,
    ))
}

/// Routes of the sites endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(summary))
        .routes(routes!(get, update))
}
