//! Schedule evaluation in site-local time: is access allowed now, when does it
//! next start and end, and which windows fall in a given week.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::Schedule;

/// The answer at the keypad: allowed, or why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "access", content = "reason", rename_all = "snake_case")]
pub enum Access {
    Allowed,
    Denied(DenyReason),
}

/// Why a schedule refuses access at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DenyReason {
    /// Before the schedule's start.
    NotStarted,
    /// At or after the schedule's end.
    Ended,
    /// Outside every weekly window.
    OutsideWindows,
    /// On an exception (blackout) date.
    ExceptionDate,
    /// The code has been used as many times as it may be.
    UseLimitReached,
}

/// A stretch of local time, `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

/// The access period that is running now or comes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextAccess {
    /// When it starts (the given moment itself when access is allowed now).
    pub from: NaiveDateTime,
    /// When it ends; `None` when no end is in sight (within [`SEARCH_HORIZON_DAYS`]).
    pub until: Option<NaiveDateTime>,
}

/// How far ahead "next access" looks before it says "not in sight".
pub const SEARCH_HORIZON_DAYS: i64 = 400;

impl Schedule {
    /// Whether the code may open the door at local time `at`, having been used `uses` times.
    pub fn check(&self, at: NaiveDateTime, uses: u32) -> Access {
        if self.use_limit.is_some_and(|limit| uses >= limit) {
            return Access::Denied(DenyReason::UseLimitReached);
        }
        match self.time_check(at) {
            Some(reason) => Access::Denied(reason),
            None => Access::Allowed,
        }
    }

    /// True when [`Schedule::check`] allows access.
    pub fn allows(&self, at: NaiveDateTime, uses: u32) -> bool {
        self.check(at, uses) == Access::Allowed
    }

    /// Why time alone refuses access at `at`, or `None` when the time is inside the schedule.
    fn time_check(&self, at: NaiveDateTime) -> Option<DenyReason> {
        if self.starts_at.is_some_and(|start| at < start) {
            return Some(DenyReason::NotStarted);
        }
        if self.ends_at.is_some_and(|end| at >= end) {
            return Some(DenyReason::Ended);
        }
        if self.exceptions.contains(&at.date()) {
            return Some(DenyReason::ExceptionDate);
        }
        if !self.weekly.is_empty() && !self.in_some_window(at) {
            return Some(DenyReason::OutsideWindows);
        }
        None
    }

    /// Whether a weekly window that opened today or yesterday still covers `at`.
    fn in_some_window(&self, at: NaiveDateTime) -> bool {
        let today = at.date();
        [today, today - Duration::days(1)].into_iter().any(|day| {
            self.window_periods_on(day)
                .any(|period| period.start <= at && at < period.end)
        })
    }

    /// The weekly windows that open on local date `day`, as periods (possibly ending tomorrow).
    fn window_periods_on(&self, day: NaiveDate) -> impl Iterator<Item = Period> + '_ {
        self.weekly
            .iter()
            .filter(move |window| window.days.contains(&day.weekday()))
            .map(move |window| {
                let end_day = if window.crosses_midnight() {
                    day + Duration::days(1)
                } else {
                    day
                };
                Period {
                    start: day.and_time(window.start),
                    end: end_day.and_time(window.end),
                }
            })
    }

    /// Whether the code opens a door at some time on `day` (with `uses` made of it):
    /// replacing its PIN then locks someone out today, so the app asks first.
    pub fn works_on(&self, day: NaiveDate, uses: u32) -> bool {
        let used_up = self.use_limit.is_some_and(|limit| uses >= limit);
        let midnight = day.and_time(chrono::NaiveTime::MIN);
        !used_up
            && !self
                .periods_between(midnight, midnight + Duration::days(1))
                .is_empty()
    }

    /// Every period of access between `from` and `to` (exclusive), in order, merged
    /// where they touch; exception dates and the start/end cut through them.
    /// Use limits are not applied: this is about time only.
    pub fn periods_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> Vec<Period> {
        let from = self.starts_at.map_or(from, |start| from.max(start));
        let to = self.ends_at.map_or(to, |end| to.min(end));
        if from >= to {
            return Vec::new();
        }
        let mut raw: Vec<Period> = if self.weekly.is_empty() {
            vec![Period {
                start: from,
                end: to,
            }]
        } else {
            let mut day = from.date() - Duration::days(1);
            let mut periods = Vec::new();
            while day <= to.date() {
                periods.extend(self.window_periods_on(day));
                day += Duration::days(1);
            }
            periods
        };
        raw.sort_by_key(|period| period.start);

        let mut merged: Vec<Period> = Vec::new();
        for period in raw {
            let period = Period {
                start: period.start.max(from),
                end: period.end.min(to),
            };
            if period.start >= period.end {
                continue;
            }
            match merged.last_mut() {
                Some(last) if period.start <= last.end => last.end = last.end.max(period.end),
                _ => merged.push(period),
            }
        }
        merged
            .into_iter()
            .flat_map(|period| self.cut_exceptions(period))
            .collect()
    }

    /// Splits a period around exception dates.
    fn cut_exceptions(&self, period: Period) -> Vec<Period> {
        let mut pieces = vec![period];
        for date in &self.exceptions {
            let blocked = Period {
                start: date.and_hms_opt(0, 0, 0).expect("midnight exists"),
                end: (*date + Duration::days(1))
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight exists"),
            };
            pieces = pieces
                .into_iter()
                .flat_map(|piece| {
                    [
                        Period {
                            start: piece.start,
                            end: piece.end.min(blocked.start),
                        },
                        Period {
                            start: piece.start.max(blocked.end),
                            end: piece.end,
                        },
                    ]
                })
                .filter(|piece| piece.start < piece.end)
                .collect();
        }
        pieces
    }

    /// The access periods of the seven days from `week_start` (local midnight to
    /// midnight), as the week view draws them.
    pub fn week(&self, week_start: NaiveDate) -> Vec<Period> {
        let from = week_start.and_hms_opt(0, 0, 0).expect("midnight exists");
        self.periods_between(from, from + Duration::days(7))
    }

    /// The access period running at `at`, or the next one; `None` when access
    /// never comes again (ended, use limit reached, or nothing within the horizon).
    pub fn next_access(&self, at: NaiveDateTime, uses: u32) -> Option<NextAccess> {
        if self.use_limit.is_some_and(|limit| uses >= limit) {
            return None;
        }
        let horizon = at + Duration::days(SEARCH_HORIZON_DAYS);
        let first = *self.periods_between(at, horizon).first()?;
        let until = if first.end >= horizon && self.ends_at.is_none_or(|end| end > horizon) {
            None
        } else {
            Some(first.end)
        };
        Some(NextAccess {
            from: first.start,
            until,
        })
    }

    /// True when the code can never open a door again after `at`.
    pub fn is_over(&self, at: NaiveDateTime, uses: u32) -> bool {
        let starts_beyond_horizon = self
            .starts_at
            .is_some_and(|start| start >= at + Duration::days(SEARCH_HORIZON_DAYS));
        !starts_beyond_horizon && self.next_access(at, uses).is_none()
    }
}
