//! The OpenAPI document of the REST contract, generated from the routes each
//! resource declares (their annotations) and latchkey-core's types. It is committed as `openapi.json` at
//! the top of the repository; a test fails when the two drift apart.

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The contract as OpenAPI 3.1.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Latchkey REST contract",
        description = "The backend contract the Latchkey app talks to. JSON under /api/v1; errors share one shape (ErrorBody); updates carry If-Match, creates an Idempotency-Key; lists page with limit and cursor; live updates come as Server-Sent Events. Every endpoint but health and log-in needs the session cookie. Every state change (POST, PUT, PATCH, DELETE) must carry the header X-Requested-With: latchkey and, if it has an Origin, come from the server's own origin; otherwise it is refused with 403 (the guard against cross-site requests). Sessions end after 8 hours without a request and 7 days after sign-in.",
        version = "1.0.0"
    ),
    components(schemas(latchkey_core::error::ErrorBody, latchkey_core::error::ErrorCode, latchkey_core::pin::PinProblem, latchkey_core::schedule::ScheduleProblem)),
    tags(
        (name = "session", description = "Sign in and out; who am I"),
        (name = "sites", description = "Homes and properties, and their code policy"),
        (name = "locks", description = "Doors: state, commands, Lock all"),
        (name = "people", description = "Who may enter"),
        (name = "codes", description = "PIN codes on chosen doors with one schedule"),
        (name = "sync", description = "Whether each lock has each code"),
        (name = "unknown codes", description = "Codes found on locks that no one here created"),
        (name = "events", description = "History and the live stream"),
        (name = "alerts", description = "Alert rules"),
        (name = "outbox", description = "Messages the backend sent"),
        (name = "simulation", description = "Mock server only: drive the simulated world")
    )
)]
pub struct ApiDoc;

/// The whole contract: the description above and every route the resources
/// declare (the simulation ones included), under `/api/v1`.
pub fn document() -> utoipa::openapi::OpenApi {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", crate::api(true))
        .into_openapi()
}

/// The document as pretty JSON, as committed.
pub fn document_json() -> String {
    document()
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
        + "\n"
}

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> ([(axum::http::HeaderName, &'static str); 1], String) {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        document_json(),
    )
}
