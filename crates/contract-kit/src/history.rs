//! Checks that history keeps the names it was recorded with (a renamed or
//! deleted person still reads as they were called, the deleted one marked so)
//! and that events carry their site's wall-clock time, by which a day filter
//! (`from_date`, `to_date`) picks them.

use latchkey_core::{event::Event, paging::Page};
use serde_json::json;

use crate::{client::unique, expect::CheckResult, hardening::Context};

/// The events about one person, newest first.
async fn events_of(cx: &Context<'_>, person: &str, extra: &str) -> Result<Vec<Event>, String> {
    let answer = cx
        .client
        .get(&format!(
            "/api/v1/events?person_id={person}&limit=100{extra}"
        ))
        .await?;
    if answer.status != 200 {
        return Err(format!(
            "the event list answered {}: {}",
            answer.status, answer.body
        ));
    }
    let page: Page<Event> = serde_json::from_value(answer.body.clone())
        .map_err(|e| format!("the event page does not match the contract: {e}"))?;
    Ok(page.items)
}

pub async fn check_history_keeps_names(cx: &Context<'_>) -> CheckResult {
    let name = unique("Kit history");
    let created = cx
        .client
        .send(
            "POST",
            &format!("/api/v1/sites/{}/people", cx.site_id),
            Some(json!({"name": name, "kind": "guest"})),
            &[("idempotency-key", &unique("kit-history-person"))],
        )
        .await?;
    if created.status != 201 {
        return Err(format!("creating a person answered {}", created.status));
    }
    let person = created.body["id"].as_str().unwrap_or_default().to_owned();
    let code = json!({"person_id": person, "name": "Kit visit", "pin": {"choice": "generate", "length": 6},
        "doors": [cx.door_id], "schedule": {"starts_at": null, "ends_at": null}, "preset": "permanent"});
    let made = cx
        .client
        .send(
            "POST",
            "/api/v1/codes",
            Some(code),
            &[("idempotency-key", &unique("kit-history-code"))],
        )
        .await?;
    if made.status != 201 {
        return Err(format!(
            "creating a code answered {}: {}",
            made.status, made.body
        ));
    }
    // Renamed, then deleted: the code's creation still names them as they were.
    let path = format!("/api/v1/people/{person}");
    let etag = cx.client.get(&path).await?.etag.unwrap_or_default();
    let renamed = cx
        .client
        .send(
            "PATCH",
            &path,
            Some(json!({"name": format!("{name} renamed")})),
            &[("if-match", &etag)],
        )
        .await?;
    if renamed.status != 200 {
        return Err(format!("renaming the person answered {}", renamed.status));
    }
    let deleted = cx.client.send("DELETE", &path, None, &[]).await?;
    if !(200..300).contains(&deleted.status) {
        return Err(format!("deleting the person answered {}", deleted.status));
    }
    let events = events_of(cx, &person, "").await?;
    let creation = events
        .iter()
        .find(|e| e.kind.name() == "code_created")
        .ok_or("no code_created event about the person")?;
    if creation.names.person.as_deref() != Some(name.as_str()) {
        return Err(format!(
            "the code_created event names the person {:?}, not {name:?} as they were called",
            creation.names.person
        ));
    }
    if creation.names.code.as_deref() != Some("Kit visit") {
        return Err(format!(
            "the code_created event names the code {:?}",
            creation.names.code
        ));
    }
    if let Some(event) = events.iter().find(|e| !e.names.person_deleted) {
        return Err(format!(
            "event {} does not say its person was deleted",
            event.id
        ));
    }
    // Its day on the site's calendar picks it; the next day does not.
    let day = creation
        .local_at
        .ok_or("the event has no local_at (the site's wall-clock time)")?
        .date();
    let on_the_day = events_of(cx, &person, &format!("&from_date={day}&to_date={day}")).await?;
    if !on_the_day.iter().any(|e| e.id == creation.id) {
        return Err(format!(
            "from_date = to_date = {day} leaves out an event of that day"
        ));
    }
    let next = day.succ_opt().ok_or("no next day")?;
    let after = events_of(cx, &person, &format!("&from_date={next}")).await?;
    if after.iter().any(|e| e.id == creation.id) {
        return Err(format!("from_date = {next} keeps an event of {day}"));
    }
    Ok(())
}
