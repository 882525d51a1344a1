//! The names an event keeps: what its door, person and code were called when
//! it happened (so history reads the same after a rename or a removal), and,
//! when events are read, whether the person has been deleted since.

use std::collections::{BTreeSet, HashSet};

use latchkey_core::event::{Event, RecordedNames};
use rusqlite::{Connection, OptionalExtension};

use crate::error::ApiResult;

/// The current names of the event's door, person and code (deleted rows too:
/// a person is still called by their name in the event that removes them).
pub fn current_names(conn: &Connection, event: &Event) -> ApiResult<RecordedNames> {
    let name_in = |table: &str, id: Option<&str>| -> ApiResult<Option<String>> {
        let Some(id) = id else { return Ok(None) };
        let sql = format!("SELECT json_extract(data, '$.name') FROM {table} WHERE id = ?1");
        Ok(conn
            .query_row(&sql, [id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    };
    let person_deleted = match &event.person_id {
        Some(id) => conn
            .query_row(
                "SELECT deleted FROM people WHERE id = ?1",
                [id.as_str()],
                |r| r.get::<_, bool>(0),
            )
            .optional()?
            .unwrap_or(false),
        None => false,
    };
    Ok(RecordedNames {
        door: name_in("locks", event.lock_id.as_ref().map(|id| id.as_str()))?,
        person: name_in("people", event.person_id.as_ref().map(|id| id.as_str()))?,
        code: name_in("codes", event.code_id.as_ref().map(|id| id.as_str()))?,
        person_deleted,
    })
}

/// Marks the events whose person has been deleted since they were recorded
/// (one query for the whole page).
pub fn mark_deleted_people(conn: &Connection, events: &mut [Event]) -> ApiResult<()> {
    let people: BTreeSet<&str> = events
        .iter()
        .filter_map(|e| e.person_id.as_ref().map(|p| p.as_str()))
        .collect();
    if people.is_empty() {
        return Ok(());
    }
    let deleted: HashSet<String> = conn
        .prepare_cached(
            "SELECT id FROM people WHERE deleted = 1 AND id IN (SELECT value FROM json_each(?1))",
        )?
        .query_map([serde_json::to_string(&people)?], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for event in events.iter_mut() {
        if let Some(person) = &event.person_id
            && deleted.contains(person.as_str())
        {
            event.names.person_deleted = true;
        }
    }
    Ok(())
}

/// Gives events stored before names were recorded the names their ids have
/// now: the closest there is to what they were called.
/// Runs once per store (a `meta` key remembers it), not at every start.
pub fn backfill(conn: &Connection) -> rusqlite::Result<()> {
    let done: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [BACKFILLED], |r| {
            r.get(0)
        })
        .optional()?;
    if done.is_some() {
        return Ok(());
    }
    conn.execute(
        "UPDATE events SET data = json_set(data, '$.names', json_object(
            'door', (SELECT json_extract(l.data, '$.name') FROM locks l WHERE l.id = events.lock_id),
            'person', (SELECT json_extract(p.data, '$.name') FROM people p WHERE p.id = events.person_id),
            'code', (SELECT json_extract(c.data, '$.name') FROM codes c WHERE c.id = events.code_id)))
         WHERE json_extract(data, '$.names') IS NULL
           AND (lock_id IS NOT NULL OR person_id IS NOT NULL OR code_id IS NOT NULL)",
        [],
    )?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, '1')",
        [BACKFILLED],
    )?;
    Ok(())
}

/// The `meta` key that says stored events have their names.
const BACKFILLED: &str = "events_have_names";
