//! A small HTTP client for the contract: a base URL, a session cookie, and
//! answers parsed into status, headers and JSON.

use serde_json::Value;

/// One answer from the backend.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    pub set_cookie: Option<String>,
    pub content_type: String,
    pub body: Value,
}

/// Talks to one backend as one signed-in account.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    http: reqwest::Client,
    cookie: Option<String>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        Client {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::Client::builder()
                // The contract's guard against cross-site requests: state changes
                // carry this header, which a page on another site cannot send.
                .default_headers(
                    [(
                        reqwest::header::HeaderName::from_static("x-requested-with"),
                        reqwest::header::HeaderValue::from_static("latchkey"),
                    )]
                    .into_iter()
                    .collect(),
                )
                .build()
                .expect("a reqwest client with default settings"),
            cookie: None,
        }
    }

    /// Signs in; later requests carry the session cookie.
    pub async fn login(&mut self, username: &str, password: &str) -> Result<Answer, String> {
        let answer = self
            .send(
                "POST",
                "/api/v1/session",
                Some(serde_json::json!({"username": username, "password": password})),
                &[],
            )
            .await?;
        if answer.status != 200 {
            return Err(format!(
                "log-in as {username} answered {}: {}",
                answer.status, answer.body
            ));
        }
        let cookie = answer.set_cookie.clone().ok_or("log-in set no cookie")?;
        self.cookie = Some(cookie.split(';').next().unwrap_or_default().to_owned());
        Ok(answer)
    }

    /// The same backend without a session.
    pub fn anonymous(&self) -> Client {
        Client {
            cookie: None,
            ..self.clone()
        }
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Result<Answer, String> {
        let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(|e| format!("{path}: {e}"))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (status, etag, set_cookie) = (
            response.status().as_u16(),
            header("etag"),
            header("set-cookie"),
        );
        let content_type = header("content-type").unwrap_or_default();
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok(Answer {
            status,
            etag,
            set_cookie,
            content_type,
            body,
        })
    }

    pub async fn get(&self, path: &str) -> Result<Answer, String> {
        self.send("GET", path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Result<Answer, String> {
        self.send("POST", path, Some(body), &[]).await
    }

    /// Raw request builder, for the event stream and malformed bodies.
    pub fn raw(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        request
    }
}

/// A unique string for idempotency keys and test names.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{prefix}-{nanos:x}")
}
