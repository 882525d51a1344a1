//! The use cases behind the HTTP handlers. They take the signed-in account and
//! plain values, never an HTTP request, and reach the database through the
//! store's traits. (Sites and alert rules are here whole; the other resources' shared parts
//! are here, the rest still in their handlers.)

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
