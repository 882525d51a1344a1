//! `<WeekView/>`: who can get in, and when — a row per code across seven
//! days, each day a 24-hour track with the code's windows drawn on it and
//! written out for screen readers, a line at "now", and above it the list of
//! who can get in right now. The backend works the windows out with the same
//! rules the keypad uses.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use latchkey_core::{
    schedule::{DenyReason, Period},
    week::{AccessNow, WeekRow, WeekView as Week},
};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::schedule_text::{day_label, day_text, time_label};

/// Why a code does not get in now, in words.
fn not_now_text(reason: DenyReason) -> &'static str {
    match reason {
        DenyReason::NotStarted => "not started yet",
        DenyReason::Ended => "ended",
        DenyReason::OutsideWindows => "outside their hours",
        DenyReason::ExceptionDate => "a day off",
        DenyReason::UseLimitReached => "used up",
    }
}

/// "until 14:00", "from Wed 12:00", "paused" — for the right-now list.
fn now_text(now: &AccessNow, local_now: NaiveDateTime) -> String {
    let when = |at: NaiveDateTime| {
        if at.date() == local_now.date() {
            time_label(at.time())
        } else {
            format!("{} {}", day_label(at.date()), time_label(at.time()))
        }
    };
    match now {
        AccessNow::Allowed { until: Some(until) } => format!("until {}", when(*until)),
        AccessNow::Allowed { until: None } => "no end".to_owned(),
        AccessNow::Paused => "paused".to_owned(),
        AccessNow::Denied {
            reason,
            next: Some(next),
        } => {
            format!("{} · next {}", not_now_text(*reason), when(*next))
        }
        AccessNow::Denied { reason, next: None } => not_now_text(*reason).to_owned(),
    }
}

/// Minutes since midnight as a share of the day, for CSS.
fn day_percent(time: NaiveTime) -> f64 {
    f64::from(time.hour() * 60 + time.minute()) / 14.4
}

/// The pieces of `periods` on `day`, as (left %, width %).
fn bars_on(periods: &[Period], day: NaiveDate) -> Vec<(f64, f64)> {
    let start_of_day = day.and_time(NaiveTime::MIN);
    let end_of_day = start_of_day + Duration::days(1);
    periods
        .iter()
        .filter(|p| p.start < end_of_day && p.end > start_of_day)
        .map(|p| {
            let left = if p.start <= start_of_day {
                0.0
            } else {
                day_percent(p.start.time())
            };
            let right = if p.end >= end_of_day {
                100.0
            } else {
                day_percent(p.end.time())
            };
            (left, (right - left).max(0.5))
        })
        .collect()
}

/// Rows drawn at first (a busy lobby door can have hundreds of codes).
const ROWS_AT_ONCE: usize = 40;

#[component]
pub fn WeekView(
    week: Week,
    /// Link each row's person to their page.
    #[prop(default = true)]
    link_people: bool,
) -> impl IntoView {
    let Week {
        time_zone,
        local_now,
        from,
        rows,
    } = week;
    let days: Vec<NaiveDate> = (0..7).map(|n| from + Duration::days(n)).collect();
    let (inside, outside): (Vec<&WeekRow>, Vec<&WeekRow>) =
        rows.iter().partition(|r| r.now.is_allowed());
    let now_list = |list: &[&WeekRow]| {
        list.iter()
            .map(|r| view! { <li><strong>{r.person.name.clone()}</strong>" · "{r.code_name.clone()}" — "{now_text(&r.now, local_now)}</li> })
            .collect_view()
    };
    let right_now_in = (!inside.is_empty()).then(|| now_list(&inside));
    let out_count = outside.len();
    let right_now_out = (out_count > 0).then(|| now_list(&outside));
    let caption = format!(
        "Who can get in, {} to {} ({time_zone} time)",
        day_label(days[0]),
        day_label(days[6])
    );
    let now_day = local_now.date();
    let total = rows.len();
    let limit = RwSignal::new(ROWS_AT_ONCE);
    let days_for_rows = days.clone();
    let no_rows = rows.is_empty();
    let rows = StoredValue::new(rows);
    let now_left = day_percent(local_now.time());
    view! {
        <div class="right-now" aria-label="Right now" role="region">
            <h3>{format!("Right now ({} {})", day_label(now_day), time_label(local_now.time()))}</h3>
            {match right_now_in {
                None => view! { <p class="empty">"No one can get in right now."</p> }.into_any(),
                Some(list) => view! { <ul class="now-in" aria-label="Can get in now">{list}</ul> }.into_any(),
            }}
            {right_now_out.map(|list| view! {
                <details class="now-out">
                    <summary>{format!("{out_count} cannot get in now")}</summary>
                    <ul aria-label="Cannot get in now">{list}</ul>
                </details>
            })}
        </div>
        {if no_rows {
            view! { <p class="empty">"No codes here yet."</p> }.into_any()
        } else {
            view! {
                <div class="grid-scroll">
                    <table class="table week-table">
                        <caption>{caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Person and code"</th>
                                {days.iter().map(|d| {
                                    let today = *d == now_day;
                                    view! { <th scope="col" class:week-today=today aria-current=today.then_some("date")>{day_label(*d)}</th> }
                                }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                let days = days_for_rows.clone();
                                rows.with_value(|rows| rows.iter().take(limit.get()).map(|row| row_view(row, &days, now_day, now_left, link_people)).collect_view())
                            }}
                        </tbody>
                    </table>
                </div>
                <Show when=move || { limit.get() < total }>
                    <button class="button" on:click=move |_| limit.update(|l| *l += ROWS_AT_ONCE)>
                        {move || format!("Show more ({} not shown)", total - limit.get())}
                    </button>
                </Show>
            }.into_any()
        }}
    }
}

/// One code's row: who, then a track and words for each day.
fn row_view(
    row: &WeekRow,
    days: &[NaiveDate],
    now_day: NaiveDate,
    now_left: f64,
    link_people: bool,
) -> impl IntoView + use<> {
    let paused = matches!(row.now, AccessNow::Paused)
        .then(|| view! { <span class="chip chip-status-paused">"Paused"</span> });
    // On a person's own page the code names the row; elsewhere the person does.
    let header = if link_people {
        let (href, name, code) = (
            format!("/people/{}", row.person.id),
            row.person.name.clone(),
            row.code_name.clone(),
        );
        view! {
            <A href=href attr:class="code-name">{name}</A>
            <span class="code-when">{code}</span>
        }
        .into_any()
    } else {
        view! { <span class="code-name">{row.code_name.clone()}</span> }.into_any()
    };
    let cells = days.iter().map(|day| {
        let day = *day;
        let bars = bars_on(&row.periods, day);
        let words = day_text(&row.periods, day);
        view! {
            <td class="week-cell">
                <div class="week-track" aria-hidden="true">
                    {bars.into_iter().map(|(left, width)| view! {
                        <span class="week-bar" style=format!("left:{left:.2}%;width:{width:.2}%")></span>
                    }).collect_view()}
                    {(day == now_day).then(|| view! { <span class="week-now" style=format!("left:{now_left:.2}%")></span> })}
                </div>
                <span class="week-words">{words}</span>
            </td>
        }
    }).collect_view();
    view! {
        <tr>
            <th scope="row">{header}{paused}</th>
            {cells}
        </tr>
    }
}
