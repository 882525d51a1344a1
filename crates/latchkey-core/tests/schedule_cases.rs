//! The schedules of the product's stories, their validation and their summaries,
//! and daylight-saving behaviour in real time zones.

mod common;

use chrono::{Duration, TimeZone, Utc, Weekday};
use common::{at, date, time};
use latchkey_core::{
    person::{PersonStatus, person_status},
    schedule::{Access, DenyReason, NextAccess, Schedule, ScheduleProblem, WeeklyWindow, summary},
    tz::{parse_time_zone, to_local, to_utc},
};

use Weekday::*;

fn dog_walker() -> Schedule {
    Schedule {
        weekly: vec![WeeklyWindow {
            days: vec![Mon, Tue, Wed, Thu, Fri],
            start: time(12, 0),
            end: time(14, 0),
        }],
        ..Schedule::always()
    }
}

fn night_shift() -> Schedule {
    Schedule {
        weekly: vec![WeeklyWindow {
            days: vec![Mon, Tue, Wed, Thu, Fri],
            start: time(22, 0),
            end: time(6, 0),
        }],
        ..Schedule::always()
    }
}

// 24 November 2026 is a Tuesday.
#[test]
fn the_dog_walker_gets_in_on_weekdays_at_lunchtime_only() {
    let s = dog_walker();
    assert_eq!(s.check(at(2026, 11, 24, 12, 30), 0), Access::Allowed);
    assert_eq!(
        s.check(at(2026, 11, 24, 15, 0), 0),
        Access::Denied(DenyReason::OutsideWindows)
    );
    assert_eq!(
        s.check(at(2026, 11, 28, 12, 30), 0),
        Access::Denied(DenyReason::OutsideWindows)
    ); // Saturday
    assert_eq!(
        s.check(at(2026, 11, 24, 14, 0), 0),
        Access::Denied(DenyReason::OutsideWindows)
    ); // end is exclusive
    assert_eq!(
        s.next_access(at(2026, 11, 27, 15, 0), 0), // Friday afternoon → Monday noon
        Some(NextAccess {
            from: at(2026, 11, 30, 12, 0),
            until: Some(at(2026, 11, 30, 14, 0))
        })
    );
    assert_eq!(summary(&s, date(2026, 11, 22)), "Weekdays 12:00–14:00");
}

#[test]
fn a_night_shift_crosses_midnight() {
    let s = night_shift();
    assert!(s.allows(at(2026, 11, 25, 2, 0), 0)); // Wednesday 02:00, from Tuesday's shift
    assert!(s.allows(at(2026, 11, 28, 5, 59), 0)); // Saturday morning, from Friday's shift
    assert!(!s.allows(at(2026, 11, 29, 2, 0), 0)); // Sunday 02:00: no Saturday shift
    assert!(!s.allows(at(2026, 11, 24, 12, 0), 0));
    let week = s.week(date(2026, 11, 23));
    assert_eq!(week.len(), 5);
    assert_eq!(
        (week[0].start, week[0].end),
        (at(2026, 11, 23, 22, 0), at(2026, 11, 24, 6, 0))
    );
    assert_eq!(summary(&s, date(2026, 11, 22)), "Weekdays 22:00–06:00");
}

#[test]
fn hours_on_the_same_days_are_told_together() {
    let weekdays = vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];
    let s = Schedule {
        weekly: vec![
            WeeklyWindow {
                days: weekdays.clone(),
                start: time(14, 0),
                end: time(17, 0),
            },
            WeeklyWindow {
                days: weekdays,
                start: time(9, 0),
                end: time(12, 0),
            },
            WeeklyWindow {
                days: vec![Weekday::Sat],
                start: time(10, 0),
                end: time(12, 0),
            },
        ],
        ..Schedule::always()
    };
    assert!(s.problems().is_empty());
    assert_eq!(
        summary(&s, date(2026, 11, 22)),
        "Weekdays 09:00–12:00 and 14:00–17:00; Saturdays 10:00–12:00"
    );
}

#[test]
fn a_contractor_works_today_and_not_tomorrow() {
    let s = Schedule {
        starts_at: Some(at(2026, 11, 24, 0, 0)),
        ends_at: Some(at(2026, 11, 24, 18, 0)),
        ..Schedule::always()
    };
    assert!(s.allows(at(2026, 11, 24, 9, 0), 0));
    assert_eq!(
        s.check(at(2026, 11, 25, 9, 0), 0),
        Access::Denied(DenyReason::Ended)
    );
    assert_eq!(
        s.check(at(2026, 11, 23, 9, 0), 0),
        Access::Denied(DenyReason::NotStarted)
    );
    assert_eq!(summary(&s, date(2026, 11, 24)), "Today until 18:00");
    assert_eq!(summary(&s, date(2026, 11, 23)), "Tomorrow 00:00–18:00");
    // A whole day, as the "today only" preset makes it.
    let day = Schedule {
        starts_at: Some(at(2026, 11, 24, 0, 0)),
        ends_at: Some(at(2026, 11, 25, 0, 0)),
        ..Schedule::always()
    };
    assert_eq!(summary(&day, date(2026, 11, 24)), "Today only");
    assert_eq!(summary(&day, date(2026, 11, 23)), "Tomorrow only");
    assert_eq!(summary(&day, date(2026, 11, 1)), "24 Nov only");
}

#[test]
fn a_delivery_code_works_once() {
    let s = Schedule {
        ends_at: Some(at(2026, 12, 1, 0, 0)),
        use_limit: Some(1),
        ..Schedule::always()
    };
    assert!(s.allows(at(2026, 11, 24, 10, 0), 0));
    assert_eq!(
        s.check(at(2026, 11, 24, 10, 5), 1),
        Access::Denied(DenyReason::UseLimitReached)
    );
    assert!(s.is_over(at(2026, 11, 24, 10, 5), 1));
    assert_eq!(summary(&s, date(2026, 11, 22)), "Once, until 30 Nov");
}

#[test]
fn exception_dates_block_the_whole_day() {
    let s = Schedule {
        exceptions: vec![date(2026, 12, 25)],
        ..dog_walker()
    };
    assert_eq!(
        s.check(at(2026, 12, 25, 12, 30), 0),
        Access::Denied(DenyReason::ExceptionDate)
    );
    assert!(s.allows(at(2026, 12, 24, 12, 30), 0));
    assert_eq!(
        summary(&s, date(2026, 11, 22)),
        "Weekdays 12:00–14:00, except 25 Dec"
    );
}

#[test]
fn summaries_read_as_plain_words() {
    let today = date(2026, 11, 22);
    assert_eq!(summary(&Schedule::always(), today), "Always");
    let cleaner = Schedule {
        weekly: vec![WeeklyWindow {
            days: vec![Fri],
            start: time(9, 0),
            end: time(13, 0),
        }],
        ..Schedule::always()
    };
    assert_eq!(summary(&cleaner, today), "Fridays 09:00–13:00");
    let season = Schedule {
        starts_at: Some(at(2026, 12, 1, 0, 0)),
        ends_at: Some(at(2027, 2, 1, 0, 0)),
        weekly: vec![
            WeeklyWindow {
                days: vec![Sat, Sun],
                start: time(8, 0),
                end: time(8, 0),
            },
            WeeklyWindow {
                days: vec![Mon, Wed],
                start: time(7, 0),
                end: time(9, 0),
            },
        ],
        ..Schedule::always()
    };
    assert_eq!(
        summary(&season, today),
        "Mon, Wed 07:00–09:00; Weekends 08:00–08:00, from 1 Dec until 31 Jan 2027"
    );
    let ten_uses = Schedule {
        use_limit: Some(10),
        ..Schedule::always()
    };
    assert_eq!(summary(&ten_uses, today), "10 uses");
}

#[test]
fn validation_names_each_mistake_and_its_field() {
    let s = Schedule {
        starts_at: Some(at(2026, 11, 24, 18, 0)),
        ends_at: Some(at(2026, 11, 24, 9, 0)),
        weekly: vec![
            WeeklyWindow {
                days: vec![Mon],
                start: time(9, 0),
                end: time(12, 0),
            },
            WeeklyWindow {
                days: vec![],
                start: time(9, 0),
                end: time(12, 0),
            },
            WeeklyWindow {
                days: vec![Mon, Tue],
                start: time(11, 0),
                end: time(13, 0),
            },
            WeeklyWindow {
                days: vec![Sun],
                start: time(22, 0),
                end: time(9, 30),
            }, // reaches Monday 09:30
        ],
        use_limit: Some(0),
        ..Schedule::always()
    };
    let problems = s.problems();
    assert_eq!(
        problems,
        vec![
            ScheduleProblem::EndNotAfterStart,
            ScheduleProblem::WindowWithoutDays { window: 1 },
            ScheduleProblem::OverlappingWindows {
                first: 0,
                second: 2,
                day: Mon
            },
            ScheduleProblem::OverlappingWindows {
                first: 0,
                second: 3,
                day: Sun
            },
            ScheduleProblem::ZeroUseLimit,
        ]
    );
    assert_eq!(problems[0].field(), "ends_at");
    assert_eq!(
        problems[2].to_string(),
        "This window overlaps another one on Monday."
    );
    assert!(dog_walker().problems().is_empty());
    assert!(night_shift().problems().is_empty());
}

#[test]
fn a_person_is_upcoming_active_or_expired_by_their_codes() {
    let now = at(2026, 11, 24, 10, 0);
    let later = Schedule {
        starts_at: Some(at(2026, 12, 1, 0, 0)),
        ..Schedule::always()
    };
    let ended = Schedule {
        ends_at: Some(at(2026, 11, 1, 0, 0)),
        ..Schedule::always()
    };
    assert_eq!(
        person_status(false, [(&later, 0)], now),
        PersonStatus::Upcoming
    );
    assert_eq!(
        person_status(false, [(&ended, 0)], now),
        PersonStatus::Expired
    );
    assert_eq!(
        person_status(false, [(&ended, 0), (&dog_walker(), 0)], now),
        PersonStatus::Active
    );
    assert_eq!(
        person_status(true, [(&dog_walker(), 0)], now),
        PersonStatus::Paused
    );
    let used = Schedule {
        use_limit: Some(1),
        ..Schedule::always()
    };
    assert_eq!(
        person_status(false, [(&used, 1)], now),
        PersonStatus::Expired
    );
}

#[test]
fn a_night_shift_is_an_hour_shorter_when_clocks_spring_forward() {
    // Europe/Paris moves from 02:00 to 03:00 on Sunday 29 March 2026.
    let paris = parse_time_zone("Europe/Paris").unwrap();
    let every_night = Schedule {
        weekly: vec![WeeklyWindow {
            days: vec![Sat, Sun],
            start: time(22, 0),
            end: time(6, 0),
        }],
        ..Schedule::always()
    };
    let count_minutes = |from: chrono::DateTime<Utc>, hours: i64| {
        (0..hours * 60)
            .filter(|m| every_night.allows(to_local(from + Duration::minutes(*m), paris), 0))
            .count()
    };
    // Saturday 28 March 20:00 UTC (21:00 local) for 12 hours.
    assert_eq!(
        count_minutes(Utc.with_ymd_and_hms(2026, 3, 28, 20, 0, 0).unwrap(), 12),
        7 * 60
    );
    // Clocks fall back on Sunday 25 October 2026: that night lasts nine hours.
    assert_eq!(
        count_minutes(Utc.with_ymd_and_hms(2026, 10, 24, 19, 0, 0).unwrap(), 13),
        9 * 60
    );
}

#[test]
fn local_times_convert_to_utc_across_gaps_and_repeats() {
    let new_york = parse_time_zone("America/New_York").unwrap();
    // 02:30 does not exist on 8 March 2026 in New York: the clock jumps at 07:00 UTC.
    assert_eq!(
        to_utc(at(2026, 3, 8, 2, 30), new_york),
        Utc.with_ymd_and_hms(2026, 3, 8, 7, 0, 0).unwrap()
    );
    // 01:30 happens twice on 1 November 2026: the first is 05:30 UTC.
    assert_eq!(
        to_utc(at(2026, 11, 1, 1, 30), new_york),
        Utc.with_ymd_and_hms(2026, 11, 1, 5, 30, 0).unwrap()
    );
    assert_eq!(
        to_local(
            Utc.with_ymd_and_hms(2026, 7, 4, 16, 0, 0).unwrap(),
            new_york
        ),
        at(2026, 7, 4, 12, 0)
    );
    assert!(parse_time_zone("Mars/Olympus_Mons").is_err());
}

// Thursday 3 December 22:00 until Friday 10:00, read on the site's own Thursday
// evening: "From today 22:00 until tomorrow 10:00", never "Today until 10:00".
#[test]
fn an_overnight_code_reads_from_tonight_until_tomorrow_on_the_sites_date() {
    let overnight = Schedule {
        starts_at: Some(at(2026, 12, 3, 22, 0)),
        ends_at: Some(at(2026, 12, 4, 10, 0)),
        ..Schedule::always()
    };
    assert_eq!(
        summary(&overnight, date(2026, 12, 3)),
        "From today 22:00 until tomorrow 10:00"
    );
    // On Friday morning it is already running: it works until 10:00.
    assert_eq!(summary(&overnight, date(2026, 12, 4)), "Today until 10:00");
}

#[test]
fn a_code_works_on_a_day_when_some_window_of_it_falls_on_that_day() {
    // The dog walker works on weekdays; 24 November 2026 is a Tuesday.
    assert!(dog_walker().works_on(date(2026, 11, 24), 0));
    assert!(!dog_walker().works_on(date(2026, 11, 28), 0));
    // A night shift that starts on Friday night still works on Saturday morning.
    assert!(night_shift().works_on(date(2026, 11, 28), 0));
    let once = Schedule {
        use_limit: Some(1),
        ..Schedule::always()
    };
    assert!(once.works_on(date(2026, 11, 24), 0));
    assert!(!once.works_on(date(2026, 11, 24), 1), "used up");
    let contractor = Schedule {
        starts_at: Some(at(2026, 11, 24, 0, 0)),
        ends_at: Some(at(2026, 11, 25, 0, 0)),
        ..Schedule::always()
    };
    assert!(contractor.works_on(date(2026, 11, 24), 0));
    assert!(!contractor.works_on(date(2026, 11, 25), 0));
}
