//! Fault injection, so tests can prove the app copes: added latency and a share
//! of API requests that fail with 503, event streams the server drops, and lock
//! operations that are slow or fail (a command jams the bolt, a code write is
//! refused by the lock). A lock's factory reset is its own simulation endpoint.

use std::{
    sync::{Arc, RwLock},
    time::Duration,
};

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use crate::{AppState, error::ApiError};

/// What `PUT /api/v1/sim/faults` sets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FaultSettings {
    /// Added to every API request, in ms.
    #[serde(default)]
    pub latency_ms: u64,
    /// Up to this much more, at random, in ms.
    #[serde(default)]
    pub jitter_ms: u64,
    /// Share of API requests (0–1) answered with 503 before doing anything.
    #[serde(default)]
    pub error_rate: f64,
    /// Event streams are closed by the server after this long, in ms (0: never);
    /// clients must reconnect and resume.
    #[serde(default)]
    pub stream_drop_ms: u64,
    /// Added to the radio's time for every lock command and code write, in ms.
    #[serde(default)]
    pub lock_delay_ms: u64,
    /// Share of lock operations (0–1) that fail: a lock or unlock jams the bolt,
    /// a code write is refused by the lock.
    #[serde(default)]
    pub lock_failure_rate: f64,
}

impl FaultSettings {
    /// Whether this lock operation is one of the failing share.
    pub fn lock_fails(&self) -> bool {
        self.lock_failure_rate > 0.0 && random_unit() < self.lock_failure_rate
    }

    /// How long event streams stay open, if they are dropped.
    pub fn stream_lifetime(&self) -> Option<Duration> {
        (self.stream_drop_ms > 0).then(|| Duration::from_millis(self.stream_drop_ms))
    }

    /// Whether anything applies to API requests themselves.
    fn touches_requests(&self) -> bool {
        self.latency_ms > 0 || self.jitter_ms > 0 || self.error_rate > 0.0
    }
}

/// Shared handle to the settings.
#[derive(Debug, Clone, Default)]
pub struct Faults(Arc<RwLock<FaultSettings>>);

impl Faults {
    pub fn get(&self) -> FaultSettings {
        *self.0.read().expect("faults lock poisoned")
    }
    pub fn set(&self, settings: FaultSettings) {
        *self.0.write().expect("faults lock poisoned") = settings;
    }
}

fn random_unit() -> f64 {
    let mut bytes = [0u8; 4];
    let _ = getrandom::fill(&mut bytes);
    f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX)
}

/// Middleware on the API (not on health or the simulation API itself).
pub async fn inject(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let settings = state.faults.get();
    let path = request.uri().path();
    let exempt = path.ends_with("/health") || path.contains("/sim/");
    if exempt || !settings.touches_requests() {
        return next.run(request).await;
    }
    let delay = settings.latency_ms + (random_unit() * settings.jitter_ms as f64) as u64;
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    if random_unit() < settings.error_rate {
        return ApiError::unavailable("Injected fault: the server is busy. Try again shortly.", 1)
            .into_response();
    }
    next.run(request).await
}
