//! Sites: list, read, and change a site's name or code policy.

use std::sync::Arc;

use axum::{extract::State, response::Response};
use latchkey_core::{
    ids::SiteId,
    refs::DoorRef,
    site::{CodePolicy, DoorAttention, Site, SiteSummary},
};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    db::from_json,
    error::{ApiError, ApiJson, ApiPath, ApiResult},
    records::load_site,
    safe_writes::{IfMatch, with_etag},
    service::versioned::{self, SiteRow},
};

/// `GET /sites`: the sites this account may see.
#[utoipa::path(operation_id = "sites_list", get, path = "/sites", tag = "sites", responses((status = 200, body = Vec<latchkey_core::site::Site>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
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
#[utoipa::path(operation_id = "sites_get", get, path = "/sites/{id}", tag = "sites", params(("id" = String, Path, description = "The site id")), responses((status = 200, description = "The site, with its ETag", body = latchkey_core::site::Site), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
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
#[utoipa::path(operation_id = "sites_update", patch, path = "/sites/{id}", tag = "sites", params(("id" = String, Path, description = "The site id"), ("If-Match" = String, Header, description = "ETag of the version being changed")), request_body = SiteChange, responses((status = 200, body = latchkey_core::site::Site), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 412, description = "Stale If-Match", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<SiteId>,
    if_match: IfMatch,
    ApiJson(change): ApiJson<SiteChange>,
) -> ApiResult<Response> {
    auth.check_site(&id)?;
    if let Some(policy) = &change.policy {
        validate_policy(policy)?;
    }
    let name = change
        .name
        .as_deref()
        .map(|n| crate::input::clean_name(n, "name"))
        .transpose()?;
    let now = state.clock.now();
    let (row, ()) = state.db.write(|w| {
        versioned::update::<SiteRow, _>(w, &auth, &id, &if_match, now, |_, row| {
            if let Some(name) = name.clone() {
                row.site.name = name;
            }
            if let Some(policy) = change.policy.clone() {
                row.site.policy = policy;
            }
            Ok(())
        })
    })?;
    if change.policy.is_some() {
        // Each lock that follows the site's lockout learns the new rule.
        let locks: Vec<String> = state.db.read(|conn| {
            Ok(conn
                .prepare("SELECT id FROM locks WHERE site_id = ?1")?
                .query_map([id.as_str()], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        })?;
        for lock in locks {
            let row = state
                .db
                .read(|conn| crate::records::load_lock(conn, &latchkey_core::ids::LockId(lock)))?;
            if row.lock.keypad_lockout.is_none() {
                crate::drivers::push_keypad_lockout(&state, &row).await;
            }
        }
    }
    Ok(with_etag(&row.site, row.version))
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

/// `GET /sites/summary`: every visible site's doors at a glance.
#[utoipa::path(operation_id = "sites_summary", get, path = "/sites/summary", tag = "sites", responses((status = 200, body = Vec<latchkey_core::site::SiteSummary>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn summary(
    State(state): State<Arc<AppState>>,
    auth: Auth,
) -> ApiResult<ApiJson<Vec<SiteSummary>>> {
    let low = i64::from(latchkey_core::lock::Lock::LOW_BATTERY_PERCENT);
    state.db.read(|conn| {
        let mut statement = conn.prepare(
            "SELECT s.id, s.name,
               COUNT(l.id),
               COUNT(l.id) FILTER (WHERE l.state = 'locked'),
               COUNT(l.id) FILTER (WHERE l.state = 'unlocked'),
               COUNT(l.id) FILTER (WHERE l.state = 'jammed'),
               COUNT(l.id) FILTER (WHERE l.state = 'unknown'),
               COUNT(l.id) FILTER (WHERE json_extract(l.data, '$.online') = 0),
               COUNT(l.id) FILTER (WHERE json_extract(l.data, '$.battery_percent') <= ?2),
               COUNT(l.id) FILTER (WHERE json_extract(l.data, '$.pending_changes') > 0)
             FROM sites s LEFT JOIN locks l ON l.site_id = s.id
             WHERE s.id IN (SELECT value FROM json_each(?1))
             GROUP BY s.id ORDER BY s.name, s.id",
        )?;
        let rows: Vec<(String, String, [u32; 8])> = statement
            .query_map(params![super::sites_json(&auth), low], |r| {
                Ok((r.get(0)?, r.get(1)?, [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?]))
            })?
            .collect::<Result<_, _>>()?;
        let mut attention = conn.prepare(
            "SELECT data FROM locks WHERE site_id = ?1 AND (state != 'locked' OR json_extract(data, '$.online') = 0
               OR json_extract(data, '$.battery_percent') <= ?2) ORDER BY sort_key LIMIT 5",
        )?;
        let mut summaries = Vec::with_capacity(rows.len());
        for (id, name, [doors, locked, unlocked, jammed, unknown, offline, low_battery, pending]) in rows {
            let locks: Vec<String> = attention.query_map(params![id, low], |r| r.get(0))?.collect::<Result<_, _>>()?;
            let attention = locks
                .iter()
                .map(|data| {
                    let lock: latchkey_core::lock::Lock = from_json(data)?;
                    Ok(DoorAttention {
                        door: DoorRef { id: lock.id.clone(), name: lock.name.clone() },
                        state: lock.state,
                        online: lock.online,
                        battery_low: lock.battery_low(),
                    })
                })
                .collect::<ApiResult<_>>()?;
            summaries.push(SiteSummary {
                site_id: SiteId(id),
                name,
                doors,
                locked,
                unlocked,
                jammed,
                unknown,
                offline,
                low_battery,
                pending,
                attention,
            });
        }
        Ok(ApiJson(summaries))
    })
}

/// Routes of the sites endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(summary))
        .routes(routes!(get, update))
}
