//! The backend's outbox: SMS and e-mail messages it would send (the mock server records them).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{code::ShareChannel, ids::OutboxId};

/// One message that the backend sent, or would send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub id: OutboxId,
    pub channel: ShareChannel,
    pub to: String,
    pub subject: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}
