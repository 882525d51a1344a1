//! The one JSON error shape every endpoint answers with.

use serde::{Deserialize, Serialize};

/// Body of every error response: a machine code, a message for people, and the
/// offending field where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// Path of the offending field in the request, e.g. `"pin"` or `"schedule.ends_at"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Structured detail for the code, e.g. a [`crate::pin::PinProblem`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

/// What went wrong, for programs; each maps to one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not valid JSON or has the wrong types.
    BadRequest,
    /// 401: no session, or it has expired.
    Unauthenticated,
    /// 403: signed in, but not allowed to do this.
    Forbidden,
    /// 404: no such thing, or not one this account may see.
    NotFound,
    /// 408: the request (its body) did not arrive in time.
    RequestTimeout,
    /// 409: conflicts with current state (e.g. a PIN someone else uses).
    Conflict,
    /// 412: the `If-Match` ETag is stale; reload and reapply.
    PreconditionFailed,
    /// 413: the request body is too large.
    PayloadTooLarge,
    /// 422: well-formed but invalid (a weak PIN, a schedule ending before it starts),
    /// or an idempotency key reused with another body.
    Invalid,
    /// 428: an update without `If-Match`.
    PreconditionRequired,
    /// 429: too many requests; see `Retry-After`.
    RateLimited,
    /// 431: the request's headers are too large.
    HeadersTooLarge,
    /// 500: the backend failed.
    Internal,
    /// 503: the backend cannot serve now; retry later.
    Unavailable,
}

impl ErrorCode {
    /// The HTTP status this code is sent with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::RequestTimeout => 408,
            ErrorCode::Conflict => 409,
            ErrorCode::PreconditionFailed => 412,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::Invalid => 422,
            ErrorCode::PreconditionRequired => 428,
            ErrorCode::RateLimited => 429,
            ErrorCode::HeadersTooLarge => 431,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }
}
