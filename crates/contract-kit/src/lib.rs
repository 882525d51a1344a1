//! The Latchkey contract test kit: black-box checks, over HTTP, that a backend
//! speaks the REST contract: shapes (parsed into latchkey-core's types), status
//! codes, the one error shape, ETag / If-Match and Idempotency-Key behaviour,
//! paging, and event-stream resume. It only uses the contract itself (never the
//! mock server's simulation API), so any backend can be checked.

pub mod checks;
pub mod client;
pub mod expect;
pub mod hardening;
pub mod history;
pub mod lock_side;
pub mod stream;

pub use checks::{Outcome, run_all};
