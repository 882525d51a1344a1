//! The names an event keeps: what its door, person and code were called when
//! it happened (so history reads the same after a rename or a removal), and,
//! when events are read, whether the person has been deleted since.

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

/// Marks the events whose person has been deleted since they were recorded.
pub fn mark_deleted_people(conn: &Connection, events: &mut [Event]) -> ApiResult<()> {
    let mut deleted = conn.prepare_cached("SELECT deleted FROM people WHERE id = ?1")?;
    for event in events.iter_mut() {
        let Some(person) = &event.person_id else {
            continue;
        };
        if event.names.person_deleted {
            continue;
        }
        event.names.person_deleted = deleted
            .query_row([person.as_str()], |r| r.get::<_, bool>(0))
            .optional()?
            .unwrap_or(false);
    }
    Ok(())
}

/// Gives events stored before names were recorded the names their ids have
/// now: the closest there is to what they were called.
pub fn backfill(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE events SET data = json_set(data, '$.names', json_object(
            'door', (SELECT json_extract(l.data, '$.name') FROM locks l WHERE l.id = events.lock_id),
            'person', (SELECT json_extract(p.data, '$.name') FROM people p WHERE p.id = events.person_id),
            'code', (SELECT json_extract(c.data, '$.name') FROM codes c WHERE c.id = events.code_id)))
         WHERE json_extract(data, '$.names') IS NULL
           AND (lock_id IS NOT NULL OR person_id IS NOT NULL OR code_id IS NOT NULL)",
        [],
    )
}
