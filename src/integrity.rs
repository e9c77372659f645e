//! The shipped data, checked whole: every embedded file loads through its one strict loader with as
//! many records as it has data lines, and the lexicons are consistent with each other and with the
//! classifier. Because this passes, the `expect`s on first use of the built-in data never fire.

use std::collections::{BTreeSet, HashMap};

use crate::category::SensitiveCategory;
use crate::classify::Classifier;
use crate::data::{self, DataFile};
use crate::language::{words, Language};
use crate::lexicon::builtin::{builtin_lexicons, LexiconFile};
use crate::lexicon::parse::parse;
use crate::lexicon::LexiconKind;
use crate::taxonomy::tree::Taxonomy;
use crate::taxonomy::InterestId;
use crate::text::fold::fold;
use crate::util::tsv::{self, record_lines};

fn lines(f: &DataFile) -> usize {
    record_lines(f.text, f.header_lines)
}

#[test]
fn every_data_file_loads_with_one_record_per_data_line() {
    let t = Taxonomy::load(&data::TAXONOMY, &data::SENSITIVE_NODES).unwrap();
    assert_eq!(t.nodes.len(), lines(&data::TAXONOMY));
    assert_eq!(t.nodes.len(), 704);
    assert_eq!(t.rules, lines(&data::SENSITIVE_NODES));
    assert_eq!(
        crate::region::load(&data::REGIONS).unwrap().len(),
        lines(&data::REGIONS)
    );
    assert_eq!(words::stop_words().len(), lines(&data::STOP_WORDS));
    assert_eq!(words::common_words().len(), lines(&data::COMMON_WORDS));
    let confusables = crate::text::confusables::load(&data::CONFUSABLES).unwrap();
    assert_eq!(confusables.len(), lines(&data::CONFUSABLES));
    for f in builtin_lexicons() {
        let records = parse(f.language(), f.kind(), f.name(), f.text(), &mut Vec::new()).unwrap();
        assert_eq!(records, record_lines(f.text(), 0), "{}", f.name());
    }
    // Seven kinds per language, plus the English HolisticBias file and a food file per language.
    assert_eq!(builtin_lexicons().len(), 2 * 8 + 1);
}

#[test]
fn the_strict_loaders_name_file_line_and_column() {
    let bad = DataFile {
        name: "bad.tsv",
        text: "# codes\nUS\tUnited States\nusa\tx\n",
        header_lines: 0,
    };
    let e = crate::region::load(&bad).unwrap_err();
    assert_eq!((e.line, e.column), (3, Some(1)), "{e}");
    let bad = DataFile {
        name: "bad.tsv",
        text: "а\ta\nб\tbb\n",
        header_lines: 0,
    };
    let e = crate::text::confusables::load(&bad).unwrap_err();
    assert_eq!((e.line, e.column), (2, Some(2)), "{e}");
}

/// `(line, fields)` of every record of the shipped lexicons of `lang` and `kind`, through the strict
/// reader.
fn rows(lang: Language, kind: LexiconKind) -> Vec<(usize, Vec<&'static str>)> {
    files(lang, kind)
        .flat_map(|f| tsv::records(f.name(), f.text(), 0))
        .map(|r| {
            let r = r.unwrap();
            (r.line(), r.fields().to_vec())
        })
        .collect()
}

fn files(lang: Language, kind: LexiconKind) -> impl Iterator<Item = &'static LexiconFile> {
    builtin_lexicons()
        .iter()
        .filter(move |f| f.language() == lang && f.kind() == kind)
}

#[test]
fn interest_lexicons_cover_the_taxonomy() {
    let all_tier1: BTreeSet<InterestId> = InterestId::all().filter(|i| i.tier() == 1).collect();
    for &lang in Language::ALL {
        let rows = rows(lang, LexiconKind::Interests);
        assert!(rows.len() >= 2000, "{lang}: {} interest terms", rows.len());
        let ids: BTreeSet<InterestId> = rows
            .iter()
            .map(|(_, r)| InterestId::new(r[1]).unwrap())
            .collect();
        assert!(ids.len() >= 250, "{lang}: {} distinct nodes", ids.len());
        let tier1: BTreeSet<InterestId> = ids.iter().map(|i| i.tier1()).collect();
        let missing: Vec<_> = all_tier1.difference(&tier1).collect();
        assert!(
            missing.is_empty(),
            "{lang}: tier-1s without terms: {missing:?}"
        );
    }
}

#[test]
fn sensitive_lexicons_cover_every_announced_category() {
    for &lang in Language::ALL {
        let rows = rows(lang, LexiconKind::Sensitive);
        assert!(rows.len() >= 800, "{lang}: {} sensitive terms", rows.len());
        let mut per: HashMap<SensitiveCategory, usize> = HashMap::new();
        for (_, r) in &rows {
            *per.entry(r[1].parse().unwrap()).or_default() += 1;
        }
        for &c in SensitiveCategory::ANNOUNCED {
            let n = per.get(&c).copied().unwrap_or(0);
            assert!(n >= 20, "{lang}: {c} has {n} terms");
        }
    }
}

#[test]
fn no_duplicate_terms_within_a_file() {
    for f in builtin_lexicons() {
        let mut seen = HashMap::new();
        for r in tsv::records(f.name(), f.text(), 0) {
            let r = r.unwrap();
            // Identity and pair lines are whole rules; other files are keyed by their term.
            let term = match f.kind() {
                LexiconKind::Identity | LexiconKind::Pairs => fold(&r.fields().join("\t")),
                _ => fold(r.fields()[0]),
            };
            if let Some(first) = seen.insert(term.clone(), r.line()) {
                panic!("{}: {term:?} on lines {first} and {}", f.name(), r.line());
            }
        }
    }
}

#[test]
fn no_interest_term_reads_as_sensitive() {
    let classifier = Classifier::builtin();
    let (mut bad, mut by_model, mut terms) = (Vec::new(), Vec::new(), 0usize);
    for &lang in Language::ALL {
        for (line, r) in rows(lang, LexiconKind::Interests) {
            terms += 1;
            let c = classifier.classify(r[0], Some(lang));
            // The lexicons must be consistent with each other: no exceptions.
            if !c.sensitive_by_lexicon().is_empty() {
                bad.push(format!(
                    "{lang}/interests.tsv:{line} {:?} -> {:?}",
                    r[0],
                    c.sensitive_by_lexicon()
                ));
            } else if !c.sensitive_by_model().is_empty() {
                by_model.push(format!("{lang} {:?} -> {:?}", r[0], c.model()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} interest terms read as sensitive:\n{}",
        bad.len(),
        bad.join("\n")
    );
    // The model may be unsure of a bare two-word phrase, but an interest vocabulary it keeps
    // flagging would starve the profile: at most 1% of the terms.
    assert!(
        by_model.len() * 100 <= terms,
        "the model flags {} of {terms} interest terms alone:\n{}",
        by_model.len(),
        by_model.join("\n")
    );
}

#[test]
fn every_sensitive_term_is_detected_alone() {
    let classifier = Classifier::builtin();
    let mut bad = Vec::new();
    for &lang in Language::ALL {
        for (line, r) in rows(lang, LexiconKind::Sensitive) {
            let c: SensitiveCategory = r[1].parse().unwrap();
            if !classifier
                .classify(r[0], Some(lang))
                .sensitive()
                .contains(c)
            {
                bad.push(format!("{lang}/sensitive.tsv:{line} {:?}", r[0]));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "sensitive terms not detected on their own (a trap hides them?):\n{}",
        bad.join("\n")
    );
}

/// The disguise pass reads the disguise fold of the message; a term of which that fold drops a word (a
/// voice filler such as "hm" in "hm treasury") or that keeps a letter outside ASCII (the Turkish "ı",
/// which only the disguise fold turns into "i") could be found in plain text but not in a disguised or
/// spoken one. Digits and number words are read alike by both folds.
#[test]
fn the_disguise_fold_keeps_every_sensitive_word() {
    let mut bad = Vec::new();
    // A term kept in its own letters ("bayramınız") is fine beside its ASCII spelling.
    let all: BTreeSet<String> = Language::ALL
        .iter()
        .flat_map(|&l| rows(l, LexiconKind::Sensitive))
        .map(|(_, r)| fold(r[0]).trim().to_owned())
        .collect();
    for &lang in Language::ALL {
        for f in files(lang, LexiconKind::Sensitive) {
            for (line, r) in f.rows() {
                let plain = fold(r[0]);
                let disguised = crate::text::disguise::fold_disguised(r[0]);
                let dropped =
                    plain.split_whitespace().count() != disguised.split_whitespace().count();
                if dropped || !(plain.is_ascii() || all.contains(disguised.trim())) {
                    bad.push(format!(
                        "{}:{line} {:?} -> {:?}",
                        f.name(),
                        r[0],
                        disguised.trim()
                    ));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{} terms:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn no_trap_is_itself_a_sensitive_term() {
    for &lang in Language::ALL {
        let sensitive: BTreeSet<String> = rows(lang, LexiconKind::Sensitive)
            .iter()
            .map(|(_, r)| fold(r[0]))
            .collect();
        for (line, r) in rows(lang, LexiconKind::Traps) {
            assert!(
                !sensitive.contains(&fold(r[0])),
                "{lang}/traps.tsv:{line} {:?}",
                r[0]
            );
        }
    }
}

#[test]
fn no_stop_word_belongs_to_two_languages() {
    let mut first: HashMap<&str, Language> = HashMap::new();
    for (w, lang) in words::stop_words() {
        if let Some(other) = first.insert(w, lang) {
            assert_eq!(
                other, lang,
                "stop word {w:?} is listed for {other} and {lang}"
            );
        }
    }
}

/// Every line of the identity and pair files takes effect: each identity word, after its group's first
/// frame (or before its first after-word), and the first phrases of both sides of each pair rule
/// together, are flagged.
#[test]
fn every_identity_and_pair_line_is_read() {
    let classifier = Classifier::builtin();
    let mut checked = 0;
    for &lang in Language::ALL {
        let identity = rows(lang, LexiconKind::Identity);
        let first = |kind: &str, group: &str| {
            identity
                .iter()
                .find(|(_, r)| r[0] == kind && r[1] == group)
                .map(|(_, r)| r[2])
        };
        for (line, r) in identity.iter().filter(|(_, r)| r[0] == "word") {
            let text = match (first("frame", r[1]), first("after", r[1])) {
                (Some(frame), _) => format!("{frame} {}", r[2]),
                (None, Some(after)) => format!("{} {after}", r[2]),
                (None, None) => {
                    panic!("{lang}/identity.tsv:{line}: group without frame or after-word")
                }
            };
            let c = classifier.classify(&text, Some(lang));
            assert!(
                c.sensitive().contains(SensitiveCategory::Ethnicity),
                "{lang}/identity.tsv:{line}: {text:?} not flagged"
            );
            checked += 1;
        }
        for (line, r) in rows(lang, LexiconKind::Pairs) {
            let category: SensitiveCategory = r[0].parse().unwrap();
            let side = |i: usize| r[i].split('|').next().unwrap().trim();
            let text = format!("{} and {}", side(1), side(2));
            let c = classifier.classify(&text, Some(lang));
            assert!(
                c.sensitive().contains(category),
                "{lang}/pairs.tsv:{line}: {text:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn the_shipped_model_loads_and_fits_its_limits() {
    let model = crate::model::SensitiveModel::from_bytes(data::MODEL_WEIGHTS)
        .and_then(|m| m.with_thresholds(data::MODEL_THRESHOLDS.name, data::MODEL_THRESHOLDS.text))
        .unwrap();
    // One threshold line per output, the outputs being the announced categories.
    assert_eq!(model.categories(), SensitiveCategory::ANNOUNCED);
    assert_eq!(lines(&data::MODEL_THRESHOLDS), model.categories().len());
    // At most 4 MB of weights, and the file is exactly what the model writes back.
    assert!(data::MODEL_WEIGHTS.len() <= 4 << 20);
    assert_eq!(model.to_bytes(), data::MODEL_WEIGHTS);
    for &c in model.categories() {
        if let Some(t) = model.threshold(c) {
            assert!((0.5..=1.0).contains(&t), "{c}: threshold {t}");
        }
    }
    // The model never flags empty text or text of no words.
    assert!(model.score("").flagged().is_empty());
    assert!(model.score("  ... !!! ").flagged().is_empty());
}
