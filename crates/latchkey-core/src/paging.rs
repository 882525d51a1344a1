//! Paged lists: `limit` and `cursor` in, `items` and `next_cursor` out.

use serde::{Deserialize, Serialize};

/// Largest page a client may ask for.
pub const MAX_PAGE_LIMIT: u32 = 500;
/// Page size when the client does not say.
pub const DEFAULT_PAGE_LIMIT: u32 = 50;

/// Query parameters of a paged list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageQuery {
    pub limit: Option<u32>,
    /// Opaque: the `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The page size to use: the client's, within 1..=[`MAX_PAGE_LIMIT`].
    pub fn limit(&self) -> u32 {
        self.limit
            .unwrap_or(DEFAULT_PAGE_LIMIT)
            .clamp(1, MAX_PAGE_LIMIT)
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// How many items match the filter in all, where the backend can tell cheaply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}
