//! Named references: an id with the name a person reads, for messages such as
//! "Dana already uses this PIN on Front door".

use serde::{Deserialize, Serialize};

use crate::ids::{LockId, PersonId};

/// A door, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoorRef {
    pub id: LockId,
    pub name: String,
}

/// A person, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: PersonId,
    pub name: String,
}
