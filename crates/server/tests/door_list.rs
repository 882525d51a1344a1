//! The door list's problem filter and "problems first" order (`GET /locks`
//! `?problem=…&sort=problems`), and what "Lock all" says of each door.

mod support;

use serde_json::{Value, json};
use support::TestServer;

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect()
}

fn outcome_of(answer: &Value, door: &str) -> String {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == door)
        .map(|r| r["outcome"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_door_list_filters_by_problem() {
    let server = TestServer::as_homeowner().await;
    let low = server.get("/api/v1/locks?problem=low_battery").await;
    assert_eq!(
        (names(&low.body), low.body["total"].as_u64()),
        (vec!["Side gate".to_owned()], Some(1))
    );

    server
        .post(
            "/api/v1/sim/locks/lock-maple-garage/online",
            json!({"on": false}),
        )
        .await;
    let offline = server.get("/api/v1/locks?problem=offline").await.body;
    assert_eq!(names(&offline), ["Garage"]);
    let either = server
        .get("/api/v1/locks?problem=offline,low_battery")
        .await
        .body;
    assert_eq!(names(&either), ["Garage", "Side gate"]);

    for _ in 0..5 {
        server
            .post(
                "/api/v1/sim/locks/lock-maple-back/keypad",
                json!({"pin": "0000"}),
            )
            .await;
    }
    let locked_out = server
        .get("/api/v1/locks?problem=keypad_locked_out")
        .await
        .body;
    assert_eq!(names(&locked_out), ["Back door"]);

    let wrong = server.get("/api/v1/locks?problem=asleep").await;
    assert_eq!(
        (wrong.status.as_u16(), wrong.body["field"].as_str()),
        (400, Some("problem"))
    );
}

#[tokio::test]
async fn problems_come_first_when_asked_and_page_in_that_order() {
    let server = TestServer::as_homeowner().await;
    server.settle().await;
    let by_name = server.get("/api/v1/locks").await.body;
    assert_eq!(
        names(&by_name),
        ["Back door", "Front door", "Garage", "Side gate"]
    );

    server
        .post(
            "/api/v1/sim/locks/lock-maple-garage/online",
            json!({"on": false}),
        )
        .await;
    server
        .post(
            "/api/v1/sim/locks/lock-maple-front/jam",
            json!({"on": true}),
        )
        .await;
    let first = server.get("/api/v1/locks?sort=problems&limit=2").await.body;
    // Jammed, then offline; then low battery; then the door with no problem.
    assert_eq!(names(&first), ["Front door", "Garage"]);
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let second = server
        .get(&format!(
            "/api/v1/locks?sort=problems&limit=2&cursor={cursor}"
        ))
        .await
        .body;
    assert_eq!(names(&second), ["Side gate", "Back door"]);
    assert_eq!(second["next_cursor"], Value::Null);

    let wrong = server.get("/api/v1/locks?sort=loudest").await;
    assert_eq!(wrong.status.as_u16(), 400);
}

#[tokio::test]
async fn lock_all_says_a_locked_bluetooth_gate_is_locked_and_names_phone_range() {
    let server = TestServer::as_homeowner().await;
    // The Side gate is a Bluetooth lock, locked, with no phone in range.
    let answer = server
        .post("/api/v1/sites/site-maple/lock-all", json!({}))
        .await
        .body;
    assert_eq!(outcome_of(&answer, "Side gate"), "already_locked");

    server
        .post(
            "/api/v1/sim/locks/lock-maple-gate/manual",
            json!({"action": "unlock"}),
        )
        .await;
    let answer = server
        .post("/api/v1/sites/site-maple/lock-all", json!({}))
        .await
        .body;
    assert_eq!(outcome_of(&answer, "Side gate"), "out_of_phone_range");

    server
        .post(
            "/api/v1/sim/locks/lock-maple-gate/phone",
            json!({"on": true}),
        )
        .await;
    let answer = server
        .post("/api/v1/sites/site-maple/lock-all", json!({}))
        .await
        .body;
    assert_eq!(outcome_of(&answer, "Side gate"), "locking");
    server.settle().await;
    let gate = server.get("/api/v1/locks/lock-maple-gate").await.body;
    assert_eq!(gate["state"], "locked");
}
