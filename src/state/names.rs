//! Door names for pages that hold only a door's id (a filter set from the
//! address), fetched once per id when first needed and kept for the session.
//! (Events carry the names they were recorded with and need no lookup.)

use std::collections::{HashMap, HashSet};

use latchkey_core::ids::LockId;
use leptos::{prelude::*, task::spawn_local};

use crate::api::{self, ApiError};

/// What a removed (or no longer visible) door is called.
const GONE: &str = "(removed)";

/// How long to wait before asking again for a name the backend did not give.
const ASK_AGAIN_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

#[derive(Clone, Copy)]
pub struct Names {
    doors: RwSignal<HashMap<LockId, String>>,
    asked: StoredValue<HashSet<String>>,
}

impl Names {
    /// The door's name (reactive); asks the backend the first time.
    pub fn door(&self, id: &LockId) -> Option<String> {
        let known = self.doors.with(|d| d.get(id).cloned());
        if known.is_none() && self.first_ask(&format!("door:{id}")) {
            let (id, doors, asked) = (id.clone(), self.doors, self.asked);
            spawn_local(async move {
                match settle(api::lock(&id).await.map(|l| l.name)) {
                    Some(name) => {
                        doors.try_update(|d| d.insert(id, name));
                    }
                    None => ask_again_later(asked, format!("door:{id}"), doors),
                }
            });
        }
        known
    }

    fn first_ask(&self, key: &str) -> bool {
        self.asked
            .try_update_value(|asked| asked.insert(key.to_owned()))
            .unwrap_or(false)
    }
}

/// After a failed ask (offline, backend down), forgets it was asked and, a
/// little later, wakes the views that show these names so they ask again.
fn ask_again_later<K: Send + Sync + 'static>(
    asked: StoredValue<HashSet<String>>,
    key: String,
    names: RwSignal<HashMap<K, String>>,
) {
    set_timeout(
        move || {
            asked.try_update_value(|a| a.remove(&key));
            names.try_update(|_| ());
        },
        ASK_AGAIN_AFTER,
    );
}

/// The name to keep: the one found, or "(removed)" for a 404; `None` (ask
/// again later) when the backend could not be reached.
fn settle(answer: Result<String, ApiError>) -> Option<String> {
    match answer {
        Ok(name) => Some(name),
        Err(err) if err.is_not_found() => Some(GONE.to_owned()),
        Err(_) => None,
    }
}

pub fn provide_names() {
    provide_context(Names {
        doors: RwSignal::new(HashMap::new()),
        asked: StoredValue::new(HashSet::new()),
    });
}

pub fn use_names() -> Names {
    expect_context::<Names>()
}
