//! Safe writes: ETags with `If-Match` on updates, `Idempotency-Key` on creates.

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use latchkey_core::error::ErrorCode;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{
    db::Write,
    error::{ApiError, ApiResult},
};

/// Header that makes a create safe to retry.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The ETag of a stored row's version.
pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("digits are a valid header value")
}

/// A JSON response with the resource's ETag.
pub fn with_etag(body: &impl Serialize, version: i64) -> Response {
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(header::ETAG, etag(version));
    response
}

/// The `If-Match` header of an update, as sent (or `None`).
#[derive(Debug, Clone, Default)]
pub struct IfMatch(Option<String>);

impl IfMatch {
    /// Checks it against the stored version: missing → 428, stale → 412.
    pub fn check(&self, version: i64) -> ApiResult<()> {
        let Some(given) = &self.0 else {
            return Err(ApiError::new(
                ErrorCode::PreconditionRequired,
                "Send If-Match with the ETag you last read, so a change made meanwhile is not overwritten.",
            ));
        };
        let current = etag(version);
        let matches = given
            .split(',')
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == "*" || tag.as_bytes() == current.as_bytes());
        if matches {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::PreconditionFailed,
                "Someone changed this meanwhile. Reload to see their change, then apply yours again.",
            ))
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let given = parts.headers.get(header::IF_MATCH);
        Ok(IfMatch(
            given.map(|value| value.to_str().unwrap_or("").to_owned()),
        ))
    }
}

/// The `Idempotency-Key` of a create; required.
pub fn idempotency_key(headers: &HeaderMap) -> ApiResult<String> {
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty() || key.len() > 200 {
        return Err(ApiError::new(
            ErrorCode::PreconditionRequired,
            "Send an Idempotency-Key header (1–200 characters) with every create, so a retry never creates twice.",
        ));
    }
    Ok(key.to_owned())
}

/// Runs a create at most once per (account, key): a retry with the same body gets
/// the first answer again; the same key with another body is refused (422).
pub fn create_once<T: Serialize>(
    w: &mut Write<'_>,
    account_id: &str,
    key: &str,
    request: &impl Serialize,
    create: impl FnOnce(&mut Write<'_>) -> ApiResult<T>,
) -> ApiResult<Response> {
    let request_hash = hex::encode(Sha256::digest(serde_json::to_vec(request)?));
    let stored: Option<(String, i64, String)> = w
        .query_row(
            "SELECT request_hash, status, body FROM idempotency WHERE account_id = ?1 AND key = ?2",
            params![account_id, key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((hash, status, body)) = stored {
        if hash != request_hash {
            return Err(ApiError::invalid(
                "This Idempotency-Key was already used for a different request. Use a new key for a new create.",
            )
            .field("Idempotency-Key"));
        }
        let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::CREATED);
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        return Ok(response);
    }
    let created = create(w)?;
    let body = serde_json::to_string(&created)?;
    w.execute(
        "INSERT INTO idempotency (account_id, key, request_hash, status, body, created_at) VALUES (?1, ?2, ?3, 201, ?4, datetime('now'))",
        params![account_id, key, request_hash, body],
    )?;
    let mut response = (StatusCode::CREATED, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}
