//! The events the activity feed holds, newest first, kept as the chunks they
//! arrived in (a page from the API, or a frame's worth from the live stream).
//!
//! Why chunks: the page draws one row group per chunk, keyed, so putting a new
//! chunk on top is a single insertion. Leptos's keyed list moves every row in
//! the page when several rows are inserted on top in one change, which at 100
//! events a second kept the browser busy for hundreds of milliseconds a frame.

use std::{collections::HashSet, sync::Arc};

use latchkey_core::event::Event;

/// Events that arrived together, newest first; never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk(Arc<Vec<Event>>);

impl Chunk {
    /// Identifies the chunk for the keyed list: its newest event and its length
    /// (a chunk cut short by trimming is drawn again).
    pub fn key(&self) -> (u64, usize) {
        (self.0[0].id, self.0.len())
    }

    pub fn events(&self) -> &[Event] {
        &self.0
    }
}

/// The feed's events, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedEvents {
    chunks: Vec<Chunk>,
}

impl FeedEvents {
    /// How many events are held.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(|c| c.0.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// Puts newer events (newest first) on top.
    pub fn put_on_top(&mut self, newest_first: Vec<Event>) {
        if !newest_first.is_empty() {
            self.chunks.insert(0, Chunk(Arc::new(newest_first)));
        }
    }

    /// Adds a page of older events (newest first) below.
    pub fn put_below(&mut self, newest_first: Vec<Event>) {
        if !newest_first.is_empty() {
            self.chunks.push(Chunk(Arc::new(newest_first)));
        }
    }

    /// Keeps the newest `keep` events; when some were dropped, answers the ids
    /// of those kept.
    pub fn trim(&mut self, keep: usize) -> Option<HashSet<u64>> {
        if self.len() <= keep {
            return None;
        }
        let mut left = keep;
        let mut kept = Vec::new();
        for chunk in self.chunks.drain(..) {
            if left == 0 {
                break;
            }
            if chunk.0.len() <= left {
                left -= chunk.0.len();
                kept.push(chunk);
            } else {
                kept.push(Chunk(Arc::new(chunk.0[..left].to_vec())));
                left = 0;
            }
        }
        self.chunks = kept;
        Some(
            self.chunks
                .iter()
                .flat_map(|c| c.0.iter().map(|e| e.id))
                .collect(),
        )
    }

    /// The newest chunks holding at least `count` events (or all there are).
    pub fn newest(&self, count: usize) -> Vec<Chunk> {
        let mut total = 0;
        self.chunks
            .iter()
            .take_while(|chunk| {
                let more = total < count;
                total += chunk.0.len();
                more
            })
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use latchkey_core::{
        event::{EventKind, Method},
        ids::SiteId,
    };

    fn events(ids: impl IntoIterator<Item = u64>) -> Vec<Event> {
        ids.into_iter()
            .map(|id| Event {
                id,
                at: Utc.timestamp_opt(1_700_000_000 + id as i64, 0).unwrap(),
                local_at: None,
                site_id: SiteId("site-a".into()),
                lock_id: None,
                person_id: None,
                code_id: None,
                actor: None,
                kind: EventKind::Locked {
                    method: Method::Auto,
                },
            })
            .collect()
    }

    fn ids(feed: &FeedEvents) -> Vec<u64> {
        feed.newest(usize::MAX)
            .iter()
            .flat_map(|c| c.events().iter().map(|e| e.id))
            .collect()
    }

    #[test]
    fn newer_go_on_top_and_older_below() {
        let mut feed = FeedEvents::default();
        feed.put_below(events([5, 4]));
        feed.put_on_top(events([7, 6]));
        feed.put_below(events([3]));
        feed.put_on_top(Vec::new());
        assert_eq!(ids(&feed), [7, 6, 5, 4, 3]);
        assert_eq!(feed.len(), 5);
    }

    #[test]
    fn trimming_keeps_the_newest_and_redraws_a_cut_chunk() {
        let mut feed = FeedEvents::default();
        feed.put_below(events([4, 3, 2, 1]));
        feed.put_on_top(events([6, 5]));
        let cut_key = feed.newest(10)[1].key();
        assert_eq!(feed.trim(10), None);
        let kept = feed.trim(3).unwrap();
        assert_eq!(ids(&feed), [6, 5, 4]);
        assert_eq!(kept, HashSet::from([6, 5, 4]));
        assert_ne!(feed.newest(10)[1].key(), cut_key);
    }

    #[test]
    fn the_newest_chunks_cover_at_least_the_count() {
        let mut feed = FeedEvents::default();
        feed.put_below(events([3, 2, 1]));
        feed.put_on_top(events([5, 4]));
        feed.put_on_top(events([6]));
        assert_eq!(feed.newest(1).len(), 1);
        assert_eq!(feed.newest(2).len(), 2);
        assert_eq!(feed.newest(4).len(), 3);
        assert_eq!(feed.newest(0).len(), 0);
    }
}
