//! Property tests guarding the sensitive-data exclusion.

use chat_interests::*;
use once_cell::sync::Lazy;
use proptest::prelude::*;

/// (term, category) for every built-in sensitive term.
static SENSITIVE: Lazy<Vec<(&'static str, SensitiveCategory)>> = Lazy::new(|| {
    builtin_lexicons()
        .iter()
        .filter(|f| f.kind() == LexiconKind::Sensitive)
        .flat_map(|f| f.rows())
        .map(|(_, fields)| (fields[0], fields[1].parse().unwrap()))
        .collect()
});

const FILLER: &[&str] = &[
    "I", "we", "the", "a", "and", "but", "today", "tomorrow", "shoes", "pizza", "flight",
    "weekend", "please", "help", "me", "with", "my", "new", "ich", "und", "heute", "morgen",
    "bitte", "mein", "Urlaub", "Schuhe", "Auto", "laptop", "really", "so", "?", "!", ",", "...",
    "🙂", "123",
];

const INVISIBLE: &[char] = &[
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{00AD}', '\u{2060}', '\u{FEFF}', '\u{200E}', '\u{202C}',
    '\u{FE0F}',
];

fn disguise(term: &str, upper: &[bool], invisible: &[Option<usize>]) -> String {
    let mut out = String::new();
    for (i, ch) in term.chars().enumerate() {
        if upper.get(i % upper.len().max(1)).copied().unwrap_or(false) {
            out.extend(ch.to_uppercase());
        } else {
            out.push(ch);
        }
        if let Some(Some(k)) = invisible.get(i % invisible.len().max(1)) {
            out.push(INVISIBLE[k % INVISIBLE.len()]);
        }
    }
    out
}

/// A character that renders as nothing, drawn from the Unicode classes (not from the crate's own
/// test): C0 and C1 controls other than whitespace, format characters (Cf), private use, noncharacters,
/// unassigned code points, variation selectors, tags, Hangul fillers, the braille blank.
fn hiding_char() -> impl Strategy<Value = char> {
    let range = |a: u32, b: u32| (a..=b).prop_filter_map("a scalar value", char::from_u32);
    prop_oneof![
        range(0x00, 0x08),
        range(0x0E, 0x1F),
        range(0x7F, 0x84),
        range(0x86, 0x9F),
        prop::sample::select(vec![
            '\u{AD}',
            '\u{34F}',
            '\u{61C}',
            '\u{115F}',
            '\u{1160}',
            '\u{17B4}',
            '\u{180E}',
            '\u{2800}',
            '\u{3164}',
            '\u{FEFF}',
            '\u{FFA0}',
            '\u{110BD}',
            '\u{2065}',
        ]),
        range(0x600, 0x605),
        range(0x200B, 0x200F),
        range(0x202A, 0x202E),
        range(0x2060, 0x2064),
        range(0xFE00, 0xFE0F),
        range(0xFFF9, 0xFFFB),
        range(0x1D173, 0x1D17A),
        range(0xE0000, 0xE007F),
        range(0xE0100, 0xE01EF),
        range(0xE000, 0xF8FF),
        range(0xFDD0, 0xFDEF),
        range(0xF0000, 0x10FFFF),
    ]
}

fn ctx() -> MessageContextBuilder {
    MessageContext::builder()
        .at("2026-02-01T12:00:00Z".parse().unwrap())
        .region("US".parse().unwrap())
        .age(30)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn any_sensitive_term_in_any_sentence_is_flagged_and_contributes_nothing(
        idx in any::<prop::sample::Index>(),
        before in prop::collection::vec(prop::sample::select(FILLER), 0..8),
        after in prop::collection::vec(prop::sample::select(FILLER), 0..8),
        upper in prop::collection::vec(any::<bool>(), 1..8),
        invisible in prop::collection::vec(prop::option::weighted(0.3, 0usize..16), 1..8),
    ) {
        let (term, category) = SENSITIVE[idx.index(SENSITIVE.len())];
        let text = format!("{} {} {}", before.join(" "), disguise(term, &upper, &invisible), after.join(" "));
        let c = Classifier::builtin().classify(&text, None);
        prop_assert!(c.sensitive().contains(category), "{text:?} not flagged as {category}");
        let engine = PolicyEngine::new(Policy::strict_gdpr_art9());
        let d = engine.evaluate(&ctx().build(), &c);
        prop_assert!(!d.is_allowed());
        prop_assert!(d.interests().is_empty());
    }

    #[test]
    fn a_hiding_character_anywhere_in_a_sensitive_term_changes_nothing(
        idx in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        hiding in hiding_char(),
        before in prop::collection::vec(prop::sample::select(FILLER), 0..8),
        after in prop::collection::vec(prop::sample::select(FILLER), 0..8),
    ) {
        let (term, category) = SENSITIVE[idx.index(SENSITIVE.len())];
        let chars: Vec<char> = term.chars().collect();
        let at = at.index(chars.len() + 1);
        let hidden: String = chars[..at].iter().chain(std::iter::once(&hiding)).chain(&chars[at..]).collect();
        let text = format!("{} {hidden} {}", before.join(" "), after.join(" "));
        let c = Classifier::builtin().classify(&text, None);
        prop_assert!(c.sensitive().contains(category), "{text:?} not flagged as {category}");
        prop_assert!(!PolicyEngine::new(Policy::strict_gdpr_art9()).evaluate(&ctx().build(), &c).is_allowed());
    }

    #[test]
    fn unknown_regions_are_always_denied(code in "[A-Za-z0-9 ]{0,4}|\\PC{0,3}") {
        if let Ok(region) = code.parse::<Region>() {
            // Parsed: then it is a real, assigned code.
            prop_assert_eq!(region.as_str().len(), 2);
        } else {
            let c = MessageContext::builder().at("2026-02-01T12:00:00Z".parse().unwrap()).age(30).build();
            let d = PolicyEngine::new(Policy::announced_rollout())
                .evaluate(&c, &Classifier::builtin().classify("flights to Rome", None));
            prop_assert!(d.reasons().contains(&DenyReason::RegionUnknown));
        }
    }

    #[test]
    fn no_ingest_merge_deserialize_sequence_yields_a_sensitive_id(
        texts in prop::collection::vec(prop::sample::select(MESSAGES), 1..6),
        days in prop::collection::vec(0i64..90, 6),
        tamper in any::<prop::sample::Index>(),
    ) {
        let classifier = Classifier::builtin();
        let engine = PolicyEngine::new(Policy::announced_rollout());
        let mut a = InterestProfile::new("a").unwrap();
        let mut b = InterestProfile::new("b").unwrap();
        for (i, text) in texts.iter().enumerate() {
            let at = Timestamp::from_unix_seconds(1_767_225_600 + days[i] * 86_400).unwrap();
            let d = engine.evaluate(&ctx().at(at).build(), &classifier.classify(text, None));
            if let Some(allowed) = d.allowed() {
                if i % 2 == 0 { a.ingest(allowed); } else { b.ingest(allowed); }
            }
        }
        let mut ab = a.clone();
        ab.merge(&b).unwrap();
        let mut ba = b.clone();
        ba.merge(&a).unwrap();
        let as_of = Timestamp::from_unix_seconds(1_767_225_600 + 100 * 86_400).unwrap();
        let (x, y) = (ab.top(100, as_of), ba.top(100, as_of));
        prop_assert_eq!(x.len(), y.len());
        for ((i, s), (j, t)) in x.iter().zip(&y) {
            prop_assert_eq!(i, j);
            prop_assert!((s - t).abs() < 1e-9);
        }
        let json = serde_json::to_string(&ab).unwrap();
        let back: InterestProfile = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &ab);
        // Swap one stored id for an arbitrary taxonomy node: sensitive or unknown ones must be refused.
        let topics: Vec<Topic> = Topic::all().collect();
        let victim = topics[tamper.index(topics.len())];
        if let Some((first, _)) = ab.top(1, as_of).first() {
            // Version 2 stores each interest as an array led by its IAB id.
            let (from, to) = (format!("[\"{}\",", first.iab_id()), format!("[\"{}\",", victim.iab_id()));
            prop_assert!(json.contains(&from), "{} in {}", from, json);
            let forged = json.replacen(&from, &to, 1);
            if let Ok(p) = serde_json::from_str::<InterestProfile>(&forged) {
                for (id, _) in p.top(1000, as_of) {
                    prop_assert!(Topic::from(id).sensitive().is_none());
                }
                prop_assert!(victim.sensitive().is_none());
            }
        }
        for (id, _) in back.top(1000, as_of) {
            prop_assert!(Topic::from(id).sensitive().is_none());
        }
    }

    #[test]
    fn merge_is_associative(
        texts in prop::collection::vec(prop::sample::select(MESSAGES), 3..9),
        days in prop::collection::vec(0i64..60, 9),
    ) {
        let classifier = Classifier::builtin();
        let engine = PolicyEngine::new(Policy::announced_rollout());
        let mut ps = [InterestProfile::new("p").unwrap(), InterestProfile::new("p").unwrap(), InterestProfile::new("p").unwrap()];
        for (i, text) in texts.iter().enumerate() {
            let at = Timestamp::from_unix_seconds(1_767_225_600 + days[i] * 86_400).unwrap();
            if let Some(allowed) = engine.evaluate(&ctx().at(at).build(), &classifier.classify(text, None)).allowed() {
                ps[i % 3].ingest(allowed);
            }
        }
        let mut left = ps[0].clone();
        left.merge(&ps[1]).unwrap();
        left.merge(&ps[2]).unwrap();
        let mut bc = ps[1].clone();
        bc.merge(&ps[2]).unwrap();
        let mut right = ps[0].clone();
        right.merge(&bc).unwrap();
        let as_of = Timestamp::from_unix_seconds(1_767_225_600 + 61 * 86_400).unwrap();
        let (x, y) = (left.top(100, as_of), right.top(100, as_of));
        prop_assert_eq!(x.len(), y.len());
        for ((i, s), (j, t)) in x.iter().zip(&y) {
            prop_assert_eq!(i, j);
            prop_assert!((s - t).abs() < 1e-9);
        }
    }
}

const MESSAGES: &[&str] = &[
    "cheap flights to Rome",
    "best trail running shoes",
    "which laptop for video editing",
    "Bundesliga Ergebnisse heute",
    "recipe for banana bread",
    "my diabetes is acting up",
    "PlayStation 5 games for kids",
    "Wohnung mit Balkon in Hamburg mieten",
    "I pray every morning at church",
    "new sofa for the living room",
    "Tipps für den Urlaub in Italien",
    "electric car charging at home",
];

#[path = "support/eval.rs"]
mod eval;

/// A disguise with a target of zero misses (the evaluation's own), applied to every word of a term.
fn disguise_term(term: &str, kind: usize) -> String {
    use eval::Disguise::*;
    let disguise = [FullWidth, LookAlike, Decomposed, Leetspeak, Voice][kind];
    let words = term.split_whitespace().count();
    disguise
        .apply(term, &vec![true; words], &vec![true; words])
        .swap_remove(0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, .. ProptestConfig::default() })]

    #[test]
    fn disguised_sensitive_terms_are_still_flagged(
        idx in any::<prop::sample::Index>(),
        kind in 0usize..5,
        before in prop::collection::vec(prop::sample::select(FILLER), 0..6),
        after in prop::collection::vec(prop::sample::select(FILLER), 0..6),
    ) {
        let (term, category) = SENSITIVE[idx.index(SENSITIVE.len())];
        // Leetspeak hides digits in words: terms that are (or hold) numbers are left to the other disguises.
        prop_assume!(!(kind == 3 && term.chars().any(|c| c.is_ascii_digit())));
        let disguised = disguise_term(term, kind);
        // A leet word that starts with a digit and ends in a unit ("ekg" -> "3kg") reads as a quantity.
        prop_assume!(!(kind == 3 && disguised.split(' ').any(|w| w.starts_with(|c: char| c.is_ascii_digit()))));
        let text = format!("{} {} {}", before.join(" "), disguised, after.join(" "));
        let c = Classifier::builtin().classify(&text, None);
        prop_assert!(c.sensitive().contains(category), "{text:?} (disguise {kind}) not flagged as {category}");
    }
}

/// The classifier without the learned model: the lexicon alone.
static LEXICON_ONLY: Lazy<Classifier> =
    Lazy::new(|| Classifier::builder().sensitive_model(None).build().unwrap());

/// Text of sensitive terms, filler, and arbitrary characters.
fn mixed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(FILLER).prop_map(str::to_owned),
        2 => any::<prop::sample::Index>().prop_map(|i| SENSITIVE[i.index(SENSITIVE.len())].0.to_owned()),
        1 => "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..14).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, .. ProptestConfig::default() })]

    /// Monotone by construction: the model never removes a category the lexicon found, never changes
    /// the interests, and what it adds is exactly what it flagged.
    #[test]
    fn the_model_only_adds_sensitive_categories(text in mixed_text()) {
        let with = Classifier::builtin().classify(&text, None);
        let without = LEXICON_ONLY.classify(&text, None);
        prop_assert_eq!(with.sensitive_by_lexicon(), without.sensitive());
        prop_assert!(with.sensitive().is_superset(without.sensitive()), "{:?}", text);
        prop_assert_eq!(with.sensitive(), without.sensitive().union(with.sensitive_by_model()));
        prop_assert_eq!(with.interests(), without.interests());
        prop_assert_eq!(with.language(), without.language());
        // A policy never allows with the model what it denies without it.
        let engine = PolicyEngine::new(Policy::announced_rollout());
        let ctx = ctx().build();
        prop_assert!(!engine.evaluate(&ctx, &with).is_allowed() || engine.evaluate(&ctx, &without).is_allowed());
    }

    /// The lexicon's guarantee does not lean on the model: every sensitive term is flagged without it.
    #[test]
    fn any_sensitive_term_is_flagged_by_the_lexicon_alone(
        idx in any::<prop::sample::Index>(),
        before in prop::collection::vec(prop::sample::select(FILLER), 0..8),
        after in prop::collection::vec(prop::sample::select(FILLER), 0..8),
    ) {
        let (term, category) = SENSITIVE[idx.index(SENSITIVE.len())];
        let text = format!("{} {term} {}", before.join(" "), after.join(" "));
        prop_assert!(LEXICON_ONLY.classify(&text, None).sensitive().contains(category), "{:?}", text);
    }
}
