//! Typed client for the Latchkey REST contract (`/api/v1`).

use latchkey_core::health::Health;

/// Where the REST contract lives, relative to the page's origin.
const API_BASE: &str = "/api/v1";

/// Why a request to the backend did not give what was asked for.
///
/// Holds only plain data (no `JsValue`), so it can cross into `<ErrorBoundary>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer: the backend is down or unreachable.
    Unreachable(String),
    /// The backend answered with an error status.
    Status(u16),
    /// The backend answered, but not in the shape the contract promises.
    BadResponse(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Unreachable(_) => write!(
                f,
                "The Latchkey server cannot be reached. Check that it is running."
            ),
            ApiError::Status(code) => write!(
                f,
                "The Latchkey server answered with an error (HTTP {code})."
            ),
            ApiError::BadResponse(_) => write!(
                f,
                "The Latchkey server sent an answer this app does not understand."
            ),
        }
    }
}

impl std::error::Error for ApiError {}

/// `GET /api/v1/health`: is the backend up?
pub async fn get_health() -> Result<Health, ApiError> {
    let response = gloo_net::http::Request::get(&format!("{API_BASE}/health"))
        .send()
        .await
        .map_err(|err| ApiError::Unreachable(err.to_string()))?;
    if !response.ok() {
        return Err(ApiError::Status(response.status()));
    }
    response
        .json::<Health>()
        .await
        .map_err(|err| ApiError::BadResponse(err.to_string()))
}
