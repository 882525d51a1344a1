//! What the Doors page reads: site summaries at a glance, and the codes on one door.

mod support;

use serde_json::json;
use support::TestServer;

#[tokio::test]
async fn the_site_summary_counts_states_and_names_doors_needing_attention() {
    let server = TestServer::as_homeowner().await;
    let summary = server.get("/api/v1/sites/summary").await.body;
    let maple = &summary[0];
    assert_eq!(
        (
            maple["doors"].as_u64(),
            maple["locked"].as_u64(),
            maple["low_battery"].as_u64()
        ),
        (Some(4), Some(4), Some(1))
    );
    assert_eq!(maple["attention"][0]["door"]["name"], "Side gate");
    server
        .post(
            "/api/v1/sim/locks/lock-maple-back/manual",
            json!({"action": "unlock"}),
        )
        .await;
    server
        .post(
            "/api/v1/sim/locks/lock-maple-garage/online",
            json!({"on": false}),
        )
        .await;
    let maple = server.get("/api/v1/sites/summary").await.body[0].clone();
    assert_eq!(
        (
            maple["unlocked"].as_u64(),
            maple["offline"].as_u64(),
            maple["unknown"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    let names: Vec<&str> = maple["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["door"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Back door", "Garage", "Side gate"]);
}

#[tokio::test]
async fn a_door_lists_its_codes_with_people_and_sync_state() {
    let server = TestServer::as_homeowner().await;
    let codes = server
        .get("/api/v1/locks/lock-maple-front/codes")
        .await
        .body;
    let people: Vec<&str> = codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["person"]["name"].as_str().unwrap())
        .collect();
    assert!(
        people.contains(&"Sam (dog walker)") && people.contains(&"Alex Rivera"),
        "{people:?}"
    );
    assert!(
        codes
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["sync"]["status"] == "set")
    );
    assert!(!codes.to_string().contains("4826"), "no PIN in the list");
}
