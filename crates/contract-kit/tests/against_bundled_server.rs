//! Runs the contract kit against the mock server on a real socket, as CI does.
//! Set LATCHKEY_CONTRACT_URL (and _USER, _PASSWORD) to check another backend instead.

use latchkey_server::{Config, app, open, security::Origin};

async fn bundled_server_url() -> (String, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let mut config = Config::for_tests(dist.path().to_path_buf());
    // Its own origin is where it listens, as when started with --port.
    config.origins = Origin::local(address.port());
    let state = open(&config).unwrap();
    latchkey_server::start_simulator(state.clone());
    let router = app(&config, state);
    let url = format!("http://{address}");
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, dist)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_backend_speaks_the_contract() {
    let (url, user, password, _dist) = match std::env::var("LATCHKEY_CONTRACT_URL") {
        Ok(url) => (
            url,
            std::env::var("LATCHKEY_CONTRACT_USER").unwrap_or_else(|_| "alex".into()),
            std::env::var("LATCHKEY_CONTRACT_PASSWORD").unwrap_or_else(|_| "maple-street".into()),
            None,
        ),
        Err(_) => {
            let (url, dist) = bundled_server_url().await;
            (url, "alex".into(), "maple-street".into(), Some(dist))
        }
    };
    let outcomes = contract_kit::run_all(&url, &user, &password).await;
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            o.result
                .as_ref()
                .err()
                .map(|why| format!("{}: {why}", o.name))
        })
        .collect();
    assert!(outcomes.len() >= 8, "only {} checks ran", outcomes.len());
    assert!(
        failures.is_empty(),
        "the backend breaks the contract:\n{}",
        failures.join("\n")
    );
}
