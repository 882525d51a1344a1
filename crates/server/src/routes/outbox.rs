//! The outbox over HTTP: the SMS and e-mail messages the server would have
//! sent, PINs masked. The use cases are in `service::outbox`.

use std::sync::Arc;

use axum::extract::State;
use latchkey_core::{ids::SiteId, outbox::OutboxMessage};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    error::{ApiJson, ApiQuery, ApiResult},
    service::outbox,
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
    let messages = state
        .db
        .read(|conn| outbox::list(conn, &auth, filter.site_id.as_ref()))?;
    Ok(ApiJson(messages))
}

/// Routes of the outbox endpoint, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(list))
}
