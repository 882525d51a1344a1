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
    ids::LockId,
    lock::{Lock, LockCommand, LockState},
    pin::Pin,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::Auth,
    clock::ClockSetting,
    drivers::{
        DeviceRef, DeviceReport,
        sim::{
            device::SimDevice,
            keypad::{KeypadResult, type_pin},
        },
    },
    error::{ApiError, ApiJson, ApiPath, ApiResult},
    records::load_lock,
    service::visible::visible_lock,
};

/// Body of `POST /sim/locks/{id}/keypad`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct KeypadEntry {
    pub pin: String,
}

/// `POST /sim/locks/{id}/keypad`: someone types a PIN at the door.
#[utoipa::path(operation_id = "sim_keypad", post, path = "/sim/locks/{id}/keypad", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = KeypadEntry, responses((status = 200, body = KeypadResult), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody)))]
pub async fn keypad(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(entry): ApiJson<KeypadEntry>,
) -> ApiResult<ApiJson<KeypadResult>> {
    // Whatever is typed is judged: a non-digit entry is simply a wrong code.
    let pin = Pin::parse(&entry.pin).unwrap_or_else(|_| Pin::parse("0").expect("a digit is a PIN"));
    let (device, name) = device_of(&state, &auth, &id)?;
    type_pin(&state.simulator, &device, &pin)
        .map(ApiJson)
        .map_err(|err| {
            if err.body.code == latchkey_core::error::ErrorCode::Conflict {
                ApiError::conflict(format!("{name} is offline: its keypad does not answer."))
            } else {
                err
            }
        })
}

/// Body of `POST /sim/locks/{id}/manual`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ManualTurn {
    pub action: LockCommand,
}

/// `POST /sim/locks/{id}/manual`: someone turns the bolt by hand.
#[utoipa::path(operation_id = "sim_manual", post, path = "/sim/locks/{id}/manual", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = ManualTurn, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 409, description = "Conflicts with current state", body = latchkey_core::error::ErrorBody)))]
pub async fn manual(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(turn): ApiJson<ManualTurn>,
) -> ApiResult<ApiJson<Lock>> {
    let (device, name) = device_of(&state, &auth, &id)?;
    let target = match turn.action {
        LockCommand::Lock => LockState::Locked,
        LockCommand::Unlock => LockState::Unlocked,
    };
    let (turned, _, _) = state.simulator.change(&device, |d| {
        if d.bolt == LockState::Jammed {
            return false;
        }
        d.bolt = target;
        d.auto_lock_due_ms = None;
        true
    })?;
    if !turned {
        return Err(ApiError::conflict(format!("{name} is jammed.")));
    }
    report(
        &state,
        &id,
        &device,
        DeviceReport::Bolt {
            state: target,
            method: latchkey_core::event::Method::Manual,
        },
    )
}

/// Body of the on/off simulation switches.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Switch {
    pub on: bool,
}

/// `POST /sim/locks/{id}/phone`: a phone comes in (or goes out of) Bluetooth range.
#[utoipa::path(operation_id = "sim_phone", post, path = "/sim/locks/{id}/phone", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = Switch, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn phone(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(switch): ApiJson<Switch>,
) -> ApiResult<ApiJson<Lock>> {
    let (device, _) = device_of(&state, &auth, &id)?;
    let (_, d, _) = state
        .simulator
        .change(&device, |d| d.phone_in_range = switch.on)?;
    report(&state, &id, &device, reachability(&d))
}

/// `POST /sim/locks/{id}/online`: the lock loses or regains its connection.
#[utoipa::path(operation_id = "sim_online", post, path = "/sim/locks/{id}/online", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = Switch, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn online(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(switch): ApiJson<Switch>,
) -> ApiResult<ApiJson<Lock>> {
    let (device, _) = device_of(&state, &auth, &id)?;
    let (_, d, _) = state.simulator.change(&device, |d| d.online = switch.on)?;
    report(&state, &id, &device, reachability(&d))
}

/// `POST /sim/locks/{id}/jam`: the bolt sticks (or is freed, leaving it locked).
#[utoipa::path(operation_id = "sim_jam", post, path = "/sim/locks/{id}/jam", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = Switch, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn jam(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(switch): ApiJson<Switch>,
) -> ApiResult<ApiJson<Lock>> {
    let (device, _) = device_of(&state, &auth, &id)?;
    let (changed, _, _) = state.simulator.change(&device, |d| {
        let jammed = d.bolt == LockState::Jammed;
        if switch.on != jammed {
            d.bolt = if switch.on {
                LockState::Jammed
            } else {
                LockState::Locked
            };
        }
        switch.on != jammed
    })?;
    if !changed {
        return Ok(ApiJson(state.db.read(|conn| load_lock(conn, &id))?.lock));
    }
    let what = if switch.on {
        DeviceReport::Jammed
    } else {
        DeviceReport::Unjammed
    };
    report(&state, &id, &device, what)
}

/// Body of `POST /sim/locks/{id}/battery`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BatteryLevel {
    pub percent: u8,
}

/// `POST /sim/locks/{id}/battery`: sets the charge (new batteries, or a drained lock).
#[utoipa::path(operation_id = "sim_battery", post, path = "/sim/locks/{id}/battery", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = BatteryLevel, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
pub async fn battery(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(level): ApiJson<BatteryLevel>,
) -> ApiResult<ApiJson<Lock>> {
    if level.percent > 100 {
        return Err(ApiError::invalid("A battery is 0–100 %.").field("percent"));
    }
    let (device, _) = device_of(&state, &auth, &id)?;
    state
        .simulator
        .change(&device, |d| d.battery = f64::from(level.percent))?;
    report(
        &state,
        &id,
        &device,
        DeviceReport::BatteryReplaced {
            percent: level.percent,
        },
    )
}

/// `POST /sim/locks/{id}/door`: the door opens or closes.
#[utoipa::path(operation_id = "sim_door", post, path = "/sim/locks/{id}/door", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = Switch, responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn door(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(switch): ApiJson<Switch>,
) -> ApiResult<ApiJson<Lock>> {
    let (device, _) = device_of(&state, &auth, &id)?;
    state
        .simulator
        .change(&device, |d| d.door_open = switch.on)?;
    report(&state, &id, &device, DeviceReport::DoorOpen(switch.on))
}

/// `POST /sim/locks/{id}/factory-reset`: the lock forgets every code, so every
/// code that should be on it goes back to pending.
#[utoipa::path(operation_id = "sim_factory_reset", post, path = "/sim/locks/{id}/factory-reset", tag = "simulation", params(("id" = String, Path, description = "The lock id")), responses((status = 200, body = latchkey_core::lock::Lock), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody)))]
pub async fn factory_reset(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
) -> ApiResult<ApiJson<Lock>> {
    let (device, _) = device_of(&state, &auth, &id)?;
    state.simulator.change(&device, |d| {
        d.slots.clear();
        d.consecutive_wrong = 0;
        d.keypad_locked_until = None;
    })?;
    report(&state, &id, &device, DeviceReport::FactoryReset)
}

/// Body of `POST /sim/locks/{id}/unknown-codes`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct KeypadProgrammed {
    pub pin: String,
}

/// `POST /sim/locks/{id}/unknown-codes`: someone programs a code at the keypad itself.
#[utoipa::path(operation_id = "sim_program_at_keypad", post, path = "/sim/locks/{id}/unknown-codes", tag = "simulation", params(("id" = String, Path, description = "The lock id")), request_body = KeypadProgrammed, responses((status = 201, body = latchkey_core::code::UnknownCode), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 404, description = "Not found, or not visible to this account", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
pub async fn program_at_keypad(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiPath(id): ApiPath<LockId>,
    ApiJson(body): ApiJson<KeypadProgrammed>,
) -> ApiResult<(StatusCode, ApiJson<latchkey_core::code::UnknownCode>)> {
    let pin = Pin::parse(&body.pin).map_err(|p| ApiError::invalid(p.to_string()).field("pin"))?;
    let (device, name) = device_of(&state, &auth, &id)?;
    let (slot, _, _) = state.simulator.change(&device, |d| {
        let slot = d.empty_slot()?;
        d.slots.insert(
            slot,
            crate::drivers::sim::device::SimSlot {
                pin: pin.reveal().to_owned(),
                schedule: None,
            },
        );
        Some(slot)
    })?;
    let slot = slot
        .ok_or_else(|| ApiError::conflict(format!("{name} has no free slot for another code.")))?;
    let outcome = state.simulator.report(
        &device,
        DeviceReport::SlotProgrammedAtKeypad {
            slot,
            pin: Some(pin),
        },
    )?;
    let found = outcome.found.ok_or_else(ApiError::internal)?;
    Ok((StatusCode::CREATED, ApiJson(found)))
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
#[utoipa::path(operation_id = "sim_reset", post, path = "/sim/reset", tag = "simulation", responses((status = 204, description = "The demo data is back to its first state"), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 403, description = "Only an account that manages every site may do this", body = latchkey_core::error::ErrorBody)))]
pub async fn reset(State(state): State<Arc<AppState>>, auth: Auth) -> ApiResult<StatusCode> {
    check_manages_every_site(&state, &auth)?;
    state.clock.set(ClockSetting::Real);
    state.faults.set(crate::faults::FaultSettings::default());
    let now = state.clock.now();
    state.db.write(|w| crate::seed::reset_demo_data(w, now))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /sim/clock`.
#[utoipa::path(operation_id = "sim_get_clock", get, path = "/sim/clock", tag = "simulation", responses((status = 200, body = ClockReading), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
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
#[utoipa::path(operation_id = "sim_set_clock", put, path = "/sim/clock", tag = "simulation", request_body = ClockSetting, responses((status = 200, body = ClockReading), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 403, description = "Only an account that manages every site may do this", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
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
#[utoipa::path(operation_id = "sim_get_faults", get, path = "/sim/faults", tag = "simulation", responses((status = 200, body = crate::faults::FaultSettings), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn get_faults(
    State(state): State<Arc<AppState>>,
    _auth: Auth,
) -> ApiJson<crate::faults::FaultSettings> {
    ApiJson(state.faults.get())
}

#[utoipa::path(operation_id = "sim_set_faults", put, path = "/sim/faults", tag = "simulation", request_body = crate::faults::FaultSettings, responses((status = 200, body = crate::faults::FaultSettings), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 403, description = "Only an account that manages every site may do this", body = latchkey_core::error::ErrorBody), (status = 422, description = "Invalid value (see field)", body = latchkey_core::error::ErrorBody)))]
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

/// The simulated device behind a lock the account may see, with the door's name.
fn device_of(state: &AppState, auth: &Auth, id: &LockId) -> ApiResult<(DeviceRef, String)> {
    let lock = state.db.read(|conn| visible_lock(conn, auth, id))?;
    if lock.driver != crate::drivers::sim::driver::SIM_DRIVER {
        return Err(ApiError::conflict(format!(
            "{} is not a simulated lock.",
            lock.lock.name
        )));
    }
    Ok((DeviceRef(lock.device_ref), lock.lock.name))
}

/// What a device's connection looks like to the hub.
fn reachability(d: &SimDevice) -> DeviceReport {
    DeviceReport::Reachable {
        online: d.online,
        in_range: d.radio != latchkey_core::lock::Radio::Bluetooth || d.phone_in_range,
    }
}

/// Sends the device's report to the hub and answers with the door as it is now.
fn report(
    state: &AppState,
    id: &LockId,
    device: &DeviceRef,
    report: DeviceReport,
) -> ApiResult<ApiJson<Lock>> {
    state.simulator.report(device, report)?;
    Ok(ApiJson(state.db.read(|conn| load_lock(conn, id))?.lock))
}

/// Routes of the simulation endpoints (only when the server simulates), declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(keypad))
        .routes(routes!(manual))
        .routes(routes!(phone))
        .routes(routes!(online))
        .routes(routes!(jam))
        .routes(routes!(battery))
        .routes(routes!(door))
        .routes(routes!(factory_reset))
        .routes(routes!(program_at_keypad))
        .routes(routes!(reset))
        .routes(routes!(get_clock, set_clock))
        .routes(routes!(get_faults, set_faults))
}
