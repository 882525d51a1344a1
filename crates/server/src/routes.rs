//! The REST contract's endpoints under `/api/v1`, one module per resource.

pub mod alert_inbox;
pub mod alerts;
pub mod codes;
pub mod events;
pub mod locks;
pub mod outbox;
pub mod people;
pub mod sites;
pub mod sync;
pub mod unknown_codes;
pub mod week;

use latchkey_core::paging::{Page, PageQuery};

use crate::auth::Auth;

/// Pages an ordered list in memory by a key: items after `cursor`, at most `limit`.
pub fn page_in_memory<T>(items: Vec<T>, query: &PageQuery, key: impl Fn(&T) -> String) -> Page<T> {
    let total = items.len() as u64;
    let limit = query.limit() as usize;
    let after = query.cursor.as_deref().and_then(decode_cursor);
    let mut rest: Vec<T> = items
        .into_iter()
        .filter(|item| after.as_ref().is_none_or(|a| key(item) > *a))
        .collect();
    let next_cursor = (rest.len() > limit).then(|| encode_cursor(&key(&rest[limit - 1])));
    rest.truncate(limit);
    Page {
        items: rest,
        next_cursor,
        total: Some(total),
    }
}

/// Cursors are opaque to clients: hex of the last item's sort key.
pub fn encode_cursor(key: &str) -> String {
    hex::encode(key.as_bytes())
}

pub fn decode_cursor(cursor: &str) -> Option<String> {
    hex::decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

/// The visible site ids as a JSON array, for `IN (SELECT value FROM json_each(?))`.
pub fn sites_json(auth: &Auth) -> String {
    serde_json::to_string(auth.sites()).unwrap_or_else(|_| "[]".to_owned())
}
