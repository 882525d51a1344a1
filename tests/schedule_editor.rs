//! Browser tests for the schedule editor: presets, every kind of window, each
//! mistake at its field with what was typed kept, the summary and the preview.
#![cfg(target_arch = "wasm32")]

use chrono::{NaiveDate, NaiveTime, Weekday};
use latchkey::components::schedule_editor::{Preset, ScheduleDraft, ScheduleEditor};
use latchkey_core::schedule::{Schedule, SchedulePreset, WeeklyWindow, summary};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Tuesday 24 November 2026, the site's today in these tests.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[wasm_bindgen_test]
fn presets_fill_the_editor_with_the_common_cases() {
    let draft = ScheduleDraft::new(today());
    draft.apply(Preset::Weekly);
    let (schedule, preset) = draft.result().unwrap();
    assert_eq!(preset, SchedulePreset::Recurring);
    assert_eq!(summary(&schedule, today()), "Weekdays 12:00–14:00");

    draft.apply(Preset::Today);
    let (schedule, preset) = draft.result().unwrap();
    assert_eq!(preset, SchedulePreset::Temporary);
    assert_eq!(schedule.starts_at, Some(today().and_time(t(0, 0))));
    assert_eq!(
        schedule.ends_at,
        Some(
            NaiveDate::from_ymd_opt(2026, 11, 25)
                .unwrap()
                .and_time(t(0, 0))
        )
    );
    assert!(
        schedule.weekly.is_empty(),
        "a preset replaces what was there"
    );

    draft.apply(Preset::Delivery);
    let (schedule, preset) = draft.result().unwrap();
    assert_eq!(
        (preset, schedule.use_limit),
        (SchedulePreset::OneTime, Some(1))
    );

    draft.apply(Preset::Always);
    assert_eq!(
        draft.result().unwrap(),
        (Schedule::always(), SchedulePreset::Permanent)
    );
}

#[wasm_bindgen_test]
fn several_windows_a_day_a_night_shift_a_date_range_days_off_and_a_limit() {
    let draft = ScheduleDraft::new(today());
    draft.add_window(vec![Weekday::Mon, Weekday::Wed], "08:00", "10:00");
    draft.add_window(vec![Weekday::Mon], "16:00", "18:00");
    draft.add_window(vec![Weekday::Fri], "22:00", "06:00");
    draft.starts_date.set("2026-12-01".into());
    draft.ends_date.set("2027-01-31".into());
    draft
        .exceptions
        .set(vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()]);
    draft.limit_on.set(true);
    draft.limit.set("20".into());
    let (schedule, preset) = draft.result().unwrap();
    assert_eq!(preset, SchedulePreset::Custom);
    assert_eq!(schedule.weekly.len(), 3);
    assert_eq!(
        schedule.weekly[2],
        WeeklyWindow {
            days: vec![Weekday::Fri],
            start: t(22, 0),
            end: t(6, 0)
        }
    );
    assert_eq!(schedule.use_limit, Some(20));
    // Filling an editor with it gives the same schedule back.
    let again = ScheduleDraft::from_existing(&schedule, today());
    assert_eq!(again.build().unwrap(), schedule);
}

#[wasm_bindgen_test]
fn each_mistake_is_told_at_its_field_and_what_was_typed_stays() {
    let draft = ScheduleDraft::new(today());
    draft.add_window(vec![Weekday::Mon, Weekday::Tue], "09:00", "12:00");
    draft.add_window(vec![], "13:00", "15:00");
    draft.add_window(vec![Weekday::Tue], "11:00", "13:00");
    draft.starts_date.set("2026-12-10".into());
    draft.ends_date.set("2026-12-01".into());
    draft.limit_on.set(true);
    draft.limit.set("0".into());
    let errors = draft.build().unwrap_err();
    assert_eq!(
        errors.get("ends_at").map(String::as_str),
        Some("The end must be after the start.")
    );
    assert_eq!(
        errors.get("weekly[1].days").map(String::as_str),
        Some("Pick at least one day for this window.")
    );
    assert_eq!(
        errors.get("weekly[2]").map(String::as_str),
        Some("This window overlaps another one on Tuesday.")
    );
    assert_eq!(
        errors.get("use_limit").map(String::as_str),
        Some("A use limit must be at least 1.")
    );
    assert_eq!(
        draft.windows.get_untracked().len(),
        3,
        "nothing typed is thrown away"
    );
    assert_eq!(draft.ends_date.get_untracked(), "2026-12-01");

    let typo = ScheduleDraft::new(today());
    typo.add_window(vec![Weekday::Mon], "9", "12:00");
    typo.limit_on.set(true);
    typo.limit.set("three".into());
    let errors = typo.build().unwrap_err();
    assert_eq!(
        errors.get("weekly[0].start").map(String::as_str),
        Some("Enter a time like 12:00.")
    );
    assert_eq!(
        errors.get("use_limit").map(String::as_str),
        Some("Enter a whole number of uses, like 3.")
    );
}

fn text_of(selector: &str) -> String {
    document()
        .query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

async fn tick() {
    let promise = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_editor_shows_the_summary_the_week_ahead_and_errors_as_typed() {
    let draft = ScheduleDraft::new(today());
    let container = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let _mount = mount_to(container.clone().unchecked_into(), move || {
        view! { <ScheduleEditor draft=draft time_zone="America/New_York".into() error=Signal::stored(None::<String>)/> }
    });
    tick().await;
    assert!(text_of(".schedule-editor").contains("America/New_York"));
    assert_eq!(text_of("#schedule-summary"), "Always");

    draft.add_window(vec![Weekday::Tue], "22:00", "06:00");
    tick().await;
    assert_eq!(text_of("#schedule-summary"), "Tuesdays 22:00–06:00");
    let preview = text_of(".schedule-preview");
    assert!(preview.contains("Tue 24 Nov from 22:00"), "{preview}");
    assert!(preview.contains("Wed 25 Nov until 06:00"), "{preview}");
    assert!(preview.contains("Thu 26 Nov —"), "{preview}");
    assert!(text_of(".window-fields").contains("Runs past midnight"));

    draft.windows.get_untracked()[0].days.set(Vec::new());
    tick().await;
    assert_eq!(
        text_of(".window-fields .field-error"),
        "Pick at least one day for this window."
    );
    assert_eq!(
        text_of("#schedule-summary"),
        "",
        "no summary for a schedule with a mistake"
    );
    container.remove();
}
