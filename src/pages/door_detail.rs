//! One door (`/doors/:id`): its state and health, what it can do, the codes on
//! it with their sync state and a retry, codes found on it that no one here
//! created, its recent activity, and its lock / unlock action.

use latchkey_core::{
    code::{DoorCode, UnknownCode},
    ids::LockId,
    lock::{Lock, LockState, Radio},
    sync::SyncStatus,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_params_map;

use crate::{
    api::{self, ApiError, EventQuery},
    components::{
        door_card::door_facts,
        error_message::ErrorMessage,
        found_codes::FoundCodes,
        page::{Page, set_document_title},
        recent_activity::RecentActivity,
        require_session::RequireSession,
        status_badge::{StatusBadge, command_for, pending_from_click},
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
    site_lockout: Option<latchkey_core::site::KeypadLockout>,
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
    let action_error = RwSignal::new(None::<ApiError>);
    let run =
        move |job: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>| {
            action_error.set(None);
            spawn_local(async move {
                if let Err(err) = job.await {
                    action_error.set(Some(err));
                }
                refresh.update(|n| *n += 1);
            });
        };

    view! {
        <p><a href="/doors" class="link-target">"← All doors"</a></p>
        <Transition fallback=|| view! { <p role="status">"Loading the door…"</p> }>
            {move || data.get().map(|result| match result {
                Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                Ok(DoorData { lock, site_lockout, codes, found }) => {
                    let lockout_text = match (lock.keypad_lockout, site_lockout) {
                        (Some(rule), _) => format!("After {} wrong codes, {} s (this door's own setting)", rule.wrong_codes, rule.lockout_seconds),
                        (None, Some(rule)) => format!("After {} wrong codes, {} s (the site's policy)", rule.wrong_codes, rule.lockout_seconds),
                        (None, None) => "The site's policy".to_owned(),
                    };
                    set_document_title(&lock.name);
                    let facts = door_facts(&lock, crate::state::backend::backend_now());
                    let wants_lock = lock.state != LockState::Locked;
                    let lock_id = lock.id.clone();
                    let caps = lock.capabilities;
                    let (sent, pending) = pending_from_click(Signal::stored((lock.state, lock.pending_command)), Signal::derive(move || action_error.with(Option::is_some)));
                    let (online, jammed) = (lock.online, lock.state == LockState::Jammed);
                    view! {
                        <h2 class="door-title">{lock.name.clone()}</h2>
                        <div class="door-state">
                            <StatusBadge state=lock.state pending=pending/>
                            <ul class="door-card-facts">
                                {facts.into_iter().map(|(text, tone)| view! { <li class=format!("chip chip-{tone}")>{text}</li> }).collect_view()}
                            </ul>
                            <button
                                class="button button-primary"
                                disabled=move || pending.get().is_some() || !online || jammed
                                on:click=move |_| {
                                    sent.set(Some(command_for(wants_lock)));
                                    let id = lock_id.clone();
                                    run(Box::pin(async move { api::send_lock_command(&id, wants_lock).await.map(|_| ()) }))
                                }
                            >
                                {if wants_lock { "Lock" } else { "Unlock" }}
                            </button>
                        </div>
                        <ErrorMessage error=action_error/>

                        <section aria-labelledby="caps-title">
                            <h2 id="caps-title">"What this lock can do"</h2>
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
                        </section>

                        <section aria-labelledby="codes-title">
                            <div class="section-head">
                                <h2 id="codes-title">{format!("Codes on this door ({})", codes.len())}</h2>
                                <a href=format!("/schedules?site={}&door={}", lock.site_id, lock.id) class="button">"Who can get in this week"</a>
                            </div>
                            {if codes.is_empty() {
                                view! { <p class="empty">"No codes are on this door yet. Give someone a code on the People page."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="table">
                                        <thead><tr><th scope="col">"Person"</th><th scope="col">"Code"</th><th scope="col">"On the lock?"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                        <tbody>
                                            {codes.into_iter().map(|code| {
                                                let failed = code.sync.status == SyncStatus::Failed;
                                                let reason = code.sync.failure.map(|f| f.to_string());
                                                let (code_id, lock_id) = (code.code_id.clone(), code.sync.lock_id.clone());
                                                let label = format!("Retry {}'s code on this door", code.person.name);
                                                view! {
                                                    <tr>
                                                        <td><a href=format!("/people/{}", code.person.id)>{code.person.name.clone()}</a></td>
                                                        <td>{code.code_name.clone()}</td>
                                                        <td>
                                                            <span class=format!("sync sync-{:?}", code.sync.status).to_lowercase()>{sync_text(code.sync.status)}</span>
                                                            {reason.map(|r| view! { <span class="sync-reason">{r}</span> })}
                                                        </td>
                                                        <td>
                                                            <Show when=move || failed>
                                                                <button class="button" aria-label=label.clone() on:click={
                                                                    let (code_id, lock_id) = (code_id.clone(), lock_id.clone());
                                                                    move |_| {
                                                                        let (c, l) = (code_id.clone(), lock_id.clone());
                                                                        run(Box::pin(async move { api::retry_sync(&c, &l).await }))
                                                                    }
                                                                }>"Retry"</button>
                                                            </Show>
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </section>

                        <section aria-labelledby="found-title">
                            <h2 id="found-title">"Codes found on the lock"</h2>
                            <FoundCodes site=lock.site_id.clone() found=found error=action_error on_done=Callback::new(move |()| refresh.update(|n| *n += 1))/>
                        </section>

                        <section aria-labelledby="recent-title">
                            <h2 id="recent-title">"Recent activity"</h2>
                            <RecentActivity
                                query=EventQuery { site: Some(lock.site_id.to_string()), lock: Some(lock.id.to_string()), limit: 8, ..Default::default() }
                                door_word=Some("this door")
                                feed_link=format!("/activity?site={}&door={}", lock.site_id, lock.id)
                            />
                        </section>
                    }.into_any()
                }
            })}
        </Transition>
    }
}
