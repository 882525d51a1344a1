//! Browser-facing protections on every response and request: security headers
//! (and `Cache-Control: no-store` on every API answer), and refusing state
//! changes that come from another site (cross-site request forgery).

use std::{fmt, str::FromStr, sync::Arc};

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, Uri, header},
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

/// An origin as browsers send it in `Origin`: scheme, host and port (the
/// scheme's default port when none is written), compared without case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// The origins a server listening on 127.0.0.1 at `port` is reached at.
    pub fn local(port: u16) -> Vec<Origin> {
        ["127.0.0.1", "localhost"]
            .into_iter()
            .map(|host| Origin {
                scheme: "http".to_owned(),
                host: host.to_owned(),
                port,
            })
            .collect()
    }
}

impl FromStr for Origin {
    type Err = String;

    /// `http://host:port`, `https://host` … (no path, query or user).
    fn from_str(text: &str) -> Result<Origin, String> {
        let wrong = || format!("{text:?} is not an origin like http://127.0.0.1:8080");
        let uri: Uri = text.parse().map_err(|_| wrong())?;
        let scheme = uri.scheme_str().ok_or_else(wrong)?.to_ascii_lowercase();
        let authority = uri.authority().ok_or_else(wrong)?;
        if authority.as_str().contains('@')
            || !matches!(uri.path(), "" | "/")
            || uri.query().is_some()
        {
            return Err(wrong());
        }
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return Err(wrong()),
        };
        Ok(Origin {
            host: authority.host().to_ascii_lowercase(),
            port: authority.port_u16().unwrap_or(default_port),
            scheme,
        })
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// The origins this server's app is served from (its configuration, never the
/// request's `Host` header, which the sender chooses).
#[derive(Debug, Clone)]
pub struct OwnOrigins(pub Arc<Vec<Origin>>);

/// Adds the security headers to every response (API, app files, errors), and
/// `Cache-Control: no-store` to every API answer: they hold people's names,
/// codes' doors and, for a reveal, a PIN, which no cache may keep.
pub async fn add_headers(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name, value| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "no-referrer");
    if api {
        set(header::CACHE_CONTROL, "no-store");
    }
    response
}

/// Refuses (403) a state change under `/api` that carries an `Origin` other than
/// one of this server's own (scheme, host and port), or lacks [`CLIENT_HEADER`].
/// Reads pass.
pub async fn refuse_cross_site(
    State(own): State<OwnOrigins>,
    request: Request,
    next: Next,
) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state
        && request.uri().path().starts_with("/api/")
        && let Err(reason) = same_site(request.headers(), &own.0)
    {
        tracing::warn!(path = %request.uri().path(), reason, "refused a cross-site request");
        return ApiError::forbidden(
            "This request did not come from the Latchkey app, so it was refused.",
        )
        .into_response();
    }
    next.run(request).await
}

fn same_site(headers: &HeaderMap, own: &[Origin]) -> Result<(), &'static str> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = text(header::ORIGIN.as_str()) {
        let origin: Origin = origin.parse().map_err(|_| "malformed Origin")?;
        if !own.contains(&origin) {
            return Err("Origin is another site");
        }
    }
    if text(CLIENT_HEADER) != Some(CLIENT_HEADER_VALUE) {
        return Err("no client header");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_by_scheme_host_and_port() {
        let own: Origin = "http://Latchkey.example:8080".parse().unwrap();
        assert_eq!(own, "http://latchkey.example:8080/".parse().unwrap());
        assert_ne!(own, "https://latchkey.example:8080".parse().unwrap());
        assert_ne!(own, "http://latchkey.example:8081".parse().unwrap());
        assert_eq!(
            "http://latchkey.example".parse::<Origin>().unwrap(),
            "http://latchkey.example:80".parse().unwrap()
        );
        for bad in [
            "null",
            "latchkey.example:8080",
            "ftp://x",
            "http://a@b",
            "http://x/path",
        ] {
            assert!(bad.parse::<Origin>().is_err(), "{bad}");
        }
    }
}
