//! Sign-in, sessions and who sees what: the homeowner sees one site, the
//! property manager sees all; another account's ids answer 404.

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use latchkey_server::{auth::SessionPolicy, login_throttle};
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

/// A server whose sessions end after `idle` without a request or `absolute` after sign-in.
fn server_with_sessions(idle: Duration, absolute: Duration) -> TestServer {
    let (mut config, dist) = TestServer::test_config();
    config.sessions = SessionPolicy { idle, absolute };
    TestServer::with_config(config, dist)
}

#[tokio::test]
async fn the_cookie_expires_with_the_session() {
    let answer = TestServer::new()
        .post(
            "/api/v1/session",
            json!({"username": "alex", "password": "maple-street"}),
        )
        .await;
    let cookie = answer.set_cookie.unwrap();
    let week = SessionPolicy::default().absolute.as_secs();
    assert!(cookie.contains(&format!("Max-Age={week}")), "{cookie}");
}

#[tokio::test]
async fn a_session_ends_after_being_idle_but_not_while_in_use() {
    let server = server_with_sessions(Duration::from_millis(800), Duration::from_secs(3600))
        .login("alex", "maple-street")
        .await;
    // In use: a request every 300 ms for 1.5 s keeps it going.
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(server.get("/api/v1/sites").await.status, StatusCode::OK);
    }
    tokio::time::sleep(Duration::from_millis(900)).await;
    let answer = server.get("/api/v1/sites").await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(
        answer.body["message"]
            .as_str()
            .unwrap()
            .contains("session has ended"),
        "{:?}",
        answer.body
    );
    // Gone for good, not just for that request.
    assert_eq!(
        server.get("/api/v1/session").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_expiry_however_busy() {
    let server = server_with_sessions(Duration::from_secs(3600), Duration::from_millis(900))
        .login("alex", "maple-street")
        .await;
    for _ in 0..3 {
        assert_eq!(server.get("/api/v1/sites").await.status, StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        server.get("/api/v1/sites").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn moving_the_simulated_clock_a_week_ahead_keeps_the_session() {
    // The manager: only an account that sees every site may move the shared clock.
    let server = TestServer::as_manager().await;
    let week_and_a_day = 8 * 24 * 60 * 60;
    let answer = server
        .send(
            "PUT",
            "/api/v1/sim/clock",
            Some(json!({"mode": "offset", "seconds": week_and_a_day})),
            &[],
        )
        .await;
    assert!(answer.status.is_success(), "{:?}", answer.body);
    assert_eq!(server.get("/api/v1/sites").await.status, StatusCode::OK);
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_user_name_for_a_while() {
    let server = TestServer::new();
    let log_in = |password: &'static str| {
        server.post(
            "/api/v1/session",
            json!({"username": "alex", "password": password}),
        )
    };
    for _ in 0..login_throttle::MAX_FAILURES {
        assert_eq!(log_in("guess").await.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused now, with when to try again.
    let refused = log_in("maple-street").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.code(), "rate_limited");
    assert!(refused.set_cookie.is_none());
    let wait: u64 = refused.retry_after.unwrap().parse().unwrap();
    assert!(
        wait > 0 && wait <= login_throttle::WINDOW.as_secs(),
        "{wait}"
    );
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("Try again in 15 minutes"),
        "{:?}",
        refused.body
    );
    // Another user name is not affected.
    let other = server
        .post(
            "/api/v1/session",
            json!({"username": "morgan", "password": "harbor-view"}),
        )
        .await;
    assert_eq!(other.status, StatusCode::OK);
}

#[tokio::test]
async fn user_names_are_compared_without_case_and_the_right_password_is_never_a_wrong_one() {
    let server = TestServer::new();
    let log_in = |username: &'static str, password: &'static str| {
        server.post(
            "/api/v1/session",
            json!({"username": username, "password": password}),
        )
    };
    // One short of the lockout, under another spelling of the name.
    for _ in 0..login_throttle::MAX_FAILURES - 1 {
        assert_eq!(
            log_in("ALEX", "guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // "Alex" with the right password is alex signing in, not a fifth wrong password.
    let signed_in = log_in("Alex", "maple-street").await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    assert_eq!(signed_in.body["username"], "alex");
    // The success cleared the count, whatever the spelling.
    assert_eq!(
        log_in(" aLeX ", "guess").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(log_in("alex", "maple-street").await.status, StatusCode::OK);
    // The wrong passwords are in alex's history, under one name.
    let server = server.login("alex", "maple-street").await;
    let history = server.get("/api/v1/session/history").await.body;
    let wrong = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "wrong_password")
        .count();
    assert_eq!(wrong, login_throttle::MAX_FAILURES);
}

#[tokio::test]
async fn every_sign_in_attempt_and_sign_out_is_recorded_for_the_account() {
    let server = TestServer::new();
    let attempt = |username: &'static str, password: &'static str| {
        server.post(
            "/api/v1/session",
            json!({"username": username, "password": password}),
        )
    };
    attempt("alex", "wrong").await;
    attempt(" Alex ", "also wrong").await;
    let signed_in = server.login_as_another("alex", "maple-street").await;
    assert_eq!(
        signed_in
            .send("DELETE", "/api/v1/session", None, &[])
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let again = server.login_as_another("alex", "maple-street").await;
    let history = again.get("/api/v1/session/history").await;
    assert_eq!(history.status, StatusCode::OK);
    let outcomes: Vec<&str> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        [
            "signed_in",
            "signed_out",
            "signed_in",
            "wrong_password",
            "wrong_password"
        ]
    );
    assert!(
        !history.body.to_string().contains("also wrong"),
        "no password kept"
    );
    // Another account sees only its own.
    let morgan = server.login_as_another("morgan", "harbor-view").await;
    let theirs = morgan.get("/api/v1/session/history").await.body;
    assert_eq!(theirs.as_array().unwrap().len(), 1, "{theirs}");
    // Nobody signed in: no history.
    assert_eq!(
        server.get("/api/v1/session/history").await.status,
        StatusCode::UNAUTHORIZED
    );
}
