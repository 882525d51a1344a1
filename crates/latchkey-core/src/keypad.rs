//! Judging an entry at a keypad: does this PIN open this door now, and if not, why.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::{
    event::DeniedReason,
    schedule::{Access, Schedule},
};

/// What the backend knows about the code whose PIN was typed, at this door.
#[derive(Debug, Clone, Copy)]
pub struct EnteredCode<'a> {
    /// The code's person is paused.
    pub person_paused: bool,
    /// The door is one of the code's chosen doors.
    pub on_this_door: bool,
    /// The lock really holds the code (its sync state here is `set`).
    pub held_by_lock: bool,
    pub schedule: &'a Schedule,
    pub uses: u32,
}

/// The keypad's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeypadVerdict {
    Opens,
    Refused(DeniedReason),
}

/// Judges one keypad entry at site-local time `now`. `code` is the site's code
/// with the typed PIN, if any (PINs are unique within a site).
pub fn judge_entry(
    keypad_locked_out: bool,
    code: Option<EnteredCode<'_>>,
    now: NaiveDateTime,
) -> KeypadVerdict {
    use KeypadVerdict::Refused;
    if keypad_locked_out {
        return Refused(DeniedReason::KeypadLockedOut);
    }
    let Some(code) = code else {
        return Refused(DeniedReason::WrongCode);
    };
    if code.person_paused {
        return Refused(DeniedReason::Paused);
    }
    if !code.on_this_door {
        return Refused(DeniedReason::WrongCode);
    }
    if let Access::Denied(reason) = code.schedule.check(now, code.uses) {
        return Refused(reason.into());
    }
    if !code.held_by_lock {
        // The change has not reached the lock yet (e.g. a Bluetooth lock out of range).
        return Refused(DeniedReason::WrongCode);
    }
    KeypadVerdict::Opens
}

/// Keypad lockout: after `wrong_codes` wrong entries, the keypad ignores entries for `lockout_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeypadLockout {
    pub wrong_codes: u8,
    pub lockout_seconds: u32,
}

impl Default for KeypadLockout {
    fn default() -> Self {
        Self {
            wrong_codes: 5,
            lockout_seconds: 60,
        }
    }
}

impl KeypadLockout {
    /// True when `consecutive_wrong` wrong entries in a row lock the keypad out.
    pub fn is_reached(&self, consecutive_wrong: u32) -> bool {
        self.wrong_codes > 0 && consecutive_wrong >= u32::from(self.wrong_codes)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Weekday};

    use super::*;
    use crate::schedule::WeeklyWindow;

    fn noon_on_weekdays() -> Schedule {
        Schedule {
            weekly: vec![WeeklyWindow {
                days: vec![
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                ],
                start: chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
                end: chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            }],
            ..Schedule::always()
        }
    }

    fn tuesday(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 24)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    #[test]
    fn each_refusal_has_its_reason() {
        let schedule = noon_on_weekdays();
        let code = EnteredCode {
            person_paused: false,
            on_this_door: true,
            held_by_lock: true,
            schedule: &schedule,
            uses: 0,
        };
        assert_eq!(
            judge_entry(false, Some(code), tuesday(12, 30)),
            KeypadVerdict::Opens
        );
        assert_eq!(
            judge_entry(false, Some(code), tuesday(15, 0)),
            KeypadVerdict::Refused(DeniedReason::OutsideSchedule)
        );
        assert_eq!(
            judge_entry(false, None, tuesday(12, 30)),
            KeypadVerdict::Refused(DeniedReason::WrongCode)
        );
        assert_eq!(
            judge_entry(true, Some(code), tuesday(12, 30)),
            KeypadVerdict::Refused(DeniedReason::KeypadLockedOut)
        );
        let paused = EnteredCode {
            person_paused: true,
            ..code
        };
        assert_eq!(
            judge_entry(false, Some(paused), tuesday(12, 30)),
            KeypadVerdict::Refused(DeniedReason::Paused)
        );
        let elsewhere = EnteredCode {
            on_this_door: false,
            ..code
        };
        assert_eq!(
            judge_entry(false, Some(elsewhere), tuesday(12, 30)),
            KeypadVerdict::Refused(DeniedReason::WrongCode)
        );
        let not_yet_on_lock = EnteredCode {
            held_by_lock: false,
            ..code
        };
        assert_eq!(
            judge_entry(false, Some(not_yet_on_lock), tuesday(12, 30)),
            KeypadVerdict::Refused(DeniedReason::WrongCode)
        );
    }

    #[test]
    fn lockout_is_reached_at_the_policy_count() {
        let policy = KeypadLockout {
            wrong_codes: 5,
            lockout_seconds: 60,
        };
        assert!(!policy.is_reached(4));
        assert!(policy.is_reached(5));
        assert!(
            !KeypadLockout {
                wrong_codes: 0,
                lockout_seconds: 60
            }
            .is_reached(100)
        );
    }
}
