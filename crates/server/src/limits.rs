//! Requests refused before any work is done, in the contract's error shape: a
//! path segment of 256 bytes or more (400, where the app's files would otherwise
//! fail with "file name too long"), headers over 16 KiB (431). tower-http's
//! layers refuse an announced body over the limit (413) and time out slow
//! bodies and requests (408) with bare answers; [`shape_bare_errors`] gives
//! those the error shape too.

use std::time::Duration;

use axum::{
    extract::Request,
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use latchkey_core::error::ErrorCode;

use crate::error::ApiError;

/// Longest part of a path between two slashes, in bytes (file systems take 255).
pub const MAX_SEGMENT_BYTES: usize = 255;
/// Most header bytes (names and values) a request may carry. Past about 400 KiB
/// hyper refuses a request itself (431, with no body) before it reaches here.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// How long a request body may pause between two pieces before it is refused (408).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a request may take in all, its body included, before it is refused
/// (408). The event stream is not cut: only the time until its answer begins counts.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Refuses over-long path segments (400) and oversized headers (431).
pub async fn refuse_oversized(request: Request, next: Next) -> Response {
    let long_segment = request
        .uri()
        .path()
        .split('/')
        .any(|segment| segment.len() > MAX_SEGMENT_BYTES);
    if long_segment {
        return ApiError::bad_request(format!(
            "A part of the address is too long: at most {MAX_SEGMENT_BYTES} bytes between slashes."
        ))
        .into_response();
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return ApiError::new(
            ErrorCode::HeadersTooLarge,
            format!(
                "The request's headers are too large: at most {} KiB.",
                MAX_HEADER_BYTES / 1024
            ),
        )
        .into_response();
    }
    next.run(request).await
}

/// Gives the bare 408 and 413 answers of tower-http's timeout and body-limit
/// layers the contract's error shape (answers already in JSON pass unchanged).
pub async fn shape_bare_errors(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json {
        return response;
    }
    match response.status() {
        StatusCode::REQUEST_TIMEOUT => ApiError::new(
            ErrorCode::RequestTimeout,
            "The request did not arrive in time. Send it again.",
        )
        .into_response(),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "The request body is too large: at most {} KiB.",
                crate::MAX_BODY_BYTES / 1024
            ),
        )
        .into_response(),
        _ => response,
    }
}
