//! Sending requests: the backend's base URL (set at run time), JSON in and out,
//! the session cookie, retrying what is safe to retry (`latchkey_core::retry`), and
//! turning every failure into an [`ApiError`].

use std::cell::RefCell;

use gloo_net::http::{RequestBuilder, Response};
use latchkey_core::{
    error::ErrorBody,
    retry::{Failure, RequestKind, RetryPolicy},
};
use serde::{Serialize, de::DeserializeOwned};
use web_sys::RequestCredentials;

use super::ApiError;

/// Where the backend's address is kept in the browser (an address, never a secret).
const BASE_URL_KEY: &str = "latchkey.apiBaseUrl";

/// The backend's base URL: the one chosen in Settings, or this page's own origin.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(BASE_URL_KEY).ok().flatten())
        .map(|url| url.trim().trim_end_matches('/').to_owned())
        .unwrap_or_default()
}

/// Saves (or, with an empty string, forgets) the backend's base URL.
pub fn set_base_url(url: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let url = url.trim().trim_end_matches('/');
        let _ = if url.is_empty() {
            storage.remove_item(BASE_URL_KEY)
        } else {
            storage.set_item(BASE_URL_KEY, url)
        };
    }
}

/// Told `true` when a request starts waiting to be sent again, `false` when it stops.
type RetryWaitListener = Box<dyn Fn(bool)>;

thread_local! {
    static ON_UNAUTHENTICATED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
    static ON_RETRY_WAIT: RefCell<Option<RetryWaitListener>> = const { RefCell::new(None) };
}

/// Registers what to tell the user while a request waits to be sent again
/// (`true` when a wait starts, `false` when it ends).
pub fn on_retry_wait(handler: impl Fn(bool) + 'static) {
    ON_RETRY_WAIT.with(|h| *h.borrow_mut() = Some(Box::new(handler)));
}

fn tell_retry_wait(waiting: bool) {
    ON_RETRY_WAIT.with(|h| {
        if let Some(handler) = h.borrow().as_ref() {
            handler(waiting);
        }
    });
}

/// Registers what to do when any request finds the session gone (go to log-in).
pub fn on_unauthenticated(handler: impl Fn() + 'static) {
    ON_UNAUTHENTICATED.with(|h| *h.borrow_mut() = Some(Box::new(handler)));
}

/// HTTP methods the contract uses.
#[derive(Debug, Clone, Copy)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

/// A successful answer.
pub struct Reply(Response);

impl Reply {
    /// The ETag, for a later `If-Match`.
    pub fn etag(&self) -> String {
        self.0.headers().get("etag").unwrap_or_default()
    }

    /// The body, parsed. Reading it is one piece of code for every type; only
    /// the parsing is per type (this keeps the bundle small).
    pub async fn json<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        let text = self.text().await?;
        serde_json::from_str(&text).map_err(|err| ApiError::BadResponse(err.to_string()))
    }

    async fn text(self) -> Result<String, ApiError> {
        self.0
            .text()
            .await
            .map_err(|err| ApiError::BadResponse(err.to_string()))
    }
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// `GET` and parse.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send_json(Method::Get, path, Ok(None), &[])
        .await?
        .json()
        .await
}

/// `GET` from another base URL (Settings' "test connection").
pub async fn get_at<T: DeserializeOwned>(base: &str, path: &str) -> Result<T, ApiError> {
    let url = format!("{}{path}", base.trim().trim_end_matches('/'));
    let response = RequestBuilder::new(&url)
        .send()
        .await
        .map_err(|_| ApiError::Unreachable)?;
    Reply(checked(response, path).await?).json().await
}

/// Sends a request with an optional JSON body and extra headers.
///
/// Only the body's serialisation is per type; the request itself is one
/// (non-generic) piece of code for every call.
pub fn send<'a, B: Serialize>(
    method: Method,
    path: &'a str,
    body: Option<&B>,
    headers: &'a [(&'a str, &'a str)],
) -> impl Future<Output = Result<Reply, ApiError>> + 'a {
    let body = body
        .map(serde_json::to_string)
        .transpose()
        .map_err(|err| ApiError::BadResponse(err.to_string()));
    send_json(method, path, body, headers)
}

async fn send_json(
    method: Method,
    path: &str,
    body: Result<Option<String>, ApiError>,
    headers: &[(&str, &str)],
) -> Result<Reply, ApiError> {
    let body = body?;
    let kind = request_kind(method, headers);
    let policy = RetryPolicy::default();
    let mut attempt = 1;
    loop {
        let answer = send_once(method, path, body.as_deref(), headers).await?;
        // The retry rule (latchkey-core) decides what is worth sending again.
        let failure = match &answer {
            None => Some(Failure::NoAnswer),
            Some(response) if !response.ok() => Some(Failure::Status {
                status: response.status(),
                retry_after_secs: response
                    .headers()
                    .get("retry-after")
                    .and_then(|secs| secs.trim().parse().ok()),
            }),
            Some(_) => None,
        };
        let wait = failure.and_then(|failure| {
            policy.next_wait_ms(kind, failure, attempt, js_sys::Math::random())
        });
        match (wait, answer) {
            (Some(ms), _) => {
                tell_retry_wait(true);
                pause(ms).await;
                tell_retry_wait(false);
                attempt += 1;
            }
            (None, Some(response)) => return Ok(Reply(checked(response, path).await?)),
            (None, None) => return Err(ApiError::Unreachable),
        }
    }
}

/// Reads may be sent again; so may writes the backend recognises when repeated.
fn request_kind(method: Method, headers: &[(&str, &str)]) -> RequestKind {
    let keyed = headers.iter().any(|(name, _)| {
        name.eq_ignore_ascii_case("idempotency-key") || name.eq_ignore_ascii_case("if-match")
    });
    match method {
        Method::Get => RequestKind::Read,
        _ if keyed => RequestKind::KeyedWrite,
        _ => RequestKind::Write,
    }
}

/// Sends once: `Ok(None)` when nothing answered.
async fn send_once(
    method: Method,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Result<Option<Response>, ApiError> {
    let url = format!("{}{path}", base_url());
    let mut request = RequestBuilder::new(&url)
        .method(match method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Patch => gloo_net::http::Method::PATCH,
            Method::Delete => gloo_net::http::Method::DELETE,
        })
        // The session cookie goes along, also to a backend on another origin.
        .credentials(RequestCredentials::Include)
        // The backend refuses state changes without it: a page on another site
        // cannot send this header, so it cannot act with the user's session.
        .header("X-Requested-With", "latchkey");
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let request = match body {
        Some(json) => request
            .header("Content-Type", "application/json")
            .body(json.to_owned()),
        None => request.build(),
    }
    .map_err(|err| ApiError::BadResponse(err.to_string()))?;
    Ok(request.send().await.ok())
}

/// Waits `ms` milliseconds without blocking the page.
async fn pause(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u64) as i32,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Passes a successful response through; turns an error response into `ApiError`.
async fn checked(response: Response, path: &str) -> Result<Response, ApiError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let body = response.json::<ErrorBody>().await.ok();
    let error = ApiError::from_response(status, body);
    if error.is_unauthenticated() && !path.starts_with("/api/v1/session") {
        ON_UNAUTHENTICATED.with(|h| {
            if let Some(handler) = h.borrow().as_ref() {
                handler();
            }
        });
    }
    Err(error)
}
