//! Checks what a backend says about the lock's side of a code: once a code is
//! `set`, the door's sync state may say which slot holds it and whether the
//! lock holds it now. Both fields are optional in the contract; a backend that
//! sends them must make them agree with each other and with the lock.

use latchkey_core::{lock::Lock, sync::SyncState};
use serde_json::json;

use crate::{client::unique, expect::CheckResult, hardening::Context};

/// The door's sync states.
async fn door_sync(cx: &Context<'_>) -> Result<Vec<SyncState>, String> {
    let answer = cx
        .client
        .get(&format!("/api/v1/locks/{}/sync", cx.door_id))
        .await?;
    if answer.status != 200 {
        return Err(format!(
            "the door's sync answered {}: {}",
            answer.status, answer.body
        ));
    }
    serde_json::from_value(answer.body)
        .map_err(|e| format!("the door's sync does not match the contract: {e}"))
}

pub async fn check_slots_and_on_lock(cx: &Context<'_>) -> CheckResult {
    let lock: Lock = serde_json::from_value(
        cx.client
            .get(&format!("/api/v1/locks/{}", cx.door_id))
            .await?
            .body,
    )
    .map_err(|e| format!("the door does not match the contract: {e}"))?;
    let person = cx
        .client
        .send(
            "POST",
            &format!("/api/v1/sites/{}/people", cx.site_id),
            Some(json!({"name": unique("Kit slot"), "kind": "guest"})),
            &[("idempotency-key", &unique("kit-slot-person"))],
        )
        .await?;
    let person_id = person.body["id"]
        .as_str()
        .ok_or("creating a person gave no id")?
        .to_owned();
    let created = cx
        .client
        .send(
            "POST",
            "/api/v1/codes",
            Some(json!({"person_id": person_id, "name": "Kit slot", "pin": {"choice": "generate", "length": 6},
                "doors": [cx.door_id], "schedule": {"starts_at": null, "ends_at": null}, "preset": "permanent"})),
            &[("idempotency-key", &unique("kit-slot-code"))],
        )
        .await?;
    let code_id = created.body["id"]
        .as_str()
        .ok_or(format!("creating a code answered {}", created.status))?
        .to_owned();
    // The lock takes its radio time; a reachable door gets there within half a minute.
    let mut mine = None;
    for _ in 0..300 {
        let states = door_sync(cx).await?;
        if let Some(state) = states.iter().find(|s| {
            s.code_id.as_str() == code_id && s.status == latchkey_core::sync::SyncStatus::Set
        }) {
            mine = Some((state.clone(), states));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let Some((state, states)) = mine else {
        return Err("a new code on a reachable door never became set".into());
    };
    if lock.capabilities.keeps_schedules && state.on_lock == Some(false) {
        return Err(
            "a set, always-on code on a lock that keeps schedules says it is not on the lock"
                .into(),
        );
    }
    if let Some(slot) = state.slot {
        if slot == 0 || slot > lock.capabilities.slots {
            return Err(format!(
                "slot {slot} is outside the lock's {} slots",
                lock.capabilities.slots
            ));
        }
        let shared = states
            .iter()
            .filter(|s| s.on_lock == Some(true) && s.slot == Some(slot))
            .count();
        if shared > 1 {
            return Err(format!(
                "{shared} codes on the lock say they use slot {slot}"
            ));
        }
    }
    cx.client
        .send("DELETE", &format!("/api/v1/people/{person_id}"), None, &[])
        .await?;
    Ok(())
}
