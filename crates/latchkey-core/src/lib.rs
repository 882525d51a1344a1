//! Latchkey's domain as plain Rust: the REST contract types and the rules
//! (PINs, schedules) that the app and the mock server share, written once.
//!
//! No I/O here: the crate compiles for native and for `wasm32-unknown-unknown`.
//! The `tz` feature adds UTC ↔ site-local conversion with the IANA database,
//! for the server; the app leaves it out to stay small.

pub mod account;
pub mod alert;
pub mod code;
pub mod error;
pub mod event;
pub mod event_text;
pub mod health;
pub mod ids;
pub mod keypad;
pub mod lock;
pub mod name;
pub mod outbox;
pub mod paging;
pub mod person;
pub mod pin;
pub mod refs;
pub mod retry;
pub mod schedule;
pub mod site;
pub mod sync;
#[cfg(feature = "tz")]
pub mod tz;
pub mod week;
