//! The simulator behind the driver boundary: each call takes the radio's time,
//! then changes the device in the simulator's table and reports what the lock
//! would report (the bolt moving, its battery) to the hub.

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use latchkey_core::{
    event::Method,
    keypad::KeypadLockout,
    lock::{LockCapabilities, LockCommand, LockState},
    sync::SyncFailure,
};

use crate::{
    clock::Clock,
    db::Db,
    drivers::{
        DeviceRef, DeviceReport, DriverError, DriverResult, LockDriver, ReportOutcome, ReportSink,
        Slot, SlotReading, SlotWrite,
        sim::{
            SimConfig,
            device::{self, SimDevice, SimSlot, SlotSchedule},
        },
    },
    error::{ApiError, ApiResult},
    faults::Faults,
};

/// The driver name simulated locks are stored with.
pub const SIM_DRIVER: &str = "sim";
/// Battery drained by one lock or unlock.
const DRAIN_PER_COMMAND: f64 = 0.2;
/// Battery drained by writing or removing one code.
const DRAIN_PER_CODE_WRITE: f64 = 0.05;

/// The simulated locks.
pub struct Simulator {
    pub db: Db,
    pub clock: Clock,
    pub config: SimConfig,
    pub faults: Faults,
    pub hub: Arc<dyn ReportSink>,
}

impl Simulator {
    /// Sends a report of `device` to the hub.
    pub fn report(&self, device: &DeviceRef, report: DeviceReport) -> ApiResult<ReportOutcome> {
        self.hub.report(SIM_DRIVER, device, report)
    }

    /// Changes a device in one transaction of the simulator's own; returns what
    /// `change` returned and the battery reading if it moved.
    pub fn change<T>(
        &self,
        device: &DeviceRef,
        change: impl FnOnce(&mut SimDevice) -> T,
    ) -> ApiResult<(T, SimDevice, Option<u8>)> {
        self.db.write(|w| {
            let mut sim = device::load(w, device)?;
            let before = sim.battery_percent();
            let out = change(&mut sim);
            device::save(w, device, &sim)?;
            let after = sim.battery_percent();
            Ok((out, sim, (after != before).then_some(after)))
        })
    }

    /// Reports a battery reading that moved.
    pub fn report_battery(&self, device: &DeviceRef, percent: Option<u8>) -> ApiResult<()> {
        if let Some(percent) = percent {
            self.report(device, DeviceReport::Battery { percent })?;
        }
        Ok(())
    }

    /// The radio's time for one exchange with this device, plus injected slowness.
    async fn radio_wait(&self, device: &DeviceRef) -> DriverResult<()> {
        let radio = self
            .db
            .read(|conn| Ok(device::load(conn, device)?.radio))
            .map_err(internal)?;
        let slowness = i64::try_from(self.faults.get().lock_delay_ms).unwrap_or(i64::MAX / 2);
        let ms = self.config.radio_delay_ms(radio).saturating_add(slowness);
        if ms > 0 {
            tokio::time::sleep(Duration::from_millis(ms as u64)).await;
        }
        Ok(())
    }

    /// Moves the bolt as a command asks, after the radio's time.
    async fn command(&self, device: &DeviceRef, command: LockCommand) -> DriverResult<()> {
        self.radio_wait(device).await?;
        let fails = self.faults.get().lock_fails();
        let (answer, _, battery) = self
            .change(device, |sim| {
                if !sim.reachable() {
                    return Err(DriverError::Unreachable(unreachable_words(sim)));
                }
                if sim.bolt == LockState::Jammed {
                    return Err(DriverError::Jammed);
                }
                if fails {
                    // An injected failure: the bolt sticks halfway and the lock says so.
                    sim.bolt = LockState::Jammed;
                    return Ok(None);
                }
                sim.bolt = match command {
                    LockCommand::Lock => LockState::Locked,
                    LockCommand::Unlock => LockState::Unlocked,
                };
                sim.auto_lock_due_ms = None;
                sim.battery = (sim.battery - DRAIN_PER_COMMAND).max(0.0);
                Ok(Some(sim.bolt))
            })
            .map_err(internal)?;
        match answer? {
            Some(state) => {
                self.report(
                    device,
                    DeviceReport::Bolt {
                        state,
                        method: Method::Remote,
                    },
                )
                .map_err(internal)?;
                self.report_battery(device, battery).map_err(internal)?;
                Ok(())
            }
            None => {
                self.report(device, DeviceReport::Jammed)
                    .map_err(internal)?;
                Err(DriverError::Jammed)
            }
        }
    }

    /// Changes a slot, after the radio's time.
    async fn change_slot(
        &self,
        device: &DeviceRef,
        change: impl FnOnce(&mut SimDevice) -> DriverResult<()>,
    ) -> DriverResult<()> {
        self.radio_wait(device).await?;
        let (answer, _, battery) = self
            .change(device, |sim| {
                if !sim.reachable() {
                    return Err(DriverError::Unreachable(unreachable_words(sim)));
                }
                change(sim)?;
                sim.battery = (sim.battery - DRAIN_PER_CODE_WRITE).max(0.0);
                Ok(())
            })
            .map_err(internal)?;
        answer?;
        self.report_battery(device, battery).map_err(internal)
    }
}

#[async_trait]
impl LockDriver for Simulator {
    fn name(&self) -> &'static str {
        SIM_DRIVER
    }

    async fn capabilities(&self, lock: &DeviceRef) -> DriverResult<LockCapabilities> {
        let sim = self
            .db
            .read(|conn| device::load(conn, lock))
            .map_err(internal)?;
        Ok(LockCapabilities {
            pin_length: sim.pin_length,
            slots: sim.slot_count,
            radio: sim.radio,
            keeps_schedules: sim.keeps_schedules,
            reads_back_pins: true,
            reports_wrong_digits: true,
        })
    }

    async fn put_pin(&self, lock: &DeviceRef, write: &SlotWrite) -> DriverResult<()> {
        let fails = self.faults.get().lock_fails();
        self.change_slot(lock, |sim| {
            if fails || !sim.pin_length.contains(write.pin.len()) {
                return Err(DriverError::Refused(SyncFailure::RejectedByLock));
            }
            if write.slot == 0 || write.slot > sim.slot_count {
                return Err(DriverError::Refused(SyncFailure::NoFreeSlot));
            }
            if sim
                .slot_of(write.pin.reveal())
                .is_some_and(|other| other != write.slot)
            {
                return Err(DriverError::Refused(SyncFailure::DuplicateOnDevice));
            }
            let schedule = write
                .schedule
                .as_ref()
                .filter(|_| sim.keeps_schedules)
                .map(|s| SlotSchedule {
                    schedule: s.schedule.clone(),
                    uses: s.uses,
                    time_zone: s.time_zone.clone(),
                });
            sim.slots.insert(
                write.slot,
                SimSlot {
                    pin: write.pin.reveal().to_owned(),
                    schedule,
                },
            );
            Ok(())
        })
        .await
    }

    async fn clear_slot(&self, lock: &DeviceRef, slot: Slot) -> DriverResult<()> {
        self.change_slot(lock, |sim| {
            sim.slots.remove(&slot);
            Ok(())
        })
        .await
    }

    async fn read_slots(&self, lock: &DeviceRef) -> DriverResult<Vec<SlotReading>> {
        self.radio_wait(lock).await?;
        let sim = self
            .db
            .read(|conn| device::load(conn, lock))
            .map_err(internal)?;
        if !sim.reachable() {
            return Err(DriverError::Unreachable(unreachable_words(&sim)));
        }
        Ok(sim
            .slots
            .iter()
            .map(|(slot, s)| SlotReading {
                slot: *slot,
                pin: latchkey_core::pin::Pin::parse(&s.pin).ok(),
            })
            .collect())
    }

    async fn lock(&self, lock: &DeviceRef) -> DriverResult<()> {
        self.command(lock, LockCommand::Lock).await
    }

    async fn unlock(&self, lock: &DeviceRef) -> DriverResult<()> {
        self.command(lock, LockCommand::Unlock).await
    }

    async fn ping(&self, lock: &DeviceRef) -> DriverResult<()> {
        let sim = self
            .db
            .read(|conn| device::load(conn, lock))
            .map_err(internal)?;
        if sim.reachable() {
            Ok(())
        } else {
            Err(DriverError::Unreachable(unreachable_words(&sim)))
        }
    }

    async fn set_keypad_lockout(&self, lock: &DeviceRef, rule: KeypadLockout) -> DriverResult<()> {
        self.change(lock, |sim| {
            sim.keypad_lockout = rule;
            sim.consecutive_wrong = 0;
        })
        .map_err(internal)?;
        Ok(())
    }
}

fn unreachable_words(sim: &SimDevice) -> String {
    if !sim.online {
        "the lock is offline".to_owned()
    } else {
        "no phone is in Bluetooth range".to_owned()
    }
}

fn internal(err: ApiError) -> DriverError {
    DriverError::Failed(err.body.message)
}
