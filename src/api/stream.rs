//! The live event stream (`/api/v1/events/stream`) over the browser's EventSource.
//! The browser reconnects by itself and sends `Last-Event-ID`, so the server
//! replays what was missed; a `reset` event means "reload everything".

use latchkey_core::event::Event;
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{EventSource, EventSourceInit, MessageEvent};

use super::http::base_url;

/// The connection's state, as the shell shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamState {
    Connecting,
    Live,
    /// The browser is reconnecting on its own.
    Reconnecting,
    /// The browser gave up; the app opens a new stream after a pause.
    Closed,
}

/// An open stream; dropping it closes the connection.
pub struct EventStream {
    source: EventSource,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_reset: Closure<dyn FnMut(MessageEvent)>,
    _on_open: Closure<dyn FnMut(web_sys::Event)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Opens the stream. `resume_after` continues after an event id already seen
/// (used when the app itself reopens a closed stream).
pub fn open(
    resume_after: Option<u64>,
    on_event: impl Fn(Event) + 'static,
    on_reset: impl Fn() + 'static,
    on_state: impl Fn(StreamState) + Clone + 'static,
) -> Option<EventStream> {
    let mut url = format!("{}/api/v1/events/stream", base_url());
    if let Some(id) = resume_after {
        url.push_str(&format!("?last_event_id={id}"));
    }
    let init = EventSourceInit::new();
    init.set_with_credentials(true);
    let source = EventSource::new_with_event_source_init_dict(&url, &init).ok()?;
    on_state(StreamState::Connecting);

    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
        if let Some(event) = message
            .data()
            .as_string()
            .and_then(|text| serde_json::from_str::<Event>(&text).ok())
        {
            on_event(event);
        }
    });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let on_reset = Closure::<dyn FnMut(MessageEvent)>::new(move |_| on_reset());
    let _ = source.add_event_listener_with_callback("reset", on_reset.as_ref().unchecked_ref());
    let opened = on_state.clone();
    let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| opened(StreamState::Live));
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    let watched = source.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        on_state(if watched.ready_state() == EventSource::CLOSED {
            StreamState::Closed
        } else {
            StreamState::Reconnecting
        })
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(EventStream {
        source,
        _on_message: on_message,
        _on_reset: on_reset,
        _on_open: on_open,
        _on_error: on_error,
    })
}
