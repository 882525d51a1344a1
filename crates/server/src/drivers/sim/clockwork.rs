//! What simulated locks do on their own as time passes: a lock unlocked at its
//! keypad locks itself again after a while.

use std::{sync::Arc, time::Duration};

use latchkey_core::{event::Method, lock::LockState};

use crate::{
    drivers::{DeviceReport, sim::device, sim::driver::Simulator, sync_rows::now_ms},
    error::ApiResult,
};

/// How often the simulated locks look at their timers.
const TICK: Duration = Duration::from_millis(100);

/// Runs until the server stops.
pub async fn run(sim: Arc<Simulator>) {
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Err(err) = tick(&sim) {
            tracing::warn!(message = %err.body.message, "simulated locks' tick failed");
        }
    }
}

/// Fires every due timer once. Returns how many fired.
pub fn tick(sim: &Simulator) -> ApiResult<usize> {
    let ms = now_ms();
    let due = sim.db.read(|conn| device::auto_lock_due(conn, ms))?;
    for device in &due {
        let (relocked, _, _) = sim.change(device, |d| {
            d.auto_lock_due_ms = None;
            let relock = d.bolt == LockState::Unlocked && d.online;
            if relock {
                d.bolt = LockState::Locked;
            }
            relock
        })?;
        if relocked {
            sim.report(
                device,
                DeviceReport::Bolt {
                    state: LockState::Locked,
                    method: Method::Auto,
                },
            )?;
        }
    }
    Ok(due.len())
}
