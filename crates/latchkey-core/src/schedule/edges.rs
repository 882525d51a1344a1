//! Edge times for locks that cannot keep schedules (most Z-Wave locks): when the
//! server writes a code onto such a lock and when it clears it, in UTC, worked out
//! from the schedule in the site's time zone across midnight and clock changes.
//!
//! The rules, on top of [`Schedule::periods_between`] (which already merges
//! touching periods, applies the start and end and cuts out exception dates):
//! - a period's code is written `lead` before the period starts and cleared
//!   exactly when it ends;
//! - periods whose gap is at most `lead` (touching, overlapping) make one window;
//! - a local start that does not exist (clocks spring forward) is the moment of
//!   the jump, a start that happens twice (clocks fall back) the first of the two
//!   ([`to_utc`]); an end that happens twice is the second ([`to_utc_latest`]):
//!   nobody loses access to a clock change;
//! - a used-up code is never on the lock ([`Schedule::check`]'s rule).

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::eval::SEARCH_HORIZON_DAYS;
use super::{Access, DenyReason, Period, Schedule};
use crate::tz::{to_local, to_utc, to_utc_latest};

/// Days of weekly windows a plan searches beyond the last thing that breaks the
/// weekly pattern (now, the schedule's start, the last exception date): a week
/// repeats from there, and one more day holds a window that crosses midnight.
pub const LOOK_AHEAD_DAYS: i64 = 8;

/// Local time searched before the asked-for instants: more than any clock change,
/// so a window whose local end has passed but whose UTC end has not (the hour the
/// clocks repeat) is still seen.
const MARGIN_DAYS: i64 = 2;

/// The longest lead taken into account; a longer one counts as this.
const MAX_LEAD_DAYS: i64 = 1;

/// When a code should be on a lock that cannot keep schedules itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnLockPlan {
    /// The code should be on the lock now.
    pub wanted_now: bool,
    /// When that next changes (the next write, or the next clear); `None` when it
    /// never does, or not within `SEARCH_HORIZON_DAYS` (the horizon of
    /// [`Schedule::next_access`]).
    pub next_change: Option<DateTime<Utc>>,
    /// While wanted now: when the current window ends (`None`: no end in sight).
    /// Always `None` while not wanted.
    pub until: Option<DateTime<Utc>>,
}

impl OnLockPlan {
    /// Off the lock, for good.
    const NEVER: OnLockPlan = OnLockPlan {
        wanted_now: false,
        next_change: None,
        until: None,
    };
}

/// A stretch of time in which the code is on the lock: written at `from`
/// (`lead` before a period of the schedule starts), cleared at `until` (exclusive,
/// when the period ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnLockWindow {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

/// Whether the code should be on a lock that cannot keep schedules at `now`, and
/// when that changes, for a code used `uses` times at a site in `zone`. `lead` is
/// how long before a window the code is written (negative counts as zero, more
/// than a day as a day).
///
/// The search is bounded: [`LOOK_AHEAD_DAYS`] of weekly windows beyond `now`, the
/// schedule's start and its last exception date (exception dates count up to
/// `SEARCH_HORIZON_DAYS` ahead). A window still running at the end of that is on
/// until the schedule's end, since the weekly pattern repeats from there on.
pub fn on_lock_plan(
    schedule: &Schedule,
    uses: u32,
    zone: Tz,
    now: DateTime<Utc>,
    lead: Duration,
) -> OnLockPlan {
    let lead = clamp_lead(lead);
    let local_now = to_local(now, zone);
    if used_up(schedule, local_now, uses) {
        return OnLockPlan::NEVER;
    }
    let look = LookAhead::new(schedule, local_now, lead);
    let windows = windows_between(schedule, zone, look.from, look.to, lead);
    let Some(window) = windows.into_iter().find(|window| window.until > now) else {
        return OnLockPlan::NEVER;
    };
    if window.from > now {
        return OnLockPlan {
            wanted_now: false,
            next_change: Some(window.from),
            until: None,
        };
    }
    let until = look.end_of(window, schedule, zone);
    OnLockPlan {
        wanted_now: true,
        next_change: until,
        until,
    }
}

/// The windows, in order and merged, in which the code is on a lock that cannot
/// keep schedules, cut to `from`..`to` (UTC, `to` exclusive). Use limits are not
/// applied: this is about time only, like [`Schedule::periods_between`]. `lead`
/// as for [`on_lock_plan`]. The work grows with the length of the range.
pub fn on_lock_windows(
    schedule: &Schedule,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    lead: Duration,
) -> Vec<OnLockWindow> {
    if from >= to {
        return Vec::new();
    }
    let lead = clamp_lead(lead);
    let margin = Duration::days(MARGIN_DAYS);
    // A period starting up to `lead` after `to` is on the lock before `to`.
    let local_from = to_local(from, zone) - margin;
    let local_to = to_local(to, zone) + lead + margin;
    windows_between(schedule, zone, local_from, local_to, lead)
        .into_iter()
        .filter(|window| window.until > from && window.from < to)
        .map(|window| OnLockWindow {
            from: window.from.max(from),
            until: window.until.min(to),
        })
        .collect()
}

/// The lead as used: at least zero, at most [`MAX_LEAD_DAYS`].
fn clamp_lead(lead: Duration) -> Duration {
    lead.clamp(Duration::zero(), Duration::days(MAX_LEAD_DAYS))
}

/// Whether the code is used up: [`Schedule::check`] refuses it at any time then.
fn used_up(schedule: &Schedule, at: NaiveDateTime, uses: u32) -> bool {
    schedule.check(at, uses) == Access::Denied(DenyReason::UseLimitReached)
}

/// The on-lock windows of the schedule's periods between local `from` and `to`,
/// in UTC, in order and merged. The first and last may be cut at `from` and `to`.
fn windows_between(
    schedule: &Schedule,
    zone: Tz,
    from: NaiveDateTime,
    to: NaiveDateTime,
    lead: Duration,
) -> Vec<OnLockWindow> {
    let mut windows: Vec<OnLockWindow> = schedule
        .periods_between(from, to)
        .into_iter()
        .filter_map(|period| on_lock_window(period, zone, lead))
        .collect();
    // Local order is UTC order except around a repeated hour.
    windows.sort_by_key(|window| window.from);
    merge(windows)
}

/// A local period as an on-lock window, or `None` when it lies wholly in the hour
/// the clocks skip (its wall-clock times never happen).
fn on_lock_window(period: Period, zone: Tz, lead: Duration) -> Option<OnLockWindow> {
    let start = to_utc(period.start, zone);
    let end = to_utc_latest(period.end, zone);
    (start < end).then(|| OnLockWindow {
        from: start - lead,
        until: end,
    })
}

/// Joins windows (sorted by `from`) that overlap or touch. Their `from` already
/// includes the lead, so periods with a gap of at most the lead join too.
fn merge(windows: Vec<OnLockWindow>) -> Vec<OnLockWindow> {
    let mut merged: Vec<OnLockWindow> = Vec::new();
    for window in windows {
        match merged.last_mut() {
            Some(last) if window.from <= last.until => last.until = last.until.max(window.until),
            _ => merged.push(window),
        }
    }
    merged
}

/// The stretch of local time a plan searches.
struct LookAhead {
    /// Where the search starts, [`MARGIN_DAYS`] before now.
    from: NaiveDateTime,
    /// Where it stops: `settled` plus the lead and a margin, so a window that
    /// joins one ending just before `settled` is seen.
    to: NaiveDateTime,
    /// [`LOOK_AHEAD_DAYS`] after the last thing that breaks the weekly pattern: a
    /// window running from now to here has been on for a whole week of the
    /// pattern, so it stays on until the schedule ends.
    settled: NaiveDateTime,
    /// Exception dates lie beyond `SEARCH_HORIZON_DAYS`: past `to` nothing is known.
    beyond_horizon: bool,
}

impl LookAhead {
    fn new(schedule: &Schedule, now: NaiveDateTime, lead: Duration) -> LookAhead {
        let started = schedule.starts_at.map_or(now, |start| start.max(now));
        let horizon = started + Duration::days(SEARCH_HORIZON_DAYS);
        // The midnight after the last exception date still to come.
        let last_exception = schedule
            .exceptions
            .iter()
            .filter_map(|date| date.succ_opt()?.and_hms_opt(0, 0, 0))
            .filter(|midnight| *midnight > now)
            .max();
        let beyond_horizon = last_exception.is_some_and(|midnight| midnight > horizon);
        let settled_from =
            last_exception.map_or(started, |midnight| started.max(midnight.min(horizon)));
        let settled = settled_from + Duration::days(LOOK_AHEAD_DAYS);
        let margin = Duration::days(MARGIN_DAYS);
        LookAhead {
            from: now - margin,
            to: settled + lead + margin,
            settled,
            beyond_horizon,
        }
    }

    /// The real end of `window`, the one running now: its end as seen, unless it
    /// runs past `settled` and the schedule's end lies beyond the search, when it
    /// ends with the schedule (`None`: never, or not in sight).
    fn end_of(&self, window: OnLockWindow, schedule: &Schedule, zone: Tz) -> Option<DateTime<Utc>> {
        let end_seen = schedule.ends_at.is_some_and(|end| end <= self.to);
        if end_seen || window.until < to_utc(self.settled, zone) {
            return Some(window.until);
        }
        if self.beyond_horizon {
            return None;
        }
        schedule.ends_at.map(|end| to_utc_latest(end, zone))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime, TimeZone, Weekday};
    use proptest::prelude::*;

    use super::*;
    use crate::schedule::WeeklyWindow;
    use crate::tz::parse_time_zone;

    use Weekday::*;

    fn zone(name: &str) -> Tz {
        parse_time_zone(name).unwrap()
    }

    fn new_york() -> Tz {
        zone("America/New_York")
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// A weekly window as days, start (hour, minute) and end (hour, minute).
    type Spec<'a> = (&'a [Weekday], (u32, u32), (u32, u32));

    fn weekly(windows: &[Spec]) -> Schedule {
        Schedule {
            weekly: windows
                .iter()
                .map(|(days, start, end)| WeeklyWindow {
                    days: days.to_vec(),
                    start: time(start.0, start.1),
                    end: time(end.0, end.1),
                })
                .collect(),
            ..Schedule::always()
        }
    }

    fn minutes(m: i64) -> Duration {
        Duration::minutes(m)
    }

    fn window(from: DateTime<Utc>, until: DateTime<Utc>) -> OnLockWindow {
        OnLockWindow { from, until }
    }

    /// The on-lock windows of the week of `monday` (UTC midnight to midnight).
    fn week_windows(schedule: &Schedule, zone: Tz, monday: DateTime<Utc>) -> Vec<OnLockWindow> {
        on_lock_windows(
            schedule,
            zone,
            monday,
            monday + Duration::days(7),
            minutes(5),
        )
    }

    // 23 November 2026 is a Monday; New York is on UTC-5 then.
    #[test]
    fn a_window_across_midnight_is_written_once_and_cleared_next_morning() {
        let night = weekly(&[(&[Mon], (22, 0), (6, 0))]);
        assert_eq!(
            week_windows(&night, new_york(), utc(2026, 11, 23, 0, 0)),
            vec![window(utc(2026, 11, 24, 2, 55), utc(2026, 11, 24, 11, 0))]
        );
        // At local midnight it stays on, with the clear at 06:00 still ahead.
        let at_midnight = on_lock_plan(&night, 0, new_york(), utc(2026, 11, 24, 5, 0), minutes(5));
        assert_eq!(
            at_midnight,
            OnLockPlan {
                wanted_now: true,
                next_change: Some(utc(2026, 11, 24, 11, 0)),
                until: Some(utc(2026, 11, 24, 11, 0)),
            }
        );
    }

    #[test]
    fn windows_that_touch_are_one_window() {
        let split = weekly(&[(&[Mon], (22, 0), (0, 0)), (&[Tue], (0, 0), (6, 0))]);
        assert_eq!(
            week_windows(&split, new_york(), utc(2026, 11, 23, 0, 0)),
            vec![window(utc(2026, 11, 24, 2, 55), utc(2026, 11, 24, 11, 0))]
        );
    }

    #[test]
    fn a_gap_no_longer_than_the_lead_is_bridged() {
        let two = weekly(&[(&[Mon], (12, 0), (13, 0)), (&[Mon], (13, 5), (14, 0))]);
        let monday = utc(2026, 11, 23, 0, 0);
        let week =
            |lead| on_lock_windows(&two, new_york(), monday, monday + Duration::days(7), lead);
        assert_eq!(
            week(minutes(5)),
            vec![window(utc(2026, 11, 23, 16, 55), utc(2026, 11, 23, 19, 0))]
        );
        assert_eq!(
            week(minutes(4)),
            vec![
                window(utc(2026, 11, 23, 16, 56), utc(2026, 11, 23, 18, 0)),
                window(utc(2026, 11, 23, 18, 1), utc(2026, 11, 23, 19, 0)),
            ]
        );
    }

    // New York springs forward on Sunday 8 March 2026: 02:00 EST becomes 03:00 EDT
    // at 07:00 UTC.
    #[test]
    fn a_window_over_the_skipped_hour_is_an_hour_shorter_and_a_start_in_it_is_the_jump() {
        let sunday = utc(2026, 3, 8, 0, 0);
        let over_the_gap = weekly(&[(&[Sun], (1, 0), (3, 0))]);
        assert_eq!(
            on_lock_windows(
                &over_the_gap,
                new_york(),
                sunday,
                sunday + Duration::days(1),
                minutes(5)
            ),
            vec![window(utc(2026, 3, 8, 5, 55), utc(2026, 3, 8, 7, 0))]
        );
        let in_the_gap = weekly(&[(&[Sun], (2, 30), (4, 0))]);
        assert_eq!(
            on_lock_windows(
                &in_the_gap,
                new_york(),
                sunday,
                sunday + Duration::days(1),
                minutes(5)
            ),
            vec![window(utc(2026, 3, 8, 6, 55), utc(2026, 3, 8, 8, 0))]
        );
        // Just before the write it is not there; the write is at 06:55 UTC.
        let plan = on_lock_plan(
            &in_the_gap,
            0,
            new_york(),
            utc(2026, 3, 8, 6, 50),
            minutes(5),
        );
        assert_eq!(plan.next_change, Some(utc(2026, 3, 8, 6, 55)));
        // A window wholly inside the skipped hour never happens.
        let never = weekly(&[(&[Sun], (2, 0), (2, 30))]);
        assert_eq!(
            on_lock_windows(
                &never,
                new_york(),
                sunday,
                sunday + Duration::days(1),
                minutes(5)
            ),
            vec![]
        );
    }

    // New York falls back on Sunday 1 November 2026: 01:00–02:00 happens twice,
    // first at 05:00–06:00 UTC (EDT), again at 06:00–07:00 UTC (EST).
    #[test]
    fn an_end_in_the_repeated_hour_is_the_later_one_and_a_start_the_earlier() {
        let sunday = utc(2026, 11, 1, 0, 0);
        let day = |schedule: &Schedule| {
            on_lock_windows(
                schedule,
                new_york(),
                sunday,
                sunday + Duration::days(1),
                Duration::zero(),
            )
        };
        let ends_in_it = weekly(&[(&[Sun], (0, 0), (1, 30))]);
        assert_eq!(
            day(&ends_in_it),
            vec![window(utc(2026, 11, 1, 4, 0), utc(2026, 11, 1, 6, 30))]
        );
        let starts_in_it = weekly(&[(&[Sun], (1, 30), (3, 0))]);
        assert_eq!(
            day(&starts_in_it),
            vec![window(utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 8, 0))]
        );
        // Between the two 01:30s the code stays on.
        let plan = on_lock_plan(
            &ends_in_it,
            0,
            new_york(),
            utc(2026, 11, 1, 5, 45),
            Duration::zero(),
        );
        assert!(plan.wanted_now);
        assert_eq!(plan.until, Some(utc(2026, 11, 1, 6, 30)));
    }

    #[test]
    fn a_window_in_london_summer_and_in_tokyo() {
        let office = weekly(&[(&[Mon], (9, 0), (17, 0))]);
        let monday = utc(2026, 7, 6, 0, 0);
        // British Summer Time is UTC+1.
        assert_eq!(
            week_windows(&office, zone("Europe/London"), monday),
            vec![window(utc(2026, 7, 6, 7, 55), utc(2026, 7, 6, 16, 0))]
        );
        // Tokyo is UTC+9 all year: Monday 09:00 there is Monday 00:00 UTC.
        assert_eq!(
            week_windows(&office, zone("Asia/Tokyo"), monday - Duration::days(1)),
            vec![window(utc(2026, 7, 5, 23, 55), utc(2026, 7, 6, 8, 0))]
        );
    }

    #[test]
    fn the_date_range_bounds_the_windows() {
        let every_day = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];
        let days = Schedule {
            starts_at: Some(local(2026, 11, 24, 12, 0)),
            ends_at: Some(local(2026, 11, 26, 12, 0)),
            ..weekly(&[(&every_day, (8, 0), (18, 0))])
        };
        assert_eq!(
            week_windows(&days, new_york(), utc(2026, 11, 23, 0, 0)),
            vec![
                window(utc(2026, 11, 24, 16, 55), utc(2026, 11, 24, 23, 0)),
                window(utc(2026, 11, 25, 12, 55), utc(2026, 11, 25, 23, 0)),
                window(utc(2026, 11, 26, 12, 55), utc(2026, 11, 26, 17, 0)),
            ]
        );
        // Without weekly windows it is one window from the start to the end,
        // however far off the end is.
        let contractor = Schedule {
            starts_at: Some(local(2026, 11, 24, 12, 0)),
            ends_at: Some(local(2028, 11, 24, 12, 0)),
            ..Schedule::always()
        };
        let before = on_lock_plan(
            &contractor,
            0,
            new_york(),
            utc(2026, 11, 1, 0, 0),
            minutes(5),
        );
        assert_eq!(
            before,
            OnLockPlan {
                wanted_now: false,
                next_change: Some(utc(2026, 11, 24, 16, 55)),
                until: None,
            }
        );
        let during = on_lock_plan(
            &contractor,
            0,
            new_york(),
            utc(2027, 6, 1, 0, 0),
            minutes(5),
        );
        assert_eq!(during.until, Some(utc(2028, 11, 24, 17, 0)));
        assert_eq!(during.next_change, during.until);
        let after = on_lock_plan(
            &contractor,
            0,
            new_york(),
            utc(2028, 11, 24, 17, 0),
            minutes(5),
        );
        assert_eq!(after, OnLockPlan::NEVER);
    }

    #[test]
    fn a_used_up_code_is_never_on_the_lock() {
        let once = Schedule {
            use_limit: Some(1),
            ..weekly(&[(&[Mon], (12, 0), (14, 0))])
        };
        let inside = utc(2026, 11, 23, 18, 0);
        assert!(on_lock_plan(&once, 0, new_york(), inside, minutes(5)).wanted_now);
        assert_eq!(
            on_lock_plan(&once, 1, new_york(), inside, minutes(5)),
            OnLockPlan::NEVER
        );
        assert_eq!(
            on_lock_plan(&once, 1, new_york(), inside - Duration::days(1), minutes(5)),
            OnLockPlan::NEVER
        );
    }

    #[test]
    fn an_always_code_is_on_with_nothing_to_change() {
        let plan = on_lock_plan(
            &Schedule::always(),
            0,
            new_york(),
            utc(2026, 11, 23, 18, 0),
            minutes(5),
        );
        assert_eq!(
            plan,
            OnLockPlan {
                wanted_now: true,
                next_change: None,
                until: None,
            }
        );
        // So is a weekly schedule that covers the whole week.
        let all_week = weekly(&[(&[Mon, Tue, Wed, Thu, Fri, Sat, Sun], (0, 0), (0, 0))]);
        assert_eq!(
            on_lock_plan(
                &all_week,
                0,
                new_york(),
                utc(2026, 11, 23, 18, 0),
                minutes(5)
            ),
            plan
        );
    }

    // The dog walker, Mondays 12:00–14:00 in New York (17:00–19:00 UTC), lead 5 minutes.
    #[test]
    fn the_plan_before_during_and_after_one_window() {
        let walker = weekly(&[(&[Mon], (12, 0), (14, 0))]);
        let plan = |h, m| on_lock_plan(&walker, 0, new_york(), utc(2026, 11, 23, h, m), minutes(5));
        let write = utc(2026, 11, 23, 16, 55);
        let clear = utc(2026, 11, 23, 19, 0);
        let off_until = |change| OnLockPlan {
            wanted_now: false,
            next_change: Some(change),
            until: None,
        };
        let on = OnLockPlan {
            wanted_now: true,
            next_change: Some(clear),
            until: Some(clear),
        };
        assert_eq!(plan(16, 54), off_until(write), "just before the lead");
        assert_eq!(plan(16, 55), on, "the lead starts: write");
        assert_eq!(plan(16, 58), on, "inside the lead");
        assert_eq!(plan(18, 0), on, "inside the window");
        let next_week = write + Duration::days(7);
        assert_eq!(
            plan(19, 0),
            off_until(next_week),
            "exactly at the end: cleared"
        );
        assert_eq!(plan(21, 0), off_until(next_week), "after the end");
        let last_second = on_lock_plan(
            &walker,
            0,
            new_york(),
            clear - Duration::seconds(1),
            minutes(5),
        );
        assert_eq!(last_second, on, "never cleared early");
    }

    #[test]
    fn a_code_blocked_for_over_a_week_comes_back_after_the_exceptions() {
        // Weekdays at lunch, with a two-week holiday from Monday 23 November.
        let holiday = Schedule {
            exceptions: (0..14)
                .map(|d| NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() + Duration::days(d))
                .collect(),
            ..weekly(&[(&[Mon, Tue, Wed, Thu, Fri], (12, 0), (14, 0))])
        };
        let plan = on_lock_plan(
            &holiday,
            0,
            new_york(),
            utc(2026, 11, 22, 12, 0),
            minutes(5),
        );
        assert_eq!(plan.next_change, Some(utc(2026, 12, 7, 16, 55)));
        // A code on all week ends at an exception date far ahead.
        let all_week = Schedule {
            exceptions: vec![NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()],
            ..weekly(&[(&[Mon, Tue, Wed, Thu, Fri, Sat, Sun], (0, 0), (0, 0))])
        };
        let plan = on_lock_plan(
            &all_week,
            0,
            new_york(),
            utc(2026, 11, 23, 18, 0),
            minutes(5),
        );
        assert_eq!(plan.until, Some(utc(2027, 3, 1, 5, 0)));
    }

    #[test]
    fn a_schedule_with_no_window_ahead_has_no_next_change() {
        let over = Schedule {
            ends_at: Some(local(2026, 11, 20, 0, 0)),
            ..weekly(&[(&[Mon], (12, 0), (14, 0))])
        };
        assert_eq!(
            on_lock_plan(&over, 0, new_york(), utc(2026, 11, 23, 18, 0), minutes(5)),
            OnLockPlan::NEVER
        );
        let no_days = weekly(&[(&[], (12, 0), (14, 0))]);
        assert_eq!(
            on_lock_plan(
                &no_days,
                0,
                new_york(),
                utc(2026, 11, 23, 18, 0),
                minutes(5)
            ),
            OnLockPlan::NEVER
        );
    }

    // Random schedules over one of New York's two clock changes of 2026 (on the
    // fourth day of the span) and a few days around it, in quarter hours so
    // windows touch and overlap often.
    const SPAN_MINUTES: i64 = 6 * 24 * 60;

    fn arb_window() -> impl Strategy<Value = WeeklyWindow> {
        // Half the times fall in the small hours, where the clocks change.
        let hour = || prop_oneof![0u32..24, 0u32..4];
        let quarter = || (hour(), prop::sample::select(vec![0u32, 15, 30, 45]));
        (prop::collection::vec(0u8..7, 1..4), quarter(), quarter()).prop_map(
            |(days, start, end)| WeeklyWindow {
                days: days
                    .into_iter()
                    .map(|d| Weekday::try_from(d).unwrap())
                    .collect(),
                start: time(start.0, start.1),
                end: time(end.0, end.1),
            },
        )
    }

    fn arb_schedule(base: NaiveDateTime) -> impl Strategy<Value = Schedule> {
        (
            prop::option::of(0i64..SPAN_MINUTES / 15),
            prop::option::of(1i64..SPAN_MINUTES / 15),
            prop::collection::vec(arb_window(), 0..4),
            prop::collection::vec(0i64..6, 0..2),
            prop::option::of(1u32..3),
        )
            .prop_map(move |(start, length, weekly, exceptions, use_limit)| {
                let starts_at = start.map(|q| base + minutes(q * 15));
                let ends_at = length.map(|q| starts_at.unwrap_or(base) + minutes(q * 15));
                Schedule {
                    starts_at,
                    ends_at,
                    weekly,
                    exceptions: exceptions
                        .into_iter()
                        .map(|d| base.date() + Duration::days(d))
                        .collect(),
                    use_limit,
                }
            })
    }

    /// A local span start (three days before a night the clocks change) and a
    /// schedule around it.
    fn arb_case() -> impl Strategy<Value = (NaiveDateTime, Schedule)> {
        prop::sample::select(vec![local(2026, 3, 5, 0, 0), local(2026, 10, 29, 0, 0)])
            .prop_flat_map(|base| (Just(base), arb_schedule(base)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// In a zone with clock changes the code is on the lock whenever the keypad
        /// lets it in; when it is on, access comes within the lead (plus the
        /// repeated hour, around a fall-back); and the plan agrees with the
        /// windows and with its own `next_change`.
        #[test]
        fn wanted_whenever_allowed_in_new_york(
            (base, schedule) in arb_case(),
            uses in 0u32..3,
            lead in 0i64..30,
            offsets in prop::collection::vec(0i64..SPAN_MINUTES, 24),
        ) {
            let zone = new_york();
            let lead = minutes(lead);
            let allowed_at = |t: DateTime<Utc>| schedule.allows(to_local(t, zone), uses);
            // Every five minutes of the night the clocks change, too.
            let change_night = (0..60).map(|i| 3 * 24 * 60 + i * 5);
            for offset in offsets.into_iter().chain(change_night) {
                let now = to_utc(base, zone) + minutes(offset);
                let plan = on_lock_plan(&schedule, uses, zone, now, lead);
                if allowed_at(now) {
                    prop_assert!(plan.wanted_now, "allowed but not on the lock at {}", now);
                }
                if plan.wanted_now {
                    let reach = (lead + minutes(60)).num_minutes();
                    // An end in the repeated fall-back hour is the later one: the
                    // code may stay up to an hour after access ended, never longer.
                    let soon = (-60..=reach).any(|m| allowed_at(now + minutes(m)));
                    prop_assert!(soon, "on the lock at {} with no access near", now);
                }
                let day = Duration::days(1);
                let windows = on_lock_windows(&schedule, zone, now - day, now + day, lead);
                let in_window = windows.iter().any(|w| w.from <= now && now < w.until);
                if uses_left(&schedule, uses) {
                    prop_assert_eq!(plan.wanted_now, in_window, "at {}", now);
                } else {
                    prop_assert_eq!(plan, OnLockPlan::NEVER);
                }
                check_next_change(&schedule, uses, zone, now, lead, plan)?;
            }
        }

        /// Without clock changes (Tokyo) the rule is exact: the code is on the lock
        /// at `t` exactly when the keypad lets it in at some minute of `t`..=`t + lead`.
        #[test]
        fn wanted_exactly_when_allowed_within_the_lead_in_tokyo(
            (base, schedule) in arb_case(),
            uses in 0u32..3,
            lead in 0i64..30,
            offsets in prop::collection::vec(0i64..SPAN_MINUTES, 24),
        ) {
            let zone = zone("Asia/Tokyo");
            for offset in offsets {
                let now = to_utc(base, zone) + minutes(offset);
                let plan = on_lock_plan(&schedule, uses, zone, now, minutes(lead));
                let allowed_soon = (0..=lead)
                    .any(|m| schedule.allows(to_local(now + minutes(m), zone), uses));
                prop_assert_eq!(plan.wanted_now, allowed_soon, "at {}", now);
                check_next_change(&schedule, uses, zone, now, minutes(lead), plan)?;
            }
        }
    }

    fn uses_left(schedule: &Schedule, uses: u32) -> bool {
        schedule.use_limit.is_none_or(|limit| uses < limit)
    }

    /// `next_change` is when the plan flips, and it does not flip before.
    fn check_next_change(
        schedule: &Schedule,
        uses: u32,
        zone: Tz,
        now: DateTime<Utc>,
        lead: Duration,
        plan: OnLockPlan,
    ) -> Result<(), TestCaseError> {
        if plan.wanted_now {
            prop_assert_eq!(plan.next_change, plan.until);
        } else {
            prop_assert_eq!(plan.until, None);
        }
        let Some(change) = plan.next_change else {
            return Ok(());
        };
        prop_assert!(change > now);
        let wanted_at = |t| on_lock_plan(schedule, uses, zone, t, lead).wanted_now;
        prop_assert_ne!(wanted_at(change), plan.wanted_now, "no flip at {}", change);
        let just_before = change - Duration::seconds(1);
        let halfway = now + (change - now) / 2;
        prop_assert_eq!(
            wanted_at(just_before),
            plan.wanted_now,
            "flip before {}",
            change
        );
        prop_assert_eq!(
            wanted_at(halfway),
            plan.wanted_now,
            "flip before {}",
            change
        );
        Ok(())
    }
}
