//! Alert rules fire on the backend as events are recorded: into the inbox, the
//! live stream (`alert_fired`) and the outbox — with no browser open.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::{TestServer, local};

#[tokio::test]
async fn the_dog_walkers_arrival_fires_an_alert_into_the_inbox_and_the_stream() {
    let server = TestServer::as_homeowner().await;
    server.settle().await;
    server.set_local_time("America/New_York", local(2026, 11, 24, 12, 30));
    assert_eq!(server.get("/api/v1/alerts/unread").await.body["count"], 0);
    let opened = server
        .post(
            "/api/v1/sim/locks/lock-maple-front/keypad",
            json!({"pin": "4826"}),
        )
        .await;
    assert_eq!(opened.body["opened"], true);

    let inbox = server.get("/api/v1/alerts").await.body;
    let alert = &inbox["items"][0];
    assert_eq!(alert["rule_name"], "Dog walker arrived");
    assert_eq!(
        alert["message"],
        "Sam (dog walker) unlocked Front door with the keypad"
    );
    assert_eq!(alert["read"], false);
    assert_eq!(inbox["items"].as_array().unwrap().len(), 1);
    let fired = server.get("/api/v1/events?kind=alert_fired").await.body;
    assert_eq!(fired["items"][0]["kind"]["alert_id"], alert["id"]);

    // Someone else's entry fires nothing.
    server
        .post(
            "/api/v1/sim/locks/lock-maple-front/keypad",
            json!({"pin": "6194"}),
        )
        .await;
    assert_eq!(server.get("/api/v1/alerts/unread").await.body["count"], 1);

    let id = alert["id"].as_str().unwrap();
    let read = server
        .post(&format!("/api/v1/alerts/{id}/read"), json!({}))
        .await;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    assert_eq!(server.get("/api/v1/alerts/unread").await.body["count"], 0);
    assert_eq!(
        server.get("/api/v1/alerts?unread=true").await.body["items"],
        json!([])
    );
    let missing = server
        .post("/api/v1/alerts/alert-nope/read", json!({}))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn five_wrong_codes_lock_the_keypad_and_alert_once_with_an_sms() {
    let server = TestServer::as_homeowner().await;
    // Thursday 3 December, 22:43 in New York; Maple Street locks a keypad for 60 s.
    server.set_local_time("America/New_York", support::local(2026, 12, 3, 22, 43));
    for n in 0..6 {
        server
            .post(
                "/api/v1/sim/locks/lock-maple-back/keypad",
                json!({"pin": format!("00{n}9")}),
            )
            .await;
    }
    let lockouts = server.get("/api/v1/events?kind=keypad_lockout").await.body;
    assert_eq!(lockouts["items"].as_array().unwrap().len(), 1);
    let alerts = server.get("/api/v1/alerts").await.body;
    let alerts = alerts["items"].as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["rule_name"], "Someone is guessing codes");
    // How many, within how long, and that the keypad locked: not only the last entry.
    assert_eq!(
        alerts[0]["message"],
        "5 wrong codes at Back door within 10 min; its keypad is locked until 22:44"
    );
    assert_eq!(alerts[0]["local_at"], "2026-12-03T22:43:00");
    let outbox = server.get("/api/v1/outbox").await.body;
    let sms = &outbox[0];
    assert_eq!(
        (sms["channel"].as_str(), sms["to"].as_str()),
        (Some("sms"), Some("+1 555 0101"))
    );
    assert_eq!(
        sms["body"],
        "Someone is guessing codes: 5 wrong codes at Back door within 10 min; its keypad is locked until 22:44"
    );
}

#[tokio::test]
async fn a_new_rule_fires_for_a_code_change_and_a_disabled_one_does_not() {
    let server = TestServer::as_homeowner().await;
    let rule = server
        .create(
            "/api/v1/sites/site-maple/alert-rules",
            json!({"name": "Codes changed", "trigger": {"type": "code_changed"}, "channels": [{"type": "email", "to": "alex@example.com"}]}),
        )
        .await;
    assert_eq!(rule.status, StatusCode::CREATED, "{:?}", rule.body);
    server
        .patch(
            "/api/v1/codes/code-maple-rosa",
            json!({"name": "Cleaning (weekly)"}),
        )
        .await;
    let alerts = server.get("/api/v1/alerts").await.body;
    assert_eq!(alerts["items"][0]["rule_name"], "Codes changed");
    let outbox = server.get("/api/v1/outbox").await.body;
    assert_eq!(outbox[0]["subject"], "Latchkey alert: Codes changed");

    let id = rule.body["id"].as_str().unwrap();
    server
        .patch(
            &format!("/api/v1/alert-rules/{id}"),
            json!({"enabled": false}),
        )
        .await;
    server
        .patch("/api/v1/codes/code-maple-rosa", json!({"name": "Cleaning"}))
        .await;
    let after = server.get("/api/v1/alerts").await.body;
    assert_eq!(after["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn events_carry_the_sites_wall_clock_time() {
    let server = TestServer::as_homeowner().await;
    server.set_local_time("America/New_York", local(2026, 11, 24, 12, 30));
    server
        .post(
            "/api/v1/sim/locks/lock-maple-front/keypad",
            json!({"pin": "4826"}),
        )
        .await;
    let events = server
        .get("/api/v1/events?kind=unlocked&limit=1")
        .await
        .body;
    assert_eq!(events["items"][0]["at"], "2026-11-24T17:30:00Z");
    assert_eq!(events["items"][0]["local_at"], "2026-11-24T12:30:00");
}
