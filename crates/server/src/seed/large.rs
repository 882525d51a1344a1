//! The large fixture for performance work: 48 more sites, about 2,000 doors,
//! 10,000 codes and 50,000 events, generated (it is too big to be data).

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use latchkey_core::{
    account::Account,
    event::{Actor, Event, EventKind, Method},
    ids::SiteId,
    lock::Radio,
    person::PersonKind,
    schedule::{Schedule, SchedulePreset},
    site::{CodePolicy, RevealPolicy, Site},
};

use super::rows::{
    DoorSpec, add_code, add_lock, add_person, fresh_pin, insert_site, recount_slots,
};
use crate::{
    db::{Write, to_json},
    error::ApiResult,
    records::load_lock,
};

const FIRST_NAMES: [&str; 20] = [
    "Ava", "Ben", "Chloe", "Diego", "Elena", "Farid", "Grace", "Hiro", "Isla", "Jamal", "Kira",
    "Liam", "Maya", "Noah", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara",
];
const LAST_NAMES: [&str; 12] = [
    "Adams", "Brown", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
    "Kowalski", "Lopez",
];

/// 48 more sites to reach about 2,000 doors, 10,000 codes and 50,000 events.
pub fn large_fixture(w: &mut Write<'_>, now: DateTime<Utc>) -> ApiResult<()> {
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
        // Every door of a portfolio site takes the same PINs: draw them for the first.
        let template = [load_lock(w, &doors[0])?.lock];
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
    recount_slots(w, |_| true, now)
}
