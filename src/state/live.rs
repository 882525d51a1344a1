//! The one live event stream for the whole app: open while signed in, its state
//! shown in the shell, and the newest event offered to the pages so they update
//! without a reload. After the stream had to be reopened, or on a `reset`,
//! pages reload what they show, so nothing is silently lost.

use std::{cell::RefCell, rc::Rc, sync::Arc, time::Duration};

use latchkey_core::event::Event;
use leptos::prelude::*;

use crate::{
    api::stream::{self, EventStream, StreamState},
    state::session::{Session, use_session},
};

/// How long to wait before reopening a stream the browser gave up on.
const REOPEN_AFTER: Duration = Duration::from_secs(3);

/// What pages read from the live connection.
#[derive(Clone, Copy)]
pub struct LiveContext {
    pub state: ReadSignal<StreamState>,
    /// The newest event received.
    pub last_event: ReadSignal<Option<Event>>,
    /// Bumped when pages must reload everything (reset, or reopened after a gap).
    pub reload: ReadSignal<u64>,
    /// Every event, delivered in batches at most once per animation frame (in
    /// id order, none left out), for pages that keep them all, like the feed.
    pub batch: ReadSignal<Arc<Vec<Event>>>,
}

/// Opens the stream once signed in, and keeps it open.
pub fn provide_live() {
    let (state, set_state) = signal(StreamState::Closed);
    let (last_event, set_last_event) = signal(None::<Event>);
    let (reload, set_reload) = signal(0u64);
    let (batch, set_batch) = signal(Arc::new(Vec::<Event>::new()));
    // Events wait here until the next frame, then go out together.
    let waiting: Rc<RefCell<Vec<Event>>> = Rc::new(RefCell::new(Vec::new()));
    let deliver = {
        let waiting = waiting.clone();
        move |event: Event| {
            let first = {
                let mut queue = waiting.borrow_mut();
                queue.push(event);
                queue.len() == 1
            };
            if first {
                let waiting = waiting.clone();
                request_animation_frame(move || {
                    let events = std::mem::take(&mut *waiting.borrow_mut());
                    set_batch.try_set(Arc::new(events));
                });
            }
        }
    };
    let deliver: Rc<dyn Fn(Event)> = Rc::new(deliver);
    let current: Rc<RefCell<Option<EventStream>>> = Rc::new(RefCell::new(None));
    let last_id = Rc::new(RefCell::new(None::<u64>));
    let session = use_session();

    // (Re)opens the stream; on a closed stream, waits and opens again, resuming.
    fn connect(
        current: Rc<RefCell<Option<EventStream>>>,
        last_id: Rc<RefCell<Option<u64>>>,
        set_state: WriteSignal<StreamState>,
        set_last_event: WriteSignal<Option<Event>>,
        set_reload: WriteSignal<u64>,
        deliver: Rc<dyn Fn(Event)>,
    ) {
        let resume = *last_id.borrow();
        let ids = last_id.clone();
        let (again, again_ids) = (current.clone(), last_id.clone());
        let again_deliver = deliver.clone();
        let reset_ids = last_id.clone();
        let opened = stream::open(
            resume,
            move |event| {
                // The stream never repeats an id; a replay after reconnecting starts after the last.
                if ids.borrow().is_some_and(|last| event.id <= last) {
                    return;
                }
                *ids.borrow_mut() = Some(event.id);
                deliver(event.clone());
                set_last_event.try_set(Some(event));
            },
            move || {
                // The backend's history starts over: ids from it are new again.
                *reset_ids.borrow_mut() = None;
                set_reload.try_update(|n| *n += 1);
            },
            move |state| {
                set_state.try_set(state);
                if state == StreamState::Closed {
                    let (again, again_ids) = (again.clone(), again_ids.clone());
                    let deliver = again_deliver.clone();
                    set_timeout(
                        move || {
                            connect(
                                again,
                                again_ids,
                                set_state,
                                set_last_event,
                                set_reload,
                                deliver,
                            )
                        },
                        REOPEN_AFTER,
                    );
                }
            },
        );
        *current.borrow_mut() = opened;
    }

    Effect::new(move |_| match session.0.get() {
        Session::SignedIn(_) => {
            if current.borrow().is_none() {
                connect(
                    current.clone(),
                    last_id.clone(),
                    set_state,
                    set_last_event,
                    set_reload,
                    deliver.clone(),
                );
            }
        }
        _ => {
            current.borrow_mut().take();
            set_state.set(StreamState::Closed);
        }
    });
    provide_context(LiveContext {
        state,
        last_event,
        reload,
        batch,
    });
}

pub fn use_live() -> LiveContext {
    expect_context::<LiveContext>()
}
