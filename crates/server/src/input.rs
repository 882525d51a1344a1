//! Cleaning what users type before it is stored.

use latchkey_core::name::check_display_name;

use crate::error::{ApiError, ApiResult};

/// Checks a name by latchkey-core's one rule (the app checks the same) and tidies
/// it: 422 naming `field` when it is empty, too long, or holds a control,
/// direction-changing or invisible character; otherwise the name trimmed.
pub fn clean_name(name: &str, field: &str) -> ApiResult<String> {
    check_display_name(name)
        .map_err(|problem| ApiError::invalid(problem.to_string()).field(field))?;
    Ok(name.trim().to_owned())
}
