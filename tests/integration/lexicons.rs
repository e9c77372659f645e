//! Integrity of the built-in data: every term maps to something known, counts meet the floor,
//! and no interest term would be read as sensitive.

use std::collections::{BTreeSet, HashMap};

use chat_interests::lexicon::{self, Kind};
use chat_interests::normalize::fold;
use chat_interests::*;

fn rows(lang: Language, kind: Kind) -> Vec<(usize, Vec<&'static str>)> {
    lexicon::BUILTIN_FILES
        .iter()
        .filter(|(l, k, _, _)| *l == lang && *k == kind)
        .flat_map(|(_, _, _, text)| text.lines().enumerate())
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(n, l)| (n + 1, l.split('\t').map(str::trim).collect()))
        .collect()
}

#[test]
fn interest_lexicons_cover_the_taxonomy() {
    let all_tier1: BTreeSet<InterestId> = InterestId::all().filter(|i| i.tier() == 1).collect();
    for lang in Language::ALL {
        let rows = rows(lang, Kind::Interests);
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
    for lang in Language::ALL {
        let rows = rows(lang, Kind::Sensitive);
        assert!(rows.len() >= 800, "{lang}: {} sensitive terms", rows.len());
        let mut per: HashMap<SensitiveCategory, usize> = HashMap::new();
        for (_, r) in &rows {
            *per.entry(r[1].parse().unwrap()).or_default() += 1;
        }
        for c in SensitiveCategory::ANNOUNCED {
            assert!(
                per.get(&c).copied().unwrap_or(0) >= 20,
                "{lang}: {c} has {:?} terms",
                per.get(&c)
            );
        }
    }
}

#[test]
fn no_duplicate_terms_within_a_file() {
    for (_, kind, name, text) in lexicon::BUILTIN_FILES {
        let mut seen = HashMap::new();
        for (n, l) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        {
            // Identity and pair lines are whole rules; other files are keyed by their term.
            let term = match kind {
                Kind::Identity | Kind::Pairs => fold(l),
                _ => fold(l.split('\t').next().unwrap()),
            };
            if let Some(first) = seen.insert(term.clone(), n + 1) {
                panic!("{name}: {term:?} on lines {first} and {}", n + 1);
            }
        }
    }
}

#[test]
fn no_interest_term_reads_as_sensitive() {
    let classifier = Classifier::builtin();
    let mut bad = Vec::new();
    for lang in Language::ALL {
        for (line, r) in rows(lang, Kind::Interests) {
            let c = classifier.classify(r[0], Some(lang));
            if !c.sensitive().is_empty() {
                bad.push(format!(
                    "{lang}/interests.tsv:{line} {:?} -> {:?}",
                    r[0],
                    c.sensitive()
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} interest terms read as sensitive:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn every_sensitive_term_is_detected_alone() {
    let classifier = Classifier::builtin();
    let mut bad = Vec::new();
    for lang in Language::ALL {
        for (line, r) in rows(lang, Kind::Sensitive) {
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

#[test]
fn no_trap_is_itself_a_sensitive_term() {
    for lang in Language::ALL {
        let sensitive: BTreeSet<String> = rows(lang, Kind::Sensitive)
            .iter()
            .map(|(_, r)| fold(r[0]))
            .collect();
        for (line, r) in rows(lang, Kind::Traps) {
            assert!(
                !sensitive.contains(&fold(r[0])),
                "{lang}/traps.tsv:{line} {:?}",
                r[0]
            );
        }
    }
}
