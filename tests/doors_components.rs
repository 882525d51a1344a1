//! Browser tests for the Doors page's pieces: the status badge, the site
//! summary's plain words and order, and a door card updated in place.
#![cfg(target_arch = "wasm32")]

use latchkey::{
    components::{
        door_card::DoorCard,
        lock_all_results::{door_result, result_text, results_line},
        site_summary_card::{all_clear, arrange_sites, details, headline},
        status_badge::{StatusBadge, state_label},
    },
    rows_in_place::follow_row,
};
use latchkey_core::{
    ids::{LockId, SiteId},
    lock::{Lock, LockCommand, LockState},
    refs::DoorRef,
    site::{DoorAttention, SiteSummary},
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn maple() -> SiteSummary {
    SiteSummary {
        site_id: SiteId::from("site-maple"),
        name: "Maple Street".into(),
        doors: 4,
        locked: 4,
        unlocked: 0,
        jammed: 0,
        unknown: 0,
        offline: 0,
        low_battery: 0,
        pending: 0,
        attention: vec![],
    }
}

fn attention(name: &str, state: LockState) -> DoorAttention {
    DoorAttention {
        door: DoorRef {
            id: LockId::from(name),
            name: name.into(),
        },
        state,
        online: true,
        battery_low: false,
    }
}

#[wasm_bindgen_test]
fn the_summary_says_all_locked_or_names_the_open_door() {
    assert_eq!(headline(&maple()), "All 4 doors locked");
    assert!(all_clear(&maple()));
    let back_open = SiteSummary {
        locked: 3,
        unlocked: 1,
        attention: vec![attention("Back door", LockState::Unlocked)],
        ..maple()
    };
    assert_eq!(headline(&back_open), "Back door unlocked");
    assert!(!all_clear(&back_open));
    let two_open = SiteSummary {
        locked: 2,
        unlocked: 2,
        attention: vec![
            attention("Back door", LockState::Unlocked),
            attention("Garage", LockState::Unlocked),
        ],
        ..maple()
    };
    assert_eq!(headline(&two_open), "Back door and Garage unlocked");
    let jammed = SiteSummary {
        locked: 3,
        jammed: 1,
        attention: vec![attention("Garage", LockState::Jammed)],
        ..maple()
    };
    assert_eq!(headline(&jammed), "Garage jammed");
    let many = SiteSummary {
        doors: 124,
        locked: 100,
        unlocked: 24,
        ..maple()
    };
    assert_eq!(headline(&many), "24 doors unlocked");
    let quiet = SiteSummary {
        locked: 3,
        unknown: 1,
        offline: 1,
        ..maple()
    };
    assert_eq!(headline(&quiet), "3 of 4 doors locked, 1 not reporting");
    assert_eq!(
        headline(&SiteSummary {
            doors: 0,
            locked: 0,
            ..maple()
        }),
        "No doors yet"
    );
}

#[wasm_bindgen_test]
fn the_summary_names_offline_and_low_battery_doors_and_links_to_them() {
    let offline_garage = DoorAttention {
        online: false,
        ..attention("Garage", LockState::Unknown)
    };
    let low = |name| DoorAttention {
        battery_low: true,
        ..attention(name, LockState::Locked)
    };
    let site = SiteSummary {
        offline: 1,
        low_battery: 2,
        pending: 1,
        attention: vec![low("Back door"), offline_garage, low("Side gate")],
        ..maple()
    };
    let link = |problem: &str| format!("/doors?site=site-maple&problem={problem}");
    assert_eq!(
        details(&site),
        [
            ("Garage: offline".to_owned(), link("offline")),
            (
                "Back door and Side gate: low battery".to_owned(),
                link("low_battery")
            ),
            ("1 door: updating codes".to_owned(), link("codes_waiting")),
        ]
    );
    // More doors than the summary names are counted.
    let many = SiteSummary {
        low_battery: 3,
        ..site
    };
    assert_eq!(details(&many)[1].0, "3 doors: low battery");
    assert!(details(&maple()).is_empty());
}

#[wasm_bindgen_test]
fn lock_all_results_follow_each_door_to_its_end() {
    use latchkey_core::lock::{LockAllOutcome as Outcome, LockingEnd as End};
    let locking = door_result(Outcome::Locking, None);
    assert_eq!(result_text(locking), "Locking now…");
    assert_eq!(
        result_text(door_result(Outcome::Locking, Some(End::Locked))),
        "Locked"
    );
    assert_eq!(
        result_text(door_result(Outcome::Locking, Some(End::Offline))),
        "Not locked: it went offline before it locked"
    );
    assert_eq!(
        result_text(door_result(Outcome::AlreadyLocked, None)),
        "Already locked"
    );
    assert_eq!(
        result_text(door_result(Outcome::OutOfPhoneRange, None)),
        "Not locked: Bluetooth, no phone in range to pass the command on"
    );
    let results = [
        door_result(Outcome::Locking, Some(End::Locked)),
        locking,
        door_result(Outcome::AlreadyLocked, None),
        door_result(Outcome::Jammed, None),
        door_result(Outcome::Locking, Some(End::Jammed)),
    ];
    assert_eq!(
        results_line(&results),
        "1 locked, 1 locking, 1 already locked, 2 not locked."
    );
    assert_eq!(results_line(&[]), "No doors to lock.");
}

#[wasm_bindgen_test]
async fn the_badge_shows_the_state_and_a_pending_command() {
    assert_eq!(state_label(LockState::Locked, None), ("Locked", "ok"));
    assert_eq!(
        state_label(LockState::Unlocked, Some(LockCommand::Lock)),
        ("Locking…", "pending")
    );
    assert_eq!(state_label(LockState::Jammed, None), ("Jammed", "danger"));
    let state = RwSignal::new(LockState::Unlocked);
    let pending = RwSignal::new(None::<LockCommand>);
    leptos::mount::mount_to_body(
        move || view! { <div id="badge-test"><StatusBadge state=state pending=pending/></div> },
    );
    let text = || {
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .query_selector("#badge-test .badge")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(text(), "Unlocked");
    pending.set(Some(LockCommand::Lock));
    leptos::task::tick().await;
    assert_eq!(text(), "Locking…");
    pending.set(None);
    state.set(LockState::Locked);
    leptos::task::tick().await;
    assert_eq!(text(), "Locked");
}

#[wasm_bindgen_test]
fn sites_needing_attention_come_first_and_a_site_fine_again_stays_put() {
    let site = |id: &str, unlocked: u32| SiteSummary {
        site_id: SiteId::from(id),
        name: id.into(),
        locked: 4 - unlocked,
        unlocked,
        ..maple()
    };
    let ids = |list: &[SiteSummary]| {
        list.iter()
            .map(|s| s.site_id.to_string())
            .collect::<Vec<_>>()
    };
    // A new set of sites: the one with an open door first.
    let first = arrange_sites(&[], vec![site("a", 0), site("b", 1), site("c", 0)]);
    assert_eq!(ids(&first), ["b", "a", "c"]);
    // "b" is locked again: it stays where it is, with its new numbers.
    let locked = arrange_sites(&first, vec![site("a", 0), site("b", 0), site("c", 0)]);
    assert_eq!(ids(&locked), ["b", "a", "c"]);
    assert_eq!(locked[0].unlocked, 0);
    // "c" has a door open now: it comes to the front; the others keep their order.
    let opened = arrange_sites(&locked, vec![site("a", 0), site("b", 0), site("c", 2)]);
    assert_eq!(ids(&opened), ["c", "b", "a"]);
    // Still open on the next refresh: nothing moves.
    let still = arrange_sites(&opened, vec![site("b", 0), site("a", 0), site("c", 2)]);
    assert_eq!(ids(&still), ["c", "b", "a"]);
    // A site added: the order is worked out afresh.
    let more = arrange_sites(
        &still,
        vec![site("a", 0), site("b", 0), site("c", 2), site("d", 0)],
    );
    assert_eq!(ids(&more), ["c", "a", "b", "d"]);
}

fn front_door(state: LockState, pending_command: Option<LockCommand>) -> Lock {
    let mut lock: Lock =
        serde_json::from_str(include_str!("../crates/latchkey-core/fixtures/lock.json")).unwrap();
    lock.id = LockId::from("lock-front");
    lock.name = "Front door".into();
    lock.online = true;
    lock.state = state;
    lock.pending_command = pending_command;
    lock
}

#[wasm_bindgen_test]
async fn a_door_card_follows_its_door_keeping_the_focus_and_says_when_done() {
    let rows = RwSignal::new(vec![front_door(LockState::Unlocked, None)]);
    let sent = RwSignal::new(Vec::<bool>::new());
    let error = RwSignal::new(None::<String>);
    let on_command =
        Callback::new(move |(_, wants_lock): (Lock, bool)| sent.update(|s| s.push(wants_lock)));
    leptos::mount::mount_to_body(move || {
        let lock = follow_row(
            rows.into(),
            |l: &Lock| l.id.clone(),
            rows.get_untracked().remove(0),
        );
        view! { <ul id="card-test"><DoorCard lock=lock site_name=None on_command=on_command error=error/></ul> }
    });
    let document = web_sys::window().unwrap().document().unwrap();
    let find = |selector: &str| {
        document
            .query_selector(&format!("#card-test {selector}"))
            .unwrap()
            .unwrap()
    };
    let text = |selector: &str| find(selector).text_content().unwrap();
    let button: web_sys::HtmlElement = find("button").dyn_into().unwrap();
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Lock Front door")
    );
    assert_eq!(text(".badge"), "Unlocked");

    button.focus().unwrap();
    button.click();
    leptos::task::tick().await;
    assert_eq!(sent.get_untracked(), [true]);
    assert_eq!(text(".badge"), "Locking…");
    assert_eq!(
        button.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    // A second press while the door is busy sends nothing.
    button.click();
    assert_eq!(sent.get_untracked(), [true]);

    // The server takes the command over, then the door locks.
    rows.set(vec![front_door(
        LockState::Unlocked,
        Some(LockCommand::Lock),
    )]);
    leptos::task::tick().await;
    assert_eq!(text(".badge"), "Locking…");
    assert_eq!(text("[role=status]"), "");
    rows.set(vec![front_door(LockState::Locked, None)]);
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(text(".badge"), "Locked");
    assert_eq!(text("[role=status]"), "Front door: Locked");
    // The same button, still focused, now offers the opposite.
    let now: web_sys::HtmlElement = find("button").dyn_into().unwrap();
    assert!(now.is_same_node(Some(&button)));
    assert!(
        document
            .active_element()
            .is_some_and(|e| e.is_same_node(Some(&button)))
    );
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Unlock Front door")
    );
    assert_eq!(
        button.get_attribute("aria-disabled").as_deref(),
        Some("false")
    );

    // A change nobody here asked for is shown but not announced.
    rows.set(vec![front_door(LockState::Unlocked, None)]);
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(text(".badge"), "Unlocked");
    assert_eq!(text("[role=status]"), "Front door: Locked");

    // A command that fails: the badge goes back to what the door is, and only
    // the error speaks.
    button.click();
    leptos::task::tick().await;
    assert_eq!(text(".badge"), "Locking…");
    error.set(Some("The lock did not answer.".into()));
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(text(".badge"), "Unlocked");
    assert_eq!(text("[role=status]"), "");
    assert_eq!(text("[role=alert]"), "The lock did not answer.");

    // A jammed door would lose a command: its button is there, but sends nothing.
    error.set(None);
    rows.set(vec![front_door(LockState::Jammed, None)]);
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(text(".badge"), "Jammed");
    assert_eq!(
        button.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    button.click();
    assert_eq!(sent.get_untracked(), [true, true]);
}
