//! A PIN typed at a lock's keypad: judged by latchkey-core's rules against the
//! site's codes and schedules, counted, and reported as an event.

use chrono::{DateTime, Duration, Utc};
use latchkey_core::{
    event::{Actor, DeniedReason, EventKind, Method},
    ids::{CodeId, LockId},
    keypad::{EnteredCode, KeypadVerdict, judge_entry},
    lock::LockState,
    pin::Pin,
};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::{
    code_sync::{now_ms, system_event},
    db::Write,
    error::ApiResult,
    records::{
        CodeRow, LockRow, load_code, load_person, load_site, save_code, save_lock, site_local_now,
    },
    sim::SimConfig,
};

/// What the keypad did with the entry.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct KeypadResult {
    pub opened: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<DeniedReason>,
    /// Set when this entry locked the keypad out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked_out_until: Option<DateTime<Utc>>,
}

/// Judges `pin` typed at `lock` now, updates the lock and the code, records the event.
pub fn enter_pin(
    w: &mut Write<'_>,
    config: &SimConfig,
    mut lock: LockRow,
    pin: &Pin,
    now: DateTime<Utc>,
) -> ApiResult<KeypadResult> {
    let (site, _) = load_site(w, &lock.lock.site_id)?;
    let code_id: Option<String> = w
        .query_row(
            "SELECT id FROM codes WHERE site_id = ?1 AND pin = ?2 AND deleted = 0",
            params![site.id.as_str(), pin.reveal()],
            |r| r.get(0),
        )
        .optional()?;
    let code = code_id.map(|id| load_code(w, &CodeId(id))).transpose()?;
    let person = code
        .as_ref()
        .map(|c| load_person(w, &c.code.person_id))
        .transpose()?;
    let held_by_lock = match &code {
        Some(c) => held(w, &c.code.id, &lock.lock.id)?,
        None => false,
    };
    let entered = code
        .as_ref()
        .zip(person.as_ref())
        .map(|(c, p)| EnteredCode {
            person_paused: p.paused,
            on_this_door: c.code.doors.contains(&lock.lock.id),
            held_by_lock,
            schedule: &c.code.schedule,
            uses: c.code.uses,
        });
    let verdict = judge_entry(
        lock.lock.keypad_locked_out(now),
        entered,
        site_local_now(&site, now),
    );

    let mut event = system_event(
        &site.id,
        EventKind::AccessDenied {
            reason: DeniedReason::WrongCode,
        },
        now,
    );
    event.lock_id = Some(lock.lock.id.clone());
    if let (Some(c), Some(p)) = (&code, &person) {
        event.code_id = Some(c.code.id.clone());
        event.person_id = Some(p.person.id.clone());
        event.actor = Some(Actor::Person {
            id: p.person.id.clone(),
            name: p.person.name.clone(),
        });
    }

    match verdict {
        KeypadVerdict::Opens => {
            let mut code = code.expect("a code opened the door");
            lock.sim.consecutive_wrong = 0;
            if config.auto_lock_ms > 0 {
                lock.sim.auto_lock_due_ms = Some(now_ms() + config.auto_lock_ms);
            }
            count_use(w, &mut code, now)?;
            event.kind = EventKind::Unlocked {
                method: Method::Keypad,
            };
            w.record(event)?;
            lock.lock.state = LockState::Unlocked;
            lock.lock.pending_command = None;
            save_lock(w, &mut lock, now)?;
            Ok(KeypadResult {
                opened: true,
                reason: None,
                locked_out_until: None,
            })
        }
        KeypadVerdict::Refused(reason) => {
            let mut locked_out_until = None;
            if reason == DeniedReason::WrongCode {
                lock.sim.consecutive_wrong += 1;
                // The lock's own lockout if it has one, else the site's.
                let rule = lock.lock.lockout_rule(site.policy.keypad_lockout);
                if rule.is_reached(lock.sim.consecutive_wrong) {
                    let until = now + Duration::seconds(i64::from(rule.lockout_seconds));
                    lock.sim.consecutive_wrong = 0;
                    lock.lock.keypad_locked_until = Some(until);
                    locked_out_until = Some(until);
                }
            }
            // The lock's state first: an alert about this entry says whether it locked the keypad.
            save_lock(w, &mut lock, now)?;
            event.kind = EventKind::AccessDenied { reason };
            w.record(event)?;
            if let Some(until) = locked_out_until {
                let mut lockout = system_event(&site.id, EventKind::KeypadLockout { until }, now);
                lockout.lock_id = Some(lock.lock.id.clone());
                w.record(lockout)?;
            }
            Ok(KeypadResult {
                opened: false,
                reason: Some(reason),
                locked_out_until,
            })
        }
    }
}

fn held(w: &Write<'_>, code: &CodeId, lock: &LockId) -> ApiResult<bool> {
    Ok(w.query_row(
        "SELECT EXISTS (SELECT 1 FROM code_locks WHERE code_id = ?1 AND lock_id = ?2 AND status IN ('set', 'removing'))",
        params![code.as_str(), lock.as_str()],
        |r| r.get(0),
    )?)
}

/// Counts a use of the code (use limits depend on it).
fn count_use(w: &Write<'_>, code: &mut CodeRow, now: DateTime<Utc>) -> ApiResult<()> {
    code.code.uses += 1;
    save_code(w, code, now)
}
