//! Alert rules: list, create, change, delete. They are evaluated on every
//! event by `crate::alerting`; what they fire lands in `alert_inbox`.

use std::sync::Arc;

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use latchkey_core::{
    alert::{AlertChannel, AlertRule, AlertTrigger},
    error::ErrorCode,
    ids::{AlertRuleId, SiteId},
};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    db::{from_json, new_id, to_json},
    error::{ApiError, ApiJson, ApiPath, ApiResult},
    input::clean_name,
    records::{load_lock, load_person},
    safe_writes::{IfMatch, create_once, idempotency_key, with_etag},
    service::versioned::{self, AlertRuleRow, Versioned},
};

/// Body of `POST /sites/{id}/alert-rules`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAlertRule {
    pub name: String,
    pub trigger: AlertTrigger,
    #[serde(default)]
    pub channels: Vec<AlertChannel>,
}

/// Body of `PATCH /alert-rules/{id}`.
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertRuleChange {
    pub name: Option<String>,
    pub trigger: Option<AlertTrigger>,
    pub channels: Option<Vec<AlertChannel>>,
    pub enabled: Option<bool>,
}

/// `GET /sites/{id}/alert-rules`.
#[utoipa::path(operation_id = "alerts_of_site", get, path = "/sites/{id}/alert-rules", tag = "alerts", params(("id" = String, Path, description = "The site id")), responses((status = 200, body = Vec<latchkey_core::alert::AlertRule>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn of_site(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(site): ApiPath<SiteId>,
) -> ApiResult<ApiJson<Vec<AlertRule>>> {
    auth.check_site(&site)?;
    state.db.read(|conn| {
        let rows: Vec<String> = conn
            .prepare("SELECT data FROM alert_rules WHERE site_id = ?1 ORDER BY id")?
            .query_map([site.as_str()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ApiJson(
            rows.iter()
                .map(|d| from_json(d))
                .collect::<ApiResult<_>>()?,
        ))
    })
}

fn check_trigger(trigger: &AlertTrigger) -> ApiResult<()> {
    if let AlertTrigger::WrongCodes { count, minutes, .. } = trigger
        && (*count == 0 || *minutes == 0 || *count > 100 || *minutes > 24 * 60)
    {
        return Err(
            ApiError::invalid("Use 1–100 wrong codes within 1–1440 minutes.").field("trigger"),
        );
    }
    Ok(())
}

/// The person and door a trigger names must be at the rule's site. One that is
/// not (made up, or at another site, visible to this account or not) answers the
/// same 422, naming neither it nor its site.
fn check_trigger_ids(
    conn: &rusqlite::Connection,
    site: &SiteId,
    trigger: &AlertTrigger,
) -> ApiResult<()> {
    let at_site = |found: ApiResult<SiteId>| match found {
        Ok(found) => Ok(&found == site),
        Err(e) if e.body.code == ErrorCode::NotFound => Ok(false),
        Err(e) => Err(e),
    };
    match trigger {
        AlertTrigger::CodeUsed { person_id } => {
            let found = load_person(conn, person_id).map(|row| row.person.site_id);
            if !at_site(found)? {
                return Err(ApiError::invalid("There is no such person at this site.")
                    .field("trigger.person_id"));
            }
        }
        AlertTrigger::WrongCodes {
            lock_id: Some(lock_id),
            ..
        } => {
            let found = load_lock(conn, lock_id).map(|row| row.lock.site_id);
            if !at_site(found)? {
                return Err(ApiError::invalid("There is no such door at this site.")
                    .field("trigger.lock_id"));
            }
        }
        _ => {}
    }
    Ok(())
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
    let name = clean_name(&new.name, "name")?;
    check_trigger(&new.trigger)?;
    let now = state.clock.now();
    state.db.write(|w| {
        create_once(w, auth.0.id.as_str(), &key, &(&site, &new), |w| {
            check_trigger_ids(w, &site, &new.trigger)?;
            let rule = AlertRule {
                id: AlertRuleId(new_id("alert")),
                site_id: site.clone(),
                name,
                trigger: new.trigger.clone(),
                channels: new.channels.clone(),
                enabled: true,
                created_at: now,
            };
            w.execute(
                "INSERT INTO alert_rules (id, site_id, data) VALUES (?1, ?2, ?3)",
                params![rule.id.as_str(), site.as_str(), to_json(&rule)?],
            )?;
            Ok(rule)
        })
    })
}

fn visible_rule(
    conn: &rusqlite::Connection,
    auth: &Auth,
    id: &AlertRuleId,
) -> ApiResult<(AlertRule, i64)> {
    let row = AlertRuleRow::load_visible(conn, auth, id)?;
    Ok((row.rule, row.version))
}

/// `GET /alert-rules/{id}`, with its ETag.
#[utoipa::path(operation_id = "alerts_get", get, path = "/alert-rules/{id}", tag = "alerts", params(("id" = String, Path, description = "The alert rule id")), responses((status = 200, body = latchkey_core::alert::AlertRule), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn get(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<AlertRuleId>,
) -> ApiResult<Response> {
    let (rule, version) = state.db.read(|conn| visible_rule(conn, &auth, &id))?;
    Ok(with_etag(&rule, version))
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
    let name = change
        .name
        .as_deref()
        .map(|n| clean_name(n, "name"))
        .transpose()?;
    if let Some(trigger) = &change.trigger {
        check_trigger(trigger)?;
    }
    let now = state.clock.now();
    state.db.write(|w| {
        let (row, ()) =
            versioned::update::<AlertRuleRow, _>(w, &auth, &id, &if_match, now, |w, row| {
                let rule = &mut row.rule;
                if let Some(name) = name.clone() {
                    rule.name = name;
                }
                if let Some(trigger) = change.trigger.clone() {
                    check_trigger_ids(w, &rule.site_id, &trigger)?;
                    rule.trigger = trigger;
                }
                if let Some(channels) = change.channels.clone() {
                    rule.channels = channels;
                }
                if let Some(enabled) = change.enabled {
                    rule.enabled = enabled;
                }
                Ok(())
            })?;
        Ok(with_etag(&row.rule, row.version))
    })
}

/// `DELETE /alert-rules/{id}`.
#[utoipa::path(operation_id = "alerts_delete", delete, path = "/alert-rules/{id}", tag = "alerts", params(("id" = String, Path, description = "The alert rule id")), responses((status = 204, description = "Deleted"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<AlertRuleId>,
) -> ApiResult<StatusCode> {
    state.db.write(|w| {
        visible_rule(w, &auth, &id)?;
        w.execute("DELETE FROM alert_rules WHERE id = ?1", [id.as_str()])?;
        Ok(StatusCode::NO_CONTENT)
    })
}

/// Routes of the alert-rule endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(of_site, create))
        .routes(routes!(get, update, delete))
}
