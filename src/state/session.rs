//! Who is signed in: checked once at start, set by the log-in page, cleared by
//! sign-out or by any request that finds the session gone.

use latchkey_core::account::Account;
use leptos::{prelude::*, task::spawn_local};

use crate::api;

/// Where the session stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Session {
    /// Not known yet (the first "who am I" is in flight).
    Checking,
    SignedIn(Account),
    SignedOut,
    /// Was signed in, and a request found the session gone (it expired, or was
    /// signed out elsewhere): the log-in page says so.
    Ended,
}

/// The session, shared by the shell and the pages.
#[derive(Clone, Copy)]
pub struct SessionContext(pub RwSignal<Session>);

impl SessionContext {
    pub fn account(&self) -> Option<Account> {
        match self.0.get() {
            Session::SignedIn(account) => Some(account),
            _ => None,
        }
    }
}

/// Checks the session once, and signs out locally when any request gets a 401.
pub fn provide_session() {
    let session = RwSignal::new(Session::Checking);
    spawn_local(async move {
        let next = match api::who_am_i().await {
            Ok(account) => Session::SignedIn(account),
            Err(_) => Session::SignedOut,
        };
        session.try_set(next);
    });
    // Several requests in flight can each get the 401: the first turns a
    // signed-in session into Ended, and the later ones must leave it so, or
    // the sign-in page would lose the "your session has ended" notice.
    api::http::on_unauthenticated(move || {
        let had_session = session
            .try_with_untracked(|s| matches!(s, Session::SignedIn(_) | Session::Ended))
            .unwrap_or(false);
        session.try_set(if had_session {
            Session::Ended
        } else {
            Session::SignedOut
        });
    });
    provide_context(SessionContext(session));
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// Where the log-in page sends the user afterwards: only paths inside this app.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/login"))
        .unwrap_or_else(|| "/doors".to_owned())
}
