//! Typed client for the Latchkey REST contract: one function per endpoint the
//! app uses, all returning [`ApiError`] on failure.

pub mod error;
pub mod http;
pub mod stream;

use latchkey_core::{
    account::{Account, LoginRequest},
    code::{DoorCode, UnknownCode},
    event::Event,
    health::Health,
    ids::{CodeId, LockId, SiteId},
    lock::{Lock, LockAllResult},
    paging::Page,
    site::{CodePolicy, Site, SiteSummary},
};
use serde::{Deserialize, Serialize};

pub use error::ApiError;
use http::{Method, get, send};

/// `GET /health`, at `base` (for "test connection") or the configured backend.
pub async fn get_health(base: Option<&str>) -> Result<Health, ApiError> {
    match base {
        Some(base) => http::get_at(base, "/api/v1/health").await,
        None => get("/api/v1/health").await,
    }
}

pub async fn who_am_i() -> Result<Account, ApiError> {
    get("/api/v1/session").await
}

pub async fn log_in(username: &str, password: &str) -> Result<Account, ApiError> {
    let body = LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    send(Method::Post, "/api/v1/session", Some(&body), &[])
        .await?
        .json()
        .await
}

pub async fn log_out() -> Result<(), ApiError> {
    send::<()>(Method::Delete, "/api/v1/session", None, &[])
        .await
        .map(|_| ())
}

pub async fn sites() -> Result<Vec<Site>, ApiError> {
    get("/api/v1/sites").await
}

pub async fn site_summaries() -> Result<Vec<SiteSummary>, ApiError> {
    get("/api/v1/sites/summary").await
}

/// A site with its ETag, for a conditional update.
pub async fn site(id: &SiteId) -> Result<(Site, String), ApiError> {
    let response = send::<()>(Method::Get, &format!("/api/v1/sites/{id}"), None, &[]).await?;
    let etag = response.etag();
    Ok((response.json().await?, etag))
}

#[derive(Serialize)]
struct PolicyChange<'a> {
    policy: &'a CodePolicy,
}

pub async fn update_site_policy(
    id: &SiteId,
    etag: &str,
    policy: &CodePolicy,
) -> Result<(Site, String), ApiError> {
    let response = send(
        Method::Patch,
        &format!("/api/v1/sites/{id}"),
        Some(&PolicyChange { policy }),
        &[("If-Match", etag)],
    )
    .await?;
    let etag = response.etag();
    Ok((response.json().await?, etag))
}

/// Filters of the door list, as the Doors page keeps them in its URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LockQuery {
    pub site: Option<String>,
    pub state: Option<String>,
    pub search: Option<String>,
    /// Door problems, comma-separated (`offline,low_battery`): doors with any of them.
    pub problem: Option<String>,
    /// `problems` for the most pressing problems first; by name otherwise.
    pub sort: Option<String>,
    pub cursor: Option<String>,
    pub limit: u32,
}

impl LockQuery {
    fn to_query_string(&self) -> String {
        let mut parts = vec![format!("limit={}", self.limit.max(1))];
        let mut add = |name: &str, value: &Option<String>| {
            if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                parts.push(format!("{name}={}", http::encode(value)));
            }
        };
        add("site_id", &self.site);
        add("state", &self.state);
        add("q", &self.search);
        add("problem", &self.problem);
        add("sort", &self.sort);
        add("cursor", &self.cursor);
        parts.join("&")
    }
}

pub async fn locks(query: &LockQuery) -> Result<Page<Lock>, ApiError> {
    get(&format!("/api/v1/locks?{}", query.to_query_string())).await
}

pub async fn lock(id: &LockId) -> Result<Lock, ApiError> {
    get(&format!("/api/v1/locks/{id}")).await
}

/// Sends "lock" or "unlock"; the answer shows the command pending.
pub async fn send_lock_command(id: &LockId, lock: bool) -> Result<Lock, ApiError> {
    let action = if lock { "lock" } else { "unlock" };
    send::<()>(
        Method::Post,
        &format!("/api/v1/locks/{id}/{action}"),
        None,
        &[],
    )
    .await?
    .json()
    .await
}

#[derive(Deserialize)]
struct LockAllResponse {
    results: Vec<LockAllResult>,
}

/// "Lock all" for one site, or for every door the account sees.
pub async fn lock_all(site: Option<&SiteId>) -> Result<Vec<LockAllResult>, ApiError> {
    let path = match site {
        Some(site) => format!("/api/v1/sites/{site}/lock-all"),
        None => "/api/v1/locks/lock-all".to_owned(),
    };
    let response: LockAllResponse = send::<()>(Method::Post, &path, None, &[])
        .await?
        .json()
        .await?;
    Ok(response.results)
}

pub async fn codes_on_lock(id: &LockId) -> Result<Vec<DoorCode>, ApiError> {
    get(&format!("/api/v1/locks/{id}/codes")).await
}

pub async fn unknown_codes(id: &LockId) -> Result<Vec<UnknownCode>, ApiError> {
    get(&format!("/api/v1/locks/{id}/unknown-codes")).await
}

pub async fn remove_unknown_code(id: &str) -> Result<(), ApiError> {
    send::<()>(
        Method::Delete,
        &format!("/api/v1/unknown-codes/{}", http::encode(id)),
        None,
        &[],
    )
    .await
    .map(|_| ())
}

pub async fn retry_sync(code: &CodeId, lock: &LockId) -> Result<(), ApiError> {
    send::<()>(
        Method::Post,
        &format!("/api/v1/codes/{code}/locks/{lock}/retry"),
        None,
        &[],
    )
    .await
    .map(|_| ())
}

/// Filters of the People list, as its URL keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleQuery {
    pub search: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn people_overview(
    query: &PeopleQuery,
) -> Result<Page<latchkey_core::person::PersonOverview>, ApiError> {
    let mut parts = vec![format!("limit={}", query.limit.max(1))];
    for (name, value) in [
        ("q", &query.search),
        ("kind", &query.kind),
        ("status", &query.status),
        ("cursor", &query.cursor),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{name}={}", http::encode(value)));
        }
    }
    get(&format!("/api/v1/people/overview?{}", parts.join("&"))).await
}

pub async fn person(
    id: &latchkey_core::ids::PersonId,
) -> Result<latchkey_core::person::Person, ApiError> {
    get(&format!("/api/v1/people/{id}")).await
}

/// A person with their ETag, to change them.
pub async fn person_for_change(
    id: &latchkey_core::ids::PersonId,
) -> Result<(latchkey_core::person::Person, String), ApiError> {
    let response = send::<()>(Method::Get, &format!("/api/v1/people/{id}"), None, &[]).await?;
    let etag = response.etag();
    Ok((response.json().await?, etag))
}

/// Changes who a person is. `etag` is the one the form was filled from: if
/// someone changed them meanwhile the backend refuses (412) instead of
/// overwriting their change.
pub async fn update_person(
    id: &latchkey_core::ids::PersonId,
    change: &latchkey_core::person::PersonChange,
    etag: &str,
) -> Result<latchkey_core::person::Person, ApiError> {
    send(
        Method::Patch,
        &format!("/api/v1/people/{id}"),
        Some(change),
        &[("If-Match", etag)],
    )
    .await?
    .json()
    .await
}

pub async fn codes_of_person(
    id: &latchkey_core::ids::PersonId,
) -> Result<Vec<latchkey_core::code::AccessCode>, ApiError> {
    get(&format!("/api/v1/people/{id}/codes")).await
}

pub async fn sync_of_person(
    id: &latchkey_core::ids::PersonId,
) -> Result<Vec<latchkey_core::sync::SyncState>, ApiError> {
    get(&format!("/api/v1/people/{id}/sync")).await
}

/// Pauses (or resumes) a person everywhere.
pub async fn set_paused(
    id: &latchkey_core::ids::PersonId,
    paused: bool,
) -> Result<latchkey_core::person::Person, ApiError> {
    let action = if paused { "pause" } else { "resume" };
    send::<()>(
        Method::Post,
        &format!("/api/v1/people/{id}/{action}"),
        None,
        &[],
    )
    .await?
    .json()
    .await
}

pub async fn delete_person(id: &latchkey_core::ids::PersonId) -> Result<(), ApiError> {
    send::<()>(Method::Delete, &format!("/api/v1/people/{id}"), None, &[])
        .await
        .map(|_| ())
}

/// Reveals one PIN (recorded by the backend as an event).
pub async fn reveal_pin(code: &CodeId) -> Result<latchkey_core::code::RevealedPin, ApiError> {
    send::<()>(
        Method::Post,
        &format!("/api/v1/codes/{code}/reveal"),
        None,
        &[],
    )
    .await?
    .json()
    .await
}

/// Sends the code to its person through the backend (SMS or e-mail).
pub async fn share_code(
    code: &CodeId,
    channel: latchkey_core::code::ShareChannel,
) -> Result<latchkey_core::outbox::OutboxMessage, ApiError> {
    let body = latchkey_core::code::ShareRequest { channel };
    send(
        Method::Post,
        &format!("/api/v1/codes/{code}/share"),
        Some(&body),
        &[],
    )
    .await?
    .json()
    .await
}

/// A fresh Idempotency-Key: one per form, reused when the same save is retried.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let _ = getrandom::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn create_person(
    site: &SiteId,
    person: &latchkey_core::person::NewPerson,
    key: &str,
) -> Result<latchkey_core::person::Person, ApiError> {
    send(
        Method::Post,
        &format!("/api/v1/sites/{site}/people"),
        Some(person),
        &[("Idempotency-Key", key)],
    )
    .await?
    .json()
    .await
}

pub async fn create_code(
    code: &latchkey_core::code::NewAccessCode,
    key: &str,
) -> Result<latchkey_core::code::AccessCode, ApiError> {
    send(
        Method::Post,
        "/api/v1/codes",
        Some(code),
        &[("Idempotency-Key", key)],
    )
    .await?
    .json()
    .await
}

/// Checks a typed PIN against the site's other codes and the chosen doors, before saving.
pub async fn check_pin(check: &latchkey_core::code::PinCheck) -> Result<(), ApiError> {
    send(Method::Post, "/api/v1/codes/check", Some(check), &[])
        .await
        .map(|_| ())
}

/// Gives a code a new generated PIN of `length` digits on all its doors at once.
pub async fn regenerate_pin(
    code: &CodeId,
    length: Option<u8>,
) -> Result<latchkey_core::code::AccessCode, ApiError> {
    let response = send::<()>(Method::Get, &format!("/api/v1/codes/{code}"), None, &[]).await?;
    let etag = response.etag();
    let change = latchkey_core::code::AccessCodeChange {
        pin: Some(latchkey_core::code::PinChoice::Generate { length }),
        ..Default::default()
    };
    send(
        Method::Patch,
        &format!("/api/v1/codes/{code}"),
        Some(&change),
        &[("If-Match", &etag)],
    )
    .await?
    .json()
    .await
}

/// One code, with its ETag for a later change.
pub async fn code(id: &CodeId) -> Result<(latchkey_core::code::AccessCode, String), ApiError> {
    let response = send::<()>(Method::Get, &format!("/api/v1/codes/{id}"), None, &[]).await?;
    let etag = response.etag();
    Ok((response.json().await?, etag))
}

/// Changes a code's name, PIN, doors or schedule on all its doors in one step.
/// `etag` is the one the form was filled from: if someone changed the code
/// meanwhile the backend refuses (412) instead of overwriting their change.
pub async fn update_code(
    id: &CodeId,
    change: &latchkey_core::code::AccessCodeChange,
    etag: &str,
) -> Result<latchkey_core::code::AccessCode, ApiError> {
    send(
        Method::Patch,
        &format!("/api/v1/codes/{id}"),
        Some(change),
        &[("If-Match", etag)],
    )
    .await?
    .json()
    .await
}

/// Takes a code off every door for good (its history stays).
pub async fn delete_code(id: &CodeId) -> Result<(), ApiError> {
    send::<()>(Method::Delete, &format!("/api/v1/codes/{id}"), None, &[])
        .await
        .map(|_| ())
}

/// Gives a code found on a lock to a person, as one of their codes.
pub async fn adopt_unknown_code(
    id: &str,
    adopt: &latchkey_core::code::AdoptUnknownCode,
) -> Result<latchkey_core::code::AccessCode, ApiError> {
    send(
        Method::Post,
        &format!("/api/v1/unknown-codes/{}/adopt", http::encode(id)),
        Some(adopt),
        &[],
    )
    .await?
    .json()
    .await
}

/// The people of one site, in name order (the first 500: enough for a chooser).
pub async fn people_at_site(site: &SiteId) -> Result<Vec<latchkey_core::person::Person>, ApiError> {
    let page: Page<latchkey_core::person::Person> = get(&format!(
        "/api/v1/people?site_id={}&limit=500",
        http::encode(site.as_str())
    ))
    .await?;
    Ok(page.items)
}

/// One page of a site's people × doors grid.
pub async fn site_access(
    site: &SiteId,
    search: Option<&str>,
    cursor: Option<&str>,
    limit: u32,
) -> Result<Page<latchkey_core::code::CodeAccess>, ApiError> {
    let mut url = format!("/api/v1/sites/{site}/access?limit={limit}");
    if let Some(q) = search.filter(|q| !q.is_empty()) {
        url.push_str(&format!("&q={}", http::encode(q)));
    }
    if let Some(cursor) = cursor {
        url.push_str(&format!("&cursor={}", http::encode(cursor)));
    }
    get(&url).await
}

/// The site's local time by the backend's clock (which the simulator may move).
pub async fn site_time(site: &SiteId) -> Result<latchkey_core::site::SiteTime, ApiError> {
    get(&format!("/api/v1/sites/{site}/time")).await
}

/// Who can get in at a door, across the seven days from `from` (default: this week).
pub async fn door_week(
    lock: &LockId,
    from: Option<chrono::NaiveDate>,
) -> Result<latchkey_core::week::WeekView, ApiError> {
    let from = from.map(|d| format!("?from={d}")).unwrap_or_default();
    get(&format!("/api/v1/locks/{lock}/week{from}")).await
}

/// When each of a person's codes works, across the seven days from `from`.
pub async fn person_week(
    person: &latchkey_core::ids::PersonId,
    from: Option<chrono::NaiveDate>,
) -> Result<latchkey_core::week::WeekView, ApiError> {
    let from = from.map(|d| format!("?from={d}")).unwrap_or_default();
    get(&format!("/api/v1/people/{person}/week{from}")).await
}

/// Filters of the activity feed (`GET /events`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventQuery {
    pub site: Option<String>,
    pub lock: Option<String>,
    pub person: Option<String>,
    /// Comma-separated kind names.
    pub kinds: Option<String>,
    /// First and last day (included), each on the event's own site's calendar.
    pub from_day: Option<chrono::NaiveDate>,
    pub to_day: Option<chrono::NaiveDate>,
    pub cursor: Option<String>,
    pub limit: u32,
}

impl EventQuery {
    /// Whether an event (e.g. a live one) is one this query would list.
    pub fn matches(&self, event: &Event) -> bool {
        let same = |want: &Option<String>, have: Option<&str>| {
            want.as_deref().is_none_or(|w| have == Some(w))
        };
        same(&self.site, Some(event.site_id.as_str()))
            && same(&self.lock, event.lock_id.as_ref().map(|l| l.as_str()))
            && same(&self.person, event.person_id.as_ref().map(|p| p.as_str()))
            && self
                .kinds
                .as_deref()
                .is_none_or(|kinds| kinds.split(',').any(|k| k == event.kind.name()))
            && self
                .from_day
                .is_none_or(|from| event.local_at.is_some_and(|at| at.date() >= from))
            && self
                .to_day
                .is_none_or(|to| event.local_at.is_some_and(|at| at.date() <= to))
    }
}

/// One page of events, newest first.
pub async fn events(query: &EventQuery) -> Result<Page<Event>, ApiError> {
    let mut parts = vec![format!("limit={}", query.limit.max(1))];
    let from_date = query.from_day.map(|d| d.to_string());
    let to_date = query.to_day.map(|d| d.to_string());
    for (name, value) in [
        ("site_id", &query.site),
        ("lock_id", &query.lock),
        ("person_id", &query.person),
        ("kind", &query.kinds),
        ("from_date", &from_date),
        ("to_date", &to_date),
        ("cursor", &query.cursor),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{name}={}", http::encode(value)));
        }
    }
    get(&format!("/api/v1/events?{}", parts.join("&"))).await
}

/// Every event matching the filters (for the CSV export), up to `MAX_EXPORT`.
pub async fn all_events(query: &EventQuery) -> Result<Vec<Event>, ApiError> {
    const MAX_EXPORT: usize = 50_000;
    let mut query = EventQuery {
        limit: 500,
        cursor: None,
        ..query.clone()
    };
    let mut all = Vec::new();
    loop {
        let page = events(&query).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(next) if all.len() < MAX_EXPORT => query.cursor = Some(next),
            _ => return Ok(all),
        }
    }
}

/// The alerts inbox, newest first (only unread ones when `unread`).
pub async fn alerts(unread: bool) -> Result<Page<latchkey_core::alert::Alert>, ApiError> {
    get(&format!("/api/v1/alerts?limit=100&unread={unread}")).await
}

/// How many alerts wait to be read.
pub async fn unread_alerts() -> Result<u32, ApiError> {
    #[derive(Deserialize)]
    struct Unread {
        count: u32,
    }
    Ok(get::<Unread>("/api/v1/alerts/unread").await?.count)
}

/// Marks one alert read, or all of them (`None`).
pub async fn mark_alerts_read(id: Option<&latchkey_core::ids::AlertId>) -> Result<(), ApiError> {
    let path = match id {
        Some(id) => format!("/api/v1/alerts/{id}/read"),
        None => "/api/v1/alerts/read".to_owned(),
    };
    send::<()>(Method::Post, &path, None, &[]).await.map(|_| ())
}

/// The alert rules of a site.
pub async fn alert_rules(site: &SiteId) -> Result<Vec<latchkey_core::alert::AlertRule>, ApiError> {
    get(&format!("/api/v1/sites/{site}/alert-rules")).await
}

/// Makes a rule (`rule`: name, trigger and channels).
pub async fn create_alert_rule(
    site: &SiteId,
    rule: &serde_json::Value,
    key: &str,
) -> Result<latchkey_core::alert::AlertRule, ApiError> {
    send(
        Method::Post,
        &format!("/api/v1/sites/{site}/alert-rules"),
        Some(rule),
        &[("Idempotency-Key", key)],
    )
    .await?
    .json()
    .await
}

/// Turns a rule on or off.
pub async fn set_alert_rule_enabled(
    id: &latchkey_core::ids::AlertRuleId,
    enabled: bool,
) -> Result<(), ApiError> {
    let path = format!("/api/v1/alert-rules/{id}");
    let etag = send::<()>(Method::Get, &path, None, &[]).await?.etag();
    let change = serde_json::json!({ "enabled": enabled });
    send(Method::Patch, &path, Some(&change), &[("If-Match", &etag)])
        .await
        .map(|_| ())
}

pub async fn delete_alert_rule(id: &latchkey_core::ids::AlertRuleId) -> Result<(), ApiError> {
    send::<()>(
        Method::Delete,
        &format!("/api/v1/alert-rules/{id}"),
        None,
        &[],
    )
    .await
    .map(|_| ())
}
