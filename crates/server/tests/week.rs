//! The week views and the site's local time: the windows drawn are the ones
//! the keypad enforces, on the server's (simulated) clock.

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{TestServer, local};

const NEW_YORK: &str = "America/New_York";

fn row<'a>(week: &'a Value, code: &str) -> &'a Value {
    week["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code_id"] == code)
        .unwrap_or_else(|| panic!("no row for {code} in {week}"))
}

#[tokio::test]
async fn the_site_clock_is_local_and_follows_the_simulated_clock() {
    let server = TestServer::as_homeowner().await;
    server.set_local_time(NEW_YORK, local(2026, 11, 24, 12, 30));
    let time = server.get("/api/v1/sites/site-maple/time").await;
    assert_eq!(time.status, StatusCode::OK);
    assert_eq!(time.body["local_now"], "2026-11-24T12:30:00");
    assert_eq!(time.body["time_zone"], NEW_YORK);
    let other = server.get("/api/v1/sites/site-harbor/time").await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_doors_week_shows_the_windows_the_keypad_enforces() {
    let server = TestServer::as_homeowner().await;
    server.settle().await;
    server.set_local_time(NEW_YORK, local(2026, 11, 24, 12, 30)); // a Tuesday
    let week = server.get("/api/v1/locks/lock-maple-front/week").await.body;
    assert_eq!(week["from"], "2026-11-23", "the week starts on Monday");
    let sam = row(&week, "code-maple-sam");
    assert_eq!(sam["periods"].as_array().unwrap().len(), 5);
    assert_eq!(
        sam["periods"][1],
        json!({"start": "2026-11-24T12:00:00", "end": "2026-11-24T14:00:00"})
    );
    assert_eq!(
        sam["now"],
        json!({"access": "allowed", "until": "2026-11-24T14:00:00"})
    );
    let opened = server
        .post(
            "/api/v1/sim/locks/lock-maple-front/keypad",
            json!({"pin": "4826"}),
        )
        .await;
    assert_eq!(opened.body["opened"], true);

    server.set_local_time(NEW_YORK, local(2026, 11, 24, 15, 0));
    let week = server.get("/api/v1/locks/lock-maple-front/week").await.body;
    assert_eq!(
        row(&week, "code-maple-sam")["now"],
        json!({"access": "denied", "reason": "outside_windows", "next": "2026-11-25T12:00:00"})
    );
    let refused = server
        .post(
            "/api/v1/sim/locks/lock-maple-front/keypad",
            json!({"pin": "4826"}),
        )
        .await;
    assert_eq!(refused.body["reason"], "outside_schedule");

    // Only codes meant for this door; the garage's parcel code is not here.
    assert!(
        week["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["code_id"] != "code-maple-parcel")
    );
    // Another week on request.
    let next = server
        .get("/api/v1/locks/lock-maple-front/week?from=2026-11-30")
        .await
        .body;
    assert_eq!(
        row(&next, "code-maple-sam")["periods"][0]["start"],
        "2026-11-30T12:00:00"
    );
}

#[tokio::test]
async fn a_paused_person_has_no_windows_and_their_week_says_so() {
    let server = TestServer::as_homeowner().await;
    server.set_local_time(NEW_YORK, local(2026, 11, 24, 12, 30));
    server
        .post("/api/v1/people/person-maple-sam/pause", json!({}))
        .await;
    let week = server
        .get("/api/v1/people/person-maple-sam/week")
        .await
        .body;
    let sam = row(&week, "code-maple-sam");
    assert_eq!(sam["now"], json!({"access": "paused"}));
    assert!(sam["periods"].as_array().unwrap().is_empty());
    let bad = server
        .get("/api/v1/people/person-maple-sam/week?from=soon")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
