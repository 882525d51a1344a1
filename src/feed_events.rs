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

    /// What the feed draws: with no `anchor`, the newest chunks holding at least
    /// `count` events (whole chunks, so a live arrival adds a chunk on top and
    /// never redraws the rest); from an `anchor` (an event id, for reading
    /// older events), `count` events from that event down. An anchor no longer
    /// held (trimmed away) shows the newest.
    pub fn window(&self, anchor: Option<u64>, count: usize) -> Vec<Chunk> {
        let Some(start) = anchor.and_then(|id| self.position(id)) else {
            return self.newest(count);
        };
        let end = start + count;
        let mut window = Vec::new();
        let mut offset = 0; // position of the chunk's first event
        for chunk in &self.chunks {
            let len = chunk.0.len();
            let (from, to) = (start.max(offset), end.min(offset + len));
            if from < to {
                window.push(if to - from == len {
                    chunk.clone()
                } else {
                    Chunk(Arc::new(chunk.0[from - offset..to - offset].to_vec()))
                });
            }
            offset += len;
        }
        window
    }

    /// The anchor of the window `count` events below the one at `anchor`
    /// (`None` at the top): the id of the first event after it, if one is held.
    pub fn older_anchor(&self, anchor: Option<u64>, count: usize) -> Option<u64> {
        let start = anchor.and_then(|id| self.position(id)).unwrap_or(0);
        self.ids().nth(start + count)
    }

    /// The anchor of the window `count` events above the one at `anchor`:
    /// `None` when that reaches the top (the live, newest window).
    pub fn newer_anchor(&self, anchor: Option<u64>, count: usize) -> Option<u64> {
        let start = anchor.and_then(|id| self.position(id))?;
        start
            .checked_sub(count)
            .filter(|&p| p > 0)
            .and_then(|p| self.ids().nth(p))
    }

    /// Where the event `id` is, counting from the newest (0).
    pub fn position(&self, id: u64) -> Option<usize> {
        self.ids().position(|e| e == id)
    }

    fn ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.chunks.iter().flat_map(|c| c.0.iter().map(|e| e.id))
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
                names: Default::default(),
                kind: EventKind::Locked {
                    method: Method::Auto,
                },
            })
            .collect()
    }

    fn ids(feed: &FeedEvents) -> Vec<u64> {
        feed.ids().collect()
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

    fn window_ids(feed: &FeedEvents, anchor: Option<u64>, count: usize) -> Vec<u64> {
        feed.window(anchor, count)
            .iter()
            .flat_map(|c| c.events().iter().map(|e| e.id))
            .collect()
    }

    #[test]
    fn an_older_window_holds_count_events_from_its_anchor_and_stays_put() {
        let mut feed = FeedEvents::default();
        feed.put_below(events([9, 8, 7, 6]));
        feed.put_below(events([5, 4, 3, 2, 1]));
        // The newest window is whole chunks.
        assert_eq!(window_ids(&feed, None, 3), [9, 8, 7, 6]);
        let anchor = feed.older_anchor(None, 3);
        assert_eq!(anchor, Some(6));
        assert_eq!(window_ids(&feed, anchor, 3), [6, 5, 4]);
        // Live events on top do not move it.
        feed.put_on_top(events([11, 10]));
        assert_eq!(window_ids(&feed, anchor, 3), [6, 5, 4]);
        let window = feed.window(anchor, 3);
        assert_eq!(window.len(), 2, "cut from two chunks");
        // Down to the end, then no further.
        assert_eq!(feed.older_anchor(anchor, 3), Some(3));
        assert_eq!(window_ids(&feed, Some(3), 3), [3, 2, 1]);
        assert_eq!(feed.older_anchor(Some(3), 3), None);
        // Back up: 3 above event 3 is event 6; 3 above event 6 is the top.
        assert_eq!(feed.newer_anchor(Some(3), 3), Some(6));
        assert_eq!(feed.newer_anchor(Some(6), 3), Some(9));
        assert_eq!(feed.newer_anchor(Some(9), 3), None);
        assert_eq!(feed.newer_anchor(None, 3), None);
        // A whole chunk inside the window is the same chunk (not drawn again).
        assert_eq!(feed.window(Some(9), 4)[0].key(), feed.newest(3)[1].key());
        // An anchor trimmed away shows the newest.
        assert_eq!(window_ids(&feed, Some(42), 2), [11, 10]);
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
