//! Reads the same JSON Lines as `classify`, ingests every used message into the profile of its person
//! (linked identity, else account), and prints one JSON line per profile, sorted by key:
//! `{"profile", "interests": [{"iab","name","score"}], "surfaces", "messages"}` — the top 10 interests,
//! decayed to the latest `at` among the used messages. Lines that cannot be read, and used messages with
//! neither account nor identity, are reported on stderr. `--policy FILE` replaces the announced-rollout
//! policy (a bad file is an error before any input is read).

mod common;

use std::io;

use chat_interests::Timestamp;
use common::run::Failure;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = io::stdout();
    let out = io::BufWriter::new(stdout.lock());
    let now = Timestamp::now();
    match common::run::profile_cli(&args, io::stdin().lock(), out, io::stderr(), now) {
        Err(Failure::Usage(e)) => {
            eprintln!("profile: {e}");
            std::process::exit(2);
        }
        // A reader that stopped early (`| head`) is not an error.
        Err(Failure::Io(e)) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("profile: {e}");
            std::process::exit(1);
        }
        _ => {}
    }
}
