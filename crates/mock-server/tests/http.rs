//! In-process HTTP tests of the server skeleton: health, the app's files and deep links.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt;
use latchkey_core::health::Health;
use mock_server::{Config, app};
use tower::ServiceExt;

/// A dist folder with a recognisable index.html and one asset.
fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Latchkey test index</title>",
    )
    .unwrap();
    std::fs::write(dir.path().join("app.css"), "body{}").unwrap();
    dir
}

async fn get(dir: &tempfile::TempDir, uri: &str) -> (StatusCode, String, String) {
    let router = app(&Config {
        dist_dir: dir.path().to_path_buf(),
    });
    let response = router
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn health_answers_ok_as_json() {
    let dir = dist();
    let (status, content_type, body) = get(&dir, "/api/v1/health").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let health: Health = serde_json::from_str(&body).unwrap();
    assert!(health.is_ok());
    assert_eq!(health.service, "latchkey-mock-server");
    // Same shape as the committed contract example.
    let example: serde_json::Value =
        serde_json::from_str(include_str!("../../latchkey-core/fixtures/health.json")).unwrap();
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&answer), keys(&example));
}

#[tokio::test]
async fn deep_links_fall_back_to_index_with_200() {
    let dir = dist();
    for path in ["/", "/doors", "/people/p-1", "/settings?tab=policy"] {
        let (status, _, body) = get(&dir, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("Latchkey test index"), "{path} served {body}");
    }
}

#[tokio::test]
async fn assets_are_served_as_themselves() {
    let dir = dist();
    let (status, content_type, body) = get(&dir, "/app.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/css"), "{content_type}");
    assert_eq!(body, "body{}");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404_not_the_app() {
    let dir = dist();
    let (status, content_type, body) = get(&dir, "/api/v1/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    assert!(body.contains("\"code\":\"not_found\""), "{body}");
}
