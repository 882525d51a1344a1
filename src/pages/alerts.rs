//! The Alerts page (`/alerts`): the inbox of alerts that fired (unread first
//! marked), browser notifications (asked for only when the user clicks), and
//! each site's alert rules in name order — add, turn on or off, remove.

use latchkey_core::{
    alert::{Alert, AlertChannel, AlertRule, AlertTrigger},
    ids::SiteId,
};
use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError},
    components::{error_message::ErrorMessage, page::Page, require_session::RequireSession},
    schedule_text::site_time,
    site_zones::use_zone_labels,
    state::{alerts::use_alerts, live::use_live},
};

#[component]
pub fn AlertsPage() -> impl IntoView {
    view! {
        <Page title="Alerts">
            <RequireSession>
                <Inbox/>
                <NotificationsSwitch/>
                <Rules/>
            </RequireSession>
        </Page>
    }
}

#[component]
fn Inbox() -> impl IntoView {
    let alerts = use_alerts();
    let live = use_live();
    let refresh = RwSignal::new(0u64);
    let error = RwSignal::new(None::<ApiError>);
    // New alerts arrive with the stream; the inbox follows.
    Effect::new(move |_| {
        let fired = live
            .batch
            .with(|b| b.iter().any(|e| e.kind.name() == "alert_fired"));
        if fired {
            refresh.update(|n| *n += 1);
        }
    });
    let inbox = LocalResource::new(move || {
        refresh.track();
        live.reload.track();
        api::alerts(false)
    });
    // Where the account's sites are in different zones, each time says which.
    let zones = use_zone_labels();
    let read = move |id: Option<Alert>| {
        spawn_local(async move {
            match api::mark_alerts_read(id.as_ref().map(|a| &a.id)).await {
                Ok(()) => {
                    refresh.update(|n| *n += 1);
                    alerts.refresh();
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <section aria-labelledby="inbox-title">
            <div class="section-head">
                <h2 id="inbox-title">{move || match alerts.unread.get() { 0 => "Inbox".to_owned(), n => format!("Inbox ({n} unread)") }}</h2>
                <button class="button" disabled=move || alerts.unread.get() == 0 on:click=move |_| read(None)>"Mark all read"</button>
            </div>
            <ErrorMessage error=error/>
            <Transition fallback=|| view! { <p role="status">"Loading alerts…"</p> }>
                {move || inbox.get().map(|r| match r {
                    Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <p class="empty">"No alerts yet. They appear here, and as a notice on any page, when a rule below matches."</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="alert-list">
                            {page.items.into_iter().map(|alert| {
                                let unread = !alert.read;
                                let item = alert.clone();
                                let (local_at, at, site) = (alert.local_at, alert.at, alert.site_id.clone());
                                let when = move || match zones.with(|z| z.get(&site).cloned()) {
                                    Some(zone) => format!("{} {zone}", site_time(local_at, at)),
                                    None => site_time(local_at, at),
                                };
                                view! {
                                    <li class="alert-item" class:alert-unread=unread>
                                        <strong>{alert.rule_name.clone()}</strong>
                                        <span>{alert.message.clone()}</span>
                                        <time datetime=alert.at.to_rfc3339()>{when}</time>
                                        {alert.lock_id.clone().map(|id| view! {
                                            <a href=format!("/doors/{id}") class="link-target" aria-label=format!("See the door: {}", alert.rule_name)>"See the door"</a>
                                        })}
                                        {unread.then(|| view! {
                                            <button class="button" aria-label=format!("Mark read: {}", alert.rule_name) on:click=move |_| read(Some(item.clone()))>"Mark read"</button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// Browser notifications: the permission is asked only when the user clicks.
#[component]
fn NotificationsSwitch() -> impl IntoView {
    use web_sys::{Notification, NotificationPermission};
    let permission = RwSignal::new(Notification::permission());
    let ask = move |_| {
        if let Ok(promise) = Notification::request_permission() {
            spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                permission.set(Notification::permission());
            });
        }
    };
    view! {
        <section aria-labelledby="notify-title">
            <h2 id="notify-title">"Browser notifications"</h2>
            {move || match permission.get() {
                NotificationPermission::Granted => view! { <p>"On: alerts also show as notifications from this browser."</p> }.into_any(),
                NotificationPermission::Denied => view! { <p>"Blocked in this browser's settings. Alerts still show here and as notices on any page."</p> }.into_any(),
                _ => view! { <button class="button" on:click=ask>"Allow browser notifications"</button> }.into_any(),
            }}
        </section>
    }
}

/// A rule's trigger in words.
fn trigger_text(trigger: &AlertTrigger, people: &[(String, String)]) -> String {
    match trigger {
        AlertTrigger::CodeUsed { person_id } => {
            let name = people
                .iter()
                .find(|(id, _)| id == person_id.as_str())
                .map(|(_, n)| n.as_str())
                .unwrap_or("someone");
            format!("{name}'s code opens a door")
        }
        AlertTrigger::FirstUseOfGuestCode => "A guest code is used for the first time".into(),
        AlertTrigger::WrongCodes { count, minutes, .. } => {
            format!("{count} wrong codes at a door within {minutes} min")
        }
        AlertTrigger::LowBattery => "A battery runs low".into(),
        AlertTrigger::Offline => "A lock goes offline".into(),
        AlertTrigger::Jammed => "A lock jams".into(),
        AlertTrigger::CodeChanged => "A code is added, changed or removed".into(),
        AlertTrigger::DoorWithoutCodes => "A door is left with no codes".into(),
        AlertTrigger::CodeStuckOnLock => "A code cannot be taken off a lock".into(),
    }
}

fn channels_text(channels: &[AlertChannel]) -> String {
    let mut parts = vec!["in the app".to_owned()];
    for channel in channels {
        parts.push(match channel {
            AlertChannel::BrowserNotification => "browser notification".to_owned(),
            AlertChannel::Sms { to } => format!("SMS to {to}"),
            AlertChannel::Email { to } => format!("e-mail to {to}"),
        });
    }
    parts.join(", ")
}

#[component]
fn Rules() -> impl IntoView {
    let sites = LocalResource::new(api::sites);
    let site = RwSignal::new(None::<SiteId>);
    Effect::new(move |_| {
        if site.get_untracked().is_none()
            && let Some(Ok(list)) = sites.get()
        {
            site.set(list.first().map(|s| s.id.clone()));
        }
    });
    let refresh = RwSignal::new(0u64);
    let error = RwSignal::new(None::<ApiError>);
    let rules = LocalResource::new(move || {
        refresh.track();
        let site = site.get();
        async move {
            match site {
                Some(site) => {
                    let mut rules = api::alert_rules(&site).await?;
                    // In name order (any case), as the list says.
                    rules.sort_by_cached_key(|r| (r.name.to_lowercase(), r.id.to_string()));
                    let people = api::people_at_site(&site).await?;
                    Ok::<_, ApiError>((
                        rules,
                        people
                            .into_iter()
                            .map(|p| (p.id.to_string(), p.name))
                            .collect::<Vec<_>>(),
                    ))
                }
                None => Ok((Vec::new(), Vec::new())),
            }
        }
    });
    let toggle = move |rule: AlertRule| {
        spawn_local(async move {
            match api::set_alert_rule_enabled(&rule.id, !rule.enabled).await {
                Ok(()) => refresh.update(|n| *n += 1),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let remove = move |rule: AlertRule| {
        spawn_local(async move {
            match api::delete_alert_rule(&rule.id).await {
                Ok(()) => refresh.update(|n| *n += 1),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <section aria-labelledby="rules-title">
            <h2 id="rules-title">"Rules"</h2>
            <Transition fallback=|| ()>
                {move || sites.get().and_then(|r| r.ok()).filter(|l| l.len() > 1).map(|list| view! {
                    <div class="field">
                        <label for="rules-site">"Site"</label>
                        <select id="rules-site" on:change=move |ev| site.set(Some(SiteId(event_target_value(&ev))))>
                            {list.into_iter().map(|s| {
                                let selected = site.get_untracked().as_ref() == Some(&s.id);
                                view! { <option value=s.id.to_string() selected=selected>{s.name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })}
            </Transition>
            <ErrorMessage error=error/>
            <Transition fallback=|| view! { <p role="status">"Loading rules…"</p> }>
                {move || rules.get().map(|r| match r {
                    Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                    Ok((rules, people)) => {
                        let people_for_form = people.clone();
                        let site_name = sites.get().and_then(|r| r.ok()).and_then(|list| {
                            let shown = site.get_untracked();
                            list.into_iter().find(|s| Some(&s.id) == shown.as_ref()).map(|s| s.name)
                        });
                        let order = site_name.filter(|_| !rules.is_empty()).map(|name| {
                            format!("{} at {name}, in name order.", crate::numbers::count(rules.len() as u64, "rule", "rules"))
                        });
                        view! {
                            {if rules.is_empty() { Some(view! { <p class="empty">"No rules yet: add one below."</p> }) } else { None }}
                            {order.map(|text| view! { <p class="hint">{text}</p> })}
                            <ul class="rule-list">
                                {rules.into_iter().map(|rule| {
                                    let (on, off) = (rule.clone(), rule.clone());
                                    view! {
                                        <li class="rule-item">
                                            <strong>{rule.name.clone()}</strong>
                                            <span>{trigger_text(&rule.trigger, &people)}</span>
                                            <span class="hint">{channels_text(&rule.channels)}</span>
                                            <label class="check">
                                                <input type="checkbox" prop:checked=rule.enabled on:change=move |_| toggle(on.clone())/>
                                                {format!("On: {}", rule.name)}
                                            </label>
                                            <button class="button" aria-label=format!("Remove rule {}", rule.name) on:click=move |_| remove(off.clone())>"Remove"</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {move || site.get().map(|site| view! { <NewRule site=site people=people_for_form.clone() on_added=Callback::new(move |()| refresh.update(|n| *n += 1))/> })}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// The form that adds a rule.
#[component]
fn NewRule(site: SiteId, people: Vec<(String, String)>, on_added: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("code_used".to_owned());
    let person = RwSignal::new(people.first().map(|(id, _)| id.clone()).unwrap_or_default());
    let count = RwSignal::new("5".to_owned());
    let minutes = RwSignal::new("10".to_owned());
    let notify = RwSignal::new(true);
    let sms = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let key = StoredValue::new(api::new_idempotency_key());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let trigger = match kind.get_untracked().as_str() {
            "code_used" => {
                serde_json::json!({"type": "code_used", "person_id": person.get_untracked()})
            }
            "wrong_codes" => {
                let (Ok(c), Ok(m)) = (
                    count.get_untracked().trim().parse::<u32>(),
                    minutes.get_untracked().trim().parse::<u32>(),
                ) else {
                    problem.set(Some(
                        "Enter whole numbers for the wrong codes and the minutes.".into(),
                    ));
                    return;
                };
                serde_json::json!({"type": "wrong_codes", "count": c, "minutes": m, "lock_id": null})
            }
            other => serde_json::json!({"type": other}),
        };
        let mut channels = Vec::new();
        if notify.get_untracked() {
            channels.push(serde_json::json!({"type": "browser_notification"}));
        }
        if !sms.get_untracked().trim().is_empty() {
            channels.push(serde_json::json!({"type": "sms", "to": sms.get_untracked().trim()}));
        }
        if !email.get_untracked().trim().is_empty() {
            channels.push(serde_json::json!({"type": "email", "to": email.get_untracked().trim()}));
        }
        let rule = serde_json::json!({"name": name.get_untracked().trim(), "trigger": trigger, "channels": channels});
        let site = site.clone();
        problem.set(None);
        spawn_local(async move {
            match api::create_alert_rule(&site, &rule, &key.get_value()).await {
                Ok(_) => {
                    key.set_value(api::new_idempotency_key());
                    name.set(String::new());
                    on_added.run(());
                }
                Err(err) if err.field().is_some() => problem.set(Some(err.message())),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let kinds = [
        ("code_used", "A person's code opens a door"),
        (
            "first_use_of_guest_code",
            "A guest code is used for the first time",
        ),
        ("wrong_codes", "Wrong codes at a door"),
        ("low_battery", "A battery runs low"),
        ("offline", "A lock goes offline"),
        ("jammed", "A lock jams"),
        ("code_changed", "A code is added, changed or removed"),
        ("door_without_codes", "A door is left with no codes"),
        ("code_stuck_on_lock", "A code cannot be taken off a lock"),
    ];
    view! {
        <form class="form rule-form" on:submit=submit novalidate>
            <h3>"Add a rule"</h3>
            <div class="field">
                <label for="rule-name">"Name"</label>
                <input id="rule-name" maxlength="100" aria-describedby="rule-problem" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="rule-kind">"When"</label>
                <select id="rule-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {kinds.into_iter().map(|(value, label)| view! { <option value=value selected=move || kind.get() == value>{label}</option> }).collect_view()}
                </select>
            </div>
            <Show when=move || kind.get() == "code_used">
                <div class="field">
                    <label for="rule-person">"Whose code"</label>
                    <select id="rule-person" on:change=move |ev| person.set(event_target_value(&ev))>
                        {people.iter().map(|(id, n)| {
                            let id = id.clone();
                            let selected = person.get_untracked() == id;
                            view! { <option value=id selected=selected>{n.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <Show when=move || kind.get() == "wrong_codes">
                <div class="field-row">
                    <div class="field"><label for="rule-count">"Wrong codes"</label><input id="rule-count" inputmode="numeric" prop:value=count on:input=move |ev| count.set(event_target_value(&ev))/></div>
                    <div class="field"><label for="rule-minutes">"Within minutes"</label><input id="rule-minutes" inputmode="numeric" prop:value=minutes on:input=move |ev| minutes.set(event_target_value(&ev))/></div>
                </div>
            </Show>
            <label class="check"><input type="checkbox" prop:checked=notify on:change=move |ev| notify.set(event_target_checked(&ev))/>"Browser notification"</label>
            <div class="field-row">
                <div class="field"><label for="rule-sms">"SMS to (optional)"</label><input id="rule-sms" type="tel" prop:value=sms on:input=move |ev| sms.set(event_target_value(&ev))/></div>
                <div class="field"><label for="rule-email">"E-mail to (optional)"</label><input id="rule-email" type="email" prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/></div>
            </div>
            <p id="rule-problem" class="field-error" role="alert">{move || problem.get()}</p>
            <ErrorMessage error=error/>
            <button class="button button-primary" type="submit">"Add rule"</button>
        </form>
    }
}
