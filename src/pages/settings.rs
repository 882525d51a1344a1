//! The Settings page (`/settings`): which backend the app talks to (with a
//! connection test), the signed-in account, and each site's code policy.

use latchkey_core::{
    keypad::KeypadLockout,
    site::{CodePolicy, RevealPolicy, Site},
};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError},
    components::{error_message::ErrorMessage, page::Page, require_session::RequireSession},
    state::session::{Session, use_session},
};

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Page title="Settings">
            <BackendSettings/>
            <RequireSession stay=true>
                <AccountSettings/>
                <SitePolicies/>
            </RequireSession>
        </Page>
    }
}

/// The backend's address, saved in this browser, and a connection test.
#[component]
fn BackendSettings() -> impl IntoView {
    let url = RwSignal::new(api::http::base_url());
    let result = RwSignal::new(None::<Result<String, String>>);
    let test = move |_| {
        let candidate = url.get_untracked();
        result.set(None);
        spawn_local(async move {
            let shown = if candidate.trim().is_empty() {
                "this site".to_owned()
            } else {
                candidate.trim().to_owned()
            };
            result.set(Some(match api::get_health(Some(&candidate)).await {
                Ok(health) if health.is_ok() => Ok(format!(
                    "Connected: {} {} answers at {shown}.",
                    health.service, health.version
                )),
                Ok(health) => Err(format!(
                    "The backend at {shown} says it is {}.",
                    health.status
                )),
                Err(ApiError::Unreachable) => Err(format!(
                    "Nothing answers at {shown}. Check the address and that the server runs."
                )),
                Err(err) => Err(err.message()),
            }));
        });
    };
    let save = move |_| {
        api::http::set_base_url(&url.get_untracked());
        result.set(Some(Ok("Saved. The app now talks to this backend.".into())));
    };
    view! {
        <section class="settings-section" aria-labelledby="backend-title">
            <h2 id="backend-title">"Backend"</h2>
            <div class="field">
                <label for="backend-url">"Backend address"</label>
                <input id="backend-url" type="url" placeholder="Leave empty to use this site" aria-describedby="backend-hint backend-result"
                    prop:value=url on:input=move |ev| url.set(event_target_value(&ev))/>
                <p id="backend-hint" class="hint">"Any server that speaks the Latchkey REST contract. Empty means the server this page came from."</p>
            </div>
            <div class="actions">
                <button class="button" on:click=test>"Test connection"</button>
                <button class="button button-primary" on:click=save>"Save"</button>
            </div>
            <p id="backend-result" role="status" class=move || match result.get() { Some(Err(_)) => "field-error", _ => "ok-text" }>
                {move || result.get().map(|r| r.unwrap_or_else(|e| e))}
            </p>
        </section>
    }
}

/// Who is signed in, and signing out.
#[component]
fn AccountSettings() -> impl IntoView {
    let session = use_session();
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = api::log_out().await;
            session.0.set(Session::SignedOut);
        });
    };
    view! {
        <section class="settings-section" aria-labelledby="account-title">
            <h2 id="account-title">"Account"</h2>
            {move || session.account().map(|account| view! {
                <p>{format!("Signed in as {} ({}), {}.", account.display_name, account.username, match account.role {
                    latchkey_core::account::Role::Homeowner => "homeowner",
                    latchkey_core::account::Role::PropertyManager => "property manager",
                })}</p>
            })}
            <button class="button" on:click=sign_out>"Sign out"</button>
        </section>
    }
}

/// With more sites than this, one site's policy shows at a time, chosen from a list.
const POLICY_FORMS_AT_ONCE: usize = 5;

/// Every site's code policy, each with its own form (one at a time, picked
/// from a list, for a large portfolio).
#[component]
fn SitePolicies() -> impl IntoView {
    let resource = LocalResource::new(api::sites);
    let chosen = RwSignal::new(0usize);
    view! {
        <section class="settings-section" aria-labelledby="policies-title">
            <h2 id="policies-title">"Code policy per site"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading sites…"</p> }>
                {move || resource.get().map(|r| match r {
                    Ok(sites) if sites.len() <= POLICY_FORMS_AT_ONCE => {
                        sites.into_iter().map(|site| view! { <PolicyForm site=site/> }).collect_view().into_any()
                    }
                    Ok(sites) => {
                        let names: Vec<String> = sites.iter().map(|s| s.name.clone()).collect();
                        let list = StoredValue::new(sites);
                        view! {
                            <div class="field">
                                <label for="policy-site">"Site"</label>
                                <select id="policy-site" on:change=move |ev| {
                                    chosen.set(event_target_value(&ev).parse().unwrap_or(0));
                                    resource.refetch(); // what was saved for it meanwhile
                                }>
                                    {names.into_iter().enumerate().map(|(i, name)| view! {
                                        <option value=i.to_string() selected=move || chosen.get() == i>{name}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            {move || list.with_value(|list| list.get(chosen.get()).cloned()).map(|site| view! { <PolicyForm site=site/> })}
                        }.into_any()
                    }
                    Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// One site's policy: PIN lengths, custom PINs, reveal, keypad lockout.
#[component]
fn PolicyForm(site: Site) -> impl IntoView {
    let id = site.id.clone();
    let lengths = RwSignal::new(site.policy.pin_lengths.clone());
    let custom = RwSignal::new(site.policy.custom_pins);
    let reveal = RwSignal::new(site.policy.reveal == RevealPolicy::Admins);
    let wrong = RwSignal::new(site.policy.keypad_lockout.wrong_codes.to_string());
    let seconds = RwSignal::new(site.policy.keypad_lockout.lockout_seconds.to_string());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let prefix = format!("policy-{}", site.id);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let (Ok(wrong_codes), Ok(lockout_seconds)) = (
            wrong.get_untracked().trim().parse::<u8>(),
            seconds.get_untracked().trim().parse::<u32>(),
        ) else {
            error.set(Some(ApiError::Backend {
                status: 422,
                code: latchkey_core::error::ErrorCode::Invalid,
                message: "Enter whole numbers for the keypad lockout.".into(),
                field: Some("policy.keypad_lockout".into()),
            }));
            return;
        };
        let mut pin_lengths = lengths.get_untracked();
        pin_lengths.sort_unstable();
        let policy = CodePolicy {
            pin_lengths,
            custom_pins: custom.get_untracked(),
            reveal: if reveal.get_untracked() {
                RevealPolicy::Admins
            } else {
                RevealPolicy::Never
            },
            keypad_lockout: KeypadLockout {
                wrong_codes,
                lockout_seconds,
            },
        };
        let id = id.clone();
        spawn_local(async move {
            // Read the current version, then change it: a change made meanwhile is not overwritten.
            let result = match api::site(&id).await {
                Ok((_, etag)) => api::update_site_policy(&id, &etag, &policy)
                    .await
                    .map(|_| ()),
                Err(err) => Err(err),
            };
            match result {
                Ok(()) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let length_box = move |len: u8| {
        let input_id = format!("{prefix}-len-{len}");
        let label_for = input_id.clone();
        view! {
            <label class="check" for=label_for>
                <input id=input_id type="checkbox" prop:checked=move || lengths.with(|l| l.contains(&len))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        lengths.update(|l| { l.retain(|&x| x != len); if on { l.push(len); } });
                    }/>
                {format!("{len} digits")}
            </label>
        }
    };
    let prefix2 = format!("policy-{}", site.id);
    view! {
        <form class="form policy-form" on:submit=save aria-label=format!("Code policy for {}", site.name)>
            <h3>{site.name.clone()}</h3>
            <fieldset>
                <legend>"Allowed PIN lengths"</legend>
                {[4u8, 5, 6, 7, 8].into_iter().map(length_box).collect_view()}
            </fieldset>
            <label class="check" for=format!("{prefix2}-custom")>
                <input id=format!("{prefix2}-custom") type="checkbox" prop:checked=custom on:change=move |ev| custom.set(event_target_checked(&ev))/>
                "People may choose their own PIN"
            </label>
            <label class="check" for=format!("{prefix2}-reveal")>
                <input id=format!("{prefix2}-reveal") type="checkbox" prop:checked=reveal on:change=move |ev| reveal.set(event_target_checked(&ev))/>
                "Admins may reveal a PIN (each reveal is recorded)"
            </label>
            <div class="field-row">
                <div class="field">
                    <label for=format!("{prefix2}-wrong")>"Wrong codes before the keypad locks"</label>
                    <input id=format!("{prefix2}-wrong") inputmode="numeric" prop:value=wrong on:input=move |ev| wrong.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=format!("{prefix2}-seconds")>"Lockout (seconds)"</label>
                    <input id=format!("{prefix2}-seconds") inputmode="numeric" prop:value=seconds on:input=move |ev| seconds.set(event_target_value(&ev))/>
                </div>
            </div>
            <ErrorMessage error=error/>
            <p role="status" class="ok-text">{move || saved.get().then_some("Saved.")}</p>
            <button class="button button-primary" type="submit">{format!("Save policy for {}", site.name)}</button>
        </form>
    }
}
