//! The store boundary: what the use cases ask of the database, one trait per
//! resource, each implemented for SQLite's `Connection` beside it. A use case
//! takes `&impl SiteStore` (and so on) and never writes SQL; a second database
//! would implement the same traits. (Resources move behind it one at a time:
//! sites and alert rules first; the rest still call `records` and `db` directly.)

pub mod alert_rules;
pub mod sites;
