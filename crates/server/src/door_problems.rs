//! SQL functions that apply latchkey-core's door problems to the stored locks,
//! so the door list filters and sorts by the very rule the app shows:
//!
//! - `door_has_problem(data, now, problems)`: 1 when the lock (its JSON) has any
//!   of the comma-separated problems at `now` (RFC 3339), else 0;
//! - `door_problem_rank(data, now)`: the lock's place in "problems first".

use chrono::{DateTime, Utc};
use latchkey_core::lock::{DoorProblem, Lock};
use rusqlite::{
    Connection, Error,
    functions::{Context, FunctionFlags},
};

/// Adds the functions to a connection.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("door_has_problem", 3, flags, |ctx| {
        let (lock, now) = lock_and_now(ctx)?;
        let problems: String = ctx.get(2)?;
        Ok(problems
            .split(',')
            .filter_map(DoorProblem::from_name)
            .any(|problem| lock.has_problem(problem, now)))
    })?;
    conn.create_scalar_function("door_problem_rank", 2, flags, |ctx| {
        let (lock, now) = lock_and_now(ctx)?;
        Ok(lock.problem_rank(now) as i64)
    })
}

/// The problem names of a `problem` filter, checked: `Err` names the unknown one.
pub fn parse_names(list: &str) -> Result<Vec<DoorProblem>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| DoorProblem::from_name(name).ok_or_else(|| name.to_owned()))
        .collect()
}

fn lock_and_now(ctx: &Context<'_>) -> rusqlite::Result<(Lock, DateTime<Utc>)> {
    let data: String = ctx.get(0)?;
    let now: String = ctx.get(1)?;
    let lock = serde_json::from_str(&data).map_err(|e| Error::UserFunctionError(e.into()))?;
    let now = DateTime::parse_from_rfc3339(&now)
        .map_err(|e| Error::UserFunctionError(e.into()))?
        .with_timezone(&Utc);
    Ok((lock, now))
}
