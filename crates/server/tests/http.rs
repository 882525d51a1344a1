//! In-process HTTP tests of the server's frame: health, the app's files, deep
//! links, unknown endpoints, and the one error shape.

mod support;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt;
use latchkey_core::health::Health;
use support::TestServer;
use tower::ServiceExt;

async fn get_text(server: &TestServer, uri: &str) -> (StatusCode, String, String) {
    let response = server
        .router
        .clone()
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
        String::from_utf8_lossy(&body).into_owned(),
    )
}

#[tokio::test]
async fn health_answers_ok_as_json_without_a_session() {
    let server = TestServer::new();
    let (status, content_type, body) = get_text(&server, "/api/v1/health").await;
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
    let server = TestServer::new();
    for path in ["/", "/doors", "/people/p-1", "/settings?tab=policy"] {
        let (status, _, body) = get_text(&server, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("Latchkey test index"), "{path} served {body}");
    }
}

#[tokio::test]
async fn the_app_files_are_revalidated_on_every_visit() {
    // The wasm and JS keep their names between builds: a cached old copy must not be
    // used without asking, or a browser could mix an old file with a new one.
    let server = TestServer::new();
    for path in ["/", "/doors"] {
        let response = server
            .router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(
            response.headers().get(header::CACHE_CONTROL).unwrap(),
            "no-cache",
            "{path}"
        );
    }
}

#[tokio::test]
async fn unknown_api_paths_are_json_404_not_the_app() {
    let server = TestServer::new();
    let (status, content_type, body) = get_text(&server, "/api/v1/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let error: latchkey_core::error::ErrorBody = serde_json::from_str(&body).unwrap();
    assert_eq!(error.code, latchkey_core::error::ErrorCode::NotFound);
}

#[tokio::test]
async fn every_endpoint_but_health_and_login_needs_a_session() {
    let server = TestServer::new();
    for uri in [
        "/api/v1/sites",
        "/api/v1/locks",
        "/api/v1/people",
        "/api/v1/events",
        "/api/v1/session",
        "/api/v1/outbox",
        "/api/v1/sim/clock",
    ] {
        let answer = server.get(uri).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(answer.code(), "unauthenticated", "{uri}");
    }
    let answer = server
        .post(
            "/api/v1/locks/lock-maple-front/unlock",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = TestServer::as_homeowner().await;
    // The app's files, an API answer, an API error and a refusal all carry them.
    let requests = [
        Request::get("/").body(Body::empty()).unwrap(),
        Request::get("/doors").body(Body::empty()).unwrap(),
        Request::get("/api/v1/health").body(Body::empty()).unwrap(),
        Request::get("/api/v1/sites").body(Body::empty()).unwrap(),
        Request::get("/api/v1/no-such-thing")
            .body(Body::empty())
            .unwrap(),
        Request::post("/api/v1/session")
            .body(Body::empty())
            .unwrap(),
    ];
    for request in requests {
        let uri = request.uri().to_string();
        let response = server.router.clone().oneshot(request).await.unwrap();
        let headers = response.headers();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        let directive = |name: &str| {
            csp.split(';')
                .map(str::trim)
                .find(|d| d.split(' ').next() == Some(name))
                .unwrap_or_else(|| panic!("{uri}: no {name} in {csp}"))
        };
        // Scripts from this server only, wasm compiled, nothing wider.
        assert_eq!(
            directive("script-src"),
            "script-src 'self' 'wasm-unsafe-eval'",
            "{uri}"
        );
        assert_eq!(directive("default-src"), "default-src 'self'", "{uri}");
        assert_eq!(
            directive("frame-ancestors"),
            "frame-ancestors 'none'",
            "{uri}"
        );
        assert!(
            !csp.replace("'wasm-unsafe-eval'", "")
                .contains("unsafe-eval"),
            "{csp}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{uri}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{uri}");
    }
}

#[tokio::test]
async fn state_changes_from_another_site_are_refused() {
    let server = TestServer::as_homeowner().await;
    let cookie = server.cookie.clone().unwrap();
    let lock = |origin: Option<&str>, client_header: bool| {
        let mut request = Request::post("/api/v1/locks/lock-maple-front/lock")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::COOKIE, &cookie);
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        if client_header {
            request = request.header(
                latchkey_server::security::CLIENT_HEADER,
                latchkey_server::security::CLIENT_HEADER_VALUE,
            );
        }
        server.raw(request.body(Body::empty()).unwrap())
    };
    // A form or image on another site: no client header (browsers cannot add one
    // cross-site without a preflight, which this server never approves).
    let forged = lock(Some("https://evil.example"), false).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(forged.code(), "forbidden");
    // Even with the header (a non-browser client copying it), another Origin is refused.
    let other_origin = lock(Some("http://evil.example:8080"), true).await;
    assert_eq!(other_origin.status, StatusCode::FORBIDDEN);
    // Same origin without the header: refused too.
    assert_eq!(
        lock(Some("http://127.0.0.1:8080"), false).await.status,
        StatusCode::FORBIDDEN
    );
    // The app: same origin and the header.
    let app = lock(Some("http://127.0.0.1:8080"), true).await;
    assert!(app.status.is_success(), "{:?}", app.body);
    // Tools without a browser send no Origin: the header is enough.
    assert!(lock(None, true).await.status.is_success());
    // Reads are not affected.
    let read = server
        .raw(
            Request::get("/api/v1/sites")
                .header(header::COOKIE, &cookie)
                .header(header::ORIGIN, "https://evil.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
}

#[tokio::test]
async fn log_in_from_another_site_is_refused() {
    // Logging a victim into an attacker's account is a forgery too.
    let server = TestServer::new();
    let forged = server
        .raw(
            Request::post("/api/v1/session")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    r#"{"username":"alex","password":"maple-street"}"#,
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.set_cookie.is_none());
}

/// A lock command as the app sends it, with this `Origin` and `Host`.
fn lock_from(cookie: &str, origin: &str, host: &str) -> Request<Body> {
    Request::post("/api/v1/locks/lock-maple-front/lock")
        .header(header::HOST, host)
        .header(header::ORIGIN, origin)
        .header(header::COOKIE, cookie)
        .header(
            latchkey_server::security::CLIENT_HEADER,
            latchkey_server::security::CLIENT_HEADER_VALUE,
        )
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn the_origin_must_be_the_servers_own_scheme_host_and_port_whatever_the_host_header() {
    // The test server's own origins are http://127.0.0.1:8080 and http://localhost:8080.
    let server = TestServer::as_homeowner().await;
    let cookie = server.cookie.clone().unwrap();
    let refused = [
        // Another scheme on the same host and port.
        ("https://127.0.0.1:8080", "127.0.0.1:8080"),
        // The Host header is the sender's to choose: it proves nothing.
        ("http://evil.example", "evil.example"),
        ("http://evil.example:8080", "evil.example:8080"),
        // Another port.
        ("http://127.0.0.1:8081", "127.0.0.1:8081"),
        ("null", "127.0.0.1:8080"),
    ];
    for (origin, host) in refused {
        let answer = server.raw(lock_from(&cookie, origin, host)).await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{origin} with Host {host}"
        );
        assert_eq!(answer.code(), "forbidden");
    }
    for origin in ["http://127.0.0.1:8080", "http://LOCALHOST:8080"] {
        let answer = server
            .raw(lock_from(&cookie, origin, "127.0.0.1:8080"))
            .await;
        assert!(answer.status.is_success(), "{origin}: {:?}", answer.body);
    }
}

#[tokio::test]
async fn an_origin_added_to_the_configuration_is_accepted() {
    let (mut config, dist) = TestServer::test_config();
    config
        .origins
        .push("https://latchkey.example".parse().unwrap());
    let server = TestServer::with_config(config, dist)
        .login("alex", "maple-street")
        .await;
    let cookie = server.cookie.clone().unwrap();
    let answer = server
        .raw(lock_from(
            &cookie,
            "https://latchkey.example:443",
            "anything",
        ))
        .await;
    assert!(answer.status.is_success(), "{:?}", answer.body);
    let http = server
        .raw(lock_from(
            &cookie,
            "http://latchkey.example",
            "latchkey.example",
        ))
        .await;
    assert_eq!(http.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_api_answer_says_no_store_and_the_app_files_do_not() {
    let server = TestServer::as_homeowner().await;
    let cookie = server.cookie.clone().unwrap();
    let with_session = |request: axum::http::request::Builder| {
        request
            .header(header::COOKIE, &cookie)
            .header(
                latchkey_server::security::CLIENT_HEADER,
                latchkey_server::security::CLIENT_HEADER_VALUE,
            )
            .body(Body::empty())
            .unwrap()
    };
    let api = [
        with_session(Request::get("/api/v1/health")),
        with_session(Request::get("/api/v1/sites")),
        with_session(Request::get("/api/v1/people/person-maple-leo")),
        with_session(Request::get("/api/v1/no-such-thing")),
        // The one answer that carries a PIN.
        with_session(Request::post("/api/v1/codes/code-maple-leo/reveal")),
        // Refused before any handler: cross-site, and too long an address.
        Request::post("/api/v1/codes/code-maple-leo/reveal")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
        with_session(Request::get(format!("/api/v1/people/{}", "a".repeat(300)))),
        Request::get("/api/v1/sites").body(Body::empty()).unwrap(),
    ];
    for request in api {
        let uri = request.uri().to_string();
        let response = server.router.clone().oneshot(request).await.unwrap();
        assert_eq!(
            response
                .headers()
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{uri} ({})",
            response.status()
        );
    }
    let reveal = server
        .post("/api/v1/codes/code-maple-leo/reveal", serde_json::json!({}))
        .await;
    assert_eq!(reveal.status, StatusCode::OK, "{:?}", reveal.body);
    for path in ["/", "/doors"] {
        let response = server
            .router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "no-cache",
            "{path}"
        );
    }
}
