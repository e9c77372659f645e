//! The compiled lexicon: every term of every language and kind, ready to be found in folded text.
//!
//! Nearly all terms are `word` terms: whole words, the last one perhaps inflected. They live in one hash
//! table keyed by their folded text ([`crate::util::table`]), so a message costs a few lookups per word
//! (the word, the word without each inflectional ending it has, and the next words while a longer
//! phrase may go on) instead of a walk through an automaton of tens of thousands of patterns. The few
//! hundred `prefix` and `infix` terms, which can sit anywhere in a word, share one small Aho-Corasick
//! automaton.
//!
//! One file per way a term is found: [`words`] (the pass over the words, which also counts stop words
//! and notes what the later steps need), [`compound`] (German compound parts), [`runs`] (inside
//! spelled-out runs), [`typo`] (one typo forgiven); [`gram`] holds the filters that keep those cheap.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::error::build::{BuildError, BuildErrorKind};
use crate::language::words::{common_words, leader, stop_words, StopCounts};
use crate::language::Language;
use crate::lexicon::variants::{digit_variants, joined_variants};
use crate::lexicon::{Entry, MatchMode, Meaning, Term};
use crate::util::hash::FxHashMap;
use crate::util::table::WordTable;

mod compound;
mod gram;
mod runs;
mod typo;
mod words;

use gram::GramFilter;
use typo::{fuzzy_index, vocab_index, FuzzyKey, FuzzyTerm};

/// Shortest term found inside a spelled-out run (shorter ones hide in any run of letters).
pub(crate) const RUN_MIN_CHARS: usize = 3;

/// Shortest sensitive term (in characters) that also matches with one typo; shorter words have too many
/// ordinary neighbours ("gay"/"day", "islam"/"slam").
pub(crate) const FUZZY_MIN_CHARS: usize = 6;

/// Shortest German interest term (bytes, folded) matched as part of a compound, and shortest rest of
/// the compound beside it.
const COMPOUND_MIN_TERM: usize = 4;
const COMPOUND_MIN_REST: usize = 3;
/// How far into a word the head of a compound may start (bytes); longer words are not split there.
const COMPOUND_MAX_HEAD_START: usize = 47;

/// Whether `b` ends with `x` (a short ending), compared byte by byte rather than through `memcmp`.
#[inline]
fn ends_with(b: &[u8], x: &str) -> bool {
    b.len() >= x.len()
        && b[b.len() - x.len()..]
            .iter()
            .zip(x.bytes())
            .all(|(a, b)| *a == b)
}

/// A term found in the folded text: byte span (with any inflectional ending) and meaning.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) term: Term,
    /// A German interest term found as one part of a compound ("Nudel|rezept"), not as a whole word.
    pub(crate) compound: bool,
}

/// What the table knows of one folded key.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// `terms[start..start + len]`: the `word` terms spelled exactly so (often none: a key may be only a
    /// phrase's beginning or a known word).
    start: u32,
    len: u16,
    flags: u8,
}

/// A longer phrase starts with this key and a space.
const CONTINUES: u8 = 1;
/// A word of some term: never read as a typo.
const KNOWN: u8 = 2;
/// Has a German single-word interest term: may be a part of a compound.
const COMPOUND_PART: u8 = 4;
/// Has a sensitive, trap or pair term: searched for inside spelled-out runs.
const IN_RUNS: u8 = 8;
/// A frequent word of either language: never read as a typo.
const COMMON: u8 = 16;
/// A stop word of English or German: counted to detect the message's language.
const STOP_EN: u8 = 32;
const STOP_DE: u8 = 64;

/// The stop-word flag of `lang`: a `match` with no catch-all, so a new language cannot silently count
/// as another.
fn stop_flag(lang: Language) -> u8 {
    match lang {
        Language::English => STOP_EN,
        Language::German => STOP_DE,
    }
}

/// What the plain pass ([`Matcher::plain_hits`]) notes about the words of a message, so that later steps
/// need not look them up again.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordNotes {
    /// Stop words per language, in [`Language::ALL`] order.
    stop_words: StopCounts,
    /// Words no interest term spans whole, long enough to be split into compound parts.
    compound_words: Vec<(usize, usize)>,
    /// Words that may be misspellings (see [`typo::is_typo_candidate`]).
    typo_words: Vec<(usize, usize)>,
}

impl WordNotes {
    fn clear(&mut self) {
        self.stop_words = StopCounts::default();
        self.compound_words.clear();
        self.typo_words.clear();
    }

    /// The language with the most stop words; `None` when none leads (see [`leader`]).
    pub(crate) fn language(&self) -> Option<Language> {
        leader(&self.stop_words)
    }
}

impl Slot {
    fn has(self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// A compiled lexicon.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    /// `word` terms, every word-prefix of a multi-word one, and every word of every term, by folded text.
    table: WordTable<Slot>,
    /// Meanings of the table's keys, grouped by key.
    terms: Vec<Term>,
    /// `prefix` and `infix` terms: one small automaton, and each pattern's meanings.
    parts: Option<AhoCorasick>,
    part_terms: Vec<Vec<Term>>,
    /// First bytes of every key with [`IN_RUNS`], and the longest such key (bytes).
    run_starts: GramFilter,
    run_max: usize,
    /// First and last bytes of every key with [`COMPOUND_PART`], and the longest (bytes).
    compound_starts: GramFilter,
    compound_ends: GramFilter,
    compound_max: usize,
    /// Long single-word sensitive terms, for misspellings.
    fuzzy: FxHashMap<FuzzyKey, Vec<FuzzyTerm>>,
    /// Words of sensitive phrases (identity frames, pair sides, multi-word terms), to correct one typo
    /// in a word of a phrase ("panic attcks").
    vocab: FxHashMap<FuzzyKey, Vec<(String, u32)>>,
    patterns: usize,
}

/// A German single-word interest term long enough to be a part of a compound.
fn is_german_interest_word(t: &Term, folded: &str) -> bool {
    t.lang == Language::German
        && matches!(t.meaning, Meaning::Interest { .. })
        && t.mode == MatchMode::Word
        && !folded.contains(' ')
        && folded.len() >= COMPOUND_MIN_TERM
}

impl Matcher {
    pub(crate) fn new(mut entries: Vec<Entry>) -> Result<Self, BuildError> {
        let joined = joined_variants(&entries);
        let digits = digit_variants(&entries);
        entries.extend(digits);
        // Misspellings are forgiven for the terms as written (and read with digits), not for the joined
        // forms of phrases, which exist for spelled-out runs alone.
        let fuzzy = fuzzy_index(&entries);
        let joined_digits = digit_variants(&joined);
        entries.extend(joined);
        entries.extend(joined_digits);
        // In file order: when a misspelling is one edit from two phrase words, the first listed wins.
        let vocab = vocab_index(
            entries
                .iter()
                .filter(|e| e.forgive_typos)
                .map(|e| (e.folded.as_str(), std::slice::from_ref(&e.term))),
        );

        // Group word terms by key, in order of first appearance, borrowing the keys from `entries`
        // (no copy per key); prefix and infix terms go to the automaton.
        let mut group_of: FxHashMap<&str, u32> = FxHashMap::default();
        group_of.reserve(entries.len());
        let mut keys: Vec<&str> = Vec::with_capacity(entries.len());
        let mut members: Vec<(u32, u32)> = Vec::with_capacity(entries.len());
        let mut part_of: FxHashMap<&str, usize> = FxHashMap::default();
        let (mut part_patterns, mut part_terms): (Vec<&str>, Vec<Vec<Term>>) = (vec![], vec![]);
        for (i, e) in entries.iter().enumerate() {
            let key = e.folded.as_str();
            if e.term.mode == MatchMode::Word {
                let g = *group_of.entry(key).or_insert_with(|| {
                    keys.push(key);
                    keys.len() as u32 - 1
                });
                members.push((g, i as u32));
            } else {
                let p = *part_of.entry(key).or_insert_with(|| {
                    part_patterns.push(key);
                    part_terms.push(Vec::new());
                    part_patterns.len() - 1
                });
                if !part_terms[p].contains(&e.term) {
                    part_terms[p].push(e.term);
                }
            }
        }
        // Stable: within a key, terms stay in file order.
        members.sort_by_key(|m| m.0);

        let mut m = Matcher {
            table: WordTable::new(std::iter::empty()),
            terms: Vec::with_capacity(members.len()),
            parts: None,
            part_terms,
            run_starts: GramFilter::new(RUN_MIN_CHARS),
            run_max: 0,
            compound_starts: GramFilter::new(COMPOUND_MIN_TERM),
            compound_ends: GramFilter::new(COMPOUND_MIN_TERM),
            compound_max: 0,
            fuzzy,
            vocab,
            patterns: keys.len() + part_patterns.len(),
        };
        let mut slots: FxHashMap<&str, Slot> = FxHashMap::default();
        // Keys, the words and beginnings of phrases, and the frequent and stop words: no regrowth.
        slots.reserve(keys.len() * 3 / 2 + 32_768);
        let mut rest = &members[..];
        while let Some(&(g, _)) = rest.first() {
            let n = rest.iter().take_while(|m| m.0 == g).count();
            let (group, tail) = rest.split_at(n);
            rest = tail;
            let key = keys[g as usize];
            let start = m.terms.len();
            for &(_, i) in group {
                let term = entries[i as usize].term;
                if !m.terms[start..].contains(&term) {
                    m.terms.push(term);
                }
            }
            let terms = &m.terms[start..];
            let mut flags = KNOWN;
            if terms.iter().any(|t| is_german_interest_word(t, key)) {
                flags |= COMPOUND_PART;
                let b = key.as_bytes();
                m.compound_starts.insert(b);
                m.compound_ends.insert(&b[b.len() - COMPOUND_MIN_TERM..]);
                m.compound_max = m.compound_max.max(b.len());
            }
            if key.len() >= RUN_MIN_CHARS
                && terms
                    .iter()
                    .any(|t| !matches!(t.meaning, Meaning::Interest { .. }))
            {
                flags |= IN_RUNS;
                m.run_starts.insert(key.as_bytes());
                m.run_max = m.run_max.max(key.len());
            }
            // Every word-prefix of a phrase marks that it goes on; every word of it is known.
            for (i, _) in key.match_indices(' ') {
                slots.entry(&key[..i]).or_default().flags |= CONTINUES;
            }
            if key.contains(' ') {
                for w in key.split(' ') {
                    slots.entry(w).or_default().flags |= KNOWN;
                }
            }
            let slot = slots.entry(key).or_default();
            slot.start = start as u32;
            slot.len = u16::try_from(m.terms.len() - start).map_err(|_| {
                BuildError::from(BuildErrorKind::Matcher {
                    message: format!("term {key:?} has more than 65,535 meanings"),
                })
            })?;
            slot.flags |= flags;
        }
        for w in part_patterns.iter().flat_map(|p| p.split(' ')) {
            slots.entry(w).or_default().flags |= KNOWN;
        }
        for (w, _) in common_words() {
            slots.entry(w).or_default().flags |= COMMON;
        }
        for (w, lang) in stop_words() {
            slots.entry(w).or_default().flags |= stop_flag(lang);
        }
        m.table = WordTable::new(slots.iter().map(|(k, v)| (*k, *v)));
        if !part_patterns.is_empty() {
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&part_patterns)
                .map_err(|e| {
                    BuildError::from(BuildErrorKind::Matcher {
                        message: e.to_string(),
                    })
                })?;
            m.parts = Some(ac);
        }
        Ok(m)
    }

    /// Number of distinct folded patterns.
    pub(crate) fn pattern_count(&self) -> usize {
        self.patterns
    }

    /// The slot of `key`, counted as one unit of `work`.
    fn slot(&self, key: &str, work: &mut u64) -> Option<Slot> {
        *work += 1;
        self.table.get(key)
    }

    fn terms_of(&self, slot: Slot) -> &[Term] {
        &self.terms[slot.start as usize..slot.start as usize + slot.len as usize]
    }
}

/// Index of the next space at or after `from`, or the end; the bytes looked at are added to `work`.
fn next_space(bytes: &[u8], from: usize, work: &mut u64) -> usize {
    let end = bytes[from..]
        .iter()
        .position(|&b| b == b' ')
        .map_or(bytes.len(), |p| from + p);
    *work += (end - from) as u64 + 1;
    end
}

#[cfg(test)]
#[path = "../../testdata/eval.rs"]
mod testdata;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::builtin::builtin_entries;
    use crate::lexicon::parse::parse;
    use crate::lexicon::LexiconKind as Kind;
    use crate::text::fold::fold;

    /// A matcher of the given lexicon lines alone (shared by the matcher's test modules).
    pub(super) fn matcher(lines: &[(Language, Kind, &str)]) -> Matcher {
        let mut entries = Vec::new();
        for (lang, kind, text) in lines {
            parse(*lang, *kind, "test", text, &mut entries).unwrap();
        }
        Matcher::new(entries).unwrap()
    }

    fn found(m: &Matcher, text: &str) -> Vec<String> {
        let folded = fold(text);
        let mut v = Vec::new();
        m.plain_hits(&folded, &mut WordNotes::default(), &mut 0, |h| {
            if !h.compound {
                v.push(folded[h.start..h.end].to_owned())
            }
        });
        v
    }

    #[test]
    fn word_mode_takes_inflections_of_its_language_only() {
        let m = matcher(&[
            (Language::English, Kind::Interests, "sneaker\t552\t1\tword"),
            (Language::German, Kind::Interests, "Schuh\t552\t1\tword"),
        ]);
        assert_eq!(found(&m, "new sneakers"), ["sneakers"]);
        assert_eq!(found(&m, "sneakeren"), Vec::<String>::new());
        assert_eq!(found(&m, "neue Schuhe"), ["schuhe"]);
        // Only as a compound part (German interests), flagged as such.
        let folded = fold("Schuhwerk Laufschuhe");
        let (mut parts, mut notes) = (Vec::new(), WordNotes::default());
        m.plain_hits(&folded, &mut notes, &mut 0, |h| {
            parts.push((folded[h.start..h.end].to_owned(), h.compound))
        });
        assert!(parts.is_empty());
        m.compound_hits(&folded, &notes, &mut 0, |h| {
            parts.push((folded[h.start..h.end].to_owned(), h.compound))
        });
        assert_eq!(
            parts,
            [("schuh".to_owned(), true), ("schuhe".to_owned(), true)]
        );
    }

    #[test]
    fn prefix_and_infix() {
        let m = matcher(&[
            (Language::German, Kind::Sensitive, "diabet\thealth\tprefix"),
            (Language::German, Kind::Sensitive, "krebs\thealth\tinfix"),
        ]);
        assert_eq!(found(&m, "Diabetesberatung"), ["diabetesberatung"]);
        assert_eq!(found(&m, "Prädiabetes"), Vec::<String>::new());
        assert_eq!(found(&m, "Brustkrebs"), ["krebs"]);
    }

    #[test]
    fn the_word_pass_counts_stop_words_like_detect() {
        let m = Matcher::new(builtin_entries(Language::ALL).unwrap()).unwrap();
        let texts = testdata::rows().into_iter().map(|r| r.text);
        let mut notes = WordNotes::default();
        let mut n = 0;
        for text in texts.chain(["", "Nike Air Max 90", "und the", "ich bin the best"]) {
            let folded = fold(text);
            m.plain_hits(&folded, &mut notes, &mut 0, |_| {});
            assert_eq!(
                notes.language(),
                crate::language::words::detect(&folded),
                "{text:?}"
            );
            n += 1;
        }
        assert!(n > 500);
    }
}
