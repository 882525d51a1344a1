//! Typed identifiers: every id is a string on the wire, but a `LockId` can't be
//! passed where a `PersonId` is expected.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as it travels in URLs and JSON.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }
    };
}

id_type!(
    /// Identifies a site (a home or a property).
    SiteId
);
id_type!(
    /// Identifies a lock (a door).
    LockId
);
id_type!(
    /// Identifies a person who may enter.
    PersonId
);
id_type!(
    /// Identifies an access code.
    CodeId
);
id_type!(
    /// Identifies an alert rule.
    AlertRuleId
);
id_type!(
    /// Identifies an alert that fired (an entry of the alerts inbox).
    AlertId
);
id_type!(
    /// Identifies a signed-in account (a user of the dashboard, not a person at the door).
    AccountId
);
id_type!(
    /// Identifies a code found on a lock that no one here created.
    UnknownCodeId
);
id_type!(
    /// Identifies a message in the backend's outbox.
    OutboxId
);
