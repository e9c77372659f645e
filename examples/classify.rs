//! JSON Lines in, JSON Lines out: one answer per input line, in order, under the announced-rollout policy.
//!
//! ```text
//! echo '{"text":"cheap flights to Rome?","region":"US","at":"2026-01-10T12:00:00Z","age":30}' \
//!   | cargo run --release --example classify
//! ```

mod common;

use std::io;

use chat_interests::Timestamp;

fn main() {
    let stdout = io::stdout();
    let out = io::BufWriter::new(stdout.lock());
    match common::run::classify(io::stdin().lock(), out, Timestamp::now()) {
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("classify: {e}");
            std::process::exit(1);
        }
        _ => {}
    }
}
