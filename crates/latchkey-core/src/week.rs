//! The week view: when each code can get in over seven days (site-local time),
//! and who can get in right now — worked out by the same rules the keypad uses.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::{
    code::AccessCode,
    ids::{CodeId, LockId},
    refs::PersonRef,
    schedule::{Access, DenyReason, Period},
};

/// Seven days of access for a door's or a person's codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekView {
    /// The site's IANA time zone; every time here is local to it.
    pub time_zone: String,
    /// The site's local time when the view was made.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24T12:30:00"))]
    pub local_now: NaiveDateTime,
    /// The first of the seven days.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-23"))]
    pub from: NaiveDate,
    pub rows: Vec<WeekRow>,
}

/// One code over the week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekRow {
    pub code_id: CodeId,
    pub code_name: String,
    pub person: PersonRef,
    /// The doors the code is on.
    pub doors: Vec<LockId>,
    /// Whether the code gets in at `local_now`, or why not.
    pub now: AccessNow,
    /// When the code works during the seven days (empty while paused).
    pub periods: Vec<Period>,
}

/// Whether a code gets in now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "access", rename_all = "snake_case")]
pub enum AccessNow {
    /// It works now, until `until` (`None`: no end in sight).
    Allowed {
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        until: Option<NaiveDateTime>,
    },
    /// The person is paused: no door opens for them until resumed.
    Paused,
    /// Not now; `next` is when it next works (`None`: never again).
    Denied {
        reason: DenyReason,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        next: Option<NaiveDateTime>,
    },
}

impl AccessNow {
    /// True when the code gets in now.
    pub fn is_allowed(&self) -> bool {
        matches!(self, AccessNow::Allowed { .. })
    }
}

/// The Monday that starts the week holding `day`.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// One code's row of the week from `from`, seen at site-local `now`.
/// `created` is when the code was made (site-local): no access shows before it.
pub fn week_row(
    code: &AccessCode,
    person: PersonRef,
    person_paused: bool,
    now: NaiveDateTime,
    from: NaiveDate,
    created: NaiveDateTime,
) -> WeekRow {
    let schedule = &code.schedule;
    let (now_access, periods) = if person_paused {
        (AccessNow::Paused, Vec::new())
    } else {
        let used_up = schedule.use_limit.is_some_and(|limit| code.uses >= limit);
        let periods = if used_up {
            Vec::new()
        } else {
            schedule
                .week(from)
                .into_iter()
                .filter(|p| p.end > created)
                .map(|p| Period {
                    start: p.start.max(created),
                    ..p
                })
                .collect()
        };
        let now_access = match schedule.check(now, code.uses) {
            Access::Allowed => AccessNow::Allowed {
                until: schedule.next_access(now, code.uses).and_then(|n| n.until),
            },
            Access::Denied(reason) => AccessNow::Denied {
                reason,
                next: schedule.next_access(now, code.uses).map(|n| n.from),
            },
        };
        (now_access, periods)
    };
    WeekRow {
        code_id: code.id.clone(),
        code_name: code.name.clone(),
        person,
        doors: code.doors.clone(),
        now: now_access,
        periods,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveTime, Weekday};

    use super::*;
    use crate::schedule::{Schedule, WeeklyWindow};

    fn walker() -> AccessCode {
        serde_json::from_str(include_str!("../fixtures/access_code.json")).unwrap()
    }

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn long_ago() -> NaiveDateTime {
        at(1, 0, 0)
    }

    fn sam() -> PersonRef {
        PersonRef {
            id: "person-walker".into(),
            name: "Sam".into(),
        }
    }

    #[test]
    fn a_weekday_window_shows_five_times_and_is_open_at_lunch_on_tuesday() {
        let monday = monday_of(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        assert_eq!(monday, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let row = week_row(&walker(), sam(), false, at(24, 12, 30), monday, long_ago());
        assert_eq!(row.periods.len(), 5);
        assert_eq!(
            row.now,
            AccessNow::Allowed {
                until: Some(at(24, 14, 0))
            }
        );
        let later = week_row(&walker(), sam(), false, at(24, 15, 0), monday, long_ago());
        assert_eq!(
            later.now,
            AccessNow::Denied {
                reason: DenyReason::OutsideWindows,
                next: Some(at(25, 12, 0))
            }
        );
    }

    #[test]
    fn paused_and_used_up_codes_have_no_periods() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let paused = week_row(&walker(), sam(), true, at(24, 12, 30), monday, long_ago());
        assert_eq!((paused.now, paused.periods.len()), (AccessNow::Paused, 0));
        let mut once = walker();
        once.schedule = Schedule {
            use_limit: Some(1),
            ..Schedule::always()
        };
        once.uses = 1;
        let used = week_row(&once, sam(), false, at(24, 12, 30), monday, long_ago());
        assert!(used.periods.is_empty());
        assert_eq!(
            used.now,
            AccessNow::Denied {
                reason: DenyReason::UseLimitReached,
                next: None
            }
        );
    }

    #[test]
    fn a_night_window_runs_into_the_next_morning() {
        let mut night = walker();
        night.schedule = Schedule {
            weekly: vec![WeeklyWindow {
                days: vec![Weekday::Mon],
                start: NaiveTime::from_hms_opt(22, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
            }],
            ..Schedule::always()
        };
        let row = week_row(
            &night,
            sam(),
            false,
            at(24, 2, 0),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            long_ago(),
        );
        assert_eq!(
            row.periods,
            vec![Period {
                start: at(23, 22, 0),
                end: at(24, 6, 0)
            }]
        );
        assert!(row.now.is_allowed());
    }

    #[test]
    fn no_access_shows_before_the_code_was_made() {
        // Made on Wednesday 25 Nov at 13:10: the week from Monday 23 shows
        // nothing on Monday, Tuesday or Wednesday morning.
        let row = week_row(
            &walker(),
            sam(),
            false,
            at(25, 13, 30),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            at(25, 13, 10),
        );
        assert!(
            row.periods.iter().all(|p| p.start >= at(25, 13, 10)),
            "{:?}",
            row.periods
        );
        assert!(!row.periods.is_empty());
        // A window already open when it was made starts at that moment.
        let full = week_row(
            &walker(),
            sam(),
            false,
            at(25, 13, 30),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            long_ago(),
        );
        let cut: Vec<_> = full
            .periods
            .iter()
            .filter(|p| p.end > at(25, 13, 10))
            .collect();
        assert_eq!(row.periods.len(), cut.len());
    }
}
