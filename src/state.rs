//! App-wide state shared through contexts, as `provide_*` / `use_*` pairs.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};

use crate::api;

/// How often the shell asks the backend whether it is up.
const HEALTH_POLL_INTERVAL: Duration = Duration::from_secs(10);

/// Whether the backend answers its health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendStatus {
    /// No answer yet since the app started.
    Checking,
    /// The last health check succeeded.
    Reachable,
    /// The last health check failed; the shell keeps retrying.
    Unreachable,
}

#[derive(Clone, Copy)]
struct BackendStatusContext(ReadSignal<BackendStatus>);

/// Starts polling the backend's health and makes the result available to [`use_backend_status`].
pub fn provide_backend_status() {
    let (status, set_status) = signal(BackendStatus::Checking);
    let check = move || {
        spawn_local(async move {
            let next = match api::get_health().await {
                Ok(health) if health.is_ok() => BackendStatus::Reachable,
                _ => BackendStatus::Unreachable,
            };
            // The shell may have been unmounted while the request was in flight.
            set_status.try_set(next);
        });
    };
    check();
    if let Ok(handle) = set_interval_with_handle(check, HEALTH_POLL_INTERVAL) {
        on_cleanup(move || handle.clear());
    }
    provide_context(BackendStatusContext(status));
}

/// The backend's reachability, as last checked by the shell.
pub fn use_backend_status() -> ReadSignal<BackendStatus> {
    expect_context::<BackendStatusContext>().0
}
