//! History keeps the names it was recorded with: a deleted person's past events
//! still name them (as deleted, with nothing to link to), and sync events name
//! the code and say whether it was put on a lock or taken off.

mod support;

use serde_json::Value;
use support::TestServer;

/// The events about one person, newest first.
async fn events_of(server: &TestServer, person: &str) -> Vec<Value> {
    let answer = server
        .get(&format!("/api/v1/events?person_id={person}&limit=200"))
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_deleted_persons_events_keep_their_name_and_say_they_are_deleted() {
    let server = TestServer::as_homeowner().await;
    // Some history first: Mia is paused and resumed.
    for step in ["pause", "resume"] {
        let answer = server
            .post(
                &format!("/api/v1/people/person-maple-mia/{step}"),
                serde_json::json!({}),
            )
            .await;
        assert_eq!(answer.status, 200, "{:?}", answer.body);
        server.settle().await;
    }
    let before = events_of(&server, "person-maple-mia").await;
    assert!(before.len() >= 2, "{before:?}");
    assert!(
        before.iter().all(|e| e["names"]["person"] == "Mia Rivera"),
        "{before:?}"
    );
    let answer = server
        .send("DELETE", "/api/v1/people/person-maple-mia", None, &[])
        .await;
    assert!(answer.status.is_success(), "{:?}", answer.body);
    server.settle().await;
    let after = events_of(&server, "person-maple-mia").await;
    assert!(after.len() > before.len(), "the removal is recorded too");
    for event in &after {
        assert_eq!(event["names"]["person"], "Mia Rivera", "{event}");
        assert_eq!(event["names"]["person_deleted"], true, "{event}");
    }
    // Her codes were taken off each door, and the events say which code and that.
    let removed: Vec<&Value> = after
        .iter()
        .filter(|e| e["kind"]["type"] == "sync_succeeded")
        .filter(|e| e["kind"]["change"] == "remove")
        .collect();
    assert!(
        removed.len() >= 3,
        "Mia's two codes were on three doors: {after:?}"
    );
    assert!(
        removed.iter().any(|e| e["names"]["code"] == "After school"),
        "{removed:?}"
    );
    // Someone still there is not marked.
    let jordan = events_of(&server, "person-maple-jordan").await;
    assert!(
        jordan
            .iter()
            .all(|e| e["names"].get("person_deleted").is_none())
    );
}

#[tokio::test]
async fn a_renamed_door_keeps_its_old_name_in_history() {
    let server = TestServer::as_homeowner().await;
    let answer = server
        .patch(
            "/api/v1/locks/lock-maple-front",
            serde_json::json!({"name": "Porch door"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let events = server
        .get("/api/v1/events?lock_id=lock-maple-front&limit=200")
        .await;
    let items = events.body["items"].as_array().unwrap();
    assert!(
        items.iter().any(|e| e["names"]["door"] == "Front door"),
        "{items:?}"
    );
}
