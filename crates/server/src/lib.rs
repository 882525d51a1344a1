//! The Latchkey mock server: the whole REST contract under `/api/v1`, a lock
//! simulator, SQLite persistence, the event stream, and the built app (`dist/`)
//! with deep links falling back to `index.html`.

pub mod alerting;
pub mod auth;
pub mod clock;
pub mod db;
pub mod door_problems;
pub mod drivers;
pub mod error;
pub mod event_log;
pub mod event_names;
pub mod faults;
pub mod housekeeping;
pub mod input;
pub mod limits;
pub mod login_throttle;
pub mod migrate;
pub mod openapi;
pub mod records;
pub mod rejections;
pub mod routes;
pub mod safe_writes;
pub mod security;
pub mod seed;
pub mod service;
pub mod session_end;
pub mod store;

use std::{path::PathBuf, sync::Arc, time::Duration};

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, State},
    http::{HeaderValue, StatusCode, header},
    middleware,
    routing::get,
};
use latchkey_core::health::Health;
use tower_http::{
    limit::RequestBodyLimitLayer,
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeader,
    timeout::{RequestBodyTimeoutLayer, TimeoutLayer},
    trace::TraceLayer,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    auth::SessionPolicy,
    clock::Clock,
    db::{Db, StoreLocation},
    drivers::{
        Drivers,
        reconcile::{Reconciler, RetryTiming},
        reports::Hub,
        sim::{SimConfig, driver::Simulator},
    },
    error::{ApiError, ApiResult},
    faults::Faults,
    login_throttle::LoginThrottle,
    routes::{
        alert_inbox, alerts, codes, events, locks, outbox, people, sites, sync, unknown_codes, week,
    },
    security::{Origin, OwnOrigins},
    session_end::SessionEnds,
};

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Folder holding the built app (`index.html` and its assets).
    pub dist_dir: PathBuf,
    /// Where the data lives.
    pub store: StoreLocation,
    /// Serve the simulation API under `/api/v1/sim`.
    pub sim_api: bool,
    /// Add the large fixture (50 sites, 2,000 doors, 10,000 codes, 50,000 events).
    pub large_fixture: bool,
    pub sim: SimConfig,
    /// How the reconciler retries locks, and when it gives up on an offline one.
    pub retry: RetryTiming,
    /// Session lifetimes.
    pub sessions: SessionPolicy,
    /// The origins the app is served from: a state change carrying an `Origin`
    /// must come from one of them (scheme, host and port).
    pub origins: Vec<Origin>,
    /// How long a request body may pause before the request is refused (408).
    pub body_timeout: Duration,
    /// How long a request may take until its answer begins (408).
    pub request_timeout: Duration,
}

impl Config {
    /// In memory, simulator on, quick radios: for tests.
    pub fn for_tests(dist_dir: PathBuf) -> Config {
        Config {
            dist_dir,
            store: StoreLocation::Memory,
            sim_api: true,
            large_fixture: false,
            sim: SimConfig {
                radio_delay_scale: 0.02,
                auto_lock_ms: 0,
                ..SimConfig::default()
            },
            retry: RetryTiming {
                offline_timeout_ms: 500,
                ..RetryTiming::default()
            },
            sessions: SessionPolicy::default(),
            origins: Origin::local(8080),
            body_timeout: limits::BODY_TIMEOUT,
            request_timeout: limits::REQUEST_TIMEOUT,
        }
    }
}

/// Everything the handlers share.
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    pub faults: Faults,
    pub sim: SimConfig,
    pub sessions: SessionPolicy,
    pub login_throttle: LoginThrottle,
    /// Signals that close a session's event streams when the session ends.
    pub session_ends: SessionEnds,
    /// The lock drivers, by name.
    pub drivers: Drivers,
    /// Makes every lock hold what the store wants.
    pub reconciler: Arc<Reconciler>,
    /// The simulated locks and their simulation API.
    pub simulator: Arc<Simulator>,
}

impl AppState {
    /// Lets the reconciler and the simulated locks finish everything due now
    /// (tests and benchmarks crank them by hand instead of running them).
    pub async fn settle(&self) -> ApiResult<()> {
        for _ in 0..50 {
            let rounds = self
                .reconciler
                .settle(50, Duration::from_millis(300))
                .await?;
            let timers = drivers::sim::clockwork::tick(&self.simulator)?;
            if rounds == 0 && timers == 0 {
                break;
            }
        }
        Ok(())
    }
}

/// Opens the store, seeds the demo data if it is new, and builds the state.
pub fn open(config: &Config) -> ApiResult<Arc<AppState>> {
    let db = Db::open(&config.store).map_err(ApiError::from)?;
    let clock = Clock::default();
    let now = clock.now();
    db.write(|w| seed::seed(w, config.large_fixture, now))?;
    // A store from before the simulator had its own devices gets them now.
    db.write(|w| drivers::sim::provision::provision_devices(w, |_| true, now).map(|_| ()))?;
    let faults = Faults::default();
    let hub = Arc::new(Hub::new(db.clone(), clock.clone()));
    let simulator = Arc::new(Simulator {
        db: db.clone(),
        clock: clock.clone(),
        config: config.sim.clone(),
        faults: faults.clone(),
        hub,
    });
    let drivers = Drivers::default();
    drivers.add(simulator.clone());
    let reconciler = Arc::new(Reconciler::new(
        db.clone(),
        clock.clone(),
        drivers.clone(),
        config.retry,
    ));
    Ok(Arc::new(AppState {
        db,
        clock,
        faults,
        sim: config.sim.clone(),
        sessions: config.sessions,
        login_throttle: LoginThrottle::default(),
        session_ends: SessionEnds::default(),
        drivers,
        reconciler,
        simulator,
    }))
}

/// Builds the whole HTTP application: API routes, static files, tracing. Before
/// any route: path segments and headers too large are refused, an announced body
/// over [`MAX_BODY_BYTES`] gets 413 before it is read, slow bodies and requests
/// 408, and cross-site state changes 403, all in the error shape.
pub fn app(config: &Config, state: Arc<AppState>) -> Router {
    let index = config.dist_dir.join("index.html");
    // Unknown paths outside /api are app routes (deep links): answer index.html with 200.
    let static_files = ServeDir::new(&config.dist_dir).fallback(ServeFile::new(index));
    // The app's wasm and JS keep their names from build to build (the split loader
    // finds its files by name), so browsers must ask each time whether they changed
    // (a cheap 304 when not) instead of mixing an old file with a new one.
    let static_files = SetResponseHeader::overriding(
        static_files,
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );

    Router::new()
        .nest("/api/v1", api_routes(config, state.clone()))
        .fallback_service(static_files)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(RequestBodyTimeoutLayer::new(config.body_timeout))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            OwnOrigins(Arc::new(config.origins.clone())),
            security::refuse_cross_site,
        ))
        .layer(middleware::from_fn(limits::refuse_oversized))
        .layer(middleware::map_response(limits::shape_bare_errors))
        .layer(middleware::from_fn(security::add_headers))
        .layer(TraceLayer::new_for_http())
}

/// Every endpoint of the contract under `/api/v1`, each declared once by its
/// resource's module; the OpenAPI document is read from the same declarations
/// (see [`openapi::document`]). The simulation endpoints are there only when
/// the server simulates.
pub fn api(sim_api: bool) -> OpenApiRouter<Arc<AppState>> {
    let api = OpenApiRouter::new()
        .routes(routes!(health))
        .merge(auth::router())
        .merge(sites::router())
        .merge(locks::router())
        .merge(people::router())
        .merge(codes::router())
        .merge(sync::router())
        .merge(week::router())
        .merge(unknown_codes::router())
        .merge(alerts::router())
        .merge(alert_inbox::router())
        .merge(events::router())
        .merge(outbox::router());
    if sim_api {
        api.merge(drivers::sim::routes::router())
    } else {
        api
    }
}

fn api_routes(config: &Config, state: Arc<AppState>) -> Router {
    let (api, _) = api(config.sim_api).split_for_parts();
    api.route("/openapi.json", get(openapi::serve))
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// `GET /api/v1/health`: is the backend up? (No session needed.)
#[utoipa::path(operation_id = "health", get, path = "/health", tag = "session", responses((status = 200, body = latchkey_core::health::Health)))]
pub async fn health(State(state): State<Arc<AppState>>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        service: "latchkey-mock-server".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        now: Some(state.clock.now()),
    })
}

/// Unknown API paths get a JSON 404 instead of the app's `index.html`.
async fn api_not_found() -> ApiError {
    ApiError::new(
        latchkey_core::error::ErrorCode::NotFound,
        "There is no such API endpoint.",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::bad_request("This endpoint does not accept that method.")
}

/// Starts the demo visitors (`--demo-traffic`).
pub fn start_demo_traffic(state: Arc<AppState>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(drivers::sim::traffic::run(state.simulator.clone()))
}

/// Starts the background work: the reconciler, the simulated locks' timers and
/// the pruning of old events.
pub fn start_simulator(state: Arc<AppState>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(state.reconciler.clone().run());
    tokio::spawn(drivers::sim::clockwork::run(state.simulator.clone()));
    tokio::spawn(housekeeping::run(state))
}
