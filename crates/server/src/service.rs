//! The use cases behind the HTTP handlers. They take the signed-in account and
//! plain values, never an HTTP request, and reach the database through the
//! store's traits. Sites, alert rules, the alert inbox, the outbox, people and
//! doors are here whole; for codes, unknown codes, sync, week and events only
//! the shared parts are here so far, the rest still in their handlers.

pub mod alert_inbox;
pub mod alert_rules;
pub mod codes;
pub mod locks;
pub mod outbox;
pub mod paging;
pub mod people;
pub mod sites;
pub mod versioned;
pub mod visible;
