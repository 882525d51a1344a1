//! Command line entry point: parse flags, start logging, serve until Ctrl-C or SIGTERM.

use std::{net::SocketAddr, path::PathBuf};

use clap::Parser;
use mock_server::{Config, app};
use tracing_subscriber::EnvFilter;

/// Latchkey mock server: the REST backend and lock simulator, serving the built app.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port to listen on (always on 127.0.0.1).
    #[arg(long, env = "LATCHKEY_PORT", default_value_t = 8080)]
    port: u16,
    /// Folder with the built app (trunk's output).
    #[arg(long, env = "LATCHKEY_DIST", default_value = "dist")]
    dist: PathBuf,
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
    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|err| {
        tracing::error!(%addr, %err, "cannot listen: is another server using this port?");
        err
    })?;
    tracing::info!("Latchkey mock server listening on http://{addr}/");

    let config = Config {
        dist_dir: args.dist,
    };
    axum::serve(listener, app(&config))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
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
