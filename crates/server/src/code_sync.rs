//! New events: one by the system at a site, to be filled in and recorded.

use chrono::{DateTime, Utc};
use latchkey_core::{
    event::{Actor, Event, EventKind},
    ids::SiteId,
};

/// A new event at `site` of the given kind, by the system, to be filled in and recorded.
pub fn system_event(site: &SiteId, kind: EventKind, now: DateTime<Utc>) -> Event {
    Event {
        id: 0,
        local_at: None,
        at: now,
        site_id: site.clone(),
        lock_id: None,
        person_id: None,
        code_id: None,
        actor: Some(Actor::System),
        names: Default::default(),
        kind,
    }
}
