//! The outbox: the SMS and e-mail messages the backend would have sent. The mock
//! server records each message with the PIN's digits masked: a PIN is never
//! stored outside its code, and the dashboard never reads one back from here.

use std::sync::Arc;

use axum::extract::State;
use latchkey_core::{ids::SiteId, outbox::OutboxMessage, pin::Pin};
use rusqlite::params;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    db::{Write, from_json, to_json},
    error::{ApiJson, ApiQuery, ApiResult},
    routes::sites_json,
};

/// Filters of `GET /outbox`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxFilter {
    pub site_id: Option<SiteId>,
}

/// `GET /outbox`: newest first.
#[utoipa::path(operation_id = "outbox_list", get, path = "/outbox", tag = "outbox", params(OutboxFilter), responses((status = 200, body = Vec<latchkey_core::outbox::OutboxMessage>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiQuery(filter): ApiQuery<OutboxFilter>,
) -> ApiResult<ApiJson<Vec<OutboxMessage>>> {
    state.db.read(|conn| {
        let mut statement = conn.prepare(
            "SELECT data FROM outbox WHERE site_id IN (SELECT value FROM json_each(?1)) AND (?2 IS NULL OR site_id = ?2)
             ORDER BY seq DESC LIMIT 200",
        )?;
        let rows: Vec<String> = statement
            .query_map(params![sites_json(&auth), filter.site_id.as_ref().map(|s| s.as_str())], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ApiJson(rows.iter().map(|d| from_json(d)).collect::<ApiResult<_>>()?))
    })
}

/// Puts a message in the outbox (the mock server's stand-in for sending it).
pub fn put(w: &Write<'_>, site: &SiteId, message: &OutboxMessage) -> ApiResult<()> {
    let seq: i64 = w.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox", [], |r| {
        r.get(0)
    })?;
    w.execute(
        "INSERT INTO outbox (id, site_id, seq, data) VALUES (?1, ?2, ?3, ?4)",
        params![message.id.as_str(), site.as_str(), seq, to_json(message)?],
    )?;
    Ok(())
}

/// The message text with the PIN's digits replaced by dots.
pub fn mask_pin(text: &str, pin: &Pin) -> String {
    text.replace(pin.reveal(), &"•".repeat(pin.len()))
}

/// Routes of the outbox endpoint, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(list))
}
