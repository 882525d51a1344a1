//! latchkey-core's rules for what people type, as the server applies them
//! (issue 20, item 17): a PIN is digits only, with no space around it; a name
//! (of a person, a code, a door, a site, an alert rule) may not hold direction
//! controls or zero-width characters, which make one name look like another.

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{Answer, TestServer};

/// Tables a refused request must leave alone.
fn snapshot(server: &TestServer) -> Vec<i64> {
    ["people", "codes", "alert_rules", "events"]
        .iter()
        .map(|t| server.count(t))
        .collect()
}

#[tokio::test]
async fn a_pin_with_a_space_around_it_is_refused() {
    let server = TestServer::as_homeowner().await;
    let before = snapshot(&server);
    for pin in [" 5927", "5927 ", "\t5927"] {
        let check = server
            .post(
                "/api/v1/codes/check",
                json!({"site_id": "site-maple", "pin": pin, "doors": ["lock-maple-front"]}),
            )
            .await;
        assert_eq!(
            check.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{pin:?}: {}",
            check.body
        );
        assert_eq!(check.body["field"], "pin");
        assert_eq!(check.body["detail"]["problem"], "not_digits");

        let create = server
            .create(
                "/api/v1/codes",
                json!({"person_id": "person-maple-leo", "name": "Spare", "pin": {"choice": "custom", "pin": pin}, "doors": ["lock-maple-front"], "schedule": {}, "preset": "custom"}),
            )
            .await;
        assert!(create.status.is_client_error(), "{pin:?}: {}", create.body);
        assert_eq!(create.body["field"], "pin", "{pin:?}");
    }
    // At the keypad, the PIN with a space is a wrong code, not Jordan's 5081.
    let typed = server
        .post(
            "/api/v1/sim/locks/lock-maple-front/keypad",
            json!({"pin": " 5081"}),
        )
        .await;
    assert_eq!(typed.body["opened"], false, "{}", typed.body);
    // Only that keypad entry was recorded; nothing was saved.
    let after = snapshot(&server);
    assert_eq!(after[..3], before[..3]);
}

/// The ways a name is given to the server, each with its field name.
async fn name_writes(server: &TestServer, name: &str) -> Vec<(&'static str, Answer)> {
    let person = |name: &str| json!({"name": name, "kind": "guest"});
    let code = |name: &str| json!({"person_id": "person-maple-leo", "name": name, "pin": {"choice": "generate", "length": null}, "doors": ["lock-maple-front"], "schedule": {}, "preset": "custom"});
    let rule = |name: &str| json!({"name": name, "trigger": {"type": "low_battery"}});
    let only_name = |name: &str| -> Value { json!({"name": name}) };
    vec![
        (
            "new person",
            server
                .create("/api/v1/sites/site-maple/people", person(name))
                .await,
        ),
        (
            "renamed person",
            server
                .patch("/api/v1/people/person-maple-leo", only_name(name))
                .await,
        ),
        ("new code", server.create("/api/v1/codes", code(name)).await),
        (
            "renamed code",
            server
                .patch("/api/v1/codes/code-maple-leo", only_name(name))
                .await,
        ),
        (
            "renamed door",
            server
                .patch("/api/v1/locks/lock-maple-front", only_name(name))
                .await,
        ),
        (
            "renamed site",
            server
                .patch("/api/v1/sites/site-maple", only_name(name))
                .await,
        ),
        (
            "new alert rule",
            server
                .create("/api/v1/sites/site-maple/alert-rules", rule(name))
                .await,
        ),
        (
            "renamed alert rule",
            server
                .patch("/api/v1/alert-rules/alert-maple-walker", only_name(name))
                .await,
        ),
    ]
}

#[tokio::test]
async fn names_with_direction_controls_or_zero_width_characters_are_refused_naming_the_field() {
    let server = TestServer::as_homeowner().await;
    let before = snapshot(&server);
    let cases = [
        ("Alex\u{202e}xelA", "direction"), // right-to-left override
        ("Alex\u{2066}Rivera", "direction"),
        ("Al\u{200f}ex", "direction"),
        ("Al\u{200b}ex", "invisible"), // zero-width space
        ("\u{feff}Alex", "invisible"),
        ("Al\u{2060}ex", "invisible"),
    ];
    for (name, says) in cases {
        for (what, answer) in name_writes(&server, name).await {
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{what} {name:?}: {}",
                answer.body
            );
            assert_eq!(answer.body["field"], "name", "{what}");
            let message = answer.body["message"].as_str().unwrap();
            assert!(message.contains(says), "{what}: {message}");
        }
    }
    assert_eq!(snapshot(&server), before, "nothing was written");
    // An ordinary name in another script still goes everywhere.
    for (what, answer) in name_writes(&server, "José Núñez محمد").await {
        assert!(answer.status.is_success(), "{what}: {}", answer.body);
    }
}
