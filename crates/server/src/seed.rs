//! Demo data: the "Maple Street" home, "Harbor View Apartments" and their two
//! demo accounts are data, in `demo/homes.json`; this module loads that file
//! into the store. Behind a flag, [`large`] adds a generated portfolio for
//! performance work.

mod large;
mod rows;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use latchkey_core::{
    account::{Account, Role},
    alert::{AlertChannel, AlertRule, AlertTrigger},
    event::{Actor, Event, EventKind},
    ids::{AccountId, AlertRuleId, CodeId, LockId, PersonId, SiteId},
    lock::{Lock, Radio},
    person::PersonKind,
    schedule::{Schedule, SchedulePreset, WeeklyWindow},
    site::{CodePolicy, Site},
    tz,
};
use rusqlite::params;
use serde::Deserialize;

use crate::{
    auth::insert_account,
    db::{Write, meta_get, meta_set, to_json},
    error::{ApiError, ApiResult},
    records::load_lock,
};
use rows::{
    DoorSpec, add_code, add_lock, add_person, found_code, fresh_pin, insert_site, recount_slots,
};

/// The demo homes, as committed.
const DEMO_HOMES: &str = include_str!("../demo/homes.json");

/// What `demo/homes.json` holds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoData {
    /// Words for whoever edits the file; the loader does not read them.
    #[serde(rename = "about")]
    _about: String,
    accounts: Vec<DemoAccount>,
    sites: Vec<DemoSite>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAccount {
    username: String,
    password: String,
    name: String,
    role: Role,
    sites: Vec<SiteId>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSite {
    id: SiteId,
    name: String,
    time_zone: String,
    policy: CodePolicy,
    doors: Vec<DemoDoor>,
    people: Vec<DemoPerson>,
    #[serde(default)]
    found_codes: Vec<DemoFoundCode>,
    #[serde(default)]
    events: Vec<DemoEvent>,
    #[serde(default)]
    alert_rules: Vec<DemoAlertRule>,
}

/// A simulated lock.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoDoor {
    id: LockId,
    name: String,
    radio: Radio,
    /// Shortest and longest PIN the lock takes.
    pin_lengths: (u8, u8),
    slots: u16,
    battery: u8,
    /// `false`: a lock that cannot keep schedules itself.
    #[serde(default = "yes")]
    keeps_schedules: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPerson {
    id: PersonId,
    name: String,
    kind: PersonKind,
    #[serde(default)]
    phone: Option<String>,
    codes: Vec<DemoCode>,
}

/// A code, already on its locks when the demo starts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCode {
    id: CodeId,
    name: String,
    /// `None`: a fresh PIN drawn by the site's policy at each load.
    #[serde(default)]
    pin: Option<String>,
    doors: Vec<LockId>,
    schedule: DemoSchedule,
    preset: SchedulePreset,
    #[serde(default)]
    main: bool,
}

/// A schedule whose dates count from the day the demo is loaded.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSchedule {
    #[serde(default)]
    weekly: Vec<WeeklyWindow>,
    /// Starts at midnight this many days after the site's local today.
    #[serde(default)]
    from_day: Option<i64>,
    /// Ends at midnight this many days after the site's local today.
    #[serde(default)]
    until_day: Option<i64>,
    #[serde(default)]
    use_limit: Option<u32>,
}

/// A code programmed at a keypad by hand, unknown to the dashboard.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFoundCode {
    door: LockId,
    pin: String,
    slot: u16,
}

/// A past event, by the person named (or by the system).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoEvent {
    minutes_ago: i64,
    door: LockId,
    #[serde(default)]
    person: Option<PersonId>,
    #[serde(default)]
    code: Option<CodeId>,
    kind: EventKind,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAlertRule {
    id: AlertRuleId,
    name: String,
    trigger: AlertTrigger,
    channels: Vec<AlertChannel>,
}

fn demo_data() -> ApiResult<DemoData> {
    serde_json::from_str(DEMO_HOMES).map_err(|e| {
        tracing::error!("demo/homes.json does not load: {e}");
        ApiError::internal()
    })
}

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
    for site in demo_data()?.sites {
        load_site(w, &site, now)?;
    }
    w.execute("DELETE FROM meta WHERE key = 'large_fixture'", [])?;
    Ok(())
}

/// Seeds the demo data into an empty store (and the large fixture when asked).
pub fn seed(w: &mut Write<'_>, large: bool, now: DateTime<Utc>) -> ApiResult<()> {
    if meta_get(w, "seeded")?.is_none() {
        let data = demo_data()?;
        for site in &data.sites {
            load_site(w, site, now)?;
        }
        for demo in data.accounts {
            let account = Account {
                id: AccountId(format!("account-{}", demo.username)),
                username: demo.username,
                display_name: demo.name,
                role: demo.role,
                site_ids: demo.sites,
            };
            insert_account(w, &account, &demo.password)?;
        }
        meta_set(w, "seeded", &now.to_rfc3339())?;
    }
    if large && meta_get(w, "large_fixture")?.is_none() {
        large::large_fixture(w, now)?;
        meta_set(w, "large_fixture", &now.to_rfc3339())?;
    }
    Ok(())
}

/// Stores one demo site: its doors, then its people, then their codes (in the
/// file's order), the found codes, the simulated devices, past events, and
/// last the alert rules (so the past raises no alert).
fn load_site(w: &mut Write<'_>, demo: &DemoSite, now: DateTime<Utc>) -> ApiResult<()> {
    let site = Site {
        id: demo.id.clone(),
        name: demo.name.clone(),
        time_zone: demo.time_zone.clone(),
        policy: demo.policy.clone(),
    };
    insert_site(w, &site)?;
    let mut locks: HashMap<&LockId, Lock> = HashMap::new();
    for door in &demo.doors {
        let spec = DoorSpec {
            id: door.id.as_str(),
            name: &door.name,
            radio: door.radio,
            pins: door.pin_lengths,
            slots: door.slots,
            battery: f64::from(door.battery),
        };
        let id = add_lock(w, &site.id, &spec, now)?;
        locks.insert(&door.id, load_lock(w, &id)?.lock);
    }
    for person in &demo.people {
        add_person(
            w,
            &site.id,
            person.id.as_str(),
            &person.name,
            person.kind,
            person.phone.as_deref(),
            now,
        )?;
    }
    let midnight = local_midnights(&site, now);
    let mut taken: HashSet<String> = demo
        .people
        .iter()
        .flat_map(|p| &p.codes)
        .filter_map(|c| c.pin.clone())
        .collect();
    for person in &demo.people {
        for code in &person.codes {
            let doors: Vec<Lock> = code
                .doors
                .iter()
                .map(|id| locks.get(id).cloned().ok_or_else(|| unknown_door(id)))
                .collect::<ApiResult<_>>()?;
            let pin = match &code.pin {
                Some(digits) => parse_pin(digits)?,
                None => fresh_pin(&site.policy, &doors, &mut taken),
            };
            let schedule = Schedule {
                starts_at: code.schedule.from_day.map(&midnight),
                ends_at: code.schedule.until_day.map(&midnight),
                weekly: code.schedule.weekly.clone(),
                exceptions: Vec::new(),
                use_limit: code.schedule.use_limit,
            };
            add_code(
                w,
                &site.id,
                code.id.as_str(),
                &person.id,
                &code.name,
                &pin,
                &code.doors,
                schedule,
                code.preset,
                code.main,
                now,
            )?;
        }
    }
    for found in &demo.found_codes {
        found_code(w, &found.door, &parse_pin(&found.pin)?, found.slot, now)?;
    }
    let cannot_keep: HashSet<&LockId> = demo
        .doors
        .iter()
        .filter(|d| !d.keeps_schedules)
        .map(|d| &d.id)
        .collect();
    recount_slots(w, |id| !cannot_keep.contains(id), now)?;
    for past in &demo.events {
        let person = past
            .person
            .as_ref()
            .and_then(|id| demo.people.iter().find(|p| &p.id == id));
        let event = Event {
            id: 0,
            local_at: None,
            at: now - Duration::minutes(past.minutes_ago),
            site_id: site.id.clone(),
            lock_id: Some(past.door.clone()),
            person_id: past.person.clone(),
            code_id: past.code.clone(),
            actor: Some(match person {
                Some(p) => Actor::Person {
                    id: p.id.clone(),
                    name: p.name.clone(),
                },
                None => Actor::System,
            }),
            names: Default::default(),
            kind: past.kind.clone(),
        };
        crate::event_log::record(w, event)?;
    }
    for demo_rule in &demo.alert_rules {
        let rule = AlertRule {
            id: demo_rule.id.clone(),
            site_id: site.id.clone(),
            name: demo_rule.name.clone(),
            trigger: demo_rule.trigger.clone(),
            channels: demo_rule.channels.clone(),
            enabled: true,
            created_at: now,
        };
        w.execute(
            "INSERT INTO alert_rules (id, site_id, data) VALUES (?1, ?2, ?3)",
            params![rule.id.as_str(), site.id.as_str(), to_json(&rule)?],
        )?;
    }
    Ok(())
}

/// Midnight at the start of the site's local day `days` after today.
fn local_midnights(site: &Site, now: DateTime<Utc>) -> impl Fn(i64) -> NaiveDateTime {
    let local_today = tz::parse_time_zone(&site.time_zone)
        .map(|zone| tz::to_local(now, zone).date())
        .unwrap_or(now.date_naive());
    move |days| {
        (local_today + Duration::days(days))
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
    }
}

fn parse_pin(digits: &str) -> ApiResult<latchkey_core::pin::Pin> {
    latchkey_core::pin::Pin::parse(digits).map_err(|_| {
        tracing::error!("demo/homes.json has a PIN that is not digits");
        ApiError::internal()
    })
}

fn unknown_door(id: &LockId) -> ApiError {
    tracing::error!("demo/homes.json names a door that is not at its site: {id}");
    ApiError::internal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_file_loads_and_names_only_its_own_doors_and_people() {
        let data = demo_data().expect("demo/homes.json matches the loader");
        assert_eq!(data.sites.len(), 2);
        for site in &data.sites {
            let doors: HashSet<&LockId> = site.doors.iter().map(|d| &d.id).collect();
            let people: HashSet<&PersonId> = site.people.iter().map(|p| &p.id).collect();
            for code in site.people.iter().flat_map(|p| &p.codes) {
                assert!(code.doors.iter().all(|d| doors.contains(d)), "{}", code.id);
            }
            for event in &site.events {
                assert!(doors.contains(&event.door));
                assert!(event.person.as_ref().is_none_or(|p| people.contains(p)));
            }
        }
    }
}
