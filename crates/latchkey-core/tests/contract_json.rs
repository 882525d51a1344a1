//! Every contract type against its committed JSON example (`fixtures/`): each
//! example parses into its type and comes back out as the same JSON, so the wire
//! names are stable. The server's and the app's tests load the same files.

use latchkey_core::{
    account::{Account, LoginRequest},
    alert::AlertRule,
    code::{AccessCode, AccessCodeChange, CodeAccess, NewAccessCode, RevealedPin, UnknownCode},
    error::{ErrorBody, ErrorCode},
    event::Event,
    health::Health,
    lock::Lock,
    outbox::OutboxMessage,
    paging::Page,
    person::Person,
    pin::PinProblem,
    schedule::{Access, Schedule},
    site::Site,
    sync::SyncState,
};
use proptest::prelude::*;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

/// Parses `fixtures/{name}.json` as `T`, writes it back, and compares the JSON.
fn round_trip<T: Serialize + DeserializeOwned>(name: &str) -> T {
    let path = format!("{}/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let original: Value = serde_json::from_str(&text).unwrap();
    let typed: T =
        serde_json::from_value(original.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let again = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        without_nulls(again),
        without_nulls(original),
        "{name} changed in the round trip"
    );
    typed
}

/// `null` and a missing optional field mean the same on the wire.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[test]
fn every_fixture_round_trips_through_its_type() {
    round_trip::<Site>("site");
    round_trip::<Lock>("lock");
    round_trip::<Person>("person");
    round_trip::<Schedule>("schedule");
    round_trip::<AccessCode>("access_code");
    round_trip::<NewAccessCode>("new_access_code");
    round_trip::<AccessCodeChange>("access_code_change");
    round_trip::<RevealedPin>("revealed_pin");
    round_trip::<UnknownCode>("unknown_code");
    round_trip::<Vec<SyncState>>("sync_state");
    round_trip::<Vec<Event>>("event");
    round_trip::<AlertRule>("alert_rule");
    round_trip::<Page<Site>>("page");
    round_trip::<Account>("account");
    round_trip::<LoginRequest>("login_request");
    round_trip::<OutboxMessage>("outbox_message");
    round_trip::<Health>("health");
    round_trip::<PinProblem>("pin_problem");
    round_trip::<Access>("access");
    round_trip::<CodeAccess>("code_access");
    round_trip::<latchkey_core::week::WeekView>("week_view");
    round_trip::<latchkey_core::site::SiteTime>("site_time");
    let error = round_trip::<ErrorBody>("error_body");
    assert_eq!(error.code.status(), 409);
    let detail: PinProblem = serde_json::from_value(error.detail.unwrap()).unwrap();
    assert!(matches!(detail, PinProblem::AlreadyUsed { .. }));
}

#[test]
fn every_error_code_has_its_own_status() {
    use ErrorCode::*;
    let codes = [
        BadRequest,
        Unauthenticated,
        Forbidden,
        NotFound,
        Conflict,
        PreconditionFailed,
        PayloadTooLarge,
        Invalid,
        PreconditionRequired,
        RateLimited,
        Internal,
        Unavailable,
    ];
    let statuses: std::collections::BTreeSet<u16> = codes.iter().map(|c| c.status()).collect();
    assert_eq!(statuses.len(), codes.len());
}

#[test]
fn a_revealed_pin_is_hidden_in_debug_output() {
    let revealed = round_trip::<RevealedPin>("revealed_pin");
    assert!(!format!("{revealed:?}").contains("2580"));
    let login = round_trip::<LoginRequest>("login_request");
    assert!(!format!("{login:?}").contains("maple-street"));
}

proptest! {
    /// Arbitrary text never panics any contract parser.
    #[test]
    fn arbitrary_text_never_panics_the_parsers(input in any::<String>()) {
        let _ = serde_json::from_str::<Lock>(&input);
        let _ = serde_json::from_str::<Event>(&input);
        let _ = serde_json::from_str::<NewAccessCode>(&input);
        let _ = serde_json::from_str::<AccessCodeChange>(&input);
        let _ = serde_json::from_str::<ErrorBody>(&input);
    }

    /// Arbitrary JSON values (of the right outline) never panic the parsers either.
    #[test]
    fn arbitrary_json_never_panics_the_parsers(value in arb_json()) {
        let _ = serde_json::from_value::<NewAccessCode>(value.clone());
        let _ = serde_json::from_value::<Schedule>(value.clone());
        let _ = serde_json::from_value::<Event>(value.clone());
        let _ = serde_json::from_value::<Site>(value);
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[0-9:T-]{0,20}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "person_id",
                    "name",
                    "pin",
                    "choice",
                    "doors",
                    "schedule",
                    "preset",
                    "starts_at",
                    "ends_at",
                    "weekly",
                    "days",
                    "start",
                    "end",
                    "exceptions",
                    "use_limit",
                    "id",
                    "at",
                    "site_id",
                    "kind",
                    "type",
                    "method",
                    "time_zone",
                    "policy",
                ])
                .prop_map(str::to_owned),
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
