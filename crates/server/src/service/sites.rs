//! The site use cases: list, summarise, read, and change a site's name or
//! code policy (each door that follows the site's keypad lockout learns it).

use chrono::{DateTime, Utc};
use latchkey_core::{
    ids::SiteId,
    site::{CodePolicy, Site, SiteSummary},
};

use rusqlite::Connection;

use crate::{
    AppState,
    auth::Auth,
    db::Write,
    error::{ApiError, ApiResult},
    input::clean_name,
    records::load_lock,
    safe_writes::IfMatch,
    service::versioned::{self, Versioned},
    store::sites::SiteStore,
};

/// The sites `auth` may see, by name.
pub fn list(store: &impl SiteStore, auth: &Auth) -> ApiResult<Vec<Site>> {
    store.sites_among(auth.sites())
}

/// Every site `auth` may see, its doors at a glance.
pub fn summaries(store: &impl SiteStore, auth: &Auth) -> ApiResult<Vec<SiteSummary>> {
    store.site_summaries(auth.sites())
}

/// One site `auth` may see, with its version.
pub fn get(store: &impl SiteStore, auth: &Auth, id: &SiteId) -> ApiResult<(Site, i64)> {
    auth.check_site(id)?;
    store.site(id)
}

/// Renames a site and / or changes its code policy (checked first), if
/// `if_match` names its current version. The site's doors that follow its
/// keypad lockout are told the new rule.
pub async fn change(
    state: &AppState,
    auth: &Auth,
    id: &SiteId,
    if_match: &IfMatch,
    name: Option<&str>,
    policy: Option<CodePolicy>,
) -> ApiResult<SiteRow> {
    auth.check_site(id)?;
    if let Some(policy) = &policy {
        validate_policy(policy)?;
    }
    let name = name.map(|n| clean_name(n, "name")).transpose()?;
    let now = state.clock.now();
    let policy_changed = policy.is_some();
    let (row, doors) = state.db.write(|w| {
        versioned::update::<SiteRow, _>(w, auth, id, if_match, now, |w, row| {
            if let Some(name) = name {
                row.site.name = name;
            }
            if let Some(policy) = policy {
                row.site.policy = policy;
            }
            w.doors_of_site(id)
        })
    })?;
    if policy_changed {
        for door in doors {
            let lock = state.db.read(|conn| load_lock(conn, &door))?;
            if lock.lock.keypad_lockout.is_none() {
                crate::drivers::push_keypad_lockout(state, &lock).await;
            }
        }
    }
    Ok(row)
}

fn validate_policy(policy: &CodePolicy) -> ApiResult<()> {
    if policy.pin_lengths.is_empty() {
        return Err(ApiError::invalid("Allow at least one PIN length.").field("policy.pin_lengths"));
    }
    if policy
        .pin_lengths
        .iter()
        .any(|&len| !(4..=12).contains(&len))
    {
        return Err(
            ApiError::invalid("PIN lengths must be between 4 and 12 digits.")
                .field("policy.pin_lengths"),
        );
    }
    if policy.keypad_lockout.lockout_seconds > 86_400 {
        return Err(
            ApiError::invalid("A keypad lockout can last at most a day.")
                .field("policy.keypad_lockout.lockout_seconds"),
        );
    }
    Ok(())
}

/// A site and its version.
pub struct SiteRow {
    pub site: Site,
    pub version: i64,
}

impl Versioned for SiteRow {
    type Id = SiteId;
    fn load_visible(conn: &Connection, auth: &Auth, id: &SiteId) -> ApiResult<Self> {
        let (site, version) = get(conn, auth, id)?;
        Ok(SiteRow { site, version })
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn save(&mut self, w: &Write<'_>, _now: DateTime<Utc>) -> ApiResult<()> {
        self.version = w.save_site(&self.site, self.version)?;
        Ok(())
    }
}
