//! `<RecentActivity/>`: the last few events about a door, a person, or
//! everything, as sentences, kept current by the live stream, with a link to
//! the full feed.

use latchkey_core::event::Event;
use latchkey_core::event_text::{Names, sentence};
use leptos::prelude::*;

use crate::{
    api::{self, EventQuery},
    schedule_text::event_time,
    state::live::use_live,
};

#[component]
pub fn RecentActivity(
    /// Which events (its `limit` is how many are shown).
    query: EventQuery,
    /// What to call the door in sentences when all are at one door ("this door").
    #[prop(default = None)]
    door_word: Option<&'static str>,
    /// The full feed with the same filters.
    feed_link: String,
) -> impl IntoView {
    let live = use_live();
    let shown = query.limit.max(1) as usize;
    let events = RwSignal::new(None::<Result<Vec<Event>, api::ApiError>>);
    let first_page = query.clone();
    Effect::new(move |_| {
        live.reload.track();
        let q = first_page.clone();
        leptos::task::spawn_local(async move {
            events.try_set(Some(api::events(&q).await.map(|p| p.items)));
        });
    });
    Effect::new(move |_| {
        let batch = live.batch.get();
        let mut fresh: Vec<Event> = batch.iter().filter(|e| query.matches(e)).cloned().collect();
        if fresh.is_empty() {
            return;
        }
        fresh.reverse();
        events.update(|list| {
            if let Some(Ok(list)) = list {
                fresh.retain(|e| !list.iter().any(|x| x.id == e.id));
                fresh.append(list);
                fresh.truncate(shown);
                *list = fresh;
            }
        });
    });
    view! {
        {move || events.get().map(|result| match result {
            Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p class="empty">"Nothing has happened here yet."</p> }.into_any(),
            Ok(list) => view! {
                <div role="log" aria-label="Recent activity"><ol class="recent">
                    {list.into_iter().map(|event| {
                        let (at, when) = (event.at, event_time(&event));
                        let words = sentence(&event, Names { door: door_word });
                        view! { <li><time datetime=at.to_rfc3339()>{when}</time>" "{words}</li> }
                    }).collect_view()}
                </ol></div>
            }.into_any(),
        })}
        <p><a href=feed_link class="link-target">"All activity →"</a></p>
    }
}
