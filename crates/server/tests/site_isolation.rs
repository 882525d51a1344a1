//! Another site's ids read exactly like made-up ones (issue 20, item 12): a door
//! of a site the account may not see, given to `POST /codes`, `/codes/check` or
//! `PATCH /codes/{id}`, answers the same status, code and message as a door that
//! does not exist, naming nothing; alert rules refuse people and doors that are
//! not at the rule's site the same way.

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{Answer, TestServer};

/// A Harbor View door (the homeowner may not see Harbor View) and a made-up one.
const OTHER_SITES_DOOR: &str = "lock-harbor-710";
const MADE_UP_DOOR: &str = "lock-made-up-710";

/// Status, code, message and field: everything a client can tell apart.
fn seen(answer: &Answer) -> (StatusCode, Value, Value, Value) {
    (
        answer.status,
        answer.body["code"].clone(),
        answer.body["message"].clone(),
        answer.body["field"].clone(),
    )
}

/// Asserts both answers are one and the same refusal, naming neither door nor site.
fn same_refusal(other_site: &Answer, made_up: &Answer, what: &str) {
    assert_eq!(seen(other_site), seen(made_up), "{what}");
    assert_eq!(
        other_site.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{what}"
    );
    let text = other_site.body.to_string();
    for leak in ["Unit 710", "710", "Harbor", "another site"] {
        assert!(!text.contains(leak), "{what} tells {leak:?}: {text}");
    }
}

fn new_code(door: &str) -> Value {
    json!({"person_id": "person-maple-leo", "name": "Side job", "pin": {"choice": "generate", "length": null}, "doors": [door], "schedule": {}, "preset": "custom"})
}

#[tokio::test]
async fn a_door_of_another_site_reads_like_one_that_does_not_exist() {
    let server = TestServer::as_homeowner().await;
    let codes_before = server.count("codes");

    let create = |door: &'static str| server.create("/api/v1/codes", new_code(door));
    same_refusal(
        &create(OTHER_SITES_DOOR).await,
        &create(MADE_UP_DOOR).await,
        "POST /codes",
    );

    let check = |door: &'static str| {
        server.post(
            "/api/v1/codes/check",
            json!({"site_id": "site-maple", "pin": "418520", "doors": [door]}),
        )
    };
    same_refusal(
        &check(OTHER_SITES_DOOR).await,
        &check(MADE_UP_DOOR).await,
        "POST /codes/check",
    );

    let change = |door: &'static str| {
        server.patch(
            "/api/v1/codes/code-maple-leo",
            json!({"doors": ["lock-maple-front", door]}),
        )
    };
    same_refusal(
        &change(OTHER_SITES_DOOR).await,
        &change(MADE_UP_DOOR).await,
        "PATCH /codes/{id}",
    );
    assert_eq!(server.count("codes"), codes_before, "nothing was written");
}

#[tokio::test]
async fn a_manager_choosing_a_door_of_their_other_site_gets_the_same_answer() {
    // Morgan sees both sites, but a Maple Street code cannot open a Harbor View door.
    let server = TestServer::as_manager().await;
    let create = |door: &'static str| server.create("/api/v1/codes", new_code(door));
    same_refusal(
        &create(OTHER_SITES_DOOR).await,
        &create(MADE_UP_DOOR).await,
        "POST /codes as the manager",
    );
}

#[tokio::test]
async fn alert_rules_refuse_people_and_doors_that_are_not_at_their_site() {
    let server = TestServer::as_homeowner().await;
    let rules = "/api/v1/sites/site-maple/alert-rules";
    let rule = |trigger: Value| json!({"name": "Watch", "trigger": trigger});
    let code_used = |person: &str| rule(json!({"type": "code_used", "person_id": person}));
    let wrong_codes = |lock: &str| {
        rule(json!({"type": "wrong_codes", "count": 3, "minutes": 10, "lock_id": lock}))
    };
    let before = server.count("alert_rules");

    let other_person = server.create(rules, code_used("person-harbor-710")).await;
    let made_up_person = server.create(rules, code_used("person-made-up")).await;
    assert_eq!(seen(&other_person), seen(&made_up_person));
    assert_eq!(other_person.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other_person.body["field"], "trigger.person_id");

    let other_door = server.create(rules, wrong_codes(OTHER_SITES_DOOR)).await;
    let made_up_door = server.create(rules, wrong_codes(MADE_UP_DOOR)).await;
    assert_eq!(seen(&other_door), seen(&made_up_door));
    assert_eq!(other_door.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other_door.body["field"], "trigger.lock_id");
    assert_eq!(server.count("alert_rules"), before, "nothing was written");

    // This site's own person and door are taken.
    let own = server.create(rules, code_used("person-maple-sam")).await;
    assert_eq!(own.status, StatusCode::CREATED, "{:?}", own.body);
    let own_door = server.create(rules, wrong_codes("lock-maple-back")).await;
    assert_eq!(own_door.status, StatusCode::CREATED, "{:?}", own_door.body);

    // A change to a rule is held to the same.
    let id = own.body["id"].as_str().unwrap();
    let changed = server
        .patch(
            &format!("/api/v1/alert-rules/{id}"),
            json!({"trigger": {"type": "code_used", "person_id": "person-harbor-710"}}),
        )
        .await;
    assert_eq!(seen(&changed), seen(&made_up_person));
}
