//! Browser tests for the code form's logic: a changed code sends only what
//! changed, a stale form keeps the user's edits on top of someone else's, and
//! the share message.
#![cfg(target_arch = "wasm32")]

use chrono::{NaiveDate, NaiveTime};
use latchkey::{
    components::code_fields::{CodeDraft, PinMode},
    share_link::{mailto_link, share_message, sms_link},
};
use latchkey_core::{code::AccessCode, ids::LockId};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn walker_code() -> AccessCode {
    serde_json::from_str(include_str!(
        "../crates/latchkey-core/fixtures/access_code.json"
    ))
    .unwrap()
}

#[wasm_bindgen_test]
fn an_untouched_form_changes_nothing_and_keeps_the_pin() {
    let code = walker_code();
    let draft = CodeDraft::from_code(&code, today());
    assert_eq!(draft.pin_mode.get_untracked(), PinMode::Keep);
    assert_eq!(draft.schedule.windows.get_untracked().len(), 1);
    let checked = draft.check("unused").expect("the stored code is valid");
    assert_eq!(checked.into_change(&code), Default::default());
}

#[wasm_bindgen_test]
fn a_change_sends_only_the_fields_that_changed() {
    let code = walker_code();
    let draft = CodeDraft::from_code(&code, today());
    // Same doors in another order are no change.
    draft
        .chosen
        .set(vec![LockId::from("lock-back"), LockId::from("lock-front")]);
    draft.schedule.windows.get_untracked()[0]
        .end
        .set("15:00".into());
    let change = draft.check("unused").unwrap().into_change(&code);
    assert_eq!(change.doors, None);
    assert_eq!(change.name, None);
    assert_eq!(change.pin, None);
    let window = &change.schedule.expect("the hours changed").weekly[0];
    assert_eq!(window.end, NaiveTime::from_hms_opt(15, 0, 0).unwrap());
}

#[wasm_bindgen_test]
fn every_problem_is_shown_at_its_field_and_nothing_is_sent() {
    let draft = CodeDraft::new(today());
    draft.pin_mode.set(PinMode::Custom);
    draft.schedule.add_window(Vec::new(), "09:00", "17:00");
    assert!(draft.check("Visit").is_none());
    let errors = draft.errors.get_untracked();
    assert_eq!(
        errors.get("doors").map(String::as_str),
        Some("Choose at least one door.")
    );
    assert_eq!(
        errors.get("pin").map(String::as_str),
        Some("Enter a PIN, or choose Generate.")
    );
    assert!(errors.contains_key("schedule"), "{errors:?}");
}

#[wasm_bindgen_test]
fn a_stale_form_keeps_my_edits_and_takes_their_other_changes() {
    let original = walker_code();
    let draft = CodeDraft::from_code(&original, today());
    draft.name.set("Dog walks (Sam)".into());
    let mut theirs = original.clone();
    theirs.doors.push(LockId::from("lock-garage"));
    theirs.schedule.weekly[0].start = NaiveTime::from_hms_opt(11, 0, 0).unwrap();
    draft.rebase(&original, &theirs);
    assert_eq!(
        draft.chosen.get_untracked(),
        theirs.doors,
        "their doors are shown"
    );
    assert_eq!(
        draft.schedule.windows.get_untracked()[0]
            .start
            .get_untracked(),
        "11:00",
        "their hours are shown"
    );
    let change = draft.check("unused").unwrap().into_change(&theirs);
    assert_eq!(
        change.name.as_deref(),
        Some("Dog walks (Sam)"),
        "my edit stays"
    );
    assert_eq!(
        (change.doors, change.schedule),
        (None, None),
        "theirs are not undone"
    );
}

#[wasm_bindgen_test]
fn the_share_message_names_the_doors_and_goes_into_the_link_encoded() {
    let doors = [
        "Front door".to_owned(),
        "Back door".to_owned(),
        "Garage".to_owned(),
    ];
    let message = share_message("Sam Lee", &doors, "4826", "Weekdays 12:00–14:00.");
    assert_eq!(
        message,
        "Hi Sam, your code for Front door, Back door and Garage is 4826. When it works: Weekdays 12:00–14:00. Please keep it to yourself."
    );
    assert_eq!(
        sms_link(Some("+1 (555) 0140"), "a b&c"),
        "sms:+15550140?&body=a%20b%26c"
    );
    assert_eq!(
        mailto_link(Some("sam@example.com"), "hi"),
        "mailto:sam%40example.com?subject=Your%20door%20code&body=hi"
    );
}
