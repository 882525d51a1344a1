//! One door (`/doors/:id`): its state and health, what it can do, the codes on
//! it with their sync state and a retry, codes found on it that no one here
//! created, its recent activity, and its lock / unlock action.

use latchkey_core::{
    code::{DoorCode, UnknownCode},
    ids::LockId,
    keypad::KeypadLockout,
    lock::{Lock, Radio},
    sync::SyncStatus,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_params_map;

use crate::{
    api::{self, ApiError, EventQuery},
    components::{
        door_status::DoorStatus,
        error_message::ErrorMessage,
        found_codes::FoundCodes,
        page::{Page, set_document_title},
        recent_activity::RecentActivity,
        require_session::RequireSession,
    },
    state::live::use_live,
};

#[component]
pub fn DoorDetailPage() -> impl IntoView {
    view! {
        <Page title="Door">
            <RequireSession>
                <DoorDetail/>
            </RequireSession>
        </Page>
    }
}

/// Everything the page shows about one door, loaded together.
#[derive(Clone)]
struct DoorData {
    lock: Lock,
    site_lockout: Option<KeypadLockout>,
    codes: Vec<DoorCode>,
    found: Vec<UnknownCode>,
}

async fn load(id: LockId) -> Result<DoorData, ApiError> {
    let lock = api::lock(&id).await?;
    let codes = api::codes_on_lock(&id).await?;
    let found = api::unknown_codes(&id).await?;
    let site_lockout = api::sites()
        .await?
        .into_iter()
        .find(|s| s.id == lock.site_id)
        .map(|s| s.policy.keypad_lockout);
    Ok(DoorData {
        lock,
        site_lockout,
        codes,
        found,
    })
}

fn sync_text(status: SyncStatus) -> &'static str {
    match status {
        SyncStatus::Pending => "Waiting for the lock",
        SyncStatus::Setting => "Sending to the lock…",
        SyncStatus::Set => "On the lock",
        SyncStatus::Removing => "Removing…",
        SyncStatus::Removed => "Removed",
        SyncStatus::Failed => "Failed",
    }
}

/// A request the page sends (lock, retry): a failure is shown under the door's
/// state, and the door is reloaded either way.
type Job = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>;

#[component]
fn DoorDetail() -> impl IntoView {
    let params = use_params_map();
    let id = move || LockId(params.with(|p| p.get("id").unwrap_or_default()));
    let refresh = RwSignal::new(0u64);
    let live = use_live();
    Effect::new(move |_| {
        let mine = live
            .last_event
            .get()
            .is_some_and(|e| e.lock_id.as_ref() == Some(&id()));
        if mine {
            refresh.update(|n| *n += 1);
        }
    });
    let data = LocalResource::new(move || {
        refresh.track();
        live.reload.track();
        load(id())
    });
    // The page is drawn afresh only when another door opens or loading fails;
    // a reload of the same door (the resource keeps the old value until the
    // new one is in) updates it in place, so the keyboard focus stays.
    let outcome = Memo::new(move |_| {
        data.with(|data| {
            data.as_ref().map(|result| {
                result
                    .as_ref()
                    .map(|door| door.lock.id.clone())
                    .map_err(Clone::clone)
            })
        })
    });
    let action_error = RwSignal::new(None::<ApiError>);
    let run = Callback::new(move |job: Job| {
        action_error.set(None);
        spawn_local(async move {
            if let Err(err) = job.await {
                action_error.set(Some(err));
            }
            refresh.update(|n| *n += 1);
        });
    });

    view! {
        <p><a href="/doors" class="link-target">"← All doors"</a></p>
        {move || match outcome.get() {
            None => view! { <p role="status">"Loading the door…"</p> }.into_any(),
            Some(Err(err)) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
            Some(Ok(_)) => {
                let Some(Ok(first)) = data.get_untracked() else {
                    return ().into_any();
                };
                let door = Signal::derive(move || match data.get() {
                    Some(Ok(door)) => door,
                    _ => first.clone(),
                });
                view! { <DoorLoaded door=door run=run error=action_error refresh=refresh/> }.into_any()
            }
        }}
    }
}

/// The page of a door that has loaded, following `door` as it reloads.
#[component]
fn DoorLoaded(
    door: Signal<DoorData>,
    /// Sends a request and reloads the door.
    run: Callback<Job>,
    /// Why the last request failed.
    error: RwSignal<Option<ApiError>>,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let lock = Memo::new(move |_| door.with(|d| d.lock.clone()));
    Effect::new(move |_| lock.with(|l| set_document_title(&l.name)));
    let failed = Signal::derive(move || error.with(Option::is_some));
    let on_press = Callback::new(move |wants_lock: bool| {
        let id = lock.with_untracked(|l| l.id.clone());
        run.run(Box::pin(async move {
            api::send_lock_command(&id, wants_lock).await.map(|_| ())
        }))
    });
    // What the sections below link to and load stays the same for this door.
    let (lock_id, site_id) = lock.with_untracked(|l| (l.id.clone(), l.site_id.clone()));

    view! {
        <h2 class="door-title">{move || lock.with(|l| l.name.clone())}</h2>
        <div class="door-state">
            <DoorStatus lock=lock failed=failed on_press=on_press button_class="button button-primary"/>
        </div>
        <ErrorMessage error=error/>

        // Redrawn on each reload: nothing in it keeps the focus across a change.
        {move || door.with(|d| door_sections(d, run, error, refresh))}

        <section aria-labelledby="recent-title">
            <h2 id="recent-title">"Recent activity"</h2>
            <RecentActivity
                query=EventQuery { site: Some(site_id.to_string()), lock: Some(lock_id.to_string()), limit: 8, ..Default::default() }
                door_word=Some("this door")
                feed_link=format!("/activity?site={site_id}&door={lock_id}")
            />
        </section>
    }
}

/// What the lock can do, the codes on it, and codes found on it.
fn door_sections(
    door: &DoorData,
    run: Callback<Job>,
    error: RwSignal<Option<ApiError>>,
    refresh: RwSignal<u64>,
) -> AnyView {
    view! {
        <section aria-labelledby="caps-title">
            <h2 id="caps-title">"What this lock can do"</h2>
            {capabilities(&door.lock, door.site_lockout)}
        </section>
        <section aria-labelledby="codes-title">
            {codes_on_door(&door.lock, &door.codes, run)}
        </section>
        <section aria-labelledby="found-title">
            <h2 id="found-title">"Codes found on the lock"</h2>
            <FoundCodes site=door.lock.site_id.clone() found=door.found.clone() error=error on_done=Callback::new(move |()| refresh.update(|n| *n += 1))/>
        </section>
    }
    .into_any()
}

/// What the lock can do: PIN length, slots, keypad lockout and radio.
fn capabilities(lock: &Lock, site_lockout: Option<KeypadLockout>) -> impl IntoView + use<> {
    let caps = lock.capabilities;
    let lockout_text = match (lock.keypad_lockout, site_lockout) {
        (Some(rule), _) => format!(
            "After {} wrong codes, {} s (this door's own setting)",
            rule.wrong_codes, rule.lockout_seconds
        ),
        (None, Some(rule)) => format!(
            "After {} wrong codes, {} s (the site's policy)",
            rule.wrong_codes, rule.lockout_seconds
        ),
        (None, None) => "The site's policy".to_owned(),
    };
    view! {
        <dl class="facts">
            <dt>"PIN length"</dt><dd>{format!("{} to {} digits", caps.pin_length.min, caps.pin_length.max)}</dd>
            <dt>"Code slots"</dt><dd>{format!("{} of {} used", lock.slots_used, caps.slots)}</dd>
            <dt>"Keypad lockout"</dt><dd>{lockout_text}</dd>
            <dt>"Radio"</dt><dd>{match caps.radio {
                Radio::Wifi => "Wi-Fi",
                Radio::Zwave => "Z-Wave",
                Radio::Bluetooth => "Bluetooth: changes wait until a phone is in range",
            }}</dd>
        </dl>
    }
}

/// The codes on the door with their sync state, and a retry for each that failed.
fn codes_on_door(lock: &Lock, codes: &[DoorCode], run: Callback<Job>) -> impl IntoView + use<> {
    let rows = codes.iter().map(|code| {
        let reason = code.sync.failure.as_ref().map(ToString::to_string);
        // On a lock that cannot keep schedules, a code in sync says until when it
        // is on (or off) the lock; one stuck on it says so as a problem.
        let on_lock = code.sync.on_lock_words(&lock.name);
        let (headline, overdue) = match on_lock {
            Some(words) if code.sync.overdue_since.is_some() => (sync_text(code.sync.status).to_owned(), Some(words)),
            Some(words) if code.sync.status == SyncStatus::Set => (words, None),
            _ => (sync_text(code.sync.status).to_owned(), None),
        };
        // Which of the lock's slots holds it, for comparing with the lock's own menu.
        let slot = code
            .sync
            .slot
            .filter(|_| code.sync.on_lock == Some(true))
            .map(|slot| format!("Slot {slot}"));
        let retry = (code.sync.status == SyncStatus::Failed).then(|| {
            let (code_id, lock_id) = (code.code_id.clone(), code.sync.lock_id.clone());
            let label = format!("Retry {}'s code on this door", code.person.name);
            view! {
                <button class="button" aria-label=label on:click=move |_| {
                    let (c, l) = (code_id.clone(), lock_id.clone());
                    run.run(Box::pin(async move { api::retry_sync(&c, &l).await }))
                }>"Retry"</button>
            }
        });
        view! {
            <tr>
                <td><a href=format!("/people/{}", code.person.id)>{code.person.name.clone()}</a></td>
                <td>{code.code_name.clone()}</td>
                <td>
                    <span class=format!("sync sync-{:?}", code.sync.status).to_lowercase()>{headline}</span>
                    {reason.map(|r| view! { <span class="sync-reason">{r}</span> })}
                    {overdue.map(|words| view! { <span class="sync-reason">{words}</span> })}
                    {slot.map(|slot| view! { <span class="sync-note">{slot}</span> })}
                </td>
                <td>{retry}</td>
            </tr>
        }
    }).collect_view();
    let list = if codes.is_empty() {
        view! { <p class="empty">"No codes are on this door yet. Give someone a code on the People page."</p> }.into_any()
    } else {
        view! {
            <table class="table">
                <thead><tr><th scope="col">"Person"</th><th scope="col">"Code"</th><th scope="col">"On the lock?"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }.into_any()
    };
    view! {
        <div class="section-head">
            <h2 id="codes-title">{format!("Codes on this door ({})", codes.len())}</h2>
            <a href=format!("/schedules?site={}&door={}", lock.site_id, lock.id) class="button">"Who can get in this week"</a>
        </div>
        {list}
    }
}
