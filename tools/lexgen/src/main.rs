//! Generates `data/lexicon/en/sensitive-generated.tsv` from authoritative vocabularies, deterministically:
//!
//! ```text
//! cargo run -p lexgen -- ../shared/vocab            # writes the file
//! cargo run -p lexgen -- ../shared/vocab --check    # fails if the committed file differs (CI)
//! ```
//!
//! Sources and rules (every line of the output names the record it came from; the header counts what
//! each rule dropped):
//! - Open English WordNet 2024 closures: a lemma whose most frequent noun sense lies below one of the
//!   [`ROOTS`] (religion, deity, clergy, place of worship, scripture; political party, politician,
//!   election, legislature, legislation, government, ideology; labor union; disease, illness, symptom,
//!   drug, medicine, medical procedure, mental disorder, disability, injury; ethnic group) gets that
//!   root's category. A single word must have every noun sense in a closure and no verb, adjective or
//!   adverb reading; a name (capitalized lemma) only enters as two or three words; drinks, foods,
//!   plants and animals below a closure are left out, and so is a term found inside an interest term.
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
//! - Guards, for all: no word of one letter (a lone letter vanishes in the disguise fold); a single
//!   word must have at least five letters and not be one of the frequent
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

/// The lexicographer file number of `lemma`'s first noun sense (6 is noun.artifact, 26 noun.state,
/// 27 noun.substance, 20 noun.plant): the common noun's, else the name's.
fn first_noun_lexfile(lemmas: &Lemmas, lemma: &str) -> Option<u8> {
    let (key, _) = lemmas
        .common
        .get(lemma)
        .or_else(|| lemmas.proper.get(lemma))?
        .first()?;
    key.split('%').nth(1)?.split(':').nth(1)?.parse().ok()
}

/// Every WordNet lemma (folded) with its noun senses in order, most frequent first: (sense key,
/// synset id). A capitalized lemma (a name) is kept apart from the common noun of the same letters.
struct Lemmas {
    common: BTreeMap<String, Vec<(String, String)>>,
    proper: BTreeMap<String, Vec<(String, String)>>,
    /// Lemmas that are also a verb, adjective or adverb ("acoustic", "physic", "premier").
    not_only_nouns: BTreeSet<String>,
}

fn wordnet_lemmas(vocab: &Path) -> Lemmas {
    let mut lemmas = Lemmas {
        common: BTreeMap::new(),
        proper: BTreeMap::new(),
        not_only_nouns: BTreeSet::new(),
    };
    for file in yaml_files(vocab, "entries-") {
        let (mut lemma, mut noun, mut proper) = (String::new(), false, false);
        let mut key: Option<String> = None;
        for line in read(&file).lines() {
            if !line.starts_with(' ') {
                let raw = line.trim_end_matches(':').trim_matches('\'');
                proper = raw.chars().any(char::is_uppercase);
                lemma = chat_interests::fold(raw).trim().to_owned();
                noun = false;
            } else if line.len() > 2 && line.as_bytes()[2] != b' ' {
                noun = line == "  n:";
                if matches!(line, "  v:" | "  a:" | "  s:" | "  r:") {
                    lemmas.not_only_nouns.insert(lemma.clone());
                }
            } else if noun {
                let field = line.trim().trim_start_matches("- ");
                if let Some(k) = field.strip_prefix("id: '") {
                    key = Some(k.trim_end_matches('\'').to_owned());
                } else if let Some(synset) = field.strip_prefix("synset: ") {
                    if let Some(k) = key.take() {
                        let map = if proper {
                            &mut lemmas.proper
                        } else {
                            &mut lemmas.common
                        };
                        map.entry(lemma.clone())
                            .or_default()
                            .push((k, synset.trim().to_owned()));
                    }
                }
            }
        }
    }
    lemmas
}

/// The sorted `*.yaml` files of the WordNet folder whose names start with `prefix`.
fn yaml_files(vocab: &Path, prefix: &str) -> Vec<PathBuf> {
    let dir = vocab.join("oewn-2024");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".yaml"))
        })
        .collect();
    files.sort();
    files
}

/// Every noun synset's hypernyms and instance hypernyms.
fn wordnet_hypernyms(vocab: &Path) -> BTreeMap<String, Vec<String>> {
    let mut up: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in yaml_files(vocab, "noun.") {
        let (mut synset, mut in_up) = (String::new(), false);
        for line in read(&file).lines() {
            if !line.starts_with(' ') {
                synset = line.trim_end_matches(':').to_owned();
                in_up = false;
            } else if let Some(field) = line.strip_prefix("  ").filter(|f| !f.starts_with(' ')) {
                if let Some(id) = field.strip_prefix("- ") {
                    if in_up {
                        up.entry(synset.clone())
                            .or_default()
                            .push(id.trim().to_owned());
                    }
                } else {
                    in_up = matches!(field, "hypernym:" | "instance_hypernym:");
                }
            }
        }
    }
    up
}

/// The sensitive closures: each root is a WordNet sense (by its stable sense key) and a category;
/// every synset below a root's synset, through hypernyms and instance hypernyms, is in its category.
const ROOTS: &[(&str, &str)] = &[
    ("religion%1:14:00::", "religion"),
    ("religion%1:09:00::", "religion"),
    ("deity%1:18:00::", "religion"),
    ("clergyman%1:18:00::", "religion"),
    ("religious_person%1:18:00::", "religion"),
    ("place_of_worship%1:06:00::", "religion"),
    ("sacred_text%1:10:00::", "religion"),
    ("scripture%1:10:00::", "religion"),
    ("theism%1:09:00::", "religion"),
    ("religious_ceremony%1:04:00::", "religion"),
    ("political_party%1:14:00::", "politics"),
    ("politician%1:18:00::", "politics"),
    ("politician%1:18:01::", "politics"),
    ("election%1:04:00::", "politics"),
    ("election%1:04:01::", "politics"),
    ("legislature%1:14:00::", "politics"),
    ("legislation%1:10:00::", "politics"),
    ("legislative_act%1:10:00::", "politics"),
    ("political_orientation%1:09:00::", "politics"),
    ("government%1:14:00::", "politics"),
    ("parliament%1:14:00::", "politics"),
    ("head_of_state%1:18:00::", "politics"),
    ("political_system%1:14:00::", "politics"),
    ("ideology%1:09:01::", "politics"),
    ("labor_union%1:14:00::", "trade_union"),
    ("disease%1:26:00::", "health"),
    ("illness%1:26:00::", "health"),
    ("symptom%1:26:00::", "health"),
    ("drug%1:06:00::", "health"),
    ("medicine%1:06:00::", "health"),
    ("medical_procedure%1:04:00::", "health"),
    ("mental_disorder%1:26:00::", "health"),
    ("disability%1:26:00::", "health"),
    ("injury%1:26:00::", "health"),
    ("pathology%1:26:00::", "health"),
    ("medical_care%1:04:00::", "health"),
    ("ethnic_group%1:14:00::", "ethnicity"),
];

/// `(term, category, provenance)` of every WordNet lemma whose most frequent noun sense lies in a
/// sensitive closure. A single word must have every noun sense in one ("church" yes, "party" no:
/// a gathering is its other sense); a name only as two or three words ("abraham lincoln", never
/// "lincoln").
fn wordnet_closures(vocab: &Path, lemmas: &Lemmas) -> Vec<(String, String, String)> {
    let up = wordnet_hypernyms(vocab);
    let found: Vec<(String, &str)> = ROOTS
        .iter()
        .filter_map(|(key, category)| {
            let lemma = key.split('%').next()?.replace('_', " ");
            let (_, synset) = [&lemmas.common, &lemmas.proper]
                .iter()
                .filter_map(|m| m.get(&lemma))
                .flatten()
                .find(|(k, _)| k == key)?;
            Some((synset.clone(), *category))
        })
        .collect();
    // Two roots may name one synset ("sacred text", "scripture"); each must be found.
    assert_eq!(found.len(), ROOTS.len(), "every root sense is in WordNet");
    let root_of: BTreeMap<String, &str> = found.into_iter().collect();
    let mut memo: BTreeMap<String, Option<&str>> = BTreeMap::new();
    fn category<'a>(
        s: &str,
        up: &BTreeMap<String, Vec<String>>,
        roots: &BTreeMap<String, &'a str>,
        memo: &mut BTreeMap<String, Option<&'a str>>,
        depth: usize,
    ) -> Option<&'a str> {
        if let Some(c) = roots.get(s) {
            return Some(c);
        }
        if let Some(c) = memo.get(s) {
            return *c;
        }
        let c = if depth > 40 {
            None
        } else {
            up.get(s)
                .into_iter()
                .flatten()
                .find_map(|h| category(h, up, roots, memo, depth + 1))
        };
        memo.insert(s.to_owned(), c);
        c
    }
    let mut out = Vec::new();
    for (proper, map) in [(false, &lemmas.common), (true, &lemmas.proper)] {
        for (lemma, senses) in map {
            let Some((_, first)) = senses.first() else {
                continue;
            };
            let Some(cat) = category(first, &up, &root_of, &mut memo, 0) else {
                continue;
            };
            // Drinks, foods, plants and animals below a closure ("schnapps" under drug of abuse,
            // "potato wart") are what chat means by them, not health.
            let lexfile = senses[0]
                .0
                .split('%')
                .nth(1)
                .and_then(|k| k.split(':').nth(1));
            if matches!(lexfile, Some("05" | "13" | "20")) {
                continue;
            }
            let single = !lemma.contains(' ');
            if proper && single {
                continue;
            }
            // A single word must mean this and nothing else: every noun sense in a closure, and
            // no verb, adjective or adverb ("acoustic" is a remedy for deafness only as a noun).
            if single {
                let all = senses
                    .iter()
                    .all(|(_, s)| category(s, &up, &root_of, &mut memo, 0).is_some());
                if !all || lemmas.not_only_nouns.contains(lemma) {
                    continue;
                }
            }
            if let Some(term) = normal(lemma) {
                out.push((term, cat.to_owned(), format!("oewn:{first}")));
            }
        }
    }
    out
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
    let mut traps = first_column(&repo.join("data/lexicon/en/traps.tsv"), 0);
    traps.extend(first_column(&repo.join("data/lexicon/de/traps.tsv"), 0));
    // Every run of one to three words of an interest term, also without a plural "s": a WordNet
    // closure term found inside one ("dark horse" in "dark horse comics", "physic" in "physics") has a
    // benign reading the curated lexicons know.
    let mut interest_words: BTreeSet<String> = BTreeSet::new();
    for t in &interests {
        let w: Vec<&str> = t.split(' ').collect();
        for n in 1..=3 {
            for run in w.windows(n) {
                let run = run.join(" ");
                if let Some(stem) = run.strip_suffix('s') {
                    interest_words.insert(stem.to_owned());
                }
                interest_words.insert(run);
            }
        }
    }
    let mut curated = first_column(&repo.join("data/lexicon/en/sensitive.tsv"), 0);
    curated.extend(first_column(&repo.join("data/lexicon/de/sensitive.tsv"), 0));
    let lemmas = wordnet_lemmas(vocab);
    let mut terms: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut dropped: BTreeMap<&str, usize> = BTreeMap::new();
    let mut read_count = 0;
    let health = icd10cm(vocab)
        .into_iter()
        .chain(drugbank(vocab))
        .map(|(t, p)| (t, "health".to_owned(), p));
    let closures = wordnet_closures(vocab, &lemmas);
    for (term, category, provenance) in health.chain(closures) {
        read_count += 1;
        let single = !term.contains(' ');
        let letters = term.chars().filter(|c| c.is_alphabetic()).count();
        let reason = if single && letters < 5 {
            Some("single word under five letters")
        } else if term.split(' ').any(|w| w.len() == 1) {
            // A one-letter word ("s benzylcysteine", "coenzyme a") vanishes in the disguise fold,
            // which drops lone letters and symbols, so the term could never be found disguised.
            Some("a one-letter word")
        } else if single && frequent.contains(&term) && !provenance.starts_with("oewn:") {
            Some("a frequent word")
        } else if interests.contains(&term) {
            Some("an interest term")
        } else if curated.contains(&term) {
            Some("already curated")
        } else if traps.contains(&term) {
            Some("a trap")
        } else if provenance.starts_with("oewn:") && interest_words.contains(&term) {
            Some("a WordNet term inside an interest term")
        } else if !provenance.starts_with("oewn:")
            && first_noun_lexfile(&lemmas, &term).is_some_and(|f| !matches!(f, 6 | 26))
        {
            Some("WordNet's first sense is no drug or condition")
        } else if provenance.starts_with("drugbank:")
            && term
                .split(' ')
                .any(|w| first_noun_lexfile(&lemmas, w).is_some_and(|f| matches!(f, 5 | 13 | 20)))
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
                terms.entry(term).or_insert((category, provenance));
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
    for (term, (category, provenance)) in &terms {
        let _ = writeln!(out, "{term}\t{category}\tword\t{provenance}");
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
