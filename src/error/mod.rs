//! Errors, one file per failure domain. Each error is opaque where it may grow (a `kind()` tells what
//! went wrong) and carries the values it prints, so this module depends on value types only.

#[cfg(feature = "openrtb")]
pub(crate) mod audience;
pub(crate) mod build;
pub(crate) mod conversation;
#[cfg(feature = "openrtb")]
pub(crate) mod export;
pub(crate) mod interest;
pub(crate) mod parse;
pub(crate) mod policy;
pub(crate) mod profile;
