//! Ready-made `sms:` and `mailto:` links that hand a revealed PIN to the
//! device's own messages or e-mail app. They exist only while the PIN is shown
//! on screen, and go to the device, never to a server, a log or browser history.

/// The message that goes with a shared code.
pub fn share_message(person: &str, doors: &[String], pin: &str, when: &str) -> String {
    let first_name = person.split_whitespace().next().unwrap_or(person);
    let doors = match doors {
        [] => "your doors".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let when = when.trim().trim_end_matches('.');
    format!(
        "Hi {first_name}, your code for {doors} is {pin}. When it works: {when}. Please keep it to yourself."
    )
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// An `sms:` link to `phone` (or to no one yet) with the message ready.
pub fn sms_link(phone: Option<&str>, message: &str) -> String {
    let to: String = phone
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("sms:{to}?&body={}", encode(message))
}

/// A `mailto:` link to `email` (or to no one yet) with the message ready.
pub fn mailto_link(email: Option<&str>, message: &str) -> String {
    let to = email.map(encode).unwrap_or_default();
    format!(
        "mailto:{to}?subject={}&body={}",
        encode("Your door code"),
        encode(message)
    )
}

/// Copies text to the clipboard; `false` when the browser refused.
pub async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
