//! JSON Lines in, JSON Lines out: one answer per input line, in order, under the announced-rollout
//! policy or the one `--policy FILE` names (a bad file is an error before any input is read).
//!
//! ```text
//! echo '{"text":"cheap flights to Rome?","region":"US","at":"2026-01-10T12:00:00Z","age":30}' \
//!   | cargo run --release --example classify [-- --policy FILE]
//! ```

mod common;

use std::io;

use chat_interests::Timestamp;
use common::run::Failure;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = io::stdout();
    let out = io::BufWriter::new(stdout.lock());
    match common::run::classify_cli(&args, io::stdin().lock(), out, Timestamp::now()) {
        Err(Failure::Usage(e)) => {
            eprintln!("classify: {e}");
            std::process::exit(2);
        }
        // A reader that stopped early (`| head`) is not an error.
        Err(Failure::Io(e)) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("classify: {e}");
            std::process::exit(1);
        }
        _ => {}
    }
}
