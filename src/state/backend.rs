//! Whether the backend answers: polled from the shell, shown as a badge and,
//! when it does not answer, as a banner. The same poll learns the backend's
//! clock, so times are worded by the clock the locks use (see [`backend_now`]).

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
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
    /// Requests waiting to be sent again after the backend was busy or silent.
    pub retrying: ReadSignal<u32>,
    /// How far the backend's clock is ahead of the browser's (a simulated clock
    /// can be days away).
    clock_ahead: RwSignal<TimeDelta>,
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
    let clock_ahead = RwSignal::new(TimeDelta::zero());
    let (retrying, set_retrying) = signal(0u32);
    api::http::on_retry_wait(move |waiting| {
        set_retrying.try_update(|n| *n = if waiting { *n + 1 } else { n.saturating_sub(1) });
    });
    let poll = move || {
        spawn_local(async move {
            let next = match api::get_health(None).await {
                Ok(health) if health.is_ok() => {
                    if let Some(backend_now) = health.now {
                        learn_clock(clock_ahead, backend_now - Utc::now());
                    }
                    BackendStatus::Reachable
                }
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
    provide_context(BackendContext {
        status,
        check,
        retrying,
        clock_ahead,
    });
}

/// Keeps the new clock difference only when it moved by more than a second, so
/// network jitter does not redraw every time on the page.
fn learn_clock(clock_ahead: RwSignal<TimeDelta>, measured: TimeDelta) {
    let moved = clock_ahead
        .try_get_untracked()
        .is_some_and(|known| (measured - known).abs() > TimeDelta::seconds(1));
    if moved {
        clock_ahead.try_set(measured);
    }
}

/// The backend's reachability, as last checked.
pub fn use_backend() -> BackendContext {
    expect_context::<BackendContext>()
}

/// The time now by the backend's clock, as learned from its health answers (the
/// browser's clock until the first, or where there is no shell). Reactive: a
/// view that shows it is redrawn when the backend's clock jumps.
pub fn backend_now() -> DateTime<Utc> {
    let ahead = use_context::<BackendContext>()
        .and_then(|backend| backend.clock_ahead.try_get())
        .unwrap_or_default();
    Utc::now() + ahead
}
