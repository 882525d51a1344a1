//! The `/api/v1/health` answer: whether the backend is up, and what it runs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Body of `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `"ok"` when the backend can serve requests.
    pub status: String,
    /// Name of the backend implementation, e.g. `"latchkey-mock-server"`.
    pub service: String,
    /// Version of the backend implementation.
    pub version: String,
    /// The backend's clock when it answered. A simulated backend gives its
    /// simulated time, so the app words "3 min ago" by the same clock the locks
    /// use. Optional: backends that leave it out are taken to agree with the browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<DateTime<Utc>>,
}

impl Health {
    /// True when the backend says it can serve requests.
    pub fn is_ok(&self) -> bool {
        self.status == "ok"
    }
}
