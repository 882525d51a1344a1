//! People and codes through the API: safe creates and updates, PIN rules with
//! the conflict named, one-step changes across doors, reveal, share, pause.

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::TestServer;

fn always() -> Value {
    json!({"starts_at": null, "ends_at": null, "weekly": [], "exceptions": [], "use_limit": null})
}

async fn new_person(server: &TestServer, name: &str) -> String {
    let answer = server
        .create(
            "/api/v1/sites/site-maple/people",
            json!({"name": name, "kind": "guest", "phone": "+1 555 0199"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    answer.body["id"].as_str().unwrap().to_owned()
}

fn code_body(person: &str, pin: Option<&str>, doors: &[&str]) -> Value {
    let pin = match pin {
        Some(pin) => json!({"choice": "custom", "pin": pin}),
        None => json!({"choice": "generate", "length": null}),
    };
    json!({"person_id": person, "name": "Visit", "pin": pin, "doors": doors, "schedule": always(), "preset": "permanent"})
}

#[tokio::test]
async fn the_name_typed_is_the_name_saved() {
    let server = TestServer::as_homeowner().await;
    let id = new_person(&server, "  Grandma Jo  ").await;
    let person = server.get(&format!("/api/v1/people/{id}")).await;
    assert_eq!(person.body["name"], "Grandma Jo");
    assert_eq!(person.body["status"], "active");
}

#[tokio::test]
async fn creates_are_idempotent_by_key() {
    let server = TestServer::as_homeowner().await;
    let people_before = server.count("people");
    let body = json!({"name": "Cousin Ana", "kind": "family"});
    let headers = [("idempotency-key", "retry-me")];
    let first = server
        .send(
            "POST",
            "/api/v1/sites/site-maple/people",
            Some(body.clone()),
            &headers,
        )
        .await;
    let again = server
        .send(
            "POST",
            "/api/v1/sites/site-maple/people",
            Some(body),
            &headers,
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(first.body, again.body);
    assert_eq!(server.count("people"), people_before + 1);
    let other = server
        .send(
            "POST",
            "/api/v1/sites/site-maple/people",
            Some(json!({"name": "Someone else", "kind": "family"})),
            &headers,
        )
        .await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = server
        .send(
            "POST",
            "/api/v1/sites/site-maple/people",
            Some(json!({"name": "No key", "kind": "family"})),
            &[],
        )
        .await;
    assert_eq!(missing.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(server.count("people"), people_before + 1);
}

#[tokio::test]
async fn a_code_goes_on_every_chosen_door_and_syncs() {
    let server = TestServer::as_homeowner().await;
    let person = new_person(&server, "Dog sitter").await;
    let answer = server
        .create(
            "/api/v1/codes",
            code_body(
                &person,
                None,
                &["lock-maple-front", "lock-maple-back", "lock-maple-garage"],
            ),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    assert!(
        answer.body.get("pin").is_none(),
        "a code never carries its PIN"
    );
    assert_eq!(answer.body["pin_length"], 4);
    let sync = server
        .get(&format!("/api/v1/people/{person}/sync"))
        .await
        .body;
    let statuses: Vec<&str> = sync
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["pending", "pending", "pending"]);
    server.settle().await;
    let sync = server
        .get(&format!("/api/v1/people/{person}/sync"))
        .await
        .body;
    assert!(
        sync.as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "set"),
        "{sync}"
    );
}

#[tokio::test]
async fn a_duplicate_pin_is_refused_naming_the_person_and_door() {
    let server = TestServer::as_homeowner().await;
    let person = new_person(&server, "Neighbour").await;
    let codes_before = server.count("codes");
    // 4826 is the dog walker's PIN, on the front and back doors.
    let answer = server
        .create(
            "/api/v1/codes",
            code_body(&person, Some("4826"), &["lock-maple-back"]),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(answer.body["field"], "pin");
    assert_eq!(
        answer.body["message"],
        "Sam (dog walker) already uses this PIN on Back door. Each person needs their own PIN."
    );
    assert_eq!(answer.body["detail"]["problem"], "already_used");
    assert_eq!(server.count("codes"), codes_before);
    // The live check says the same before anything is saved.
    let check = server
        .post(
            "/api/v1/codes/check",
            json!({"site_id": "site-maple", "pin": "4826", "doors": ["lock-maple-back"]}),
        )
        .await;
    assert_eq!(check.status, StatusCode::CONFLICT);
    let check = server
        .post(
            "/api/v1/codes/check",
            json!({"site_id": "site-maple", "pin": "1234", "doors": []}),
        )
        .await;
    assert_eq!(
        (check.status, check.body["detail"]["problem"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("straight_run"))
    );
    let check = server
        .post(
            "/api/v1/codes/check",
            json!({"site_id": "site-maple", "pin": "615243", "doors": ["lock-maple-front"]}),
        )
        .await;
    assert_eq!(check.status, StatusCode::OK);
}

#[tokio::test]
async fn weak_and_wrong_length_pins_are_refused_at_the_field() {
    let server = TestServer::as_homeowner().await;
    let person = new_person(&server, "Guest").await;
    for (pin, problem) in [
        ("1111", "all_same_digits"),
        ("5432", "straight_run"),
        ("12345", "length_not_allowed"),
        ("12a4", "not_digits"),
    ] {
        let answer = server
            .create(
                "/api/v1/codes",
                code_body(&person, Some(pin), &["lock-maple-front"]),
            )
            .await;
        let status = answer.status;
        assert!(
            status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST,
            "{pin}: {status}"
        );
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            assert_eq!(answer.body["detail"]["problem"], problem, "{pin}");
            assert_eq!(answer.body["field"], "pin");
        }
    }
    // The side gate takes at most 6 digits; the site allows 4 or 6; 8 fails on the site first.
    let answer = server
        .create(
            "/api/v1/codes",
            code_body(&person, Some("61524370"), &["lock-maple-gate"]),
        )
        .await;
    assert_eq!(answer.body["detail"]["problem"], "length_not_allowed");
}

#[tokio::test]
async fn changing_a_compromised_pin_is_one_step_across_all_doors() {
    let server = TestServer::as_homeowner().await;
    let uri = "/api/v1/codes/code-maple-jordan";
    // Without If-Match: refused. With a stale ETag: refused.
    let change = json!({"pin": {"choice": "custom", "pin": "862051"}});
    assert_eq!(
        server
            .send("PATCH", uri, Some(change.clone()), &[])
            .await
            .status,
        StatusCode::PRECONDITION_REQUIRED
    );
    assert_eq!(
        server
            .send(
                "PATCH",
                uri,
                Some(change.clone()),
                &[("if-match", "\"999\"")]
            )
            .await
            .status,
        StatusCode::PRECONDITION_FAILED
    );
    let code_rows_before = server.count("code_locks");
    let answer = server.patch(uri, change).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(
        answer.body["id"], "code-maple-jordan",
        "the same code, changed in place"
    );
    assert_eq!(
        server.count("code_locks"),
        code_rows_before,
        "no delete-and-recreate"
    );
    let sync = server
        .get("/api/v1/people/person-maple-jordan/sync")
        .await
        .body;
    assert_eq!(sync.as_array().unwrap().len(), 4);
    assert!(
        sync.as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "pending")
    );
    server
        .post(
            "/api/v1/sim/locks/lock-maple-gate/phone",
            json!({"on": true}),
        )
        .await;
    server.settle().await;
    let sync = server
        .get("/api/v1/people/person-maple-jordan/sync")
        .await
        .body;
    assert!(
        sync.as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "set"),
        "{sync}"
    );
    let revealed = server.post(&format!("{uri}/reveal"), json!({})).await;
    assert_eq!(revealed.body["pin"], "862051");
}

#[tokio::test]
async fn removing_doors_takes_the_code_off_them_only() {
    let server = TestServer::as_homeowner().await;
    let answer = server
        .patch(
            "/api/v1/codes/code-maple-jordan",
            json!({"doors": ["lock-maple-front"]}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let sync = server
        .get("/api/v1/people/person-maple-jordan/sync")
        .await
        .body;
    let by_lock: Vec<(String, String)> = sync
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["lock_id"].as_str().unwrap().to_owned(),
                s["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        by_lock.contains(&("lock-maple-front".into(), "set".into())),
        "{by_lock:?}"
    );
    assert!(
        by_lock.contains(&("lock-maple-back".into(), "removing".into())),
        "{by_lock:?}"
    );
    server.settle().await;
    let sync = server
        .get("/api/v1/people/person-maple-jordan/sync")
        .await
        .body;
    let locks: Vec<&str> = sync
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["lock_id"].as_str().unwrap())
        .collect();
    assert!(
        locks.contains(&"lock-maple-front") && !locks.contains(&"lock-maple-back"),
        "{locks:?}"
    );
}

#[tokio::test]
async fn reveal_is_recorded_and_refused_where_the_site_forbids_it() {
    let server = TestServer::as_manager().await;
    let answer = server
        .post("/api/v1/codes/code-maple-sam/reveal", json!({}))
        .await;
    assert_eq!(answer.body["pin"], "4826");
    let events = server.get("/api/v1/events?kind=code_revealed").await.body;
    assert_eq!(events["items"][0]["code_id"], "code-maple-sam");
    assert!(
        !events.to_string().contains("4826"),
        "the event never carries the PIN"
    );
    let refused = server
        .post("/api/v1/codes/code-harbor-manager/reveal", json!({}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sharing_writes_to_the_outbox_without_the_pin() {
    let server = TestServer::as_homeowner().await;
    let answer = server
        .post(
            "/api/v1/codes/code-maple-sam/share",
            json!({"channel": "sms"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    assert_eq!(answer.body["to"], "+1 555 0140");
    let outbox = server.get("/api/v1/outbox").await.body;
    let body = outbox[0]["body"].as_str().unwrap();
    assert!(
        body.contains("Front door") && body.contains("Weekdays 12:00–14:00"),
        "{body}"
    );
    assert!(!body.contains("4826"), "{body}");
    let no_email = server
        .post(
            "/api/v1/codes/code-maple-sam/share",
            json!({"channel": "email"}),
        )
        .await;
    assert_eq!(
        (no_email.status, no_email.body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("email"))
    );
}

#[tokio::test]
async fn deleting_a_person_removes_their_codes_but_keeps_history() {
    let server = TestServer::as_homeowner().await;
    let answer = server
        .send("DELETE", "/api/v1/people/person-maple-rosa", None, &[])
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert_eq!(
        server.get("/api/v1/people/person-maple-rosa").await.status,
        StatusCode::NOT_FOUND
    );
    let events = server
        .get("/api/v1/events?person_id=person-maple-rosa")
        .await
        .body;
    assert_eq!(events["items"][0]["kind"]["type"], "code_deleted");
    server.settle().await;
    let on_front = server.get("/api/v1/locks/lock-maple-front/sync").await.body;
    assert!(
        on_front
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["code_id"] != "code-maple-rosa")
    );
}

#[tokio::test]
async fn people_can_be_searched_and_filtered() {
    let server = TestServer::as_homeowner().await;
    let found = server.get("/api/v1/people?q=rivera").await.body;
    assert_eq!(found["items"].as_array().unwrap().len(), 4);
    let staff = server.get("/api/v1/people?kind=staff").await.body;
    assert_eq!(staff["items"].as_array().unwrap().len(), 2);
    server
        .post("/api/v1/people/person-maple-leo/pause", json!({}))
        .await;
    let paused = server.get("/api/v1/people?status=paused").await.body;
    assert_eq!(paused["items"][0]["name"], "Leo Rivera");
    let page = server.get("/api/v1/people?limit=3").await.body;
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let cursor = page["next_cursor"].as_str().unwrap();
    let next = server
        .get(&format!("/api/v1/people?limit=3&cursor={cursor}"))
        .await
        .body;
    assert_ne!(next["items"][0]["id"], page["items"][0]["id"]);
}

#[tokio::test]
async fn the_people_overview_counts_codes_doors_and_sync_trouble() {
    let server = TestServer::as_homeowner().await;
    let overview = server.get("/api/v1/people/overview?q=mia").await.body;
    let mia = &overview["items"][0];
    assert_eq!(
        (
            mia["person"]["name"].as_str(),
            mia["codes"].as_u64(),
            mia["doors"].as_u64()
        ),
        (Some("Mia Rivera"), Some(2), Some(2))
    );
    server
        .post(
            "/api/v1/sim/locks/lock-maple-back/online",
            json!({"on": false}),
        )
        .await;
    server
        .patch(
            "/api/v1/codes/code-maple-mia",
            json!({"pin": {"choice": "generate", "length": 4}}),
        )
        .await;
    let mia = server.get("/api/v1/people/overview?q=mia").await.body["items"][0].clone();
    assert_eq!(mia["pending"], 2);
    server.settle().await;
    std::thread::sleep(std::time::Duration::from_millis(600));
    server.settle().await;
    let mia = server.get("/api/v1/people/overview?q=mia").await.body["items"][0].clone();
    assert_eq!(
        (mia["failed"].as_u64(), mia["pending"].as_u64()),
        (Some(1), Some(0))
    );
}

#[tokio::test]
async fn the_site_grid_pages_codes_with_their_people_and_sync_per_door() {
    let server = TestServer::as_homeowner().await;
    let all = server
        .get("/api/v1/sites/site-maple/access?limit=200")
        .await
        .body;
    let live_codes: i64 = server.count("codes WHERE site_id = 'site-maple' AND deleted = 0");
    assert_eq!(all["total"].as_i64(), Some(live_codes));
    let names: Vec<String> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["person"]["name"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "rows come in person-name order");
    for row in all["items"].as_array().unwrap() {
        let doors = row["code"]["doors"].as_array().unwrap().len();
        let on_doors = row["sync"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["code_id"] == row["code"]["id"])
            .count();
        assert!(
            on_doors >= doors,
            "every door of {} has a cell",
            row["code"]["name"]
        );
    }

    // Paging walks every row exactly once.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = server
            .get(&format!("/api/v1/sites/site-maple/access?limit=2{cursor}"))
            .await
            .body;
        for row in page["items"].as_array().unwrap() {
            seen.push(row["code"]["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, live_codes);

    // Search by person or code name.
    let mia = server
        .get("/api/v1/sites/site-maple/access?q=mia")
        .await
        .body;
    assert!(
        mia["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["person"]["name"] == "Mia Rivera")
    );
    assert_eq!(mia["items"].as_array().unwrap().len(), 2);

    // Another account's site is not there.
    let other = server.get("/api/v1/sites/site-harbor/access").await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_code_change_reveal_and_door_command_is_recorded_naming_who() {
    let server = TestServer::as_homeowner().await;
    let person = new_person(&server, "Audit visitor").await;
    let created = server
        .create(
            "/api/v1/codes",
            code_body(&person, None, &["lock-maple-front"]),
        )
        .await;
    let code = created.body["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/codes/{code}");
    server
        .patch(&uri, json!({"pin": {"choice": "generate", "length": null}}))
        .await;
    server.post(&format!("{uri}/reveal"), json!({})).await;
    server.send("DELETE", &uri, None, &[]).await;
    server
        .post("/api/v1/locks/lock-maple-back/unlock", json!({}))
        .await;
    server.settle().await;
    server
        .post("/api/v1/locks/lock-maple-back/lock", json!({}))
        .await;
    server.settle().await;
    for (kind, subject) in [
        ("code_created", "code_id"),
        ("code_changed", "code_id"),
        ("code_revealed", "code_id"),
        ("code_deleted", "code_id"),
        ("unlocked", "lock_id"),
        ("locked", "lock_id"),
    ] {
        let events = server
            .get(&format!("/api/v1/events?kind={kind}"))
            .await
            .body;
        let mine = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e[subject] == code.as_str() || e[subject] == "lock-maple-back")
            .unwrap_or_else(|| panic!("no {kind} event: {events}"));
        assert_eq!(mine["actor"]["name"], "Alex Rivera", "{kind}: {mine}");
    }
}
