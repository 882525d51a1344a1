//! Changing a stored record safely: load it (404 if the account may not see
//! it) → check the client's `If-Match` against its version → change it → save
//! it with the next version, all in one transaction. Every update handler goes
//! through [`update`]; each resource's row implements [`Versioned`].

use chrono::{DateTime, Utc};
use latchkey_core::ids::{CodeId, LockId, PersonId};
use rusqlite::Connection;

use crate::{
    auth::Auth,
    db::Write,
    error::ApiResult,
    records::{CodeRow, LockRow, PersonRow, save_code, save_lock, save_person},
    safe_writes::IfMatch,
    service::visible::{visible_code, visible_lock, visible_person},
};

/// A record that carries a version, changed only as a whole.
pub trait Versioned: Sized {
    type Id;
    /// Loads it if `auth` may see it (404 otherwise).
    fn load_visible(conn: &Connection, auth: &Auth, id: &Self::Id) -> ApiResult<Self>;
    /// The version its ETag names.
    fn version(&self) -> i64;
    /// Saves it with the next version (and `updated_at = now` where it has one).
    fn save(&mut self, w: &Write<'_>, now: DateTime<Utc>) -> ApiResult<()>;
}

/// Load → check `If-Match` → `change` → save with a new version. Answers the
/// saved record and what `change` answered.
pub fn update<R: Versioned, T>(
    w: &mut Write<'_>,
    auth: &Auth,
    id: &R::Id,
    if_match: &IfMatch,
    now: DateTime<Utc>,
    change: impl FnOnce(&mut Write<'_>, &mut R) -> ApiResult<T>,
) -> ApiResult<(R, T)> {
    let mut record = R::load_visible(w, auth, id)?;
    if_match.check(record.version())?;
    let out = change(w, &mut record)?;
    record.save(w, now)?;
    Ok((record, out))
}

impl Versioned for LockRow {
    type Id = LockId;
    fn load_visible(conn: &Connection, auth: &Auth, id: &LockId) -> ApiResult<Self> {
        visible_lock(conn, auth, id)
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn save(&mut self, w: &Write<'_>, now: DateTime<Utc>) -> ApiResult<()> {
        save_lock(w, self, now)
    }
}

impl Versioned for PersonRow {
    type Id = PersonId;
    fn load_visible(conn: &Connection, auth: &Auth, id: &PersonId) -> ApiResult<Self> {
        visible_person(conn, auth, id)
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn save(&mut self, w: &Write<'_>, now: DateTime<Utc>) -> ApiResult<()> {
        save_person(w, self, now)
    }
}

impl Versioned for CodeRow {
    type Id = CodeId;
    fn load_visible(conn: &Connection, auth: &Auth, id: &CodeId) -> ApiResult<Self> {
        visible_code(conn, auth, id)
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn save(&mut self, w: &Write<'_>, now: DateTime<Utc>) -> ApiResult<()> {
        save_code(w, self, now)
    }
}
