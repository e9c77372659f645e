//! Generates the crate's sensitive lexicons from authoritative vocabularies, deterministically:
//!
//! ```text
//! cargo run -p lexgen -- ../shared/vocab            # writes the files
//! cargo run -p lexgen -- ../shared/vocab --check    # fails if a committed file differs (CI)
//! ```
//!
//! - `data/lexicon/en/sensitive-generated.tsv` (public domain, CC0, CC BY 4.0 and MIT sources):
//!   ICD-10-CM condition names ([`icd`]), DrugBank drug names ([`drugbank`]), the Open English
//!   WordNet closures ([`closures`], [`wordnet`]) and Party Facts party names ([`partyfacts`]).
//! - `data/lexicon/de/sensitive-generated.tsv` (CC BY-SA 3.0, from Wiktionary, so its own file):
//!   German lemmas of the Open Multilingual Wordnet in the same closures ([`german`]).
//!
//! - `data/iab/audience-taxonomy-1.1-interest.tsv` and `data/iab/content-3.1-to-audience-1.1.tsv`:
//!   `lexgen audience <audience-taxonomy-1.1.tsv> [--check]` ([`audience`]).
//!
//! Every line names the record it came from; each file's header counts what each rule dropped.
//! The guards below apply to every source. `LEXGEN_WHY=<folded term>` prints, for every candidate
//! of that term, its source record and why it was kept (`None`) or dropped.

mod audience;
mod audit;
mod closures;
mod food;
mod drugbank;
mod german;
mod holisticbias;
mod icd;
mod partyfacts;
mod text;
mod wordnet;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use text::{column, read};
use wordnet::WordNet;

/// A term a source proposes: folded, with its category and the source record.
pub struct Candidate {
    pub term: String,
    pub category: &'static str,
    pub provenance: String,
}

/// What the crate already has, against which every candidate is checked.
struct Guards<'a> {
    wn: &'a WordNet,
    /// The most frequent words of both languages (`data/lang/common-words.tsv`: "iron", "water",
    /// "cold", "mass") and the stop words.
    frequent: BTreeSet<String>,
    interests: BTreeSet<String>,
    /// Every run of one to three words of an interest term, also without a plural "s".
    interest_words: BTreeSet<String>,
    curated: BTreeSet<String>,
    traps: BTreeSet<String>,
    /// `LEXGEN_WHY`: the term whose candidates are traced.
    why: Option<String>,
}

impl Guards<'_> {
    fn load<'a>(repo: &Path, wn: &'a WordNet) -> Guards<'a> {
        let lexicon = |f: &str, c: usize| column(&repo.join("data/lexicon").join(f), c);
        let mut frequent = column(&repo.join("data/lang/common-words.tsv"), 1);
        frequent.extend(column(&repo.join("data/lang/stopwords.tsv"), 1));
        let mut interests = lexicon("en/interests.tsv", 0);
        interests.extend(lexicon("de/interests.tsv", 0));
        let mut interest_words = BTreeSet::new();
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
        let mut curated = BTreeSet::new();
        for f in [
            "en/sensitive.tsv",
            "en/sensitive-curated.tsv",
            "de/sensitive.tsv",
            "de/sensitive-curated.tsv",
        ] {
            curated.extend(lexicon(f, 0));
        }
        let mut traps = lexicon("en/traps.tsv", 0);
        traps.extend(lexicon("de/traps.tsv", 0));
        Guards {
            wn,
            frequent,
            interests,
            interest_words,
            curated,
            traps,
            why: std::env::var("LEXGEN_WHY").ok(),
        }
    }

    /// Whether a single word is an everyday word: frequent, a stop word, an interest word, or a
    /// WordNet lemma of any part of speech (for names, which no sense rule checks).
    fn everyday(&self, w: &str) -> bool {
        let known = |w: &str| {
            self.frequent.contains(w)
                || self.interest_words.contains(w)
                || self.wn.common.contains_key(w)
                || self.wn.proper.contains_key(w)
                || self.wn.not_only_nouns.contains(w)
        };
        known(w) || w.strip_suffix('s').is_some_and(known)
    }

    /// Why `c` is left out, if it is.
    fn reject(&self, c: &Candidate) -> Option<&'static str> {
        let term = c.term.as_str();
        let single = !term.contains(' ');
        let from = |source: &str| c.provenance.starts_with(source);
        if single && term.len() < 5 && !from("partyfacts:") {
            Some("single word under five letters")
        } else if term.split(' ').any(|w| w.len() == 1) {
            // A one-letter word ("s benzylcysteine", "coenzyme a") vanishes in the disguise fold,
            // which drops lone letters and symbols, so the term could never be found disguised.
            Some("a one-letter word")
        } else if chat_interests::fold_disguised(term)
            .split_whitespace()
            .ne(term.split(' '))
        {
            // The disguise fold drops voice fillers ("um" in "samtök um jafnrétti") and reads number
            // words as digits, so such a term could never be found in a disguised or spoken message.
            Some("the disguise fold changes a word")
        } else if single
            && self.frequent.contains(term)
            && !(from("oewn:") && self.only_sensitive(term))
            && !from("icd10cm-head:")
            && !from("holisticbias:")
        {
            // A frequent word is kept only where WordNet has no other reading of it: "disease",
            // "parliament", "mosque" yes; "candidate", "congestion", "novice", "fever" (also an
            // anticipation) no. HolisticBias plurals are WordNet persons ("asians", "mexicans").
            Some("a frequent word with another WordNet sense")
        } else if self.interests.contains(term) {
            Some("an interest term")
        } else if self.inflects_into_everyday(c) {
            // The matcher reads a term's inflections: "schrein" + "er" is a carpenter.
            Some("an inflection is an interest word")
        } else if self.curated.contains(term) {
            Some("already curated")
        } else if self.traps.contains(term) {
            Some("a trap")
        } else if (from("oewn:") || from("omw:") || from("icd10cm-head:") || from("holisticbias:"))
            && self.interest_words.contains(term)
        {
            // "dark horse" in "dark horse comics", "physic" in "physics".
            Some("a WordNet term inside an interest term")
        } else if from("icd10cm:") || from("drugbank:") {
            self.health_sense(c)
        } else {
            None
        }
    }

    /// Whether every noun sense of `term` lies in a closure.
    fn only_sensitive(&self, term: &str) -> bool {
        self.wn
            .common
            .get(term)
            .is_some_and(|senses| senses.iter().all(|s| self.wn.category(&s.synset).is_some()))
    }

    /// Whether `c` plus one of the endings the matcher accepts for its language
    /// (`chat_interests::Language::inflections`) is an interest term or a run of words of one.
    fn inflects_into_everyday(&self, c: &Candidate) -> bool {
        let language = if c.provenance.starts_with("omw:") {
            chat_interests::Language::German
        } else {
            chat_interests::Language::English
        };
        language.inflections().iter().any(|ending| {
            let inflected = format!("{}{ending}", c.term);
            self.interests.contains(&inflected) || self.interest_words.contains(&inflected)
        })
    }

    /// The sense rule for ICD-10-CM and DrugBank names: a name WordNet knows as a noun is kept when
    /// WordNet's first sense is a drug or medicine (noun.artifact: "aspirin") or a condition
    /// (noun.state: "insomnia"), or, for a condition name, when any noun sense is in the health
    /// closure ("headache", "amnesia", "embolism"); an everyday substance ("caffeine": noun.substance)
    /// is not. A single word WordNet knows only as an adjective or verb ("acute") is no name.
    fn health_sense(&self, c: &Candidate) -> Option<&'static str> {
        let term = c.term.as_str();
        // A plural ICD name ("corns", "ducts") is read as its singular.
        let senses = self.wn.senses(term).or_else(|| {
            let singular = term.strip_suffix('s')?;
            self.wn.senses(singular)
        });
        if let Some(senses) = senses {
            let first = senses.first().and_then(wordnet::Sense::lexfile);
            let first_ok = matches!(first, Some(6 | 26));
            let health = |s: &wordnet::Sense| self.wn.category(&s.synset) == Some("health");
            let ok = if c.provenance.starts_with("icd10cm:") {
                // Another sense may come first where it is a feeling, thought, attribute, process or
                // act ("headache" is first a worry); not where it is a thing, a body part, music or
                // a person ("fugue", "ducts", "floater").
                first_ok
                    || senses.first().is_some_and(health)
                    || (matches!(first, Some(4 | 7 | 9 | 12 | 19 | 22))
                        && senses.iter().any(health))
            } else {
                first_ok || senses.first().is_some_and(health)
            };
            if !ok {
                return Some("WordNet: no sense of the name is a drug or condition");
            }
        } else if !term.contains(' ') && self.wn.not_only_nouns.contains(term) {
            return Some("WordNet: a single word that is no noun");
        }
        if c.provenance.starts_with("drugbank:")
            && term.split(' ').any(|w| {
                self.wn
                    .senses(w)
                    .and_then(|s| s.first())
                    .is_some_and(|s| matches!(s.lexfile(), Some(5 | 13 | 20)))
            })
        {
            // Allergenic extracts and botanicals are named after foods, animals and plants.
            return Some("DrugBank: the name of a food, animal or plant");
        }
        None
    }
}

/// One generated file: its kept terms and what each rule dropped.
#[derive(Default)]
struct Output {
    terms: BTreeMap<String, (&'static str, String)>,
    dropped: BTreeMap<&'static str, usize>,
    read: usize,
}

impl Output {
    fn add(&mut self, candidate: Result<Candidate, &'static str>, guards: &Guards) {
        self.read += 1;
        if let (Ok(c), Some(why)) = (&candidate, &guards.why) {
            if c.term == *why {
                eprintln!("{} {}: {:?}", c.term, c.provenance, guards.reject(c));
            }
        }
        match candidate.and_then(|c| guards.reject(&c).map_or(Ok(c), Err)) {
            Err(reason) => *self.dropped.entry(reason).or_default() += 1,
            // The first source record of a term is its provenance.
            Ok(c) => {
                self.terms
                    .entry(c.term)
                    .or_insert((c.category, c.provenance));
            }
        }
    }

    fn render(&self, sources: &str) -> String {
        let mut out = text::generated_header(sources);
        let mut by_category: BTreeMap<&str, usize> = BTreeMap::new();
        for (category, _) in self.terms.values() {
            *by_category.entry(category).or_default() += 1;
        }
        let list = text::counts;
        let _ = writeln!(
            out,
            "# {} candidates read; {} kept ({}); dropped: {}.",
            self.read,
            self.terms.len(),
            list(&by_category),
            list(&self.dropped)
        );
        let _ = writeln!(
            out,
            "# Columns: term <TAB> category <TAB> match <TAB> provenance"
        );
        for (term, (category, provenance)) in &self.terms {
            let _ = writeln!(out, "{term}\t{category}\tword\t{provenance}");
        }
        out
    }
}

/// The words that end at least [`HEAD_NAMES`] distinct ICD-10-CM names ("syndrome", "disorder",
/// "deficiency", "injury") and whose first WordNet sense is a condition: a single-word term even when
/// frequent or also a verb, since the classification itself uses them as the head of a condition.
/// "failure" (first an act) and "disease" of a plant are not.
fn icd_heads(conditions: &[(String, String)], wn: &WordNet) -> Vec<(String, String)> {
    let mut names: BTreeMap<&str, (BTreeSet<&str>, &str)> = BTreeMap::new();
    for (term, provenance) in conditions {
        if let Some((_, head)) = term.rsplit_once(' ') {
            let e = names
                .entry(head)
                .or_insert_with(|| (BTreeSet::new(), provenance));
            e.0.insert(term);
        }
    }
    names
        .into_iter()
        .filter(|(head, (terms, _))| {
            terms.len() >= HEAD_NAMES
                && wn
                    .common
                    .get(*head)
                    .and_then(|s| s.first())
                    .is_some_and(|s| {
                        s.lexfile() == Some(26) || wn.category(&s.synset) == Some("health")
                    })
        })
        .map(|(head, (terms, provenance))| {
            (
                head.to_owned(),
                format!("icd10cm-head:{}:{provenance}", terms.len()),
            )
        })
        .collect()
}

/// How many ICD-10-CM names a word must end to be a condition head.
const HEAD_NAMES: usize = 20;

const EN_OUTPUT: &str = "data/lexicon/en/sensitive-generated.tsv";
const DE_OUTPUT: &str = "data/lexicon/de/sensitive-generated.tsv";
const HB_OUTPUT: &str = "data/lexicon/en/sensitive-holisticbias.tsv";
const FOOD_OUTPUT: &str = "data/lexicon/en/interests-food.tsv";
const DE_FOOD_OUTPUT: &str = "data/lexicon/de/interests-food.tsv";
const ILI_MAP: &str = "tools/lexgen/data/pwn30-ili-deu.tsv";

/// The generated files, and what the interest audit found.
type Generated = (Vec<(&'static str, String)>, audit::Findings);

fn generate(vocab: &Path, repo: &Path) -> Generated {
    let wn = WordNet::load(vocab);
    let guards = Guards::load(repo, &wn);
    let mut en = Output::default();
    let is_noun = |w: &str| {
        let noun = |w: &str| wn.common.contains_key(w);
        noun(w) || w.strip_suffix('s').is_some_and(noun)
    };
    let conditions = icd::conditions(vocab, &is_noun);
    let heads = icd_heads(&conditions, &wn);
    let health = conditions
        .into_iter()
        .chain(heads)
        .chain(drugbank::names(vocab))
        .map(|(term, provenance)| {
            Ok(Candidate {
                term,
                category: "health",
                provenance,
            })
        });
    let everyday = |w: &str| guards.everyday(w);
    let political = |name: &str| {
        let first = wn.senses(name)?.first()?;
        Some(wn.category(&first.synset) == Some("politics"))
    };
    let closure_terms = closures::terms(&wn);
    // The audit reads the same closure terms the generated file does, before the guards.
    let english_senses: BTreeMap<String, (&'static str, String)> = closure_terms
        .iter()
        .flatten()
        .map(|c| (c.term.clone(), (c.category, c.provenance.clone())))
        .collect();
    for c in health
        .chain(closure_terms)
        .chain(partyfacts::terms(vocab, &everyday, &political))
    {
        en.add(c, &guards);
    }
    let identity_words = column(&repo.join("data/lexicon/en/identity.tsv"), 2);
    let is_person = |w: &str| {
        let first = wn
            .proper
            .get(w)
            .or_else(|| wn.common.get(w))
            .and_then(|s| s.first());
        first.is_some_and(|s| s.lexfile() == Some(18))
    };
    let everyday_descriptor = |w: &str| guards.frequent.contains(w) && !identity_words.contains(w);
    let mut hb = Output::default();
    for c in holisticbias::terms(vocab, &is_person, &everyday_descriptor) {
        hb.add(c, &guards);
    }
    let mut de = Output::default();
    let german_lemmas = german::lemmas(vocab, &read(&repo.join(ILI_MAP)), &wn);
    let german = german::terms_of(german_lemmas.clone(), &wn);
    let german_senses: BTreeMap<String, (&'static str, String)> = german
        .iter()
        .flatten()
        .map(|c| (c.term.clone(), (c.category, c.provenance.clone())))
        .collect();
    for c in german {
        de.add(c, &guards);
    }
    let audit = audit::sensitive_interests(repo, &english_senses, &german_senses);
    let sensitive: BTreeSet<String> = en.terms.keys().chain(hb.terms.keys()).cloned().collect();
    let sensitive: BTreeSet<String> = sensitive
        .into_iter()
        .chain(de.terms.keys().cloned())
        .collect();
    let (food, de_food) = food::render(&wn, &guards, &sensitive, &german_lemmas);
    let files = vec![
        (
            EN_OUTPUT,
            en.render(
                "ICD-10-CM tabular list April 2026 (CDC/NCHS, public domain); DrugBank open vocabulary 2021 (CC0 1.0); \
                 Open English WordNet 2024 (CC BY 4.0) for the closures and the sense rule; Party Facts core parties (MIT).",
            ),
        ),
        (
            HB_OUTPUT,
            hb.render(
                "HolisticBias v1.1 descriptors and nouns (facebookresearch/ResponsibleNLP, CC BY-SA 4.0, so this \
                 file is CC BY-SA 4.0); Open English WordNet 2024 (CC BY 4.0) for the plurals of person nouns.",
            ),
        ),
        (FOOD_OUTPUT, food),
        (DE_FOOD_OUTPUT, de_food),
        (
            DE_OUTPUT,
            de.render(
                "Open Multilingual Wordnet, German (Wiktionary: CC BY-SA 3.0, so this file is CC BY-SA 3.0; \
                 Unicode CLDR: Unicode licence), joined to Open English WordNet 2024 (CC BY 4.0) through the \
                 Interlingual Index (tools/lexgen/data/pwn30-ili-deu.tsv, from Princeton WordNet 3.0).",
            ),
        ),
    ];
    (files, audit)
}

/// Writes the generated files, or with `check` reports each that differs from what is committed;
/// whether all are as committed.
fn write_or_check(repo: &Path, files: Vec<(&str, String)>, check: bool, rerun: &str) -> bool {
    let mut fresh = true;
    for (name, generated) in files {
        let path = repo.join(name);
        if check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(generated.as_str()) {
                eprintln!("{name} is not what lexgen generates: run `{rerun}`");
                fresh = false;
            }
        } else {
            std::fs::write(&path, generated).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    fresh
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if args.first().map(String::as_str) == Some("audience") {
        let Some(upstream) = args.get(1).filter(|a| !a.starts_with("--")) else {
            eprintln!("usage: lexgen audience <path to audience-taxonomy-1.1.tsv> [--check]");
            return ExitCode::from(2);
        };
        let files = audience::generate(Path::new(upstream), &repo);
        let rerun = format!("cargo run -p lexgen -- audience {upstream}");
        return if write_or_check(&repo, files, check, &rerun) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let Some(vocab) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: lexgen <path to shared/vocab> [--check]");
        return ExitCode::from(2);
    };
    let mut stale = false;
    let (files, audit) = generate(&vocab, &repo);
    for (file, line, term, category, source) in &audit.sensitive {
        eprintln!(
            "data/lexicon/{file}:{line}: the interest term {term:?} reads as {category} ({source}): \
             a term whose first sense is sensitive is never an interest (or add a reviewed exception to {})",
            audit::EXCEPTIONS
        );
        stale = true;
    }
    println!(
        "interest audit: {} interest terms read as sensitive without an exception, {} reviewed exceptions",
        audit.sensitive.len(),
        audit.excepted
    );
    for e in &audit.stale_exceptions {
        eprintln!(
            "{}: the exception {e:?} is for no interest term any more",
            audit::EXCEPTIONS
        );
        stale = true;
    }
    let rerun = format!("cargo run -p lexgen -- {}", vocab.display());
    stale |= !write_or_check(&repo, files, check, &rerun);
    if stale {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
