//! The `/api/v1/health` answer: whether the backend is up, and what it runs.

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
}

impl Health {
    /// True when the backend says it can serve requests.
    pub fn is_ok(&self) -> bool {
        self.status == "ok"
    }
}
