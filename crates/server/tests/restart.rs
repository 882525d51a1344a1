//! A restart loses nothing: data, sessions and event ids survive in the SQLite file.

mod support;

use axum::http::StatusCode;
use latchkey_server::{Config, db::StoreLocation};
use serde_json::json;
use support::TestServer;

fn file_config(dir: &tempfile::TempDir) -> Config {
    let mut config = Config::for_tests(dir.path().to_path_buf());
    config.store = StoreLocation::File(dir.path().join("data.sqlite"));
    config
}

#[tokio::test]
async fn data_and_event_ids_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();

    let (person, last_event, cookie) = {
        let server = TestServer::with_config(file_config(&dir), tempfile::tempdir().unwrap())
            .login("alex", "maple-street")
            .await;
        let person = server
            .create(
                "/api/v1/sites/site-maple/people",
                json!({"name": "Survivor", "kind": "guest"}),
            )
            .await
            .body["id"]
            .as_str()
            .unwrap()
            .to_owned();
        server
            .post("/api/v1/people/person-maple-leo/pause", json!({}))
            .await;
        let last = server.get("/api/v1/events?limit=1").await.body["items"][0]["id"]
            .as_u64()
            .unwrap();
        (person, last, server.cookie.clone())
    }; // the server and its connection are gone

    let mut server = TestServer::with_config(file_config(&dir), tempfile::tempdir().unwrap());
    server.cookie = cookie;
    assert_eq!(
        server.get("/api/v1/session").await.status,
        StatusCode::OK,
        "the session survived"
    );
    assert_eq!(
        server.get(&format!("/api/v1/people/{person}")).await.body["name"],
        "Survivor"
    );
    assert_eq!(
        server.get("/api/v1/people/person-maple-leo").await.body["status"],
        "paused"
    );
    assert_eq!(
        server.count("sites"),
        2,
        "the demo data is not seeded twice"
    );
    server
        .post("/api/v1/people/person-maple-leo/resume", json!({}))
        .await;
    let newest = server.get("/api/v1/events?limit=1").await.body["items"][0]["id"]
        .as_u64()
        .unwrap();
    assert_eq!(
        newest,
        last_event + 1,
        "event ids continue where they stopped"
    );
}
