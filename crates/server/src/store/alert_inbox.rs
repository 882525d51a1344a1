//! The alert inbox's side of the store: alerts that fired, and whether each
//! has been read.

use latchkey_core::{
    alert::Alert,
    ids::{AlertId, SiteId},
};
use rusqlite::{Connection, params};

use crate::{db::from_json, error::ApiResult, store::ids_json};

/// What the inbox use cases read and write.
pub trait AlertInboxStore {
    /// Up to `limit` alerts of `sites` numbered below `before`, newest first,
    /// each with its number (only unread ones if `unread_only`).
    fn alerts_before(
        &self,
        sites: &[SiteId],
        before: i64,
        unread_only: bool,
        limit: u32,
    ) -> ApiResult<Vec<(i64, Alert)>>;
    /// How many alerts of `sites` are unread.
    fn unread_alerts(&self, sites: &[SiteId]) -> ApiResult<u32>;
    /// Marks one alert of `sites` read; false when there is no such alert.
    fn mark_alert_read(&self, sites: &[SiteId], id: &AlertId) -> ApiResult<bool>;
    /// Marks every alert of `sites` read.
    fn mark_all_alerts_read(&self, sites: &[SiteId]) -> ApiResult<()>;
}

impl AlertInboxStore for Connection {
    fn alerts_before(
        &self,
        sites: &[SiteId],
        before: i64,
        unread_only: bool,
        limit: u32,
    ) -> ApiResult<Vec<(i64, Alert)>> {
        let rows: Vec<(i64, bool, String)> = self
            .prepare(
                "SELECT seq, read, data FROM alerts WHERE site_id IN (SELECT value FROM json_each(?1))
                 AND seq < ?2 AND (?3 = 0 OR read = 0) ORDER BY seq DESC LIMIT ?4",
            )?
            .query_map(
                params![ids_json(sites), before, unread_only, i64::from(limit)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(seq, read, data)| {
                let mut alert: Alert = from_json(&data)?;
                alert.read = read;
                Ok((seq, alert))
            })
            .collect()
    }

    fn unread_alerts(&self, sites: &[SiteId]) -> ApiResult<u32> {
        Ok(self.query_row(
            "SELECT COUNT(*) FROM alerts WHERE site_id IN (SELECT value FROM json_each(?1)) AND read = 0",
            [ids_json(sites)],
            |r| r.get(0),
        )?)
    }

    fn mark_alert_read(&self, sites: &[SiteId], id: &AlertId) -> ApiResult<bool> {
        let changed = self.execute(
            "UPDATE alerts SET read = 1 WHERE id = ?1 AND site_id IN (SELECT value FROM json_each(?2))",
            params![id.as_str(), ids_json(sites)],
        )?;
        Ok(changed > 0)
    }

    fn mark_all_alerts_read(&self, sites: &[SiteId]) -> ApiResult<()> {
        self.execute(
            "UPDATE alerts SET read = 1 WHERE read = 0 AND site_id IN (SELECT value FROM json_each(?1))",
            [ids_json(sites)],
        )?;
        Ok(())
    }
}
