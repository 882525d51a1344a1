//! The outbox's side of the store: the SMS and e-mail messages the server
//! would have sent, with PINs already masked.

use latchkey_core::{ids::SiteId, outbox::OutboxMessage};
use rusqlite::{Connection, params};

use crate::{
    db::{from_json, to_json},
    error::ApiResult,
    store::ids_json,
};

/// What the outbox use cases read and write.
pub trait OutboxStore {
    /// The newest 200 messages of `sites` (of `only` if given), newest first.
    fn messages(&self, sites: &[SiteId], only: Option<&SiteId>) -> ApiResult<Vec<OutboxMessage>>;
    /// Puts a message in the outbox, after every message already there.
    fn put_message(&self, site: &SiteId, message: &OutboxMessage) -> ApiResult<()>;
}

impl OutboxStore for Connection {
    fn messages(&self, sites: &[SiteId], only: Option<&SiteId>) -> ApiResult<Vec<OutboxMessage>> {
        let rows: Vec<String> = self
            .prepare(
                "SELECT data FROM outbox WHERE site_id IN (SELECT value FROM json_each(?1)) AND (?2 IS NULL OR site_id = ?2)
                 ORDER BY seq DESC LIMIT 200",
            )?
            .query_map(params![ids_json(sites), only.map(SiteId::as_str)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        rows.iter().map(|d| from_json(d)).collect()
    }

    fn put_message(&self, site: &SiteId, message: &OutboxMessage) -> ApiResult<()> {
        let seq: i64 = self.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox", [], |r| {
            r.get(0)
        })?;
        self.execute(
            "INSERT INTO outbox (id, site_id, seq, data) VALUES (?1, ?2, ?3, ?4)",
            params![message.id.as_str(), site.as_str(), seq, to_json(message)?],
        )?;
        Ok(())
    }
}
