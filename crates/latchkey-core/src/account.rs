//! Dashboard accounts and sessions: who is signed in and what they may see.

use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, SiteId};

/// The signed-in user (answer of "who am I").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The sites this account may see; a property manager sees all of theirs.
    pub site_ids: Vec<SiteId>,
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs one home: may do everything at their site.
    Homeowner,
    /// Runs many sites: may do everything at each of them.
    PropertyManager,
}

/// A user name as accounts are found, counted and recorded by: trimmed and
/// lower-cased, so "Alex" and " alex" sign in (and are refused) as "alex".
pub fn username_key(username: &str) -> String {
    username.trim().to_lowercase()
}

/// Body of `POST /api/v1/session`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// One attempt to sign in or out, kept for the account's own audit trail
/// (`GET /api/v1/session/history`). Never holds a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRecord {
    pub at: chrono::DateTime<chrono::Utc>,
    pub outcome: SignInOutcome,
}

/// How a sign-in attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignInOutcome {
    SignedIn,
    /// The password was wrong.
    WrongPassword,
    /// Refused after too many wrong passwords.
    RateLimited,
    SignedOut,
}
