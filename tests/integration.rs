//! Integration tests: one binary, one module per concept.

// The example binaries' shared code, run in-process by `contract` and `policy_file`.
#[path = "../examples/common/mod.rs"]
mod common;

#[path = "integration/contract.rs"]
mod contract;
#[path = "integration/fail_closed.rs"]
mod fail_closed;
#[path = "integration/policy.rs"]
mod policy;
#[path = "integration/policy_file.rs"]
mod policy_file;
#[path = "integration/profile.rs"]
mod profile;
#[path = "integration/traits.rs"]
mod traits;
#[path = "integration/untrusted.rs"]
mod untrusted;
