//! The people use cases: list with search and filters (and the People page's
//! overview), read, create, change, delete (their codes come off every door)
//! and pause or resume (their codes come off, or go back on, every door).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use latchkey_core::{
    event::EventKind,
    ids::{PersonId, SiteId},
    paging::{Page, PageQuery},
    person::{NewPerson, Person, PersonChange, PersonKind, PersonOverview, PersonStatus},
    site::Site,
};
use serde::Deserialize;

use crate::{
    auth::Auth,
    db::{Write, new_id},
    drivers::sync_rows::{refresh_lock_counts, want_off, want_on},
    error::{ApiError, ApiResult},
    event_log::user_event,
    input::clean_name,
    records::{PersonRow, save_person, site_local_now, sort_key},
    service::{codes::remove_code, paging::page_in_memory, versioned, visible::visible_person},
    store::{people::PeopleStore, sites::SiteStore},
};

/// Filters of `GET /people`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleFilter {
    pub site_id: Option<SiteId>,
    pub q: Option<String>,
    pub kind: Option<PersonKind>,
    pub status: Option<PersonStatus>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The people matching a filter, with their status, in name order.
fn matching_people(
    store: &(impl PeopleStore + SiteStore),
    auth: &Auth,
    filter: &PeopleFilter,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Person>> {
    let q = filter
        .q
        .as_deref()
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let mut sites: HashMap<SiteId, Site> = HashMap::new();
    let mut people = Vec::new();
    for (id, site_id) in store.people_at(auth.sites(), filter.site_id.as_ref())? {
        let row = store.person(&id)?;
        if q.as_ref()
            .is_some_and(|q| !row.person.name.to_lowercase().contains(q.as_str()))
        {
            continue;
        }
        if filter.kind.is_some_and(|kind| kind != row.person.kind) {
            continue;
        }
        if !sites.contains_key(&site_id) {
            let (site, _) = store.site(&site_id)?;
            sites.insert(site_id.clone(), site);
        }
        let person = store.person_now(row, site_local_now(&sites[&site_id], now))?;
        if filter.status.is_some_and(|status| status != person.status) {
            continue;
        }
        people.push(person);
    }
    Ok(people)
}

fn paging(filter: &PeopleFilter) -> PageQuery {
    PageQuery {
        limit: filter.limit,
        cursor: filter.cursor.clone(),
    }
}

/// One page of the people matching `filter`, in name order.
pub fn list(
    store: &(impl PeopleStore + SiteStore),
    auth: &Auth,
    filter: &PeopleFilter,
    now: DateTime<Utc>,
) -> ApiResult<Page<Person>> {
    let people = matching_people(store, auth, filter, now)?;
    Ok(page_in_memory(people, &paging(filter), |p| {
        sort_key(&p.name, p.id.as_str())
    }))
}

/// The People page: each person with how many codes and doors they have and
/// how many of those are failing or still on their way.
pub fn overview(
    store: &(impl PeopleStore + SiteStore),
    auth: &Auth,
    filter: &PeopleFilter,
    now: DateTime<Utc>,
) -> ApiResult<Page<PersonOverview>> {
    let people = matching_people(store, auth, filter, now)?;
    let page = page_in_memory(people, &paging(filter), |p| {
        sort_key(&p.name, p.id.as_str())
    });
    let items = page
        .items
        .into_iter()
        .map(|person| {
            let counts = store.person_counts(&person.id)?;
            Ok(PersonOverview {
                person,
                codes: counts.codes,
                doors: counts.doors,
                failed: counts.failed,
                pending: counts.pending,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// A person with their status now, and the version their ETag names.
pub fn with_status_now(
    store: &(impl PeopleStore + SiteStore),
    row: PersonRow,
    now: DateTime<Utc>,
) -> ApiResult<(Person, i64)> {
    let (site, _) = store.site(&row.person.site_id)?;
    let version = row.version;
    Ok((store.person_now(row, site_local_now(&site, now))?, version))
}

/// One person `auth` may see.
pub fn get(
    store: &(impl PeopleStore + SiteStore),
    auth: &Auth,
    id: &PersonId,
    now: DateTime<Utc>,
) -> ApiResult<(Person, i64)> {
    let row = store.person(id)?;
    auth.check_site(&row.person.site_id)
        .map_err(|_| ApiError::not_found("person"))?;
    with_status_now(store, row, now)
}

/// What a new person's form holds, checked: (name, phone, e-mail).
pub fn check_new(new: &NewPerson) -> ApiResult<(String, Option<String>, Option<String>)> {
    let name = clean_name(&new.name, "name")?;
    let (phone, email) = clean_contact(new.phone.clone(), new.email.clone())?;
    Ok((name, phone, email))
}

/// Stores a new person at `site` from what [`check_new`] answered.
pub fn create(
    store: &(impl PeopleStore + SiteStore),
    site: &SiteId,
    (name, phone, email): (String, Option<String>, Option<String>),
    new: &NewPerson,
    now: DateTime<Utc>,
) -> ApiResult<Person> {
    store.site(site)?;
    let person = Person {
        id: PersonId(new_id("person")),
        site_id: site.clone(),
        name,
        kind: new.kind,
        phone,
        email,
        status: PersonStatus::Active,
        created_at: now,
        updated_at: now,
    };
    store.insert_person(&person, false)?;
    Ok(person)
}

/// Changes a person's name, kind or contact, if `if_match` names their current version.
pub fn change(
    w: &mut Write<'_>,
    auth: &Auth,
    id: &PersonId,
    if_match: &crate::safe_writes::IfMatch,
    change: &PersonChange,
    now: DateTime<Utc>,
) -> ApiResult<(Person, i64)> {
    let name = change
        .name
        .as_deref()
        .map(|n| clean_name(n, "name"))
        .transpose()?;
    let (row, ()) = versioned::update::<PersonRow, _>(w, auth, id, if_match, now, |_, row| {
        let phone = change.phone.clone().or(row.person.phone.clone());
        let email = change.email.clone().or(row.person.email.clone());
        let (phone, email) = clean_contact(phone, email)?;
        if let Some(name) = name {
            row.person.name = name;
        }
        if let Some(kind) = change.kind {
            row.person.kind = kind;
        }
        row.person.phone = phone;
        row.person.email = email;
        Ok(())
    })?;
    with_status_now(&**w, row, now)
}

/// Deletes a person: every code of theirs comes off every door; their
/// history stays in the activity.
pub fn delete(w: &mut Write<'_>, auth: &Auth, id: &PersonId, now: DateTime<Utc>) -> ApiResult<()> {
    visible_person(w, auth, id)?;
    for code in w.codes_of_person(id)? {
        remove_code(w, auth, &code, now)?;
    }
    w.mark_person_deleted(id)
}

/// Pauses (their codes stop working everywhere) or resumes a person.
pub fn set_paused(
    w: &mut Write<'_>,
    auth: &Auth,
    id: &PersonId,
    paused: bool,
    now: DateTime<Utc>,
) -> ApiResult<(Person, i64)> {
    let mut row = visible_person(w, auth, id)?;
    if row.paused == paused {
        return with_status_now(&**w, row, now);
    }
    row.paused = paused;
    save_person(w, &mut row, now)?;
    // Pausing takes the person's codes off every lock; resuming puts them back.
    for code in w.codes_of_person(id)? {
        for lock in &code.code.doors {
            if paused {
                want_off(w, &code.code.id, lock, now)?;
            } else {
                want_on(w, &code.code.id, lock, now)?;
            }
            refresh_lock_counts(w, lock, now)?;
        }
    }
    let kind = if paused {
        EventKind::PersonPaused
    } else {
        EventKind::PersonResumed
    };
    let mut event = user_event(auth, &row.person.site_id, kind, now);
    event.person_id = Some(id.clone());
    crate::event_log::record(w, event)?;
    with_status_now(&**w, row, now)
}

fn clean_contact(
    phone: Option<String>,
    email: Option<String>,
) -> ApiResult<(Option<String>, Option<String>)> {
    let phone = phone.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty());
    let email = email.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
    if let Some(phone) = &phone {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        if digits < 5
            || phone.len() > 32
            || !phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        {
            return Err(ApiError::invalid(
                "Enter a phone number with digits, spaces, +, - or ( ).",
            )
            .field("phone"));
        }
    }
    if let Some(email) = &email {
        let valid = email.len() <= 254
            && email.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
            })
            && !email.chars().any(char::is_whitespace);
        if !valid {
            return Err(
                ApiError::invalid("Enter an e-mail address like name@example.com.").field("email"),
            );
        }
    }
    Ok((phone, email))
}
