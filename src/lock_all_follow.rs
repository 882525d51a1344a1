//! Following "Lock all" to its end. From the moment it is pressed, the live
//! events say what became of each door's bolt (latchkey-core's
//! [`LockingEnd::after`]); after a gap in the stream the doors themselves are
//! asked ([`LockingEnd::of`]). So each door's "Locking now" moves on to
//! "Locked", or says why it did not lock.

use std::collections::HashMap;

use latchkey_core::{
    ids::{LockId, SiteId},
    lock::LockingEnd,
};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, LockQuery},
    state::live::use_live,
};

/// Doors asked for at once after a gap in the stream.
const PAGE: u32 = 500;

/// What has become of the doors since "Lock all" was pressed.
#[derive(Clone, Copy)]
pub struct LockAllFollow {
    /// How each door ended up, as far as heard (no entry: nothing heard yet).
    pub ends: RwSignal<HashMap<LockId, LockingEnd>>,
    /// Whether a "Lock all" is being followed.
    following: StoredValue<bool>,
    /// The site it was for (`None`: every site).
    site: StoredValue<Option<String>>,
}

impl LockAllFollow {
    /// Starts following, forgetting what was heard before: call it as "Lock
    /// all" is sent, so no event between sending and the answer is missed.
    pub fn start(&self, site: Option<&SiteId>) {
        self.ends.set(HashMap::new());
        self.site.set_value(site.map(SiteId::to_string));
        self.following.set_value(true);
    }

    /// Stops following (the results are closed).
    pub fn stop(&self) {
        self.following.set_value(false);
    }
}

/// Follows the doors of the next "Lock all" on this page.
pub fn follow_lock_all() -> LockAllFollow {
    let live = use_live();
    let follow = LockAllFollow {
        ends: RwSignal::new(HashMap::new()),
        following: StoredValue::new(false),
        site: StoredValue::new(None),
    };
    // Each batch of events says what became of the doors it is about; after a
    // gap in the stream (a reload), the doors are asked where they stand.
    Effect::new(move |epoch: Option<u64>| {
        let batch = live.batch.get();
        let now = live.reload.get();
        if !follow.following.get_value() {
            return now;
        }
        if epoch.is_some_and(|e| e != now) {
            spawn_local(read_doors(follow.site.get_value(), follow.ends));
        }
        let heard: Vec<(LockId, LockingEnd)> = batch
            .iter()
            .filter_map(|e| Some((e.lock_id.clone()?, LockingEnd::after(&e.kind)?)))
            .collect();
        if !heard.is_empty() {
            follow.ends.update(|ends| ends.extend(heard));
        }
        now
    });
    follow
}

/// Reads every door in scope and notes how each has ended up (or that it has not yet).
async fn read_doors(site: Option<String>, ends: RwSignal<HashMap<LockId, LockingEnd>>) {
    let mut cursor = None;
    loop {
        let query = LockQuery {
            site: site.clone(),
            cursor,
            limit: PAGE,
            ..Default::default()
        };
        let Ok(page) = api::locks(&query).await else {
            return; // the stream's next reload tries again
        };
        ends.try_update(|ends| {
            for lock in &page.items {
                match LockingEnd::of(lock) {
                    Some(end) => ends.insert(lock.id.clone(), end),
                    None => ends.remove(&lock.id),
                };
            }
        });
        cursor = page.next_cursor;
        if cursor.is_none() {
            return;
        }
    }
}
