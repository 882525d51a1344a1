//! Loading what the signed-in account may see: a record of a site it may not
//! see answers 404, the same as one that does not exist.

use latchkey_core::ids::{CodeId, LockId, PersonId};
use rusqlite::Connection;

use crate::{
    auth::Auth,
    error::{ApiError, ApiResult},
    records::{CodeRow, LockRow, PersonRow, load_code, load_lock, load_person},
};

/// Loads a lock the account may see (404 otherwise).
pub fn visible_lock(conn: &Connection, auth: &Auth, id: &LockId) -> ApiResult<LockRow> {
    let row = load_lock(conn, id)?;
    auth.check_site(&row.lock.site_id)
        .map_err(|_| ApiError::not_found("door"))?;
    Ok(row)
}

/// Loads a person the account may see (404 otherwise).
pub fn visible_person(conn: &Connection, auth: &Auth, id: &PersonId) -> ApiResult<PersonRow> {
    let row = load_person(conn, id)?;
    auth.check_site(&row.person.site_id)
        .map_err(|_| ApiError::not_found("person"))?;
    Ok(row)
}

/// Loads a code the account may see (404 otherwise).
pub fn visible_code(conn: &Connection, auth: &Auth, id: &CodeId) -> ApiResult<CodeRow> {
    let row = load_code(conn, id)?;
    auth.check_site(&row.code.site_id)
        .map_err(|_| ApiError::not_found("code"))?;
    Ok(row)
}
