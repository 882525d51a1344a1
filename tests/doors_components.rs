//! Browser tests for the Doors page's pieces: the status badge and the site
//! summary's plain words.
#![cfg(target_arch = "wasm32")]

use latchkey::components::{
    site_summary_card::{all_clear, details, headline},
    status_badge::{StatusBadge, state_label},
};
use latchkey_core::{
    ids::{LockId, SiteId},
    lock::{LockCommand, LockState},
    refs::DoorRef,
    site::{DoorAttention, SiteSummary},
};
use leptos::prelude::*;
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
fn the_summary_lists_offline_battery_and_pending() {
    let site = SiteSummary {
        offline: 1,
        low_battery: 2,
        pending: 1,
        ..maple()
    };
    assert_eq!(
        details(&site),
        ["1 offline", "2 low battery", "1 door updating codes"]
    );
    assert!(details(&maple()).is_empty());
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
