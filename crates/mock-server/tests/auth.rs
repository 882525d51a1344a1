//! Sign-in, sessions and who sees what: the homeowner sees one site, the
//! property manager sees all; another account's ids answer 404.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::TestServer;

#[tokio::test]
async fn log_in_sets_a_strict_http_only_cookie_and_who_am_i_answers() {
    let server = TestServer::new();
    let answer = server
        .post(
            "/api/v1/session",
            json!({"username": "alex", "password": "maple-street"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let cookie = answer.set_cookie.unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let server = server.login("alex", "maple-street").await;
    let me = server.get("/api/v1/session").await;
    assert_eq!(me.body["username"], "alex");
    assert_eq!(me.body["role"], "homeowner");
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_the_field() {
    let server = TestServer::new();
    for (user, password) in [("alex", "wrong"), ("nobody", "maple-street"), ("alex", "")] {
        let answer = server
            .post(
                "/api/v1/session",
                json!({"username": user, "password": password}),
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{user}/{password}");
        assert_eq!(answer.body["field"], "password");
        assert!(answer.set_cookie.is_none());
    }
}

#[tokio::test]
async fn log_out_ends_the_session() {
    let server = TestServer::as_homeowner().await;
    assert_eq!(
        server
            .send("DELETE", "/api/v1/session", None, &[])
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        server.get("/api/v1/sites").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_homeowner_sees_only_their_site() {
    let server = TestServer::as_homeowner().await;
    let sites = server.get("/api/v1/sites").await.body;
    let names: Vec<&str> = sites
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Maple Street"]);
    let locks = server.get("/api/v1/locks?limit=500").await.body;
    assert_eq!(locks["total"], 4);
}

#[tokio::test]
async fn another_accounts_ids_answer_404_everywhere() {
    let server = TestServer::as_homeowner().await;
    for uri in [
        "/api/v1/sites/site-harbor",
        "/api/v1/locks/lock-harbor-lobby",
        "/api/v1/locks/lock-harbor-lobby/sync",
        "/api/v1/locks/lock-harbor-lobby/unknown-codes",
        "/api/v1/people/person-harbor-manager",
        "/api/v1/people/person-harbor-manager/codes",
        "/api/v1/codes/code-harbor-manager",
        "/api/v1/sites/site-harbor/sync",
        "/api/v1/sites/site-harbor/alert-rules",
    ] {
        assert_eq!(server.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    for uri in [
        "/api/v1/locks/lock-harbor-lobby/unlock",
        "/api/v1/sites/site-harbor/lock-all",
        "/api/v1/people/person-harbor-manager/pause",
        "/api/v1/codes/code-harbor-manager/reveal",
        "/api/v1/sim/locks/lock-harbor-lobby/keypad",
    ] {
        let answer = server.post(uri, json!({"pin": "123456"})).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let answer = server
        .send("DELETE", "/api/v1/people/person-harbor-manager", None, &[])
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    // Nothing of Harbor View leaks into the homeowner's lists.
    let events = server.get("/api/v1/events?limit=500").await.body;
    assert!(
        events["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["site_id"] == "site-maple")
    );
}

#[tokio::test]
async fn the_property_manager_sees_every_site() {
    let server = TestServer::as_manager().await;
    let sites = server.get("/api/v1/sites").await.body;
    assert_eq!(sites.as_array().unwrap().len(), 2);
    let locks = server
        .get("/api/v1/locks?site_id=site-harbor&limit=1")
        .await
        .body;
    assert_eq!(locks["total"], 124);
}
