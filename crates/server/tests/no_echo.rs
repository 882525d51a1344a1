//! No error message repeats a submitted value (issue 20, item 13): bodies,
//! queries and paths that do not parse are answered 400 in the error shape,
//! naming the field and what it should be, never what was sent. A PIN sent as a
//! number, or a numeric password, must not come back.

mod support;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use latchkey_server::security::{CLIENT_HEADER, CLIENT_HEADER_VALUE};
use serde_json::{Value, json};
use support::{Answer, TestServer};

/// The submitted value that must not appear anywhere in the answer.
const SENT: &str = "5081";

fn refused_without_echo(answer: &Answer, what: &str) {
    assert_eq!(
        answer.status,
        StatusCode::BAD_REQUEST,
        "{what}: {}",
        answer.body
    );
    assert_eq!(answer.code(), "bad_request", "{what}");
    let message = answer.body["message"].as_str().unwrap_or("");
    assert!(!message.is_empty(), "{what}: no message");
    let text = answer.body.to_string();
    assert!(
        !text.contains(SENT),
        "{what} repeats the value sent: {text}"
    );
}

#[tokio::test]
async fn a_pin_sent_as_a_number_is_named_not_repeated() {
    let server = TestServer::as_homeowner().await;
    let answer = server
        .post(
            "/api/v1/codes/check",
            json!({"site_id": "site-maple", "pin": 5081, "doors": []}),
        )
        .await;
    refused_without_echo(&answer, "a numeric PIN at /codes/check");
    assert_eq!(answer.body["message"], "pin: expected a string");
    assert_eq!(answer.body["field"], "pin");

    let create = server
        .create(
            "/api/v1/codes",
            json!({"person_id": "person-maple-leo", "name": "Spare", "pin": {"choice": "custom", "pin": 5081}, "doors": ["lock-maple-front"], "schedule": {}, "preset": "custom"}),
        )
        .await;
    refused_without_echo(&create, "a numeric custom PIN at POST /codes");
}

#[tokio::test]
async fn a_numeric_password_at_sign_in_is_not_repeated() {
    let server = TestServer::new();
    let answer = server
        .post(
            "/api/v1/session",
            json!({"username": "alex", "password": 5081}),
        )
        .await;
    refused_without_echo(&answer, "a numeric password");
    assert_eq!(answer.body["message"], "password: expected a string");
    for password in [
        json!([5081]),
        json!({"pin": 5081}),
        json!(5081.5),
        json!(true),
    ] {
        let answer = server
            .post(
                "/api/v1/session",
                json!({"username": "alex", "password": password}),
            )
            .await;
        refused_without_echo(&answer, &format!("password {password}"));
    }
}

#[tokio::test]
async fn other_shapes_of_body_name_the_field_only() {
    let server = TestServer::as_homeowner().await;
    let people = "/api/v1/sites/site-maple/people";
    let cases: Vec<(&str, &str, Value)> = vec![
        (
            people,
            "an unknown kind",
            json!({"name": "A", "kind": "wizard5081"}),
        ),
        (
            people,
            "a numeric name",
            json!({"name": 5081, "kind": "guest"}),
        ),
        (
            people,
            "an unknown field",
            json!({"name": "A", "kind": "guest", "5081": true}),
        ),
        (
            people,
            "an unknown field named like a PIN",
            json!({"name": "A", "kind": "guest", "pin5081": 1}),
        ),
        (
            "/api/v1/codes/check",
            "a PIN as a list",
            json!({"site_id": "site-maple", "pin": ["5081"], "doors": []}),
        ),
        (
            "/api/v1/codes/check",
            "a PIN as an object",
            json!({"site_id": "site-maple", "pin": {"digits": "5081"}, "doors": []}),
        ),
        (
            "/api/v1/sim/locks/lock-maple-front/battery",
            "a battery level out of range",
            json!({"percent": 5081}),
        ),
        (
            "/api/v1/sim/locks/lock-maple-front/manual",
            "an unknown action",
            json!({"action": "open5081"}),
        ),
    ];
    for (uri, what, body) in cases {
        let answer = server.create(uri, body).await;
        refused_without_echo(&answer, what);
    }
    let kind = server
        .create(people, json!({"name": "A", "kind": "wizard5081"}))
        .await;
    assert_eq!(kind.body["field"], "kind");
    assert!(
        kind.body["message"]
            .as_str()
            .unwrap()
            .starts_with("kind: expected one of"),
        "{}",
        kind.body
    );
    // Broken JSON says where, not what.
    let broken = server
        .raw(
            Request::post("/api/v1/codes/check")
                .header(header::COOKIE, server.cookie.clone().unwrap())
                .header(header::CONTENT_TYPE, "application/json")
                .header(CLIENT_HEADER, CLIENT_HEADER_VALUE)
                .body(Body::from(r#"{"site_id": "site-maple", "pin": "5081", "#))
                .unwrap(),
        )
        .await;
    refused_without_echo(&broken, "broken JSON");
    assert!(
        broken.body["message"]
            .as_str()
            .unwrap()
            .starts_with("The request body is not valid JSON"),
        "{}",
        broken.body
    );
}

#[tokio::test]
async fn query_strings_and_paths_name_the_parameter_only() {
    let server = TestServer::as_homeowner().await;
    for uri in [
        "/api/v1/people?status=sleepy5081",
        "/api/v1/people?kind=5081",
        "/api/v1/locks?limit=5081x",
        "/api/v1/locks?state=exploded5081",
        "/api/v1/locks?problem=jammed,asleep5081",
        "/api/v1/locks?online=5081",
        "/api/v1/events?since=5081",
        "/api/v1/events/stream?last_event_id=x5081",
        "/api/v1/people/%FF5081",
        "/api/v1/codes/%C3%28-5081/reveal",
    ] {
        let answer = server.get(uri).await;
        if answer.status == StatusCode::NOT_FOUND {
            // A path that does not parse may also be no such thing: still no echo.
            assert!(
                !answer.body.to_string().contains(SENT),
                "{uri}: {}",
                answer.body
            );
            continue;
        }
        refused_without_echo(&answer, uri);
    }
    let status = server.get("/api/v1/people?status=sleepy5081").await;
    assert_eq!(status.body["field"], "status");
}
