//! Races: two editors saving the same person at the same moment, 1,000 times, lose
//! no update (the loser gets 412, reloads and reapplies); a storm of retries of one
//! create with the same idempotency key makes one code, not many.

mod support;

use std::rc::Rc;

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{Answer, TestServer};

const ROUNDS: usize = 1_000;

/// PATCHes `uri` with `change` under `etag`.
async fn save(server: &TestServer, uri: &str, etag: &str, change: &Value) -> Answer {
    server
        .send("PATCH", uri, Some(change.clone()), &[("if-match", etag)])
        .await
}

#[tokio::test]
async fn two_editors_saving_at_once_lose_no_update_in_1000_rounds() {
    let server = TestServer::as_homeowner().await;
    let uri = "/api/v1/people/person-maple-leo";
    let (mut conflicts, mut lost) = (0, 0);
    for round in 0..ROUNDS {
        // Both open the person at the same version…
        let etag = server.get(uri).await.etag.unwrap();
        let rename = json!({"name": format!("Leo {round}")});
        let rephone = json!({"phone": format!("+1 555 {:04}", round)});
        // …and save different fields at the same moment.
        let (first, second) = tokio::join!(
            save(&server, uri, &etag, &rename),
            save(&server, uri, &etag, &rephone)
        );
        let statuses = [first.status, second.status];
        assert!(
            statuses.contains(&StatusCode::OK)
                && statuses.contains(&StatusCode::PRECONDITION_FAILED),
            "round {round}: exactly one save wins, the other is told it is stale: {statuses:?}"
        );
        let loser = if first.status == StatusCode::OK {
            (&second, &rephone)
        } else {
            (&first, &rename)
        };
        assert_eq!(loser.0.code(), "precondition_failed");
        conflicts += 1;
        // The loser reloads and reapplies its change.
        let fresh = server.get(uri).await.etag.unwrap();
        assert_eq!(
            save(&server, uri, &fresh, loser.1).await.status,
            StatusCode::OK
        );
        let now = server.get(uri).await.body;
        if now["name"] != format!("Leo {round}") || now["phone"] != format!("+1 555 {round:04}") {
            lost += 1;
        }
    }
    assert_eq!(conflicts, ROUNDS);
    assert_eq!(lost, 0, "updates lost in {ROUNDS} rounds");
}

#[tokio::test]
async fn a_retry_storm_on_one_create_makes_one_code() {
    let server = Rc::new(TestServer::as_homeowner().await);
    let codes_before = server.count("codes");
    const STORMS: i64 = 20;
    const RETRIES: usize = 25;
    let local = tokio::task::LocalSet::new();
    for storm in 0..STORMS {
        let key = format!("storm-{storm}-{}", support::rand_suffix());
        let body = json!({
            "person_id": "person-maple-leo", "name": format!("Storm {storm}"),
            "pin": {"choice": "generate", "length": 6},
            "doors": ["lock-maple-front"],
            "schedule": {"starts_at": null, "ends_at": null, "weekly": [], "exceptions": [], "use_limit": null},
            "preset": "permanent"
        });
        // All the retries in flight at once.
        let handles: Vec<_> = (0..RETRIES)
            .map(|_| {
                let (server, key, body) = (server.clone(), key.clone(), body.clone());
                local.spawn_local(async move {
                    server
                        .send(
                            "POST",
                            "/api/v1/codes",
                            Some(body),
                            &[("idempotency-key", &key)],
                        )
                        .await
                })
            })
            .collect();
        let answers = support::run_together(&local, handles).await;
        let ids: Vec<&str> = answers
            .iter()
            .map(|a| {
                assert!(
                    a.status.is_success(),
                    "storm {storm}: {} {}",
                    a.status,
                    a.body
                );
                a.body["id"].as_str().unwrap()
            })
            .collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "storm {storm}: {ids:?}");
    }
    assert_eq!(
        server.count("codes"),
        codes_before + STORMS,
        "duplicate codes"
    );
}
