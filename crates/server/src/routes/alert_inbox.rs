//! The alerts inbox over HTTP: alerts that fired, newest first, with an unread
//! count and a way to mark them read. The use cases are in `service::alert_inbox`.

use std::sync::Arc;

use axum::{extract::State, http::StatusCode};
use latchkey_core::{
    alert::Alert,
    ids::AlertId,
    paging::{Page, PageQuery},
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    error::{ApiJson, ApiPath, ApiQuery, ApiResult},
    service::alert_inbox,
};

/// Filters of `GET /alerts`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertFilter {
    /// Only alerts not yet read.
    #[serde(default)]
    pub unread: bool,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// Answer of `GET /alerts/unread`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnreadAlerts {
    pub count: u32,
}

/// `GET /alerts`: the inbox, newest first.
#[utoipa::path(operation_id = "alerts_list", get, path = "/alerts", tag = "alerts", params(AlertFilter), responses((status = 200, body = latchkey_core::paging::Page<latchkey_core::alert::Alert>), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiQuery(filter): ApiQuery<AlertFilter>,
) -> ApiResult<ApiJson<Page<Alert>>> {
    let paging = PageQuery {
        limit: filter.limit,
        cursor: filter.cursor,
    };
    let page = state
        .db
        .read(|conn| alert_inbox::page(conn, &auth, filter.unread, &paging))?;
    Ok(ApiJson(page))
}

/// `GET /alerts/unread`: how many alerts are waiting to be read.
#[utoipa::path(operation_id = "alerts_unread", get, path = "/alerts/unread", tag = "alerts", responses((status = 200, body = UnreadAlerts), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn unread(
    State(state): State<Arc<AppState>>,
    auth: Auth,
) -> ApiResult<ApiJson<UnreadAlerts>> {
    let count = state.db.read(|conn| alert_inbox::unread(conn, &auth))?;
    Ok(ApiJson(UnreadAlerts { count }))
}

/// `POST /alerts/{id}/read`.
#[utoipa::path(operation_id = "alerts_mark_read", post, path = "/alerts/{id}/read", tag = "alerts", params(("id" = String, Path, description = "The alert id")), responses((status = 204, description = "Marked read"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn mark_read(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<AlertId>,
) -> ApiResult<StatusCode> {
    state
        .db
        .write(|w| alert_inbox::mark_read(&**w, &auth, &id))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /alerts/read`: marks every alert read.
#[utoipa::path(operation_id = "alerts_mark_all_read", post, path = "/alerts/read", tag = "alerts", responses((status = 204, description = "All marked read"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn mark_all_read(
    State(state): State<Arc<AppState>>,
    auth: Auth,
) -> ApiResult<StatusCode> {
    state
        .db
        .write(|w| alert_inbox::mark_all_read(&**w, &auth))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Routes of the alert inbox endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(unread))
        .routes(routes!(mark_all_read))
        .routes(routes!(mark_read))
}
