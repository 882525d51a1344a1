//! The alert rules' side of the store: what the alert-rule use cases ask of it.

use latchkey_core::{
    alert::AlertRule,
    ids::{AlertRuleId, LockId, PersonId, SiteId},
};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{
    db::{from_json, get_data, to_json},
    error::{ApiError, ApiResult},
};

/// What the alert-rule use cases read and write.
pub trait AlertRuleStore {
    /// A site's rules, by id.
    fn rules_of_site(&self, site: &SiteId) -> ApiResult<Vec<AlertRule>>;
    /// A rule and its version (404 when there is none).
    fn alert_rule(&self, id: &AlertRuleId) -> ApiResult<(AlertRule, i64)>;
    fn insert_alert_rule(&self, rule: &AlertRule) -> ApiResult<()>;
    /// Saves a rule with the version after `version`; answers that version.
    fn save_alert_rule(&self, rule: &AlertRule, version: i64) -> ApiResult<i64>;
    fn delete_alert_rule(&self, id: &AlertRuleId) -> ApiResult<()>;
    /// The site of a person who has not been deleted, if there is one.
    fn site_of_person(&self, id: &PersonId) -> ApiResult<Option<SiteId>>;
    /// The site of a door, if there is one.
    fn site_of_door(&self, id: &LockId) -> ApiResult<Option<SiteId>>;
}

impl AlertRuleStore for Connection {
    fn rules_of_site(&self, site: &SiteId) -> ApiResult<Vec<AlertRule>> {
        let rows: Vec<String> = self
            .prepare("SELECT data FROM alert_rules WHERE site_id = ?1 ORDER BY id")?
            .query_map([site.as_str()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        rows.iter().map(|d| from_json(d)).collect()
    }

    fn alert_rule(&self, id: &AlertRuleId) -> ApiResult<(AlertRule, i64)> {
        get_data(self, "alert_rules", id.as_str())?.ok_or_else(|| ApiError::not_found("alert rule"))
    }

    fn insert_alert_rule(&self, rule: &AlertRule) -> ApiResult<()> {
        self.execute(
            "INSERT INTO alert_rules (id, site_id, data) VALUES (?1, ?2, ?3)",
            params![rule.id.as_str(), rule.site_id.as_str(), to_json(rule)?],
        )?;
        Ok(())
    }

    fn save_alert_rule(&self, rule: &AlertRule, version: i64) -> ApiResult<i64> {
        self.execute(
            "UPDATE alert_rules SET data = ?1, version = ?2 WHERE id = ?3",
            params![to_json(rule)?, version + 1, rule.id.as_str()],
        )?;
        Ok(version + 1)
    }

    fn delete_alert_rule(&self, id: &AlertRuleId) -> ApiResult<()> {
        self.execute("DELETE FROM alert_rules WHERE id = ?1", [id.as_str()])?;
        Ok(())
    }

    fn site_of_person(&self, id: &PersonId) -> ApiResult<Option<SiteId>> {
        Ok(self
            .query_row(
                "SELECT site_id FROM people WHERE id = ?1 AND deleted = 0",
                [id.as_str()],
                |r| Ok(SiteId(r.get(0)?)),
            )
            .optional()?)
    }

    fn site_of_door(&self, id: &LockId) -> ApiResult<Option<SiteId>> {
        Ok(self
            .query_row(
                "SELECT site_id FROM locks WHERE id = ?1",
                [id.as_str()],
                |r| Ok(SiteId(r.get(0)?)),
            )
            .optional()?)
    }
}
