//! The floor for the app benchmarks (`scripts/bench-app.sh`): the smallest
//! Leptos page that does what the measured Doors and Activity pages do — a
//! page of doors from the API, a search box, a lock button that shows
//! "Locking…" once the backend has the command, and a live feed — with the same
//! markup hooks, so every app figure can also be read as a ratio to this one.

use leptos::{prelude::*, task::spawn_local};
use serde::Deserialize;
use wasm_bindgen::{JsCast, closure::Closure};

#[derive(Clone, Deserialize)]
struct Door {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct DoorPage {
    items: Vec<Door>,
}

#[derive(Clone, Deserialize)]
struct Event {
    id: u64,
    at: String,
}

/// The first 50 doors whose name matches `search`.
async fn doors(search: String) -> Vec<Door> {
    let url = format!(
        "/api/v1/locks?limit=50&q={}",
        js_sys::encode_uri_component(&search)
    );
    match gloo_net::http::Request::get(&url).send().await {
        Ok(response) => response
            .json::<DoorPage>()
            .await
            .map(|page| page.items)
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

#[component]
fn DoorRow(door: Door) -> impl IntoView {
    let pending = RwSignal::new(false);
    let lock = move |_| {
        let url = format!("/api/v1/locks/{}/lock", door.id);
        spawn_local(async move {
            if gloo_net::http::Request::post(&url).send().await.is_ok() {
                pending.set(true);
            }
        });
    };
    view! {
        <li class="door-card">
            <span>{door.name}</span>
            " "
            <span class="badge">{move || if pending.get() { "Locking…" } else { "Ready" }}</span>
            " "
            <button class="door-card-action" on:click=lock>"Lock"</button>
        </li>
    }
}

/// Newest first, at most this many kept.
const FEED_LENGTH: usize = 100;

#[component]
fn Floor() -> impl IntoView {
    let search = RwSignal::new(String::new());
    let list = LocalResource::new(move || doors(search.get()));
    let feed = RwSignal::new(Vec::<Event>::new());
    if let Ok(source) = web_sys::EventSource::new("/api/v1/events/stream") {
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
                let Some(text) = message.data().as_string() else {
                    return;
                };
                if let Ok(event) = serde_json::from_str::<Event>(&text) {
                    feed.update(|events| {
                        events.insert(0, event);
                        events.truncate(FEED_LENGTH);
                    });
                }
            });
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    }
    view! {
        <main>
            <input id="door-search" type="search" aria-label="Search doors" on:input=move |ev| search.set(event_target_value(&ev))/>
            <ul>
                <Transition>
                    {move || list.get().map(|items| items.into_iter().map(|door| view! { <DoorRow door/> }).collect_view())}
                </Transition>
            </ul>
            <ul role="log" aria-label="Activity, newest first">
                <For each=move || feed.get() key=|event| event.id let(event)>
                    <li><time datetime=event.at.clone()>{event.at.clone()}</time></li>
                </For>
            </ul>
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(Floor);
}
