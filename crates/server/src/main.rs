//! Command line entry point: parse flags, open the store, start the simulator,
//! serve until Ctrl-C or SIGTERM.

use std::{net::SocketAddr, path::PathBuf};

use clap::Parser;
use latchkey_server::{
    Config, app,
    db::StoreLocation,
    drivers::{reconcile::RetryTiming, sim::SimConfig},
    limits, open,
    security::Origin,
    start_demo_traffic, start_simulator,
};
use tracing_subscriber::EnvFilter;

/// The Latchkey server. By default it is the bundled mock server: the REST backend with the lock simulator and the demo data, serving the built app.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port to listen on (always on 127.0.0.1).
    #[arg(long, env = "LATCHKEY_PORT", default_value_t = 8080)]
    port: u16,
    /// Folder with the built app (trunk's output).
    #[arg(long, env = "LATCHKEY_DIST", default_value = "dist")]
    dist: PathBuf,
    /// SQLite file holding the data; created and seeded with demo data if new.
    #[arg(long, env = "LATCHKEY_DATA", default_value = "latchkey-data.sqlite")]
    data: PathBuf,
    /// Keep the data in memory only (lost on exit): for tests.
    #[arg(long)]
    in_memory: bool,
    /// Turn off the simulation API (/api/v1/sim).
    #[arg(long)]
    no_sim_api: bool,
    /// Add the large fixture: 50 sites, 2,000 doors, 10,000 codes, 50,000 events.
    #[arg(long)]
    large_fixture: bool,
    /// Now and then, someone whose code works comes to a door and types it.
    #[arg(long)]
    demo_traffic: bool,
    /// Multiply radio delays (1.0 is lifelike; 0.1 is ten times faster).
    #[arg(long, default_value_t = 1.0)]
    radio_delay_scale: f64,
    /// Seconds before a change for an offline lock fails.
    #[arg(long, default_value_t = 60)]
    offline_timeout_secs: i64,
    /// Seconds before a lock unlocked at its keypad locks itself again (0: never).
    #[arg(long, default_value_t = 30)]
    auto_lock_secs: i64,
    /// Another origin the app is served from (e.g. `trunk serve` at
    /// http://127.0.0.1:8081); may be repeated. State changes must come from
    /// http://127.0.0.1:PORT, http://localhost:PORT or one of these.
    #[arg(long = "origin", value_name = "URL")]
    origins: Vec<Origin>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info")),
        )
        .init();

    let args = Args::parse();
    if !args.dist.join("index.html").is_file() {
        tracing::warn!(dist = %args.dist.display(), "no index.html in the dist folder: build the app first (trunk build --release)");
    }
    let config = Config {
        dist_dir: args.dist.clone(),
        store: if args.in_memory {
            StoreLocation::Memory
        } else {
            StoreLocation::File(args.data.clone())
        },
        sim_api: !args.no_sim_api,
        large_fixture: args.large_fixture,
        sim: SimConfig {
            radio_delay_scale: args.radio_delay_scale.max(0.0),
            auto_lock_ms: args.auto_lock_secs.max(0) * 1000,
            ..SimConfig::default()
        },
        retry: RetryTiming {
            offline_timeout_ms: args.offline_timeout_secs.max(1) * 1000,
            ..RetryTiming::default()
        },
        sessions: Default::default(),
        origins: Origin::local(args.port)
            .into_iter()
            .chain(args.origins.iter().cloned())
            .collect(),
        body_timeout: limits::BODY_TIMEOUT,
        request_timeout: limits::REQUEST_TIMEOUT,
    };
    let state = open(&config).map_err(|err| std::io::Error::other(err.body.message))?;
    let simulator = start_simulator(state.clone());
    let traffic = args.demo_traffic.then(|| start_demo_traffic(state.clone()));

    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|err| {
        tracing::error!(%addr, %err, "cannot listen: is another server using this port?");
        err
    })?;
    tracing::info!("Latchkey mock server listening on http://{addr}/");
    axum::serve(listener, app(&config, state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    simulator.abort();
    if let Some(traffic) = traffic {
        traffic.abort();
    }
    tracing::info!("stopped cleanly");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests can finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c()
            .await
            .expect("install Ctrl-C handler");
    };
    #[cfg(unix)]
    let terminate = async {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("install SIGTERM handler")
            .recv()
            .await;
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
