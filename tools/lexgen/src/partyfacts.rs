//! Party Facts core parties (MIT): native, English and other names and short names of the parties of
//! 216 countries.

use std::path::Path;

use crate::text::{delimited_rows, folded_words, normal, read};
use crate::Candidate;

/// The countries whose parties' short names are terms: where English or German is spoken, and the
/// large markets the crate is measured for (ISO 3166-1 alpha-3, as Party Facts writes them).
const SHORT_NAME_COUNTRIES: &[&str] = &[
    "USA", "GBR", "IRL", "CAN", "AUS", "NZL", "IND", "ZAF", "DEU", "AUT", "CHE", "LUX", "FRA",
    "BRA",
];

/// Words that make a name a party's ("Labour Party", "Partido Verde").
const PARTY_WORDS: &[&str] = &[
    "party", "partei", "parti", "partido", "partito", "partij", "partia", "partiet", "partiya",
];

/// Articles that lead a name without naming the party ("Die Grünen", "The Left").
const ARTICLES: &[&str] = &[
    "the", "die", "der", "das", "la", "le", "les", "el", "los", "las", "il", "l", "lo", "de", "het",
];

/// What a name or short name needs to be a term: `everyday` says whether a folded word is one the
/// guards keep out of single-word terms (a frequent or stop word, or any WordNet lemma).
/// `wordnet_political` says, for a name WordNet has as a lemma, whether its first sense is political.
pub fn terms(
    vocab: &Path,
    everyday: &dyn Fn(&str) -> bool,
    wordnet_political: &dyn Fn(&str) -> Option<bool>,
) -> Vec<Result<Candidate, &'static str>> {
    let rows = delimited_rows(
        &read(&vocab.join("partyfacts/partyfacts-core-parties.csv")),
        ',',
    );
    let header = &rows[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("Party Facts has a {name} column"))
    };
    let (id, technical, short) = (col("partyfacts_id"), col("technical"), col("name_short"));
    let country = col("country");
    let names = [col("name"), col("name_english"), col("name_other")];
    let mut out = Vec::new();
    for row in &rows[1..] {
        let field = |i: usize| row.get(i).map(String::as_str).unwrap_or_default();
        // Technical rows are "independent", "other", "alliance", "unknown".
        if !field(technical).is_empty() {
            continue;
        }
        let provenance = format!("partyfacts:{}", field(id));
        let mut push = |r: Result<String, &'static str>| {
            out.push(r.map(|term| Candidate {
                term,
                category: "politics",
                provenance: provenance.clone(),
            }))
        };
        for name in names.iter().flat_map(|&c| field(c).split(" / ")) {
            // `name_other` reads "Pashto: ..." and brackets qualify ("Irish Nationalist [Northern Ireland]").
            let name = name.rsplit(": ").next().unwrap_or(name);
            let name = name.split('[').next().unwrap_or(name).trim();
            if name.is_empty() {
                continue;
            }
            let Some(folded) = normal(name, 6) else {
                continue;
            };
            let mut words: Vec<&str> = folded.split(' ').collect();
            while words.len() > 1 && ARTICLES.contains(&words[0]) {
                words.remove(0);
            }
            let party_word = words.iter().any(|w| PARTY_WORDS.contains(w));
            let joined = words.join(" ");
            push(if let Some(political) = wordnet_political(&joined) {
                // "third party" is a legal term first; "labour party" is a party.
                if political {
                    Ok(joined)
                } else {
                    Err("Party Facts: a name WordNet reads as something else first")
                }
            } else if words.len() == 1 {
                if everyday(words[0]) {
                    Err("Party Facts: a one-word name that is an everyday word")
                } else {
                    Ok(words[0].to_owned())
                }
            } else if party_word || words.len() >= 3 || !words.iter().all(|w| everyday(w)) {
                Ok(joined)
            } else {
                // "Die Linke", "Free Voters": every word is an everyday word.
                Err("Party Facts: a name of everyday words only")
            });
        }
        // Short names are acronyms ("SPD", "PSOL"); those of under three letters or that spell a
        // word ("Con", "Lab", "ARENA", "MoDem") are left to the curated frames, and so are those of
        // countries far from the crate's languages and markets, whose three letters collide with
        // everything else ("ABV" is alcohol by volume, "AFC" a football confederation).
        if !SHORT_NAME_COUNTRIES.contains(&field(country)) {
            continue;
        }
        let short_name = field(short).split('/').next().unwrap_or_default().trim();
        if let Some(s) = folded_words(short_name, 1) {
            // Three letters are left to the curated file too: they collide with product codes read as
            // leetspeak ("V90" reads "vgo") and inflect into words ("DUP" + "es").
            let inflects = everyday(&format!("{s}s")) || everyday(&format!("{s}es"));
            push(if s.len() < 4 || everyday(&s) || inflects {
                Err("Party Facts: a short name under four letters or an everyday word")
            } else {
                Ok(s)
            });
        }
    }
    out
}
