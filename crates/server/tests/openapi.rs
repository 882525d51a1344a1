//! The committed OpenAPI document (`openapi.json` at the top of the repository)
//! must match the one generated from the code. To refresh it after changing the
//! contract: `UPDATE_OPENAPI=1 cargo test -p latchkey-server --test openapi`.

mod support;

use axum::http::StatusCode;
use latchkey_server::openapi::document_json;
use support::TestServer;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi.json");

#[test]
fn the_committed_document_matches_the_code() {
    let generated = document_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(COMMITTED, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi.json differs from the code. Run: UPDATE_OPENAPI=1 cargo test -p latchkey-server --test openapi"
    );
}

#[test]
fn every_route_of_the_contract_is_documented() {
    let doc: serde_json::Value = serde_json::from_str(&document_json()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/codes",
        "/api/v1/events/stream",
        "/api/v1/locks",
        "/api/v1/people/{id}",
        "/api/v1/sim/clock",
    ] {
        assert!(paths.contains_key(path), "{path} is missing");
    }
    assert!(paths.len() >= 40, "{} paths", paths.len());
    for schema in [
        "ErrorBody",
        "Lock",
        "AccessCode",
        "Schedule",
        "Event",
        "PinProblem",
    ] {
        assert!(
            doc["components"]["schemas"].get(schema).is_some(),
            "{schema} schema is missing"
        );
    }
}

#[tokio::test]
async fn the_document_is_served() {
    let server = TestServer::new();
    let answer = server.get("/api/v1/openapi.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["info"]["title"], "Latchkey REST contract");
}

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let server = TestServer::as_manager().await;
    let doc: serde_json::Value = serde_json::from_str(&document_json()).unwrap();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        let uri = path
            .replace("{id}", "no-such-id")
            .replace("{lock_id}", "no-such-lock");
        for method in operations.as_object().unwrap().keys() {
            if uri.ends_with("/events/stream") {
                continue; // a stream never ends; the stream tests cover it
            }
            let answer = server
                .send(
                    &method.to_uppercase(),
                    &uri,
                    Some(serde_json::json!({})),
                    &[],
                )
                .await;
            let message = answer.body["message"].as_str().unwrap_or("");
            assert!(
                message != "There is no such API endpoint."
                    && message != "This endpoint does not accept that method.",
                "{method} {path} is documented but not routed"
            );
        }
    }
}
