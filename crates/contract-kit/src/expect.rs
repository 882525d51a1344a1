//! What every check uses: its result type and the expectations about an
//! answer (its status, the one error shape, a body of a contract type).

use latchkey_core::error::ErrorBody;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::Answer;

/// `Ok`, or what the backend did instead.
pub(crate) type CheckResult = Result<(), String>;

pub(crate) fn expect_status(answer: &Answer, status: u16, what: &str) -> CheckResult {
    if answer.status == status {
        Ok(())
    } else {
        Err(format!(
            "{what}: expected {status}, got {} with {}",
            answer.status, answer.body
        ))
    }
}

pub(crate) fn parse<T: DeserializeOwned>(value: &Value, what: &str) -> Result<T, String> {
    serde_json::from_value(value.clone())
        .map_err(|e| format!("{what} does not match the contract: {e}: {value}"))
}

/// An error answer: the status, and the one error shape with a message.
pub(crate) fn expect_error(answer: &Answer, status: u16, what: &str) -> Result<ErrorBody, String> {
    expect_status(answer, status, what)?;
    let body: ErrorBody = parse(&answer.body, &format!("{what} error body"))?;
    if body.message.trim().is_empty() {
        return Err(format!("{what}: the error has no message"));
    }
    if body.code.status() != status {
        return Err(format!(
            "{what}: code {:?} does not belong with status {status}",
            body.code
        ));
    }
    Ok(body)
}
