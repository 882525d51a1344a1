//! The activity as CSV: exactly the filtered events, one row each, with the
//! sentence a person reads, saved through the browser's download.

use latchkey_core::{
    event::{Actor, Event, EventKind},
    event_text::{Names, method_text, person_words, reason_text, sentence},
};
use wasm_bindgen::JsCast;

/// A CSV field, quoted when it needs to be (and never starting a formula).
fn field(text: &str) -> String {
    // A leading =, +, - or @ would make a spreadsheet run it as a formula.
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// What happened, beyond the kind: the method or the reason.
fn detail(kind: &EventKind) -> String {
    match kind {
        EventKind::Locked { method } | EventKind::Unlocked { method } => {
            method_text(*method).to_owned()
        }
        EventKind::AccessDenied { reason } => reason_text(*reason).to_owned(),
        EventKind::SyncFailed { reason, .. } => reason.to_string(),
        EventKind::BatteryLow { percent } => format!("{percent} %"),
        EventKind::KeypadLockout { until } => format!("until {}", until.to_rfc3339()),
        _ => String::new(),
    }
}

/// The events as CSV text (header first), with the names they were recorded with.
pub fn csv_of(events: &[Event]) -> String {
    let mut out = String::from("id,time (UTC),site,door,person,by,kind,detail,what happened\n");
    for event in events {
        let door = event.names.door.clone();
        let person = person_words(&event.names);
        let by = match &event.actor {
            Some(Actor::Person { name, .. }) | Some(Actor::Account { name, .. }) => name.clone(),
            Some(Actor::System) | None => String::new(),
        };
        let words = sentence(event, Names::default());
        let row = [
            event.id.to_string(),
            event.at.to_rfc3339(),
            event.site_id.to_string(),
            door.unwrap_or_else(|| {
                event
                    .lock_id
                    .as_ref()
                    .map(|l| l.to_string())
                    .unwrap_or_default()
            }),
            person.unwrap_or_default(),
            by,
            event.kind.name().to_owned(),
            detail(&event.kind),
            words,
        ];
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// Offers `text` as a file download named `file_name`.
pub fn download_csv(file_name: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("The browser could not save the file ({what}).");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("url"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("document"))?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("link"))?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
