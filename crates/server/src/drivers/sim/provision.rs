//! Building the simulator's world from the hub's: a simulated device for each
//! simulated lock that has none yet, holding in its slots the codes the hub
//! says it holds (the demo data is written as the hub sees it, and stores made
//! before the simulator had its own tables are carried over the same way).

use chrono::{DateTime, Utc};
use latchkey_core::{
    code::UnknownCode,
    ids::{CodeId, LockId},
    lock::Radio,
};
use rusqlite::params;

use crate::{
    db::{Write, from_json},
    drivers::{
        DeviceRef,
        sim::{
            device::{self, SimDevice, SimSlot, SlotSchedule},
            driver::SIM_DRIVER,
        },
        sync_rows,
    },
    error::ApiResult,
    records::{load_code, load_lock, load_site, save_lock},
};

/// Gives every simulated lock without a device one, as the hub sees the lock.
/// `keeps_schedules(lock)` says which kind of lock each one simulates.
pub fn provision_devices(
    w: &Write<'_>,
    keeps_schedules: impl Fn(&LockId) -> bool,
    now: DateTime<Utc>,
) -> ApiResult<usize> {
    let missing: Vec<String> = w
        .prepare(
            "SELECT id FROM locks WHERE driver = ?1
             AND device_ref NOT IN (SELECT device_ref FROM sim_devices) ORDER BY id",
        )?
        .query_map([SIM_DRIVER], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in &missing {
        provision_one(
            w,
            &LockId(id.clone()),
            keeps_schedules(&LockId(id.clone())),
            now,
        )?;
    }
    Ok(missing.len())
}

fn provision_one(
    w: &Write<'_>,
    id: &LockId,
    keeps_schedules: bool,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut lock = load_lock(w, id)?;
    let (site, _) = load_site(w, &lock.lock.site_id)?;
    let caps = lock.lock.capabilities;
    let mut sim = SimDevice::new(caps.radio, caps.slots, caps.pin_length, keeps_schedules);
    sim.online = lock.lock.online;
    sim.battery = f64::from(lock.lock.battery_percent);
    sim.keypad_lockout = lock.lock.lockout_rule(site.policy.keypad_lockout);
    sim.keypad_locked_until = lock.lock.keypad_locked_until;
    if lock.lock.state != latchkey_core::lock::LockState::Unknown {
        sim.bolt = lock.lock.state;
    }
    sim.phone_in_range = caps.radio != Radio::Bluetooth || lock.in_range;
    // The codes programmed at the keypad keep their slots.
    let found: Vec<(String, String)> = w
        .prepare("SELECT data, pin FROM unknown_codes WHERE lock_id = ?1")?
        .query_map([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (data, pin) in found {
        let found: UnknownCode = from_json(&data)?;
        sim.slots.insert(
            found.slot,
            SimSlot {
                pin,
                schedule: None,
            },
        );
    }
    // The codes the hub believes it holds get a slot each, unless they have one.
    let held: Vec<(String, Option<u16>)> = w
        .prepare(
            "SELECT code_id, slot FROM code_locks WHERE lock_id = ?1 AND held = 1 ORDER BY code_id",
        )?
        .query_map([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (code_id, slot) in held {
        let code = load_code(w, &CodeId(code_id.clone()))?;
        let Some(slot) = slot.or_else(|| sim.empty_slot()) else {
            // More codes than slots: the lock never had this one.
            w.execute(
                "UPDATE code_locks SET held = 0, status = 'pending', due_at = ?3 WHERE code_id = ?1 AND lock_id = ?2",
                params![code_id, id.as_str(), sync_rows::now_ms()],
            )?;
            continue;
        };
        w.execute(
            "UPDATE code_locks SET slot = ?3 WHERE code_id = ?1 AND lock_id = ?2",
            params![code_id, id.as_str(), slot],
        )?;
        let schedule = keeps_schedules.then(|| SlotSchedule {
            schedule: code.code.schedule.clone(),
            uses: code.code.uses,
            time_zone: site.time_zone.clone(),
        });
        sim.slots.insert(
            slot,
            SimSlot {
                pin: code.pin.reveal().to_owned(),
                schedule,
            },
        );
    }
    device::save(w, &DeviceRef(lock.device_ref.clone()), &sim)?;
    if !keeps_schedules {
        // The reconciler works out at once which codes belong on it now.
        sync_rows::plan_lock_edges(w, id, now)?;
    }
    lock.lock.capabilities.keeps_schedules = keeps_schedules;
    lock.lock.capabilities.reads_back_pins = true;
    lock.lock.capabilities.reports_wrong_digits = true;
    lock.in_range = caps.radio != Radio::Bluetooth || sim.phone_in_range;
    save_lock(w, &mut lock, now)?;
    Ok(())
}
