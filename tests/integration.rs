//! Integration tests: one binary, one module per concept.

#[path = "integration/contract.rs"]
mod contract;
#[path = "integration/fail_closed.rs"]
mod fail_closed;
#[path = "integration/policy.rs"]
mod policy;
#[path = "integration/profile.rs"]
mod profile;
#[path = "integration/traits.rs"]
mod traits;
#[path = "integration/untrusted.rs"]
mod untrusted;
