//! Errors, one file per failure domain. Each error is opaque where it may grow (a `kind()` tells what
//! went wrong) and carries the values it prints, so this module depends on value types only.

pub(crate) mod build;
pub(crate) mod conversation;
pub(crate) mod interest;
pub(crate) mod parse;
pub(crate) mod policy;
pub(crate) mod profile;
