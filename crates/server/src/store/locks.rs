//! The doors' side of the store: the filtered, ordered list of locks, one
//! lock, and saving one.

use chrono::{DateTime, Utc};
use latchkey_core::{
    ids::{LockId, SiteId},
    lock::{DoorProblem, Lock, LockState},
};
use rusqlite::{Connection, types::Value};

use crate::{
    db::from_json,
    error::ApiResult,
    records::{LockRow, load_lock, save_lock},
    store::ids_json,
};

/// The order of `GET /locks`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LockSort {
    /// By name.
    #[default]
    Name,
    /// Jammed, then offline, keypad locked out, low battery, code changes
    /// waiting, then the doors with no problem; by name within each.
    Problems,
}

/// Which locks to list, in which order, from where.
pub struct LockQuery<'a> {
    pub sites: &'a [SiteId],
    pub site: Option<&'a SiteId>,
    /// Empty: any state.
    pub states: &'a [LockState],
    pub online: Option<bool>,
    /// Part of the name, any case.
    pub name_contains: Option<&'a str>,
    /// Empty: any door; otherwise a door with any of these problems.
    pub problems: &'a [DoorProblem],
    /// The time door problems are judged at.
    pub now: DateTime<Utc>,
    pub sort: LockSort,
    /// Only locks whose place in the order comes after this one.
    pub after: Option<String>,
    pub limit: u32,
}

/// A page of locks: how many match in all, and up to `limit` of them, each
/// with its place in the order.
pub struct LockPage {
    pub total: u64,
    pub locks: Vec<(String, Lock)>,
}

/// What the door use cases read and write.
pub trait LockStore {
    fn locks_page(&self, query: &LockQuery<'_>) -> ApiResult<LockPage>;
    /// One lock (404 when there is none).
    fn lock(&self, id: &LockId) -> ApiResult<LockRow>;
    /// Saves a lock, bumping its version and `updated_at`.
    fn save_lock(&self, row: &mut LockRow, now: DateTime<Utc>) -> ApiResult<()>;
    /// The doors of `sites`, in name order.
    fn doors_at(&self, sites: &[SiteId]) -> ApiResult<Vec<LockId>>;
}

impl LockStore for Connection {
    fn locks_page(&self, query: &LockQuery<'_>) -> ApiResult<LockPage> {
        let mut conditions = vec!["site_id IN (SELECT value FROM json_each(?))".to_owned()];
        let mut values: Vec<Value> = vec![Value::Text(ids_json(query.sites))];
        if let Some(site) = query.site {
            conditions.push("site_id = ?".into());
            values.push(Value::Text(site.to_string()));
        }
        if !query.states.is_empty() {
            conditions.push("state IN (SELECT value FROM json_each(?))".into());
            values.push(Value::Text(
                serde_json::to_string(query.states).unwrap_or_default(),
            ));
        }
        if let Some(online) = query.online {
            conditions.push("json_extract(data, '$.online') = ?".into());
            values.push(Value::Integer(i64::from(online)));
        }
        if let Some(q) = query.name_contains {
            conditions.push("instr(lower(json_extract(data, '$.name')), lower(?)) > 0".into());
            values.push(Value::Text(q.to_owned()));
        }
        // Problems are judged by latchkey-core's rule (see `door_problems`).
        let now = query.now.to_rfc3339();
        if !query.problems.is_empty() {
            let names: Vec<&str> = query.problems.iter().map(|p| p.name()).collect();
            conditions.push("door_has_problem(data, ?, ?)".into());
            values.push(Value::Text(now.clone()));
            values.push(Value::Text(names.join(",")));
        }
        // Each row's place in the order, which the cursor also holds.
        let (order_key, mut page_values) = match query.sort {
            LockSort::Name => ("sort_key", Vec::new()),
            LockSort::Problems => (
                "door_problem_rank(data, ?) || char(31) || sort_key",
                vec![Value::Text(now)],
            ),
        };
        let where_clause = conditions.join(" AND ");
        let total: i64 = self.query_row(
            &format!("SELECT COUNT(*) FROM locks WHERE {where_clause}"),
            rusqlite::params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        page_values.extend(values);
        let mut sql = format!(
            "SELECT order_key, data FROM (SELECT {order_key} AS order_key, data FROM locks WHERE {where_clause})"
        );
        if let Some(after) = &query.after {
            sql.push_str(" WHERE order_key > ?");
            page_values.push(Value::Text(after.clone()));
        }
        sql.push_str(" ORDER BY order_key LIMIT ?");
        page_values.push(Value::Integer(i64::from(query.limit)));
        let rows: Vec<(String, String)> = self
            .prepare(&sql)?
            .query_map(rusqlite::params_from_iter(page_values.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let locks = rows
            .into_iter()
            .map(|(key, data)| Ok((key, from_json(&data)?)))
            .collect::<ApiResult<_>>()?;
        Ok(LockPage {
            total: total as u64,
            locks,
        })
    }

    fn lock(&self, id: &LockId) -> ApiResult<LockRow> {
        load_lock(self, id)
    }

    fn save_lock(&self, row: &mut LockRow, now: DateTime<Utc>) -> ApiResult<()> {
        save_lock(self, row, now)
    }

    fn doors_at(&self, sites: &[SiteId]) -> ApiResult<Vec<LockId>> {
        Ok(self
            .prepare("SELECT id FROM locks WHERE site_id IN (SELECT value FROM json_each(?1)) ORDER BY sort_key")?
            .query_map([ids_json(sites)], |r| Ok(LockId(r.get(0)?)))?
            .collect::<Result<_, _>>()?)
    }
}
