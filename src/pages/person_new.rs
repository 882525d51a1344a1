//! Add a person and their first code in one flow (`/people/new`): who they are,
//! their PIN (generated, or chosen where the site allows and checked while
//! typing), their doors by checkbox, and when the code works (a preset).

use chrono::{Duration, NaiveDate, NaiveTime, Weekday};
use latchkey_core::{
    code::{NewAccessCode, PinChoice},
    ids::{LockId, SiteId},
    lock::Lock,
    person::{NewPerson, PersonKind},
    pin::Pin,
    schedule::{Schedule, SchedulePreset, WeeklyWindow, summary},
    site::Site,
};
use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;

use crate::{
    api::{self, ApiError, LockQuery},
    components::{
        door_checklist::DoorChecklist, error_message::ErrorMessage, page::Page,
        pin_field::PinField, require_session::RequireSession,
    },
    pages::people::kind_text,
};

#[component]
pub fn NewPersonPage() -> impl IntoView {
    view! {
        <Page title="Add a person">
            <RequireSession>
                <NewPersonForm/>
            </RequireSession>
        </Page>
    }
}

/// The schedule presets offered here (the full editor comes with Schedules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Preset {
    Permanent,
    Recurring,
    Temporary,
    OneTime,
}

const WEEK: [(Weekday, &str); 7] = [
    (Weekday::Mon, "Mon"),
    (Weekday::Tue, "Tue"),
    (Weekday::Wed, "Wed"),
    (Weekday::Thu, "Thu"),
    (Weekday::Fri, "Fri"),
    (Weekday::Sat, "Sat"),
    (Weekday::Sun, "Sun"),
];

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

#[component]
fn NewPersonForm() -> impl IntoView {
    let navigate = StoredValue::new_local(use_navigate());
    let sites = LocalResource::new(api::sites);
    let site_id = RwSignal::new(None::<SiteId>);
    let doors = LocalResource::new(move || {
        let site = site_id.get();
        async move {
            match site {
                Some(site) => api::locks(&LockQuery {
                    site: Some(site.to_string()),
                    limit: 500,
                    ..Default::default()
                })
                .await
                .map(|p| p.items),
                None => Ok(Vec::new()),
            }
        }
    });
    let site = Signal::derive(move || {
        let id = site_id.get()?;
        sites
            .get()
            .and_then(|r| r.ok())
            .and_then(|list| list.into_iter().find(|s| s.id == id))
    });
    Effect::new(move |_| {
        if site_id.get_untracked().is_none()
            && let Some(Ok(list)) = sites.get()
        {
            site_id.set(list.first().map(|s| s.id.clone()));
        }
    });
    let policy = Signal::derive(move || site.get().map(|s| s.policy).unwrap_or_default());

    // What is typed: kept through every error.
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(PersonKind::Guest);
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let custom = RwSignal::new(false);
    let pin = RwSignal::new(String::new());
    let pin_problem = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(Vec::<LockId>::new());
    let preset = RwSignal::new(Preset::Permanent);
    let days = RwSignal::new(vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ]);
    let from = RwSignal::new("12:00".to_owned());
    let until = RwSignal::new("14:00".to_owned());
    let day = RwSignal::new(today().to_string());
    let day_until = RwSignal::new("18:00".to_owned());

    let chosen_locks = Signal::derive(move || {
        let ids = chosen.get();
        doors
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|d| ids.contains(&d.id))
            .collect::<Vec<Lock>>()
    });
    let schedule = Signal::derive(move || -> Result<(Schedule, SchedulePreset), String> {
        match preset.get() {
            Preset::Permanent => Ok((Schedule::always(), SchedulePreset::Permanent)),
            Preset::Recurring => {
                let (Some(start), Some(end)) = (parse_time(&from.get()), parse_time(&until.get()))
                else {
                    return Err("Enter times like 12:00.".into());
                };
                let window = WeeklyWindow {
                    days: days.get(),
                    start,
                    end,
                };
                Ok((
                    Schedule {
                        weekly: vec![window],
                        ..Schedule::always()
                    },
                    SchedulePreset::Recurring,
                ))
            }
            Preset::Temporary => {
                let date = NaiveDate::parse_from_str(&day.get(), "%Y-%m-%d")
                    .map_err(|_| "Choose a day.".to_owned())?;
                let end = parse_time(&day_until.get()).ok_or("Enter a time like 18:00.")?;
                let schedule = Schedule {
                    starts_at: Some(date.and_time(NaiveTime::MIN)),
                    ends_at: Some(date.and_time(end)),
                    ..Schedule::always()
                };
                Ok((schedule, SchedulePreset::Temporary))
            }
            Preset::OneTime => {
                let ends = (today() + Duration::days(7)).and_time(NaiveTime::MIN);
                Ok((
                    Schedule {
                        ends_at: Some(ends),
                        use_limit: Some(1),
                        ..Schedule::always()
                    },
                    SchedulePreset::OneTime,
                ))
            }
        }
        .and_then(|(schedule, preset)| match schedule.problems().first() {
            Some(problem) => Err(problem.to_string()),
            None => Ok((schedule, preset)),
        })
    });

    let field_errors = RwSignal::new(std::collections::HashMap::<&'static str, String>::new());
    let error = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    // One key per create, reused if the same save is retried after a failure.
    let person_key = StoredValue::new(api::new_idempotency_key());
    let code_key = StoredValue::new(api::new_idempotency_key());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut problems = std::collections::HashMap::new();
        if name.get_untracked().trim().is_empty() {
            problems.insert("name", "Enter a name.".to_owned());
        }
        if chosen.get_untracked().is_empty() {
            problems.insert("doors", "Choose at least one door.".to_owned());
        }
        if custom.get_untracked() {
            if let Some(problem) = pin_problem.get_untracked() {
                problems.insert("pin", problem);
            } else if pin.get_untracked().is_empty() {
                pin_problem.set(Some("Enter a PIN, or choose Generate.".into()));
                problems.insert("pin", "Enter a PIN.".into());
            }
        }
        let (schedule, preset_kind) = match schedule.get_untracked() {
            Ok(s) => s,
            Err(problem) => {
                problems.insert("schedule", problem);
                (Schedule::always(), SchedulePreset::Permanent)
            }
        };
        let Some(site) = site_id.get_untracked() else {
            return;
        };
        field_errors.set(problems.clone());
        if !problems.is_empty() {
            return;
        }
        let person = NewPerson {
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            phone: Some(phone.get_untracked()).filter(|p| !p.trim().is_empty()),
            email: Some(email.get_untracked()).filter(|e| !e.trim().is_empty()),
        };
        let pin_choice = if custom.get_untracked() {
            match Pin::parse(&pin.get_untracked()) {
                Ok(pin) => PinChoice::Custom { pin },
                Err(problem) => {
                    pin_problem.set(Some(problem.to_string()));
                    return;
                }
            }
        } else {
            PinChoice::Generate { length: None }
        };
        let doors = chosen.get_untracked();
        saving.set(true);
        error.set(None);
        spawn_local(async move {
            let result = async {
                let created = api::create_person(&site, &person, &person_key.get_value()).await?;
                let code = NewAccessCode {
                    person_id: created.id.clone(),
                    name: format!("{}'s code", created.name),
                    pin: pin_choice,
                    doors,
                    schedule,
                    preset: preset_kind,
                };
                api::create_code(&code, &code_key.get_value()).await?;
                Ok::<_, ApiError>(created)
            }
            .await;
            saving.set(false);
            match result {
                Ok(person) => navigate
                    .with_value(|n| n(&format!("/people/{}", person.id), Default::default())),
                Err(err) => match err.field() {
                    Some("pin") => pin_problem.set(Some(err.message())),
                    Some("name") => field_errors.update(|f| {
                        f.insert("name", err.message());
                    }),
                    Some(field) if field.starts_with("doors") => field_errors.update(|f| {
                        f.insert("doors", err.message());
                    }),
                    _ => error.set(Some(err)),
                },
            }
        });
    };
    let field_error =
        move |field: &'static str| move || field_errors.with(|f| f.get(field).cloned());
    let kinds = [
        PersonKind::Family,
        PersonKind::Guest,
        PersonKind::Staff,
        PersonKind::Contractor,
        PersonKind::Delivery,
        PersonKind::Resident,
        PersonKind::Owner,
    ];

    view! {
        <form class="form person-form" on:submit=on_submit novalidate>
            <Transition fallback=|| view! { <p role="status">"Loading your sites…"</p> }>
                {move || sites.get().map(|r| match r {
                    Ok(list) if list.len() > 1 => view! {
                        <div class="field">
                            <label for="site">"Site"</label>
                            <select id="site" on:change=move |ev| { chosen.set(Vec::new()); site_id.set(Some(SiteId(event_target_value(&ev)))); }>
                                {list.into_iter().map(|s: Site| {
                                    let selected = site_id.get_untracked().as_ref() == Some(&s.id);
                                    view! { <option value=s.id.to_string() selected=selected>{s.name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }.into_any(),
                    Ok(_) => ().into_any(),
                    Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                })}
            </Transition>
            <div class="field">
                <label for="name">"Name"</label>
                <input id="name" autocomplete="off" aria-describedby="name-error" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <p id="name-error" class="field-error" role="alert">{field_error("name")}</p>
            </div>
            <div class="field">
                <label for="kind">"Who they are"</label>
                <select id="kind" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Ok(k) = serde_json::from_str::<PersonKind>(&format!("\"{value}\"")) { kind.set(k); }
                }>
                    {kinds.into_iter().map(|k| {
                        let value = serde_json::to_string(&k).unwrap_or_default().trim_matches('"').to_owned();
                        view! { <option value=value selected=move || kind.get() == k>{kind_text(k)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="phone">"Phone (optional)"</label>
                    <input id="phone" type="tel" autocomplete="off" prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="email">"E-mail (optional)"</label>
                    <input id="email" type="email" autocomplete="off" prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                </div>
            </div>

            <Transition fallback=|| view! { <p role="status">"Loading doors…"</p> }>
                {move || doors.get().map(|r| match r {
                    Ok(list) => view! {
                        <DoorChecklist
                            site_name=site.get().map(|s| s.name).unwrap_or_default()
                            doors=list
                            chosen=chosen
                            error=Signal::derive(field_error("doors"))
                        />
                    }.into_any(),
                    Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                })}
            </Transition>

            <fieldset>
                <legend>"PIN"</legend>
                <label class="check"><input type="radio" name="pin-choice" prop:checked=move || !custom.get() on:change=move |_| custom.set(false)/>"Generate a PIN (recommended)"</label>
                <Show when=move || policy.get().custom_pins fallback=|| view! { <p class="hint">"This site only uses generated PINs."</p> }>
                    <label class="check"><input type="radio" name="pin-choice" prop:checked=custom on:change=move |_| custom.set(true)/>"Choose a PIN"</label>
                </Show>
                <Show when=move || custom.get()>
                    {move || site_id.get().map(|site| view! {
                        <PinField value=pin site=site policy=policy chosen=chosen_locks problem=pin_problem/>
                    })}
                </Show>
            </fieldset>

            <fieldset aria-describedby="schedule-summary schedule-error">
                <legend>"When it works"</legend>
                {[(Preset::Permanent, "Always"), (Preset::Recurring, "Every week, at set times"), (Preset::Temporary, "One day"), (Preset::OneTime, "Once (a delivery), within 7 days")]
                    .into_iter()
                    .map(|(p, label)| view! {
                        <label class="check"><input type="radio" name="preset" prop:checked=move || preset.get() == p on:change=move |_| preset.set(p)/>{label}</label>
                    })
                    .collect_view()}
                <Show when=move || preset.get() == Preset::Recurring>
                    <div class="week-days" role="group" aria-label="Days">
                        {WEEK.into_iter().map(|(d, label)| view! {
                            <label class="check"><input type="checkbox" prop:checked=move || days.with(|x| x.contains(&d)) on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                days.update(|x| { x.retain(|y| *y != d); if on { x.push(d); x.sort_by_key(|w| w.num_days_from_monday()); } });
                            }/>{label}</label>
                        }).collect_view()}
                    </div>
                    <div class="field-row">
                        <div class="field"><label for="from">"From"</label><input id="from" type="time" prop:value=from on:input=move |ev| from.set(event_target_value(&ev))/></div>
                        <div class="field"><label for="until">"Until"</label><input id="until" type="time" prop:value=until on:input=move |ev| until.set(event_target_value(&ev))/></div>
                    </div>
                </Show>
                <Show when=move || preset.get() == Preset::Temporary>
                    <div class="field-row">
                        <div class="field"><label for="day">"Day"</label><input id="day" type="date" prop:value=day on:input=move |ev| day.set(event_target_value(&ev))/></div>
                        <div class="field"><label for="day-until">"Until"</label><input id="day-until" type="time" prop:value=day_until on:input=move |ev| day_until.set(event_target_value(&ev))/></div>
                    </div>
                </Show>
                <p id="schedule-summary" class="hint" aria-live="polite">{move || schedule.get().ok().map(|(s, _)| summary(&s, today()))}</p>
                <p id="schedule-error" class="field-error" role="alert">{move || schedule.get().err().or_else(field_error("schedule"))}</p>
            </fieldset>

            <ErrorMessage error=error/>
            <button class="button button-primary" type="submit" disabled=move || saving.get()>
                {move || if saving.get() { "Saving…" } else { "Add person and code" }}
            </button>
        </form>
    }
}
