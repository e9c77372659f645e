//! JSON Lines in, JSON Lines out: one answer per input line, in order, under the announced-rollout policy.
//!
//! ```text
//! echo '{"text":"cheap flights to Rome?","region":"US","at":"2026-01-10T12:00:00Z","age":30}' \
//!   | cargo run --release --example classify
//! ```

mod common;

use std::io::{self, BufWriter, Write};

use chat_interests::{Classifier, Policy, PolicyEngine, Scratch, Timestamp};
use serde_json::json;

fn main() {
    let classifier = Classifier::builtin();
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let now = Timestamp::now();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut write_failed = false;
    let mut scratch = Scratch::new();
    let result = common::for_each_line(io::stdin().lock(), |line, bytes| {
        if write_failed {
            return;
        }
        let answer = match common::parse_line(bytes, line, now) {
            Err(error) => json!({ "error": error, "line": line }),
            Ok(input) => {
                let c = classifier.classify_with(&input.text, input.lang, &mut scratch);
                let d = engine.evaluate(&input.context, &c);
                json!({
                    "used": d.is_allowed(),
                    "reasons": d.reasons().iter().map(|r| r.code()).collect::<Vec<_>>(),
                    "sensitive": engine.sensitive_in(&c),
                    "interests": d.interests(),
                    "language": c.language().map_or("und", |l| l.code()),
                })
            }
        };
        write_failed = writeln!(out, "{answer}").is_err();
    });
    if let Err(e) = result {
        eprintln!("classify: reading stdin failed: {e}");
    }
    let _ = out.flush();
}
