//! Access codes: create (PIN generated or chosen, checked against every door),
//! change PIN / doors / schedule / name in one step, delete, reveal, retry a door,
//! share, and the PIN check the add-person form calls while the user types.

use std::{collections::BTreeSet, sync::Arc};

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use latchkey_core::{
    code::{
        AccessCode, AccessCodeChange, NewAccessCode, PinCheck, PinChoice, RevealedPin,
        ShareChannel, ShareRequest,
    },
    error::ErrorCode,
    event::EventKind,
    ids::{CodeId, LockId, OutboxId, PersonId, SiteId},
    lock::Lock,
    outbox::OutboxMessage,
    pin::{GenerateProblem, Pin, PinProblem, generate_pin, validate_pin},
    schedule::{Schedule, summary},
    site::{RevealPolicy, Site},
};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    db::new_id,
    drivers::sync_rows::{refresh_lock_counts, want_off, want_on},
    error::{ApiError, ApiJson, ApiPath, ApiResult},
    input::clean_name,
    records::{CodeRow, existing_pins, insert_code, load_lock, load_site, site_local_now},
    safe_writes::{IfMatch, create_once, idempotency_key, with_etag},
    service::{
        codes::{record_code_event, remove_code},
        versioned,
        visible::{visible_code, visible_person},
    },
    store::outbox::OutboxStore,
};

/// What a chosen door that is not at the site answers: the same for a made-up id,
/// a door of a site this account may not see and one of its own other sites, so
/// the answer tells nothing about other sites (no name, no id).
fn no_such_door() -> ApiError {
    ApiError::invalid("One of the chosen doors is not at this site.").field("doors")
}

/// The chosen doors: not empty, no repeats, all at `site`.
fn chosen_locks(
    conn: &rusqlite::Connection,
    site: &SiteId,
    doors: &[LockId],
) -> ApiResult<Vec<Lock>> {
    if doors.is_empty() {
        return Err(ApiError::invalid("Choose at least one door.").field("doors"));
    }
    let unique: BTreeSet<&LockId> = doors.iter().collect();
    if unique.len() != doors.len() {
        return Err(ApiError::invalid("A door is listed twice.").field("doors"));
    }
    doors
        .iter()
        .map(|id| {
            let row = load_lock(conn, id).map_err(|e| match e.body.code {
                ErrorCode::NotFound => no_such_door(),
                _ => e,
            })?;
            if &row.lock.site_id != site {
                return Err(no_such_door());
            }
            Ok(row.lock)
        })
        .collect()
}

fn check_schedule(schedule: &Schedule) -> ApiResult<()> {
    match schedule.problems().first() {
        Some(problem) => Err(ApiError::invalid(problem.to_string())
            .field(format!("schedule.{}", problem.field()))
            .detail(problem)),
        None => Ok(()),
    }
}

/// A PIN problem as an API error: a collision is a conflict (409), the rest invalid (422).
fn pin_error(problem: PinProblem) -> ApiError {
    let code = if matches!(problem, PinProblem::AlreadyUsed { .. }) {
        ErrorCode::Conflict
    } else {
        ErrorCode::Invalid
    };
    ApiError::new(code, problem.to_string())
        .field("pin")
        .detail(&problem)
}

fn generate_error(problem: GenerateProblem) -> ApiError {
    ApiError::invalid(problem.to_string())
        .field("pin")
        .detail(&problem)
}

/// Picks the PIN for a new or changed code, checked against everything.
fn choose_pin(
    conn: &rusqlite::Connection,
    site: &Site,
    choice: &PinChoice,
    locks: &[Lock],
    editing: Option<&CodeId>,
) -> ApiResult<Pin> {
    let existing: Vec<_> = existing_pins(conn, &site.id)?
        .into_iter()
        .filter(|e| Some(&e.code_id) != editing)
        .collect();
    match choice {
        PinChoice::Generate { length } => {
            generate_pin(*length, &site.policy, locks, &existing).map_err(generate_error)
        }
        PinChoice::Custom { pin } => {
            validate_pin(pin, true, &site.policy, locks, &existing, editing).map_err(pin_error)?;
            Ok(pin.clone())
        }
    }
}

/// `POST /codes` (with `Idempotency-Key`): a new code for a person on the chosen doors.
#[utoipa::path(operation_id = "codes_create", post, path = "/codes", tag = "codes", params(("Idempotency-Key" = String, Header, description = "Makes the create safe to retry")), request_body = latchkey_core::code::NewAccessCode, responses((status = 201, body = latchkey_core::code::AccessCode), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewAccessCode>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    let name = clean_name(&new.name, "name")?;
    check_schedule(&new.schedule)?;
    let now = state.clock.now();
    state.db.write(|w| {
        create_once(w, auth.0.id.as_str(), &key, &new, |w| {
            let person =
                visible_person(w, &auth, &new.person_id).map_err(|e| e.field("person_id"))?;
            let site_id = person.person.site_id.clone();
            let (site, _) = load_site(w, &site_id)?;
            let locks = chosen_locks(w, &site_id, &new.doors)?;
            let pin = choose_pin(w, &site, &new.pin, &locks, None)?;
            let first_at_site: bool = w.query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM codes WHERE site_id = ?1 AND deleted = 0)",
                [site_id.as_str()],
                |r| r.get(0),
            )?;
            let code = AccessCode {
                id: CodeId(new_id("code")),
                site_id: site_id.clone(),
                person_id: new.person_id.clone(),
                name: name.clone(),
                doors: new.doors.clone(),
                schedule: new.schedule.clone(),
                preset: new.preset,
                is_main: first_at_site,
                pin_length: pin.len() as u8,
                uses: 0,
                created_at: now,
                updated_at: now,
            };
            insert_code(w, &code, &pin)?;
            if !person.paused {
                for lock in &code.doors {
                    want_on(w, &code.id, lock, now)?;
                    refresh_lock_counts(w, lock, now)?;
                }
            }
            record_code_event(w, &auth, &code, EventKind::CodeCreated, now)?;
            Ok(code)
        })
    })
}

/// `GET /codes/{id}`, with its ETag.
#[utoipa::path(operation_id = "codes_get", get, path = "/codes/{id}", tag = "codes", params(("id" = String, Path, description = "The code id")), responses((status = 200, body = latchkey_core::code::AccessCode), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn get(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<CodeId>,
) -> ApiResult<Response> {
    let row = state.db.read(|conn| visible_code(conn, &auth, &id))?;
    Ok(with_etag(&row.code, row.version))
}

/// `GET /people/{id}/codes`.
#[utoipa::path(operation_id = "codes_of_person", get, path = "/people/{id}/codes", tag = "codes", params(("id" = String, Path, description = "The person id")), responses((status = 200, body = Vec<latchkey_core::code::AccessCode>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn of_person(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<ApiJson<Vec<AccessCode>>> {
    state.db.read(|conn| {
        visible_person(conn, &auth, &id)?;
        Ok(ApiJson(
            crate::records::codes_of_person(conn, &id)?
                .into_iter()
                .map(|c| c.code)
                .collect(),
        ))
    })
}

/// `PATCH /codes/{id}` (with `If-Match`): PIN, doors, schedule and name change
/// together, on every door, in one transaction. Never delete-and-recreate.
#[utoipa::path(operation_id = "codes_update", patch, path = "/codes/{id}", tag = "codes", params(("id" = String, Path, description = "The code id"), ("If-Match" = String, Header, description = "ETag of the version being changed")), request_body = latchkey_core::code::AccessCodeChange, responses((status = 200, body = latchkey_core::code::AccessCode), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody), (status = 412, description = "Stale If-Match", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody), (status = 428, description = "Missing If-Match or Idempotency-Key", body = latchkey_core::error::ErrorBody)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<CodeId>,
    if_match: IfMatch,
    ApiJson(change): ApiJson<AccessCodeChange>,
) -> ApiResult<Response> {
    let name = change
        .name
        .as_deref()
        .map(|n| clean_name(n, "name"))
        .transpose()?;
    if let Some(schedule) = &change.schedule {
        check_schedule(schedule)?;
    }
    let now = state.clock.now();
    state.db.write(|w| {
        let (row, (old_doors, pin_changed, schedule_changed)) =
            versioned::update::<CodeRow, _>(w, &auth, &id, &if_match, now, |w, row| {
                let (site, _) = load_site(w, &row.code.site_id)?;
                let old_doors = row.code.doors.clone();
                let new_doors = change.doors.clone().unwrap_or_else(|| old_doors.clone());
                let locks = chosen_locks(w, &site.id, &new_doors)?;
                let pin_changed = match &change.pin {
                    Some(choice) => {
                        row.pin = choose_pin(w, &site, choice, &locks, Some(&id))?;
                        true
                    }
                    None => {
                        // The doors may have changed: the kept PIN must still suit every one.
                        latchkey_core::pin::check_pin_shape(&row.pin, &site.policy, &locks)
                            .map_err(pin_error)?;
                        false
                    }
                };
                let schedule_changed = change
                    .schedule
                    .as_ref()
                    .is_some_and(|s| *s != row.code.schedule);
                if let Some(name) = name.clone() {
                    row.code.name = name;
                }
                if let Some(schedule) = change.schedule.clone() {
                    row.code.schedule = schedule;
                }
                if let Some(preset) = change.preset {
                    row.code.preset = preset;
                }
                row.code.doors = new_doors;
                Ok((old_doors, pin_changed, schedule_changed))
            })?;
        let new_doors = &row.code.doors;
        let paused: bool = w.query_row(
            "SELECT paused FROM people WHERE id = ?1",
            [row.code.person_id.as_str()],
            |r| r.get(0),
        )?;
        if !paused {
            for lock in old_doors.iter().filter(|d| !new_doors.contains(d)) {
                want_off(w, &id, lock, now)?;
                refresh_lock_counts(w, lock, now)?;
            }
            for lock in new_doors {
                let already_there = old_doors.contains(lock);
                if !already_there || pin_changed || schedule_changed {
                    want_on(w, &id, lock, now)?;
                    refresh_lock_counts(w, lock, now)?;
                }
            }
        }
        record_code_event(w, &auth, &row.code, EventKind::CodeChanged, now)?;
        Ok(with_etag(&row.code, row.version))
    })
}

/// `DELETE /codes/{id}`.
#[utoipa::path(operation_id = "codes_delete", delete, path = "/codes/{id}", tag = "codes", params(("id" = String, Path, description = "The code id")), responses((status = 204, description = "Deleted; the code comes off every door"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<CodeId>,
) -> ApiResult<StatusCode> {
    let now = state.clock.now();
    state.db.write(|w| {
        let row = visible_code(w, &auth, &id)?;
        remove_code(w, &auth, &row, now)?;
        Ok(StatusCode::NO_CONTENT)
    })
}

/// `POST /codes/{id}/reveal`: the one answer that carries a stored PIN, where the
/// site allows it; every reveal is recorded.
#[utoipa::path(operation_id = "codes_reveal", post, path = "/codes/{id}/reveal", tag = "codes", params(("id" = String, Path, description = "The code id")), responses((status = 200, description = "The PIN; recorded as an event", body = latchkey_core::code::RevealedPin), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 403, description = "Not allowed", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn reveal(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<CodeId>,
) -> ApiResult<ApiJson<RevealedPin>> {
    let now = state.clock.now();
    state.db.write(|w| {
        let row = visible_code(w, &auth, &id)?;
        let (site, _) = load_site(w, &row.code.site_id)?;
        if site.policy.reveal == RevealPolicy::Never {
            return Err(ApiError::forbidden(format!(
                "{} does not allow showing a PIN after it is created. Change the PIN, or share it with its person.",
                site.name
            )));
        }
        record_code_event(w, &auth, &row.code, EventKind::CodeRevealed, now)?;
        Ok(ApiJson(RevealedPin { code_id: id.clone(), pin: row.pin.clone() }))
    })
}

/// `POST /codes/{id}/locks/{lock_id}/retry`: tries a failed door again.
#[utoipa::path(operation_id = "codes_retry", post, path = "/codes/{id}/locks/{lock_id}/retry", tag = "codes", params(("id" = String, Path, description = "The code id"), ("lock_id" = String, Path, description = "The door to retry")), responses((status = 202, description = "The door is tried again"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody)))]
pub async fn retry(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath((id, lock)): ApiPath<(CodeId, LockId)>,
) -> ApiResult<StatusCode> {
    let now = state.clock.now();
    state.db.write(|w| {
        visible_code(w, &auth, &id)?;
        let status: Option<(String, bool)> = rusqlite::OptionalExtension::optional(w.query_row(
            "SELECT status, wanted FROM code_locks WHERE code_id = ?1 AND lock_id = ?2",
            params![id.as_str(), lock.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ))?;
        match status {
            Some((status, _)) if status == "failed" => {
                crate::drivers::sync_rows::retry_now(w, &id, &lock, now)?;
                refresh_lock_counts(w, &lock, now)?;
                Ok(StatusCode::ACCEPTED)
            }
            // Already being tried again (the lock came back): nothing more to do.
            Some((status, _)) if status != "set" => Ok(StatusCode::ACCEPTED),
            Some(_) => Err(ApiError::conflict(
                "This door has not failed: there is nothing to retry.",
            )),
            None => Err(ApiError::not_found("code on this door")),
        }
    })
}

/// `POST /codes/{id}/share`: sends the code to its person by SMS or e-mail
/// (the mock server puts the message in its outbox instead).
#[utoipa::path(operation_id = "codes_share", post, path = "/codes/{id}/share", tag = "codes", params(("id" = String, Path, description = "The code id")), request_body = latchkey_core::code::ShareRequest, responses((status = 201, body = latchkey_core::outbox::OutboxMessage), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
pub async fn share(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<CodeId>,
    ApiJson(request): ApiJson<ShareRequest>,
) -> ApiResult<(StatusCode, ApiJson<OutboxMessage>)> {
    let now = state.clock.now();
    state.db.write(|w| {
        let row = visible_code(w, &auth, &id)?;
        let person = visible_person(w, &auth, &row.code.person_id)?.person;
        let (site, _) = load_site(w, &row.code.site_id)?;
        let to = match request.channel {
            ShareChannel::Sms => person.phone.clone(),
            ShareChannel::Email => person.email.clone(),
        };
        let Some(to) = to else {
            let (what, field) = match request.channel {
                ShareChannel::Sms => ("a phone number", "phone"),
                ShareChannel::Email => ("an e-mail address", "email"),
            };
            return Err(
                ApiError::invalid(format!("Add {what} for {} first.", person.name)).field(field),
            );
        };
        let doors = crate::records::door_refs(w, &row.code.doors)?;
        let door_names: Vec<&str> = doors.iter().map(|d| d.name.as_str()).collect();
        let when = summary(&row.code.schedule, site_local_now(&site, now).date());
        // The real digits go to the person only; what is stored has them masked.
        let body = crate::service::outbox::mask_pin(
            &format!(
                "Hello {}, your code for {} is {}. It opens: {}. When: {}.",
                person.name,
                site.name,
                row.pin.reveal(),
                door_names.join(", "),
                when
            ),
            &row.pin,
        );
        let message = OutboxMessage {
            id: OutboxId(new_id("outbox")),
            channel: request.channel,
            to,
            subject: (request.channel == ShareChannel::Email)
                .then(|| format!("Your code for {}", site.name)),
            body,
            created_at: now,
        };
        w.put_message(&site.id, &message)?;
        Ok((StatusCode::CREATED, ApiJson(message)))
    })
}

/// Answer of a successful check.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PinCheckOk {
    pub ok: bool,
}

/// `POST /codes/check`: is this PIN usable on these doors? 200, or the typed
/// problem (409 for a collision naming the person and door, 422 otherwise).
/// The PIN travels in the body, never in the URL.
#[utoipa::path(operation_id = "codes_check", post, path = "/codes/check", tag = "codes", request_body = latchkey_core::code::PinCheck, responses((status = 200, body = PinCheckOk), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
pub async fn check(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiJson(check): ApiJson<PinCheck>,
) -> ApiResult<ApiJson<PinCheckOk>> {
    auth.check_site(&check.site_id)?;
    let pin = Pin::parse(&check.pin).map_err(pin_error)?;
    state.db.read(|conn| {
        let (site, _) = load_site(conn, &check.site_id)?;
        let locks = if check.doors.is_empty() {
            Vec::new()
        } else {
            chosen_locks(conn, &site.id, &check.doors)?
        };
        let existing = existing_pins(conn, &site.id)?;
        validate_pin(
            &pin,
            true,
            &site.policy,
            &locks,
            &existing,
            check.code_id.as_ref(),
        )
        .map_err(pin_error)?;
        Ok(ApiJson(PinCheckOk { ok: true }))
    })
}

/// Routes of the code endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(of_person))
        .routes(routes!(create))
        .routes(routes!(check))
        .routes(routes!(get, update, delete))
        .routes(routes!(reveal))
        .routes(routes!(share))
        .routes(routes!(retry))
}
