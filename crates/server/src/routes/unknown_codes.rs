//! Codes found on a lock that no one here created: list them, adopt one for a
//! person (it becomes their code, already on the lock), or remove it.

use std::sync::Arc;

use axum::{extract::State, http::StatusCode};
use latchkey_core::{
    code::{AccessCode, AdoptUnknownCode, UnknownCode},
    event::EventKind,
    ids::{CodeId, LockId, UnknownCodeId},
    pin::{Pin, check_pin_unique},
    schedule::{Schedule, SchedulePreset},
};
use rusqlite::{OptionalExtension, params};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    db::{from_json, new_id},
    drivers::sync_rows::{NEVER, now_ms, refresh_lock_counts},
    drivers::{DeviceRef, DriverError},
    error::{ApiError, ApiJson, ApiPath, ApiResult},
    event_log::user_event,
    input::clean_name,
    records::{existing_pins, insert_code},
    service::visible::{visible_lock, visible_person},
};

/// `GET /locks/{id}/unknown-codes`.
#[utoipa::path(operation_id = "unknown_codes_of_lock", get, path = "/locks/{id}/unknown-codes", tag = "unknown codes", params(("id" = String, Path, description = "The lock id")), responses((status = 200, body = Vec<latchkey_core::code::UnknownCode>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn of_lock(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
) -> ApiResult<ApiJson<Vec<UnknownCode>>> {
    state.db.read(|conn| {
        visible_lock(conn, &auth, &id)?;
        let rows: Vec<String> = conn
            .prepare("SELECT data FROM unknown_codes WHERE lock_id = ?1 ORDER BY id")?
            .query_map([id.as_str()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ApiJson(
            rows.iter()
                .map(|d| from_json(d))
                .collect::<ApiResult<_>>()?,
        ))
    })
}

/// Loads a found code (and its PIN) on a lock the account may see.
fn visible_unknown(
    w: &rusqlite::Connection,
    auth: &Auth,
    id: &UnknownCodeId,
) -> ApiResult<(UnknownCode, Pin)> {
    let row: Option<(String, String)> = w
        .query_row(
            "SELECT data, pin FROM unknown_codes WHERE id = ?1",
            [id.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (data, pin) = row.ok_or_else(|| ApiError::not_found("found code"))?;
    let found: UnknownCode = from_json(&data)?;
    visible_lock(w, auth, &found.lock_id).map_err(|_| ApiError::not_found("found code"))?;
    Ok((found, Pin::parse(&pin).map_err(|_| ApiError::internal())?))
}

/// `POST /unknown-codes/{id}/adopt`: the found code becomes a person's code on that door.
#[utoipa::path(operation_id = "unknown_codes_adopt", post, path = "/unknown-codes/{id}/adopt", tag = "unknown codes", params(("id" = String, Path, description = "The found code id")), request_body = latchkey_core::code::AdoptUnknownCode, responses((status = 201, body = latchkey_core::code::AccessCode), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
pub async fn adopt(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<UnknownCodeId>,
    ApiJson(adopt): ApiJson<AdoptUnknownCode>,
) -> ApiResult<(StatusCode, ApiJson<AccessCode>)> {
    let name = clean_name(&adopt.name, "name")?;
    let now = state.clock.now();
    state.db.write(|w| {
        let (found, pin) = visible_unknown(w, &auth, &id)?;
        let person = visible_person(w, &auth, &adopt.person_id).map_err(|e| e.field("person_id"))?.person;
        let lock = visible_lock(w, &auth, &found.lock_id)?.lock;
        if person.site_id != lock.site_id {
            return Err(ApiError::invalid(format!("{} is at another site than {}.", person.name, lock.name)).field("person_id"));
        }
        let existing = existing_pins(w, &lock.site_id)?;
        if let Err(problem) = check_pin_unique(&pin, &existing, std::slice::from_ref(&lock.id), None) {
            return Err(ApiError::conflict(problem.to_string()).field("pin").detail(&problem));
        }
        let code = AccessCode {
            id: CodeId(new_id("code")),
            site_id: lock.site_id.clone(),
            person_id: person.id.clone(),
            name,
            doors: vec![lock.id.clone()],
            schedule: Schedule::always(),
            preset: SchedulePreset::Permanent,
            is_main: false,
            pin_length: pin.len() as u8,
            uses: 0,
            created_at: now,
            updated_at: now,
        };
        insert_code(w, &code, &pin)?;
        // The lock already holds it: no radio round trip needed.
        w.execute(
            "INSERT INTO code_locks (code_id, lock_id, wanted, held, slot, status, due_at, pending_since, updated_at) VALUES (?1, ?2, 1, 1, ?3, 'set', ?4, ?5, ?6)",
            params![code.id.as_str(), lock.id.as_str(), found.slot, NEVER, now_ms(), now.to_rfc3339()],
        )?;
        w.execute("DELETE FROM unknown_codes WHERE id = ?1", [id.as_str()])?;
        refresh_lock_counts(w, &lock.id, now)?;
        let mut event = user_event(&auth, &lock.site_id, EventKind::CodeCreated, now);
        event.code_id = Some(code.id.clone());
        event.person_id = Some(person.id.clone());
        event.lock_id = Some(lock.id.clone());
        crate::event_log::record(w, event)?;
        Ok((StatusCode::CREATED, ApiJson(code)))
    })
}

/// `DELETE /unknown-codes/{id}`: clears the found code from its lock.
#[utoipa::path(operation_id = "unknown_codes_remove", delete, path = "/unknown-codes/{id}", tag = "unknown codes", params(("id" = String, Path, description = "The found code id")), responses((status = 204, description = "Removed from its lock"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn remove(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<UnknownCodeId>,
) -> ApiResult<StatusCode> {
    let (found, lock) = state.db.read(|conn| {
        let (found, _) = visible_unknown(conn, &auth, &id)?;
        let lock = visible_lock(conn, &auth, &found.lock_id)?;
        Ok((found, lock))
    })?;
    // The lock clears the slot first (outside any transaction); only then is it gone.
    let driver = state
        .drivers
        .get(&lock.driver)
        .ok_or_else(ApiError::internal)?;
    driver
        .clear_slot(&DeviceRef(lock.device_ref.clone()), found.slot)
        .await
        .map_err(|err| match err {
            DriverError::Unreachable(_) => ApiError::conflict(format!(
                "{} cannot be reached now, so the code stays on it. Try again when it is back.",
                lock.lock.name
            )),
            other => ApiError::conflict(format!(
                "{} did not clear the code: {other}.",
                lock.lock.name
            )),
        })?;
    let now = state.clock.now();
    state.db.write(|w| {
        w.execute("DELETE FROM unknown_codes WHERE id = ?1", [id.as_str()])?;
        refresh_lock_counts(w, &found.lock_id, now)?;
        let mut event = user_event(&auth, &lock.lock.site_id, EventKind::CodeDeleted, now);
        event.lock_id = Some(found.lock_id.clone());
        crate::event_log::record(w, event)?;
        Ok(StatusCode::NO_CONTENT)
    })
}

/// Routes of the unknown-code endpoints, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(of_lock))
        .routes(routes!(remove))
        .routes(routes!(adopt))
}
