//! Typed access to the stored rows: load and save sites, locks, people and codes,
//! and the facts derived from them (a person's status, a site's local time).

use chrono::{DateTime, NaiveDateTime, Utc};
use latchkey_core::{
    code::AccessCode,
    ids::{CodeId, LockId, PersonId, SiteId},
    lock::Lock,
    person::{Person, person_status},
    pin::{ExistingPin, Pin},
    refs::{DoorRef, PersonRef},
    site::Site,
    sync::{SyncFailure, SyncState, SyncStatus},
    tz,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::{
    db::{Write, from_json, get_data, to_json},
    error::{ApiError, ApiResult},
};

/// A lock as the hub keeps it: the contract's `Lock`, which driver reaches it
/// and by what reference, and the hub's own facts about it.
#[derive(Debug, Clone)]
pub struct LockRow {
    pub lock: Lock,
    /// The driver that reaches the lock (`sim` for the simulator).
    pub driver: String,
    /// The lock's id within its driver.
    pub device_ref: String,
    /// A Bluetooth lock hears changes only while a phone is in range.
    pub in_range: bool,
    /// Real time (ms) when the pending lock or unlock command is to be sent.
    pub command_due: Option<i64>,
    /// Who sent the pending command, for the event when the lock reports it.
    pub command_by: Option<latchkey_core::event::Actor>,
    pub version: i64,
}

const LOCK_COLUMNS: &str = "data, driver, device_ref, in_range, command_due, command_by, version";

/// A lock row's columns as stored, before parsing.
type StoredLock = (
    String,
    String,
    String,
    bool,
    Option<i64>,
    Option<String>,
    i64,
);

fn lock_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredLock> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

pub fn load_site(conn: &Connection, id: &SiteId) -> ApiResult<(Site, i64)> {
    get_data(conn, "sites", id.as_str())?.ok_or_else(|| ApiError::not_found("site"))
}

pub fn load_lock(conn: &Connection, id: &LockId) -> ApiResult<LockRow> {
    let row = conn
        .query_row(
            &format!("SELECT {LOCK_COLUMNS} FROM locks WHERE id = ?1"),
            [id.as_str()],
            lock_from_row,
        )
        .optional()?;
    let (data, driver, device_ref, in_range, command_due, command_by, version) =
        row.ok_or_else(|| ApiError::not_found("door"))?;
    Ok(LockRow {
        lock: from_json(&data)?,
        driver,
        device_ref,
        in_range,
        command_due,
        command_by: command_by.map(|by| from_json(&by)).transpose()?,
        version,
    })
}

/// The lock a driver knows as `device_ref`, if the hub has it.
pub fn lock_of_device(
    conn: &Connection,
    driver: &str,
    device_ref: &str,
) -> ApiResult<Option<LockId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM locks WHERE driver = ?1 AND device_ref = ?2",
            params![driver, device_ref],
            |r| Ok(LockId(r.get(0)?)),
        )
        .optional()?)
}

/// Saves a lock (bumping its version and `updated_at`).
pub fn save_lock(w: &Connection, row: &mut LockRow, now: DateTime<Utc>) -> ApiResult<()> {
    row.lock.updated_at = now;
    row.version += 1;
    w.execute(
        "UPDATE locks SET data = ?1, state = ?2, in_range = ?3, command_due = ?4, command_by = ?5, version = ?6, sort_key = ?8 WHERE id = ?7",
        params![
            to_json(&row.lock)?,
            to_json(&row.lock.state)?.trim_matches('"'),
            row.in_range,
            row.command_due,
            row.command_by.as_ref().map(to_json).transpose()?,
            row.version,
            row.lock.id.as_str(),
            sort_key(&row.lock.name, row.lock.id.as_str())
        ],
    )?;
    Ok(())
}

/// Inserts a new lock, reached through `driver` as `device_ref`. A Bluetooth
/// lock starts out of range: no phone has been near it yet.
pub fn insert_lock(
    conn: &Connection,
    lock: &Lock,
    driver: &str,
    device_ref: &str,
) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO locks (id, site_id, sort_key, state, data, driver, device_ref, in_range) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            lock.id.as_str(),
            lock.site_id.as_str(),
            sort_key(&lock.name, lock.id.as_str()),
            to_json(&lock.state)?.trim_matches('"'),
            to_json(lock)?,
            driver,
            device_ref,
            lock.capabilities.radio != latchkey_core::lock::Radio::Bluetooth
        ],
    )?;
    Ok(())
}

/// Paging and name order: case-insensitive name, then id.
pub fn sort_key(name: &str, id: &str) -> String {
    format!("{}\u{1f}{id}", name.to_lowercase())
}

/// A person row (status not yet computed).
#[derive(Debug, Clone)]
pub struct PersonRow {
    pub person: Person,
    pub paused: bool,
    pub version: i64,
}

pub fn load_person(conn: &Connection, id: &PersonId) -> ApiResult<PersonRow> {
    let row: Option<(String, bool, i64)> = conn
        .query_row(
            "SELECT data, paused, version FROM people WHERE id = ?1 AND deleted = 0",
            [id.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (data, paused, version) = row.ok_or_else(|| ApiError::not_found("person"))?;
    Ok(PersonRow {
        person: from_json(&data)?,
        paused,
        version,
    })
}

pub fn save_person(w: &Write<'_>, row: &mut PersonRow, now: DateTime<Utc>) -> ApiResult<()> {
    row.person.updated_at = now;
    row.version += 1;
    w.execute(
        "UPDATE people SET data = ?1, sort_key = ?2, paused = ?3, version = ?4 WHERE id = ?5",
        params![
            to_json(&row.person)?,
            sort_key(&row.person.name, row.person.id.as_str()),
            row.paused,
            row.version,
            row.person.id.as_str()
        ],
    )?;
    Ok(())
}

pub fn insert_person(conn: &Connection, person: &Person, paused: bool) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO people (id, site_id, sort_key, paused, data) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            person.id.as_str(),
            person.site_id.as_str(),
            sort_key(&person.name, person.id.as_str()),
            paused,
            to_json(person)?
        ],
    )?;
    Ok(())
}

/// Fills in a person's status from their pause flag and their codes, at the site's local time.
pub fn with_status(
    conn: &Connection,
    mut row: PersonRow,
    local_now: NaiveDateTime,
) -> ApiResult<Person> {
    let codes = codes_of_person(conn, &row.person.id)?;
    row.person.status = person_status(
        row.paused,
        codes.iter().map(|c| (&c.code.schedule, c.code.uses)),
        local_now,
    );
    Ok(row.person)
}

/// A code row with its PIN (never sent out but by a reveal).
#[derive(Debug, Clone)]
pub struct CodeRow {
    pub code: AccessCode,
    pub pin: Pin,
    pub version: i64,
}

pub fn load_code(conn: &Connection, id: &CodeId) -> ApiResult<CodeRow> {
    let row: Option<(String, String, i64)> = conn
        .query_row(
            "SELECT data, pin, version FROM codes WHERE id = ?1 AND deleted = 0",
            [id.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (data, pin, version) = row.ok_or_else(|| ApiError::not_found("code"))?;
    Ok(CodeRow {
        code: from_json(&data)?,
        pin: Pin::parse(&pin).map_err(|_| ApiError::internal())?,
        version,
    })
}

pub fn codes_of_person(conn: &Connection, person: &PersonId) -> ApiResult<Vec<CodeRow>> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM codes WHERE person_id = ?1 AND deleted = 0 ORDER BY id")?
        .query_map([person.as_str()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    ids.iter()
        .map(|id| load_code(conn, &CodeId(id.clone())))
        .collect()
}

/// Marks a code deleted: it stays for history, and no list shows it again.
pub fn mark_code_deleted(w: &Write<'_>, id: &CodeId) -> ApiResult<()> {
    w.execute(
        "UPDATE codes SET deleted = 1, version = version + 1 WHERE id = ?1",
        [id.as_str()],
    )?;
    Ok(())
}

pub fn save_code(w: &Write<'_>, row: &mut CodeRow, now: DateTime<Utc>) -> ApiResult<()> {
    row.code.updated_at = now;
    row.code.pin_length = row.pin.len() as u8;
    row.version += 1;
    w.execute(
        "UPDATE codes SET data = ?1, pin = ?2, version = ?3 WHERE id = ?4",
        params![
            to_json(&row.code)?,
            row.pin.reveal(),
            row.version,
            row.code.id.as_str()
        ],
    )?;
    Ok(())
}

pub fn insert_code(conn: &Connection, code: &AccessCode, pin: &Pin) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO codes (id, site_id, person_id, pin, data) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            code.id.as_str(),
            code.site_id.as_str(),
            code.person_id.as_str(),
            pin.reveal(),
            to_json(code)?
        ],
    )?;
    Ok(())
}

/// Every live code at a site, as PIN uniqueness sees them.
pub fn existing_pins(conn: &Connection, site: &SiteId) -> ApiResult<Vec<ExistingPin>> {
    let mut statement = conn.prepare(
        "SELECT c.id, c.pin, c.data, p.id, p.data FROM codes c JOIN people p ON p.id = c.person_id
         WHERE c.site_id = ?1 AND c.deleted = 0",
    )?;
    let rows: Vec<(String, String, String, String, String)> = statement
        .query_map([site.as_str()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(code_id, pin, code, person_id, person)| {
            let code: AccessCode = from_json(&code)?;
            let person: Person = from_json(&person)?;
            Ok(ExistingPin {
                code_id: CodeId(code_id),
                person: PersonRef {
                    id: PersonId(person_id),
                    name: person.name,
                },
                pin: Pin::parse(&pin).map_err(|_| ApiError::internal())?,
                doors: door_refs(conn, &code.doors)?,
            })
        })
        .collect()
}

/// Door ids with their names, for messages.
pub fn door_refs(conn: &Connection, ids: &[LockId]) -> ApiResult<Vec<DoorRef>> {
    ids.iter()
        .map(|id| {
            let name: Option<String> = conn
                .query_row(
                    "SELECT json_extract(data, '$.name') FROM locks WHERE id = ?1",
                    [id.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(DoorRef {
                id: id.clone(),
                name: name.unwrap_or_else(|| id.to_string()),
            })
        })
        .collect()
}

/// The site's wall-clock time now.
pub fn site_local_now(site: &Site, now: DateTime<Utc>) -> NaiveDateTime {
    match tz::parse_time_zone(&site.time_zone) {
        Ok(zone) => tz::to_local(now, zone),
        Err(_) => now.naive_utc(),
    }
}

/// Sync rows matching a SQL condition on `code_locks` (aliased `cl`), with
/// their on-lock times in UTC and on their site's wall clock.
pub fn sync_states(conn: &Connection, condition: &str, param: &str) -> ApiResult<Vec<SyncState>> {
    let sql = format!(
        "SELECT cl.code_id, cl.lock_id, cl.status, cl.failure, cl.updated_at, cl.slot, cl.held,
                cl.edge_at, cl.overdue_since, c.site_id
         FROM code_locks cl JOIN codes c ON c.id = cl.code_id WHERE {condition} ORDER BY cl.code_id, cl.lock_id"
    );
    let mut statement = conn.prepare(&sql)?;
    let mut zones: std::collections::HashMap<String, Option<tz::Tz>> = Default::default();
    let mut states = Vec::new();
    let mut rows = statement.query([param])?;
    while let Some(r) = rows.next()? {
        let time = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
            Ok(r.get::<_, Option<String>>(i)?
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.to_utc()))
        };
        let site: String = r.get(9)?;
        let zone = match zones.get(&site) {
            Some(zone) => *zone,
            None => {
                let zone = load_site(conn, &SiteId(site.clone()))
                    .ok()
                    .and_then(|(s, _)| tz::parse_time_zone(&s.time_zone).ok());
                zones.insert(site, zone);
                zone
            }
        };
        let local =
            |at: Option<DateTime<Utc>>| at.zip(zone).map(|(at, zone)| tz::to_local(at, zone));
        let status: String = r.get(2)?;
        let failure: Option<String> = r.get(3)?;
        let updated_at: String = r.get(4)?;
        let held: bool = r.get(6)?;
        // A lock without schedules: the next edge is when the code comes off
        // (while on) or goes on again (while off).
        let edge = time(7)?;
        let (until, next) = if held { (edge, None) } else { (None, edge) };
        let overdue = time(8)?;
        states.push(SyncState {
            code_id: CodeId(r.get(0)?),
            lock_id: LockId(r.get(1)?),
            status: from_json::<SyncStatus>(&format!("\"{status}\""))?,
            failure: failure
                .map(|f| from_json::<SyncFailure>(&format!("\"{f}\"")))
                .transpose()?,
            updated_at: DateTime::parse_from_rfc3339(&updated_at)
                .map_err(|_| ApiError::internal())?
                .to_utc(),
            slot: r.get(5)?,
            on_lock: Some(held),
            on_lock_until: until,
            next_on_lock_at: next,
            overdue_since: overdue,
            on_lock_until_local: local(until),
            next_on_lock_at_local: local(next),
            overdue_since_local: local(overdue),
        });
    }
    Ok(states)
}

/// The wire name of a unit enum value (`SyncStatus::Pending` → `pending`).
pub fn wire_name(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned()
}
