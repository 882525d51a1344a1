//! Sign-in, sessions and who may see what: the `Auth` extractor every endpoint
//! but health and log-in takes, and the session endpoints.

use std::{sync::Arc, time::Duration};

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use axum::{
    extract::{FromRequestParts, State},
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use latchkey_core::{
    account::{Account, LoginRequest, SignInOutcome, SignInRecord, username_key},
    ids::{AccountId, SiteId},
};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    db::{from_json, to_json},
    error::{ApiError, ApiJson, ApiResult},
};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "latchkey_session";

/// How long a session lasts. Measured on the real clock, never the simulated one
/// (moving the simulation a week ahead must not sign anyone out).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SessionPolicy {
    /// Ends after this long without a request (a working day).
    pub idle: Duration,
    /// Ends this long after sign-in, however busy (a week).
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::from_secs(8 * 60 * 60),
            absolute: Duration::from_secs(7 * 24 * 60 * 60),
        }
    }
}

impl SessionPolicy {
    /// When a session signed in at `created` and last used at `last_seen` ends
    /// (if it is not used again before then).
    pub fn ends_at(&self, created: DateTime<Utc>, last_seen: DateTime<Utc>) -> DateTime<Utc> {
        let after = |since: DateTime<Utc>, limit: Duration| {
            chrono::TimeDelta::from_std(limit)
                .ok()
                .and_then(|limit| since.checked_add_signed(limit))
                .unwrap_or(DateTime::<Utc>::MAX_UTC)
        };
        after(last_seen, self.idle).min(after(created, self.absolute))
    }

    /// Whether a session signed in at `created` and last used at `last_seen` has ended.
    fn has_ended(
        &self,
        created: DateTime<Utc>,
        last_seen: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        now >= self.ends_at(created, last_seen)
    }
}

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
        let SessionKey(token_hash) = SessionKey::from_request_parts(parts, state).await?;
        let now = Utc::now();
        let (data, times) =
            session_row(state, &token_hash)?.ok_or_else(ApiError::unauthenticated)?;
        let ended = match times {
            Some((created, last_seen)) => state.sessions.has_ended(created, last_seen, now),
            None => true,
        };
        if ended {
            end_session(state, &token_hash)?;
            return Err(
                ApiError::unauthenticated().with_message("Your session has ended. Sign in again.")
            );
        }
        let account: Account = from_json(&data)?;
        state.db.read(|conn| {
            conn.execute(
                "UPDATE sessions SET last_seen = ?1 WHERE token_hash = ?2",
                params![now.to_rfc3339(), token_hash],
            )?;
            Ok(())
        })?;
        Ok(Auth(account))
    }
}

/// The session's key: the SHA-256 of its cookie (what the store keeps). Only
/// says which session the request names; [`Auth`] checks that it is valid.
#[derive(Debug, Clone)]
pub struct SessionKey(pub String);

impl FromRequestParts<Arc<AppState>> for SessionKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &Arc<AppState>) -> ApiResult<Self> {
        let token = session_token(&parts.headers).ok_or_else(ApiError::unauthenticated)?;
        Ok(SessionKey(hash_token(&token)))
    }
}

/// Sign-in and last use of a session, on the real clock.
type SessionTimes = (DateTime<Utc>, DateTime<Utc>);

/// A stored session: its account's JSON, and its times (`None` if unreadable).
fn session_row(
    state: &AppState,
    token_hash: &str,
) -> ApiResult<Option<(String, Option<SessionTimes>)>> {
    let row: Option<(String, String, String)> = state.db.read(|conn| {
        Ok(conn
            .query_row(
                "SELECT a.data, s.created_at, s.last_seen FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?1",
                [token_hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    })?;
    Ok(row.map(|(data, created, last_seen)| {
        let times = parse_time(&created).zip(parse_time(&last_seen));
        (data, times)
    }))
}

/// Ends a session: it is removed from the store and what it has open (its
/// event streams) closes.
pub fn end_session(state: &AppState, token_hash: &str) -> ApiResult<()> {
    state.db.write(|w| {
        w.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    })?;
    state.session_ends.end(token_hash);
    Ok(())
}

/// Resolves when the session `token_hash` ends: signed out (or its account
/// disabled) — at once, by its signal — or expired, which is checked at the
/// moment it would expire (later, if it was used meanwhile). For holding an
/// event stream open no longer than its session.
pub async fn until_session_ends(state: Arc<AppState>, token_hash: String, account: AccountId) {
    let mut signal = state.session_ends.watch(&token_hash, &account);
    loop {
        let times = match session_row(&state, &token_hash) {
            Ok(Some((_, times))) => times,
            // Gone (signed out before the signal was taken), or the store failed.
            Ok(None) | Err(_) => return,
        };
        let Some((created, last_seen)) = times else {
            return;
        };
        let wait = (state.sessions.ends_at(created, last_seen) - Utc::now())
            .to_std()
            .unwrap_or_default();
        if wait.is_zero() {
            let _ = end_session(&state, &token_hash);
            return;
        }
        tokio::select! {
            () = signal.ended() => return,
            () = tokio::time::sleep(wait) => {}
        }
    }
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
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
#[utoipa::path(operation_id = "auth_log_in", post, path = "/session", tag = "session", request_body = latchkey_core::account::LoginRequest, responses((status = 200, description = "Signed in; sets the HttpOnly, SameSite=Strict session cookie", body = latchkey_core::account::Account), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody), (status = 429, description = "Too many wrong passwords for this user name; Retry-After says when to try again", body = latchkey_core::error::ErrorBody)))]
pub async fn log_in(
    State(state): State<Arc<AppState>>,
    ApiJson(login): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    if let Err(seconds) = state.login_throttle.check(&login.username) {
        tracing::info!(username = %login.username, "log-in refused: too many wrong passwords");
        record_sign_in(&state, &login.username, SignInOutcome::RateLimited)?;
        let minutes = seconds.div_ceil(60);
        let message = format!(
            "Too many wrong passwords for this user name. Try again in {minutes} minute{}.",
            if minutes == 1 { "" } else { "s" }
        );
        return Err(ApiError::rate_limited(message, seconds));
    }
    let found: Option<(String, String, String)> = state.db.read(|conn| {
        Ok(conn
            .query_row(
                "SELECT id, password_hash, data FROM accounts WHERE username = ?1",
                [username_key(&login.username)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    })?;
    let Some((account_id, _, data)) =
        found.filter(|(_, stored, _)| password_matches(&login.password, stored))
    else {
        tracing::info!(username = %login.username, "failed log-in");
        state.login_throttle.failed(&login.username);
        record_sign_in(&state, &login.username, SignInOutcome::WrongPassword)?;
        return Err(ApiError::unauthenticated()
            .field("password")
            .with_message("The user name or password is wrong."));
    };
    state.login_throttle.succeeded(&login.username);
    let account: Account = from_json(&data)?;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| ApiError::internal())?;
    let token = hex::encode(bytes);
    let now = Utc::now().to_rfc3339();
    state.db.write(|w| {
        w.execute(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen) VALUES (?1, ?2, ?3, ?3)",
            params![hash_token(&token), account_id, now],
        )?;
        insert_sign_in(w, &login.username, SignInOutcome::SignedIn)?;
        Ok(())
    })?;
    tracing::info!(username = %account.username, "signed in");
    // The browser forgets the cookie at the absolute expiry; the server ends the
    // session at either expiry whatever the browser keeps.
    let max_age = state.sessions.absolute.as_secs();
    let cookie =
        format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}");
    Ok(([(header::SET_COOKIE, cookie)], ApiJson(account)).into_response())
}

/// `DELETE /api/v1/session`: sign out; the session ends everywhere it was used.
#[utoipa::path(operation_id = "auth_log_out", delete, path = "/session", tag = "session", responses((status = 204, description = "Signed out")))]
pub async fn log_out(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if let Some(token) = session_token(&headers) {
        state.db.write(|w| {
            let username: Option<String> = w
                .query_row(
                    "SELECT a.username FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?1",
                    [hash_token(&token)],
                    |r| r.get(0),
                )
                .optional()?;
            w.execute(
                "DELETE FROM sessions WHERE token_hash = ?1",
                [hash_token(&token)],
            )?;
            if let Some(username) = username {
                insert_sign_in(w, &username, SignInOutcome::SignedOut)?;
            }
            Ok(())
        })?;
        // Its event streams close now, not at their next event.
        state.session_ends.end(&hash_token(&token));
    }
    let expired = format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired)]).into_response())
}

/// `GET /api/v1/session`: who am I.
#[utoipa::path(operation_id = "auth_who_am_i", get, path = "/session", tag = "session", responses((status = 200, body = latchkey_core::account::Account), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn who_am_i(auth: Auth) -> ApiJson<Account> {
    ApiJson(auth.0)
}

/// How many sign-in records the history answers with, newest first.
const HISTORY_LENGTH: i64 = 50;

/// `GET /api/v1/session/history`: the signed-in account's own sign-ins, sign-outs
/// and refused attempts, newest first (at most 50).
#[utoipa::path(operation_id = "auth_history", get, path = "/session/history", tag = "session", responses((status = 200, body = Vec<latchkey_core::account::SignInRecord>), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn history(
    State(state): State<Arc<AppState>>,
    auth: Auth,
) -> ApiResult<ApiJson<Vec<SignInRecord>>> {
    let records = state.db.read(|conn| {
        let mut query = conn.prepare(
            "SELECT at, outcome FROM sign_ins WHERE username = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = query.query_map(params![audit_name(&auth.0.username), HISTORY_LENGTH], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut records = Vec::new();
        for row in rows {
            let (at, outcome) = row?;
            records.push(SignInRecord {
                at: parse_time(&at).ok_or_else(ApiError::internal)?,
                outcome: from_json(&serde_json::Value::String(outcome).to_string())?,
            });
        }
        Ok(records)
    })?;
    Ok(ApiJson(records))
}

/// Records a sign-in attempt in its own transaction.
fn record_sign_in(state: &AppState, username: &str, outcome: SignInOutcome) -> ApiResult<()> {
    state.db.write(|w| insert_sign_in(w, username, outcome))
}

fn insert_sign_in(
    conn: &rusqlite::Connection,
    username: &str,
    outcome: SignInOutcome,
) -> ApiResult<()> {
    let outcome = to_json(&outcome)?;
    conn.execute(
        "INSERT INTO sign_ins (at, username, outcome) VALUES (?1, ?2, ?3)",
        params![
            Utc::now().to_rfc3339(),
            audit_name(username),
            outcome.trim_matches('"')
        ],
    )?;
    Ok(())
}

/// The user name as the audit trail keys it.
fn audit_name(username: &str) -> String {
    username_key(username)
}

/// Stores an account with its password hashed (demo data), under its user name
/// lower-cased: sign-in finds it by [`username_key`].
pub fn insert_account(
    conn: &rusqlite::Connection,
    account: &Account,
    password: &str,
) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO accounts (id, username, password_hash, data) VALUES (?1, ?2, ?3, ?4)",
        params![
            account.id.as_str(),
            username_key(&account.username),
            hash_password(password),
            to_json(account)?
        ],
    )?;
    Ok(())
}

/// Routes of the session endpoints: sign in and out, who am I, sign-in history, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(log_in, who_am_i, log_out))
        .routes(routes!(history))
}
