//! Site policy and alert rules through the API: conditional updates, validation,
//! and who may see them.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::TestServer;

#[tokio::test]
async fn a_site_policy_change_applies_to_new_pins() {
    let server = TestServer::as_homeowner().await;
    let policy = json!({"pin_lengths": [6], "custom_pins": true, "reveal": "never", "keypad_lockout": {"wrong_codes": 3, "lockout_seconds": 30}});
    let answer = server
        .patch("/api/v1/sites/site-maple", json!({"policy": policy}))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(answer.body["policy"]["pin_lengths"], json!([6]));
    let check = server
        .post(
            "/api/v1/codes/check",
            json!({"site_id": "site-maple", "pin": "6152", "doors": []}),
        )
        .await;
    assert_eq!(check.body["detail"]["problem"], "length_not_allowed");
    let reveal = server
        .post("/api/v1/codes/code-maple-sam/reveal", json!({}))
        .await;
    assert_eq!(reveal.status, StatusCode::FORBIDDEN);
    let bad = server.patch("/api/v1/sites/site-maple", json!({"policy": {"pin_lengths": [], "custom_pins": true, "reveal": "admins", "keypad_lockout": {"wrong_codes": 5, "lockout_seconds": 60}}})).await;
    assert_eq!(
        (bad.status, bad.body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("policy.pin_lengths"))
    );
    let stale = server
        .send(
            "PATCH",
            "/api/v1/sites/site-maple",
            Some(json!({"name": "Elm"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn alert_rules_can_be_made_changed_and_removed() {
    let server = TestServer::as_homeowner().await;
    let rule = json!({"name": "The dog walker arrived", "trigger": {"type": "code_used", "person_id": "person-maple-sam"}, "channels": [{"type": "sms", "to": "+1 555 0101"}]});
    let created = server
        .create("/api/v1/sites/site-maple/alert-rules", rule)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/alert-rules/{id}");
    let changed = server.patch(&uri, json!({"enabled": false})).await;
    assert_eq!(changed.body["enabled"], false);
    let listed = server
        .get("/api/v1/sites/site-maple/alert-rules")
        .await
        .body;
    // The demo's two rules, and this one.
    assert_eq!(listed.as_array().unwrap().len(), 3);
    let bad = server.create("/api/v1/sites/site-maple/alert-rules", json!({"name": "Too many", "trigger": {"type": "wrong_codes", "count": 0, "minutes": 5, "lock_id": null}})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        server.send("DELETE", &uri, None, &[]).await.status,
        StatusCode::NO_CONTENT
    );
    let left = server
        .get("/api/v1/sites/site-maple/alert-rules")
        .await
        .body;
    assert!(
        left.as_array()
            .unwrap()
            .iter()
            .all(|r| r["id"] != id.as_str())
    );
    assert_eq!(left.as_array().unwrap().len(), 2);
    assert_eq!(
        server
            .send("DELETE", "/api/v1/alert-rules/alert-unknown", None, &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_homeowner_cannot_touch_another_sites_rules() {
    let server = TestServer::as_manager().await;
    let harbor = server
        .create(
            "/api/v1/sites/site-harbor/alert-rules",
            json!({"name": "Pool jammed", "trigger": {"type": "jammed"}}),
        )
        .await;
    let id = harbor.body["id"].as_str().unwrap().to_owned();
    let homeowner = server.login_as_another("alex", "maple-street").await;
    assert_eq!(
        homeowner
            .send("DELETE", &format!("/api/v1/alert-rules/{id}"), None, &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        homeowner
            .send(
                "PATCH",
                &format!("/api/v1/alert-rules/{id}"),
                Some(json!({"enabled": false})),
                &[("if-match", "*")]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
