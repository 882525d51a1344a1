//! The sites' side of the store: what the site use cases ask of it.

use latchkey_core::{
    ids::{LockId, SiteId},
    refs::DoorRef,
    site::{DoorAttention, Site, SiteSummary},
};
use rusqlite::{Connection, params};

use crate::{
    db::{from_json, to_json},
    error::ApiResult,
    records::load_site,
    store::ids_json,
};

/// What the site use cases read and write.
pub trait SiteStore {
    /// The sites among `sites`, by name.
    fn sites_among(&self, sites: &[SiteId]) -> ApiResult<Vec<Site>>;
    /// A site and its version (404 when there is none).
    fn site(&self, id: &SiteId) -> ApiResult<(Site, i64)>;
    /// Saves a site with the version after `version`; answers that version.
    fn save_site(&self, site: &Site, version: i64) -> ApiResult<i64>;
    /// Each of `sites`' doors at a glance, by site name.
    fn site_summaries(&self, sites: &[SiteId]) -> ApiResult<Vec<SiteSummary>>;
    /// The doors at a site.
    fn doors_of_site(&self, site: &SiteId) -> ApiResult<Vec<LockId>>;
}

impl SiteStore for Connection {
    fn sites_among(&self, sites: &[SiteId]) -> ApiResult<Vec<Site>> {
        let mut statement = self.prepare(
            "SELECT data FROM sites WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY name, id",
        )?;
        let rows: Vec<String> = statement
            .query_map([ids_json(sites)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        rows.iter().map(|d| from_json(d)).collect()
    }

    fn site(&self, id: &SiteId) -> ApiResult<(Site, i64)> {
        load_site(self, id)
    }

    fn save_site(&self, site: &Site, version: i64) -> ApiResult<i64> {
        self.execute(
            "UPDATE sites SET data = ?1, name = ?2, version = ?3 WHERE id = ?4",
            params![to_json(site)?, site.name, version + 1, site.id.as_str()],
        )?;
        Ok(version + 1)
    }

    fn site_summaries(&self, sites: &[SiteId]) -> ApiResult<Vec<SiteSummary>> {
        let low = i64::from(latchkey_core::lock::Lock::LOW_BATTERY_PERCENT);
        let mut statement = self.prepare(
            "SELECT s.id, s.name,
           COUNT(l.id),
           COUNT(l.id) FILTER (WHERE l.state = 'locked'),
           COUNT(l.id) FILTER (WHERE l.state = 'unlocked'),
           COUNT(l.id) FILTER (WHERE l.state = 'jammed'),
           COUNT(l.id) FILTER (WHERE l.state = 'unknown'),
           COUNT(l.id) FILTER (WHERE json_extract(l.data, '$.online') = 0),
           COUNT(l.id) FILTER (WHERE json_extract(l.data, '$.battery_percent') <= ?2),
           COUNT(l.id) FILTER (WHERE json_extract(l.data, '$.pending_changes') > 0)
         FROM sites s LEFT JOIN locks l ON l.site_id = s.id
         WHERE s.id IN (SELECT value FROM json_each(?1))
         GROUP BY s.id ORDER BY s.name, s.id",
        )?;
        let rows: Vec<(String, String, [u32; 8])> = statement
            .query_map(params![ids_json(sites), low], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    [
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                    ],
                ))
            })?
            .collect::<Result<_, _>>()?;
        let mut attention = self.prepare(
        "SELECT data FROM locks WHERE site_id = ?1 AND (state != 'locked' OR json_extract(data, '$.online') = 0
           OR json_extract(data, '$.battery_percent') <= ?2) ORDER BY sort_key LIMIT 5",
    )?;
        let mut summaries = Vec::with_capacity(rows.len());
        for (
            id,
            name,
            [
                doors,
                locked,
                unlocked,
                jammed,
                unknown,
                offline,
                low_battery,
                pending,
            ],
        ) in rows
        {
            let locks: Vec<String> = attention
                .query_map(params![id, low], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let attention = locks
                .iter()
                .map(|data| {
                    let lock: latchkey_core::lock::Lock = from_json(data)?;
                    Ok(DoorAttention {
                        door: DoorRef {
                            id: lock.id.clone(),
                            name: lock.name.clone(),
                        },
                        state: lock.state,
                        online: lock.online,
                        battery_low: lock.battery_low(),
                    })
                })
                .collect::<ApiResult<_>>()?;
            summaries.push(SiteSummary {
                site_id: SiteId(id),
                name,
                doors,
                locked,
                unlocked,
                jammed,
                unknown,
                offline,
                low_battery,
                pending,
                attention,
            });
        }
        Ok(summaries)
    }

    fn doors_of_site(&self, site: &SiteId) -> ApiResult<Vec<LockId>> {
        Ok(self
            .prepare("SELECT id FROM locks WHERE site_id = ?1 ORDER BY id")?
            .query_map([site.as_str()], |r| Ok(LockId(r.get(0)?)))?
            .collect::<Result<_, _>>()?)
    }
}
