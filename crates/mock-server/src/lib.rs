//! The Latchkey mock server: the REST contract under `/api/v1`, and the built
//! app (`dist/`) with deep links falling back to `index.html`.

use std::path::PathBuf;

use axum::{Json, Router, http::StatusCode, response::IntoResponse, routing::get};
use latchkey_core::health::Health;
use tower_http::{
    services::{ServeDir, ServeFile},
    trace::TraceLayer,
};

/// What the server needs to know to build its routes.
#[derive(Debug, Clone)]
pub struct Config {
    /// Folder holding the built app (`index.html` and its assets).
    pub dist_dir: PathBuf,
}

/// Builds the whole HTTP application: API routes, static files, tracing.
pub fn app(config: &Config) -> Router {
    let index = config.dist_dir.join("index.html");
    // Unknown paths outside /api are app routes (deep links): answer index.html with 200.
    let static_files = ServeDir::new(&config.dist_dir).fallback(ServeFile::new(index));

    Router::new()
        .nest("/api/v1", api_routes())
        .fallback_service(static_files)
        .layer(TraceLayer::new_for_http())
}

fn api_routes() -> Router {
    Router::new()
        .route("/health", get(health))
        .fallback(api_not_found)
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        service: "latchkey-mock-server".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Unknown API paths get a JSON 404 instead of the app's `index.html`.
async fn api_not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        Json(serde_json::json!({
            "code": "not_found",
            "message": "There is no such API endpoint.",
        })),
    )
}
