//! Time at a site: its local clock, and the week view of a door or a person
//! (who can get in, and when), made by latchkey-core's rules on the server's
//! (possibly simulated) clock — the same rules the keypad uses.

use std::sync::Arc;

use axum::extract::State;
use chrono::NaiveDate;
use latchkey_core::{
    code::AccessCode,
    ids::{LockId, PersonId, SiteId},
    person::Person,
    refs::PersonRef,
    site::{Site, SiteTime},
    tz::{parse_time_zone, to_local},
    week::{WeekRow, WeekView, monday_of, week_row},
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    db::from_json,
    error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult},
    records::{load_site, site_local_now},
    service::visible::{visible_lock, visible_person},
};

/// `?from=` of the week views.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeekQuery {
    /// The first day (site-local `YYYY-MM-DD`); default: this week's Monday.
    #[param(value_type = Option<String>)]
    pub from: Option<NaiveDate>,
}

/// `GET /sites/{id}/time`.
#[utoipa::path(operation_id = "sites_time", get, path = "/sites/{id}/time", tag = "sites", params(("id" = String, Path, description = "The site id")), responses((status = 200, body = latchkey_core::site::SiteTime), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn site_time(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<SiteId>,
) -> ApiResult<ApiJson<SiteTime>> {
    auth.check_site(&id)?;
    let now = state.clock.now();
    state.db.read(|conn| {
        let (site, _) = load_site(conn, &id)?;
        Ok(ApiJson(SiteTime {
            local_now: site_local_now(&site, now),
            time_zone: site.time_zone,
            site_id: site.id,
        }))
    })
}

/// The view's frame: the site's time zone, its local now, and the first day.
fn frame(site: &Site, query: &WeekQuery, now: chrono::DateTime<chrono::Utc>) -> WeekView {
    let local_now = site_local_now(site, now);
    WeekView {
        time_zone: site.time_zone.clone(),
        local_now,
        from: query.from.unwrap_or_else(|| monday_of(local_now.date())),
        rows: Vec::new(),
    }
}

/// Rows for codes selected by a SQL condition (on `codes c` joined to `people p`).
fn rows(
    conn: &rusqlite::Connection,
    condition: &str,
    param: &str,
    view: &WeekView,
) -> ApiResult<Vec<WeekRow>> {
    let sql = format!(
        "SELECT c.data, p.data, p.paused FROM codes c JOIN people p ON p.id = c.person_id
         WHERE c.deleted = 0 AND p.deleted = 0 AND {condition} ORDER BY p.sort_key, c.id"
    );
    let found: Vec<(String, String, bool)> = conn
        .prepare(&sql)?
        .query_map([param], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let zone = parse_time_zone(&view.time_zone).map_err(|_| ApiError::internal())?;
    found
        .into_iter()
        .map(|(code, person, paused)| {
            let code: AccessCode = from_json(&code)?;
            let person: Person = from_json(&person)?;
            let person = PersonRef {
                id: person.id,
                name: person.name,
            };
            let created = to_local(code.created_at, zone);
            Ok(week_row(
                &code,
                person,
                paused,
                view.local_now,
                view.from,
                created,
            ))
        })
        .collect()
}

/// `GET /locks/{id}/week`: everyone with a code on the door, across seven days.
#[utoipa::path(operation_id = "locks_week", get, path = "/locks/{id}/week", tag = "locks", params(("id" = String, Path, description = "The lock id"), WeekQuery), responses((status = 200, body = latchkey_core::week::WeekView), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn of_lock(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiQuery(query): ApiQuery<WeekQuery>,
) -> ApiResult<ApiJson<WeekView>> {
    let now = state.clock.now();
    state.db.read(|conn| {
        let lock = visible_lock(conn, &auth, &id)?.lock;
        let (site, _) = load_site(conn, &lock.site_id)?;
        let mut view = frame(&site, &query, now);
        view.rows = rows(
            conn,
            "c.id IN (SELECT code_id FROM code_locks WHERE lock_id = ?1 AND wanted = 1)",
            id.as_str(),
            &view,
        )?;
        Ok(ApiJson(view))
    })
}

/// `GET /people/{id}/week`: each of the person's codes, across seven days.
#[utoipa::path(operation_id = "people_week", get, path = "/people/{id}/week", tag = "people", params(("id" = String, Path, description = "The person id"), WeekQuery), responses((status = 200, body = latchkey_core::week::WeekView), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn of_person(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
    ApiQuery(query): ApiQuery<WeekQuery>,
) -> ApiResult<ApiJson<WeekView>> {
    let now = state.clock.now();
    state.db.read(|conn| {
        let person = visible_person(conn, &auth, &id)?.person;
        let (site, _) = load_site(conn, &person.site_id)?;
        let mut view = frame(&site, &query, now);
        view.rows = rows(conn, "c.person_id = ?1", id.as_str(), &view)?;
        Ok(ApiJson(view))
    })
}

/// Routes of the week and site-time endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(site_time))
        .routes(routes!(of_lock))
        .routes(routes!(of_person))
}
