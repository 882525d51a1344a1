//! Checks that a backend gives nothing away and holds up against odd requests
//! (issue 20, items 12–17): errors never repeat what was sent nor name what
//! does not exist; the event stream ends with its session; oversized requests
//! are refused up front; answers are not stored; PINs and names follow
//! latchkey-core's rules; user names are not case-sensitive; the cross-site
//! guard compares the whole origin.

use std::time::Duration;

use serde_json::json;

use crate::{
    client::{Answer, Client, unique},
    expect::{CheckResult, expect_error},
    stream::Frames,
};

/// What the checks need: a signed-in client, a site that takes custom 6-digit
/// PINs, a door of it, and the account's credentials.
pub struct Context<'a> {
    pub client: &'a Client,
    pub site_id: &'a str,
    pub door_id: &'a str,
    pub user: &'a str,
    pub password: &'a str,
}

/// Six digits no one has typed, to look for in answers.
fn marker_digits() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{:06}", 271_828 + (nanos % 700_000))
}

fn not_repeated(answer: &Answer, sent: &str, what: &str) -> CheckResult {
    let text = answer.body.to_string();
    if text.contains(sent) {
        return Err(format!("{what}: the error repeats what was sent: {text}"));
    }
    Ok(())
}

/// Errors name the field, never the value; a made-up door is not named.
pub async fn check_errors_repeat_nothing(cx: &Context<'_>) -> CheckResult {
    let digits = marker_digits();
    let number: u64 = digits.parse().map_err(|_| "marker digits")?;
    let numeric_pin = cx
        .client
        .post(
            "/api/v1/codes/check",
            json!({"site_id": cx.site_id, "pin": number, "doors": []}),
        )
        .await?;
    expect_error(&numeric_pin, 400, "a PIN sent as a number")?;
    not_repeated(&numeric_pin, &digits, "a PIN sent as a number")?;

    let numeric_password = cx
        .client
        .anonymous()
        .post(
            "/api/v1/session",
            json!({"username": cx.user, "password": number}),
        )
        .await?;
    expect_error(&numeric_password, 400, "a password sent as a number")?;
    not_repeated(&numeric_password, &digits, "a password sent as a number")?;

    let made_up = unique("kit-no-such-door");
    let unknown_door = cx
        .client
        .post(
            "/api/v1/codes/check",
            json!({"site_id": cx.site_id, "pin": "615243", "doors": [made_up]}),
        )
        .await?;
    expect_error(&unknown_door, 422, "a door that does not exist")?;
    not_repeated(&unknown_door, &made_up, "a door that does not exist")?;
    Ok(())
}

/// Signing out ends that session's open event stream within about a second.
pub async fn check_stream_ends_at_sign_out(base: &str, cx: &Context<'_>) -> CheckResult {
    let mut session = Client::new(base);
    session.login(cx.user, cx.password).await?;
    let response = session
        .raw(reqwest::Method::GET, "/api/v1/events/stream")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if response.status() != 200 {
        return Err(format!("the stream answered {}", response.status()));
    }
    let mut frames = Frames::new(response);
    let signed_out = session.send("DELETE", "/api/v1/session", None, &[]).await?;
    if !(200..300).contains(&signed_out.status) {
        return Err(format!("sign-out answered {}", signed_out.status));
    }
    if !frames.ends_within(Duration::from_secs(2)).await {
        return Err("the event stream was still open 2 s after sign-out".into());
    }
    Ok(())
}

/// A path segment of 256 bytes (400), a body over 64 KiB (413) and 32 KiB of
/// headers (431) are refused in the error shape.
pub async fn check_oversized_requests(cx: &Context<'_>) -> CheckResult {
    let long = cx
        .client
        .get(&format!("/api/v1/people/{}", "a".repeat(256)))
        .await?;
    expect_error(&long, 400, "a path segment of 256 bytes")?;

    let big = cx
        .client
        .send(
            "POST",
            &format!("/api/v1/sites/{}/people", cx.site_id),
            Some(json!({"name": "x".repeat(100_000), "kind": "guest"})),
            &[("idempotency-key", &unique("kit-big"))],
        )
        .await?;
    expect_error(&big, 413, "a 100 kB body")?;

    let padding = "x".repeat(32 * 1024);
    let headers = cx
        .client
        .send("GET", "/api/v1/health", None, &[("x-padding", &padding)])
        .await?;
    expect_error(&headers, 431, "32 KiB of headers")?;
    Ok(())
}

/// Every API answer carries `Cache-Control: no-store`, errors included.
pub async fn check_answers_are_not_stored(cx: &Context<'_>) -> CheckResult {
    for path in ["/api/v1/sites", "/api/v1/people/kit-no-such-person"] {
        let response = cx
            .client
            .raw(reqwest::Method::GET, path)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let cache = response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !cache.contains("no-store") {
            return Err(format!(
                "{path} answers Cache-Control {cache:?}, not no-store"
            ));
        }
    }
    Ok(())
}

/// A PIN with a space before it is refused; so are names with a right-to-left
/// override or a zero-width space; the user name signs in in any case.
pub async fn check_pins_names_and_user_names(base: &str, cx: &Context<'_>) -> CheckResult {
    let spaced = cx
        .client
        .post(
            "/api/v1/codes/check",
            json!({"site_id": cx.site_id, "pin": " 615243", "doors": [cx.door_id]}),
        )
        .await?;
    let error = expect_error(&spaced, 422, "a PIN with a space before it")?;
    if error.field.as_deref() != Some("pin") {
        return Err(format!("a PIN with a space names field {:?}", error.field));
    }
    for (name, what) in [
        ("Kit\u{202e}guest", "a right-to-left override"),
        ("Kit\u{200b}guest", "a zero-width space"),
    ] {
        let answer = cx
            .client
            .send(
                "POST",
                &format!("/api/v1/sites/{}/people", cx.site_id),
                Some(json!({"name": name, "kind": "guest"})),
                &[("idempotency-key", &unique("kit-name"))],
            )
            .await?;
        let error = expect_error(&answer, 422, &format!("a name with {what}"))?;
        if error.field.as_deref() != Some("name") {
            return Err(format!("a name with {what} names field {:?}", error.field));
        }
    }
    let shouted = cx.user.to_uppercase();
    if shouted != cx.user {
        Client::new(base)
            .login(&shouted, cx.password)
            .await
            .map_err(|e| format!("the user name in capitals: {e}"))?;
    }
    Ok(())
}

/// A state change from the backend's own origin passes; from its host and port
/// but another scheme it is refused: the guard compares the whole origin.
pub async fn check_origin_scheme(base: &str, cx: &Context<'_>) -> CheckResult {
    let Some((scheme, rest)) = base.split_once("://") else {
        return Err(format!("the base URL {base} has no scheme"));
    };
    let host_and_port = rest.split('/').next().unwrap_or(rest);
    let other = if scheme == "https" { "http" } else { "https" };
    let check_from = |origin: String| {
        let client = cx.client.clone();
        let site_id = cx.site_id.to_owned();
        async move {
            let answer = client
                .send(
                    "POST",
                    "/api/v1/codes/check",
                    Some(json!({"site_id": site_id, "pin": "615243", "doors": []})),
                    &[("origin", &origin)],
                )
                .await?;
            Ok::<_, String>((origin, answer))
        }
    };
    let (own, answer) = check_from(format!("{scheme}://{host_and_port}")).await?;
    if answer.status == 403 {
        return Err(format!(
            "a state change from the backend's own origin {own} was refused"
        ));
    }
    let (origin, answer) = check_from(format!("{other}://{host_and_port}")).await?;
    expect_error(&answer, 403, &format!("a state change from {origin}"))?;
    Ok(())
}
