//! The use cases behind the HTTP handlers that more than one resource shares.
//! They take the signed-in account and plain values, never an HTTP request.

pub mod codes;
pub mod versioned;
pub mod visible;
