//! The alert-rule use cases: list a site's rules, create, read, change and
//! delete one. Rules are evaluated on every event by `crate::alerting`; what
//! they fire lands in the alert inbox.

use chrono::{DateTime, Utc};
use latchkey_core::{
    alert::{AlertChannel, AlertRule, AlertTrigger},
    ids::{AlertRuleId, SiteId},
};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::{
    auth::Auth,
    db::{Write, new_id},
    error::{ApiError, ApiResult},
    input::clean_name,
    safe_writes::IfMatch,
    service::versioned::{self, Versioned},
    store::alert_rules::AlertRuleStore,
};

/// Body of `POST /sites/{id}/alert-rules`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAlertRule {
    pub name: String,
    pub trigger: AlertTrigger,
    #[serde(default)]
    pub channels: Vec<AlertChannel>,
}

/// Body of `PATCH /alert-rules/{id}`.
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertRuleChange {
    pub name: Option<String>,
    pub trigger: Option<AlertTrigger>,
    pub channels: Option<Vec<AlertChannel>>,
    pub enabled: Option<bool>,
}

/// The rules of a site `auth` may see, by id.
pub fn list(store: &impl AlertRuleStore, auth: &Auth, site: &SiteId) -> ApiResult<Vec<AlertRule>> {
    auth.check_site(site)?;
    store.rules_of_site(site)
}

/// Checks a new rule before anything is stored: its name and trigger.
pub fn check_new(new: &NewAlertRule) -> ApiResult<String> {
    check_trigger(&new.trigger)?;
    clean_name(&new.name, "name")
}

/// Stores a new, enabled rule at `site` (its name already cleaned by [`check_new`]).
pub fn create(
    store: &impl AlertRuleStore,
    site: &SiteId,
    name: String,
    new: &NewAlertRule,
    now: DateTime<Utc>,
) -> ApiResult<AlertRule> {
    check_trigger_ids(store, site, &new.trigger)?;
    let rule = AlertRule {
        id: AlertRuleId(new_id("alert")),
        site_id: site.clone(),
        name,
        trigger: new.trigger.clone(),
        channels: new.channels.clone(),
        enabled: true,
        created_at: now,
    };
    store.insert_alert_rule(&rule)?;
    Ok(rule)
}

/// One rule `auth` may see, with its version (404 otherwise).
pub fn get(store: &impl AlertRuleStore, auth: &Auth, id: &AlertRuleId) -> ApiResult<AlertRuleRow> {
    let (rule, version) = store.alert_rule(id)?;
    auth.check_site(&rule.site_id)
        .map_err(|_| ApiError::not_found("alert rule"))?;
    Ok(AlertRuleRow { rule, version })
}

/// Changes a rule's name, trigger, channels or whether it is on, if
/// `if_match` names its current version.
pub fn change(
    w: &mut Write<'_>,
    auth: &Auth,
    id: &AlertRuleId,
    if_match: &IfMatch,
    change: &AlertRuleChange,
    now: DateTime<Utc>,
) -> ApiResult<AlertRuleRow> {
    let name = change
        .name
        .as_deref()
        .map(|n| clean_name(n, "name"))
        .transpose()?;
    if let Some(trigger) = &change.trigger {
        check_trigger(trigger)?;
    }
    let (row, ()) = versioned::update::<AlertRuleRow, _>(w, auth, id, if_match, now, |w, row| {
        let rule = &mut row.rule;
        if let Some(name) = name {
            rule.name = name;
        }
        if let Some(trigger) = change.trigger.clone() {
            check_trigger_ids(&**w, &rule.site_id, &trigger)?;
            rule.trigger = trigger;
        }
        if let Some(channels) = change.channels.clone() {
            rule.channels = channels;
        }
        if let Some(enabled) = change.enabled {
            rule.enabled = enabled;
        }
        Ok(())
    })?;
    Ok(row)
}

/// Deletes a rule `auth` may see.
pub fn delete(store: &impl AlertRuleStore, auth: &Auth, id: &AlertRuleId) -> ApiResult<()> {
    get(store, auth, id)?;
    store.delete_alert_rule(id)
}

fn check_trigger(trigger: &AlertTrigger) -> ApiResult<()> {
    if let AlertTrigger::WrongCodes { count, minutes, .. } = trigger
        && (*count == 0 || *minutes == 0 || *count > 100 || *minutes > 24 * 60)
    {
        return Err(
            ApiError::invalid("Use 1–100 wrong codes within 1–1440 minutes.").field("trigger"),
        );
    }
    Ok(())
}

/// The person and door a trigger names must be at the rule's site. One that is
/// not (made up, or at another site, visible to this account or not) answers the
/// same 422, naming neither it nor its site.
fn check_trigger_ids(
    store: &impl AlertRuleStore,
    site: &SiteId,
    trigger: &AlertTrigger,
) -> ApiResult<()> {
    let at_site = |found: Option<SiteId>| found.as_ref() == Some(site);
    match trigger {
        AlertTrigger::CodeUsed { person_id } if !at_site(store.site_of_person(person_id)?) => {
            Err(ApiError::invalid("There is no such person at this site.")
                .field("trigger.person_id"))
        }
        AlertTrigger::WrongCodes {
            lock_id: Some(lock_id),
            ..
        } if !at_site(store.site_of_door(lock_id)?) => {
            Err(ApiError::invalid("There is no such door at this site.").field("trigger.lock_id"))
        }
        _ => Ok(()),
    }
}

/// An alert rule and its version.
pub struct AlertRuleRow {
    pub rule: AlertRule,
    pub version: i64,
}

impl Versioned for AlertRuleRow {
    type Id = AlertRuleId;
    fn load_visible(conn: &Connection, auth: &Auth, id: &AlertRuleId) -> ApiResult<Self> {
        get(conn, auth, id)
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn save(&mut self, w: &Write<'_>, _now: DateTime<Utc>) -> ApiResult<()> {
        self.version = w.save_alert_rule(&self.rule, self.version)?;
        Ok(())
    }
}
