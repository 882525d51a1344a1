//! Schedules in words for the editor's preview and the week view: day labels
//! and each day's access as a person reads it ("12:00–14:00", "all day",
//! "from 22:00", "until 06:00").

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Timelike};
use latchkey_core::schedule::Period;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

// (Written out rather than with chrono's `format`, which adds much to the wasm file.)

/// "Tue 24 Nov".
pub fn day_label(day: NaiveDate) -> String {
    format!(
        "{} {} {}",
        DAYS[day.weekday().num_days_from_monday() as usize],
        day.day(),
        MONTHS[day.month0() as usize]
    )
}

/// "12:30".
pub fn time_label(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// "Tue 24 Nov 12:30".
fn day_and_time(local: chrono::NaiveDateTime) -> String {
    format!("{} {}", day_label(local.date()), time_label(local.time()))
}

/// When access runs during `day`, in words: "12:00–14:00", "from 22:00"
/// (into the next day), "until 06:00" (from the day before), "all day"; "—" for
/// none. Several pieces are joined with commas.
pub fn day_text(periods: &[Period], day: NaiveDate) -> String {
    let midnight = day.and_time(NaiveTime::MIN);
    let next_midnight = midnight + Duration::days(1);
    let pieces: Vec<String> = periods
        .iter()
        .filter(|p| p.start < next_midnight && p.end > midnight)
        .map(|p| {
            let from_before = p.start <= midnight;
            let into_next = p.end >= next_midnight;
            match (from_before, into_next) {
                (true, true) => "all day".to_owned(),
                (true, false) => format!("until {}", time_label(p.end.time())),
                (false, true) => format!("from {}", time_label(p.start.time())),
                (false, false) => format!(
                    "{}–{}",
                    time_label(p.start.time()),
                    time_label(p.end.time())
                ),
            }
        })
        .collect();
    if pieces.is_empty() {
        "—".to_owned()
    } else {
        pieces.join(", ")
    }
}

/// Today as this browser sees it: only a first guess until the site's own
/// date arrives from the backend (`GET /sites/{id}/time`).
pub fn browser_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// When something happened at a site: its own wall clock as the backend gives
/// it ("Tue 24 Nov 12:30"), else this browser's, said as such.
pub fn site_time(
    local_at: Option<chrono::NaiveDateTime>,
    at: chrono::DateTime<chrono::Utc>,
) -> String {
    match local_at {
        Some(local) => day_and_time(local),
        None => format!(
            "{} your time",
            day_and_time(at.with_timezone(&chrono::Local).naive_local())
        ),
    }
}

/// When an event happened, on its site's clock.
pub fn event_time(event: &latchkey_core::event::Event) -> String {
    site_time(event.local_at, event.at)
}
