//! Writing the demo rows: sites, simulated locks, people, codes already on
//! their locks, and codes found on a lock, as both loaders need them.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use latchkey_core::{
    code::AccessCode,
    ids::{CodeId, LockId, PersonId, SiteId},
    lock::{DoorPosition, Lock, LockCapabilities, LockState, PinLengthRange, Radio},
    person::{Person, PersonKind, PersonStatus},
    pin::{Pin, generate_pin},
    schedule::{Schedule, SchedulePreset},
    site::{CodePolicy, Site},
};
use rusqlite::params;

use crate::{
    db::{Write, to_json},
    drivers::sim::{driver::SIM_DRIVER, provision::provision_devices},
    error::ApiResult,
    records::{insert_code, insert_lock, insert_person},
};

/// Stores a site.
pub fn insert_site(w: &Write<'_>, site: &Site) -> ApiResult<()> {
    w.execute(
        "INSERT INTO sites (id, name, data) VALUES (?1, ?2, ?3)",
        params![site.id.as_str(), site.name, to_json(site)?],
    )?;
    Ok(())
}

/// A simulated door to add.
pub struct DoorSpec<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub radio: Radio,
    pub pins: (u8, u8),
    pub slots: u16,
    pub battery: f64,
}

/// Stores a simulated lock as the hub sees it.
pub fn add_lock(
    w: &Write<'_>,
    site: &SiteId,
    spec: &DoorSpec<'_>,
    now: DateTime<Utc>,
) -> ApiResult<LockId> {
    let lock = Lock {
        id: LockId(spec.id.to_owned()),
        site_id: site.clone(),
        name: spec.name.to_owned(),
        state: LockState::Locked,
        online: true,
        battery_percent: spec.battery.round() as u8,
        door: DoorPosition::Closed,
        keypad_locked_until: None,
        capabilities: LockCapabilities {
            pin_length: PinLengthRange {
                min: spec.pins.0,
                max: spec.pins.1,
            },
            slots: spec.slots,
            radio: spec.radio,
            // Filled in when the simulator makes the device (see `provision`).
            keeps_schedules: true,
            reads_back_pins: true,
            reports_wrong_digits: true,
        },
        slots_used: 0,
        pending_changes: 0,
        pending_command: None,
        keypad_lockout: None,
        updated_at: now,
    };
    insert_lock(w, &lock, SIM_DRIVER, spec.id)?;
    Ok(lock.id)
}

/// Stores a person.
pub fn add_person(
    w: &Write<'_>,
    site: &SiteId,
    id: &str,
    name: &str,
    kind: PersonKind,
    phone: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<PersonId> {
    let person = Person {
        id: PersonId(id.to_owned()),
        site_id: site.clone(),
        name: name.to_owned(),
        kind,
        phone: phone.map(str::to_owned),
        email: None,
        status: PersonStatus::Active,
        created_at: now,
        updated_at: now,
    };
    insert_person(w, &person, false)?;
    Ok(person.id)
}

/// A code already on its locks (demo data starts in sync).
#[allow(clippy::too_many_arguments)]
pub fn add_code(
    w: &Write<'_>,
    site: &SiteId,
    id: &str,
    person: &PersonId,
    name: &str,
    pin: &Pin,
    doors: &[LockId],
    schedule: Schedule,
    preset: SchedulePreset,
    is_main: bool,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let code = AccessCode {
        id: CodeId(id.to_owned()),
        site_id: site.clone(),
        person_id: person.clone(),
        name: name.to_owned(),
        doors: doors.to_vec(),
        schedule,
        preset,
        is_main,
        pin_length: pin.len() as u8,
        uses: 0,
        // The demo's codes were made well before today, as a household's are.
        created_at: now - Duration::days(60),
        updated_at: now,
    };
    insert_code(w, &code, pin)?;
    for lock in doors {
        w.execute(
            "INSERT INTO code_locks (code_id, lock_id, wanted, held, status, due_at, pending_since, updated_at) VALUES (?1, ?2, 1, 1, 'set', ?3, 0, ?4)",
            params![code.id.as_str(), lock.as_str(), i64::MAX, now.to_rfc3339()],
        )?;
    }
    Ok(())
}

/// Stores a code programmed at a keypad by hand, unknown to the dashboard.
pub fn found_code(
    w: &Write<'_>,
    lock: &LockId,
    pin: &Pin,
    slot: u16,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let found = latchkey_core::code::UnknownCode {
        id: latchkey_core::ids::UnknownCodeId(crate::db::new_id("found")),
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
            to_json(&found)?
        ],
    )?;
    Ok(())
}

/// Makes the simulated devices still missing (`keeps_schedules` says which
/// kind each is) and counts every lock's slots.
pub fn recount_slots(
    w: &Write<'_>,
    keeps_schedules: impl Fn(&LockId) -> bool,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let ids: Vec<String> = w
        .prepare("SELECT id FROM locks")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    provision_devices(w, keeps_schedules, now)?;
    for id in ids {
        crate::drivers::sync_rows::refresh_lock_counts(w, &LockId(id), now)?;
    }
    Ok(())
}

/// Draws a fresh PIN that no code at the site has yet.
pub fn fresh_pin(policy: &CodePolicy, locks: &[Lock], taken: &mut HashSet<String>) -> Pin {
    loop {
        let pin =
            generate_pin(None, policy, locks, &[]).expect("the demo policy has a usable length");
        if taken.insert(pin.reveal().to_owned()) {
            return pin;
        }
    }
}
