//! Alerts as they reach the user: the unread count (for the header's badge),
//! a toast for each alert that fires while the app is open, and a browser
//! notification where the user allowed them (asked only on their click).

use latchkey_core::event::EventKind;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api,
    state::{
        live::use_live,
        session::{Session, use_session},
    },
};

/// How long a toast stays unless dismissed.
const TOAST_FOR: std::time::Duration = std::time::Duration::from_secs(10);

/// One alert shown as a toast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub title: String,
    pub message: String,
}

#[derive(Clone, Copy)]
pub struct Alerts {
    pub unread: RwSignal<u32>,
    pub toasts: RwSignal<Vec<Toast>>,
}

impl Alerts {
    /// Asks the backend for the unread count again (after reading some).
    pub fn refresh(&self) {
        let unread = self.unread;
        spawn_local(async move {
            if let Ok(count) = api::unread_alerts().await {
                unread.try_set(count);
            }
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.toasts.update(|t| t.retain(|x| x.id != id));
    }
}

/// Shows a browser notification, if the user allowed them.
fn notify(title: &str, body: &str) {
    use web_sys::{Notification, NotificationOptions, NotificationPermission};
    if Notification::permission() != NotificationPermission::Granted {
        return;
    }
    let options = NotificationOptions::new();
    options.set_body(body);
    let _ = Notification::new_with_options(title, &options);
}

pub fn provide_alerts() {
    let alerts = Alerts {
        unread: RwSignal::new(0),
        toasts: RwSignal::new(Vec::new()),
    };
    let live = use_live();
    let session = use_session();
    // The count: on sign-in, and whenever the stream asks for a reload.
    Effect::new(move |_| {
        live.reload.track();
        if matches!(session.0.get(), Session::SignedIn(_)) {
            alerts.refresh();
        }
    });
    // Each alert that fires: a toast, the badge, a notification.
    Effect::new(move |_| {
        let batch = live.batch.get();
        for event in batch.iter() {
            if let EventKind::AlertFired {
                rule_name, message, ..
            } = &event.kind
            {
                alerts.unread.update(|n| *n += 1);
                let toast = Toast {
                    id: event.id,
                    title: rule_name.clone(),
                    message: message.clone(),
                };
                notify(&toast.title, &toast.message);
                let id = toast.id;
                alerts.toasts.update(|t| t.push(toast));
                set_timeout(
                    move || {
                        alerts.toasts.try_update(|t| t.retain(|x| x.id != id));
                    },
                    TOAST_FOR,
                );
            }
        }
    });
    provide_context(alerts);
}

pub fn use_alerts() -> Alerts {
    expect_context::<Alerts>()
}
