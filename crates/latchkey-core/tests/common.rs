//! Builders shared by the core tests: locks, existing codes, dates.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use latchkey_core::{
    ids::{CodeId, LockId, PersonId, SiteId},
    lock::{DoorPosition, Lock, LockCapabilities, LockState, PinLengthRange, Radio},
    pin::{ExistingPin, Pin},
    refs::{DoorRef, PersonRef},
};

pub fn lock(id: &str, name: &str, min: u8, max: u8) -> Lock {
    Lock {
        id: LockId::from(id),
        site_id: SiteId::from("maple"),
        name: name.to_owned(),
        state: LockState::Locked,
        online: true,
        battery_percent: 80,
        door: DoorPosition::Closed,
        keypad_locked_until: None,
        capabilities: LockCapabilities {
            pin_length: PinLengthRange { min, max },
            slots: 30,
            radio: Radio::Wifi,
            keeps_schedules: true,
            reads_back_pins: false,
            reports_wrong_digits: false,
        },
        slots_used: 3,
        pending_changes: 0,
        pending_command: None,
        keypad_lockout: None,
        updated_at: Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
    }
}

pub fn existing(code: &str, person: &str, pin: &str, doors: &[(&str, &str)]) -> ExistingPin {
    ExistingPin {
        code_id: CodeId::from(code),
        person: PersonRef {
            id: PersonId::from(person),
            name: person.to_owned(),
        },
        pin: Pin::parse(pin).unwrap(),
        doors: doors
            .iter()
            .map(|(id, name)| DoorRef {
                id: LockId::from(*id),
                name: (*name).to_owned(),
            })
            .collect(),
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    date(y, mo, d).and_time(time(h, mi))
}
