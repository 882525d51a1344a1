//! latchkey-core compiled to wasm, in the browser: the committed contract
//! fixtures parse, and the PIN generator draws from Web Crypto.
#![cfg(target_arch = "wasm32")]

use latchkey_core::{
    code::AccessCode,
    event::Event,
    lock::Lock,
    pin::{check_pin_shape, generate_pin},
    site::{CodePolicy, Site},
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn contract_fixtures_parse_in_the_browser() {
    let site: Site =
        serde_json::from_str(include_str!("../crates/latchkey-core/fixtures/site.json")).unwrap();
    assert_eq!(site.name, "Maple Street");
    let lock: Lock =
        serde_json::from_str(include_str!("../crates/latchkey-core/fixtures/lock.json")).unwrap();
    assert_eq!(lock.free_slots(), 23);
    let code: AccessCode = serde_json::from_str(include_str!(
        "../crates/latchkey-core/fixtures/access_code.json"
    ))
    .unwrap();
    assert_eq!(code.doors.len(), 2);
    let events: Vec<Event> =
        serde_json::from_str(include_str!("../crates/latchkey-core/fixtures/event.json")).unwrap();
    assert_eq!(events.len(), 3);
}

#[wasm_bindgen_test]
fn generated_pins_come_from_web_crypto_and_pass_the_rules() {
    let policy = CodePolicy::default();
    let lock: Lock =
        serde_json::from_str(include_str!("../crates/latchkey-core/fixtures/lock.json")).unwrap();
    let pins: Vec<String> = (0..20)
        .map(|_| generate_pin(Some(6), &policy, std::slice::from_ref(&lock), &[]).unwrap())
        .inspect(|pin| {
            assert_eq!(
                check_pin_shape(pin, &policy, std::slice::from_ref(&lock)),
                Ok(())
            )
        })
        .map(|pin| pin.reveal().to_owned())
        .collect();
    let distinct: std::collections::BTreeSet<&String> = pins.iter().collect();
    assert!(
        distinct.len() > 15,
        "20 random 6-digit PINs should rarely repeat: {}",
        distinct.len()
    );
}
