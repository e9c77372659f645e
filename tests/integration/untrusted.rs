//! Untrusted input: big, hostile or malformed text never panics, never goes quadratic, and fails closed.

use chat_interests::*;

fn big_classifier() -> Classifier {
    Classifier::builder()
        .max_input_bytes(8 << 20)
        .build()
        .unwrap()
}

/// The work (bytes read and lookups, see [`Scratch::work`]) of classifying `text`: counted, not timed,
/// so the check is exact on any machine.
fn work(c: &Classifier, text: &str) -> u64 {
    let mut scratch = Scratch::new();
    std::hint::black_box(c.classify_with(text, None, &mut scratch));
    scratch.work()
}

fn assert_linear(make: impl Fn(usize) -> String) {
    let c = big_classifier();
    let (small, large) = (make(256 << 10), make(2 << 20));
    let ratio = large.len() as f64 / small.len() as f64;
    let (ws, wl) = (work(&c, &small), work(&c, &large));
    // About 8x the input: linear work is about 8x too, quadratic would be 64x.
    assert!(
        ws as f64 >= small.len() as f64,
        "{ws} units for {} bytes",
        small.len()
    );
    assert!(
        (wl as f64) < ws as f64 * ratio * 1.05,
        "not linear: {ws} units for {} bytes, {wl} for {}",
        small.len(),
        large.len()
    );
}

#[test]
fn two_megabyte_message_is_linear() {
    let sentence = "I want cheap flights to Rome and new running shoes, my diabetes is fine. ";
    assert_linear(|n| sentence.repeat(n / sentence.len() + 1));
    let c = big_classifier().classify(&sentence.repeat(30_000), None);
    assert!(c.sensitive().contains(SensitiveCategory::Health));
}

#[test]
fn combining_mark_bomb_is_linear() {
    assert_linear(|n| format!("a{}", "\u{0301}".repeat(n / 2)));
    assert_linear(|n| "e\u{0301}\u{0327}\u{0308}".repeat(n / 7));
}

#[test]
fn zero_width_joiner_chain_is_linear() {
    assert_linear(|n| "\u{200D}".repeat(n / 3));
    assert_linear(|n| "👨\u{200D}👩\u{200D}👧".repeat(n / 18));
}

#[test]
fn long_runs_of_symbols_and_single_digits_are_linear() {
    // Symbols after a word: the fast disguise path looks past the run once.
    assert_linear(|n| format!("wow{} great", "!".repeat(n)));
    // A `$` forces the full disguise fold; single digits are a run that is never joined.
    assert_linear(|n| format!("$ {}", "1 ".repeat(n / 2)));
}

#[test]
fn repeated_trap_phrases_are_linear() {
    assert_linear(|n| "Flusskrebse und Black Friday ".repeat(n / 28));
    assert_linear(|n| "d i a b e t e s ".repeat(n / 16));
}

#[test]
fn oversized_input_is_rejected_not_truncated() {
    let c = Classifier::builtin();
    let text = "flights ".repeat(DEFAULT_MAX_INPUT_BYTES / 8 + 1);
    let r = c.classify(&text, None);
    assert!(r.is_oversized() && r.interests().is_empty());
}

#[test]
fn odd_inputs_do_not_panic() {
    let c = Classifier::builtin();
    for text in [
        "",
        " ",
        "\u{0}",
        "\u{FEFF}\u{200B}",
        "'''''",
        "ß",
        "İstanbul",
        "ﷺ",
        "\u{1F600}\u{1F3FD}",
        "d.i.a.",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z",
        "$$$$ @@@@ !!!! |||",
        "x\u{0300}".repeat(1000).as_str(),
    ] {
        let _ = c.classify(text, None);
        let _ = c.classify(text, Some(Language::German));
    }
}

#[test]
fn scores_stay_below_one_however_often_a_term_repeats() {
    let classifier = Classifier::builtin();
    for n in [1, 10, 50, 1_000] {
        let text = "cheap flights to Rome ".repeat(n);
        let c = classifier.classify(&text, None);
        assert!(!c.interests().is_empty());
        for s in c.interests() {
            assert!(s.score() > 0.0 && s.score() < 1.0, "{n}: {}", s.score());
        }
    }
}
