//! The OpenAPI document of the REST contract, generated from the handlers'
//! annotations and latchkey-core's types. It is committed as `openapi.json` at
//! the top of the repository; a test fails when the two drift apart.

use utoipa::OpenApi;

/// The contract as OpenAPI 3.1.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Latchkey REST contract",
        description = "The backend contract the Latchkey app talks to. JSON under /api/v1; errors share one shape (ErrorBody); updates carry If-Match, creates an Idempotency-Key; lists page with limit and cursor; live updates come as Server-Sent Events. Every endpoint but health and log-in needs the session cookie. Every state change (POST, PUT, PATCH, DELETE) must carry the header X-Requested-With: latchkey and, if it has an Origin, come from the server's own origin; otherwise it is refused with 403 (the guard against cross-site requests). Sessions end after 8 hours without a request and 7 days after sign-in.",
        version = "1.0.0"
    ),
    paths(
        crate::health,
        crate::auth::log_in,
        crate::auth::log_out,
        crate::auth::who_am_i,
        crate::auth::history,
        crate::routes::sites::list,
        crate::routes::sites::summary,
        crate::routes::sites::get,
        crate::routes::sites::update,
        crate::routes::locks::list,
        crate::routes::locks::get,
        crate::routes::locks::update,
        crate::routes::locks::lock,
        crate::routes::locks::unlock,
        crate::routes::locks::lock_all_in_site,
        crate::routes::locks::lock_all_everywhere,
        crate::routes::people::list,
        crate::routes::people::overview,
        crate::routes::people::get,
        crate::routes::people::create,
        crate::routes::people::update,
        crate::routes::people::delete,
        crate::routes::people::pause,
        crate::routes::people::resume,
        crate::routes::codes::create,
        crate::routes::codes::get,
        crate::routes::codes::of_person,
        crate::routes::codes::update,
        crate::routes::codes::delete,
        crate::routes::codes::reveal,
        crate::routes::codes::retry,
        crate::routes::codes::share,
        crate::routes::codes::check,
        crate::routes::sync::of_person,
        crate::routes::sync::of_lock,
        crate::routes::sync::codes_on_lock,
        crate::routes::sync::of_site,
        crate::routes::sync::access_of_site,
        crate::routes::week::site_time,
        crate::routes::alert_inbox::list,
        crate::routes::alert_inbox::unread,
        crate::routes::alert_inbox::mark_read,
        crate::routes::alert_inbox::mark_all_read,
        crate::routes::week::of_lock,
        crate::routes::week::of_person,
        crate::routes::unknown_codes::of_lock,
        crate::routes::unknown_codes::adopt,
        crate::routes::unknown_codes::remove,
        crate::routes::alerts::of_site,
        crate::routes::alerts::create,
        crate::routes::alerts::get,
        crate::routes::alerts::update,
        crate::routes::alerts::delete,
        crate::routes::events::list,
        crate::routes::events::stream,
        crate::routes::outbox::list,
        crate::drivers::sim::routes::keypad,
        crate::drivers::sim::routes::manual,
        crate::drivers::sim::routes::phone,
        crate::drivers::sim::routes::online,
        crate::drivers::sim::routes::jam,
        crate::drivers::sim::routes::door,
        crate::drivers::sim::routes::battery,
        crate::drivers::sim::routes::factory_reset,
        crate::drivers::sim::routes::program_at_keypad,
        crate::drivers::sim::routes::reset,
        crate::drivers::sim::routes::get_clock,
        crate::drivers::sim::routes::set_clock,
        crate::drivers::sim::routes::get_faults,
        crate::drivers::sim::routes::set_faults
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

/// The document as pretty JSON, as committed.
pub fn document_json() -> String {
    ApiDoc::openapi()
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
