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

use crate::{
    components::scroll_region::ScrollRegion,
    schedule_text::{day_label, day_text, time_label},
};

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

/// Who is behind the codes that cannot get in now, by name ("Sam (dog walker)",
/// or "Mia Rivera's After school" for one of a person's codes): all of them up
/// to four, else three "and 5 more".
fn not_now_names(outside: &[&WeekRow], all: &[WeekRow]) -> String {
    let several_codes =
        |row: &WeekRow| all.iter().filter(|r| r.person.id == row.person.id).count() > 1;
    let names: Vec<String> = outside
        .iter()
        .map(|row| {
            if several_codes(row) {
                format!("{}'s {}", row.person.name, row.code_name)
            } else {
                row.person.name.clone()
            }
        })
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] if names.len() <= 4 => format!("{} and {last}", first.join(", ")),
        _ => format!("{} and {} more", names[..3].join(", "), names.len() - 3),
    }
}

/// Minutes since midnight as a share of the day, in tenths of a percent
/// (whole numbers: formatting floats would add kilobytes to the bundle).
fn day_share(time: NaiveTime) -> u32 {
    (time.hour() * 60 + time.minute()) * 1000 / 1440
}

/// Tenths of a percent for CSS: 505 → "50.5%".
fn css_percent(tenths: u32) -> String {
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// The pieces of `periods` on `day`, as (left, width) in tenths of a percent.
fn bars_on(periods: &[Period], day: NaiveDate) -> Vec<(u32, u32)> {
    let start_of_day = day.and_time(NaiveTime::MIN);
    let end_of_day = start_of_day + Duration::days(1);
    periods
        .iter()
        .filter(|p| p.start < end_of_day && p.end > start_of_day)
        .map(|p| {
            let left = if p.start <= start_of_day {
                0
            } else {
                day_share(p.start.time())
            };
            let right = if p.end >= end_of_day {
                1000
            } else {
                day_share(p.end.time())
            };
            (left, right.saturating_sub(left).max(5))
        })
        .collect()
}

/// The CSS background drawing `bars` (left, width in tenths of a percent) on a
/// day's track, and the "now" line at `now_left` when the day is today:
/// gradients rather than an element per window keep a week of a busy door's
/// codes small in the page.
fn track_style(bars: &[(u32, u32)], now_left: Option<u32>) -> String {
    let mut stops = Vec::with_capacity(bars.len() * 2 + 1);
    let mut covered = css_percent(0);
    for &(left, width) in bars {
        let (left, right) = (css_percent(left), css_percent(left + width));
        stops.push(format!("transparent {covered} {left}"));
        stops.push(format!("var(--ok) {left} {right}"));
        covered = right;
    }
    stops.push(format!("transparent {covered} 100%"));
    let windows = format!("linear-gradient(to right,{})", stops.join(","));
    let layers = match now_left.map(css_percent) {
        Some(now) => format!(
            "linear-gradient(to right,transparent calc({now} - 1px),var(--danger) calc({now} - 1px) calc({now} + 1px),transparent calc({now} + 1px)),{windows}"
        ),
        None => windows,
    };
    format!("background-image:{layers}")
}

/// Rows drawn at a time (a busy lobby door can have hundreds of codes).
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
    // At most ROWS_AT_ONCE names in each list; the table below has everyone.
    let now_list = |list: &[&WeekRow]| {
        let more = list.len().saturating_sub(ROWS_AT_ONCE);
        let items = list
            .iter()
            .take(ROWS_AT_ONCE)
            .map(|r| view! { <li><strong>{r.person.name.clone()}</strong>" · "{r.code_name.clone()}" — "{now_text(&r.now, local_now)}</li> })
            .collect_view();
        view! {
            {items}
            {(more > 0).then(|| view! { <li class="now-more">{format!("and {more} more (see the week below)")}</li> })}
        }
    };
    let right_now_in = (!inside.is_empty()).then(|| now_list(&inside));
    let out_count = outside.len();
    let out_names = not_now_names(&outside, &rows);
    let right_now_out = (out_count > 0).then(|| now_list(&outside));
    let caption = format!(
        "Who can get in, {} to {} ({time_zone} time)",
        day_label(days[0]),
        day_label(days[6])
    );
    let now_day = local_now.date();
    let total = rows.len();
    // The first row shown: the table pages through the rows ROWS_AT_ONCE at a
    // time, so the page stays small whatever the number of codes.
    let first = RwSignal::new(0usize);
    let days_for_rows = days.clone();
    let no_rows = rows.is_empty();
    let rows = StoredValue::new(rows);
    let now_left = day_share(local_now.time());
    view! {
        <div class="right-now" aria-label="Right now" role="region">
            <h3>{format!("Right now ({} {})", day_label(now_day), time_label(local_now.time()))}</h3>
            {match right_now_in {
                None => view! { <p class="empty">"No one can get in right now."</p> }.into_any(),
                Some(list) => view! { <ul class="now-in" aria-label="Can get in now">{list}</ul> }.into_any(),
            }}
            {right_now_out.map(|list| view! {
                <details class="now-out">
                    <summary>{format!("{out_count} cannot get in now: {out_names}")}</summary>
                    <ul aria-label="Cannot get in now">{list}</ul>
                </details>
            })}
        </div>
        {if no_rows {
            view! { <p class="empty">"No codes here yet."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="The week, code by code">
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
                                rows.with_value(|rows| rows.iter().skip(first.get()).take(ROWS_AT_ONCE).map(|row| row_view(row, &days, now_day, now_left, link_people)).collect_view())
                            }}
                        </tbody>
                    </table>
                </ScrollRegion>
                <Show when=move || { total > ROWS_AT_ONCE }>
                    <nav class="pager" aria-label="Pages of codes">
                        <button class="button" disabled=move || first.get() == 0
                            on:click=move |_| first.update(|f| *f = f.saturating_sub(ROWS_AT_ONCE))>"Previous codes"</button>
                        <span role="status">{move || format!("Codes {}–{} of {total}", first.get() + 1, (first.get() + ROWS_AT_ONCE).min(total))}</span>
                        <button class="button" disabled=move || first.get() + ROWS_AT_ONCE >= total
                            on:click=move |_| first.update(|f| *f += ROWS_AT_ONCE)>"Next codes"</button>
                    </nav>
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
    now_left: u32,
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
            <a href=href class="code-name">{name}</a>
            <span class="code-when">{code}</span>
        }
        .into_any()
    } else {
        view! { <span class="code-name">{row.code_name.clone()}</span> }.into_any()
    };
    let cells = days
        .iter()
        .map(|day| {
            let day = *day;
            let bars = bars_on(&row.periods, day);
            let words = day_text(&row.periods, day);
            let style = track_style(&bars, (day == now_day).then_some(now_left));
            view! {
                <td class="week-cell">
                    <div class="week-track" aria-hidden="true" style=style></div>
                    {words}
                </td>
            }
        })
        .collect_view();
    view! {
        <tr>
            <th scope="row">{header}{paused}</th>
            {cells}
        </tr>
    }
}
