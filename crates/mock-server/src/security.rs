//! Browser-facing protections on every response and request: security headers, and
//! refusing state changes that come from another site (cross-site request forgery).

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::error::ApiError;

/// The app's scripts come from this server only; its wasm may be compiled
/// (`'wasm-unsafe-eval'`, nothing wider); the week view sets `style` attributes;
/// nothing may frame it. Requests may go to any http(s) origin: the backend's
/// address is the user's choice (Settings), and with no script but this server's
/// there is nothing else to send them.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; style-src-attr 'unsafe-inline'; \
    img-src 'self'; connect-src 'self' http: https:; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// The header every state change must carry. A page on another site cannot send it
/// without the browser asking this server first (a CORS preflight), which it refuses.
pub const CLIENT_HEADER: &str = "x-requested-with";
/// Its value.
pub const CLIENT_HEADER_VALUE: &str = "latchkey";

/// Adds the security headers to every response (API, app files, errors).
pub async fn add_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let mut set = |name, value| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "no-referrer");
    response
}

/// Refuses (403) a state change under `/api` that carries an `Origin` other than
/// this server's, or lacks [`CLIENT_HEADER`]. Reads pass.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state
        && request.uri().path().starts_with("/api/")
        && let Err(reason) = same_site(request.headers())
    {
        tracing::warn!(path = %request.uri().path(), reason, "refused a cross-site request");
        return ApiError::forbidden(
            "This request did not come from the Latchkey app, so it was refused.",
        )
        .into_response();
    }
    next.run(request).await
}

fn same_site(headers: &HeaderMap) -> Result<(), &'static str> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = text(header::ORIGIN.as_str()) {
        let host = text(header::HOST.as_str()).ok_or("no Host header")?;
        let origin_host = origin
            .split_once("://")
            .map(|(_, rest)| rest)
            .ok_or("malformed Origin")?;
        if !origin_host.eq_ignore_ascii_case(host) {
            return Err("Origin is another site");
        }
    }
    if text(CLIENT_HEADER) != Some(CLIENT_HEADER_VALUE) {
        return Err("no client header");
    }
    Ok(())
}
