//! The people's side of the store: what the people use cases ask of it.

use chrono::NaiveDateTime;
use latchkey_core::{
    ids::{PersonId, SiteId},
    person::Person,
};
use rusqlite::{Connection, params};

use crate::{
    error::ApiResult,
    records::{CodeRow, PersonRow, codes_of_person, insert_person, load_person, with_status},
    store::ids_json,
};

/// How many codes and doors a person has, and how many door changes are
/// failing or still on their way.
pub struct PersonCounts {
    pub codes: u32,
    pub doors: u32,
    pub failed: u32,
    pub pending: u32,
}

/// What the people use cases read and write.
pub trait PeopleStore {
    /// The people (not deleted) of `sites`, or of `only` among them, in name order.
    fn people_at(
        &self,
        sites: &[SiteId],
        only: Option<&SiteId>,
    ) -> ApiResult<Vec<(PersonId, SiteId)>>;
    /// A person who has not been deleted (404 otherwise).
    fn person(&self, id: &PersonId) -> ApiResult<PersonRow>;
    /// The person with their status at the site's local time `local_now`.
    fn person_now(&self, row: PersonRow, local_now: NaiveDateTime) -> ApiResult<Person>;
    fn person_counts(&self, id: &PersonId) -> ApiResult<PersonCounts>;
    fn insert_person(&self, person: &Person, paused: bool) -> ApiResult<()>;
    /// Marks a person deleted: their history stays.
    fn mark_person_deleted(&self, id: &PersonId) -> ApiResult<()>;
    /// A person's codes that have not been deleted.
    fn codes_of_person(&self, id: &PersonId) -> ApiResult<Vec<CodeRow>>;
}

impl PeopleStore for Connection {
    fn people_at(
        &self,
        sites: &[SiteId],
        only: Option<&SiteId>,
    ) -> ApiResult<Vec<(PersonId, SiteId)>> {
        Ok(self
            .prepare(
                "SELECT id, site_id FROM people WHERE deleted = 0 AND site_id IN (SELECT value FROM json_each(?1))
                 AND (?2 IS NULL OR site_id = ?2) ORDER BY sort_key",
            )?
            .query_map(params![ids_json(sites), only.map(SiteId::as_str)], |r| {
                Ok((PersonId(r.get(0)?), SiteId(r.get(1)?)))
            })?
            .collect::<Result<_, _>>()?)
    }

    fn person(&self, id: &PersonId) -> ApiResult<PersonRow> {
        load_person(self, id)
    }

    fn person_now(&self, row: PersonRow, local_now: NaiveDateTime) -> ApiResult<Person> {
        with_status(self, row, local_now)
    }

    fn person_counts(&self, id: &PersonId) -> ApiResult<PersonCounts> {
        Ok(self.prepare_cached(
            "SELECT (SELECT COUNT(*) FROM codes WHERE person_id = ?1 AND deleted = 0),
                    COUNT(DISTINCT cl.lock_id) FILTER (WHERE cl.wanted = 1),
                    COUNT(*) FILTER (WHERE cl.status = 'failed'),
                    COUNT(*) FILTER (WHERE cl.status IN ('pending', 'setting', 'removing'))
             FROM code_locks cl JOIN codes c ON c.id = cl.code_id WHERE c.person_id = ?1 AND c.deleted = 0",
        )?
        .query_row([id.as_str()], |r| {
            Ok(PersonCounts { codes: r.get(0)?, doors: r.get(1)?, failed: r.get(2)?, pending: r.get(3)? })
        })?)
    }

    fn insert_person(&self, person: &Person, paused: bool) -> ApiResult<()> {
        insert_person(self, person, paused)
    }

    fn mark_person_deleted(&self, id: &PersonId) -> ApiResult<()> {
        self.execute(
            "UPDATE people SET deleted = 1, version = version + 1 WHERE id = ?1",
            [id.as_str()],
        )?;
        Ok(())
    }

    fn codes_of_person(&self, id: &PersonId) -> ApiResult<Vec<CodeRow>> {
        codes_of_person(self, id)
    }
}
