//! Reads the same JSON Lines as `classify`, ingests every used message into the profile of its person
//! (linked identity, else account), and prints one JSON line per profile, sorted by key:
//! `{"profile", "interests": [{"iab","name","score"}], "surfaces", "messages"}` — the top 10 interests,
//! decayed to the latest `at` among the used messages. Lines that cannot be read, and used messages with
//! neither account nor identity, are reported on stderr.

mod common;

use std::io;

use chat_interests::Timestamp;

fn main() {
    let stdout = io::stdout();
    let out = io::BufWriter::new(stdout.lock());
    match common::run::profile(io::stdin().lock(), out, io::stderr(), Timestamp::now()) {
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("profile: {e}");
            std::process::exit(1);
        }
        _ => {}
    }
}
