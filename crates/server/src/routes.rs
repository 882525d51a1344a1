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

use crate::auth::Auth;

/// The visible site ids as a JSON array, for `IN (SELECT value FROM json_each(?))`.
pub fn sites_json(auth: &Auth) -> String {
    crate::store::ids_json(auth.sites())
}
