//! Checks a policy file and prints what it means: its name, start and time-zone rule, the excluded
//! regions by code and name, the sensitive categories, surfaces (and which need a linked account),
//! modalities, ages, blocked topics, the conversation window and the see-less factor. A file that is
//! not a valid policy is an error (exit status 1) naming the file, and the line and column for JSON.
//!
//! ```text
//! cargo run --example policy -- examples/policies/de-2027-strict.json
//! cargo run --example policy -- --preset strict-gdpr-art9
//! cargo run --example policy -- --json --preset announced-rollout   # canonical JSON, to start a file from
//! ```

mod common;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    if let Err(e) = common::policy::main(&args, stdout.lock()) {
        eprintln!("policy: {e}");
        std::process::exit(1);
    }
}
