//! Paging lists: opaque cursors, and paging a list already in memory.

use latchkey_core::paging::{Page, PageQuery};

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
