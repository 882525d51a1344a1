//! The store boundary: what the use cases ask of the database, one trait per
//! resource, each implemented for SQLite's `Connection` beside it. A use case
//! takes `&impl SiteStore` (and so on) and never writes SQL; a second database
//! would implement the same traits. Resources move behind it one at a time:
//! sites, alert rules, the alert inbox, the outbox, people and doors so far;
//! the rest still call `records` and `db` directly.

pub mod alert_inbox;
pub mod alert_rules;
pub mod locks;
pub mod outbox;
pub mod people;
pub mod sites;

use latchkey_core::ids::SiteId;

/// A list of site ids as SQLite's `json_each` reads it, for
/// `site_id IN (SELECT value FROM json_each(?))`.
pub fn ids_json(sites: &[SiteId]) -> String {
    serde_json::to_string(sites).unwrap_or_else(|_| "[]".to_owned())
}
