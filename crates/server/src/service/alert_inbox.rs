//! The alert inbox use cases: the alerts that fired at the sites an account
//! may see, newest first, how many are unread, and marking them read.

use latchkey_core::{
    alert::Alert,
    ids::AlertId,
    paging::{Page, PageQuery},
};

use crate::{
    auth::Auth,
    error::{ApiError, ApiResult},
    service::paging::{decode_cursor, encode_cursor},
    store::alert_inbox::AlertInboxStore,
};

/// One page of the inbox (only unread alerts if `unread_only`).
pub fn page(
    store: &impl AlertInboxStore,
    auth: &Auth,
    unread_only: bool,
    paging: &PageQuery,
) -> ApiResult<Page<Alert>> {
    let before: i64 = match paging.cursor.as_deref() {
        Some(cursor) => decode_cursor(cursor)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| {
                ApiError::bad_request("This cursor is not one the server gave.").field("cursor")
            })?,
        None => i64::MAX,
    };
    let limit = paging.limit();
    let mut rows = store.alerts_before(auth.sites(), before, unread_only, limit + 1)?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let last_seq = rows.last().map(|(seq, _)| *seq);
    Ok(Page {
        items: rows.into_iter().map(|(_, alert)| alert).collect(),
        next_cursor: last_seq
            .filter(|_| more)
            .map(|seq| encode_cursor(&seq.to_string())),
        total: None,
    })
}

/// How many alerts are waiting to be read.
pub fn unread(store: &impl AlertInboxStore, auth: &Auth) -> ApiResult<u32> {
    store.unread_alerts(auth.sites())
}

/// Marks one alert read (404 when the account may not see it).
pub fn mark_read(store: &impl AlertInboxStore, auth: &Auth, id: &AlertId) -> ApiResult<()> {
    if store.mark_alert_read(auth.sites(), id)? {
        Ok(())
    } else {
        Err(ApiError::not_found("alert"))
    }
}

/// Marks every alert the account may see read.
pub fn mark_all_read(store: &impl AlertInboxStore, auth: &Auth) -> ApiResult<()> {
    store.mark_all_alerts_read(auth.sites())
}
