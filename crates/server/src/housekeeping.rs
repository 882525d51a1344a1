//! Keeping the store tidy as the server runs: old events are pruned.

use std::{sync::Arc, time::Duration};

use crate::{AppState, error::ApiResult};

/// Time between two prunings of old events.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Runs until the server stops.
pub async fn run(state: Arc<AppState>) {
    let mut interval = tokio::time::interval(PRUNE_EVERY);
    loop {
        interval.tick().await;
        if let Err(err) = prune_events(&state) {
            tracing::warn!(message = %err.body.message, "pruning events failed");
        }
    }
}

/// Keeps only the newest `event_retention` events. A stream client asking to
/// resume from a pruned id gets a `reset` event.
pub fn prune_events(state: &AppState) -> ApiResult<usize> {
    let keep = state.sim.event_retention.max(1);
    state.db.write(|w| {
        Ok(w.execute(
            "DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?1",
            [keep],
        )?)
    })
}
