//! Alert rules, evaluated by the backend on every event it records — in the
//! same transaction — so they fire while no browser is open. A rule that
//! matches (latchkey-core decides) puts an alert in the inbox, records an
//! `alert_fired` event for the live stream, and queues SMS / e-mail in the outbox.

use chrono::{DateTime, Utc};
use latchkey_core::{
    alert::{Alert, AlertChannel, AlertFacts, AlertRule, alert_message},
    code::ShareChannel,
    event::{Event, EventKind},
    ids::{AlertId, CodeId, LockId, OutboxId, PersonId},
    outbox::OutboxMessage,
    person::{Person, PersonKind},
};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{
    db::{Write, from_json, new_id, to_json},
    error::ApiResult,
    records::{load_lock, load_site, site_local_now},
    store::outbox::OutboxStore,
};

/// The backend's answers to what the rules ask.
struct StoreFacts<'a>(&'a Connection);

impl AlertFacts for StoreFacts<'_> {
    fn wrong_codes_since(&self, lock: &LockId, since: DateTime<Utc>) -> u32 {
        self.0
            .query_row(
                "SELECT COUNT(*) FROM events WHERE lock_id = ?1 AND kind = 'access_denied' AND at >= ?2
                 AND json_extract(data, '$.kind.reason') = 'wrong_code'",
                params![lock.as_str(), since.to_rfc3339()],
                |r| r.get(0),
            )
            .unwrap_or(0)
    }

    fn earlier_openings(&self, code: &CodeId, before: u64) -> u32 {
        self.0
            .query_row(
                "SELECT COUNT(*) FROM events WHERE code_id = ?1 AND kind = 'unlocked' AND id < ?2",
                params![code.as_str(), before as i64],
                |r| r.get(0),
            )
            .unwrap_or(0)
    }

    fn is_guest(&self, person: &PersonId) -> bool {
        person_of(self.0, person).is_some_and(|p| p.kind == PersonKind::Guest)
    }

    fn left_a_door_without_codes(&self, event: &Event) -> bool {
        // The doors of the code (or of the person's codes) the event is about…
        let (column, id) = match (&event.code_id, &event.person_id) {
            (Some(code), _) => ("c.id", code.as_str()),
            (None, Some(person)) => ("c.person_id", person.as_str()),
            _ => return false,
        };
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT DISTINCT cl.lock_id FROM code_locks cl JOIN codes c ON c.id = cl.code_id WHERE {column} = ?1) d
             WHERE NOT EXISTS (SELECT 1 FROM code_locks w JOIN codes wc ON wc.id = w.code_id JOIN people wp ON wp.id = wc.person_id
                               WHERE w.lock_id = d.lock_id AND w.wanted = 1 AND wc.deleted = 0 AND wp.deleted = 0 AND wp.paused = 0)"
        );
        // …any of which is now left with no working code.
        self.0
            .query_row(&sql, [id], |r| r.get::<_, i64>(0))
            .is_ok_and(|n| n > 0)
    }
}

fn person_of(conn: &Connection, id: &PersonId) -> Option<Person> {
    let data: Option<String> = conn
        .query_row(
            "SELECT data FROM people WHERE id = ?1",
            [id.as_str()],
            |r| r.get(0),
        )
        .optional()
        .ok()
        .flatten();
    data.and_then(|d| from_json(&d).ok())
}

/// Until when the event's door keypad is locked out (site-local), if it is.
fn keypad_locked_until(w: &Write<'_>, event: &Event) -> ApiResult<Option<chrono::NaiveDateTime>> {
    let Some(lock) = &event.lock_id else {
        return Ok(None);
    };
    let until = load_lock(w, lock)?.lock.keypad_locked_until;
    match until.filter(|until| *until > event.at) {
        Some(until) => {
            let (site, _) = load_site(w, &event.site_id)?;
            Ok(Some(site_local_now(&site, until)))
        }
        None => Ok(None),
    }
}

/// Evaluates the site's enabled rules on `event` (just recorded) and fires
/// those that match. Answers the `alert_fired` events to record, one per rule.
pub fn evaluate(w: &mut Write<'_>, event: &Event) -> ApiResult<Vec<Event>> {
    if matches!(event.kind, EventKind::AlertFired { .. }) {
        return Ok(Vec::new()); // alerts do not raise alerts
    }
    let rules: Vec<String> = w
        .prepare("SELECT data FROM alert_rules WHERE site_id = ?1")?
        .query_map([event.site_id.as_str()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let rules: Vec<AlertRule> = rules
        .iter()
        .map(|d| from_json(d))
        .collect::<ApiResult<_>>()?;
    let matching: Vec<AlertRule> = {
        let facts = StoreFacts(w);
        rules
            .into_iter()
            .filter(|rule| rule.enabled && rule.trigger.fires(event, &facts))
            .collect()
    };
    if matching.is_empty() {
        return Ok(Vec::new());
    }
    let locked_until = keypad_locked_until(w, event)?;
    let mut fired = Vec::new();
    for rule in matching {
        let message = alert_message(&rule.trigger, event, locked_until);
        fired.push(fire(w, &rule, event, &message)?);
    }
    Ok(fired)
}

/// Puts the alert in the inbox and its messages in the outbox; answers its `alert_fired` event.
fn fire(w: &mut Write<'_>, rule: &AlertRule, event: &Event, message: &str) -> ApiResult<Event> {
    let alert = Alert {
        id: AlertId(new_id("alert")),
        site_id: event.site_id.clone(),
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        message: message.to_owned(),
        event_id: event.id,
        lock_id: event.lock_id.clone(),
        person_id: event.person_id.clone(),
        at: event.at,
        local_at: event.local_at,
        read: false,
    };
    let seq: i64 = w.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM alerts", [], |r| {
        r.get(0)
    })?;
    w.execute(
        "INSERT INTO alerts (id, site_id, seq, read, data) VALUES (?1, ?2, ?3, 0, ?4)",
        params![
            alert.id.as_str(),
            alert.site_id.as_str(),
            seq,
            to_json(&alert)?
        ],
    )?;
    for channel in &rule.channels {
        let (channel, to) = match channel {
            AlertChannel::Sms { to } => (ShareChannel::Sms, to),
            AlertChannel::Email { to } => (ShareChannel::Email, to),
            AlertChannel::BrowserNotification => continue, // the app shows it
        };
        let text = OutboxMessage {
            id: OutboxId(new_id("outbox")),
            channel,
            to: to.clone(),
            subject: (channel == ShareChannel::Email)
                .then(|| format!("Latchkey alert: {}", rule.name)),
            body: format!("{}: {message}", rule.name),
            created_at: event.at,
        };
        w.put_message(&event.site_id, &text)?;
    }
    let mut fired = event.clone();
    fired.actor = None;
    fired.kind = EventKind::AlertFired {
        alert_id: alert.id,
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        message: message.to_owned(),
        cause: event.id,
    };
    Ok(fired)
}
