//! The simulation API under `/api/v1/sim`: what tests and demos do to the
//! "physical" world — type at a keypad, turn a bolt by hand, take a phone in and
//! out of range, cut a lock's power, jam it, reset it, drain it, move the clock.
//!
//! Who may: an action on a lock needs the lock's site to be one the account sees
//! (any other lock answers 404, like every id). The clock, the faults and the
//! demo data are the same for every site on the server, so only an account that
//! manages every site may change them; others get 403.

use std::sync::Arc;

use axum::{extract::State, http::StatusCode};
use latchkey_core::{
    event::{EventKind, Method},
    ids::{LockId, UnknownCodeId},
    lock::{DoorPosition, Lock, LockCommand, LockState},
    pin::Pin,
};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::{
    AppState,
    auth::Auth,
    clock::ClockSetting,
    code_sync::{now_ms, refresh_lock_counts, system_event},
    db::{Write, new_id},
    error::{ApiError, ApiJson, ApiPath, ApiResult},
    records::{LockRow, save_lock},
    routes::locks::visible_lock,
    sim::{
        engine::finish_bolt,
        keypad::{KeypadResult, enter_pin},
    },
};

/// Body of `POST /sim/locks/{id}/keypad`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct KeypadEntry {
    pub pin: String,
}

/// `POST /sim/locks/{id}/keypad`: someone types a PIN at the door.
#[utoipa::path(operation_id = "sim_keypad", post, path = "/api/v1/sim/locks/{id}/keypad", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = KeypadEntry, responses((status = 200, body = KeypadResult), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody)))]
pub async fn keypad(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(entry): ApiJson<KeypadEntry>,
) -> ApiResult<ApiJson<KeypadResult>> {
    // Whatever is typed is judged: a non-digit entry is simply a wrong code.
    let pin = Pin::parse(&entry.pin).unwrap_or_else(|_| Pin::parse("0").expect("a digit is a PIN"));
    let now = state.clock.now();
    state.db.write(|w| {
        let lock = visible_lock(w, &auth, &id)?;
        if !lock.lock.online {
            return Err(ApiError::conflict(format!(
                "{} is offline: its keypad does not answer.",
                lock.lock.name
            )));
        }
        Ok(ApiJson(enter_pin(w, &state.sim, lock, &pin, now)?))
    })
}

/// Body of `POST /sim/locks/{id}/manual`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ManualTurn {
    pub action: LockCommand,
}

/// `POST /sim/locks/{id}/manual`: someone turns the bolt by hand.
#[utoipa::path(operation_id = "sim_manual", post, path = "/api/v1/sim/locks/{id}/manual", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = ManualTurn, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody)))]
pub async fn manual(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(turn): ApiJson<ManualTurn>,
) -> ApiResult<ApiJson<Lock>> {
    change_lock(&state, &auth, &id, |w, lock, now| {
        if lock.lock.state == LockState::Jammed {
            return Err(ApiError::conflict(format!("{} is jammed.", lock.lock.name)));
        }
        lock.lock.pending_command = None;
        lock.sim.command_due_ms = None;
        finish_bolt(w, lock, turn.action, Method::Manual, now)
    })
}

/// Body of the on/off simulation switches.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Switch {
    pub on: bool,
}

/// `POST /sim/locks/{id}/phone`: a phone comes in (or goes out of) Bluetooth range.
#[utoipa::path(operation_id = "sim_phone", post, path = "/api/v1/sim/locks/{id}/phone", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = Switch, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn phone(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(switch): ApiJson<Switch>,
) -> ApiResult<ApiJson<Lock>> {
    change_lock(&state, &auth, &id, |w, lock, now| {
        lock.sim.phone_in_range = switch.on;
        if switch.on {
            wake_pending(w, &lock.lock.id)?;
        }
        save_lock(w, lock, now)
    })
}

/// `POST /sim/locks/{id}/online`: the lock loses or regains its connection.
#[utoipa::path(operation_id = "sim_online", post, path = "/api/v1/sim/locks/{id}/online", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = Switch, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn online(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(switch): ApiJson<Switch>,
) -> ApiResult<ApiJson<Lock>> {
    change_lock(&state, &auth, &id, |w, lock, now| {
        if lock.lock.online == switch.on {
            return save_lock(w, lock, now);
        }
        lock.lock.online = switch.on;
        let kind = if switch.on {
            EventKind::LockOnline
        } else {
            EventKind::LockOffline
        };
        record_lock_event(w, lock, kind, now)?;
        if switch.on {
            wake_pending(w, &lock.lock.id)?;
        } else {
            lock.lock.state = LockState::Unknown;
        }
        if switch.on && lock.lock.state == LockState::Unknown {
            lock.lock.state = LockState::Locked;
        }
        save_lock(w, lock, now)
    })
}

/// `POST /sim/locks/{id}/jam`: the bolt sticks (or is freed, leaving it locked).
#[utoipa::path(operation_id = "sim_jam", post, path = "/api/v1/sim/locks/{id}/jam", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = Switch, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn jam(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(switch): ApiJson<Switch>,
) -> ApiResult<ApiJson<Lock>> {
    change_lock(&state, &auth, &id, |w, lock, now| {
        if switch.on && lock.lock.state != LockState::Jammed {
            return crate::sim::engine::jam_bolt(w, lock, now);
        } else if !switch.on && lock.lock.state == LockState::Jammed {
            lock.lock.state = LockState::Locked;
        }
        save_lock(w, lock, now)
    })
}

/// Body of `POST /sim/locks/{id}/battery`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BatteryLevel {
    pub percent: u8,
}

/// `POST /sim/locks/{id}/battery`: sets the charge (new batteries, or a drained lock).
#[utoipa::path(operation_id = "sim_battery", post, path = "/api/v1/sim/locks/{id}/battery", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = BatteryLevel, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
pub async fn battery(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(level): ApiJson<BatteryLevel>,
) -> ApiResult<ApiJson<Lock>> {
    if level.percent > 100 {
        return Err(ApiError::invalid("A battery is 0–100 %.").field("percent"));
    }
    change_lock(&state, &auth, &id, |w, lock, now| {
        lock.sim.battery = f64::from(level.percent);
        lock.sim.battery_low_reported = false;
        // Draining by nothing reports the low mark if the new level is under it.
        crate::sim::engine::drain(w, lock, 0.0, now)
    })
}

/// `POST /sim/locks/{id}/door`: the door opens or closes.
#[utoipa::path(operation_id = "sim_door", post, path = "/api/v1/sim/locks/{id}/door", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = Switch, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn door(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(switch): ApiJson<Switch>,
) -> ApiResult<ApiJson<Lock>> {
    change_lock(&state, &auth, &id, |w, lock, now| {
        lock.lock.door = if switch.on {
            DoorPosition::Open
        } else {
            DoorPosition::Closed
        };
        save_lock(w, lock, now)
    })
}

/// `POST /sim/locks/{id}/factory-reset`: the lock forgets every code, so every
/// code that should be on it goes back to pending.
#[utoipa::path(operation_id = "sim_factory_reset", post, path = "/api/v1/sim/locks/{id}/factory-reset", tag = "simulation", params(("id" = String, Path, description = "The lock id")), responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn factory_reset(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
) -> ApiResult<ApiJson<Lock>> {
    change_lock(&state, &auth, &id, |w, lock, now| {
        let ms = now_ms();
        w.execute(
            "DELETE FROM code_locks WHERE lock_id = ?1 AND wanted = 0",
            [lock.lock.id.as_str()],
        )?;
        w.execute(
            "UPDATE code_locks SET status = 'pending', failure = NULL, due_at = ?2, pending_since = ?2, updated_at = ?3 WHERE lock_id = ?1",
            params![lock.lock.id.as_str(), ms, now.to_rfc3339()],
        )?;
        w.execute(
            "DELETE FROM unknown_codes WHERE lock_id = ?1",
            [lock.lock.id.as_str()],
        )?;
        lock.sim.consecutive_wrong = 0;
        lock.lock.keypad_locked_until = None;
        record_lock_event(w, lock, EventKind::FactoryReset, now)?;
        save_lock(w, lock, now)?;
        refresh_lock_counts(w, &lock.lock.id, now)?;
        *lock = crate::records::load_lock(w, &lock.lock.id)?;
        Ok(())
    })
}

/// Body of `POST /sim/locks/{id}/unknown-codes`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct KeypadProgrammed {
    pub pin: String,
}

/// `POST /sim/locks/{id}/unknown-codes`: someone programs a code at the keypad itself.
#[utoipa::path(operation_id = "sim_program_at_keypad", post, path = "/api/v1/sim/locks/{id}/unknown-codes", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = KeypadProgrammed, responses((status = 201, body = latchkey_core::code::UnknownCode), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
pub async fn program_at_keypad(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(body): ApiJson<KeypadProgrammed>,
) -> ApiResult<(StatusCode, ApiJson<latchkey_core::code::UnknownCode>)> {
    let pin = Pin::parse(&body.pin).map_err(|p| ApiError::invalid(p.to_string()).field("pin"))?;
    let now = state.clock.now();
    state.db.write(|w| {
        let lock = visible_lock(w, &auth, &id)?;
        let slot: u16 = w.query_row(
            "SELECT COUNT(*) + 1 FROM unknown_codes WHERE lock_id = ?1",
            [id.as_str()],
            |r| r.get(0),
        )?;
        let found = add_unknown_code(w, &lock.lock.id, &pin, slot, now)?;
        refresh_lock_counts(w, &id, now)?;
        Ok((StatusCode::CREATED, ApiJson(found)))
    })
}

/// Stores a code found on a lock.
pub fn add_unknown_code(
    w: &Write<'_>,
    lock: &LockId,
    pin: &Pin,
    slot: u16,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<latchkey_core::code::UnknownCode> {
    let found = latchkey_core::code::UnknownCode {
        id: UnknownCodeId(new_id("found")),
        lock_id: lock.clone(),
        slot,
        pin_length: Some(pin.len() as u8),
        found_at: now,
    };
    w.execute(
        "INSERT INTO unknown_codes (id, lock_id, pin, data) VALUES (?1, ?2, ?3, ?4)",
        params![
            found.id.as_str(),
            lock.as_str(),
            pin.reveal(),
            crate::db::to_json(&found)?
        ],
    )?;
    Ok(found)
}

/// 403 unless the account manages every site on this server: what the clock, the
/// faults and a reset change is every site's world, not only the account's.
fn check_manages_every_site(state: &AppState, auth: &Auth) -> ApiResult<()> {
    let sites: Vec<String> = state.db.read(|conn| {
        Ok(conn
            .prepare("SELECT id FROM sites")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    })?;
    let sees = |site: &String| auth.sites().iter().any(|own| own.as_str() == site);
    if sites.iter().all(sees) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "The simulator's clock, faults and demo data are shared by every site on this server, so only an account that manages every site may change them.",
        ))
    }
}

/// `POST /sim/reset`: the demo data as at first start (accounts and sessions stay).
#[utoipa::path(operation_id = "sim_reset", post, path = "/api/v1/sim/reset", tag = "simulation", responses((status = 204, description = "The demo data is back to its first state"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 403, description = "Only an account that manages every site may do this", body = latchkey_core::error::ErrorBody)))]
pub async fn reset(State(state): State<Arc<AppState>>, auth: Auth) -> ApiResult<StatusCode> {
    check_manages_every_site(&state, &auth)?;
    state.clock.set(ClockSetting::Real);
    state.faults.set(crate::faults::FaultSettings::default());
    let now = state.clock.now();
    state.db.write(|w| crate::seed::reset_demo_data(w, now))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /sim/clock`.
#[utoipa::path(operation_id = "sim_get_clock", get, path = "/api/v1/sim/clock", tag = "simulation", responses((status = 200, body = ClockReading), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn get_clock(State(state): State<Arc<AppState>>, _auth: Auth) -> ApiJson<ClockReading> {
    ApiJson(ClockReading {
        now: state.clock.now(),
        setting: state.clock.setting(),
    })
}

/// The clock as the simulation API reports it.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ClockReading {
    pub now: chrono::DateTime<chrono::Utc>,
    pub setting: ClockSetting,
}

/// `PUT /sim/clock`: real, offset, fixed or sped-up time.
#[utoipa::path(operation_id = "sim_set_clock", put, path = "/api/v1/sim/clock", tag = "simulation", request_body = ClockSetting, responses((status = 200, body = ClockReading), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 403, description = "Only an account that manages every site may do this", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
pub async fn set_clock(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiJson(setting): ApiJson<ClockSetting>,
) -> ApiResult<ApiJson<ClockReading>> {
    check_manages_every_site(&state, &auth)?;
    if let ClockSetting::Speed { factor, .. } = setting
        && !(factor.is_finite() && factor > 0.0 && factor <= 10_000.0)
    {
        return Err(
            ApiError::invalid("The speed factor must be between 0 and 10000.").field("factor"),
        );
    }
    state.clock.set(setting);
    Ok(ApiJson(ClockReading {
        now: state.clock.now(),
        setting,
    }))
}

/// `GET/PUT /sim/faults`: added latency and an error rate for API requests,
/// dropped event streams, slow or failing lock operations.
#[utoipa::path(operation_id = "sim_get_faults", get, path = "/api/v1/sim/faults", tag = "simulation", responses((status = 200, body = crate::faults::FaultSettings), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn get_faults(
    State(state): State<Arc<AppState>>,
    _auth: Auth,
) -> ApiJson<crate::faults::FaultSettings> {
    ApiJson(state.faults.get())
}

#[utoipa::path(operation_id = "sim_set_faults", put, path = "/api/v1/sim/faults", tag = "simulation", request_body = crate::faults::FaultSettings, responses((status = 200, body = crate::faults::FaultSettings), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 403, description = "Only an account that manages every site may do this", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
pub async fn set_faults(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiJson(settings): ApiJson<crate::faults::FaultSettings>,
) -> ApiResult<ApiJson<crate::faults::FaultSettings>> {
    check_manages_every_site(&state, &auth)?;
    if !(0.0..=1.0).contains(&settings.error_rate) {
        return Err(ApiError::invalid("The error rate is between 0 and 1.").field("error_rate"));
    }
    if !(0.0..=1.0).contains(&settings.lock_failure_rate) {
        return Err(
            ApiError::invalid("The lock failure rate is between 0 and 1.")
                .field("lock_failure_rate"),
        );
    }
    state.faults.set(settings);
    Ok(ApiJson(settings))
}

/// Loads a visible lock, applies `change` in one transaction, returns the lock.
fn change_lock(
    state: &AppState,
    auth: &Auth,
    id: &LockId,
    change: impl FnOnce(&mut Write<'_>, &mut LockRow, chrono::DateTime<chrono::Utc>) -> ApiResult<()>,
) -> ApiResult<ApiJson<Lock>> {
    let now = state.clock.now();
    state.db.write(|w| {
        let mut lock = visible_lock(w, auth, id)?;
        change(w, &mut lock, now)?;
        Ok(ApiJson(lock.lock))
    })
}

fn record_lock_event(
    w: &mut Write<'_>,
    lock: &LockRow,
    kind: EventKind,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let mut event = system_event(&lock.lock.site_id, kind, now);
    event.lock_id = Some(lock.lock.id.clone());
    w.record(event)?;
    Ok(())
}

/// Makes a lock's waiting changes due now (it can hear the backend again).
fn wake_pending(w: &Write<'_>, lock: &LockId) -> ApiResult<()> {
    let ms = now_ms();
    w.execute(
        "UPDATE code_locks SET due_at = ?2, pending_since = ?2 WHERE lock_id = ?1 AND status IN ('pending', 'setting', 'removing')",
        params![lock.as_str(), ms],
    )?;
    Ok(())
}
