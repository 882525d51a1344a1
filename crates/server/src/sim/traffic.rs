//! Optional demo traffic (`--demo-traffic`): now and then someone whose code
//! works right now comes to one of their doors and types their PIN; once in a
//! while someone types one digit too many. The events make the activity feed come alive.

use std::{sync::Arc, time::Duration};

use latchkey_core::{ids::LockId, pin::Pin};
use rusqlite::params;

use crate::{
    AppState,
    error::ApiResult,
    records::{load_lock, load_site, site_local_now},
    sim::keypad::enter_pin,
};

/// Time between two visitors.
const EVERY: Duration = Duration::from_secs(20);

/// Runs until the server stops.
pub async fn run(state: Arc<AppState>) {
    let mut interval = tokio::time::interval(EVERY);
    for visit in 1u64.. {
        interval.tick().await;
        if let Err(err) = someone_arrives(&state, visit % 6 == 0) {
            tracing::debug!(message = %err.body.message, "demo visitor could not get to a door");
        }
    }
}

fn random_index(len: usize) -> usize {
    let mut bytes = [0u8; 4];
    let _ = getrandom::fill(&mut bytes);
    u32::from_le_bytes(bytes) as usize % len.max(1)
}

/// One visitor at one door, with their own PIN (or a mistyped one).
pub fn someone_arrives(state: &AppState, mistype: bool) -> ApiResult<()> {
    let now = state.clock.now();
    state.db.write(|w| {
        // Codes held by an online lock whose person is not paused.
        let candidates: Vec<(String, String, String, String)> = w
            .prepare(
                "SELECT c.pin, c.data, cl.lock_id, c.site_id FROM code_locks cl
                 JOIN codes c ON c.id = cl.code_id JOIN people p ON p.id = c.person_id
                 WHERE cl.status = 'set' AND c.deleted = 0 AND p.paused = 0 LIMIT 2000",
            )?
            .query_map(params![], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut usable = Vec::new();
        for (pin, data, lock, site) in candidates {
            let code: latchkey_core::code::AccessCode = crate::db::from_json(&data)?;
            let (site, _) = load_site(w, &latchkey_core::ids::SiteId(site))?;
            if code.schedule.allows(site_local_now(&site, now), code.uses) {
                usable.push((pin, lock));
            }
        }
        let Some((pin, lock)) = usable.get(random_index(usable.len())).cloned() else {
            return Ok(());
        };
        let lock = load_lock(w, &LockId(lock))?;
        if !lock.lock.online {
            return Ok(());
        }
        // A slip of the finger: one digit too many, which no code at the site can match.
        let typed = if mistype { format!("{pin}0") } else { pin };
        let typed = Pin::parse(&typed).map_err(|_| crate::error::ApiError::internal())?;
        enter_pin(w, &state.sim, lock, &typed, now)?;
        Ok(())
    })
}
