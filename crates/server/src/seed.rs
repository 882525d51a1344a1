//! Demo data: the "Maple Street" home and "Harbor View Apartments", two demo
//! accounts, and (behind a flag) a large portfolio for performance work.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveTime, Utc, Weekday};
use latchkey_core::{
    account::{Account, Role},
    alert::{AlertChannel, AlertRule, AlertTrigger},
    code::AccessCode,
    event::{Actor, Event, EventKind, Method},
    ids::{AccountId, AlertRuleId, CodeId, LockId, PersonId, SiteId},
    keypad::KeypadLockout,
    lock::{DoorPosition, Lock, LockCapabilities, LockState, PinLengthRange, Radio},
    person::{Person, PersonKind, PersonStatus},
    pin::{Pin, generate_pin},
    schedule::{Schedule, SchedulePreset, WeeklyWindow},
    site::{CodePolicy, RevealPolicy, Site},
    tz,
};
use rusqlite::params;

use crate::{
    auth::insert_account,
    db::{Write, meta_get, meta_set, to_json},
    drivers::sim::{driver::SIM_DRIVER, provision::provision_devices},
    error::ApiResult,
    records::{insert_code, insert_lock, insert_person},
};

/// The demo accounts, as the README lists them: (user name, password, name, role).
pub const DEMO_ACCOUNTS: [(&str, &str, &str, Role); 2] = [
    ("alex", "maple-street", "Alex Rivera", Role::Homeowner),
    ("morgan", "harbor-view", "Morgan Lee", Role::PropertyManager),
];

/// Puts the demo homes back as they were at first start: every site, door,
/// person, code, event and message is replaced; accounts and sessions stay.
pub fn reset_demo_data(w: &mut Write<'_>, now: DateTime<Utc>) -> ApiResult<()> {
    for table in [
        "code_locks",
        "unknown_codes",
        "sim_devices",
        "codes",
        "people",
        "locks",
        "alert_rules",
        "alerts",
        "outbox",
        "idempotency",
        "events",
        "sites",
    ] {
        w.execute(&format!("DELETE FROM {table}"), [])?;
    }
    maple_street(w, now)?;
    harbor_view(w, now)?;
    w.execute("DELETE FROM meta WHERE key = 'large_fixture'", [])?;
    Ok(())
}

/// Seeds the demo data into an empty store (and the large fixture when asked).
pub fn seed(w: &mut Write<'_>, large: bool, now: DateTime<Utc>) -> ApiResult<()> {
    if meta_get(w, "seeded")?.is_none() {
        let maple = maple_street(w, now)?;
        let harbor = harbor_view(w, now)?;
        for (username, password, name, role) in DEMO_ACCOUNTS {
            let site_ids = match role {
                Role::Homeowner => vec![maple.clone()],
                Role::PropertyManager => vec![maple.clone(), harbor.clone()],
            };
            let account = Account {
                id: AccountId(format!("account-{username}")),
                username: username.to_owned(),
                display_name: name.to_owned(),
                role,
                site_ids,
            };
            insert_account(w, &account, password)?;
        }
        meta_set(w, "seeded", &now.to_rfc3339())?;
    }
    if large && meta_get(w, "large_fixture")?.is_none() {
        large_fixture(w, now)?;
        meta_set(w, "large_fixture", &now.to_rfc3339())?;
    }
    Ok(())
}

fn insert_site(w: &Write<'_>, site: &Site) -> ApiResult<()> {
    w.execute(
        "INSERT INTO sites (id, name, data) VALUES (?1, ?2, ?3)",
        params![site.id.as_str(), site.name, to_json(site)?],
    )?;
    Ok(())
}

struct DoorSpec<'a> {
    id: &'a str,
    name: &'a str,
    radio: Radio,
    pins: (u8, u8),
    slots: u16,
    battery: f64,
}

fn add_lock(
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

fn add_person(
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
fn add_code(
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
fn found_code(
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

/// The demo locks that cannot keep schedules: the hub writes their codes at
/// each window's start and clears them at its end.
const NO_OWN_SCHEDULES: [&str; 2] = ["lock-maple-gate", "lock-harbor-lobby"];

/// Makes the simulated devices and counts every lock's slots.
fn recount_slots(w: &Write<'_>, now: DateTime<Utc>) -> ApiResult<()> {
    let ids: Vec<String> = w
        .prepare("SELECT id FROM locks")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    provision_devices(w, |id| !NO_OWN_SCHEDULES.contains(&id.as_str()), now)?;
    for id in ids {
        crate::drivers::sync_rows::refresh_lock_counts(w, &LockId(id), now)?;
    }
    Ok(())
}

fn pin(digits: &str) -> Pin {
    Pin::parse(digits).expect("demo PINs are digits")
}

fn window(days: &[Weekday], start: (u32, u32), end: (u32, u32)) -> WeeklyWindow {
    WeeklyWindow {
        days: days.to_vec(),
        start: NaiveTime::from_hms_opt(start.0, start.1, 0).expect("valid time"),
        end: NaiveTime::from_hms_opt(end.0, end.1, 0).expect("valid time"),
    }
}

/// The home of the product's stories, with fixed demo PINs (listed in the README).
fn maple_street(w: &mut Write<'_>, now: DateTime<Utc>) -> ApiResult<SiteId> {
    use Weekday::*;
    let site = Site {
        id: SiteId::from("site-maple"),
        name: "Maple Street".into(),
        time_zone: "America/New_York".into(),
        policy: CodePolicy {
            pin_lengths: vec![4, 6],
            custom_pins: true,
            reveal: RevealPolicy::Admins,
            keypad_lockout: KeypadLockout {
                wrong_codes: 5,
                lockout_seconds: 60,
            },
        },
    };
    insert_site(w, &site)?;
    let id = &site.id;
    let front = add_lock(
        w,
        id,
        &DoorSpec {
            id: "lock-maple-front",
            name: "Front door",
            radio: Radio::Wifi,
            pins: (4, 8),
            slots: 30,
            battery: 87.0,
        },
        now,
    )?;
    let back = add_lock(
        w,
        id,
        &DoorSpec {
            id: "lock-maple-back",
            name: "Back door",
            radio: Radio::Zwave,
            pins: (4, 8),
            slots: 30,
            battery: 64.0,
        },
        now,
    )?;
    let garage = add_lock(
        w,
        id,
        &DoorSpec {
            id: "lock-maple-garage",
            name: "Garage",
            radio: Radio::Zwave,
            pins: (4, 6),
            slots: 20,
            battery: 41.0,
        },
        now,
    )?;
    let gate = add_lock(
        w,
        id,
        &DoorSpec {
            id: "lock-maple-gate",
            name: "Side gate",
            radio: Radio::Bluetooth,
            pins: (4, 6),
            slots: 10,
            battery: 18.0,
        },
        now,
    )?;
    let all = [front.clone(), back.clone(), garage.clone(), gate.clone()];

    let local_today = tz::parse_time_zone(&site.time_zone)
        .map(|z| tz::to_local(now, z).date())
        .unwrap_or(now.date_naive());
    let midnight = |days: i64| {
        (local_today + Duration::days(days))
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
    };

    let alex = add_person(
        w,
        id,
        "person-maple-alex",
        "Alex Rivera",
        PersonKind::Owner,
        Some("+1 555 0101"),
        now,
    )?;
    let jordan = add_person(
        w,
        id,
        "person-maple-jordan",
        "Jordan Rivera",
        PersonKind::Family,
        Some("+1 555 0102"),
        now,
    )?;
    let mia = add_person(
        w,
        id,
        "person-maple-mia",
        "Mia Rivera",
        PersonKind::Family,
        None,
        now,
    )?;
    let leo = add_person(
        w,
        id,
        "person-maple-leo",
        "Leo Rivera",
        PersonKind::Family,
        None,
        now,
    )?;
    let sam = add_person(
        w,
        id,
        "person-maple-sam",
        "Sam (dog walker)",
        PersonKind::Staff,
        Some("+1 555 0140"),
        now,
    )?;
    let rosa = add_person(
        w,
        id,
        "person-maple-rosa",
        "Rosa (cleaner)",
        PersonKind::Staff,
        Some("+1 555 0150"),
        now,
    )?;
    let pat = add_person(
        w,
        id,
        "person-maple-pat",
        "Pat's Plumbing",
        PersonKind::Contractor,
        Some("+1 555 0160"),
        now,
    )?;
    let parcel = add_person(
        w,
        id,
        "person-maple-parcel",
        "Parcel delivery",
        PersonKind::Delivery,
        None,
        now,
    )?;

    let always = Schedule::always;
    add_code(
        w,
        id,
        "code-maple-alex",
        &alex,
        "Main code",
        &pin("3917"),
        &all,
        always(),
        SchedulePreset::Permanent,
        true,
        now,
    )?;
    add_code(
        w,
        id,
        "code-maple-jordan",
        &jordan,
        "Jordan's code",
        &pin("5081"),
        &all,
        always(),
        SchedulePreset::Permanent,
        false,
        now,
    )?;
    add_code(
        w,
        id,
        "code-maple-mia",
        &mia,
        "Mia's code",
        &pin("7342"),
        &[front.clone(), back.clone()],
        always(),
        SchedulePreset::Permanent,
        false,
        now,
    )?;
    let after_school = Schedule {
        weekly: vec![window(&[Mon, Tue, Wed, Thu, Fri], (15, 0), (18, 0))],
        ..always()
    };
    add_code(
        w,
        id,
        "code-maple-mia-school",
        &mia,
        "After school",
        &pin("730518"),
        std::slice::from_ref(&front),
        after_school,
        SchedulePreset::Recurring,
        false,
        now,
    )?;
    add_code(
        w,
        id,
        "code-maple-leo",
        &leo,
        "Leo's code",
        &pin("6194"),
        &[front.clone(), back.clone()],
        always(),
        SchedulePreset::Permanent,
        false,
        now,
    )?;
    let dog_walks = Schedule {
        weekly: vec![window(&[Mon, Tue, Wed, Thu, Fri], (12, 0), (14, 0))],
        ..always()
    };
    add_code(
        w,
        id,
        "code-maple-sam",
        &sam,
        "Dog walks",
        &pin("4826"),
        &[front.clone(), back.clone()],
        dog_walks,
        SchedulePreset::Recurring,
        false,
        now,
    )?;
    let cleaning = Schedule {
        weekly: vec![window(&[Fri], (9, 0), (13, 0))],
        ..always()
    };
    add_code(
        w,
        id,
        "code-maple-rosa",
        &rosa,
        "Cleaning",
        &pin("9153"),
        std::slice::from_ref(&front),
        cleaning,
        SchedulePreset::Recurring,
        false,
        now,
    )?;
    let today_only = Schedule {
        starts_at: Some(midnight(0)),
        ends_at: Some(midnight(1)),
        ..always()
    };
    add_code(
        w,
        id,
        "code-maple-pat",
        &pat,
        "Water heater repair",
        &pin("3071"),
        &[back.clone(), garage.clone()],
        today_only,
        SchedulePreset::Temporary,
        false,
        now,
    )?;
    let once = Schedule {
        ends_at: Some(midnight(8)),
        use_limit: Some(1),
        ..always()
    };
    add_code(
        w,
        id,
        "code-maple-parcel",
        &parcel,
        "Parcel drop-off",
        &pin("8642"),
        std::slice::from_ref(&garage),
        once,
        SchedulePreset::OneTime,
        false,
        now,
    )?;

    // Codes programmed at the keypads by hand, unknown to the dashboard.
    found_code(w, &back, &pin("1470"), 12, now)?;
    found_code(w, &garage, &pin("2222"), 7, now)?;
    recount_slots(w, now)?;

    let mut event = Event {
        id: 0,
        local_at: None,
        at: now - Duration::minutes(5),
        site_id: id.clone(),
        lock_id: Some(front),
        person_id: Some(alex.clone()),
        code_id: Some(CodeId::from("code-maple-alex")),
        actor: Some(Actor::Person {
            id: alex,
            name: "Alex Rivera".into(),
        }),
        names: Default::default(),
        kind: EventKind::Locked {
            method: Method::Keypad,
        },
    };
    crate::event_log::record(w, event.clone())?;
    event.kind = EventKind::BatteryLow { percent: 18 };
    event.lock_id = Some(gate);
    event.person_id = None;
    event.code_id = None;
    event.actor = Some(Actor::System);
    crate::event_log::record(w, event)?;

    // Alert rules (after the seeded history, so it raises none).
    let rules = [
        (
            "alert-maple-walker",
            "Dog walker arrived",
            AlertTrigger::CodeUsed {
                person_id: PersonId::from("person-maple-sam"),
            },
            vec![AlertChannel::BrowserNotification],
        ),
        (
            "alert-maple-guessing",
            "Someone is guessing codes",
            AlertTrigger::WrongCodes {
                count: 5,
                minutes: 10,
                lock_id: None,
            },
            vec![
                AlertChannel::BrowserNotification,
                AlertChannel::Sms {
                    to: "+1 555 0101".into(),
                },
            ],
        ),
    ];
    for (rule_id, name, trigger, channels) in rules {
        let rule = AlertRule {
            id: AlertRuleId::from(rule_id),
            site_id: id.clone(),
            name: name.into(),
            trigger,
            channels,
            enabled: true,
            created_at: now,
        };
        w.execute(
            "INSERT INTO alert_rules (id, site_id, data) VALUES (?1, ?2, ?3)",
            params![rule.id.as_str(), id.as_str(), crate::db::to_json(&rule)?],
        )?;
    }
    Ok(site.id)
}

const FIRST_NAMES: [&str; 20] = [
    "Ava", "Ben", "Chloe", "Diego", "Elena", "Farid", "Grace", "Hiro", "Isla", "Jamal", "Kira",
    "Liam", "Maya", "Noah", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara",
];
const LAST_NAMES: [&str; 12] = [
    "Adams", "Brown", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
    "Kowalski", "Lopez",
];

/// Draws a fresh PIN that no code at the site has yet.
fn fresh_pin(policy: &CodePolicy, locks: &[Lock], taken: &mut HashSet<String>) -> Pin {
    loop {
        let pin =
            generate_pin(None, policy, locks, &[]).expect("the demo policy has a usable length");
        if taken.insert(pin.reveal().to_owned()) {
            return pin;
        }
    }
}

fn common_lock(site: &SiteId, id: &str, name: &str) -> Lock {
    Lock {
        id: LockId(id.to_owned()),
        site_id: site.clone(),
        name: name.to_owned(),
        state: LockState::Locked,
        online: true,
        battery_percent: 100,
        door: DoorPosition::Closed,
        keypad_locked_until: None,
        capabilities: LockCapabilities {
            pin_length: PinLengthRange { min: 4, max: 8 },
            slots: 250,
            radio: Radio::Wifi,
            keeps_schedules: true,
            reads_back_pins: true,
            reports_wrong_digits: true,
        },
        slots_used: 0,
        pending_changes: 0,
        pending_command: None,
        keypad_lockout: None,
        updated_at: Utc::now(),
    }
}

/// 120 unit doors, a lobby, gym, pool and garage; residents, staff and vendors.
fn harbor_view(w: &mut Write<'_>, now: DateTime<Utc>) -> ApiResult<SiteId> {
    use Weekday::*;
    let site = Site {
        id: SiteId::from("site-harbor"),
        name: "Harbor View Apartments".into(),
        time_zone: "America/Chicago".into(),
        policy: CodePolicy {
            pin_lengths: vec![6],
            custom_pins: false,
            reveal: RevealPolicy::Never,
            keypad_lockout: KeypadLockout {
                wrong_codes: 3,
                lockout_seconds: 30,
            },
        },
    };
    insert_site(w, &site)?;
    let id = &site.id;
    let shared = [
        ("lobby", "Lobby", Radio::Wifi),
        ("gym", "Gym", Radio::Wifi),
        ("pool", "Pool", Radio::Zwave),
        ("garage", "Parking garage", Radio::Wifi),
    ];
    let mut shared_ids = Vec::new();
    for (slug, name, radio) in shared {
        let spec = DoorSpec {
            id: &format!("lock-harbor-{slug}"),
            name,
            radio,
            pins: (4, 8),
            slots: 250,
            battery: 90.0,
        };
        shared_ids.push(add_lock(w, id, &spec, now)?);
    }
    let mut taken = HashSet::new();
    let template = [common_lock(id, "template", "template")];
    let mut unit_index = 0;
    for floor in 1..=10 {
        for unit in 1..=12 {
            unit_index += 1;
            let number = format!("{floor}{unit:02}");
            let radio = if unit_index % 10 == 0 {
                Radio::Bluetooth
            } else {
                Radio::Zwave
            };
            let battery = 30.0 + ((unit_index * 37) % 70) as f64;
            let spec = DoorSpec {
                id: &format!("lock-harbor-{number}"),
                name: &format!("Unit {number}"),
                radio,
                pins: (4, 8),
                slots: 30,
                battery,
            };
            let door = add_lock(w, id, &spec, now)?;
            if unit_index % 6 == 0 {
                continue; // a vacant unit
            }
            let first = FIRST_NAMES[unit_index % FIRST_NAMES.len()];
            let last = LAST_NAMES[(unit_index / 3) % LAST_NAMES.len()];
            let person = add_person(
                w,
                id,
                &format!("person-harbor-{number}"),
                &format!("{first} {last} ({number})"),
                PersonKind::Resident,
                None,
                now,
            )?;
            let mut doors = vec![door];
            doors.extend(shared_ids.iter().take(3).cloned());
            let code_pin = fresh_pin(&site.policy, &template, &mut taken);
            add_code(
                w,
                id,
                &format!("code-harbor-{number}"),
                &person,
                "Resident code",
                &code_pin,
                &doors,
                Schedule::always(),
                SchedulePreset::Permanent,
                false,
                now,
            )?;
        }
    }
    let staff = [
        (
            "manager",
            "Morgan Lee (manager)",
            PersonKind::Staff,
            Schedule::always(),
            SchedulePreset::Permanent,
        ),
        (
            "maintenance",
            "Chris Novak (maintenance)",
            PersonKind::Staff,
            Schedule {
                weekly: vec![window(&[Mon, Tue, Wed, Thu, Fri], (7, 0), (17, 0))],
                ..Schedule::always()
            },
            SchedulePreset::Recurring,
        ),
        (
            "cleaning",
            "Sparkle Cleaning",
            PersonKind::Contractor,
            Schedule {
                weekly: vec![window(&[Tue, Fri], (6, 0), (10, 0))],
                ..Schedule::always()
            },
            SchedulePreset::Recurring,
        ),
        (
            "security",
            "Night security",
            PersonKind::Staff,
            Schedule {
                weekly: vec![window(
                    &[Mon, Tue, Wed, Thu, Fri, Sat, Sun],
                    (22, 0),
                    (6, 0),
                )],
                ..Schedule::always()
            },
            SchedulePreset::Recurring,
        ),
    ];
    for (slug, name, kind, schedule, preset) in staff {
        let person = add_person(
            w,
            id,
            &format!("person-harbor-{slug}"),
            name,
            kind,
            None,
            now,
        )?;
        let code_pin = fresh_pin(&site.policy, &template, &mut taken);
        add_code(
            w,
            id,
            &format!("code-harbor-{slug}"),
            &person,
            "Building access",
            &code_pin,
            &shared_ids,
            schedule,
            preset,
            slug == "manager",
            now,
        )?;
    }
    recount_slots(w, now)?;
    Ok(site.id)
}

/// 48 more sites to reach about 2,000 doors, 10,000 codes and 50,000 events.
fn large_fixture(w: &mut Write<'_>, now: DateTime<Utc>) -> ApiResult<()> {
    const SITES: usize = 48;
    const DOORS_PER_SITE: usize = 39;
    const CODES_PER_SITE: usize = 200;
    const EVENTS: usize = 50_000;
    let policy = CodePolicy {
        pin_lengths: vec![6],
        custom_pins: false,
        reveal: RevealPolicy::Admins,
        ..CodePolicy::default()
    };
    let mut site_ids = Vec::new();
    for s in 1..=SITES {
        let site = Site {
            id: SiteId(format!("site-portfolio-{s:02}")),
            name: format!(
                "Portfolio {s:02} – {} Court",
                LAST_NAMES[s % LAST_NAMES.len()]
            ),
            time_zone: "America/Chicago".into(),
            policy: policy.clone(),
        };
        insert_site(w, &site)?;
        let mut doors = Vec::new();
        for d in 1..=DOORS_PER_SITE {
            let spec = DoorSpec {
                id: &format!("lock-p{s:02}-{d:02}"),
                name: &format!("Building {} · Door {d:02}", (d - 1) / 10 + 1),
                radio: if d % 7 == 0 {
                    Radio::Wifi
                } else {
                    Radio::Zwave
                },
                pins: (4, 8),
                slots: 250,
                battery: 20.0 + ((s * 31 + d * 17) % 80) as f64,
            };
            doors.push(add_lock(w, &site.id, &spec, now)?);
        }
        let template = [common_lock(&site.id, "template", "template")];
        let mut taken = HashSet::new();
        for c in 0..CODES_PER_SITE {
            let first = FIRST_NAMES[(c + s) % FIRST_NAMES.len()];
            let last = LAST_NAMES[(c / 7 + s) % LAST_NAMES.len()];
            let person = add_person(
                w,
                &site.id,
                &format!("person-p{s:02}-{c:03}"),
                &format!("{first} {last} {c:03}"),
                PersonKind::Resident,
                None,
                now,
            )?;
            let code_doors = vec![
                doors[c % DOORS_PER_SITE].clone(),
                doors[(c + 1) % DOORS_PER_SITE].clone(),
            ];
            let code_pin = fresh_pin(&policy, &template, &mut taken);
            add_code(
                w,
                &site.id,
                &format!("code-p{s:02}-{c:03}"),
                &person,
                "Resident code",
                &code_pin,
                &code_doors,
                Schedule::always(),
                SchedulePreset::Permanent,
                false,
                now,
            )?;
        }
        site_ids.push((site.id, doors));
    }
    // Give the property manager the whole portfolio.
    let morgan: String = w.query_row(
        "SELECT data FROM accounts WHERE username = 'morgan'",
        [],
        |r| r.get(0),
    )?;
    let mut account: Account = crate::db::from_json(&morgan)?;
    account
        .site_ids
        .extend(site_ids.iter().map(|(id, _)| id.clone()));
    w.execute(
        "UPDATE accounts SET data = ?1 WHERE username = 'morgan'",
        [to_json(&account)?],
    )?;
    for i in 0..EVENTS {
        let (site, doors) = &site_ids[i % site_ids.len()];
        let mut event = Event {
            id: 0,
            local_at: None,
            at: now - Duration::seconds((EVENTS - i) as i64 * 30),
            site_id: site.clone(),
            lock_id: Some(doors[i % doors.len()].clone()),
            person_id: None,
            code_id: None,
            actor: Some(Actor::System),
            names: Default::default(),
            kind: if i % 3 == 0 {
                EventKind::Unlocked {
                    method: Method::Keypad,
                }
            } else {
                EventKind::Locked {
                    method: Method::Auto,
                }
            },
        };
        if i % 11 == 0 {
            event.kind = EventKind::AccessDenied {
                reason: latchkey_core::event::DeniedReason::WrongCode,
            };
        }
        crate::event_log::record(w, event)?;
    }
    recount_slots(w, now)
}
