//! The alerts inbox: alerts that fired, newest first, with an unread count
//! and a way to mark them read.

use std::sync::Arc;

use axum::{extract::State, http::StatusCode};
use latchkey_core::{
    alert::Alert,
    ids::AlertId,
    paging::{Page, PageQuery},
};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    db::from_json,
    error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult},
    routes::{decode_cursor, encode_cursor, sites_json},
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
        cursor: filter.cursor.clone(),
    };
    let before: i64 = match paging.cursor.as_deref() {
        Some(cursor) => decode_cursor(cursor)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| {
                ApiError::bad_request("This cursor is not one the server gave.").field("cursor")
            })?,
        None => i64::MAX,
    };
    let limit = paging.limit();
    state.db.read(|conn| {
        let rows: Vec<(i64, bool, String)> = conn
            .prepare(
                "SELECT seq, read, data FROM alerts WHERE site_id IN (SELECT value FROM json_each(?1))
                 AND seq < ?2 AND (?3 = 0 OR read = 0) ORDER BY seq DESC LIMIT ?4",
            )?
            .query_map(
                params![sites_json(&auth), before, filter.unread, i64::from(limit) + 1],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?
            .collect::<Result<_, _>>()?;
        let more = rows.len() > limit as usize;
        let mut items = Vec::new();
        let mut last_seq = 0;
        for (seq, read, data) in rows.into_iter().take(limit as usize) {
            let mut alert: Alert = from_json(&data)?;
            alert.read = read;
            items.push(alert);
            last_seq = seq;
        }
        Ok(ApiJson(Page {
            items,
            next_cursor: more.then(|| encode_cursor(&last_seq.to_string())),
            total: None,
        }))
    })
}

/// `GET /alerts/unread`: how many alerts are waiting to be read.
#[utoipa::path(operation_id = "alerts_unread", get, path = "/alerts/unread", tag = "alerts", responses((status = 200, body = UnreadAlerts), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn unread(
    State(state): State<Arc<AppState>>,
    auth: Auth,
) -> ApiResult<ApiJson<UnreadAlerts>> {
    state.db.read(|conn| {
        let count = conn.query_row(
            "SELECT COUNT(*) FROM alerts WHERE site_id IN (SELECT value FROM json_each(?1)) AND read = 0",
            [sites_json(&auth)],
            |r| r.get(0),
        )?;
        Ok(ApiJson(UnreadAlerts { count }))
    })
}

/// `POST /alerts/{id}/read`.
#[utoipa::path(operation_id = "alerts_mark_read", post, path = "/alerts/{id}/read", tag = "alerts", params(("id" = String, Path, description = "The alert id")), responses((status = 204, description = "Marked read"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn mark_read(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<AlertId>,
) -> ApiResult<StatusCode> {
    state.db.write(|w| {
        let changed = w.execute(
            "UPDATE alerts SET read = 1 WHERE id = ?1 AND site_id IN (SELECT value FROM json_each(?2))",
            params![id.as_str(), sites_json(&auth)],
        )?;
        if changed == 0 {
            return Err(ApiError::not_found("alert"));
        }
        Ok(StatusCode::NO_CONTENT)
    })
}

/// `POST /alerts/read`: marks every alert read.
#[utoipa::path(operation_id = "alerts_mark_all_read", post, path = "/alerts/read", tag = "alerts", responses((status = 204, description = "All marked read"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn mark_all_read(
    State(state): State<Arc<AppState>>,
    auth: Auth,
) -> ApiResult<StatusCode> {
    state.db.write(|w| {
        w.execute(
            "UPDATE alerts SET read = 1 WHERE read = 0 AND site_id IN (SELECT value FROM json_each(?1))",
            [sites_json(&auth)],
        )?;
        Ok(StatusCode::NO_CONTENT)
    })
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
