//! Generates `data/lexicon/en/sensitive-generated.tsv` from authoritative vocabularies, deterministically:
//!
//! ```text
//! cargo run -p lexgen -- ../shared/vocab            # writes the file
//! cargo run -p lexgen -- ../shared/vocab --check    # fails if the committed file differs (CI)
//! ```
//!
//! Sources and rules (every line of the output names the record it came from):
//! - ICD-10-CM (CDC/NCHS tabular list, April 2026; US federal work, public domain): the titles and
//!   inclusion terms of the chapters of diseases, symptoms and injuries (codes A–U; the external causes
//!   V–Y and the factors of health status Z are not conditions). Qualifiers are stripped (the part after
//!   the first comma, "due to", "with", "without", "in", "of", parentheses, a leading "other" or
//!   "unspecified", laterality), and what remains is kept when it is one to three words of letters.
//! - DrugBank open vocabulary (CC0 1.0): common names and synonyms of drugs, one to three words of
//!   letters (INNs are mostly the same in German, and sensitive terms of every language are checked).
//! - Sense rule (Open English WordNet 2024, CC BY 4.0): a term that is a WordNet noun is kept only when
//!   its first, most frequent sense is a drug or medicine (lexicographer file noun.artifact, where
//!   WordNet puts "aspirin" and "sertraline") or a condition (noun.state: "insomnia", "fracture"); an
//!   everyday substance ("caffeine", "baking soda": noun.substance) or a plant ("heather") is not.
//!   Terms WordNet does not know (most clinical names and INNs) are kept.
//! - DrugBank names with a word whose first WordNet sense is a food, animal or plant (noun.food,
//!   noun.animal, noun.plant: the allergenic extracts "crab leg", "blue crab preparation") are dropped.
//! - Guards, for both: a single word must have at least five letters and not be one of the frequent
//!   words (`data/lang/common-words.tsv`: "iron", "water", "cold", "mass"); a term that is an interest
//!   term of either language is left to the curated lexicons; terms the curated sensitive file already
//!   has are not repeated.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const OUTPUT: &str = "data/lexicon/en/sensitive-generated.tsv";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The term as the matcher reads it (the crate's fold: lower case, diacritics and hyphens gone), when
/// it is one to three words of letters and no acronym ("ATIII" reads like the leetspeak "a7iii");
/// `None` otherwise.
fn normal(term: &str) -> Option<String> {
    let raw: Vec<&str> = term.split_whitespace().collect();
    let ok = !raw.is_empty()
        && raw.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                && w.chars().next().is_some_and(char::is_alphabetic)
                && w.chars().last().is_some_and(char::is_alphabetic)
                // An acronym: two capitals or more, nothing in lower case.
                && (w.chars().filter(|c| c.is_uppercase()).count() < 2
                    || w.chars().any(char::is_lowercase))
        });
    if !ok {
        return None;
    }
    let folded = chat_interests::fold(term);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let letters = words
        .iter()
        .all(|w| w.bytes().all(|b| b.is_ascii_lowercase()));
    (!words.is_empty() && words.len() <= 3 && letters).then(|| words.join(" "))
}

/// An ICD-10-CM title or inclusion term with its qualifiers stripped.
fn strip_qualifiers(desc: &str) -> String {
    let mut s = desc.to_lowercase();
    // A parenthesis qualifies ("morbid (severe) obesity"): it goes, the rest stays.
    while let (Some(a), Some(b)) = (s.find('('), s.find(')')) {
        if b < a {
            break;
        }
        s.replace_range(a..=b, " ");
    }
    if let Some(i) = s.find('(') {
        s.truncate(i);
    }
    if let Some(i) = s.find(',') {
        s.truncate(i);
    }
    for cut in [
        " due to ",
        " with ",
        " without ",
        " in ",
        " of ",
        " following ",
        " complicating ",
    ] {
        if let Some(i) = s.find(cut) {
            s.truncate(i);
        }
    }
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while let Some(first) = words.first() {
        if matches!(
            *first,
            "other" | "unspecified" | "right" | "left" | "bilateral" | "nos" | "a" | "an" | "the"
        ) {
            words.remove(0);
        } else {
            break;
        }
    }
    while words
        .last()
        .is_some_and(|w| matches!(*w, "nos" | "unspecified"))
    {
        words.pop();
    }
    words.join(" ")
}

/// `(term, provenance)` of every ICD-10-CM condition name, in file order.
fn icd10cm(vocab: &Path) -> Vec<(String, String)> {
    let xml = read(&vocab.join("icd10cm/icd10c-tabular-April-1-2026.xml"));
    let mut out = Vec::new();
    let mut code = String::new();
    let mut in_inclusion = false;
    let inner = |line: &str, tag: &str| -> Option<String> {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        let start = line.find(&open)? + open.len();
        let end = line.find(&close)?;
        Some(
            line[start..end]
                .replace("&amp;", "&")
                .replace("&apos;", "'")
                .replace("&quot;", "\""),
        )
    };
    for line in xml.lines() {
        let t = line.trim();
        if t.starts_with("<inclusionTerm>") {
            in_inclusion = true;
        } else if t.starts_with("</inclusionTerm>") {
            in_inclusion = false;
        }
        if let Some(name) = inner(t, "name") {
            code = name;
            continue;
        }
        let text = if let Some(d) = inner(t, "desc") {
            d
        } else if in_inclusion {
            match inner(t, "note") {
                Some(n) => n,
                None => continue,
            }
        } else {
            continue;
        };
        if code.is_empty() || matches!(code.as_bytes()[0], b'V' | b'W' | b'X' | b'Y' | b'Z') {
            continue;
        }
        if let Some(term) = normal(&strip_qualifiers(&text)) {
            out.push((term, format!("icd10cm:{code}")));
        }
    }
    out
}

/// `(term, provenance)` of every DrugBank common name and synonym, in file order.
fn drugbank(vocab: &Path) -> Vec<(String, String)> {
    let csv = read(&vocab.join("drugbank/drugbank-vocabulary.csv"));
    let mut out = Vec::new();
    for line in csv.lines().skip(2) {
        let f: Vec<&str> = line.split(';').collect();
        let (Some(id), Some(name)) = (f.first(), f.get(2)) else {
            continue;
        };
        let synonyms = f.get(5).copied().unwrap_or_default();
        for n in std::iter::once(*name).chain(synonyms.split('|')) {
            if let Some(term) = normal(n) {
                out.push((term, format!("drugbank:{id}")));
            }
        }
    }
    out
}

/// The lexicographer file number of the first noun sense of every WordNet lemma (lower case, spaces
/// for underscores): 6 is noun.artifact, 26 noun.state, 27 noun.substance, 20 noun.plant.
fn wordnet_first_noun_sense(vocab: &Path) -> BTreeMap<String, u8> {
    // (lexicographer file, whether it came from a capitalized lemma)
    let mut out: BTreeMap<String, (u8, bool)> = BTreeMap::new();
    let dir = vocab.join("oewn-2024");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("entries-") && n.ends_with(".yaml"))
        })
        .collect();
    files.sort();
    for file in files {
        let (mut lemma, mut noun, mut proper) = (String::new(), false, false);
        for line in read(&file).lines() {
            if !line.starts_with(' ') {
                // `lemma:` or `'lemma':`; a capitalized lemma ("Crab", the constellation) is a name,
                // and the common noun of the same letters decides.
                let raw = line.trim_end_matches(':').trim_matches('\'');
                proper = raw.chars().any(char::is_uppercase);
                lemma = chat_interests::fold(raw).trim().to_owned();
                noun = false;
            } else if line.len() > 2 && line.as_bytes()[2] != b' ' {
                noun = line == "  n:";
            } else if noun {
                // `- id: '…'`, or `id: '…'` after a sense's other fields (`- derivation: …`).
                let field = line.trim().trim_start_matches("- ");
                if let Some(key) = field.strip_prefix("id: '") {
                    // lemma%1:LL:..: the lexicographer file is LL.
                    let lexfile = key.split('%').nth(1).and_then(|k| k.split(':').nth(1));
                    if let Some(n) = lexfile.and_then(|n| n.parse::<u8>().ok()) {
                        match out.get(&lemma) {
                            Some(&(_, false)) => {}
                            Some(_) if proper => {}
                            _ => {
                                out.insert(lemma.clone(), (n, proper));
                            }
                        }
                    }
                    noun = false;
                }
            }
        }
    }
    out.into_iter().map(|(k, (n, _))| (k, n)).collect()
}

/// Column `column` of every data line of a TSV file, folded like the matcher reads it.
fn first_column(path: &Path, column: usize) -> BTreeSet<String> {
    read(path)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').nth(column))
        .map(|t| chat_interests::fold(t).trim().to_owned())
        .collect()
}

fn generate(vocab: &Path, repo: &Path) -> String {
    let frequent = first_column(&repo.join("data/lang/common-words.tsv"), 1);
    let mut interests = first_column(&repo.join("data/lexicon/en/interests.tsv"), 0);
    interests.extend(first_column(&repo.join("data/lexicon/de/interests.tsv"), 0));
    let mut curated = first_column(&repo.join("data/lexicon/en/sensitive.tsv"), 0);
    curated.extend(first_column(&repo.join("data/lexicon/de/sensitive.tsv"), 0));
    let wordnet = wordnet_first_noun_sense(vocab);
    let mut terms: BTreeMap<String, String> = BTreeMap::new();
    let mut dropped: BTreeMap<&str, usize> = BTreeMap::new();
    let mut read_count = 0;
    for (term, provenance) in icd10cm(vocab).into_iter().chain(drugbank(vocab)) {
        read_count += 1;
        let single = !term.contains(' ');
        let letters = term.chars().filter(|c| c.is_alphabetic()).count();
        let reason = if single && letters < 5 {
            Some("single word under five letters")
        } else if single && frequent.contains(&term) {
            Some("a frequent word")
        } else if interests.contains(&term) {
            Some("an interest term")
        } else if curated.contains(&term) {
            Some("already curated")
        } else if wordnet.get(&term).is_some_and(|f| !matches!(f, 6 | 26)) {
            Some("WordNet's first sense is no drug or condition")
        } else if provenance.starts_with("drugbank:")
            && term
                .split(' ')
                .any(|w| wordnet.get(w).is_some_and(|f| matches!(f, 5 | 13 | 20)))
        {
            // Allergenic extracts and botanicals are named after foods, animals and plants.
            Some("a DrugBank name of a food, animal or plant")
        } else {
            None
        };
        match reason {
            Some(r) => *dropped.entry(r).or_default() += 1,
            // The first source record of a term is its provenance (ICD-10-CM before DrugBank).
            None => {
                terms.entry(term).or_insert(provenance);
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Generated by `cargo run -p lexgen -- ../shared/vocab` (tools/lexgen); do not edit, CI regenerates and compares."
    );
    let _ = writeln!(
        out,
        "# Sources: ICD-10-CM tabular list April 2026 (CDC/NCHS, public domain); DrugBank open vocabulary 2021 (CC0 1.0); Open English WordNet 2024 (CC BY 4.0) for the sense rule."
    );
    let _ = writeln!(
        out,
        "# {read_count} names read; {} kept; dropped: {}.",
        terms.len(),
        dropped
            .iter()
            .map(|(r, n)| format!("{n} {r}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        out,
        "# Columns: term <TAB> category <TAB> match <TAB> provenance"
    );
    for (term, provenance) in &terms {
        let _ = writeln!(out, "{term}\thealth\tword\t{provenance}");
    }
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let Some(vocab) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: lexgen <path to shared/vocab> [--check]");
        return ExitCode::from(2);
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let generated = generate(&vocab, &repo);
    let path = repo.join(OUTPUT);
    if check {
        if read(&path) == generated {
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "{OUTPUT} is not what lexgen generates: run `cargo run -p lexgen -- {}`",
            vocab.display()
        );
        return ExitCode::FAILURE;
    }
    std::fs::write(&path, generated).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ExitCode::SUCCESS
}
