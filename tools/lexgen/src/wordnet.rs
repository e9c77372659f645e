//! Open English WordNet 2024 (CC BY 4.0): lemmas with their noun senses in order, the hypernym graph,
//! and the sensitive closures below the [`ROOTS`].

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::text::read;

/// One noun sense: its stable sense key and its synset id.
pub struct Sense {
    pub key: String,
    pub synset: String,
}

impl Sense {
    /// The lexicographer file number (6 noun.artifact, 5 noun.animal, 13 noun.food, 15
    /// noun.location, 18 noun.person, 20 noun.plant, 26 noun.state, 27 noun.substance).
    pub fn lexfile(&self) -> Option<u8> {
        self.key.split('%').nth(1)?.split(':').nth(1)?.parse().ok()
    }
}

/// The closures: each root is a WordNet sense (by its stable sense key) and a category; every synset
/// below a root's synset, through hypernyms and instance hypernyms, is in its category.
pub const ROOTS: &[(&str, &str)] = &[
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
    // National origin: ToxiGen's and HolisticBias's "immigrant" groups.
    ("immigrant%1:18:00::", "ethnicity"),
    ("refugee%1:18:00::", "ethnicity"),
];

/// Topic domains (WordNet's `domain_topic` links; every sense of the lemma that is some synset's
/// domain) whose members, and their
/// hyponyms, are in a category: "amniocentesis", "biopsy" and "stroke" are filed under medicine but
/// below no medical root ("biopsy" is a test, "stroke" an attack). The religion and politics domains
/// are not used: they file languages, conventionalism and torture under religion.
pub const DOMAINS: &[(&str, &str)] = &[
    ("medicine", "health"),
    ("psychiatry", "health"),
    ("pathology", "health"),
    ("surgery", "health"),
];

/// Subtrees left out of every closure: what chat means by these is gardening, farming or smoking,
/// not a person's health.
pub const EXCLUDED: &[&str] = &[
    "plant_disease%1:26:00::",
    "animal_disease%1:26:00::",
    "tobacco%1:06:00::",
];

pub struct WordNet {
    /// Folded common-noun lemmas with their noun senses, most frequent first.
    pub common: BTreeMap<String, Vec<Sense>>,
    /// Folded names (capitalized lemmas), kept apart from the common noun of the same letters.
    pub proper: BTreeMap<String, Vec<Sense>>,
    /// Folded lemmas that are also (or only) a verb, adjective or adverb.
    pub not_only_nouns: BTreeSet<String>,
    /// Folded lemmas that are also (or only) an adjective or adverb.
    pub modifiers: BTreeSet<String>,
    /// Every noun synset's hypernyms and instance hypernyms.
    up: BTreeMap<String, Vec<String>>,
    /// Noun synsets that are instances (a named person, place or work).
    pub instances: BTreeSet<String>,
    /// Noun synsets by their Interlingual Index id.
    pub by_ili: BTreeMap<String, String>,
    /// Each noun synset's lexicographer file number (see [`Sense::lexfile`]).
    lexfiles: BTreeMap<String, u8>,
    roots: BTreeMap<String, &'static str>,
    /// Each noun synset's topic domains.
    domains_of: BTreeMap<String, Vec<String>>,
    /// The [`DOMAINS`] by synset.
    domains: BTreeMap<String, &'static str>,
    excluded: BTreeSet<String>,
    memo: RefCell<BTreeMap<String, Option<&'static str>>>,
    /// The same, through the roots only.
    memo_roots: RefCell<BTreeMap<String, Option<&'static str>>>,
}

impl WordNet {
    pub fn load(vocab: &Path) -> Self {
        let mut wn = WordNet {
            common: BTreeMap::new(),
            proper: BTreeMap::new(),
            not_only_nouns: BTreeSet::new(),
            modifiers: BTreeSet::new(),
            up: BTreeMap::new(),
            instances: BTreeSet::new(),
            by_ili: BTreeMap::new(),
            lexfiles: BTreeMap::new(),
            roots: BTreeMap::new(),
            domains_of: BTreeMap::new(),
            domains: BTreeMap::new(),
            excluded: BTreeSet::new(),
            memo: RefCell::new(BTreeMap::new()),
            memo_roots: RefCell::new(BTreeMap::new()),
        };
        wn.read_entries(vocab);
        wn.read_synsets(vocab);
        let synset_of = |key: &str| -> String {
            let lemma = key.split('%').next().expect("a key").replace('_', " ");
            [&wn.common, &wn.proper]
                .iter()
                .filter_map(|m| m.get(&lemma))
                .flatten()
                .find(|s| s.key == key)
                .unwrap_or_else(|| panic!("the root sense {key} is in WordNet"))
                .synset
                .clone()
        };
        let roots: Vec<(String, &'static str)> =
            ROOTS.iter().map(|(k, c)| (synset_of(k), *c)).collect();
        let excluded: Vec<String> = EXCLUDED.iter().map(|k| synset_of(k)).collect();
        let targets: BTreeSet<&String> = wn.domains_of.values().flatten().collect();
        let domains: Vec<(String, &'static str)> = DOMAINS
            .iter()
            .flat_map(|(lemma, c)| {
                let senses = wn
                    .common
                    .get(*lemma)
                    .into_iter()
                    .chain(wn.proper.get(*lemma));
                senses
                    .flatten()
                    .filter(|s| targets.contains(&s.synset))
                    .map(|s| (s.synset.clone(), *c))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(
            domains
                .iter()
                .map(|(_, c)| *c)
                .collect::<BTreeSet<_>>()
                .len(),
            1,
            "every domain category is found"
        );
        wn.domains = domains.into_iter().collect();
        wn.roots = roots.into_iter().collect();
        wn.excluded = excluded.into_iter().collect();
        wn
    }

    fn read_entries(&mut self, vocab: &Path) {
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
                    // A part of speech: `n:`, or `n-1:` where one spelling has two etymologies.
                    let pos = line.trim().trim_end_matches(':');
                    let pos = pos.split('-').next().unwrap_or(pos);
                    noun = pos == "n";
                    if matches!(pos, "v" | "a" | "s" | "r") {
                        self.not_only_nouns.insert(lemma.clone());
                    }
                    if matches!(pos, "a" | "s" | "r") {
                        self.modifiers.insert(lemma.clone());
                    }
                } else if noun {
                    let field = line.trim().trim_start_matches("- ");
                    if let Some(k) = field.strip_prefix("id: '") {
                        key = Some(k.trim_end_matches('\'').to_owned());
                    } else if let Some(synset) = field.strip_prefix("synset: ") {
                        if let Some(key) = key.take() {
                            let map = if proper {
                                &mut self.proper
                            } else {
                                &mut self.common
                            };
                            let sense = Sense {
                                key,
                                synset: synset.trim().to_owned(),
                            };
                            if let Some(f) = sense.lexfile() {
                                self.lexfiles.insert(sense.synset.clone(), f);
                            }
                            map.entry(lemma.clone()).or_default().push(sense);
                        }
                    }
                }
            }
        }
    }

    fn read_synsets(&mut self, vocab: &Path) {
        for file in yaml_files(vocab, "noun.") {
            let (mut synset, mut relation) = (String::new(), "");
            for line in read(&file).lines() {
                if !line.starts_with(' ') {
                    synset = line.trim_end_matches(':').to_owned();
                    relation = "";
                } else if let Some(field) = line.strip_prefix("  ").filter(|f| !f.starts_with(' '))
                {
                    if let Some(id) = field.strip_prefix("- ") {
                        if relation == "domain_topic:" {
                            self.domains_of
                                .entry(synset.clone())
                                .or_default()
                                .push(id.trim().to_owned());
                        } else if !relation.is_empty() {
                            self.up
                                .entry(synset.clone())
                                .or_default()
                                .push(id.trim().to_owned());
                        }
                        if relation == "instance_hypernym:" {
                            self.instances.insert(synset.clone());
                        }
                    } else if let Some(ili) = field.strip_prefix("ili: ") {
                        self.by_ili.insert(ili.trim().to_owned(), synset.clone());
                        relation = "";
                    } else {
                        relation = match field {
                            "hypernym:" => "hypernym:",
                            "instance_hypernym:" => "instance_hypernym:",
                            "domain_topic:" => "domain_topic:",
                            _ => "",
                        };
                    }
                }
            }
        }
    }

    /// The sensitive category of `synset`: its nearest root's, through hypernyms, unless an
    /// [`EXCLUDED`] subtree comes first.
    pub fn category(&self, synset: &str) -> Option<&'static str> {
        self.category_at(synset, 0, true)
    }

    /// Whether `synset`'s category comes only from a topic domain, not from a root.
    pub fn only_by_domain(&self, synset: &str) -> bool {
        self.category_at(synset, 0, false).is_none() && self.category(synset).is_some()
    }

    fn category_at(&self, s: &str, depth: usize, domains: bool) -> Option<&'static str> {
        if self.excluded.contains(s) {
            return None;
        }
        if let Some(c) = self.roots.get(s) {
            return Some(c);
        }
        let domain = domains
            .then(|| self.domains_of.get(s))
            .flatten()
            .into_iter()
            .flatten()
            .find_map(|d| self.domains.get(d));
        if let Some(c) = domain {
            return Some(c);
        }
        let memo = if domains {
            &self.memo
        } else {
            &self.memo_roots
        };
        if let Some(c) = memo.borrow().get(s) {
            return *c;
        }
        let c = if depth > 40 {
            None
        } else {
            self.up
                .get(s)
                .into_iter()
                .flatten()
                .find_map(|h| self.category_at(h, depth + 1, domains))
        };
        memo.borrow_mut().insert(s.to_owned(), c);
        c
    }

    /// The lexicographer file number of a noun synset.
    pub fn lexfile_of(&self, synset: &str) -> Option<u8> {
        self.lexfiles.get(synset).copied()
    }

    /// The noun senses of `lemma` (folded): the common noun's, else the name's.
    pub fn senses(&self, lemma: &str) -> Option<&[Sense]> {
        self.common
            .get(lemma)
            .or_else(|| self.proper.get(lemma))
            .map(Vec::as_slice)
    }

    /// Whether `word` or the lemma it inflects ("bleeding", "spots", "authorities") is also a verb,
    /// adjective or adverb.
    pub fn has_other_reading(&self, word: &str) -> bool {
        let base = |suffix: &str| {
            word.strip_suffix(suffix).is_some_and(|b| {
                // "clubbing" inflects "club": a doubled last consonant is one.
                let undoubled = match b.as_bytes() {
                    [.., x, y] if x == y => Some(&b[..b.len() - 1]),
                    _ => None,
                };
                !b.is_empty()
                    && (self.not_only_nouns.contains(b)
                        || undoubled.is_some_and(|u| self.not_only_nouns.contains(u)))
            })
        };
        self.not_only_nouns.contains(word)
            || ["ing", "ed", "d", "s", "es"].into_iter().any(base)
            || word
                .strip_suffix("ies")
                .is_some_and(|b| self.not_only_nouns.contains(&format!("{b}y")))
    }
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
