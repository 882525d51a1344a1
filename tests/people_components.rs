//! Browser tests for the add-person form's pieces: the PIN field's messages and
//! the door checklist.
#![cfg(target_arch = "wasm32")]

use latchkey::components::{door_checklist::DoorChecklist, pin_field::local_problem};
use latchkey_core::{ids::LockId, lock::Lock, site::CodePolicy};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn lock(id: &str, name: &str, min: u8, max: u8) -> Lock {
    let mut lock: Lock =
        serde_json::from_str(include_str!("../crates/latchkey-core/fixtures/lock.json")).unwrap();
    lock.id = LockId::from(id);
    lock.name = name.into();
    lock.capabilities.pin_length.min = min;
    lock.capabilities.pin_length.max = max;
    lock
}

#[wasm_bindgen_test]
fn the_pin_field_explains_each_problem_as_it_is_typed() {
    let policy = CodePolicy::default();
    let gate = [lock("gate", "Side gate", 4, 4)];
    assert_eq!(
        local_problem("12a", &policy, &[]).as_deref(),
        Some("A PIN can only contain digits 0–9.")
    );
    assert_eq!(
        local_problem("123", &policy, &[]).as_deref(),
        Some("This site allows PINs of 4 or 6 digits.")
    );
    assert_eq!(
        local_problem("1111", &policy, &[]).as_deref(),
        Some("A PIN of one repeated digit (like 1111) is too easy to guess.")
    );
    assert_eq!(
        local_problem("5432", &policy, &[]).as_deref(),
        Some("A PIN of digits in a row (like 1234 or 5432) is too easy to guess.")
    );
    assert_eq!(
        local_problem("615243", &policy, &gate).as_deref(),
        Some("Side gate only accepts PINs of 4 digits.")
    );
    assert_eq!(local_problem("6152", &policy, &gate), None);
}

fn checkboxes() -> Vec<web_sys::HtmlInputElement> {
    let list = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .query_selector_all("#checklist-test input[type=checkbox]")
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into().unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn all_doors_of_a_site_are_chosen_in_one_tick() {
    let chosen = RwSignal::new(Vec::<LockId>::new());
    let doors = vec![
        lock("front", "Front door", 4, 8),
        lock("back", "Back door", 4, 8),
    ];
    leptos::mount::mount_to_body(move || {
        view! { <div id="checklist-test"><DoorChecklist site_name="Maple Street".into() doors=doors.clone() chosen=chosen error=Signal::derive(|| None::<String>)/></div> }
    });
    leptos::task::tick().await;
    let boxes = checkboxes();
    assert_eq!(boxes.len(), 3, "the 'all doors' box and one per door");
    boxes[0].click();
    leptos::task::tick().await;
    assert_eq!(
        chosen.get_untracked(),
        vec![LockId::from("front"), LockId::from("back")]
    );
    assert!(checkboxes().iter().all(|b| b.checked()));
    checkboxes()[2].click();
    leptos::task::tick().await;
    assert_eq!(chosen.get_untracked(), vec![LockId::from("front")]);
    assert!(!checkboxes()[0].checked(), "no longer every door");
}

#[wasm_bindgen_test]
async fn a_door_search_that_finds_nothing_says_so() {
    let chosen = RwSignal::new(Vec::<LockId>::new());
    // More doors than are listed at once, so the checklist has its search.
    let doors: Vec<Lock> = (1..=61)
        .map(|n| lock(&format!("unit-{n}"), &format!("Unit {n}"), 4, 8))
        .collect();
    leptos::mount::mount_to_body(move || {
        view! { <div id="checklist-search-test"><DoorChecklist site_name="Harbor View".into() doors=doors.clone() chosen=chosen error=Signal::derive(|| None::<String>)/></div> }
    });
    leptos::task::tick().await;
    let document = web_sys::window().unwrap().document().unwrap();
    let status = || {
        document
            .query_selector("#checklist-search-test [role=status]")
            .unwrap()
            .expect("the checklist has a status line")
            .text_content()
            .unwrap_or_default()
    };
    assert_eq!(status(), "");
    let search: web_sys::HtmlInputElement = document
        .query_selector("#checklist-search-test input[type=search]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    search.set_value("Lobby");
    search
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(
        status(),
        "No door matches “Lobby”. Check the spelling, or clear the search."
    );
    search.set_value("Unit 6");
    search
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(status(), "");
}
