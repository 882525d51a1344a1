//! Sites: list, read, and change a site's name or code policy.

use std::sync::Arc;

use axum::{extract::State, http::HeaderMap, response::Response};
use latchkey_core::{
    ids::SiteId,
    site::{CodePolicy, Site},
};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::{
    AppState,
    auth::Auth,
    db::{from_json, to_json},
    error::{ApiError, ApiJson, ApiPath, ApiResult},
    records::load_site,
    safe_writes::{check_if_match, with_etag},
};

/// `GET /sites`: the sites this account may see.
#[utoipa::path(operation_id = "sites_list", get, path = "/api/v1/sites", tag = "sites", responses((status = 200, body = Vec<latchkey_core::site::Site>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn list(State(state): State<Arc<AppState>>, auth: Auth) -> ApiResult<ApiJson<Vec<Site>>> {
    state.db.read(|conn| {
        let mut statement = conn.prepare(
            "SELECT data FROM sites WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY name, id",
        )?;
        let rows: Vec<String> = statement.query_map([super::sites_json(&auth)], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(ApiJson(rows.iter().map(|d| from_json(d)).collect::<ApiResult<_>>()?))
    })
}

/// `GET /sites/{id}`, with its ETag.
#[utoipa::path(operation_id = "sites_get", get, path = "/api/v1/sites/{id}", tag = "sites", params(("id" = String, Path, description = "The site id")), responses((status = 200, description = "The site, with its ETag", body = latchkey_core::site::Site), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn get(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<SiteId>,
) -> ApiResult<Response> {
    auth.check_site(&id)?;
    let (site, version) = state.db.read(|conn| load_site(conn, &id))?;
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
#[utoipa::path(operation_id = "sites_update", patch, path = "/api/v1/sites/{id}", tag = "sites", params(("id" = String, Path, description = "The site id"), ("If-Match" = String, Header, description = "ETag of the version being changed")), request_body = SiteChange, responses((status = 200, body = latchkey_core::site::Site), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 412, description = "Stale If-Match", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<SiteId>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<SiteChange>,
) -> ApiResult<Response> {
    auth.check_site(&id)?;
    if let Some(policy) = &change.policy {
        validate_policy(policy)?;
    }
    let name = change.name.as_deref().map(str::trim);
    if name == Some("") {
        return Err(ApiError::invalid("Give the site a name.").field("name"));
    }
    let (site, version) = state.db.write(|w| {
        let (mut site, version) = load_site(w, &id)?;
        check_if_match(&headers, version)?;
        if let Some(name) = name {
            site.name = name.to_owned();
        }
        if let Some(policy) = change.policy.clone() {
            site.policy = policy;
        }
        w.execute(
            "UPDATE sites SET data = ?1, name = ?2, version = version + 1 WHERE id = ?3",
            params![to_json(&site)?, site.name, site.id.as_str()],
        )?;
        Ok((site, version + 1))
    })?;
    Ok(with_etag(&site, version))
}

fn validate_policy(policy: &CodePolicy) -> ApiResult<()> {
    if policy.pin_lengths.is_empty() {
        return Err(ApiError::invalid("Allow at least one PIN length.").field("policy.pin_lengths"));
    }
    if policy
        .pin_lengths
        .iter()
        .any(|&len| !(4..=12).contains(&len))
    {
        return Err(
            ApiError::invalid("PIN lengths must be between 4 and 12 digits.")
                .field("policy.pin_lengths"),
        );
    }
    if policy.keypad_lockout.lockout_seconds > 86_400 {
        return Err(
            ApiError::invalid("A keypad lockout can last at most a day.")
                .field("policy.keypad_lockout.lockout_seconds"),
        );
    }
    Ok(())
}
