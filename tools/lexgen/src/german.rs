//! German terms from the Open Multilingual Wordnet (Wiktionary, CC BY-SA 3.0; CLDR, Unicode licence):
//! German lemmas on Princeton WordNet 3.0 synsets, joined to Open English WordNet 2024 through the
//! Interlingual Index (`data/pwn30-ili-deu.tsv`, made by `pwn30-ili.py`) and put in the closures.

use std::collections::BTreeMap;
use std::path::Path;

use crate::text::{normal, read};
use crate::wordnet::WordNet;
use crate::Candidate;

/// The OMW files read, with their licences (for the output header).
pub const FILES: &[&str] = &["wn-wikt-deu.tab", "wn-cldr-deu.tab"];

/// Every folded German noun lemma of the OMW files, with its OEWN synsets in file order (`None` for
/// a sense the Interlingual Index does not join to OEWN).
pub fn lemmas(vocab: &Path, ili_map: &str, wn: &WordNet) -> BTreeMap<String, Vec<Option<String>>> {
    let ili: BTreeMap<&str, &str> = ili_map
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect();
    // Folded lemma -> (its OEWN synsets in file order, or None for a sense OEWN lacks).
    let mut lemmas: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    for file in FILES {
        for line in read(&vocab.join("omw-deu").join(file)).lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let [offset, "deu:lemma", lemma] = f[..] else {
                continue;
            };
            let Some(offset) = offset.strip_suffix("-n") else {
                continue;
            };
            let Some(term) = normal(lemma, 3) else {
                continue;
            };
            let synset = ili.get(offset).and_then(|i| wn.by_ili.get(*i)).cloned();
            lemmas.entry(term).or_default().push(synset);
        }
    }
    lemmas
}

/// A candidate for every German noun lemma with a sense in a closure, or the reason it is left out.
/// German has no sense order here, so a lemma must have every one of its senses in a closure (the
/// English rule's first sense is unknown).
pub fn terms_of(
    lemmas: BTreeMap<String, Vec<Option<String>>>,
    wn: &WordNet,
) -> Vec<Result<Candidate, &'static str>> {
    let mut out = Vec::new();
    for (term, synsets) in lemmas {
        let categories: Vec<Option<&'static str>> = synsets
            .iter()
            .map(|s| s.as_deref().and_then(|s| wn.category(s)))
            .collect();
        let Some(first) = synsets
            .iter()
            .zip(&categories)
            .find_map(|(s, c)| c.and(s.clone()))
        else {
            continue;
        };
        let category = wn.category(&first).expect("a synset in a closure");
        let single = !term.contains(' ');
        let lexfile = wn.lexfile_of(&first);
        out.push(if synsets.iter().any(Option::is_none) {
            Err("OMW: a sense the Interlingual Index does not join to OEWN")
        } else if categories.iter().any(Option::is_none) {
            Err("OMW: a German lemma with a sense outside the closures")
        } else if matches!(lexfile, Some(5 | 13 | 20)) {
            Err("WordNet: a food, plant or animal")
        } else if single && wn.instances.contains(&first) {
            Err("WordNet: a name of one word")
        } else {
            Ok(Candidate {
                term,
                category,
                provenance: format!("omw:{first}"),
            })
        });
    }
    out
}
