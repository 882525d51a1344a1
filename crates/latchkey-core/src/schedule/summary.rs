//! The plain-words summary of a schedule: "Weekdays 12:00–14:00",
//! "Today until 18:00", "Once, until 30 Nov".

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::{Schedule, WeeklyWindow};

/// Describes `schedule` in a few words, with dates relative to the local date `today`.
pub fn summary(schedule: &Schedule, today: NaiveDate) -> String {
    let mut parts: Vec<String> = Vec::new();
    match schedule.use_limit {
        Some(1) => parts.push("Once".to_owned()),
        Some(n) => parts.push(format!("{n} uses")),
        None => {}
    }
    if !schedule.weekly.is_empty() {
        parts.push(weekly_summary(&schedule.weekly));
    }
    if let Some(range) = range_summary(schedule.starts_at, schedule.ends_at, today) {
        parts.push(range);
    }
    if !schedule.exceptions.is_empty() {
        parts.push(exceptions_summary(&schedule.exceptions, today));
    }
    if parts.is_empty() {
        return "Always".to_owned();
    }
    let mut text = parts.join(", ");
    // Only the first word is capitalised: "Weekdays 12:00–14:00, from 1 Dec until 31 Jan".
    if let Some(first) = text.get(0..1) {
        let upper = first.to_uppercase();
        text.replace_range(0..1, &upper);
    }
    text
}

/// "Weekdays 12:00–14:00; Sat 10:00–12:00".
fn weekly_summary(windows: &[WeeklyWindow]) -> String {
    // Windows with the same hours are described together.
    let mut groups: Vec<(NaiveTime, NaiveTime, Vec<Weekday>)> = Vec::new();
    for window in windows {
        match groups
            .iter_mut()
            .find(|(start, end, _)| *start == window.start && *end == window.end)
        {
            Some((_, _, days)) => days.extend(window.days.iter().copied()),
            None => groups.push((window.start, window.end, window.days.clone())),
        }
    }
    groups.sort_by_key(|(start, _, days)| {
        (days.iter().map(|d| d.num_days_from_monday()).min(), *start)
    });
    // Hours on the same days are told together: "Weekdays 09:00–12:00 and 14:00–17:00".
    let mut by_days: Vec<(Vec<u32>, Vec<Weekday>, Vec<String>)> = Vec::new();
    for (start, end, days) in groups {
        let hours = if start == end && start == NaiveTime::MIN {
            "all day".to_owned()
        } else {
            format!("{}–{}", hhmm(start), hhmm(end))
        };
        let mut key: Vec<u32> = days.iter().map(|d| d.num_days_from_monday()).collect();
        key.sort_unstable();
        key.dedup();
        match by_days.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, all)) => all.push(hours),
            None => by_days.push((key, days, vec![hours])),
        }
    }
    by_days
        .into_iter()
        .map(|(_, days, hours)| format!("{} {}", days_summary(&days), hours.join(" and ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Every day", "Weekdays", "Weekends", "Fridays", "Mon–Thu", "Mon, Wed".
fn days_summary(days: &[Weekday]) -> String {
    let mut numbers: Vec<u32> = days.iter().map(|d| d.num_days_from_monday()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    match numbers.as_slice() {
        [0, 1, 2, 3, 4, 5, 6] => "Every day".to_owned(),
        [0, 1, 2, 3, 4] => "Weekdays".to_owned(),
        [5, 6] => "Weekends".to_owned(),
        [one] => format!("{}s", day_name(weekday(*one))),
        run if run.len() >= 3 && run.windows(2).all(|w| w[1] == w[0] + 1) => {
            format!(
                "{}–{}",
                short_day(weekday(run[0])),
                short_day(weekday(run[run.len() - 1]))
            )
        }
        list => list
            .iter()
            .map(|&n| short_day(weekday(n)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// "today until 18:00", "from 1 Dec 09:00 until 5 Dec 18:00", "until 30 Nov".
fn range_summary(
    start: Option<NaiveDateTime>,
    end: Option<NaiveDateTime>,
    today: NaiveDate,
) -> Option<String> {
    let started_by_today = start.is_none_or(|start| {
        start.date() <= today && start.time() == NaiveTime::MIN || start.date() < today
    });
    match (start, end) {
        (None, None) => None,
        // One whole day: "today only", "tomorrow only", "24 Dec only".
        (Some(start), Some(end))
            if start.time() == NaiveTime::MIN
                && end.time() == NaiveTime::MIN
                && end.date() == start.date() + Duration::days(1) =>
        {
            Some(format!("{} only", date_words(start.date(), today)))
        }
        (_, Some(end))
            if started_by_today && end.date() == today && end.time() != NaiveTime::MIN =>
        {
            Some(format!("today until {}", hhmm(end.time())))
        }
        (Some(start), Some(end)) if start.date() == today && end.date() == today => {
            Some(format!("today {}–{}", hhmm(start.time()), hhmm(end.time())))
        }
        (Some(start), Some(end)) if start.date() == end.date() => Some(format!(
            "{} {}–{}",
            date_words(start.date(), today),
            hhmm(start.time()),
            hhmm(end.time())
        )),
        (None, Some(end)) => Some(format!("until {}", end_words(end, today))),
        (Some(start), None) => Some(format!("from {}", start_words(start, today))),
        (Some(_), Some(end)) if started_by_today => {
            Some(format!("until {}", end_words(end, today)))
        }
        (Some(start), Some(end)) => Some(format!(
            "from {} until {}",
            start_words(start, today),
            end_words(end, today)
        )),
    }
}

/// "except 25 Dec", "except 24 Dec, 25 Dec and 1 Jan", "except on 5 dates".
fn exceptions_summary(dates: &[NaiveDate], today: NaiveDate) -> String {
    let mut dates = dates.to_vec();
    dates.sort_unstable();
    dates.dedup();
    match dates.as_slice() {
        [one] => format!("except {}", date_words(*one, today)),
        [a, b] => format!(
            "except {} and {}",
            date_words(*a, today),
            date_words(*b, today)
        ),
        [a, b, c] => format!(
            "except {}, {} and {}",
            date_words(*a, today),
            date_words(*b, today),
            date_words(*c, today)
        ),
        many => format!("except on {} dates", many.len()),
    }
}

/// A start: "1 Dec" at midnight, "1 Dec 09:00" otherwise.
fn start_words(start: NaiveDateTime, today: NaiveDate) -> String {
    if start.time() == NaiveTime::MIN {
        date_words(start.date(), today)
    } else {
        format!("{} {}", date_words(start.date(), today), hhmm(start.time()))
    }
}

/// An (exclusive) end: midnight reads as the whole previous day ("30 Nov"),
/// any other time as itself ("30 Nov 18:00").
fn end_words(end: NaiveDateTime, today: NaiveDate) -> String {
    if end.time() == NaiveTime::MIN {
        date_words(end.date() - Duration::days(1), today)
    } else {
        format!("{} {}", date_words(end.date(), today), hhmm(end.time()))
    }
}

/// "today", "tomorrow", "30 Nov", or "30 Nov 2027" outside the current year.
fn date_words(date: NaiveDate, today: NaiveDate) -> String {
    if date == today {
        "today".to_owned()
    } else if date == today + Duration::days(1) {
        "tomorrow".to_owned()
    } else if date.year() == today.year() {
        format!("{} {}", date.day(), month_short(date.month()))
    } else {
        format!(
            "{} {} {}",
            date.day(),
            month_short(date.month()),
            date.year()
        )
    }
}

fn hhmm(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

fn month_short(month: u32) -> &'static str {
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(month as usize - 1) % 12]
}

fn weekday(days_from_monday: u32) -> Weekday {
    Weekday::try_from(days_from_monday as u8).unwrap_or(Weekday::Mon)
}

/// "Monday".
pub(crate) fn day_name(day: Weekday) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][day.num_days_from_monday() as usize]
}

/// "Mon".
pub(crate) fn short_day(day: Weekday) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.num_days_from_monday() as usize]
}
