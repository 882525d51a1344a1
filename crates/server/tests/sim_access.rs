//! Who may drive the simulator (issue 20, item 15): an action on a lock needs the
//! lock's site to be one the account sees (404 otherwise, like any id); the
//! clock, the faults and a reset are every site's, so only an account that
//! manages every site may change them (403 for the others).

mod support;

use axum::http::StatusCode;
use latchkey_server::{clock::ClockSetting, faults::FaultSettings};
use serde_json::json;
use support::{Answer, TestServer};

fn forbidden(answer: &Answer, what: &str) {
    assert_eq!(
        answer.status,
        StatusCode::FORBIDDEN,
        "{what}: {}",
        answer.body
    );
    assert_eq!(answer.code(), "forbidden", "{what}");
    assert!(
        answer.body["message"]
            .as_str()
            .is_some_and(|m| m.contains("every site")),
        "{what}: {}",
        answer.body
    );
}

#[tokio::test]
async fn a_homeowner_cannot_change_the_shared_clock_faults_or_demo_data() {
    let server = TestServer::as_homeowner().await;
    let clock = server
        .send(
            "PUT",
            "/api/v1/sim/clock",
            Some(json!({"mode": "offset", "seconds": 86_400})),
            &[],
        )
        .await;
    forbidden(&clock, "PUT /sim/clock");
    assert_eq!(server.state.clock.setting(), ClockSetting::Real);

    let faults = server
        .send(
            "PUT",
            "/api/v1/sim/faults",
            Some(json!({"error_rate": 1.0})),
            &[],
        )
        .await;
    forbidden(&faults, "PUT /sim/faults");
    assert_eq!(server.state.faults.get(), FaultSettings::default());

    server
        .post("/api/v1/people/person-maple-leo/pause", json!({}))
        .await;
    let reset = server.post("/api/v1/sim/reset", json!({})).await;
    forbidden(&reset, "POST /sim/reset");
    assert_eq!(
        server.get("/api/v1/people/person-maple-leo").await.body["status"],
        "paused",
        "nothing was reset"
    );
    // Reading the clock is harmless and stays open to every account.
    assert_eq!(server.get("/api/v1/sim/clock").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_manager_of_every_site_may_change_them() {
    let server = TestServer::as_manager().await;
    let clock = server
        .send(
            "PUT",
            "/api/v1/sim/clock",
            Some(json!({"mode": "offset", "seconds": 60})),
            &[],
        )
        .await;
    assert_eq!(clock.status, StatusCode::OK, "{}", clock.body);
    let faults = server
        .send(
            "PUT",
            "/api/v1/sim/faults",
            Some(json!({"lock_delay_ms": 5})),
            &[],
        )
        .await;
    assert_eq!(faults.status, StatusCode::OK, "{}", faults.body);
    assert_eq!(server.state.faults.get().lock_delay_ms, 5);
    let reset = server.post("/api/v1/sim/reset", json!({})).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn lock_actions_on_another_sites_lock_answer_like_a_made_up_lock() {
    let server = TestServer::as_homeowner().await;
    let before = server.count("events");
    for (action, body) in [
        ("keypad", json!({"pin": "123456"})),
        ("manual", json!({"action": "unlock"})),
        ("phone", json!({"on": true})),
        ("online", json!({"on": false})),
        ("jam", json!({"on": true})),
        ("battery", json!({"percent": 1})),
        ("door", json!({"on": true})),
        ("factory-reset", json!({})),
        ("unknown-codes", json!({"pin": "2468"})),
    ] {
        let other = server
            .post(
                &format!("/api/v1/sim/locks/lock-harbor-lobby/{action}"),
                body.clone(),
            )
            .await;
        let made_up = server
            .post(&format!("/api/v1/sim/locks/lock-made-up/{action}"), body)
            .await;
        assert_eq!(
            other.status,
            StatusCode::NOT_FOUND,
            "{action}: {}",
            other.body
        );
        assert_eq!(other.body, made_up.body, "{action}");
    }
    assert_eq!(server.count("events"), before, "nothing happened anywhere");
    // Their own locks answer.
    let own = server
        .post(
            "/api/v1/sim/locks/lock-maple-front/door",
            json!({"on": true}),
        )
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
}

#[tokio::test]
async fn without_the_simulation_api_there_is_none() {
    let (mut config, dist) = TestServer::test_config();
    config.sim_api = false;
    let server = TestServer::with_config(config, dist)
        .login("morgan", "harbor-view")
        .await;
    let clock = server
        .send(
            "PUT",
            "/api/v1/sim/clock",
            Some(json!({"mode": "offset", "seconds": 60})),
            &[],
        )
        .await;
    assert_eq!(clock.status, StatusCode::NOT_FOUND);
    assert_eq!(server.state.clock.setting(), ClockSetting::Real);
}
