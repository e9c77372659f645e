//! The labelled evaluation set (`testdata/eval/{en,de}.tsv`, read by `testdata/eval.rs`) and its figures. Shared by `tests/eval.rs`
//! and `examples/eval.rs` (`cargo run --release --example eval`).
//!
//! Lines: `kind<TAB>label<TAB>text`; kind `sensitive` (label: category), `benign` or `trap`
//! (label: expected IAB tier-1 id).

#![allow(dead_code)]

use std::fmt;

use chat_interests::{
    Classifier, Language, MessageContext, Policy, PolicyEngine, SensitiveCategory,
};

#[path = "../../testdata/eval.rs"]
mod testdata;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sensitive(SensitiveCategory),
    Benign(&'static str),
    Trap(&'static str),
}

#[derive(Debug, Clone)]
pub struct Case {
    pub lang: Language,
    pub line: usize,
    pub kind: Kind,
    pub text: &'static str,
}

/// Every case of the evaluation set, typed.
pub fn cases() -> Vec<Case> {
    testdata::rows()
        .into_iter()
        .map(|r| {
            let at = || format!("testdata/eval/{}.tsv line {}", r.lang, r.line);
            let kind = match r.kind {
                "sensitive" => {
                    Kind::Sensitive(r.label.parse().unwrap_or_else(|e| panic!("{}: {e}", at())))
                }
                "benign" => Kind::Benign(r.label),
                _ => Kind::Trap(r.label),
            };
            Case {
                lang: r.lang.parse().unwrap_or_else(|e| panic!("{}: {e}", at())),
                line: r.line,
                kind,
                text: r.text,
            }
        })
        .collect()
}

#[derive(Debug, Default, Clone)]
pub struct Figures {
    pub sensitive: usize,
    pub flagged: usize,
    pub right_category: usize,
    pub leaked: usize,
    pub benign: usize,
    pub false_sensitive: usize,
    pub top1: usize,
    pub top3: usize,
    pub no_interest: usize,
    pub misses: Vec<String>,
}

impl Figures {
    pub fn recall(&self) -> f64 {
        ratio(self.flagged, self.sensitive)
    }
    pub fn false_sensitive_rate(&self) -> f64 {
        ratio(self.false_sensitive, self.benign)
    }
    pub fn top1_rate(&self) -> f64 {
        ratio(self.top1, self.benign)
    }
    pub fn top3_rate(&self) -> f64 {
        ratio(self.top3, self.benign)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Runs every case through the built-in classifier and the announced-rollout policy (with a context that
/// passes every other gate), per language.
pub fn evaluate(cases: &[Case]) -> Vec<(Language, Figures)> {
    let classifier = Classifier::builtin();
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let ctx = MessageContext::builder()
        .at("2026-02-01T12:00:00Z".parse().expect("valid"))
        .region("US".parse().expect("valid"))
        .age(30)
        .build();
    let mut out = Vec::new();
    for &lang in Language::ALL {
        let mut f = Figures::default();
        for case in cases.iter().filter(|c| c.lang == lang) {
            let c = classifier.classify(case.text, None);
            let d = engine.evaluate(&ctx, &c);
            let flagged = !engine.sensitive_in(&c).is_empty();
            match case.kind {
                Kind::Sensitive(cat) => {
                    f.sensitive += 1;
                    f.flagged += usize::from(flagged);
                    f.right_category += usize::from(c.sensitive().contains(cat));
                    if !d.interests().is_empty() {
                        f.leaked += 1;
                    }
                    if !flagged {
                        f.misses.push(format!(
                            "{}:{} missed {cat}: {}",
                            lang, case.line, case.text
                        ));
                    }
                }
                Kind::Benign(tier1) | Kind::Trap(tier1) => {
                    f.benign += 1;
                    if flagged {
                        f.false_sensitive += 1;
                        let cats: Vec<_> = c.sensitive().iter().map(|c| c.name()).collect();
                        f.misses.push(format!(
                            "{}:{} false {}: {}",
                            lang,
                            case.line,
                            cats.join(","),
                            case.text
                        ));
                    }
                    let mut tiers: Vec<&str> = Vec::new();
                    for s in c.interests() {
                        let t = s.id().tier1().iab_id();
                        if !tiers.contains(&t) {
                            tiers.push(t);
                        }
                    }
                    if tiers.is_empty() {
                        f.no_interest += 1;
                    }
                    f.top1 += usize::from(tiers.first() == Some(&tier1));
                    let hit3 = tiers.iter().take(3).any(|t| *t == tier1);
                    f.top3 += usize::from(hit3);
                    if !hit3 {
                        let got: Vec<_> = c
                            .interests()
                            .iter()
                            .take(3)
                            .map(|s| format!("{}>{}", s.id().tier1().name(), s.id().name()))
                            .collect();
                        f.misses.push(format!(
                            "{}:{} expected {tier1}, got [{}]: {}",
                            lang,
                            case.line,
                            got.join("; "),
                            case.text
                        ));
                    }
                }
            }
        }
        out.push((lang, f));
    }
    out
}

pub struct Table<'a>(pub &'a [(Language, Figures)]);

impl fmt::Display for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "| set | sensitive msgs | recall (flagged) | right category | contributed an interest | benign+trap msgs | false-sensitive | top-1 tier-1 | top-3 tier-1 |")?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        for (lang, x) in self.0 {
            writeln!(
                f,
                "| {} | {} | {:.1}% | {:.1}% | {} | {} | {:.1}% | {:.1}% | {:.1}% |",
                lang.code(),
                x.sensitive,
                100.0 * x.recall(),
                100.0 * ratio(x.right_category, x.sensitive),
                x.leaked,
                x.benign,
                100.0 * x.false_sensitive_rate(),
                100.0 * x.top1_rate(),
                100.0 * x.top3_rate()
            )?;
        }
        Ok(())
    }
}

/// The ways people disguise sensitive words (issue: sensitive exclusion against disguised text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disguise {
    Case,
    FullWidth,
    Invisible,
    LookAlike,
    Decomposed,
    Transliterated,
    Leetspeak,
    Spaced,
    Dotted,
    Misspelled,
    Voice,
    Controls,
    InnerWhitespace,
}

/// Characters that render as nothing, found by probing (controls, fillers, tags, format characters).
const HIDING: [char; 13] = [
    '\u{1}',
    '\u{7F}',
    '\u{9F}',
    '\u{34F}',
    '\u{3164}',
    '\u{180E}',
    '\u{2800}',
    '\u{FFF9}',
    '\u{1D173}',
    '\u{E0041}',
    '\u{600}',
    '\u{110BD}',
    '\u{FDD0}',
];

/// Whitespace other than a typed space: tab, no-break space, line separator, newline, wide spaces.
const INNER_SPACES: [char; 6] = ['\t', '\u{A0}', '\u{2028}', '\n', '\u{3000}', '\u{202F}'];

impl Disguise {
    pub const ALL: [Disguise; 13] = [
        Disguise::Case,
        Disguise::FullWidth,
        Disguise::Invisible,
        Disguise::LookAlike,
        Disguise::Decomposed,
        Disguise::Transliterated,
        Disguise::Leetspeak,
        Disguise::Spaced,
        Disguise::Dotted,
        Disguise::Misspelled,
        Disguise::Voice,
        Disguise::Controls,
        Disguise::InnerWhitespace,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Disguise::Case => "case mix",
            Disguise::FullWidth => "full-width",
            Disguise::Invisible => "invisible characters",
            Disguise::LookAlike => "look-alike letters",
            Disguise::Decomposed => "decomposed (NFD)",
            Disguise::Transliterated => "transliterated (both ways)",
            Disguise::Leetspeak => "leetspeak",
            Disguise::Spaced => "spaced letters",
            Disguise::Dotted => "dotted letters",
            Disguise::Misspelled => "one-letter misspelling",
            Disguise::Voice => "voice transcript",
            Disguise::Controls => "control and format characters inside a word",
            Disguise::InnerWhitespace => "whitespace inside a word (tab, NBSP, U+2028, …)",
        }
    }

    /// Target share of disguised sensitive messages that may get through.
    pub fn target(self) -> f64 {
        match self {
            Disguise::Spaced
            | Disguise::Dotted
            | Disguise::Misspelled
            | Disguise::InnerWhitespace => 0.05,
            _ => 0.0,
        }
    }

    /// Disguised variants of `text`; `bearing[i]` says whether whitespace token `i` carries the sensitive
    /// meaning (those are the ones disguised), `alone[i]` whether it is flagged on its own. Every variant
    /// must be flagged.
    pub fn apply(self, text: &str, bearing: &[bool], alone: &[bool]) -> Vec<String> {
        use unicode_normalization::UnicodeNormalization;
        let tokens: Vec<&str> = text.split_whitespace().collect();
        let map_tokens = |f: &dyn Fn(&str) -> String| -> String {
            tokens
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    if bearing.get(i).copied().unwrap_or(false) {
                        f(t)
                    } else {
                        (*t).to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let letters = |t: &str, f: &dyn Fn(usize, char) -> String| -> String {
            t.chars()
                .enumerate()
                .map(|(i, c)| {
                    if c.is_alphabetic() {
                        f(i, c)
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        };
        // One variant per character, put in the middle of every meaning-bearing word.
        let inserted = |chars: &[char]| -> Vec<String> {
            chars
                .iter()
                .map(|&x| {
                    map_tokens(&|t| {
                        let cs: Vec<char> = t.chars().collect();
                        let mid = cs.len() / 2;
                        cs[..mid]
                            .iter()
                            .chain(std::iter::once(&x))
                            .chain(&cs[mid..])
                            .collect()
                    })
                })
                .collect()
        };
        match self {
            Disguise::Controls => inserted(&HIDING),
            Disguise::InnerWhitespace => inserted(&INNER_SPACES),
            Disguise::Case => vec![map_tokens(&|t| {
                letters(t, &|i, c| {
                    if i % 2 == 0 {
                        c.to_uppercase().collect()
                    } else {
                        c.to_lowercase().collect()
                    }
                })
            })],
            Disguise::FullWidth => vec![map_tokens(&|t| {
                t.chars()
                    .map(|c| {
                        if ('!'..='~').contains(&c) {
                            char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
                        } else {
                            c
                        }
                    })
                    .collect()
            })],
            Disguise::Invisible => vec![map_tokens(&|t| {
                const INV: [char; 6] = [
                    '\u{200B}', '\u{00AD}', '\u{200D}', '\u{2060}', '\u{200E}', '\u{FE0F}',
                ];
                t.chars()
                    .enumerate()
                    .map(|(i, c)| format!("{c}{}", INV[i % INV.len()]))
                    .collect()
            })],
            Disguise::LookAlike => vec![map_tokens(&|t| {
                t.chars()
                    .map(|c| match c {
                        'a' => 'а',
                        'e' => 'е',
                        'o' => 'о',
                        'p' => 'р',
                        'c' => 'с',
                        'x' => 'х',
                        'y' => 'у',
                        'i' => 'і',
                        'A' => 'Α',
                        'E' => 'Ε',
                        'O' => 'Ο',
                        'T' => 'Τ',
                        'H' => 'Η',
                        'K' => 'Κ',
                        'M' => 'М',
                        'B' => 'В',
                        c => c,
                    })
                    .collect()
            })],
            Disguise::Decomposed => vec![text.nfd().collect()],
            Disguise::Transliterated => vec![
                text.replace('ä', "ae")
                    .replace('ö', "oe")
                    .replace('ü', "ue")
                    .replace('ß', "ss")
                    .replace('Ä', "Ae")
                    .replace('Ö', "Oe")
                    .replace('Ü', "Ue"),
                text.replace("ae", "ä")
                    .replace("oe", "ö")
                    .replace("ue", "ü"),
            ],
            Disguise::Leetspeak => vec![map_tokens(&|t| {
                t.chars()
                    .map(|c| match c.to_ascii_lowercase() {
                        'a' => '4',
                        'e' => '3',
                        'i' => '1',
                        'o' => '0',
                        's' => '$',
                        't' => '7',
                        _ => c,
                    })
                    .collect()
            })],
            Disguise::Spaced => vec![map_tokens(&|t| {
                t.chars().map(String::from).collect::<Vec<_>>().join(" ")
            })],
            Disguise::Dotted => vec![map_tokens(&|t| {
                t.chars().map(String::from).collect::<Vec<_>>().join(".")
            })],
            Disguise::Misspelled => {
                // Drop a middle letter of the longest sensitive word: "depression" -> "depresion".
                let letters = |i: &usize| tokens[*i].chars().filter(|c| c.is_alphabetic()).count();
                let longest = (0..tokens.len())
                    .filter(|i| bearing.get(*i).copied().unwrap_or(false))
                    .max_by_key(|i| (alone.get(*i).copied().unwrap_or(false), letters(i)));
                let misspelled: Vec<String> = tokens
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let chars: Vec<char> = t.chars().collect();
                        if Some(i) != longest
                            || chars.iter().filter(|c| c.is_alphabetic()).count() < 7
                        {
                            return (*t).to_owned();
                        }
                        let mid = chars.len() / 2;
                        chars
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != mid)
                            .map(|(_, c)| c)
                            .collect()
                    })
                    .collect();
                vec![misspelled.join(" ")]
            }
            Disguise::Voice => {
                // Lower case, no punctuation (hyphens become spaces), fillers, single digits as words.
                let cleaned: String = text
                    .to_lowercase()
                    .chars()
                    .filter(|c| *c != '\'')
                    .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                    .collect();
                let words: Vec<String> = cleaned.split_whitespace().map(str::to_owned).collect();
                let filler = if text.contains(|c| "äöüß".contains(c)) {
                    "äh"
                } else {
                    "um"
                };
                let mut out = Vec::new();
                for (i, w) in words.iter().enumerate() {
                    if i % 4 == 1 {
                        out.push(filler.to_owned());
                    }
                    out.push(match w.as_str() {
                        "1" => "one".to_owned(),
                        "2" => "two".to_owned(),
                        "3" => "three".to_owned(),
                        _ => w.clone(),
                    });
                }
                vec![out.join(" ")]
            }
        }
    }
}

/// Which whitespace tokens carry the sensitive meaning of `text`: the message is no longer flagged
/// without them, or they are flagged alone. Falls back to every token when none stands out.
pub fn bearing_tokens(
    classifier: &Classifier,
    engine: &PolicyEngine,
    text: &str,
) -> (Vec<bool>, Vec<bool>) {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let flagged = |t: &str| {
        !engine
            .sensitive_in(&classifier.classify(t, None))
            .is_empty()
    };
    let alone: Vec<bool> = tokens.iter().map(|t| flagged(t)).collect();
    let mut bearing: Vec<bool> = (0..tokens.len())
        .map(|i| {
            let without: Vec<&str> = tokens
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, t)| *t)
                .collect();
            !flagged(&without.join(" ")) || alone[i]
        })
        .collect();
    if !bearing.iter().any(|b| *b) {
        bearing = vec![true; tokens.len()];
    }
    (bearing, alone)
}

/// One row of the disguise table.
pub struct DisguiseRow {
    pub lang: Language,
    pub disguise: Disguise,
    /// Sensitive messages disguised.
    pub messages: usize,
    /// How many got through the lexicon alone, and the lexicon with the learned model.
    pub through_lexicon: usize,
    pub through: usize,
    /// A disguised text of each message that got through the combined detector.
    pub examples: Vec<String>,
}

/// Per language and disguise: sensitive messages, and how many got through each detector. The words
/// to disguise are the ones the lexicon flags (as before the model existed).
pub fn evaluate_disguises(cases: &[Case]) -> Vec<DisguiseRow> {
    let combined = Classifier::builtin();
    let lexicon = Classifier::builder()
        .sensitive_model(None)
        .build()
        .expect("the built-in lexicons build");
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let through = |c: &Classifier, v: &str| engine.sensitive_in(&c.classify(v, None)).is_empty();
    let mut out = Vec::new();
    for &lang in Language::ALL {
        let sensitive: Vec<&Case> = cases
            .iter()
            .filter(|c| c.lang == lang && matches!(c.kind, Kind::Sensitive(_)))
            .collect();
        let bearing: Vec<(Vec<bool>, Vec<bool>)> = sensitive
            .iter()
            .map(|c| bearing_tokens(&lexicon, &engine, c.text))
            .collect();
        for d in Disguise::ALL {
            let mut row = DisguiseRow {
                lang,
                disguise: d,
                messages: sensitive.len(),
                through_lexicon: 0,
                through: 0,
                examples: Vec::new(),
            };
            for (case, (b, alone)) in sensitive.iter().zip(&bearing) {
                let variants = d.apply(case.text, b, alone);
                row.through_lexicon += usize::from(variants.iter().any(|v| through(&lexicon, v)));
                if let Some(v) = variants.iter().find(|v| through(&combined, v)) {
                    row.through += 1;
                    row.examples
                        .push(format!("{}:{} {}: {}", lang, case.line, d.name(), v));
                }
            }
            out.push(row);
        }
    }
    out
}

pub struct DisguiseTable<'a>(pub &'a [DisguiseRow]);

impl fmt::Display for DisguiseTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "| disguise | target | en through: lexicon | with the model | de through: lexicon | with the model |")?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|")?;
        let share = |t: usize, n: usize| format!("{t}/{n} ({:.1}%)", 100.0 * ratio(t, n));
        for d in Disguise::ALL {
            let cells = |lang: Language| {
                self.0
                    .iter()
                    .find(|r| r.lang == lang && r.disguise == d)
                    .map(|r| {
                        format!(
                            "{} | {}",
                            share(r.through_lexicon, r.messages),
                            share(r.through, r.messages)
                        )
                    })
                    .unwrap_or_default()
            };
            writeln!(
                f,
                "| {} | ≤{:.0}% | {} | {} |",
                d.name(),
                100.0 * d.target(),
                cells(Language::English),
                cells(Language::German)
            )?;
        }
        Ok(())
    }
}
