//! The door rules the app and the backend share: what "Lock all" does with each
//! door, how a door it sent the command to ends up, and what counts as a problem.

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::lock;
use latchkey_core::{
    event::{EventKind, Method},
    lock::{DoorProblem, LockAllOutcome, LockCommand, LockState, LockingEnd, Radio},
};

#[test]
fn lock_all_says_a_locked_bluetooth_lock_is_already_locked() {
    let mut gate = lock("gate", "Side gate", 4, 8);
    gate.capabilities.radio = Radio::Bluetooth;
    assert_eq!(
        LockAllOutcome::for_door(&gate, false),
        LockAllOutcome::AlreadyLocked
    );
    gate.state = LockState::Unlocked;
    assert_eq!(
        LockAllOutcome::for_door(&gate, false),
        LockAllOutcome::OutOfPhoneRange
    );
    assert_eq!(
        LockAllOutcome::for_door(&gate, true),
        LockAllOutcome::Locking
    );
}

#[test]
fn lock_all_sends_the_command_only_where_it_can_lock() {
    let mut door = lock("front", "Front door", 4, 8);
    door.state = LockState::Unlocked;
    assert_eq!(
        LockAllOutcome::for_door(&door, false),
        LockAllOutcome::Locking
    );
    door.state = LockState::Locked;
    door.pending_command = Some(LockCommand::Unlock);
    assert_eq!(
        LockAllOutcome::for_door(&door, false),
        LockAllOutcome::Locking
    );
    door.state = LockState::Jammed;
    assert_eq!(
        LockAllOutcome::for_door(&door, false),
        LockAllOutcome::Jammed
    );
    door.online = false;
    door.state = LockState::Locked;
    assert_eq!(
        LockAllOutcome::for_door(&door, true),
        LockAllOutcome::Offline
    );
    assert!(LockAllOutcome::Offline.left_unlocked());
    assert!(!LockAllOutcome::AlreadyLocked.left_unlocked());
}

#[test]
fn a_door_sent_the_lock_command_ends_as_its_lock_reports() {
    let mut door = lock("front", "Front door", 4, 8);
    door.state = LockState::Unlocked;
    door.pending_command = Some(LockCommand::Lock);
    assert_eq!(LockingEnd::of(&door), None);
    door.online = false;
    assert_eq!(LockingEnd::of(&door), Some(LockingEnd::Offline));
    door.online = true;
    door.pending_command = None;
    door.state = LockState::Locked;
    assert_eq!(LockingEnd::of(&door), Some(LockingEnd::Locked));
    door.state = LockState::Jammed;
    assert_eq!(LockingEnd::of(&door), Some(LockingEnd::Jammed));
    door.state = LockState::Unlocked;
    assert_eq!(LockingEnd::of(&door), Some(LockingEnd::Unlocked));

    let locked = EventKind::Locked {
        method: Method::Remote,
    };
    assert_eq!(LockingEnd::after(&locked), Some(LockingEnd::Locked));
    assert_eq!(
        LockingEnd::after(&EventKind::Jammed),
        Some(LockingEnd::Jammed)
    );
    assert_eq!(
        LockingEnd::after(&EventKind::LockOffline),
        Some(LockingEnd::Offline)
    );
    assert_eq!(LockingEnd::after(&EventKind::CodeCreated), None);
}

#[test]
fn door_problems_and_their_order() {
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut door = lock("front", "Front door", 4, 8);
    assert!(DoorProblem::ALL.iter().all(|p| !door.has_problem(*p, now)));
    assert_eq!(door.problem_rank(now), DoorProblem::ALL.len());
    door.battery_percent = 15;
    assert!(door.has_problem(DoorProblem::LowBattery, now));
    let low_battery = door.problem_rank(now);
    door.keypad_locked_until = Some(now + Duration::seconds(30));
    assert!(door.has_problem(DoorProblem::KeypadLockedOut, now));
    assert!(!door.has_problem(DoorProblem::KeypadLockedOut, now + Duration::minutes(1)));
    let locked_out = door.problem_rank(now);
    door.online = false;
    let offline = door.problem_rank(now);
    door.state = LockState::Jammed;
    assert!(door.problem_rank(now) < offline && offline < locked_out && locked_out < low_battery);
    for problem in DoorProblem::ALL {
        assert_eq!(DoorProblem::from_name(problem.name()), Some(problem));
    }
    assert_eq!(DoorProblem::from_name("asleep"), None);
}
