//! `ApiError`: every way a request can fail, with a message a person understands.

use latchkey_core::error::{ErrorBody, ErrorCode};

/// Why a request to the backend did not give what was asked for.
/// Plain data only (no `JsValue`), so it can cross into `<ErrorBoundary>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: the server is down or unreachable.
    Unreachable,
    /// The backend answered with an error in the contract's shape.
    Backend {
        status: u16,
        code: ErrorCode,
        message: String,
        field: Option<String>,
    },
    /// The backend answered something that is not the contract.
    BadResponse(String),
}

impl ApiError {
    /// From a status and the body the backend sent (which may not be the error shape).
    pub fn from_response(status: u16, body: Option<ErrorBody>) -> ApiError {
        match body {
            Some(body) => ApiError::Backend {
                status,
                code: body.code,
                message: body.message,
                field: body.field,
            },
            None => ApiError::Backend {
                status,
                code: code_for(status),
                message: default_message(status).to_owned(),
                field: None,
            },
        }
    }

    /// True for a missing or expired session.
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, ApiError::Backend { status: 401, .. })
    }

    /// True when the thing asked for does not exist (or is not visible) (404).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Backend { status: 404, .. })
    }

    /// True when someone else changed the resource since it was loaded (412).
    pub fn is_stale(&self) -> bool {
        matches!(self, ApiError::Backend { status: 412, .. })
    }

    /// The request field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Backend { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// The message to show.
    pub fn message(&self) -> String {
        match self {
            ApiError::Unreachable => {
                "The Latchkey server cannot be reached. Check your connection; nothing was changed.".to_owned()
            }
            ApiError::Backend { message, .. } => message.clone(),
            ApiError::BadResponse(_) => {
                "The server sent an answer this app does not understand. Check that the backend address in Settings is right.".to_owned()
            }
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

fn code_for(status: u16) -> ErrorCode {
    match status {
        400 => ErrorCode::BadRequest,
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        408 => ErrorCode::RequestTimeout,
        409 => ErrorCode::Conflict,
        412 => ErrorCode::PreconditionFailed,
        413 => ErrorCode::PayloadTooLarge,
        422 => ErrorCode::Invalid,
        428 => ErrorCode::PreconditionRequired,
        429 => ErrorCode::RateLimited,
        431 => ErrorCode::HeadersTooLarge,
        503 => ErrorCode::Unavailable,
        _ => ErrorCode::Internal,
    }
}

/// What to say when a server answers with an error but not in the contract's shape.
fn default_message(status: u16) -> &'static str {
    match status {
        401 => "Your session has ended. Sign in again.",
        403 => "Your account may not do this.",
        404 => "This no longer exists, or your account cannot see it.",
        408 => "The request took too long to arrive. Check your connection, then try again.",
        409 | 412 => "Someone changed this meanwhile: load their change, then save again.",
        429 => "Too many requests. Wait a moment, then try again.",
        500..=599 => "The server failed to do this. Nothing was changed; try again in a moment.",
        _ => "The server refused the request.",
    }
}
