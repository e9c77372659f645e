//! The evaluation set's figures must meet the targets: no sensitive message contributes an interest,
//! false-sensitive at most 5%, top-3 tier-1 accuracy at least 90% (per language).
//! Print them with `cargo run --release --example eval -- --misses`.

#[path = "support/eval.rs"]
mod eval;

#[test]
fn evaluation_set_is_large_and_balanced() {
    let cases = eval::cases();
    for &lang in chat_interests::Language::ALL {
        let mine: Vec<_> = cases.iter().filter(|c| c.lang == lang).collect();
        let sensitive = mine
            .iter()
            .filter(|c| matches!(c.kind, eval::Kind::Sensitive(_)))
            .count();
        let traps = mine
            .iter()
            .filter(|c| matches!(c.kind, eval::Kind::Trap(_)))
            .count();
        assert!(
            sensitive >= 80 && mine.len() - sensitive >= 120 && traps >= 30,
            "{lang}: {sensitive} sensitive, {traps} traps"
        );
        for c in &mine {
            if let eval::Kind::Benign(t) | eval::Kind::Trap(t) = c.kind {
                let id = chat_interests::InterestId::new(t)
                    .unwrap_or_else(|e| panic!("{lang}:{} {e}", c.line));
                assert_eq!(id.tier(), 1, "{lang}:{} label must be a tier-1", c.line);
            }
        }
    }
}

#[test]
fn evaluation_figures_meet_the_targets() {
    let figures = eval::evaluate(&eval::cases());
    let table = eval::Table(&figures).to_string();
    for (lang, f) in &figures {
        let misses = f.misses.join("\n");
        assert_eq!(
            f.leaked, 0,
            "{lang}: sensitive messages contributed interests\n{table}\n{misses}"
        );
        assert_eq!(
            f.flagged, f.sensitive,
            "{lang}: sensitive messages not flagged\n{table}\n{misses}"
        );
        assert!(
            f.false_sensitive_rate() <= 0.05,
            "{lang}: false-sensitive too high\n{table}\n{misses}"
        );
        assert!(
            f.top3_rate() >= 0.90,
            "{lang}: top-3 tier-1 too low\n{table}\n{misses}"
        );
    }
}

#[test]
fn disguised_sensitive_messages_meet_the_targets() {
    let cases = eval::cases();
    let results = eval::evaluate_disguises(&cases);
    let table = eval::DisguiseTable(&results).to_string();
    for r in &results {
        // Both detectors meet the targets: the lexicon's guarantee does not lean on the model.
        for (through, detector) in [
            (r.through_lexicon, "lexicon"),
            (r.through, "with the model"),
        ] {
            assert!(
                through as f64 / r.messages as f64 <= r.disguise.target(),
                "{} {} ({detector}): {through}/{} got through\n{table}\n{}",
                r.lang,
                r.disguise.name(),
                r.messages,
                r.examples.join("\n")
            );
        }
    }
}

#[test]
fn a_reused_scratch_answers_like_a_fresh_one() {
    // Every evaluation text as it is (mostly the plain path), with a voice filler and a spelled-out run
    // (the derived disguise fold), and with leetspeak (the full one), in one sequence on one Scratch.
    let classifier = chat_interests::Classifier::builtin();
    let mut scratch = chat_interests::Scratch::new();
    for case in eval::cases() {
        for text in [
            case.text.to_owned(),
            format!("um {} a b c d", case.text),
            format!("{} 4nd m0r3", case.text),
        ] {
            assert_eq!(
                classifier.classify_with(&text, None, &mut scratch),
                classifier.classify(&text, None),
                "{text:?}"
            );
        }
    }
}
