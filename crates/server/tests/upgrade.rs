//! A store written before the lock drivers (the simulator's state on the lock
//! rows, no slots) opens with nothing lost: its lock becomes a simulated
//! device holding the code it held, and the code still opens the door.

use latchkey_server::{
    Config,
    db::StoreLocation,
    drivers::{DeviceRef, sim::keypad::type_pin},
    open,
};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../latchkey-core/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

/// The old store: one site, one door (with the old `sim` column), one person
/// and their code on that door, already set.
fn write_old_store(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(include_str!("fixtures/schema-before-drivers.sql"))
        .unwrap();
    let site = fixture("site");
    let mut lock: serde_json::Value = serde_json::from_str(&fixture("lock")).unwrap();
    // The old contract had no capability flags.
    for flag in ["keeps_schedules", "reads_back_pins", "reports_wrong_digits"] {
        lock["capabilities"].as_object_mut().unwrap().remove(flag);
    }
    lock["pending_command"] = serde_json::Value::Null;
    let mut code: serde_json::Value = serde_json::from_str(&fixture("access_code")).unwrap();
    code["doors"] = serde_json::json!(["lock-front"]);
    code["schedule"] = serde_json::json!({"starts_at": null, "ends_at": null, "weekly": [], "exceptions": [], "use_limit": null});
    conn.execute(
        "INSERT INTO sites (id, name, data) VALUES ('site-maple', 'Maple Street', ?1)",
        [site],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO locks (id, site_id, sort_key, state, data, sim) VALUES ('lock-front', 'site-maple', 'front door', 'locked', ?1,
         '{\"phone_in_range\":false,\"consecutive_wrong\":0,\"battery\":87.0,\"battery_low_reported\":false}')",
        [lock.to_string()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO people (id, site_id, sort_key, data) VALUES ('person-walker', 'site-maple', 'sam', ?1)",
        [fixture("person")],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO codes (id, site_id, person_id, pin, data) VALUES ('code-walker', 'site-maple', 'person-walker', '4826', ?1)",
        [code.to_string()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO code_locks (code_id, lock_id, wanted, status, due_at, pending_since, updated_at)
         VALUES ('code-walker', 'lock-front', 1, 'set', 9223372036854775807, 0, '2026-11-20T08:30:00Z')",
        [],
    )
    .unwrap();
    // Seeded long ago: the demo data is not added again.
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('seeded', '2026-11-01T10:00:00Z')",
        [],
    )
    .unwrap();
}

#[tokio::test]
async fn a_store_from_before_the_drivers_opens_with_its_codes_on_their_locks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    write_old_store(&path);
    let mut config = Config::for_tests(dir.path().to_path_buf());
    config.store = StoreLocation::File(path);
    let state = open(&config).unwrap();

    let (driver, held, slot): (String, bool, Option<u16>) = state
        .db
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT l.driver, cl.held, cl.slot FROM locks l JOIN code_locks cl ON cl.lock_id = l.id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!((driver.as_str(), held, slot), ("sim", true, Some(1)));

    let entry = type_pin(
        &state.simulator,
        &DeviceRef("lock-front".into()),
        &latchkey_core::pin::Pin::parse("4826").unwrap(),
    )
    .unwrap();
    assert!(
        entry.opened,
        "the code the old store held still opens the door"
    );
    let uses: u32 = state
        .db
        .read(|conn| {
            Ok(
                conn.query_row("SELECT json_extract(data, '$.uses') FROM codes", [], |r| {
                    r.get(0)
                })?,
            )
        })
        .unwrap();
    assert_eq!(uses, 13, "the use is counted on the code");
}
