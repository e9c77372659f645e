//! The interest-lexicon audit: an interest term that the WordNet closure rule (English,
//! [`crate::closures`]) or the OMW rule (German, [`crate::german`]) makes a sensitive term reads as
//! sensitive, so it is never an interest, unless a reviewed exception in
//! `tools/lexgen/data/interest-audit.tsv` says why the interest reading is the one chat means ("god of
//! war" the video game, "Bienenstich" the cake). `lexgen` and `lexgen --check` fail on any other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::text::read;

/// What the audit found: `(file, line, term, category, source)` of each interest term that reads as
/// sensitive and has no exception, and the exceptions no interest term needs any more.
pub struct Findings {
    pub sensitive: Vec<(String, usize, String, &'static str, String)>,
    pub stale_exceptions: Vec<String>,
    /// How many exceptions an interest term needed.
    pub excepted: usize,
}

/// `english` and `german`: folded term -> (category, source record), from the closure rules.
pub fn sensitive_interests(
    repo: &Path,
    english: &BTreeMap<String, (&'static str, String)>,
    german: &BTreeMap<String, (&'static str, String)>,
) -> Findings {
    let exceptions_text = read(&repo.join(EXCEPTIONS));
    let exceptions: BTreeSet<(String, String)> = exceptions_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(
                f.len() == 3 && !f[2].trim().is_empty(),
                "{EXCEPTIONS}: file, term and reason: {l:?}"
            );
            (
                f[0].to_owned(),
                chat_interests::fold(f[1]).trim().to_owned(),
            )
        })
        .collect();
    let mut used = BTreeSet::new();
    let mut sensitive = Vec::new();
    for (file, terms) in [("en/interests.tsv", english), ("de/interests.tsv", german)] {
        let text = read(&repo.join("data/lexicon").join(file));
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let raw = line.split('\t').next().unwrap_or_default();
            let term = chat_interests::fold(raw).trim().to_owned();
            let Some((category, source)) = terms.get(&term) else {
                continue;
            };
            let key = (file.to_owned(), term);
            if exceptions.contains(&key) {
                used.insert(key);
            } else {
                sensitive.push((
                    file.to_owned(),
                    i + 1,
                    raw.to_owned(),
                    *category,
                    source.clone(),
                ));
            }
        }
    }
    Findings {
        sensitive,
        stale_exceptions: exceptions
            .difference(&used)
            .map(|(f, t)| format!("{f}\t{t}"))
            .collect(),
        excepted: used.len(),
    }
}

/// The reviewed exceptions: file, term, why the interest reading is the one chat means.
pub const EXCEPTIONS: &str = "tools/lexgen/data/interest-audit.tsv";
