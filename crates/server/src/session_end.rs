//! Ending what a session keeps open (its event streams) when the session ends:
//! at sign-out, at its idle or absolute expiry, and — the same way — when its
//! account is disabled. Each session that has a stream open gets a signal here;
//! ending the session fires it.

use std::{collections::HashMap, sync::Mutex};

use latchkey_core::ids::AccountId;
use tokio::sync::watch;

/// One signal per session with something open, keyed by the session's token hash.
#[derive(Debug, Default)]
pub struct SessionEnds {
    open: Mutex<HashMap<String, Signal>>,
}

#[derive(Debug)]
struct Signal {
    account: AccountId,
    ended: watch::Sender<bool>,
}

/// Resolves once the session it was taken for has ended.
#[derive(Debug)]
pub struct EndSignal(watch::Receiver<bool>);

impl EndSignal {
    /// Waits until the session ends (or its signal is gone, which means the same).
    pub async fn ended(&mut self) {
        let _ = self.0.wait_for(|ended| *ended).await;
    }
}

impl SessionEnds {
    /// A signal for the session `token_hash` of `account`. Take it before checking
    /// that the session still exists, so an end in between is not missed.
    pub fn watch(&self, token_hash: &str, account: &AccountId) -> EndSignal {
        let mut open = self.open.lock().expect("session signals lock poisoned");
        // Sessions whose streams have all closed need no signal any more.
        open.retain(|_, signal| signal.ended.receiver_count() > 0);
        let signal = open.entry(token_hash.to_owned()).or_insert_with(|| Signal {
            account: account.clone(),
            ended: watch::channel(false).0,
        });
        EndSignal(signal.ended.subscribe())
    }

    /// The session `token_hash` has ended: whatever it has open closes.
    pub fn end(&self, token_hash: &str) {
        let mut open = self.open.lock().expect("session signals lock poisoned");
        if let Some(signal) = open.remove(token_hash) {
            signal.ended.send_replace(true);
        }
    }

    /// Every session of `account` has ended (for when an account is disabled).
    pub fn end_account(&self, account: &AccountId) {
        let mut open = self.open.lock().expect("session signals lock poisoned");
        open.retain(|_, signal| {
            let theirs = &signal.account == account;
            if theirs {
                signal.ended.send_replace(true);
            }
            !theirs
        });
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// Whether the signal fires within `ms` milliseconds.
    async fn ends_within(signal: &mut EndSignal, ms: u64) -> bool {
        tokio::time::timeout(Duration::from_millis(ms), signal.ended())
            .await
            .is_ok()
    }

    async fn ends_soon(signal: &mut EndSignal) -> bool {
        ends_within(signal, 1000).await
    }

    async fn stays_open(signal: &mut EndSignal) -> bool {
        !ends_within(signal, 100).await
    }

    #[tokio::test]
    async fn ending_a_session_fires_only_its_signals() {
        let ends = SessionEnds::default();
        let alex = AccountId::from("account-alex");
        let (mut first, mut second) = (ends.watch("a", &alex), ends.watch("a", &alex));
        let mut other = ends.watch("b", &alex);
        ends.end("a");
        assert!(ends_soon(&mut first).await && ends_soon(&mut second).await);
        assert!(stays_open(&mut other).await, "another session stays open");
    }

    #[tokio::test]
    async fn ending_an_account_fires_every_session_of_it() {
        let ends = SessionEnds::default();
        let (alex, morgan) = (
            AccountId::from("account-alex"),
            AccountId::from("account-morgan"),
        );
        let (mut phone, mut laptop) = (ends.watch("a", &alex), ends.watch("b", &alex));
        let mut manager = ends.watch("c", &morgan);
        ends.end_account(&alex);
        assert!(ends_soon(&mut phone).await && ends_soon(&mut laptop).await);
        assert!(stays_open(&mut manager).await);
    }
}
