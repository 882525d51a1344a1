//! `<ScheduleEditor/>`: one editor for every kind of access window, in the
//! site's local time. Presets first (always, the dog walker's weekdays, a
//! contractor's day, a delivery, a number of uses), then the detail: weekly
//! windows (several a day, across midnight), a start and an end, exception
//! dates and a use limit — with the plain-words summary, a preview of the next
//! seven days, and each mistake shown at its field while keeping what is typed.
//! The rules themselves are latchkey-core's.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use latchkey_core::schedule::{Schedule, SchedulePreset, WeeklyWindow, summary};
use leptos::prelude::*;

use crate::{
    components::date_time_input::DateTimeInput,
    schedule_text::{day_label, day_text},
};

pub const WEEK: [(Weekday, &str); 7] = [
    (Weekday::Mon, "Mon"),
    (Weekday::Tue, "Tue"),
    (Weekday::Wed, "Wed"),
    (Weekday::Thu, "Thu"),
    (Weekday::Fri, "Fri"),
    (Weekday::Sat, "Sat"),
    (Weekday::Sun, "Sun"),
];

const WEEKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

/// The presets offered first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Always,
    /// Weekdays 12:00–14:00, like a dog walker.
    Weekly,
    /// Today only, like a contractor.
    Today,
    /// One use within seven days, like a delivery.
    Delivery,
    /// A number of uses.
    Uses,
}

const PRESETS: [(Preset, &str); 5] = [
    (Preset::Always, "Always"),
    (Preset::Weekly, "Every week (weekdays 12:00–14:00)"),
    (Preset::Today, "Today only"),
    (Preset::Delivery, "Once, within 7 days"),
    (Preset::Uses, "A number of uses"),
];

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn time_text(time: NaiveTime) -> String {
    crate::schedule_text::time_label(time)
}

/// One weekly window as typed.
#[derive(Clone, Copy)]
pub struct WindowDraft {
    /// Stable identity for the list (windows can be removed from the middle).
    pub key: u32,
    pub days: RwSignal<Vec<Weekday>>,
    pub start: RwSignal<String>,
    pub end: RwSignal<String>,
}

/// What is typed into the editor; kept through every error.
#[derive(Clone, Copy)]
pub struct ScheduleDraft {
    pub windows: RwSignal<Vec<WindowDraft>>,
    next_key: StoredValue<u32>,
    pub starts_date: RwSignal<String>,
    pub starts_time: RwSignal<String>,
    pub ends_date: RwSignal<String>,
    pub ends_time: RwSignal<String>,
    pub exceptions: RwSignal<Vec<NaiveDate>>,
    pub new_exception: RwSignal<String>,
    pub limit_on: RwSignal<bool>,
    pub limit: RwSignal<String>,
    /// The site's local date today (from the backend's clock).
    pub today: RwSignal<NaiveDate>,
}

/// Problems by field path (`ends_at`, `weekly[0].days`, `use_limit`, …).
pub type FieldErrors = HashMap<String, String>;

impl ScheduleDraft {
    /// An empty editor: the code works always.
    pub fn new(today: NaiveDate) -> ScheduleDraft {
        ScheduleDraft {
            windows: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
            starts_date: RwSignal::new(String::new()),
            starts_time: RwSignal::new(String::new()),
            ends_date: RwSignal::new(String::new()),
            ends_time: RwSignal::new(String::new()),
            exceptions: RwSignal::new(Vec::new()),
            new_exception: RwSignal::new(String::new()),
            limit_on: RwSignal::new(false),
            limit: RwSignal::new("1".into()),
            today: RwSignal::new(today),
        }
    }

    /// The editor filled with an existing schedule.
    pub fn from_existing(schedule: &Schedule, today: NaiveDate) -> ScheduleDraft {
        let draft = ScheduleDraft::new(today);
        draft.fill(schedule);
        draft
    }

    /// Adds a weekly window.
    pub fn add_window(&self, days: Vec<Weekday>, start: &str, end: &str) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        let window = WindowDraft {
            key,
            days: RwSignal::new(days),
            start: RwSignal::new(start.to_owned()),
            end: RwSignal::new(end.to_owned()),
        };
        self.windows.update(|w| w.push(window));
    }

    pub fn remove_window(&self, key: u32) {
        self.windows.update(|w| w.retain(|x| x.key != key));
    }

    /// Shows `schedule` in every field.
    pub fn fill(&self, schedule: &Schedule) {
        self.windows.set(Vec::new());
        for window in &schedule.weekly {
            self.add_window(
                window.days.clone(),
                &time_text(window.start),
                &time_text(window.end),
            );
        }
        let split = |at: Option<NaiveDateTime>| match at {
            Some(at) => (at.date().to_string(), time_text(at.time())),
            None => (String::new(), String::new()),
        };
        let (date, time) = split(schedule.starts_at);
        self.starts_date.set(date);
        self.starts_time.set(time);
        // An end at midnight is shown as the last whole day, with no time.
        let (date, time) = match schedule.ends_at {
            Some(end) if end.time() == NaiveTime::MIN => {
                ((end.date() - Duration::days(1)).to_string(), String::new())
            }
            other => split(other),
        };
        self.ends_date.set(date);
        self.ends_time.set(time);
        self.exceptions.set(schedule.exceptions.clone());
        self.limit_on.set(schedule.use_limit.is_some());
        self.limit.set(schedule.use_limit.unwrap_or(1).to_string());
    }

    /// Fills the editor with a preset.
    pub fn apply(&self, preset: Preset) {
        let today = self.today.get_untracked();
        let schedule = match preset {
            Preset::Always => Schedule::always(),
            Preset::Weekly => Schedule {
                weekly: vec![WeeklyWindow {
                    days: WEEKDAYS.to_vec(),
                    start: NaiveTime::from_hms_opt(12, 0, 0).expect("valid"),
                    end: NaiveTime::from_hms_opt(14, 0, 0).expect("valid"),
                }],
                ..Schedule::always()
            },
            Preset::Today => Schedule {
                starts_at: Some(today.and_time(NaiveTime::MIN)),
                ends_at: Some((today + Duration::days(1)).and_time(NaiveTime::MIN)),
                ..Schedule::always()
            },
            Preset::Delivery => Schedule {
                ends_at: Some((today + Duration::days(7)).and_time(NaiveTime::MIN)),
                use_limit: Some(1),
                ..Schedule::always()
            },
            Preset::Uses => Schedule {
                use_limit: Some(5),
                ..Schedule::always()
            },
        };
        self.fill(&schedule);
    }

    /// The schedule as typed, or every problem by field.
    pub fn build(&self) -> Result<Schedule, FieldErrors> {
        let mut errors = FieldErrors::new();
        // A date without a time: the start of that day, or (for the end) the end of it.
        let moment = |date: RwSignal<String>,
                      time: RwSignal<String>,
                      field: &str,
                      errors: &mut FieldErrors| {
            let (date, time) = (date.get(), time.get());
            if date.trim().is_empty() {
                if !time.trim().is_empty() {
                    errors.insert(field.to_owned(), "Choose a date for this time.".into());
                }
                return None;
            }
            let Some(day) = parse_date(&date) else {
                errors.insert(field.to_owned(), "Enter a date like 2026-11-24.".into());
                return None;
            };
            if time.trim().is_empty() {
                let day = if field == "ends_at" {
                    day + Duration::days(1)
                } else {
                    day
                };
                return Some(day.and_time(NaiveTime::MIN));
            }
            match parse_time(&time) {
                Some(time) => Some(day.and_time(time)),
                None => {
                    errors.insert(field.to_owned(), "Enter a time like 09:00.".into());
                    None
                }
            }
        };
        let starts_at = moment(self.starts_date, self.starts_time, "starts_at", &mut errors);
        let ends_at = moment(self.ends_date, self.ends_time, "ends_at", &mut errors);
        let mut weekly = Vec::new();
        for (index, window) in self.windows.get().iter().enumerate() {
            let start = parse_time(&window.start.get());
            let end = parse_time(&window.end.get());
            if start.is_none() {
                errors.insert(
                    format!("weekly[{index}].start"),
                    "Enter a time like 12:00.".into(),
                );
            }
            if end.is_none() {
                errors.insert(
                    format!("weekly[{index}].end"),
                    "Enter a time like 14:00.".into(),
                );
            }
            if let (Some(start), Some(end)) = (start, end) {
                let mut days = window.days.get();
                days.sort_by_key(|d| d.num_days_from_monday());
                weekly.push(WeeklyWindow { days, start, end });
            }
        }
        let use_limit = if self.limit_on.get() {
            match self.limit.get().trim().parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.insert(
                        "use_limit".into(),
                        "Enter a whole number of uses, like 3.".into(),
                    );
                    None
                }
            }
        } else {
            None
        };
        let mut exceptions = self.exceptions.get();
        exceptions.sort();
        exceptions.dedup();
        let schedule = Schedule {
            starts_at,
            ends_at,
            weekly,
            exceptions,
            use_limit,
        };
        if errors.is_empty() {
            for problem in schedule.problems() {
                errors
                    .entry(problem.field())
                    .or_insert_with(|| problem.to_string());
            }
        }
        if errors.is_empty() {
            Ok(schedule)
        } else {
            Err(errors)
        }
    }

    /// The schedule and its preset kind, or the first problem in words.
    pub fn result(&self) -> Result<(Schedule, SchedulePreset), String> {
        match self.build() {
            Ok(schedule) => {
                let preset = schedule.preset();
                Ok((schedule, preset))
            }
            Err(errors) => Err(first_error(&errors)),
        }
    }
}

/// The problem to name when only one can be told (in field order).
fn first_error(errors: &FieldErrors) -> String {
    let mut fields: Vec<&String> = errors.keys().collect();
    fields.sort();
    fields
        .first()
        .and_then(|f| errors.get(*f))
        .cloned()
        .unwrap_or_default()
}

/// The error of one field, live.
fn error_at(
    errors: Memo<FieldErrors>,
    field: String,
) -> impl Fn() -> Option<String> + Copy + 'static {
    let field = StoredValue::new(field);
    move || errors.with(|e| field.with_value(|f| e.get(f).cloned()))
}

#[component]
pub fn ScheduleEditor(
    draft: ScheduleDraft,
    /// The site's time zone, shown so no one wonders whose 12:00 it is.
    time_zone: String,
    /// A problem found on save (e.g. by the backend).
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let built = Memo::new(move |_| draft.build().err().unwrap_or_default());
    let schedule = Memo::new(move |_| draft.build().ok());
    let add_exception = move || {
        if let Some(day) = parse_date(&draft.new_exception.get_untracked()) {
            draft.exceptions.update(|e| {
                if !e.contains(&day) {
                    e.push(day);
                    e.sort();
                }
            });
            draft.new_exception.set(String::new());
        }
    };
    let preview = move || {
        let schedule = schedule.get()?;
        let today = draft.today.get();
        let from = today.and_time(NaiveTime::MIN);
        let periods = schedule.periods_between(from, from + Duration::days(7));
        let days = (0..7).map(|n| {
            let day = today + Duration::days(n);
            let text = day_text(&periods, day);
            view! { <li><span class="preview-day">{day_label(day)}</span>" "<span>{text}</span></li> }
        });
        Some(view! {
            <ol class="schedule-preview" aria-label="The next seven days">{days.collect_view()}</ol>
            {schedule.use_limit.map(|n| view! { <p class="hint">{format!("At most {n} {} in all.", if n == 1 { "use" } else { "uses" })}</p> })}
        })
    };
    view! {
        <fieldset class="schedule-editor" aria-describedby="schedule-summary schedule-error">
            <legend>"When it works"</legend>
            <p class="hint">{format!("Times are the site's local time ({time_zone}).")}</p>
            <div class="preset-buttons" role="group" aria-label="Start from">
                {PRESETS.into_iter().map(|(preset, label)| view! {
                    <button type="button" class="button" on:click=move |_| draft.apply(preset)>{label}</button>
                }).collect_view()}
            </div>

            <div class="schedule-part">
                <h3 class="schedule-part-title">"Weekly windows"</h3>
                <p class="hint">{move || if draft.windows.with(Vec::is_empty) {
                    "None yet: the code works at any time of the week."
                } else {
                    "A window that ends before it starts runs past midnight."
                }}</p>
                <For each=move || draft.windows.get() key=|w| w.key let(window)>
                    <WindowFields draft=draft window=window errors=built/>
                </For>
                <button type="button" class="button" on:click=move |_| draft.add_window(WEEKDAYS.to_vec(), "09:00", "17:00")>"Add a weekly window"</button>
            </div>

            <div class="schedule-part">
                <h3 class="schedule-part-title">"Between dates"</h3>
                <div class="field-row">
                    <div class="field">
                        <label for="starts-date">"First day (optional)"</label>
                        <DateTimeInput id="starts-date" kind="date" value=draft.starts_date described_by="starts-error"/>
                    </div>
                    <div class="field">
                        <label for="starts-time">"from (optional)"</label>
                        <DateTimeInput id="starts-time" kind="time" value=draft.starts_time/>
                    </div>
                </div>
                <p id="starts-error" class="field-error" role="alert">{error_at(built, "starts_at".into())}</p>
                <div class="field-row">
                    <div class="field">
                        <label for="ends-date">"Last day (optional)"</label>
                        <DateTimeInput id="ends-date" kind="date" value=draft.ends_date described_by="ends-error"/>
                    </div>
                    <div class="field">
                        <label for="ends-time">"until (optional; empty: the whole day)"</label>
                        <DateTimeInput id="ends-time" kind="time" value=draft.ends_time/>
                    </div>
                </div>
                <p id="ends-error" class="field-error" role="alert">{error_at(built, "ends_at".into())}</p>
            </div>

            <div class="schedule-part">
                <h3 class="schedule-part-title">"Days off"</h3>
                <ul class="exception-list">
                    {move || draft.exceptions.get().into_iter().map(|day| view! {
                        <li>
                            {day_label(day)}
                            <button type="button" class="button" aria-label=format!("Remove day off {}", day_label(day)) on:click=move |_| draft.exceptions.update(|e| e.retain(|d| *d != day))>"Remove"</button>
                        </li>
                    }).collect_view()}
                </ul>
                <div class="field-row">
                    <div class="field">
                        <label for="exception-date">"No access on"</label>
                        <DateTimeInput id="exception-date" kind="date" value=draft.new_exception/>
                    </div>
                    <button type="button" class="button add-exception" on:click=move |_| add_exception()>"Add day off"</button>
                </div>
            </div>

            <div class="schedule-part">
                <label class="check"><input type="checkbox" prop:checked=draft.limit_on on:change=move |ev| draft.limit_on.set(event_target_checked(&ev))/>"Limit the number of uses"</label>
                <Show when=move || draft.limit_on.get()>
                    <div class="field">
                        <label for="use-limit">"Uses"</label>
                        <input id="use-limit" type="number" min="1" inputmode="numeric" aria-describedby="use-limit-error" prop:value=draft.limit on:input=move |ev| draft.limit.set(event_target_value(&ev))/>
                    </div>
                </Show>
                <p id="use-limit-error" class="field-error" role="alert">{error_at(built, "use_limit".into())}</p>
            </div>

            <p id="schedule-summary" class="schedule-summary" aria-live="polite">{move || schedule.get().map(|s| summary(&s, draft.today.get()))}</p>
            {preview}
            <p id="schedule-error" class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// One weekly window: its days, its hours, and a remove button.
#[component]
fn WindowFields(
    draft: ScheduleDraft,
    window: WindowDraft,
    errors: Memo<FieldErrors>,
) -> impl IntoView {
    let WindowDraft {
        key,
        days,
        start,
        end,
    } = window;
    // The window's position now (it shifts when one before it is removed).
    let index = Memo::new(move |_| {
        draft
            .windows
            .with(|w| w.iter().position(|x| x.key == key).unwrap_or(0))
    });
    let problem = move || {
        let i = index.get();
        errors.with(|e| {
            [
                format!("weekly[{i}].days"),
                format!("weekly[{i}]"),
                format!("weekly[{i}].start"),
                format!("weekly[{i}].end"),
            ]
            .iter()
            .find_map(|f| e.get(f).cloned())
        })
    };
    let start_id = format!("window-{key}-start");
    let end_id = format!("window-{key}-end");
    let error_id = format!("window-{key}-error");
    let described_by = error_id.clone();
    let crosses = move || matches!((parse_time(&start.get()), parse_time(&end.get())), (Some(s), Some(e)) if e <= s);
    view! {
        <div class="window-fields" role="group" aria-label=move || format!("Window {}", index.get() + 1) aria-describedby=described_by>
            <div class="week-days" role="group" aria-label="Days">
                {WEEK.into_iter().map(|(d, label)| view! {
                    <label class="check day-toggle"><input type="checkbox" prop:checked=move || days.with(|x| x.contains(&d)) on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        days.update(|x| { x.retain(|y| *y != d); if on { x.push(d); } });
                    }/>{label}</label>
                }).collect_view()}
            </div>
            <div class="field-row">
                <div class="field"><label for=start_id.clone()>"From"</label><DateTimeInput id=start_id kind="time" value=start/></div>
                <div class="field"><label for=end_id.clone()>"Until"</label><DateTimeInput id=end_id kind="time" value=end/></div>
                <button type="button" class="button remove-window" aria-label=move || format!("Remove window {}", index.get() + 1) on:click=move |_| draft.remove_window(key)>"Remove"</button>
            </div>
            <Show when=crosses><p class="hint">"Runs past midnight into the next day."</p></Show>
            <p id=error_id class="field-error" role="alert">{problem}</p>
        </div>
    }
}
