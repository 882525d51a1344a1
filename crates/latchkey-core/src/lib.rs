//! Latchkey's domain as plain Rust: the REST contract types and the rules
//! (PINs, schedules) that the app and the mock server share, written once.
//!
//! No I/O here: the crate compiles for native and for `wasm32-unknown-unknown`.

pub mod health;
pub mod pin;
