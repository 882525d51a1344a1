//! Whether the backend answers: polled from the shell, shown as a badge and,
//! when it does not answer, as a banner.

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

/// The backend's status, and a way to check again now.
#[derive(Clone, Copy)]
pub struct BackendContext {
    pub status: ReadSignal<BackendStatus>,
    check: RwSignal<u32>,
}

impl BackendContext {
    /// Asks the backend again, now.
    pub fn check_now(&self) {
        self.check.update(|n| *n += 1);
    }
}

/// Starts polling the backend's health; see [`use_backend`].
pub fn provide_backend_status() {
    let (status, set_status) = signal(BackendStatus::Checking);
    let check = RwSignal::new(0u32);
    let poll = move || {
        spawn_local(async move {
            let next = match api::get_health(None).await {
                Ok(health) if health.is_ok() => BackendStatus::Reachable,
                _ => BackendStatus::Unreachable,
            };
            // The shell may have been unmounted while the request was in flight.
            set_status.try_set(next);
        });
    };
    Effect::new(move |_| {
        check.track();
        poll();
    });
    if let Ok(handle) = set_interval_with_handle(poll, HEALTH_POLL_INTERVAL) {
        on_cleanup(move || handle.clear());
    }
    provide_context(BackendContext { status, check });
}

/// The backend's reachability, as last checked.
pub fn use_backend() -> BackendContext {
    expect_context::<BackendContext>()
}
