//! `<SchedulePresets/>`: when a code works, chosen from the common presets
//! (always, every week at set times, one day, once) — or, when changing a code
//! whose schedule fits none of them, kept as it is. What is typed lives in a
//! [`ScheduleDraft`] so the form keeps it through every error.

use chrono::{Duration, NaiveDate, NaiveTime, Weekday};
use latchkey_core::schedule::{Schedule, SchedulePreset, WeeklyWindow, summary};
use leptos::prelude::*;

/// Which preset is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresetChoice {
    /// The code's current schedule, unchanged (only when changing a code).
    Keep,
    Permanent,
    Recurring,
    Temporary,
    OneTime,
}

pub const WEEK: [(Weekday, &str); 7] = [
    (Weekday::Mon, "Mon"),
    (Weekday::Tue, "Tue"),
    (Weekday::Wed, "Wed"),
    (Weekday::Thu, "Thu"),
    (Weekday::Fri, "Fri"),
    (Weekday::Sat, "Sat"),
    (Weekday::Sun, "Sun"),
];

/// Today, as the browser sees it (the app carries no time-zone database).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

fn time_text(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// What is typed into the schedule part of a code's form.
#[derive(Clone, Copy)]
pub struct ScheduleDraft {
    pub choice: RwSignal<PresetChoice>,
    /// The schedule a changed code has now (offered as "keep it").
    pub current: StoredValue<Option<(Schedule, SchedulePreset)>>,
    pub days: RwSignal<Vec<Weekday>>,
    pub from: RwSignal<String>,
    pub until: RwSignal<String>,
    pub day: RwSignal<String>,
    pub day_until: RwSignal<String>,
}

impl ScheduleDraft {
    /// A new code's schedule: always, with the dog walker's hours ready.
    pub fn new() -> ScheduleDraft {
        ScheduleDraft {
            choice: RwSignal::new(PresetChoice::Permanent),
            current: StoredValue::new(None),
            days: RwSignal::new(vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ]),
            from: RwSignal::new("12:00".to_owned()),
            until: RwSignal::new("14:00".to_owned()),
            day: RwSignal::new(today().to_string()),
            day_until: RwSignal::new("18:00".to_owned()),
        }
    }

    /// A changed code's schedule: its preset filled in where it fits one,
    /// otherwise "keep it as it is".
    pub fn from_existing(schedule: &Schedule, preset: SchedulePreset) -> ScheduleDraft {
        let draft = ScheduleDraft::new();
        draft.fill(schedule, preset);
        draft
    }

    /// Shows `schedule` (a code's current one) in the form.
    pub fn fill(&self, schedule: &Schedule, preset: SchedulePreset) {
        self.current.set_value(Some((schedule.clone(), preset)));
        let plain = schedule.exceptions.is_empty() && schedule.use_limit.is_none();
        let choice = if *schedule == Schedule::always() {
            PresetChoice::Permanent
        } else if let [window] = schedule.weekly.as_slice()
            && plain
            && schedule.starts_at.is_none()
            && schedule.ends_at.is_none()
        {
            self.days.set(window.days.clone());
            self.from.set(time_text(window.start));
            self.until.set(time_text(window.end));
            PresetChoice::Recurring
        } else if let (Some(start), Some(end)) = (schedule.starts_at, schedule.ends_at)
            && plain
            && schedule.weekly.is_empty()
            && start.time() == NaiveTime::MIN
            && start.date() == end.date()
        {
            self.day.set(start.date().to_string());
            self.day_until.set(time_text(end.time()));
            PresetChoice::Temporary
        } else {
            PresetChoice::Keep
        };
        self.choice.set(choice);
    }

    /// The schedule as chosen, or what is wrong with it (in words for the field).
    pub fn result(&self) -> Result<(Schedule, SchedulePreset), String> {
        let built = match self.choice.get() {
            PresetChoice::Keep => self
                .current
                .get_value()
                .ok_or_else(|| "Choose when the code works.".to_owned()),
            PresetChoice::Permanent => Ok((Schedule::always(), SchedulePreset::Permanent)),
            PresetChoice::Recurring => {
                let (Some(start), Some(end)) =
                    (parse_time(&self.from.get()), parse_time(&self.until.get()))
                else {
                    return Err("Enter times like 12:00.".into());
                };
                let window = WeeklyWindow {
                    days: self.days.get(),
                    start,
                    end,
                };
                let schedule = Schedule {
                    weekly: vec![window],
                    ..Schedule::always()
                };
                Ok((schedule, SchedulePreset::Recurring))
            }
            PresetChoice::Temporary => {
                let date = NaiveDate::parse_from_str(&self.day.get(), "%Y-%m-%d")
                    .map_err(|_| "Choose a day.".to_owned())?;
                let end = parse_time(&self.day_until.get()).ok_or("Enter a time like 18:00.")?;
                let schedule = Schedule {
                    starts_at: Some(date.and_time(NaiveTime::MIN)),
                    ends_at: Some(date.and_time(end)),
                    ..Schedule::always()
                };
                Ok((schedule, SchedulePreset::Temporary))
            }
            PresetChoice::OneTime => {
                let ends = (today() + Duration::days(7)).and_time(NaiveTime::MIN);
                let schedule = Schedule {
                    ends_at: Some(ends),
                    use_limit: Some(1),
                    ..Schedule::always()
                };
                Ok((schedule, SchedulePreset::OneTime))
            }
        }?;
        match built.0.problems().first() {
            Some(problem) => Err(problem.to_string()),
            None => Ok(built),
        }
    }
}

impl Default for ScheduleDraft {
    fn default() -> Self {
        ScheduleDraft::new()
    }
}

#[component]
pub fn SchedulePresets(
    draft: ScheduleDraft,
    /// A problem found on save (e.g. by the backend), shown with the live one.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let ScheduleDraft {
        choice,
        days,
        from,
        until,
        day,
        day_until,
        ..
    } = draft;
    let result = Signal::derive(move || draft.result());
    let keep_label = draft.current.get_value().map(|(schedule, _)| {
        format!(
            "Keep as it is: {}",
            summary(&schedule, today()).trim_end_matches('.')
        )
    });
    let keep_offered = draft
        .current
        .get_value()
        .is_some_and(|_| choice.get_untracked() == PresetChoice::Keep);
    let options = [
        (PresetChoice::Permanent, "Always"),
        (PresetChoice::Recurring, "Every week, at set times"),
        (PresetChoice::Temporary, "One day"),
        (PresetChoice::OneTime, "Once (a delivery), within 7 days"),
    ];
    view! {
        <fieldset aria-describedby="schedule-summary schedule-error">
            <legend>"When it works"</legend>
            {keep_offered.then(|| view! {
                <label class="check">
                    <input type="radio" name="preset" prop:checked=move || choice.get() == PresetChoice::Keep on:change=move |_| choice.set(PresetChoice::Keep)/>
                    {keep_label.clone()}
                </label>
            })}
            {options.into_iter().map(|(p, label)| view! {
                <label class="check"><input type="radio" name="preset" prop:checked=move || choice.get() == p on:change=move |_| choice.set(p)/>{label}</label>
            }).collect_view()}
            <Show when=move || choice.get() == PresetChoice::Recurring>
                <div class="week-days" role="group" aria-label="Days">
                    {WEEK.into_iter().map(|(d, label)| view! {
                        <label class="check"><input type="checkbox" prop:checked=move || days.with(|x| x.contains(&d)) on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            days.update(|x| { x.retain(|y| *y != d); if on { x.push(d); x.sort_by_key(|w| w.num_days_from_monday()); } });
                        }/>{label}</label>
                    }).collect_view()}
                </div>
                <div class="field-row">
                    <div class="field"><label for="from">"From"</label><input id="from" type="time" prop:value=from on:input=move |ev| from.set(event_target_value(&ev))/></div>
                    <div class="field"><label for="until">"Until"</label><input id="until" type="time" prop:value=until on:input=move |ev| until.set(event_target_value(&ev))/></div>
                </div>
            </Show>
            <Show when=move || choice.get() == PresetChoice::Temporary>
                <div class="field-row">
                    <div class="field"><label for="day">"Day"</label><input id="day" type="date" prop:value=day on:input=move |ev| day.set(event_target_value(&ev))/></div>
                    <div class="field"><label for="day-until">"Until"</label><input id="day-until" type="time" prop:value=day_until on:input=move |ev| day_until.set(event_target_value(&ev))/></div>
                </div>
            </Show>
            <p id="schedule-summary" class="hint" aria-live="polite">{move || result.get().ok().map(|(s, _)| summary(&s, today()))}</p>
            <p id="schedule-error" class="field-error" role="alert">{move || result.get().err().or_else(|| error.get())}</p>
        </fieldset>
    }
}
