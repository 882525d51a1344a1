//! Sign-in, sessions and who may see what: the `Auth` extractor every endpoint
//! but health and log-in takes, and the session endpoints.

use std::sync::Arc;

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use axum::{
    extract::{FromRequestParts, State},
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use latchkey_core::{
    account::{Account, LoginRequest},
    ids::SiteId,
};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::{
    AppState,
    db::{from_json, to_json},
    error::{ApiError, ApiJson, ApiResult},
};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "latchkey_session";

/// The signed-in account making the request.
#[derive(Debug, Clone)]
pub struct Auth(pub Account);

impl Auth {
    /// 404 unless the account may see `site` (a site it may not see does not exist for it).
    pub fn check_site(&self, site: &SiteId) -> ApiResult<()> {
        if self.0.site_ids.contains(site) {
            Ok(())
        } else {
            Err(ApiError::not_found("site"))
        }
    }

    /// The sites this account may see.
    pub fn sites(&self) -> &[SiteId] {
        &self.0.site_ids
    }
}

impl FromRequestParts<Arc<AppState>> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> ApiResult<Self> {
        let token = session_token(&parts.headers).ok_or_else(ApiError::unauthenticated)?;
        let now = state.clock.now().to_rfc3339();
        state.db.read(|conn| {
            let data: Option<String> = conn
                .query_row(
                    "SELECT a.data FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?1",
                    [hash_token(&token)],
                    |r| r.get(0),
                )
                .optional()?;
            let account: Account = from_json(&data.ok_or_else(ApiError::unauthenticated)?)?;
            conn.execute("UPDATE sessions SET last_seen = ?1 WHERE token_hash = ?2", params![now, hash_token(&token)])?;
            Ok(Auth(account))
        })
    }
}

/// The session cookie's value, if the request carries one.
fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// Session tokens are stored hashed: a copy of the database does not sign anyone in.
fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Hashes a password with argon2 (for the demo accounts).
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the OS random source works");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with default parameters works")
        .to_string()
}

fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// `POST /api/v1/session`: sign in; sets the session cookie.
#[utoipa::path(operation_id = "auth_log_in", post, path = "/api/v1/session", tag = "session", request_body = latchkey_core::account::LoginRequest, responses((status = 200, description = "Signed in; sets the HttpOnly, SameSite=Strict session cookie", body = latchkey_core::account::Account), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn log_in(
    State(state): State<Arc<AppState>>,
    ApiJson(login): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let found: Option<(String, String, String)> = state.db.read(|conn| {
        Ok(conn
            .query_row(
                "SELECT id, password_hash, data FROM accounts WHERE username = ?1",
                [login.username.trim()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    })?;
    let Some((account_id, _, data)) =
        found.filter(|(_, stored, _)| password_matches(&login.password, stored))
    else {
        tracing::info!(username = %login.username, "failed log-in");
        return Err(ApiError::unauthenticated()
            .field("password")
            .with_message("The user name or password is wrong."));
    };
    let account: Account = from_json(&data)?;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| ApiError::internal())?;
    let token = hex::encode(bytes);
    let now = state.clock.now().to_rfc3339();
    state.db.write(|w| {
        w.execute(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen) VALUES (?1, ?2, ?3, ?3)",
            params![hash_token(&token), account_id, now],
        )?;
        Ok(())
    })?;
    tracing::info!(username = %account.username, "signed in");
    let cookie = format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/");
    Ok(([(header::SET_COOKIE, cookie)], ApiJson(account)).into_response())
}

/// `DELETE /api/v1/session`: sign out; the session ends everywhere it was used.
#[utoipa::path(operation_id = "auth_log_out", delete, path = "/api/v1/session", tag = "session", responses((status = 204, description = "Signed out")))]
pub async fn log_out(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if let Some(token) = session_token(&headers) {
        state.db.write(|w| {
            w.execute(
                "DELETE FROM sessions WHERE token_hash = ?1",
                [hash_token(&token)],
            )?;
            Ok(())
        })?;
    }
    let expired = format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired)]).into_response())
}

/// `GET /api/v1/session`: who am I.
#[utoipa::path(operation_id = "auth_who_am_i", get, path = "/api/v1/session", tag = "session", responses((status = 200, body = latchkey_core::account::Account), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn who_am_i(auth: Auth) -> ApiJson<Account> {
    ApiJson(auth.0)
}

/// Stores an account with its password hashed (demo data).
pub fn insert_account(
    conn: &rusqlite::Connection,
    account: &Account,
    password: &str,
) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO accounts (id, username, password_hash, data) VALUES (?1, ?2, ?3, ?4)",
        params![
            account.id.as_str(),
            account.username,
            hash_password(password),
            to_json(account)?
        ],
    )?;
    Ok(())
}
