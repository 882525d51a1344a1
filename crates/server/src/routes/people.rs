//! People: list with search and filters, create, read, change, delete, pause and resume.

use std::sync::Arc;

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use latchkey_core::{
    event::EventKind,
    ids::{PersonId, SiteId},
    paging::{Page, PageQuery},
    person::{NewPerson, Person, PersonChange, PersonKind, PersonOverview, PersonStatus},
};
use rusqlite::params;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    db::{Write, new_id},
    drivers::sync_rows::{refresh_lock_counts, want_off, want_on},
    error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult},
    event_log::user_event,
    input::clean_name,
    records::{
        PersonRow, codes_of_person, insert_person, load_person, load_site, save_person,
        site_local_now, sort_key, with_status,
    },
    routes::sites_json,
    safe_writes::{IfMatch, create_once, idempotency_key, with_etag},
    service::paging::page_in_memory,
    service::versioned,
    service::{codes::remove_code, visible::visible_person},
};

/// Filters of `GET /people`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleFilter {
    pub site_id: Option<SiteId>,
    pub q: Option<String>,
    pub kind: Option<PersonKind>,
    pub status: Option<PersonStatus>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The people matching a filter, with their status, in name order.
fn matching_people(
    conn: &rusqlite::Connection,
    auth: &Auth,
    filter: &PeopleFilter,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Vec<Person>> {
    let q = filter
        .q
        .as_deref()
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let mut statement = conn.prepare(
        "SELECT id, site_id FROM people WHERE deleted = 0 AND site_id IN (SELECT value FROM json_each(?1))
         AND (?2 IS NULL OR site_id = ?2) ORDER BY sort_key",
    )?;
    let ids: Vec<(String, String)> = statement
        .query_map(
            params![
                sites_json(auth),
                filter.site_id.as_ref().map(|s| s.as_str())
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<Result<_, _>>()?;
    let mut sites = std::collections::HashMap::new();
    let mut people = Vec::new();
    for (id, site_id) in ids {
        let row = load_person(conn, &PersonId(id))?;
        if q.as_ref()
            .is_some_and(|q| !row.person.name.to_lowercase().contains(q.as_str()))
        {
            continue;
        }
        if filter.kind.is_some_and(|kind| kind != row.person.kind) {
            continue;
        }
        if !sites.contains_key(&site_id) {
            sites.insert(
                site_id.clone(),
                load_site(conn, &SiteId(site_id.clone()))?.0,
            );
        }
        let person = with_status(conn, row, site_local_now(&sites[&site_id], now))?;
        if filter.status.is_some_and(|status| status != person.status) {
            continue;
        }
        people.push(person);
    }
    Ok(people)
}

/// `GET /people`.
#[utoipa::path(operation_id = "people_list", get, path = "/people", tag = "people", params(PeopleFilter), responses((status = 200, body = latchkey_core::paging::Page<latchkey_core::person::Person>), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiQuery(filter): ApiQuery<PeopleFilter>,
) -> ApiResult<ApiJson<Page<Person>>> {
    let now = state.clock.now();
    state.db.read(|conn| {
        let people = matching_people(conn, &auth, &filter, now)?;
        let paging = PageQuery {
            limit: filter.limit,
            cursor: filter.cursor.clone(),
        };
        Ok(ApiJson(page_in_memory(people, &paging, |p| {
            sort_key(&p.name, p.id.as_str())
        })))
    })
}

/// `GET /people/overview`: the People list: each person with their codes, doors and sync health.
#[utoipa::path(operation_id = "people_overview", get, path = "/people/overview", tag = "people", params(PeopleFilter), responses((status = 200, body = latchkey_core::paging::Page<latchkey_core::person::PersonOverview>), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn overview(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiQuery(filter): ApiQuery<PeopleFilter>,
) -> ApiResult<ApiJson<Page<PersonOverview>>> {
    let now = state.clock.now();
    state.db.read(|conn| {
        let people = matching_people(conn, &auth, &filter, now)?;
        let paging = PageQuery { limit: filter.limit, cursor: filter.cursor.clone() };
        let page = page_in_memory(people, &paging, |p| sort_key(&p.name, p.id.as_str()));
        let mut counts = conn.prepare(
            "SELECT (SELECT COUNT(*) FROM codes WHERE person_id = ?1 AND deleted = 0),
                    COUNT(DISTINCT cl.lock_id) FILTER (WHERE cl.wanted = 1),
                    COUNT(*) FILTER (WHERE cl.status = 'failed'),
                    COUNT(*) FILTER (WHERE cl.status IN ('pending', 'setting', 'removing'))
             FROM code_locks cl JOIN codes c ON c.id = cl.code_id WHERE c.person_id = ?1 AND c.deleted = 0",
        )?;
        let items = page
            .items
            .into_iter()
            .map(|person| {
                let (codes, doors, failed, pending) =
                    counts.query_row([person.id.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
                Ok(PersonOverview { person, codes, doors, failed, pending })
            })
            .collect::<ApiResult<_>>()?;
        Ok(ApiJson(Page { items, next_cursor: page.next_cursor, total: page.total }))
    })
}

fn person_response(
    conn: &rusqlite::Connection,
    row: PersonRow,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Response> {
    let (site, _) = load_site(conn, &row.person.site_id)?;
    let version = row.version;
    let person = with_status(conn, row, site_local_now(&site, now))?;
    Ok(with_etag(&person, version))
}

/// `GET /people/{id}`, with its ETag.
#[utoipa::path(operation_id = "people_get", get, path = "/people/{id}", tag = "people", params(("id" = String, Path, description = "The person id")), responses((status = 200, body = latchkey_core::person::Person), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn get(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    state.db.read(|conn| {
        let row = visible_person(conn, &auth, &id)?;
        person_response(conn, row, now)
    })
}

fn clean_contact(
    phone: Option<String>,
    email: Option<String>,
) -> ApiResult<(Option<String>, Option<String>)> {
    let phone = phone.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty());
    let email = email.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
    if let Some(phone) = &phone {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        if digits < 5
            || phone.len() > 32
            || !phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        {
            return Err(ApiError::invalid(
                "Enter a phone number with digits, spaces, +, - or ( ).",
            )
            .field("phone"));
        }
    }
    if let Some(email) = &email {
        let valid = email.len() <= 254
            && email.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
            })
            && !email.chars().any(char::is_whitespace);
        if !valid {
            return Err(
                ApiError::invalid("Enter an e-mail address like name@example.com.").field("email"),
            );
        }
    }
    Ok((phone, email))
}

/// `POST /sites/{id}/people` (with `Idempotency-Key`).
#[utoipa::path(operation_id = "people_create", post, path = "/sites/{id}/people", tag = "people", params(("id" = String, Path, description = "The site id"), ("Idempotency-Key" = String, Header, description = "Makes the create safe to retry")), request_body = latchkey_core::person::NewPerson, responses((status = 201, body = latchkey_core::person::Person), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(site): ApiPath<SiteId>,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewPerson>,
) -> ApiResult<Response> {
    auth.check_site(&site)?;
    let key = idempotency_key(&headers)?;
    let name = clean_name(&new.name, "name")?;
    let (phone, email) = clean_contact(new.phone.clone(), new.email.clone())?;
    let now = state.clock.now();
    state.db.write(|w| {
        create_once(w, auth.0.id.as_str(), &key, &(&site, &new), |w| {
            load_site(w, &site)?;
            let person = Person {
                id: PersonId(new_id("person")),
                site_id: site.clone(),
                name,
                kind: new.kind,
                phone,
                email,
                status: PersonStatus::Active,
                created_at: now,
                updated_at: now,
            };
            insert_person(w, &person, false)?;
            Ok(person)
        })
    })
}

/// `PATCH /people/{id}` (with `If-Match`).
#[utoipa::path(operation_id = "people_update", patch, path = "/people/{id}", tag = "people", params(("id" = String, Path, description = "The person id"), ("If-Match" = String, Header, description = "ETag of the version being changed")), request_body = latchkey_core::person::PersonChange, responses((status = 200, body = latchkey_core::person::Person), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 412, description = "Stale If-Match", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
    if_match: IfMatch,
    ApiJson(change): ApiJson<PersonChange>,
) -> ApiResult<Response> {
    let name = change
        .name
        .as_deref()
        .map(|n| clean_name(n, "name"))
        .transpose()?;
    let now = state.clock.now();
    state.db.write(|w| {
        let (row, ()) =
            versioned::update::<PersonRow, _>(w, &auth, &id, &if_match, now, |_, row| {
                let phone = change.phone.clone().or(row.person.phone.clone());
                let email = change.email.clone().or(row.person.email.clone());
                let (phone, email) = clean_contact(phone, email)?;
                if let Some(name) = name.clone() {
                    row.person.name = name;
                }
                if let Some(kind) = change.kind {
                    row.person.kind = kind;
                }
                row.person.phone = phone;
                row.person.email = email;
                Ok(())
            })?;
        person_response(w, row, now)
    })
}

/// `DELETE /people/{id}`: removes the person and every code of theirs from every
/// door. Their history stays in the activity.
#[utoipa::path(operation_id = "people_delete", delete, path = "/people/{id}", tag = "people", params(("id" = String, Path, description = "The person id")), responses((status = 204, description = "Deleted; their codes come off every door"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<StatusCode> {
    let now = state.clock.now();
    state.db.write(|w| {
        visible_person(w, &auth, &id)?;
        for code in codes_of_person(w, &id)? {
            remove_code(w, &auth, &code, now)?;
        }
        w.execute(
            "UPDATE people SET deleted = 1, version = version + 1 WHERE id = ?1",
            [id.as_str()],
        )?;
        Ok(StatusCode::NO_CONTENT)
    })
}

/// `POST /people/{id}/pause`: their codes stop working everywhere until resumed.
#[utoipa::path(operation_id = "people_pause", post, path = "/people/{id}/pause", tag = "people", params(("id" = String, Path, description = "The person id")), responses((status = 200, body = latchkey_core::person::Person), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn pause(
    state: State<Arc<AppState>>,
    auth: Auth,
    id: ApiPath<PersonId>,
) -> ApiResult<Response> {
    set_paused(state, auth, id, true).await
}

/// `POST /people/{id}/resume`.
#[utoipa::path(operation_id = "people_resume", post, path = "/people/{id}/resume", tag = "people", params(("id" = String, Path, description = "The person id")), responses((status = 200, body = latchkey_core::person::Person), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn resume(
    state: State<Arc<AppState>>,
    auth: Auth,
    id: ApiPath<PersonId>,
) -> ApiResult<Response> {
    set_paused(state, auth, id, false).await
}

async fn set_paused(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
    paused: bool,
) -> ApiResult<Response> {
    let now = state.clock.now();
    state.db.write(|w| {
        let mut row = visible_person(w, &auth, &id)?;
        if row.paused == paused {
            return person_response(w, row, now);
        }
        row.paused = paused;
        save_person(w, &mut row, now)?;
        apply_pause_to_locks(w, &id, paused, now)?;
        let kind = if paused {
            EventKind::PersonPaused
        } else {
            EventKind::PersonResumed
        };
        let mut event = user_event(&auth, &row.person.site_id, kind, now);
        event.person_id = Some(id.clone());
        crate::event_log::record(w, event)?;
        person_response(w, row, now)
    })
}

/// Pausing takes a person's codes off every lock; resuming puts them back.
fn apply_pause_to_locks(
    w: &Write<'_>,
    person: &PersonId,
    paused: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    for code in codes_of_person(w, person)? {
        for lock in &code.code.doors {
            if paused {
                want_off(w, &code.code.id, lock, now)?;
            } else {
                want_on(w, &code.code.id, lock, now)?;
            }
            refresh_lock_counts(w, lock, now)?;
        }
    }
    Ok(())
}

/// Routes of the people endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(list))
        .routes(routes!(overview))
        .routes(routes!(get, update, delete))
        .routes(routes!(pause))
        .routes(routes!(resume))
}
