//! The simulator on the controllable clock: keypad entries judged by the real
//! schedules and rules, lockouts, Bluetooth and offline locks, jams and "Lock all".

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{TestServer, local};

const NEW_YORK: &str = "America/New_York";

async fn enter(server: &TestServer, lock: &str, pin: &str) -> Value {
    let answer = server
        .post(
            &format!("/api/v1/sim/locks/{lock}/keypad"),
            json!({"pin": pin}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body
}

#[tokio::test]
async fn the_dog_walker_gets_in_on_weekday_lunchtimes_only() {
    let server = TestServer::as_homeowner().await;
    // 24 November 2026 is a Tuesday.
    server.set_local_time(NEW_YORK, local(2026, 11, 24, 12, 30));
    assert_eq!(
        enter(&server, "lock-maple-front", "4826").await["opened"],
        true
    );
    server.set_local_time(NEW_YORK, local(2026, 11, 24, 15, 0));
    assert_eq!(
        enter(&server, "lock-maple-front", "4826").await["reason"],
        "outside_schedule"
    );
    server.set_local_time(NEW_YORK, local(2026, 11, 28, 12, 30));
    assert_eq!(
        enter(&server, "lock-maple-front", "4826").await["reason"],
        "outside_schedule"
    );
    // Not one of the dog walker's doors.
    server.set_local_time(NEW_YORK, local(2026, 11, 24, 12, 30));
    assert_eq!(
        enter(&server, "lock-maple-garage", "4826").await["reason"],
        "wrong_code"
    );

    let events = server
        .get("/api/v1/events?lock_id=lock-maple-front&kind=unlocked")
        .await
        .body;
    let unlocked = &events["items"][0];
    assert_eq!(unlocked["person_id"], "person-maple-sam");
    assert_eq!(unlocked["kind"]["method"], "keypad");
    assert_eq!(
        server.get("/api/v1/codes/code-maple-sam").await.body["uses"],
        1
    );
    assert_eq!(
        server.get("/api/v1/locks/lock-maple-front").await.body["state"],
        "unlocked"
    );
}

#[tokio::test]
async fn five_wrong_codes_lock_the_keypad_out() {
    let server = TestServer::as_homeowner().await;
    for attempt in 1..=5 {
        let result = enter(&server, "lock-maple-back", "000000").await;
        assert_eq!(result["reason"], "wrong_code", "attempt {attempt}");
        assert_eq!(
            result.get("locked_out_until").is_some(),
            attempt == 5,
            "attempt {attempt}"
        );
    }
    // Even the right code is refused during the lockout.
    assert_eq!(
        enter(&server, "lock-maple-back", "3917").await["reason"],
        "keypad_locked_out"
    );
    let lockouts = server.get("/api/v1/events?kind=keypad_lockout").await.body;
    assert_eq!(lockouts["items"].as_array().unwrap().len(), 1);
    // After the lockout (60 s at Maple Street) the keypad answers again.
    let later = chrono::Utc::now() + chrono::Duration::seconds(61);
    server
        .state
        .clock
        .set(latchkey_server::clock::ClockSetting::Fixed { at: later });
    assert_eq!(
        enter(&server, "lock-maple-back", "3917").await["opened"],
        true
    );
}

#[tokio::test]
async fn contractor_and_delivery_codes_hold_at_the_keypad() {
    let server = TestServer::as_homeowner().await;
    // The contractor's code was made for the server's "today" (its local date at start).
    let today = server.get("/api/v1/codes/code-maple-pat").await.body["schedule"]["starts_at"]
        .as_str()
        .unwrap()
        .to_owned();
    let today = chrono::NaiveDateTime::parse_from_str(&today, "%Y-%m-%dT%H:%M:%S").unwrap();
    server.set_local_time(NEW_YORK, today + chrono::Duration::hours(10));
    assert_eq!(
        enter(&server, "lock-maple-back", "3071").await["opened"],
        true
    );
    server.set_local_time(NEW_YORK, today + chrono::Duration::hours(34));
    assert_eq!(
        enter(&server, "lock-maple-back", "3071").await["reason"],
        "expired"
    );
    // The delivery code works once.
    server.set_local_time(NEW_YORK, today + chrono::Duration::hours(11));
    assert_eq!(
        enter(&server, "lock-maple-garage", "8642").await["opened"],
        true
    );
    assert_eq!(
        enter(&server, "lock-maple-garage", "8642").await["reason"],
        "use_limit_reached"
    );
}

#[tokio::test]
async fn a_paused_person_is_refused_until_resumed() {
    let server = TestServer::as_homeowner().await;
    let paused = server
        .post("/api/v1/people/person-maple-leo/pause", json!({}))
        .await;
    assert_eq!(paused.body["status"], "paused");
    // The lock is told to drop the code; once it has, the hub says why it refuses.
    server.settle().await;
    assert_eq!(
        enter(&server, "lock-maple-front", "6194").await["reason"],
        "paused"
    );
    server.settle().await;
    let resumed = server
        .post("/api/v1/people/person-maple-leo/resume", json!({}))
        .await;
    assert_eq!(resumed.body["status"], "active");
    // Until the lock has the code back, the keypad does not know it.
    assert_eq!(
        enter(&server, "lock-maple-front", "6194").await["reason"],
        "wrong_code"
    );
    server.settle().await;
    assert_eq!(
        enter(&server, "lock-maple-front", "6194").await["opened"],
        true
    );
}

#[tokio::test]
async fn the_bluetooth_gate_stays_pending_until_a_phone_is_in_range() {
    let server = TestServer::as_homeowner().await;
    let person = server
        .create(
            "/api/v1/sites/site-maple/people",
            json!({"name": "Gardener", "kind": "contractor"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = json!({"person_id": person, "name": "Garden", "pin": {"choice": "custom", "pin": "250913"},
        "doors": ["lock-maple-gate"], "schedule": {"starts_at": null, "ends_at": null}, "preset": "permanent"});
    assert_eq!(
        server.create("/api/v1/codes", code).await.status,
        StatusCode::CREATED
    );
    server.settle().await;
    let sync = server
        .get(&format!("/api/v1/people/{person}/sync"))
        .await
        .body;
    assert_eq!(sync[0]["status"], "pending");
    assert_eq!(
        server.get("/api/v1/locks/lock-maple-gate").await.body["pending_changes"],
        1
    );
    server
        .post(
            "/api/v1/sim/locks/lock-maple-gate/phone",
            json!({"on": true}),
        )
        .await;
    server.settle().await;
    let sync = server
        .get(&format!("/api/v1/people/{person}/sync"))
        .await
        .body;
    assert_eq!(sync[0]["status"], "set");
    assert_eq!(
        server.get("/api/v1/locks/lock-maple-gate").await.body["pending_changes"],
        0
    );
}

#[tokio::test]
async fn an_offline_lock_fails_after_the_timeout_and_a_retry_recovers() {
    let server = TestServer::as_homeowner().await;
    server
        .post(
            "/api/v1/sim/locks/lock-maple-garage/online",
            json!({"on": false}),
        )
        .await;
    let change = server
        .patch(
            "/api/v1/codes/code-maple-jordan",
            json!({"pin": {"choice": "generate", "length": 6}}),
        )
        .await;
    assert_eq!(change.status, StatusCode::OK);
    server.settle().await;
    std::thread::sleep(std::time::Duration::from_millis(600)); // the test offline timeout is 500 ms
    server.settle().await;
    let sync = server
        .get("/api/v1/people/person-maple-jordan/sync")
        .await
        .body;
    let garage = sync
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["lock_id"] == "lock-maple-garage")
        .unwrap();
    assert_eq!(
        (garage["status"].as_str(), garage["failure"].as_str()),
        (Some("failed"), Some("lock_offline"))
    );
    // The other doors were not held back by the offline one.
    let front = sync
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["lock_id"] == "lock-maple-front")
        .unwrap();
    assert_eq!(front["status"], "set");
    server
        .post(
            "/api/v1/sim/locks/lock-maple-garage/online",
            json!({"on": true}),
        )
        .await;
    let retry = server
        .post(
            "/api/v1/codes/code-maple-jordan/locks/lock-maple-garage/retry",
            json!({}),
        )
        .await;
    assert_eq!(retry.status, StatusCode::ACCEPTED);
    server.settle().await;
    let sync = server
        .get("/api/v1/locks/lock-maple-garage/sync")
        .await
        .body;
    assert!(
        sync.as_array()
            .unwrap()
            .iter()
            .any(|s| s["code_id"] == "code-maple-jordan" && s["status"] == "set")
    );
}

#[tokio::test]
async fn lock_all_reports_the_jammed_door_and_locks_the_rest() {
    let server = TestServer::as_homeowner().await;
    server
        .post(
            "/api/v1/sim/locks/lock-maple-front/manual",
            json!({"action": "unlock"}),
        )
        .await;
    server
        .post(
            "/api/v1/sim/locks/lock-maple-back/manual",
            json!({"action": "unlock"}),
        )
        .await;
    server
        .post("/api/v1/sim/locks/lock-maple-back/jam", json!({"on": true}))
        .await;
    let answer = server
        .post("/api/v1/sites/site-maple/lock-all", json!({}))
        .await;
    let outcomes: Vec<(String, String)> = answer.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        outcomes.contains(&("Back door".into(), "jammed".into())),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&("Front door".into(), "locking".into())),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&("Garage".into(), "already_locked".into())),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&("Side gate".into(), "already_locked".into())),
        "{outcomes:?}"
    );
    assert_eq!(
        server.get("/api/v1/locks/lock-maple-front").await.body["pending_command"],
        "lock"
    );
    server.settle().await;
    let front = server.get("/api/v1/locks/lock-maple-front").await.body;
    assert_eq!(
        (front["state"].as_str(), &front["pending_command"]),
        (Some("locked"), &Value::Null)
    );
    let locked = server
        .get("/api/v1/events?lock_id=lock-maple-front&kind=locked")
        .await
        .body;
    assert_eq!(locked["items"][0]["actor"]["name"], "Alex Rivera");
    assert_eq!(locked["items"][0]["kind"]["method"], "remote");
}

#[tokio::test]
async fn commands_to_unreachable_locks_are_refused_with_the_reason() {
    let server = TestServer::as_homeowner().await;
    server
        .post(
            "/api/v1/sim/locks/lock-maple-garage/online",
            json!({"on": false}),
        )
        .await;
    let answer = server
        .post("/api/v1/locks/lock-maple-garage/unlock", json!({}))
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert!(
        answer.body["message"]
            .as_str()
            .unwrap()
            .starts_with("Garage is offline"),
        "{}",
        answer.body
    );
    let gate = server
        .post("/api/v1/locks/lock-maple-gate/unlock", json!({}))
        .await;
    assert!(gate.body["message"].as_str().unwrap().contains("Bluetooth"));
}

#[tokio::test]
async fn a_full_lock_fails_with_no_free_slot_and_others_still_sync() {
    let server = TestServer::as_homeowner().await;
    // The side gate holds 10 codes; it has 3 (Alex, Jordan) + room: fill it with keypad codes.
    for n in 0..8 {
        server
            .post(
                "/api/v1/sim/locks/lock-maple-gate/unknown-codes",
                json!({"pin": format!("90{n}517")}),
            )
            .await;
    }
    server
        .post(
            "/api/v1/sim/locks/lock-maple-gate/phone",
            json!({"on": true}),
        )
        .await;
    let person = server
        .create(
            "/api/v1/sites/site-maple/people",
            json!({"name": "Pool guy", "kind": "contractor"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = json!({"person_id": person, "name": "Pool", "pin": {"choice": "generate", "length": 4},
        "doors": ["lock-maple-gate", "lock-maple-front"], "schedule": {"starts_at": null, "ends_at": null}, "preset": "permanent"});
    server.create("/api/v1/codes", code).await;
    server.settle().await;
    let sync = server
        .get(&format!("/api/v1/people/{person}/sync"))
        .await
        .body;
    let by_lock = |lock: &str| {
        sync.as_array()
            .unwrap()
            .iter()
            .find(|s| s["lock_id"] == lock)
            .unwrap()
            .clone()
    };
    assert_eq!(by_lock("lock-maple-gate")["failure"], "no_free_slot");
    assert_eq!(by_lock("lock-maple-front")["status"], "set");
    let failed = server.get("/api/v1/events?kind=sync_failed").await.body;
    assert_eq!(failed["items"][0]["kind"]["reason"], "no_free_slot");
}

#[tokio::test]
async fn a_factory_reset_puts_every_code_back_to_pending() {
    let server = TestServer::as_homeowner().await;
    server
        .post(
            "/api/v1/sim/locks/lock-maple-front/factory-reset",
            json!({}),
        )
        .await;
    let sync = server.get("/api/v1/locks/lock-maple-front/sync").await.body;
    assert!(
        sync.as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "pending"),
        "{sync}"
    );
    let reset = server
        .get("/api/v1/events?kind=factory_reset&lock_id=lock-maple-front")
        .await
        .body;
    assert_eq!(
        reset["items"].as_array().unwrap().len(),
        1,
        "the reset is reported once: {reset}"
    );
    assert!(
        server.get("/api/v1/locks/lock-maple-front").await.body["pending_changes"]
            .as_u64()
            .unwrap()
            >= 5
    );
    server.settle().await;
    let sync = server.get("/api/v1/locks/lock-maple-front/sync").await.body;
    assert!(
        sync.as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "set")
    );
}

#[tokio::test]
async fn found_codes_can_be_adopted_or_removed() {
    let server = TestServer::as_homeowner().await;
    let found = server
        .get("/api/v1/locks/lock-maple-back/unknown-codes")
        .await
        .body;
    let id = found[0]["id"].as_str().unwrap().to_owned();
    let adopted = server
        .post(
            &format!("/api/v1/unknown-codes/{id}/adopt"),
            json!({"person_id": "person-maple-leo", "name": "Old keypad code"}),
        )
        .await;
    assert_eq!(adopted.status, StatusCode::CREATED, "{:?}", adopted.body);
    assert_eq!(
        enter(&server, "lock-maple-back", "1470").await["opened"],
        true
    );
    let garage = server
        .get("/api/v1/locks/lock-maple-garage/unknown-codes")
        .await
        .body;
    let id = garage[0]["id"].as_str().unwrap();
    assert_eq!(
        server
            .send("DELETE", &format!("/api/v1/unknown-codes/{id}"), None, &[])
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        server
            .get("/api/v1/locks/lock-maple-garage/unknown-codes")
            .await
            .body,
        json!([])
    );
}

#[tokio::test]
async fn the_clock_can_be_fixed_shifted_and_sped_up() {
    let server = TestServer::as_manager().await; // the clock is every site's
    let fixed = server
        .send(
            "PUT",
            "/api/v1/sim/clock",
            Some(json!({"mode": "fixed", "at": "2026-11-24T17:30:00Z"})),
            &[],
        )
        .await;
    assert_eq!(fixed.body["now"], "2026-11-24T17:30:00Z");
    // The health answer tells the app the same time, so it words "just now" by it.
    assert_eq!(
        server.get("/api/v1/health").await.body["now"],
        "2026-11-24T17:30:00Z"
    );
    let bad = server
        .send(
            "PUT",
            "/api/v1/sim/clock",
            Some(json!({"mode": "speed", "from": "2026-11-24T17:30:00Z", "factor": -2.0})),
            &[],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn demo_visitors_use_codes_that_work_now() {
    let server = TestServer::as_manager().await; // visitors come to any site
    server.set_local_time(NEW_YORK, local(2026, 11, 24, 12, 30));
    // A visitor who is the dog walker also fires Maple Street's "Dog walker
    // arrived" alert: alerts are not what this counts.
    let entries = || server.count("events") - server.count_events("alert_fired");
    let before = entries();
    latchkey_server::drivers::sim::traffic::someone_arrives(&server.state.simulator, false)
        .unwrap();
    latchkey_server::drivers::sim::traffic::someone_arrives(&server.state.simulator, true).unwrap();
    let events = server.get("/api/v1/events?limit=5").await.body;
    let kinds: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"]["type"].as_str().unwrap())
        .filter(|kind| *kind != "alert_fired")
        .take(2)
        .collect();
    assert_eq!(entries(), before + 2);
    assert_eq!(
        kinds,
        ["access_denied", "unlocked"],
        "the mistyped entry is refused, the real one opens"
    );
}

#[tokio::test]
async fn a_reset_brings_the_demo_back_and_keeps_the_session() {
    let server = TestServer::as_manager().await; // a reset is every site's
    server
        .post("/api/v1/people/person-maple-leo/pause", json!({}))
        .await;
    server
        .post("/api/v1/sim/locks/lock-maple-back/jam", json!({"on": true}))
        .await;
    let answer = server.post("/api/v1/sim/reset", json!({})).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert_eq!(
        server.get("/api/v1/people/person-maple-leo").await.body["status"],
        "active"
    );
    assert_eq!(
        server.get("/api/v1/locks/lock-maple-back").await.body["state"],
        "locked"
    );
    let summary = server.get("/api/v1/sites/summary").await.body;
    let maple = summary
        .as_array()
        .unwrap()
        .iter()
        .find(|site| site["site_id"] == "site-maple")
        .unwrap();
    assert_eq!(maple["locked"], 4);
}

#[tokio::test]
async fn a_lock_can_have_its_own_keypad_lockout() {
    let server = TestServer::as_homeowner().await;
    let rule = json!({"keypad_lockout": {"wrong_codes": 3, "lockout_seconds": 30}});
    let changed = server.patch("/api/v1/locks/lock-maple-gate", rule).await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["keypad_lockout"]["wrong_codes"], 3);
    server
        .post(
            "/api/v1/sim/locks/lock-maple-gate/phone",
            json!({"on": true}),
        )
        .await;
    for attempt in 1..=3 {
        let result = enter(&server, "lock-maple-gate", "000000").await;
        assert_eq!(
            result.get("locked_out_until").is_some(),
            attempt == 3,
            "attempt {attempt}"
        );
    }
    // The front door still follows the site's five.
    for attempt in 1..=4 {
        assert!(
            enter(&server, "lock-maple-front", "000000")
                .await
                .get("locked_out_until")
                .is_none(),
            "attempt {attempt}"
        );
    }
    let back = server
        .patch(
            "/api/v1/locks/lock-maple-gate",
            json!({"use_site_lockout": true}),
        )
        .await;
    assert_eq!(back.body["keypad_lockout"], serde_json::Value::Null);
    let bad = server
        .patch(
            "/api/v1/locks/lock-maple-gate",
            json!({"keypad_lockout": {"wrong_codes": 0, "lockout_seconds": 30}}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
