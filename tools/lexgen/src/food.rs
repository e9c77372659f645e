//! Food and drink terms for the interest side, as Food & Drink (IAB 210): English lemmas whose most
//! frequent noun sense is a food in WordNet (lexicographer file `noun.food`: dishes, ingredients,
//! fruit and vegetables as food, drinks) or a plant or animal with its food among the next two
//! senses ("banana", "onion", "egg"), and German OMW lemmas whose every sense is one. The hand-written interest
//! lexicons named cuisines and recipes but few foods, so "can i swap yogurt for sour cream" got no
//! interest at all. A single word that is also a verb ("milk", "flour", "egg") is kept at a lower
//! weight; one that is also an adjective or adverb ("roast", "sweet") is not.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chat_interests::{Classifier, Language, Policy, PolicyEngine};

use crate::wordnet::WordNet;
use crate::Guards;

/// IAB Content Taxonomy 3.1: Food & Drink.
const FOOD_AND_DRINK: &str = "210";
/// WordNet's lexicographer file `noun.food`.
const NOUN_FOOD: u8 = 13;
/// WordNet's lexicographer file `noun.plant`.
const NOUN_PLANT: u8 = 20;
/// WordNet's lexicographer file `noun.animal`.
const NOUN_ANIMAL: u8 = 5;

/// What the rules keep (term → provenance) and drop (reason → count).
#[derive(Default)]
struct Kept {
    read: usize,
    /// Term → (provenance, weight).
    terms: BTreeMap<String, (String, &'static str)>,
    dropped: BTreeMap<&'static str, usize>,
}

/// The guards every language shares: not an interest or trap term, not sensitive to the crate's
/// lexicon, not a single word under four letters.
struct Rules<'a> {
    guards: &'a Guards<'a>,
    sensitive: &'a BTreeSet<String>,
    lexicon: Classifier,
    engine: PolicyEngine,
}

impl Rules<'_> {
    fn reason(&self, term: &str, lang: Language) -> Option<&'static str> {
        // What the lexicon reads as sensitive never becomes an interest ("diabetic diet", "popes
        // nose"): the lexicon alone, under the broadest policy.
        let reads_sensitive = || {
            !self
                .engine
                .sensitive_in(&self.lexicon.classify(term, Some(lang)))
                .is_empty()
        };
        if self.guards.interests.contains(term) {
            Some("already an interest term")
        } else if self.sensitive.contains(term) || self.guards.curated.contains(term) {
            Some("a sensitive term")
        } else if self.guards.traps.contains(term) {
            Some("a trap")
        } else if reads_sensitive() {
            Some("the lexicon reads it as sensitive")
        } else if !term.contains(' ') && term.chars().count() < 4 {
            Some("a single word under four letters")
        } else {
            None
        }
    }
}

impl Kept {
    fn add(&mut self, term: String, provenance: String, reason: Option<&'static str>) {
        // A single word is weaker evidence than a named dish.
        let weight = if term.contains(' ') { "1.0" } else { "0.8" };
        self.add_weighted(term, provenance, reason, weight);
    }

    fn add_weighted(
        &mut self,
        term: String,
        provenance: String,
        reason: Option<&'static str>,
        weight: &'static str,
    ) {
        match reason {
            Some(r) => *self.dropped.entry(r).or_default() += 1,
            None => {
                self.terms.entry(term).or_insert((provenance, weight));
            }
        }
    }

    fn render(&self, sources: &str) -> String {
        let mut out = crate::text::generated_header(sources);
        let _ = writeln!(
            out,
            "# {} lemmas read; {} kept; dropped: {}.",
            self.read,
            self.terms.len(),
            crate::text::counts(&self.dropped)
        );
        let _ = writeln!(
            out,
            "# Columns: term <TAB> iab_id <TAB> weight <TAB> match <TAB> provenance"
        );
        for (term, (provenance, weight)) in &self.terms {
            let _ = writeln!(
                out,
                "{term}\t{FOOD_AND_DRINK}\t{weight}\tword\t{provenance}"
            );
        }
        out
    }
}

/// The English and German files.
pub fn render(
    wn: &WordNet,
    guards: &Guards<'_>,
    sensitive: &BTreeSet<String>,
    german: &BTreeMap<String, Vec<Option<String>>>,
) -> (String, String) {
    let rules = Rules {
        guards,
        sensitive,
        lexicon: Classifier::builder()
            .sensitive_model(None)
            .build()
            .expect("the built-in lexicons build"),
        engine: PolicyEngine::new(Policy::strict_gdpr_art9()),
    };
    let mut en = Kept::default();
    for (lemma, senses) in &wn.common {
        // The first noun sense a food, or a plant or animal with its food among the next two senses
        // ("onion": two plant senses, then the vegetable; "egg": the ovum, then the food).
        let food = |s: &&crate::wordnet::Sense| s.lexfile() == Some(NOUN_FOOD);
        let first = match senses.as_slice() {
            [s, ..] if food(&s) => s,
            [p, rest @ ..] if matches!(p.lexfile(), Some(NOUN_PLANT | NOUN_ANIMAL)) => {
                match rest.iter().take(2).find(food) {
                    Some(s) => s,
                    None => continue,
                }
            }
            _ => continue,
        };
        en.read += 1;
        let single = !lemma.contains(' ');
        let Some(term) = crate::text::normal(lemma, 3) else {
            en.add(
                String::new(),
                String::new(),
                Some("not letters, or more than three words"),
            );
            continue;
        };
        let also_a_verb = single && wn.has_other_reading(lemma) && !wn.modifiers.contains(lemma);
        let reason = if single && wn.modifiers.contains(lemma) {
            // "roast", "sweet": also an adjective or adverb, so not food by itself.
            Some("a single word that is also an adjective or adverb")
        } else if also_a_verb && !wn.not_only_nouns.contains(lemma) {
            // "grilled", "fries": an inflected verb form, not the noun.
            Some("a single word that is also an inflected verb")
        } else if single && wn.proper.contains_key(lemma) {
            // "java", "graham": also a name.
            Some("a single word that is also a name")
        } else {
            rules.reason(&term, Language::English)
        };
        if also_a_verb {
            // "milk", "flour", "egg": the verb is rarer than the food, but it exists.
            en.add_weighted(term, format!("oewn:{}", first.synset), reason, "0.6");
        } else {
            en.add(term, format!("oewn:{}", first.synset), reason);
        }
    }
    let mut de = Kept::default();
    for (term, synsets) in german {
        let food =
            |s: &Option<String>| s.as_deref().and_then(|s| wn.lexfile_of(s)) == Some(NOUN_FOOD);
        if !synsets.iter().any(food) {
            continue;
        }
        de.read += 1;
        // German has no sense order here: every sense must be a food.
        let reason = if !synsets.iter().all(food) {
            Some("a sense that is no food")
        } else {
            rules.reason(term, Language::German)
        };
        let first = synsets.iter().flatten().next().cloned().unwrap_or_default();
        de.add(term.clone(), format!("omw:{first}"), reason);
    }
    (
        en.render(&format!(
            "Open English WordNet 2024 (CC BY 4.0): lemmas whose first noun sense is in noun.food (or in noun.plant or noun.animal, with noun.food among the next two), as Food & Drink ({FOOD_AND_DRINK})."
        )),
        de.render(&format!(
            "Open Multilingual Wordnet, German (Wiktionary: CC BY-SA 3.0, so this file is CC BY-SA 3.0; Unicode CLDR: Unicode licence), \
             lemmas whose every sense is in noun.food of Open English WordNet 2024 (CC BY 4.0), joined through the Interlingual Index; as Food & Drink ({FOOD_AND_DRINK})."
        )),
    )
}
