//! How many code writes per second the reconciler dispatches across the 2,000
//! simulated locks of the large fixture, with the radio's time taken out
//! (`radio_delay_scale` 0), so what is measured is the reconciler, the store
//! and the simulator's own table, not the air.
//!
//! `cargo run --release -p latchkey-server --example reconcile_bench [rounds]`

use std::time::Instant;

use latchkey_server::{Config, open};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let dist = std::env::temp_dir();
    let mut config = Config::for_tests(dist);
    config.large_fixture = true;
    config.sim.radio_delay_scale = 0.0;
    let started = Instant::now();
    let state = open(&config).expect("the store opens");
    println!(
        "large fixture seeded in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let locks: i64 = state
        .db
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT COUNT(DISTINCT lock_id) FROM code_locks cl JOIN locks l ON l.id = cl.lock_id WHERE l.in_range = 1",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    for round in 1..=rounds {
        // Every (code, lock) pair is wanted again, as after a change of every PIN.
        let rows = state
            .db
            .write(|w| {
                Ok(w.execute(
                    "UPDATE code_locks SET status = 'pending', due_at = 0, pending_since = 0,
                       attempts = 0, generation = generation + 1
                     WHERE wanted = 1 AND edge_at IS NULL
                       AND lock_id IN (SELECT id FROM locks WHERE in_range = 1)",
                    [],
                )?)
            })
            .unwrap();
        let started = Instant::now();
        let waiting = || -> i64 {
            state
                .db
                .read(|conn| {
                    // Bluetooth locks with no phone near keep their changes waiting.
                    Ok(conn.query_row(
                        "SELECT COUNT(*) FROM code_locks cl JOIN locks l ON l.id = cl.lock_id
                         WHERE cl.status IN ('pending', 'setting', 'removing') AND l.in_range = 1",
                        [],
                        |r| r.get(0),
                    )?)
                })
                .unwrap()
        };
        while waiting() > 0 {
            state.settle().await.unwrap();
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "round {round}: {rows} code writes across {locks} locks, all set in {seconds:.2} s = {:.0} writes/s",
            rows as f64 / seconds
        );
    }
}
