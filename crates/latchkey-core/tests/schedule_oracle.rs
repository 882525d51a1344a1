//! Schedule evaluation against a brute-force oracle: for random schedules (with
//! windows across midnight, ranges, exceptions and use limits), every minute of
//! two weeks is judged by the oracle and by the real code, and they must agree —
//! on "allowed now", on the week expansion and on "next access".

mod common;

use chrono::{
    Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc, Weekday,
};
use common::date;
use latchkey_core::{
    schedule::{Schedule, WeeklyWindow},
    tz::{parse_time_zone, to_local},
};
use proptest::prelude::*;

/// Start of the span the tests look at: Monday 23 March 2026, a week before
/// Europe's clocks change (the tz tests reuse it).
fn span_start() -> NaiveDateTime {
    date(2026, 3, 23).and_hms_opt(0, 0, 0).unwrap()
}
const SPAN_MINUTES: i64 = 16 * 24 * 60;

/// The oracle: a direct reading of the rules, by minute-of-week arithmetic,
/// sharing no code with the implementation.
fn oracle(schedule: &Schedule, at: NaiveDateTime, uses: u32) -> bool {
    if let Some(limit) = schedule.use_limit
        && uses >= limit
    {
        return false;
    }
    if schedule.starts_at.is_some_and(|s| at < s) || schedule.ends_at.is_some_and(|e| at >= e) {
        return false;
    }
    if schedule.exceptions.iter().any(|d| *d == at.date()) {
        return false;
    }
    if schedule.weekly.is_empty() {
        return true;
    }
    let week_minutes = 7 * 1440;
    let now = i64::from(at.weekday().num_days_from_monday()) * 1440
        + i64::from(at.hour() * 60 + at.minute());
    schedule.weekly.iter().any(|w| {
        let start_min = i64::from(w.start.hour() * 60 + w.start.minute());
        let end_min = i64::from(w.end.hour() * 60 + w.end.minute());
        let length = if end_min > start_min {
            end_min - start_min
        } else {
            end_min - start_min + 1440
        };
        w.days.iter().any(|day| {
            let opens = i64::from(day.num_days_from_monday()) * 1440 + start_min;
            (now - opens).rem_euclid(week_minutes) < length
        })
    })
}

fn minute(offset: i64) -> NaiveDateTime {
    span_start() + Duration::minutes(offset)
}

fn arb_time() -> impl Strategy<Value = NaiveTime> {
    // Quarter hours make touching and overlapping windows likely.
    (0u32..24, prop::sample::select(vec![0u32, 15, 30, 45]))
        .prop_map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

fn arb_window() -> impl Strategy<Value = WeeklyWindow> {
    (prop::collection::vec(0u8..7, 1..4), arb_time(), arb_time()).prop_map(|(days, start, end)| {
        WeeklyWindow {
            days: days
                .into_iter()
                .map(|d| Weekday::try_from(d).unwrap())
                .collect(),
            start,
            end,
        }
    })
}

fn arb_schedule() -> impl Strategy<Value = Schedule> {
    (
        prop::option::of(0i64..SPAN_MINUTES),
        prop::option::of(1i64..SPAN_MINUTES),
        prop::collection::vec(arb_window(), 0..4),
        prop::collection::vec(0i64..16, 0..3),
        prop::option::of(1u32..4),
    )
        .prop_map(|(start, length, weekly, exceptions, use_limit)| {
            let starts_at = start.map(|m| minute(m / 15 * 15));
            let ends_at = length.map(|l| {
                starts_at.unwrap_or_else(span_start) + Duration::minutes(l / 15 * 15 + 15)
            });
            Schedule {
                starts_at,
                ends_at,
                weekly,
                exceptions: exceptions
                    .into_iter()
                    .map(|d| span_start().date() + Duration::days(d))
                    .collect(),
                use_limit,
            }
        })
}

/// Minutes of the span where the oracle (with no uses) allows access.
fn oracle_minutes(schedule: &Schedule) -> Vec<bool> {
    (0..SPAN_MINUTES)
        .map(|m| oracle(schedule, minute(m), 0))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn allowed_agrees_with_the_oracle_at_every_minute(schedule in arb_schedule(), uses in 0u32..4) {
        for m in 0..SPAN_MINUTES {
            let at = minute(m);
            prop_assert_eq!(schedule.allows(at, uses), oracle(&schedule, at, uses), "at {}", at);
        }
    }

    #[test]
    fn periods_cover_exactly_the_allowed_minutes(schedule in arb_schedule()) {
        let expected = oracle_minutes(&schedule);
        let mut covered = vec![false; SPAN_MINUTES as usize];
        let periods = schedule.periods_between(minute(0), minute(SPAN_MINUTES));
        for pair in periods.windows(2) {
            prop_assert!(pair[0].end < pair[1].start, "periods are sorted, apart and merged: {:?}", pair);
        }
        for period in periods {
            for m in (period.start - span_start()).num_minutes()..(period.end - span_start()).num_minutes() {
                covered[m as usize] = true;
            }
        }
        prop_assert_eq!(covered, expected);
    }

    #[test]
    fn the_week_view_matches_the_oracle(schedule in arb_schedule(), week in 0i64..2) {
        let week_start: NaiveDate = span_start().date() + Duration::weeks(week);
        let expected: Vec<bool> = (0..7 * 1440).map(|m| oracle(&schedule, week_start.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(m), 0)).collect();
        let mut covered = vec![false; 7 * 1440];
        for period in schedule.week(week_start) {
            let base = week_start.and_hms_opt(0, 0, 0).unwrap();
            for m in (period.start - base).num_minutes()..(period.end - base).num_minutes() {
                covered[m as usize] = true;
            }
        }
        prop_assert_eq!(covered, expected);
    }

    #[test]
    fn next_access_starts_and_ends_where_the_oracle_says(schedule in arb_schedule(), from in 0i64..SPAN_MINUTES / 2) {
        let allowed = oracle_minutes(&schedule);
        let opening = (from..SPAN_MINUTES).find(|&m| allowed[m as usize]);
        let next = schedule.next_access(minute(from), 0);
        match opening {
            Some(open) => {
                let next = next.expect("the oracle found an opening");
                prop_assert_eq!(next.from, minute(open));
                let closing = (open..SPAN_MINUTES).find(|&m| !allowed[m as usize]);
                match (closing, next.until) {
                    (Some(close), until) => prop_assert_eq!(until, Some(minute(close))),
                    // Still open at the end of the span: the real end lies beyond it, if any.
                    (None, Some(until)) => prop_assert!(until >= minute(SPAN_MINUTES)),
                    (None, None) => {}
                }
            }
            // Nothing in the span: any opening found must lie beyond it.
            None => prop_assert!(next.is_none_or(|n| n.from >= minute(SPAN_MINUTES))),
        }
    }

    /// Across Europe's spring-forward night, judging each UTC minute through the
    /// site's time zone agrees with the oracle fed a hand-computed local time
    /// (UTC+1 until 29 March 2026 01:00 UTC, UTC+2 after).
    #[test]
    fn allowed_agrees_with_the_oracle_across_a_dst_change(schedule in arb_schedule()) {
        let paris = parse_time_zone("Europe/Paris").unwrap();
        let change = Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap();
        let first = Utc.from_utc_datetime(&span_start()) - Duration::hours(1);
        for m in 0..SPAN_MINUTES - 120 {
            let utc = first + Duration::minutes(m);
            let offset = if utc < change { Duration::hours(1) } else { Duration::hours(2) };
            let local = utc.naive_utc() + offset;
            prop_assert_eq!(schedule.allows(to_local(utc, paris), 0), oracle(&schedule, local, 0), "at {} UTC", utc);
        }
    }

    /// Any schedule survives a JSON round trip unchanged.
    #[test]
    fn schedules_survive_a_json_round_trip(schedule in arb_schedule()) {
        let json = serde_json::to_string(&schedule).unwrap();
        prop_assert_eq!(serde_json::from_str::<Schedule>(&json).unwrap(), schedule);
    }

    /// Arbitrary JSON never panics the schedule parser.
    #[test]
    fn parsing_arbitrary_json_never_panics(input in any::<String>()) {
        let _ = serde_json::from_str::<Schedule>(&input);
    }
}
