//! Schedules: when a code works, always in the site's local (wall-clock) time.
//!
//! One shape covers every case: an optional start and end, optional weekly
//! windows (several a day, crossing midnight when the end is not after the start),
//! exception dates with no access at all, and an optional use limit.

#[cfg(feature = "tz")]
mod edges;
mod eval;
mod summary;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

#[cfg(feature = "tz")]
pub use edges::{LOOK_AHEAD_DAYS, OnLockPlan, OnLockWindow, on_lock_plan, on_lock_windows};
pub use eval::{Access, DenyReason, NextAccess, Period};
pub(crate) use summary::short_day;
pub use summary::summary;

/// When a code works, in the site's local time.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    /// Access starts at this local time; `None`: it has always started.
    pub starts_at: Option<NaiveDateTime>,
    /// Access ends at this local time (exclusive); `None`: it never ends.
    pub ends_at: Option<NaiveDateTime>,
    /// When set, access only inside these windows; empty: any time.
    #[serde(default)]
    pub weekly: Vec<WeeklyWindow>,
    /// Local dates with no access at all (00:00 to 24:00).
    #[serde(default)]
    pub exceptions: Vec<NaiveDate>,
    /// How many times the code may be used; `None`: no limit.
    pub use_limit: Option<u32>,
}

/// A window that repeats every week on the given days. A window whose `end` is
/// not after its `start` runs past midnight into the next day (22:00–06:00);
/// `end == start` means 24 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyWindow {
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, example = json!(["Mon", "Tue"])))]
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl WeeklyWindow {
    /// True when the window runs past midnight.
    pub fn crosses_midnight(&self) -> bool {
        self.end <= self.start
    }
}

/// The presets offered first in the editor; the schedule itself is the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SchedulePreset {
    /// Always works.
    Permanent,
    /// Weekly windows, e.g. the dog walker on weekdays 12:00–14:00.
    Recurring,
    /// A date-time range, e.g. a contractor today only.
    Temporary,
    /// Works once, e.g. a delivery.
    OneTime,
    /// Anything the detailed editor made.
    Custom,
}

/// A mistake in a schedule, tied to the field that has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ScheduleProblem {
    /// `ends_at` is not after `starts_at`.
    EndNotAfterStart,
    /// Weekly window number `window` (0-based) has no days ticked.
    WindowWithoutDays { window: usize },
    /// Two weekly windows cover the same time on `day`.
    OverlappingWindows {
        first: usize,
        second: usize,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        day: Weekday,
    },
    /// A use limit of zero would never open the door.
    ZeroUseLimit,
}

impl ScheduleProblem {
    /// The field of the schedule the problem belongs to, for showing it next to that field.
    pub fn field(&self) -> String {
        match self {
            ScheduleProblem::EndNotAfterStart => "ends_at".to_owned(),
            ScheduleProblem::WindowWithoutDays { window } => format!("weekly[{window}].days"),
            ScheduleProblem::OverlappingWindows { second, .. } => format!("weekly[{second}]"),
            ScheduleProblem::ZeroUseLimit => "use_limit".to_owned(),
        }
    }
}

impl std::fmt::Display for ScheduleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScheduleProblem::EndNotAfterStart => write!(f, "The end must be after the start."),
            ScheduleProblem::WindowWithoutDays { .. } => {
                write!(f, "Pick at least one day for this window.")
            }
            ScheduleProblem::OverlappingWindows { day, .. } => {
                write!(
                    f,
                    "This window overlaps another one on {}.",
                    summary::day_name(*day)
                )
            }
            ScheduleProblem::ZeroUseLimit => write!(f, "A use limit must be at least 1."),
        }
    }
}

impl std::error::Error for ScheduleProblem {}

const MINUTES_PER_DAY: i64 = 24 * 60;
const MINUTES_PER_WEEK: i64 = 7 * MINUTES_PER_DAY;

impl Schedule {
    /// Works at any time, without limit.
    pub fn always() -> Schedule {
        Schedule::default()
    }

    /// The preset this schedule is an instance of; `Custom` when none fits.
    pub fn preset(&self) -> SchedulePreset {
        let dated = self.starts_at.is_some() || self.ends_at.is_some();
        let plain = self.exceptions.is_empty();
        match (self.weekly.is_empty(), dated, plain, self.use_limit) {
            (true, false, true, None) => SchedulePreset::Permanent,
            (false, false, true, None) => SchedulePreset::Recurring,
            (true, true, true, None) => SchedulePreset::Temporary,
            (true, _, true, Some(1)) => SchedulePreset::OneTime,
            _ => SchedulePreset::Custom,
        }
    }

    /// Every mistake in the schedule, in field order; empty when it is valid.
    pub fn problems(&self) -> Vec<ScheduleProblem> {
        let mut problems = Vec::new();
        if let (Some(start), Some(end)) = (self.starts_at, self.ends_at)
            && end <= start
        {
            problems.push(ScheduleProblem::EndNotAfterStart);
        }
        for (index, window) in self.weekly.iter().enumerate() {
            if window.days.is_empty() {
                problems.push(ScheduleProblem::WindowWithoutDays { window: index });
            }
        }
        problems.extend(self.overlaps());
        if self.use_limit == Some(0) {
            problems.push(ScheduleProblem::ZeroUseLimit);
        }
        problems
    }

    /// Pairs of weekly windows that cover the same minute of the week.
    fn overlaps(&self) -> Vec<ScheduleProblem> {
        // Each window-day as a span of minutes on the week ring [0, 10080).
        let spans: Vec<(usize, Weekday, i64, i64)> = self
            .weekly
            .iter()
            .enumerate()
            .flat_map(|(index, window)| {
                let start = minute_of_day(window.start);
                let mut length = minute_of_day(window.end) - start;
                if length <= 0 {
                    length += MINUTES_PER_DAY;
                }
                window.days.iter().map(move |&day| {
                    let from = i64::from(day.num_days_from_monday()) * MINUTES_PER_DAY + start;
                    (index, day, from, length)
                })
            })
            .collect();
        let mut problems = Vec::new();
        for (i, a) in spans.iter().enumerate() {
            for b in &spans[i + 1..] {
                if a.0 == b.0 || !ring_overlap(a.2, a.3, b.2, b.3) {
                    continue; // one window never overlaps itself on another day
                }
                let problem = ScheduleProblem::OverlappingWindows {
                    first: a.0,
                    second: b.0,
                    day: b.1,
                };
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
        }
        problems
    }
}

/// Minutes since midnight (seconds are ignored: schedules work to the minute).
pub(crate) fn minute_of_day(time: NaiveTime) -> i64 {
    use chrono::Timelike;
    i64::from(time.hour()) * 60 + i64::from(time.minute())
}

/// Whether two spans on the week ring share a minute.
fn ring_overlap(a_start: i64, a_len: i64, b_start: i64, b_len: i64) -> bool {
    let a_to_b = (b_start - a_start).rem_euclid(MINUTES_PER_WEEK);
    let b_to_a = (a_start - b_start).rem_euclid(MINUTES_PER_WEEK);
    a_to_b < a_len || b_to_a < b_len
}
