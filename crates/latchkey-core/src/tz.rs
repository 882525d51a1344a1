//! Conversion between UTC and a site's local wall-clock time, daylight-saving
//! safe. Behind the `tz` feature (the IANA database is large; the app leaves it out).

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
pub use chrono_tz::Tz;

/// A time-zone name that is not in the IANA database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTimeZone(pub String);

impl std::fmt::Display for UnknownTimeZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "\"{}\" is not a known time zone (expected a name like Europe/Paris).",
            self.0
        )
    }
}

impl std::error::Error for UnknownTimeZone {}

/// Looks up an IANA time-zone name such as `"America/New_York"`.
pub fn parse_time_zone(name: &str) -> Result<Tz, UnknownTimeZone> {
    name.parse::<Tz>()
        .map_err(|_| UnknownTimeZone(name.to_owned()))
}

/// The site's wall-clock time at the instant `utc`.
pub fn to_local(utc: DateTime<Utc>, zone: Tz) -> NaiveDateTime {
    utc.with_timezone(&zone).naive_local()
}

/// The instant when the site's wall clock first shows `local`. In the hour the
/// clocks skip (spring forward) that is the moment of the jump; in the hour they
/// repeat (fall back) it is the first of the two.
pub fn to_utc(local: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    // Gaps are whole minutes and at most a few hours long: the first local minute
    // after `local` that exists is the end of the gap, the moment of the jump.
    (0..=MAX_GAP_MINUTES)
        .find_map(|minutes| {
            zone.from_local_datetime(&(local + Duration::minutes(minutes)))
                .earliest()
        })
        .map(|first| first.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// The instant when the site's wall clock last shows `local`, for the end of a
/// period so that nobody loses access early: in the hour the clocks repeat (fall
/// back) it is the second of the two; anywhere else it is [`to_utc`] (in the hour
/// they skip, the moment of the jump).
pub fn to_utc_latest(local: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    zone.from_local_datetime(&local)
        .latest()
        .map(|last| last.with_timezone(&Utc))
        .unwrap_or_else(|| to_utc(local, zone))
}

/// Longer than any daylight-saving or time-zone jump on record.
const MAX_GAP_MINUTES: i64 = 24 * 60;
