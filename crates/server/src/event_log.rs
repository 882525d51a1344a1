//! Recording events. Each event gets its site's local time and the names it
//! mentions, is stored in the open transaction (reaching the stream once that
//! commits), and is shown to the site's alert rules, whose `alert_fired`
//! events are stored right after it. New events start here too.

use chrono::{DateTime, Utc};
use latchkey_core::{
    event::{Actor, Event, EventKind},
    ids::SiteId,
};

use crate::{
    alerting,
    auth::Auth,
    db::Write,
    error::ApiResult,
    event_names,
    records::{load_site, site_local_now},
};

/// Records `event` in the transaction; answers it with its id.
pub fn record(w: &mut Write<'_>, mut event: Event) -> ApiResult<Event> {
    if event.local_at.is_none() {
        let (site, _) = load_site(w, &event.site_id)?;
        event.local_at = Some(site_local_now(&site, event.at));
    }
    if event.names.is_empty() {
        event.names = event_names::current_names(w, &event)?;
    }
    let event = w.insert_event(event)?;
    // Alert rules see every event as it is recorded, in the same transaction.
    for fired in alerting::evaluate(w, &event)? {
        w.insert_event(fired)?;
    }
    Ok(event)
}

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

/// The dashboard user as the actor of an event.
pub fn actor(auth: &Auth) -> Actor {
    Actor::Account {
        id: auth.0.id.clone(),
        name: auth.0.display_name.clone(),
    }
}

/// A new event caused by the signed-in user.
pub fn user_event(auth: &Auth, site: &SiteId, kind: EventKind, now: DateTime<Utc>) -> Event {
    Event {
        actor: Some(actor(auth)),
        ..system_event(site, kind, now)
    }
}
