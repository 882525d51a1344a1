//! The SQLite store: opening it, running reads and transactional writes, and
//! recording events so they reach the event stream only once committed.

use std::{
    path::Path,
    sync::{Arc, Mutex},
};

use chrono::{DateTime, Utc};
use latchkey_core::event::Event;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Serialize, de::DeserializeOwned};
use tokio::sync::broadcast;

use crate::error::{ApiError, ApiResult};

/// How many events the stream fan-out buffers for a slow client before it must
/// catch up from the store.
const EVENT_BUS_CAPACITY: usize = 4096;

/// Where the store lives.
#[derive(Debug, Clone)]
pub enum StoreLocation {
    /// A file (WAL mode); everything survives a restart.
    File(std::path::PathBuf),
    /// Memory only, for tests.
    Memory,
}

/// Shared handle to the store and the live event bus.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    bus: broadcast::Sender<Event>,
}

impl Db {
    /// Opens (and creates, if new) the store.
    pub fn open(location: &StoreLocation) -> rusqlite::Result<Db> {
        let conn = match location {
            StoreLocation::File(path) => open_file(path)?,
            StoreLocation::Memory => Connection::open_in_memory()?,
        };
        crate::migrate::upgrade(&conn)?;
        conn.execute_batch(include_str!("schema.sql"))?;
        crate::door_problems::register(&conn)?;
        crate::event_names::backfill(&conn)?;
        let (bus, _) = broadcast::channel(EVENT_BUS_CAPACITY);
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
            bus,
        })
    }

    /// Runs read-only queries.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> ApiResult<T>) -> ApiResult<T> {
        let conn = self.conn.lock().map_err(|_| ApiError::internal())?;
        f(&conn)
    }

    /// Runs `f` in one transaction: all of it is saved, or none of it. Events it
    /// records are published to the stream after the commit, in id order.
    pub fn write<T>(&self, f: impl FnOnce(&mut Write<'_>) -> ApiResult<T>) -> ApiResult<T> {
        let mut conn = self.conn.lock().map_err(|_| ApiError::internal())?;
        let mut write = Write {
            tx: conn.transaction()?,
            events: Vec::new(),
        };
        let out = f(&mut write)?;
        let Write { tx, events } = write;
        tx.commit()?;
        // Still under the lock, so the stream sees events in id order.
        for event in events {
            let _ = self.bus.send(event);
        }
        Ok(out)
    }

    /// A receiver of every event committed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.bus.subscribe()
    }
}

fn open_file(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // Every acknowledged write is on disk: a crash loses nothing the client was told about.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// An open transaction, with the events recorded in it.
pub struct Write<'c> {
    pub tx: Transaction<'c>,
    events: Vec<Event>,
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl Write<'_> {
    /// Stores a complete event (its `id` is assigned here) and queues it for
    /// the stream. Events are recorded through [`crate::event_log::record`],
    /// which completes them and shows them to the alert rules first.
    pub fn insert_event(&mut self, mut event: Event) -> ApiResult<Event> {
        self.tx.execute(
            "INSERT INTO events (site_id, lock_id, person_id, code_id, kind, at, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, '{}')",
            params![
                event.site_id.as_str(),
                event.lock_id.as_ref().map(|id| id.as_str()),
                event.person_id.as_ref().map(|id| id.as_str()),
                event.code_id.as_ref().map(|id| id.as_str()),
                event.kind.name(),
                event.at.to_rfc3339(),
            ],
        )?;
        event.id = self.tx.last_insert_rowid() as u64;
        self.tx.execute(
            "UPDATE events SET data = ?1 WHERE id = ?2",
            params![to_json(&event)?, event.id as i64],
        )?;
        self.events.push(event.clone());
        Ok(event)
    }
}

/// Serialises a value for a `data` column.
pub fn to_json<T: Serialize>(value: &T) -> ApiResult<String> {
    Ok(serde_json::to_string(value)?)
}

/// Parses a `data` column.
pub fn from_json<T: DeserializeOwned>(text: &str) -> ApiResult<T> {
    Ok(serde_json::from_str(text)?)
}

/// Reads one row's `data` (and `version`) by id from `table`, or `None`.
pub fn get_data<T: DeserializeOwned>(
    conn: &Connection,
    table: &str,
    id: &str,
) -> ApiResult<Option<(T, i64)>> {
    let row: Option<(String, i64)> = conn
        .query_row(
            &format!("SELECT data, version FROM {table} WHERE id = ?1"),
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(data, version)| Ok((from_json(&data)?, version)))
        .transpose()
}

/// A value from the `meta` table.
pub fn meta_get(conn: &Connection, key: &str) -> ApiResult<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Sets a value in the `meta` table.
pub fn meta_set(conn: &Connection, key: &str, value: &str) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Milliseconds since the epoch of a real (not simulated) time.
pub fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

/// A fresh random id such as `person-3f9a1c2b7d4e`.
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    format!("{prefix}-{}", hex::encode(bytes))
}
