//! Events filtered by day are filtered by each event's own site's calendar:
//! Thursday 22:43 in New York is Thursday, though it is Friday in UTC.

mod support;

use serde_json::json;
use support::{TestServer, local};

async fn ids(server: &TestServer, query: &str) -> Vec<u64> {
    let answer = server.get(&format!("/api/v1/events?{query}")).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_day_filter_reads_each_sites_own_calendar() {
    let server = TestServer::as_manager().await;
    // Thursday 3 December, 22:43 in New York: 21:43 in Chicago, 03:43 on Friday in UTC.
    server.set_local_time("America/New_York", local(2026, 12, 3, 22, 43));
    for (lock, pin) in [
        ("lock-maple-front", "0019"),
        ("lock-harbor-lobby", "002919"),
    ] {
        let answer = server
            .post(
                &format!("/api/v1/sim/locks/{lock}/keypad"),
                json!({"pin": pin}),
            )
            .await;
        assert_eq!(answer.status, 200, "{:?}", answer.body);
    }
    let refused = "kind=access_denied";
    let thursday = ids(
        &server,
        &format!("{refused}&from_date=2026-12-03&to_date=2026-12-03"),
    )
    .await;
    assert_eq!(
        thursday.len(),
        2,
        "both were on Thursday where they happened"
    );
    let friday = ids(&server, &format!("{refused}&from_date=2026-12-04")).await;
    assert!(friday.is_empty(), "{friday:?}");
    let until_wednesday = ids(&server, &format!("{refused}&to_date=2026-12-02")).await;
    assert!(until_wednesday.is_empty(), "{until_wednesday:?}");
    // A malformed day is refused with the error shape, naming the field.
    let bad = server.get("/api/v1/events?from_date=3%20Dec").await;
    assert_eq!(bad.status, 400, "{:?}", bad.body);
}
