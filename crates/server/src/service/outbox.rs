//! The outbox use cases: the messages the server would have sent, as the
//! account may see them. A message never holds a PIN's digits: they are
//! masked before it is stored, and the dashboard never reads one back from here.

use latchkey_core::{ids::SiteId, outbox::OutboxMessage, pin::Pin};

use crate::{auth::Auth, error::ApiResult, store::outbox::OutboxStore};

/// The newest messages of the sites `auth` may see (of `only` if given), newest first.
pub fn list(
    store: &impl OutboxStore,
    auth: &Auth,
    only: Option<&SiteId>,
) -> ApiResult<Vec<OutboxMessage>> {
    store.messages(auth.sites(), only)
}

/// The message text with the PIN's digits replaced by dots.
pub fn mask_pin(text: &str, pin: &Pin) -> String {
    text.replace(pin.reveal(), &"•".repeat(pin.len()))
}
