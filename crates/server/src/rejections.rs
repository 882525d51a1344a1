//! Requests that do not parse (a JSON body, a query string, a path): answered in
//! the contract's error shape, naming the field and what it should be ("pin:
//! expected a string") but never repeating what was sent. serde's own messages
//! quote the value ("invalid type: integer `5081`"), and the value may be a PIN
//! or a password.

use std::error::Error;

use axum::{
    extract::path::ErrorKind,
    extract::rejection::{JsonRejection, PathRejection, QueryRejection},
    http::StatusCode,
};
use latchkey_core::error::ErrorCode;
use serde_path_to_error::Segment;

use crate::error::ApiError;

/// A JSON body that could not be read or parsed.
pub fn json(rejection: &JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::bad_request("Send the body as JSON with Content-Type: application/json.")
        }
        JsonRejection::BytesRejection(bytes) => {
            if find_source::<tower_http::timeout::TimeoutError>(rejection).is_some() {
                ApiError::new(
                    ErrorCode::RequestTimeout,
                    "The request body did not arrive in time.",
                )
            } else if bytes.status() == StatusCode::PAYLOAD_TOO_LARGE
                || find_source::<http_body_util::LengthLimitError>(rejection).is_some()
            {
                ApiError::new(ErrorCode::PayloadTooLarge, "The request body is too large.")
            } else {
                ApiError::bad_request("The request body could not be read.")
            }
        }
        JsonRejection::JsonDataError(_) => {
            match find_source::<serde_path_to_error::Error<serde_json::Error>>(rejection) {
                Some(error) => {
                    described("The request body", error.path(), &error.inner().to_string())
                }
                None => ApiError::bad_request("The request body is not what this endpoint takes."),
            }
        }
        _ => match find_source::<serde_path_to_error::Error<serde_json::Error>>(rejection) {
            Some(error) => ApiError::bad_request(format!(
                "The request body is not valid JSON (line {}, column {}).",
                error.inner().line(),
                error.inner().column()
            )),
            None => ApiError::bad_request("The request body is not valid JSON."),
        },
    }
}

/// A query string that does not fit the endpoint's parameters.
pub fn query(rejection: &QueryRejection) -> ApiError {
    match find_source::<serde_path_to_error::Error<serde::de::value::Error>>(rejection) {
        Some(error) => described("The query string", error.path(), &error.inner().to_string()),
        None => ApiError::bad_request("The query string is not valid."),
    }
}

/// Path parameters that do not parse (the keys come from the route, not the request).
pub fn path(rejection: &PathRejection) -> ApiError {
    let PathRejection::FailedToDeserializePathParams(failed) = rejection else {
        return ApiError::bad_request("The address is not valid.");
    };
    match failed.kind() {
        ErrorKind::ParseErrorAtKey {
            key, expected_type, ..
        } => ApiError::bad_request(format!("{key}: expected {expected_type}")).field(key.as_str()),
        ErrorKind::InvalidUtf8InPathParam { key } => {
            ApiError::bad_request(format!("{key}: not valid UTF-8")).field(key.as_str())
        }
        ErrorKind::DeserializeError { key, .. } => {
            ApiError::bad_request(format!("{key}: not a valid value")).field(key.as_str())
        }
        _ => ApiError::bad_request("The address is not valid."),
    }
}

/// What went wrong, as serde said it, with the value taken out.
#[derive(Debug, PartialEq)]
enum Problem {
    /// The value was of the wrong type or out of range: what was expected.
    Expected(String),
    /// A field the type needs is missing.
    Missing(String),
    /// A field came twice.
    Duplicate(String),
    /// A field the type does not take (its name is not repeated), and the ones it does.
    UnknownField(Option<String>),
    /// A message without any quoted value (one of our own, like a PIN rule).
    Said(String),
    /// Anything else: nothing of it is repeated.
    Invalid,
}

fn described(whole: &str, path: &serde_path_to_error::Path, message: &str) -> ApiError {
    let problem = problem(message);
    let segments: Vec<&Segment> = path.iter().collect();
    // serde records an unknown field's name as the last step of the path: it is
    // what was sent, so it is left out.
    let known = match problem {
        Problem::UnknownField(_) => &segments[..segments.len().saturating_sub(1)],
        _ => &segments[..],
    };
    let at = field_path(known);
    let named = |name: &str| match &at {
        Some(at) => format!("{at}.{name}"),
        None => name.to_owned(),
    };
    let (field, words) = match problem {
        Problem::Expected(expected) => (at.clone(), format!("expected {expected}")),
        Problem::Missing(name) => (Some(named(&name)), "this field is required".to_owned()),
        Problem::Duplicate(name) => (Some(named(&name)), "given more than once".to_owned()),
        Problem::UnknownField(Some(expected)) => (
            at.clone(),
            format!("a field this endpoint does not take was sent (expected {expected})"),
        ),
        Problem::UnknownField(None) => (
            at.clone(),
            "a field this endpoint does not take was sent".to_owned(),
        ),
        Problem::Said(said) => (at.clone(), said),
        Problem::Invalid => (at.clone(), "not a valid value".to_owned()),
    };
    match field {
        Some(field) => ApiError::bad_request(format!("{field}: {words}")).field(field),
        None => ApiError::bad_request(format!("{whole} is not valid: {words}")),
    }
}

fn problem(message: &str) -> Problem {
    let message = without_location(message);
    let quoted_name = |rest: &str| {
        rest.strip_suffix('`')
            .filter(|name| is_identifier(name))
            .map(str::to_owned)
    };
    if let Some(rest) = message.strip_prefix("missing field `") {
        return quoted_name(rest).map_or(Problem::Invalid, Problem::Missing);
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return quoted_name(rest).map_or(Problem::Invalid, Problem::Duplicate);
    }
    // The expected part comes last and from the type, so everything before it
    // (where the value is) is dropped.
    let expected = message
        .rsplit_once(", expected ")
        .map(|(_, expected)| expected.to_owned());
    if message.starts_with("unknown field `") {
        return Problem::UnknownField(expected);
    }
    let quotes_the_value = [
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
        "unknown variant `",
    ]
    .iter()
    .any(|prefix| message.starts_with(prefix));
    if quotes_the_value {
        return expected.map_or(Problem::Invalid, Problem::Expected);
    }
    if message.contains(['`', '"', '\'']) {
        Problem::Invalid
    } else {
        Problem::Said(message.to_owned())
    }
}

/// serde_json adds " at line L column C"; the rest is the message.
fn without_location(message: &str) -> &str {
    match message.rsplit_once(" at line ") {
        Some((head, tail))
            if tail
                .split(" column ")
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            head
        }
        _ => message,
    }
}

/// The field as `schedule.weekly[0].days`, or `None` for the whole body. Only
/// names that could be a field of ours are kept (serde records only known ones).
fn field_path(path: &[&Segment]) -> Option<String> {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key: name } | Segment::Enum { variant: name } if is_identifier(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Segment::Map { .. } | Segment::Enum { .. } | Segment::Unknown => break,
        }
    }
    (!out.is_empty()).then_some(out)
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 64
}

/// The first error of type `T` in `error`'s chain of sources.
fn find_source<'a, T: Error + 'static>(error: &'a (dyn Error + 'static)) -> Option<&'a T> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        current = error.source();
    }
    None
}

// The extractors in `error` (ApiJson, ApiQuery, ApiPath) answer their rejections through these.
impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        json(&rejection)
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        query(&rejection)
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        path(&rejection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_lose_the_value_and_keep_what_was_expected() {
        let cases = [
            (
                "invalid type: integer `5081`, expected a string at line 1 column 12",
                Problem::Expected("a string".into()),
            ),
            (
                "invalid value: integer `300`, expected u8",
                Problem::Expected("u8".into()),
            ),
            (
                "unknown variant `wizard`, expected one of `owner`, `guest`",
                Problem::Expected("one of `owner`, `guest`".into()),
            ),
            (
                "invalid type: string \"1, expected x\", expected u32",
                Problem::Expected("u32".into()),
            ),
            (
                "unknown variant `x`, there are no variants",
                Problem::Invalid,
            ),
            ("missing field `pin`", Problem::Missing("pin".into())),
            (
                "unknown field `5081`, expected `name` or `kind`",
                Problem::UnknownField(Some("`name` or `kind`".into())),
            ),
            (
                "A PIN can only contain digits 0–9.",
                Problem::Said("A PIN can only contain digits 0–9.".into()),
            ),
            ("something quoting `5081`", Problem::Invalid),
        ];
        for (message, expected) in cases {
            assert_eq!(problem(message), expected, "{message}");
        }
    }
}
