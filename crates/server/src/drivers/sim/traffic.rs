//! Optional demo traffic (`--demo-traffic`): now and then someone whose code
//! works right now comes to one of their doors and types their PIN; once in a
//! while someone types one digit too many. The events make the activity feed come alive.

use std::{sync::Arc, time::Duration};

use latchkey_core::{pin::Pin, tz};

use crate::{
    drivers::sim::{device, driver::Simulator, keypad::type_pin},
    error::ApiResult,
};

/// Time between two visitors.
const EVERY: Duration = Duration::from_secs(20);

/// Runs until the server stops.
pub async fn run(sim: Arc<Simulator>) {
    let mut interval = tokio::time::interval(EVERY);
    for visit in 1u64.. {
        interval.tick().await;
        if let Err(err) = someone_arrives(&sim, visit % 6 == 0) {
            tracing::debug!(message = %err.body.message, "demo visitor could not get to a door");
        }
    }
}

fn random_index(len: usize) -> usize {
    let mut bytes = [0u8; 4];
    let _ = getrandom::fill(&mut bytes);
    u32::from_le_bytes(bytes) as usize % len.max(1)
}

/// One visitor at one door, with a PIN the lock holds and lets in now (or that
/// PIN mistyped).
pub fn someone_arrives(sim: &Simulator, mistype: bool) -> ApiResult<()> {
    let now = sim.clock.now();
    let mut usable = Vec::new();
    for (device, d) in sim.db.read(device::all)? {
        if !d.online {
            continue;
        }
        for held in d.slots.values() {
            let works = held.schedule.as_ref().is_none_or(|own| {
                tz::parse_time_zone(&own.time_zone)
                    .is_ok_and(|zone| own.schedule.allows(tz::to_local(now, zone), own.uses))
            });
            if works {
                usable.push((device.clone(), held.pin.clone()));
            }
        }
    }
    let Some((device, pin)) = usable.get(random_index(usable.len())).cloned() else {
        return Ok(());
    };
    // A slip of the finger: one digit too many, which no code at the site can match.
    let typed = if mistype { format!("{pin}0") } else { pin };
    let typed = Pin::parse(&typed).map_err(|_| crate::error::ApiError::internal())?;
    type_pin(sim, &device, &typed)?;
    Ok(())
}
