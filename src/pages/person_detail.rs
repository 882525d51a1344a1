//! One person (`/people/:id`): status, pause / resume / delete, and their codes
//! as a grid of doors with each cell's sync state and a retry; reveal (where the
//! site allows it), copy, and share through the backend.

use std::collections::{BTreeMap, HashMap};

use latchkey_core::{
    code::{AccessCode, ShareChannel},
    ids::{CodeId, LockId, PersonId},
    lock::Lock,
    person::{Person, PersonStatus},
    pin::usable_lengths,
    schedule::summary,
    site::{RevealPolicy, Site},
    sync::SyncState,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::{
    api::{self, ApiError, EventQuery, LockQuery},
    components::{
        error_message::ErrorMessage,
        new_pin::{NewPin, NewPinFor},
        page::{Page, set_document_title},
        recent_activity::RecentActivity,
        require_session::RequireSession,
        scroll_region::ScrollRegion,
        sync_cell::SyncCell,
        week_view::WeekView,
    },
    pages::people::{kind_text, status_text},
    share_link::{copy_to_clipboard, mailto_link, share_message, sms_link},
    state::live::use_live,
};

#[component]
pub fn PersonDetailPage() -> impl IntoView {
    view! {
        <Page title="Person">
            <RequireSession>
                <PersonDetail/>
            </RequireSession>
        </Page>
    }
}

#[derive(Clone)]
struct PersonData {
    person: Person,
    site: Option<Site>,
    codes: Vec<AccessCode>,
    sync: Vec<SyncState>,
    door_names: HashMap<LockId, String>,
    /// The site's doors, for the PIN lengths each code's doors take.
    doors: Vec<Lock>,
    /// The site's own date today: schedules read "today" on its clock.
    today: chrono::NaiveDate,
}

async fn load(id: PersonId) -> Result<PersonData, ApiError> {
    let person = api::person(&id).await?;
    let codes = api::codes_of_person(&id).await?;
    let sync = api::sync_of_person(&id).await?;
    let site = api::sites()
        .await?
        .into_iter()
        .find(|s| s.id == person.site_id);
    let doors = api::locks(&LockQuery {
        site: Some(person.site_id.to_string()),
        limit: 500,
        ..Default::default()
    })
    .await?;
    let doors = doors.items;
    let door_names = doors
        .iter()
        .map(|l| (l.id.clone(), l.name.clone()))
        .collect();
    let today = api::site_time(&person.site_id).await?.local_now.date();
    Ok(PersonData {
        person,
        site,
        codes,
        sync,
        door_names,
        doors,
        today,
    })
}

#[component]
fn PersonDetail() -> impl IntoView {
    let params = use_params_map();
    let navigate = StoredValue::new_local(use_navigate());
    let id = move || PersonId(params.with(|p| p.get("id").unwrap_or_default()));
    let refresh = RwSignal::new(0u64);
    // Set once "Delete" is confirmed: the person's own events (their codes
    // coming off the doors) no longer reload a page about someone who is gone.
    let deleting = RwSignal::new(false);
    let live = use_live();
    Effect::new(move |_| {
        if live
            .last_event
            .get()
            .is_some_and(|e| e.person_id.as_ref() == Some(&id()))
            && !deleting.get_untracked()
        {
            refresh.update(|n| *n += 1);
        }
    });
    let data = LocalResource::new(move || {
        refresh.track();
        live.reload.track();
        load(id())
    });
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    // Revealed PINs live only in memory, until hidden or the page is left.
    let revealed = RwSignal::new(HashMap::<CodeId, String>::new());
    let confirm_delete = RwSignal::new(false);

    let pause = move |paused: bool| {
        error.set(None);
        spawn_local(async move {
            match api::set_paused(&id(), paused).await {
                Ok(_) => refresh.update(|n| *n += 1),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let delete = move |_| {
        deleting.set(true);
        spawn_local(async move {
            match api::delete_person(&id()).await {
                Ok(()) => navigate
                    .try_with_value(|n| n("/people", Default::default()))
                    .unwrap_or_default(),
                Err(err) => {
                    deleting.set(false);
                    error.set(Some(err));
                }
            }
        });
    };
    let reveal = move |code: CodeId| {
        spawn_local(async move {
            match api::reveal_pin(&code).await {
                Ok(pin) => revealed.update(|r| {
                    r.insert(code, pin.pin.reveal().to_owned());
                }),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let share = move |code: CodeId, channel: ShareChannel| {
        notice.set(None);
        spawn_local(async move {
            match api::share_code(&code, channel).await {
                Ok(message) => notice.set(Some(format!("Sent to {}.", message.to))),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let copy = move |code: CodeId| {
        let Some(pin) = revealed.with_untracked(|r| r.get(&code).cloned()) else {
            return;
        };
        spawn_local(async move {
            notice.set(Some(if copy_to_clipboard(&pin).await {
                "PIN copied.".into()
            } else {
                "This browser did not allow copying. Select the PIN and copy it by hand.".into()
            }));
        });
    };
    view! {
        <p><a href="/people" class="link-target">"← All people"</a></p>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            {move || data.get().map(|result| match result {
                Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                Ok(PersonData { person, site, codes, sync, door_names, doors, today }) => {
                    set_document_title(&person.name);
                    let paused = person.status == PersonStatus::Paused;
                    let can_reveal = site.as_ref().is_some_and(|s| s.policy.reveal == RevealPolicy::Admins);
                    // Columns: every door any of their codes is on (or leaving).
                    let mut columns: BTreeMap<String, LockId> = BTreeMap::new();
                    for state in &sync {
                        let name = door_names.get(&state.lock_id).cloned().unwrap_or_else(|| state.lock_id.to_string());
                        columns.insert(name, state.lock_id.clone());
                    }
                    for code in &codes {
                        for door in &code.doors {
                            let name = door_names.get(door).cloned().unwrap_or_else(|| door.to_string());
                            columns.insert(name, door.clone());
                        }
                    }
                    let columns: Vec<(String, LockId)> = columns.into_iter().collect();
                    let cells: HashMap<(CodeId, LockId), SyncState> = sync.into_iter().map(|s| ((s.code_id.clone(), s.lock_id.clone()), s)).collect();
                    view! {
                        <h2 class="door-title">{person.name.clone()}</h2>
                        <p>
                            <span class="chip">{kind_text(person.kind)}</span>" "
                            <span class=format!("chip chip-status-{}", status_text(person.status).to_lowercase())>{status_text(person.status)}</span>
                            {person.phone.clone().map(|p| view! { " " <span class="chip">{p}</span> })}
                            {person.email.clone().map(|e| view! { " " <span class="chip">{e}</span> })}
                        </p>
                        <div class="actions">
                            <a href=format!("/people/{}/edit", person.id) class="button">"Change details"</a>
                            {if paused {
                                view! { <button class="button button-primary" on:click=move |_| pause(false)>"Resume access"</button> }.into_any()
                            } else {
                                view! { <button class="button" on:click=move |_| pause(true)>"Pause access everywhere"</button> }.into_any()
                            }}
                            <button class="button" on:click=move |_| confirm_delete.set(true)>"Delete person"</button>
                        </div>
                        <Show when=move || confirm_delete.get()>
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-delete-title">
                                <p id="confirm-delete-title"><strong>"Delete this person?"</strong>" Their codes come off every door. Their history stays in the activity."</p>
                                <div class="actions">
                                    <button class="button button-danger" on:click=delete>"Delete"</button>
                                    <button class="button" on:click=move |_| confirm_delete.set(false)>"Cancel"</button>
                                </div>
                            </div>
                        </Show>
                        <ErrorMessage error=error/>
                        <p role="status" class="ok-text">{move || notice.get()}</p>

                        <section aria-labelledby="grid-title">
                            <div class="section-head">
                                <h2 id="grid-title">"Codes and doors"</h2>
                                <a href=format!("/people/{}/codes/new", person.id) class="button">"Add another code"</a>
                            </div>
                            {if codes.is_empty() {
                                view! { <p class="empty">"No codes yet."</p> }.into_any()
                            } else {
                                view! {
                                    <ScrollRegion label="Codes and doors">
                                    <table class="table sync-grid">
                                        <caption class="visually-hidden">"Where each code stands on each door"</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">"Code"</th>
                                                {columns.iter().map(|(name, _)| view! { <th scope="col">{name.clone()}</th> }).collect_view()}
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {codes.into_iter().map(|code| {
                                                let code_id = code.id.clone();
                                                let when = summary(&code.schedule, today);
                                                let reveal_id = code.id.clone();
                                                let pin_id = code.id.clone();
                                                let hide_id = code.id.clone();
                                                let (sms_id, mail_id) = (code.id.clone(), code.id.clone());
                                                let code_locks: Vec<Lock> = doors.iter().filter(|d| code.doors.contains(&d.id)).cloned().collect();
                                                let new_pin_for = NewPinFor {
                                                    code_id: code.id.clone(),
                                                    code_name: code.name.clone(),
                                                    length: code.pin_length,
                                                    lengths: site.as_ref().map(|s| usable_lengths(&s.policy, &code_locks)).unwrap_or_default(),
                                                    works_today: !paused && code.schedule.works_on(today, code.uses),
                                                    can_reveal,
                                                };
                                                let change_href = format!("/people/{}/codes/{}", person.id, code.id);
                                                let change_label = format!("Change {}", code.name);
                                                let shown = Signal::derive(move || revealed.with(|r| r.get(&pin_id).cloned()));
                                                let code_doors: Vec<String> = code.doors.iter().map(|d| door_names.get(d).cloned().unwrap_or_else(|| d.to_string())).collect();
                                                let (person_name, phone, email) = (person.name.clone(), person.phone.clone(), person.email.clone());
                                                let when_text = when.clone();
                                                let message = move || shown.get().map(|pin| share_message(&person_name, &code_doors, &pin, &when_text));
                                                let sms_message = message.clone();
                                                view! {
                                                    <tr>
                                                        <th scope="row">
                                                            <span class="code-name">{code.name.clone()}</span>
                                                            {(code.is_main && !code.name.eq_ignore_ascii_case("main code")).then(|| view! { " " <span class="chip chip-main">"Main code"</span> })}
                                                            <span class="code-when">{when}</span>
                                                            {code.uses_text().map(|used| view! { <span class="chip">{used}</span> })}
                                                            <span class="code-pin" aria-label="PIN">
                                                                {move || shown.get().unwrap_or_else(|| "•".repeat(code.pin_length as usize))}
                                                            </span>
                                                            <span class="code-actions">
                                                                <a href=change_href class="button" aria-label=change_label>"Change"</a>
                                                                {if can_reveal {
                                                                    view! {
                                                                        <Show when=move || shown.get().is_none() fallback=move || {
                                                                            let hide_id = hide_id.clone();
                                                                            let copy_id = hide_id.clone();
                                                                            view! {
                                                                                <button class="button" on:click=move |_| revealed.update(|r| { r.remove(&hide_id); })>"Hide"</button>
                                                                                <button class="button" on:click=move |_| copy(copy_id.clone())>"Copy PIN"</button>
                                                                            }
                                                                        }>
                                                                            <button class="button" on:click={ let id = reveal_id.clone(); move |_| reveal(id.clone()) }>"Reveal PIN"</button>
                                                                        </Show>
                                                                    }.into_any()
                                                                } else {
                                                                    view! { <span class="hint">"This site does not show PINs after they are made."</span> }.into_any()
                                                                }}
                                                                <NewPin code=new_pin_for revealed=revealed notice=notice error=error on_done=Callback::new(move |()| refresh.update(|n| *n += 1))/>
                                                                <button class="button" on:click=move |_| share(sms_id.clone(), ShareChannel::Sms)>"Send by SMS"</button>
                                                                <button class="button" on:click=move |_| share(mail_id.clone(), ShareChannel::Email)>"Send by e-mail"</button>
                                                                // Only while the PIN is on screen: hand it to this device's own apps.
                                                                {move || sms_message().map(|m| {
                                                                    let sms = sms_link(phone.as_deref(), &m);
                                                                    let mail = mailto_link(email.as_deref(), &m);
                                                                    view! {
                                                                        <a class="button" href=sms>"Text from this device"</a>
                                                                        <a class="button" href=mail>"E-mail from this device"</a>
                                                                    }
                                                                })}
                                                            </span>
                                                        </th>
                                                        {columns.iter().map(|(door_name, door)| {
                                                            let waits_for = doors.iter().find(|d| &d.id == door).map(Lock::pending_wait);
                                                            view! {
                                                                <SyncCell state=cells.get(&(code_id.clone(), door.clone())).cloned() door_name=door_name.clone() waits_for=waits_for.unwrap_or_default() error=error on_retried=Callback::new(move |()| refresh.update(|n| *n += 1))/>
                                                            }
                                                        }).collect_view()}
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                    </ScrollRegion>
                                }.into_any()
                            }}
                        </section>
                    }.into_any()
                }
            })}
        </Transition>
        <section aria-labelledby="week-title">
            <h2 id="week-title">"This week"</h2>
            <PersonWeek id=Signal::derive(id) refresh=refresh/>
        </section>
        <section aria-labelledby="recent-title">
            <h2 id="recent-title">"Recent activity"</h2>
            {move || {
                let person = id();
                view! {
                    <RecentActivity
                        query=EventQuery { person: Some(person.to_string()), limit: 8, ..Default::default() }
                        feed_link=format!("/activity?person={person}")
                    />
                }
            }}
        </section>
    }
}

/// When each of the person's codes works this week, by the backend's clock.
#[component]
fn PersonWeek(id: Signal<PersonId>, refresh: RwSignal<u64>) -> impl IntoView {
    let week = LocalResource::new(move || {
        refresh.track();
        let id = id.get();
        async move { api::person_week(&id, None).await }
    });
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading the week…"</p> }>
            {move || week.get().map(|r| match r {
                Ok(week) => view! { <WeekView week=week link_people=false/> }.into_any(),
                Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
            })}
        </Transition>
    }
}
