//! Reads the same JSON Lines as `classify`, ingests every used message into the profile of its person
//! (linked identity, else account), and prints one JSON line per profile, sorted by key:
//! `{"profile", "interests": [{"iab","name","score"}], "surfaces", "messages"}` — the top 10 interests,
//! decayed to the latest `at` among the used messages. Lines that cannot be read, and used messages with
//! neither account nor identity, are reported on stderr.

mod common;

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};

use chat_interests::{
    Classifier, InterestProfile, Policy, PolicyEngine, ProfileInterest, Timestamp,
};
use serde_json::json;

fn main() {
    let classifier = Classifier::builtin();
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let now = Timestamp::now();
    let mut profiles: BTreeMap<String, InterestProfile> = BTreeMap::new();
    let mut latest: Option<Timestamp> = None;
    let (mut bad_lines, mut unkeyed) = (0usize, 0usize);

    let result = common::for_each_line(io::stdin().lock(), |line, bytes| {
        let input = match common::parse_line(bytes, line, now) {
            Ok(input) => input,
            Err(error) => {
                bad_lines += 1;
                eprintln!("profile: {error}");
                return;
            }
        };
        let c = classifier.classify(&input.text, input.lang);
        let decision = engine.evaluate(&input.context, &c);
        let Some(allowed) = decision.allowed() else {
            return;
        };
        let Some(key) = input.profile_key() else {
            unkeyed += 1;
            eprintln!("profile: line {line}: used, but has neither account nor identity");
            return;
        };
        let profile = match profiles.get_mut(key) {
            Some(p) => p,
            None => match InterestProfile::new(key) {
                Ok(p) => profiles.entry(key.to_owned()).or_insert(p),
                Err(e) => {
                    eprintln!("profile: line {line}: {e}");
                    return;
                }
            },
        };
        profile.ingest(allowed);
        latest = latest.max(Some(allowed.at()));
    });
    if let Err(e) = result {
        eprintln!("profile: reading stdin failed: {e}");
    }

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let as_of = latest.unwrap_or(now);
    for (key, p) in &profiles {
        let interests: Vec<ProfileInterest> = p
            .top(10, as_of)
            .into_iter()
            .map(ProfileInterest::from)
            .collect();
        let line = json!({
            "profile": key,
            "interests": interests,
            "surfaces": p.surfaces(),
            "messages": p.messages(),
        });
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    let _ = out.flush();
    if bad_lines + unkeyed > 0 {
        eprintln!("profile: {bad_lines} unreadable lines, {unkeyed} used messages without a key");
    }
}
