//! English terms from the WordNet closures: a lemma whose most frequent noun sense lies in a sensitive
//! closure. A lemma whose sensitive sense is a minor one ("mass", "party", "union", "cold") is no
//! single-word term; it can still enter as a phrase from another source or the curated files.

use crate::wordnet::WordNet;
use crate::Candidate;

/// A candidate for every lemma whose first noun sense is in a closure, or the reason it is left out.
pub fn terms(wn: &WordNet) -> Vec<Result<Candidate, &'static str>> {
    let mut out = Vec::new();
    for (proper, map) in [(false, &wn.common), (true, &wn.proper)] {
        for (lemma, senses) in map {
            let Some(first) = senses.first() else {
                continue;
            };
            let Some(category) = wn.category(&first.synset) else {
                continue;
            };
            let single = !lemma.contains(' ');
            let reason = if matches!(first.lexfile(), Some(5 | 13 | 20)) {
                // "schnapps" under drug of abuse, "potato wart": drinks, foods, plants and animals.
                Some("WordNet: a food, plant or animal")
            } else if single
                && wn.only_by_domain(&first.synset)
                && !matches!(first.lexfile(), Some(4 | 6 | 26))
            {
                // Filed under medicine but no condition, procedure or device: a defence
                // mechanism ("rationalisation"), a skull landmark ("bregma"), an award's "plaques".
                Some("WordNet: a medical-domain word that is no condition, procedure or device")
            } else if proper && single {
                // "lincoln", "calvin": a surname alone is a town, a brand or a first name.
                Some("WordNet: a name of one word")
            } else if wn.instances.contains(&first.synset)
                && matches!(first.lexfile(), Some(6 | 15))
            {
                // "notre dame", "westminster abbey": named buildings and places are sights.
                Some("WordNet: a named place or building")
            } else if single && wn.has_other_reading(lemma) {
                // "acoustic" is a remedy for deafness only as a noun; "spots" inflects "spot".
                Some("WordNet: a single word that is also a verb, adjective or adverb")
            } else if single && !proper && wn.proper.contains_key(lemma) {
                // "calif" is a caliph and California.
                Some("WordNet: a single word that is also a name")
            } else {
                None
            };
            out.push(match reason {
                Some(r) => Err(r),
                None => match crate::text::normal(lemma, 3) {
                    Some(term) => Ok(Candidate {
                        term,
                        category,
                        provenance: format!("oewn:{}", first.synset),
                    }),
                    None => continue,
                },
            });
        }
    }
    out
}
