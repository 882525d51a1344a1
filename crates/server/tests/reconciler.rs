//! The lock driver boundary is real: the use cases and the reconciler run
//! against a driver of the test's own (in memory, a few lines), with no
//! simulator behind its locks. With it: hundreds of changes converge while
//! driver calls fail and locks drop off, with no code lost or duplicated, and a
//! lock that hangs never holds back another.

mod support;

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use async_trait::async_trait;
use chrono::Utc;
use latchkey_core::{
    ids::{LockId, SiteId},
    keypad::KeypadLockout,
    lock::{DoorPosition, Lock, LockCapabilities, LockState, PinLengthRange, Radio},
};
use latchkey_server::{
    drivers::{
        DeviceRef, DriverError, DriverResult, LockDriver, Slot, SlotReading, SlotWrite,
        reconcile::RetryTiming,
    },
    records::insert_lock,
};
use serde_json::{Value, json};
use support::TestServer;

/// Locks that live in a map: slot → PIN per device.
#[derive(Default)]
struct MemoryLocks {
    slots: Mutex<HashMap<String, BTreeMap<Slot, String>>>,
    /// Devices that do not answer now.
    offline: Mutex<HashSet<String>>,
    /// Devices whose every call takes this long.
    slow: Mutex<HashMap<String, Duration>>,
    /// Share of calls (per mille) that fail for no reason.
    failures_per_mille: u64,
    seed: AtomicU64,
    calls: AtomicU64,
    /// Calls answered with a failure, and with "unreachable".
    failed: AtomicU64,
    unreachable: AtomicU64,
}

impl MemoryLocks {
    fn with_failures(per_mille: u64) -> MemoryLocks {
        MemoryLocks {
            failures_per_mille: per_mille,
            seed: AtomicU64::new(0x9e37_79b9),
            ..Default::default()
        }
    }

    /// Whether this call is one of the failing share (a small xorshift: the
    /// same run fails the same calls).
    fn unlucky(&self) -> bool {
        let mut x = self
            .seed
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            | 1;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % 1000 < self.failures_per_mille
    }

    async fn answer(&self, device: &DeviceRef) -> DriverResult<()> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let slow = self.slow.lock().unwrap().get(device.as_str()).copied();
        if let Some(wait) = slow {
            tokio::time::sleep(wait).await;
        }
        if self.offline.lock().unwrap().contains(device.as_str()) {
            self.unreachable.fetch_add(1, Ordering::Relaxed);
            return Err(DriverError::Unreachable("the test took it offline".into()));
        }
        if self.unlucky() {
            self.failed.fetch_add(1, Ordering::Relaxed);
            return Err(DriverError::Failed("radio noise".into()));
        }
        Ok(())
    }

    fn held(&self, device: &str) -> BTreeMap<Slot, String> {
        self.slots
            .lock()
            .unwrap()
            .get(device)
            .cloned()
            .unwrap_or_default()
    }
}

#[async_trait]
impl LockDriver for MemoryLocks {
    fn name(&self) -> &'static str {
        "memory"
    }
    async fn capabilities(&self, _: &DeviceRef) -> DriverResult<LockCapabilities> {
        Ok(capabilities())
    }
    async fn put_pin(&self, device: &DeviceRef, write: &SlotWrite) -> DriverResult<()> {
        self.answer(device).await?;
        let mut slots = self.slots.lock().unwrap();
        slots
            .entry(device.0.clone())
            .or_default()
            .insert(write.slot, write.pin.reveal().to_owned());
        Ok(())
    }
    async fn clear_slot(&self, device: &DeviceRef, slot: Slot) -> DriverResult<()> {
        self.answer(device).await?;
        self.slots
            .lock()
            .unwrap()
            .entry(device.0.clone())
            .or_default()
            .remove(&slot);
        Ok(())
    }
    async fn read_slots(&self, device: &DeviceRef) -> DriverResult<Vec<SlotReading>> {
        self.answer(device).await?;
        Ok(self
            .held(device.as_str())
            .into_keys()
            .map(|slot| SlotReading { slot, pin: None })
            .collect())
    }
    async fn lock(&self, device: &DeviceRef) -> DriverResult<()> {
        self.answer(device).await
    }
    async fn unlock(&self, device: &DeviceRef) -> DriverResult<()> {
        self.answer(device).await
    }
    async fn ping(&self, device: &DeviceRef) -> DriverResult<()> {
        self.answer(device).await
    }
    async fn set_keypad_lockout(&self, device: &DeviceRef, _: KeypadLockout) -> DriverResult<()> {
        self.answer(device).await
    }
}

fn capabilities() -> LockCapabilities {
    LockCapabilities {
        pin_length: PinLengthRange { min: 4, max: 8 },
        slots: 250,
        radio: Radio::Zwave,
        keeps_schedules: true,
        reads_back_pins: false,
        reports_wrong_digits: false,
    }
}

/// Adds `count` doors at Maple Street reached through the memory driver.
fn add_memory_doors(server: &TestServer, count: usize) -> Vec<String> {
    let ids: Vec<String> = (0..count).map(|n| format!("lock-memory-{n:02}")).collect();
    server
        .state
        .db
        .write(|w| {
            for id in &ids {
                let lock = Lock {
                    id: LockId(id.clone()),
                    site_id: SiteId("site-maple".into()),
                    name: format!("Memory door {id}"),
                    state: LockState::Locked,
                    online: true,
                    battery_percent: 90,
                    door: DoorPosition::Closed,
                    keypad_locked_until: None,
                    capabilities: capabilities(),
                    slots_used: 0,
                    pending_changes: 0,
                    pending_command: None,
                    keypad_lockout: None,
                    updated_at: Utc::now(),
                };
                insert_lock(w, &lock, "memory", &format!("device-{id}"))?;
            }
            Ok(())
        })
        .unwrap();
    ids
}

async fn server_with(driver: std::sync::Arc<MemoryLocks>) -> TestServer {
    let (mut config, dist) = TestServer::test_config();
    config.retry = RetryTiming {
        first_backoff_ms: 5,
        max_backoff_ms: 40,
        offline_timeout_ms: 600_000,
    };
    let server = TestServer::with_config(config, dist)
        .login("alex", "maple-street")
        .await;
    server.state.drivers.add(driver);
    server
}

async fn new_person(server: &TestServer, name: &str) -> String {
    let answer = server
        .create(
            "/api/v1/sites/site-maple/people",
            json!({"name": name, "kind": "guest"}),
        )
        .await;
    assert!(answer.status.is_success(), "{}", answer.body);
    answer.body["id"].as_str().unwrap().to_owned()
}

fn code_body(person: &str, pin: &str, doors: &[String]) -> Value {
    json!({"person_id": person, "name": "Visit", "pin": {"choice": "custom", "pin": pin},
        "doors": doors, "schedule": {"starts_at": null, "ends_at": null}, "preset": "permanent"})
}

/// Every live code on the memory doors: its PIN and doors, as the store keeps them.
fn live_codes(server: &TestServer) -> Vec<(String, Vec<String>)> {
    let rows: Vec<(String, String)> = server
        .state
        .db
        .read(|conn| {
            Ok(conn
                .prepare("SELECT pin, data FROM codes WHERE deleted = 0")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?)
        })
        .unwrap();
    rows.into_iter()
        .map(|(pin, data)| {
            let code: Value = serde_json::from_str(&data).unwrap();
            let doors = code["doors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().to_owned());
            (
                pin,
                doors.filter(|d| d.starts_with("lock-memory-")).collect(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_use_cases_run_against_a_driver_of_our_own_without_the_simulator() {
    let memory = std::sync::Arc::new(MemoryLocks::with_failures(0));
    let server = server_with(memory.clone()).await;
    let doors = add_memory_doors(&server, 2);
    let person = new_person(&server, "Fay Guest").await;
    let created = server
        .create("/api/v1/codes", code_body(&person, "520814", &doors))
        .await;
    assert!(created.status.is_success(), "{}", created.body);
    let code = created.body["id"].as_str().unwrap().to_owned();
    server.settle().await;
    for door in &doors {
        assert_eq!(
            memory.held(&format!("device-{door}")),
            BTreeMap::from([(1, "520814".to_owned())])
        );
    }
    let sync = server
        .get(&format!("/api/v1/people/{person}/sync"))
        .await
        .body;
    assert!(
        sync.as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "set" && s["slot"] == 1),
        "{sync}"
    );

    // A new PIN goes into the same slot; a removed door gets its slot cleared.
    let change = json!({"pin": {"choice": "custom", "pin": "730215"}, "doors": [doors[0]]});
    assert!(
        server
            .patch(&format!("/api/v1/codes/{code}"), change)
            .await
            .status
            .is_success()
    );
    server.settle().await;
    assert_eq!(
        memory.held(&format!("device-{}", doors[0])),
        BTreeMap::from([(1, "730215".to_owned())])
    );
    assert!(memory.held(&format!("device-{}", doors[1])).is_empty());

    let deleted = server
        .send("DELETE", &format!("/api/v1/codes/{code}"), None, &[])
        .await;
    assert!(deleted.status.is_success(), "{}", deleted.body);
    server.settle().await;
    assert!(memory.held(&format!("device-{}", doors[0])).is_empty());
    // The simulator never heard of these doors.
    let simulated: i64 = server
        .state
        .db
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT COUNT(*) FROM sim_devices WHERE device_ref LIKE 'device-%'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(simulated, 0);
}

/// Waits (cranking the reconciler) until nothing is pending on the memory doors.
async fn converge(server: &TestServer) -> usize {
    for round in 0..400 {
        server.settle().await;
        let waiting: i64 = server
            .state
            .db
            .read(|conn| {
                Ok(conn.query_row(
                    "SELECT COUNT(*) FROM code_locks WHERE lock_id LIKE 'lock-memory-%' AND status <> 'set'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        if waiting == 0 {
            return round;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let left: Vec<(String, String, Option<String>, bool, bool, i64)> = server
        .state
        .db
        .read(|conn| {
            Ok(conn
                .prepare("SELECT lock_id, status, failure, wanted, held, due_at FROM code_locks WHERE lock_id LIKE 'lock-memory-%' AND status <> 'set'")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
                .collect::<Result<_, _>>()?)
        })
        .unwrap();
    panic!("the memory doors did not converge: {left:?}");
}

#[tokio::test]
async fn five_hundred_changes_across_fifty_locks_converge_with_failures_and_outages() {
    let memory = std::sync::Arc::new(MemoryLocks::with_failures(100)); // 10 % of calls fail
    let server = server_with(memory.clone()).await;
    let doors = add_memory_doors(&server, 50);
    let mut people = Vec::new();
    for n in 0..20 {
        people.push(new_person(&server, &format!("Guest {n:02}")).await);
    }
    // Ten doors are offline during the first half, ten others during the second.
    let take_offline = |range: std::ops::Range<usize>| {
        let mut offline = memory.offline.lock().unwrap();
        offline.clear();
        offline.extend(doors[range].iter().map(|d| format!("device-{d}")));
    };
    take_offline(0..10);
    let mut codes: Vec<String> = Vec::new();
    let mut changes = 0;
    let mut n: usize = 0;
    while changes < 500 {
        n += 1;
        let pin = format!("{:06}", 100_000 + n * 7919 % 900_000);
        let pick = |k: usize| -> Vec<String> {
            (0..3)
                .map(|i| doors[(n * 13 + k * 7 + i * 17) % 50].clone())
                .collect()
        };
        let answer = match n % 5 {
            // Changes to codes that exist: a new PIN, other doors, or gone.
            1 | 2 if !codes.is_empty() => {
                let code = codes[n % codes.len()].clone();
                let change = if n % 5 == 1 {
                    json!({"pin": {"choice": "custom", "pin": pin}})
                } else {
                    json!({"doors": pick(1)})
                };
                server.patch(&format!("/api/v1/codes/{code}"), change).await
            }
            3 if codes.len() > 20 => {
                let code = codes.remove(n % codes.len());
                server
                    .send("DELETE", &format!("/api/v1/codes/{code}"), None, &[])
                    .await
            }
            _ => {
                let answer = server
                    .create(
                        "/api/v1/codes",
                        code_body(&people[n % people.len()], &pin, &pick(0)),
                    )
                    .await;
                if answer.status.is_success() {
                    codes.push(answer.body["id"].as_str().unwrap().to_owned());
                }
                answer
            }
        };
        // A PIN another code already has is refused; everything else is a change.
        if answer.status.is_success() {
            changes += 1;
        }
        if changes == 250 {
            take_offline(10..20);
        }
        if n.is_multiple_of(25) {
            server.settle().await;
        }
    }
    take_offline(0..0);
    converge(&server).await;

    // Every live code is on exactly its doors, once, and nothing else is on any door.
    let mut expected: HashMap<String, Vec<String>> = HashMap::new();
    for (pin, doors) in &live_codes(&server) {
        for door in doors {
            expected
                .entry(format!("device-{door}"))
                .or_default()
                .push(pin.clone());
        }
    }
    for door in &doors {
        let device = format!("device-{door}");
        let mut held: Vec<String> = memory.held(&device).into_values().collect();
        let mut wanted = expected.remove(&device).unwrap_or_default();
        held.sort();
        wanted.sort();
        assert_eq!(held, wanted, "{door} holds exactly its codes, each once");
    }
    // The run really went through failures and outages.
    let unreachable = memory.unreachable.load(Ordering::Relaxed);
    let answered = memory.calls.load(Ordering::Relaxed) - unreachable;
    let failed = memory.failed.load(Ordering::Relaxed);
    assert!(
        answered > 500 && failed * 20 > answered,
        "{failed} of {answered} answered calls failed"
    );
    assert!(unreachable > 0);
}

#[tokio::test]
async fn a_lock_that_hangs_never_holds_back_another() {
    let memory = std::sync::Arc::new(MemoryLocks::with_failures(0));
    let server = server_with(memory.clone()).await;
    let doors = add_memory_doors(&server, 2);
    memory
        .slow
        .lock()
        .unwrap()
        .insert(format!("device-{}", doors[0]), Duration::from_secs(30));
    let person = new_person(&server, "Hal Guest").await;
    let created = server
        .create("/api/v1/codes", code_body(&person, "660412", &doors))
        .await;
    assert!(created.status.is_success(), "{}", created.body);
    // The reconciler runs on its own, as in the server.
    let running = tokio::spawn(server.state.reconciler.clone().run());
    let started = std::time::Instant::now();
    loop {
        let sync = server
            .get(&format!("/api/v1/people/{person}/sync"))
            .await
            .body;
        let status = |door: &str| {
            sync.as_array()
                .unwrap()
                .iter()
                .find(|s| s["lock_id"] == door)
                .unwrap()["status"]
                .clone()
        };
        if status(&doors[1]) == "set" {
            assert_eq!(
                status(&doors[0]),
                "setting",
                "the slow door is still being written"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the quick door waited for the slow one: {sync}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    running.abort();
}
