//! Alert rules over HTTP: list, create, read, change, delete. The use cases
//! are in `service::alert_rules`.

use std::sync::Arc;

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use latchkey_core::{
    alert::AlertRule,
    ids::{AlertRuleId, SiteId},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    error::{ApiJson, ApiPath, ApiResult},
    safe_writes::{IfMatch, create_once, idempotency_key, with_etag},
    service::alert_rules::{self, AlertRuleChange, NewAlertRule},
};

/// `GET /sites/{id}/alert-rules`.
#[utoipa::path(operation_id = "alerts_of_site", get, path = "/sites/{id}/alert-rules", tag = "alerts", params(("id" = String, Path, description = "The site id")), responses((status = 200, body = Vec<latchkey_core::alert::AlertRule>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn of_site(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(site): ApiPath<SiteId>,
) -> ApiResult<ApiJson<Vec<AlertRule>>> {
    Ok(ApiJson(
        state
            .db
            .read(|conn| alert_rules::list(conn, &auth, &site))?,
    ))
}

/// `POST /sites/{id}/alert-rules` (with `Idempotency-Key`).
#[utoipa::path(operation_id = "alerts_create", post, path = "/sites/{id}/alert-rules", tag = "alerts", params(("id" = String, Path, description = "The site id"), ("Idempotency-Key" = String, Header, description = "Makes the create safe to retry")), request_body = NewAlertRule, responses((status = 201, body = latchkey_core::alert::AlertRule), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(site): ApiPath<SiteId>,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewAlertRule>,
) -> ApiResult<Response> {
    auth.check_site(&site)?;
    let key = idempotency_key(&headers)?;
    let name = alert_rules::check_new(&new)?;
    let now = state.clock.now();
    state.db.write(|w| {
        create_once(w, auth.0.id.as_str(), &key, &(&site, &new), |w| {
            alert_rules::create(&**w, &site, name, &new, now)
        })
    })
}

/// `GET /alert-rules/{id}`, with its ETag.
#[utoipa::path(operation_id = "alerts_get", get, path = "/alert-rules/{id}", tag = "alerts", params(("id" = String, Path, description = "The alert rule id")), responses((status = 200, body = latchkey_core::alert::AlertRule), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn get(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<AlertRuleId>,
) -> ApiResult<Response> {
    let row = state.db.read(|conn| alert_rules::get(conn, &auth, &id))?;
    Ok(with_etag(&row.rule, row.version))
}

/// `PATCH /alert-rules/{id}` (with `If-Match`).
#[utoipa::path(operation_id = "alerts_update", patch, path = "/alert-rules/{id}", tag = "alerts", params(("id" = String, Path, description = "The alert rule id"), ("If-Match" = String, Header, description = "ETag of the version being changed")), request_body = AlertRuleChange, responses((status = 200, body = latchkey_core::alert::AlertRule), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 412, description = "Stale If-Match", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<AlertRuleId>,
    if_match: IfMatch,
    ApiJson(change): ApiJson<AlertRuleChange>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let row = state
        .db
        .write(|w| alert_rules::change(w, &auth, &id, &if_match, &change, now))?;
    Ok(with_etag(&row.rule, row.version))
}

/// `DELETE /alert-rules/{id}`.
#[utoipa::path(operation_id = "alerts_delete", delete, path = "/alert-rules/{id}", tag = "alerts", params(("id" = String, Path, description = "The alert rule id")), responses((status = 204, description = "Deleted"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<AlertRuleId>,
) -> ApiResult<StatusCode> {
    state.db.write(|w| alert_rules::delete(&**w, &auth, &id))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Routes of the alert-rule endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(of_site, create))
        .routes(routes!(get, update, delete))
}
