//! The compiled lexicon: every term of every language and kind, ready to be found in folded text.
//!
//! Nearly all terms are `word` terms: whole words, the last one perhaps inflected. They live in one hash
//! table keyed by their folded text, so a message costs a few lookups per word (the word, the word
//! without each inflectional ending it has, and the next words while a longer phrase may go on) instead
//! of a walk through an automaton of tens of thousands of patterns (see [`crate::table`] for its layout).
//! The few hundred `prefix` and `infix` terms, which can sit anywhere in a word, share one small
//! Aho-Corasick automaton.
//!
//! German interest terms also count as a part of a compound ("Nudel|rezept", "Vogel|fotografie"); the
//! splits of a long word are looked up in the same table, behind a filter of first and last four bytes
//! that rejects almost every split before it is hashed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::error::BuildError;
use crate::hash::FxHashMap;
use crate::language::{common_words, stop_words};
use crate::lexicon::{Entry, Meaning, Term};
use crate::normalize::{leet, number_digits};
use crate::table::WordTable;
use crate::{Language, MatchMode, SensitiveCategory};

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

/// Every inflectional ending of every language, each once, by its last byte (so a word is checked
/// only against the endings it may have).
fn endings(last: u8) -> &'static [&'static str] {
    match last {
        b's' => &["s", "es", "ns"],
        b'e' => &["e"],
        b'n' => &["n", "en", "ern"],
        b'r' => &["er"],
        b'm' => &["em"],
        _ => &[],
    }
}

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

/// What the plain pass of [`Matcher::hits`] notes about the words of a message, so that later steps
/// need not look them up again.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordNotes {
    /// Stop words per language (English, German).
    stop_words: [u32; 2],
    /// Words no interest term spans whole, long enough to be split into compound parts.
    compound_words: Vec<(usize, usize)>,
    /// Words that may be misspellings (see [`is_typo_candidate`]).
    typo_words: Vec<(usize, usize)>,
}

impl WordNotes {
    fn clear(&mut self) {
        self.stop_words = [0; 2];
        self.compound_words.clear();
        self.typo_words.clear();
    }

    /// The language with more stop words; `None` on a tie (see [`crate::language`]).
    pub(crate) fn language(&self) -> Option<Language> {
        match self.stop_words[0].cmp(&self.stop_words[1]) {
            std::cmp::Ordering::Greater => Some(Language::English),
            std::cmp::Ordering::Less => Some(Language::German),
            std::cmp::Ordering::Equal => None,
        }
    }
}

impl Slot {
    fn has(self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// A filter over byte strings of one length (the first or last bytes of keys): 131,072 bits indexed by
/// a hash of the bytes, so it answers "no" for most positions without touching the table.
#[derive(Clone)]
struct GramFilter {
    bits: Box<[u64]>,
    len: usize,
}

impl GramFilter {
    const BITS: u32 = 17;

    fn new(len: usize) -> Self {
        Self {
            bits: vec![0; 1 << (Self::BITS - 6)].into_boxed_slice(),
            len,
        }
    }

    /// The bit of `gram`'s first `len` bytes (`gram` must have them).
    #[inline]
    fn index(&self, gram: &[u8]) -> usize {
        let x = gram[..self.len]
            .iter()
            .fold(0u32, |h, &b| h.rotate_left(8) ^ b as u32);
        (x.wrapping_mul(0x9e37_79b1) >> (32 - Self::BITS)) as usize
    }

    fn insert(&mut self, gram: &[u8]) {
        let i = self.index(gram);
        self.bits[i / 64] |= 1 << (i % 64);
    }

    #[inline]
    fn contains(&self, gram: &[u8]) -> bool {
        let i = self.index(gram);
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

impl std::fmt::Debug for GramFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set: u32 = self.bits.iter().map(|w| w.count_ones()).sum();
        write!(f, "GramFilter({}-byte grams, {set} bits set)", self.len)
    }
}

#[derive(Debug, Clone, PartialEq)]
struct FuzzyTerm {
    term: String,
    category: SensitiveCategory,
    /// Length in characters.
    chars: usize,
    /// Which of the letters a–z it has (see [`letter_mask`]).
    mask: u32,
}

impl FuzzyTerm {
    fn new(term: String, category: SensitiveCategory) -> Self {
        Self {
            chars: term.chars().count(),
            mask: letter_mask(&term),
            category,
            term,
        }
    }

    fn may_be_one_edit_from(&self, mask: u32) -> bool {
        masks_within_one_edit(self.mask, mask)
    }
}

/// A cheap necessary condition for [`within_one_edit`] of two words with letter masks `a` and `b`: one
/// edit adds and removes at most one letter, so at most two letters of a–z differ in presence.
fn masks_within_one_edit(a: u32, b: u32) -> bool {
    (a ^ b).count_ones() <= 2
}

/// Bit `i` set when the word has the `i`-th letter of a–z; bit 26 for anything else.
fn letter_mask(word: &str) -> u32 {
    word.bytes().fold(0, |m, b| {
        m | if b.is_ascii_lowercase() {
            1 << (b - b'a')
        } else {
            1 << 26
        }
    })
}

/// Bucket of a fuzzy candidate: first character and length in characters (0 for `prefix`/`infix` terms,
/// whose length is compared against a word's prefixes). A typo in the first letter is not forgiven.
type FuzzyKey = (char, usize);

fn key(word: &str, len: usize) -> Option<FuzzyKey> {
    word.chars().next().map(|c| (c, len))
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

/// `word` and `word` without each inflectional ending of either language.
fn stems(word: &str) -> impl Iterator<Item = &str> {
    let inflections = Language::ALL.iter().flat_map(|l| l.inflections());
    std::iter::once(word).chain(inflections.filter_map(move |x| word.strip_suffix(x)))
}

/// `word` with German umlaut transliterations collapsed ("migraene" → "migrane"), the way people type
/// without umlauts; `None` when there are none.
fn collapse_umlauts(word: &str) -> Option<String> {
    let collapsed = word
        .replace("ae", "a")
        .replace("oe", "o")
        .replace("ue", "u");
    (collapsed != word).then_some(collapsed)
}

/// Whether `a` and `b` are at most one insertion, deletion, substitution or adjacent transposition apart.
fn within_one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        one_edit(a.as_bytes(), b.as_bytes())
    } else {
        one_edit(
            &a.chars().collect::<Vec<_>>(),
            &b.chars().collect::<Vec<_>>(),
        )
    }
}

fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        let (s, l) = (&short[prefix..], &long[prefix..]);
        s.is_empty()
            || s[1..] == l[1..]
            || (s.len() >= 2 && s[0] == l[1] && s[1] == l[0] && s[2..] == l[2..])
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// A multi-word sensitive term or trap also stands without its spaces, to be found inside a spelled-out
/// run ("p r i d e p a r a d e" folds to the run "prideparade").
fn joined_variants(entries: &[Entry]) -> Vec<Entry> {
    entries
        .iter()
        .filter(|e| {
            e.folded.contains(' ')
                && matches!(e.term.meaning, Meaning::Sensitive(_) | Meaning::Trap)
        })
        .map(|e| Entry {
            folded: e.folded.replace(' ', ""),
            term: e.term,
        })
        .collect()
}

/// The disguise fold reads number words as digits ("type two diabetes"), so a sensitive term with a
/// number word ("one night stand") also stands with the digit, and one mixing letters and digits
/// ("hba1c") stands as that fold reads it.
fn digit_variants(entries: &[Entry]) -> Vec<Entry> {
    entries
        .iter()
        .filter(|e| !matches!(e.term.meaning, Meaning::Interest { .. }))
        .filter_map(|e| {
            let mut changed = false;
            let words: Vec<String> = e
                .folded
                .split(' ')
                .map(|w| match number_digits(w) {
                    Some(digit) => {
                        changed = true;
                        digit.to_owned()
                    }
                    None if w.chars().any(char::is_alphabetic)
                        && w.chars().any(|c| c.is_ascii_digit()) =>
                    {
                        changed = true;
                        w.chars().map(|c| leet(c).unwrap_or(c)).collect()
                    }
                    None => w.to_owned(),
                })
                .collect();
            changed.then(|| Entry {
                folded: words.join(" "),
                term: e.term,
            })
        })
        .collect()
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
                BuildError::Matcher(format!("term {key:?} has more than 65,535 meanings"))
            })?;
            slot.flags |= flags;
        }
        for w in part_patterns.iter().flat_map(|p| p.split(' ')) {
            slots.entry(w).or_default().flags |= KNOWN;
        }
        for w in common_words() {
            slots.entry(w).or_default().flags |= COMMON;
        }
        for (w, lang) in stop_words() {
            slots.entry(w).or_default().flags |= match lang {
                Language::English => STOP_EN,
                _ => STOP_DE,
            };
        }
        m.table = WordTable::new(slots.iter().map(|(k, v)| (*k, *v)));
        if !part_patterns.is_empty() {
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&part_patterns)
                .map_err(|e| BuildError::Matcher(e.to_string()))?;
            m.parts = Some(ac);
        }
        Ok(m)
    }

    /// Number of distinct folded patterns.
    pub(crate) fn pattern_count(&self) -> usize {
        self.patterns
    }

    fn slot(&self, key: &str) -> Option<Slot> {
        self.table.get(key)
    }

    fn terms_of(&self, slot: Slot) -> &[Term] {
        &self.terms[slot.start as usize..slot.start as usize + slot.len as usize]
    }

    /// Every hit of every term in `folded` (the output of [`fold`](crate::normalize::fold)), boundary
    /// rules applied, except compound parts ([`compound_hits`](Self::compound_hits)). With `notes` (the
    /// plain pass) interest terms count too, and the notes are filled; without, only sensitive terms,
    /// traps and pair sides are reported (the passes over disguised or corrected text).
    pub(crate) fn hits(
        &self,
        folded: &str,
        mut notes: Option<&mut WordNotes>,
        mut f: impl FnMut(Hit),
    ) {
        let interests = notes.is_some();
        if let Some(n) = notes.as_deref_mut() {
            n.clear();
        }
        let bytes = folded.as_bytes();
        let mut s = 0;
        while s < bytes.len() {
            if bytes[s] == b' ' {
                s += 1;
                continue;
            }
            let word_end = next_space(bytes, s);
            // The phrases starting at this word, longest last, while the table says one may go on.
            let (mut last_word, mut e) = (s, word_end);
            // An interest term spanning the whole word wins over any part of it (leftmost-longest), so
            // such a word is not split into compound parts.
            let mut whole_word_interest = false;
            loop {
                let phrase = &folded[s..e];
                let slot = self.slot(phrase);
                // The word itself (the first, one-word phrase): what the later steps need of it.
                if let Some(n) = notes.as_deref_mut().filter(|_| e == word_end) {
                    let flags = slot.map_or(0, |s| s.flags);
                    n.stop_words[0] += u32::from(flags & STOP_EN != 0);
                    n.stop_words[1] += u32::from(flags & STOP_DE != 0);
                    if is_typo_candidate(phrase, flags) {
                        n.typo_words.push((s, e));
                    }
                }
                if let Some(slot) = slot {
                    for &term in self.terms_of(slot) {
                        let interest = matches!(term.meaning, Meaning::Interest { .. });
                        whole_word_interest |= interest && e == word_end;
                        if interests || !interest {
                            f(Hit {
                                start: s,
                                end: e,
                                term,
                                compound: false,
                            });
                        }
                    }
                }
                for &x in endings(bytes[e - 1]) {
                    if e - last_word <= x.len() || !ends_with(phrase.as_bytes(), x) {
                        continue;
                    }
                    let Some(stem) = self.slot(&phrase[..phrase.len() - x.len()]) else {
                        continue;
                    };
                    for &term in self.terms_of(stem) {
                        let interest = matches!(term.meaning, Meaning::Interest { .. });
                        if (interests || !interest) && term.lang.inflections().contains(&x) {
                            whole_word_interest |= interest && e == word_end;
                            f(Hit {
                                start: s,
                                end: e,
                                term,
                                compound: false,
                            });
                        }
                    }
                }
                if !slot.is_some_and(|s| s.has(CONTINUES)) || e + 1 >= bytes.len() {
                    break;
                }
                last_word = e + 1;
                e = next_space(bytes, last_word);
            }
            if let Some(n) = notes.as_deref_mut() {
                if !whole_word_interest && word_end - s >= COMPOUND_MIN_TERM + COMPOUND_MIN_REST {
                    n.compound_words.push((s, word_end));
                }
            }
            s = word_end + 1;
        }
        if let Some(parts) = &self.parts {
            let mut word_end = 0;
            for m in parts.find_overlapping_iter(folded) {
                let (start, end) = (m.start(), m.end());
                let at_word_start = start > 0 && bytes[start - 1] == b' ';
                if end > word_end {
                    word_end = next_space(bytes, end);
                }
                for &term in &self.part_terms[m.pattern().as_usize()] {
                    if !interests && matches!(term.meaning, Meaning::Interest { .. }) {
                        continue;
                    }
                    let span_end = match term.mode {
                        MatchMode::Prefix => at_word_start.then_some(word_end),
                        _ => Some(end),
                    };
                    if let Some(end) = span_end {
                        f(Hit {
                            start,
                            end,
                            term,
                            compound: false,
                        });
                    }
                }
            }
        }
    }

    /// German interest terms as parts of the compounds `notes` found in `folded` (its plain pass).
    pub(crate) fn compound_hits(&self, folded: &str, notes: &WordNotes, mut f: impl FnMut(Hit)) {
        for &(s, e) in &notes.compound_words {
            self.compound_parts(folded, s, e, &mut f);
        }
    }

    /// German interest terms as the first part of the word `folded[s..e]` ("Schach|partie") or as its
    /// head, perhaps inflected ("Vogel|fotografie", "Lauf|schuhe").
    fn compound_parts(&self, folded: &str, s: usize, e: usize, f: &mut impl FnMut(Hit)) {
        let word = &folded[s..e];
        let n = word.len();
        if n < COMPOUND_MIN_TERM + COMPOUND_MIN_REST {
            return;
        }
        let b = word.as_bytes();
        let emit = |f: &mut dyn FnMut(Hit), key: &str, start: usize, end: usize, rest: &str| {
            let Some(slot) = self.slot(key).filter(|s| s.has(COMPOUND_PART)) else {
                return;
            };
            for &term in self.terms_of(slot) {
                if is_german_interest_word(&term, key) && !term.lang.inflections().contains(&rest) {
                    f(Hit {
                        start,
                        end,
                        term,
                        compound: true,
                    });
                }
            }
        };
        // First parts: the rest is no inflection (that would be the whole word) and long enough.
        for p in COMPOUND_MIN_TERM..=(n - COMPOUND_MIN_REST).min(self.compound_max) {
            if word.is_char_boundary(p) && self.compound_ends.contains(&b[p - COMPOUND_MIN_TERM..p])
            {
                emit(&mut *f, &word[..p], s, s + p, &word[p..]);
            }
        }
        // Heads: from a later start to the end of the word, or to an inflection before it.
        let last_start = (n - COMPOUND_MIN_TERM).min(COMPOUND_MAX_HEAD_START);
        for st in COMPOUND_MIN_REST..=last_start {
            if !word.is_char_boundary(st) || !self.compound_starts.contains(&b[st..]) {
                continue;
            }
            if n - st <= self.compound_max {
                emit(&mut *f, &word[st..], s + st, e, "");
            }
            for x in Language::German.inflections() {
                let end = n - x.len();
                if ends_with(b, x) && end >= st + COMPOUND_MIN_TERM && end - st <= self.compound_max
                {
                    // The hit spans the inflection `x` too, so nothing is left after it.
                    emit(&mut *f, &word[st..end], s + st, e, "");
                }
            }
        }
    }

    /// Sensitive and trap hits anywhere inside the spelled-out runs of `runs` (no word boundaries), for
    /// terms of at least [`RUN_MIN_CHARS`] bytes.
    pub(crate) fn run_hits(&self, runs: &str, mut f: impl FnMut(Hit)) {
        let b = runs.as_bytes();
        let wanted = |t: &Term| !matches!(t.meaning, Meaning::Interest { .. });
        for i in 0..(b.len() + 1).saturating_sub(RUN_MIN_CHARS) {
            if !runs.is_char_boundary(i) || !self.run_starts.contains(&b[i..]) {
                continue;
            }
            for end in i + RUN_MIN_CHARS..=(i + self.run_max).min(b.len()) {
                let Some(slot) = runs
                    .get(i..end)
                    .and_then(|k| self.slot(k))
                    .filter(|s| s.has(IN_RUNS))
                else {
                    continue;
                };
                for &term in self.terms_of(slot).iter().filter(|t| wanted(t)) {
                    f(Hit {
                        start: i,
                        end,
                        term,
                        compound: false,
                    });
                }
            }
        }
        if let Some(parts) = &self.parts {
            for m in parts.find_overlapping_iter(runs) {
                if m.end() - m.start() < RUN_MIN_CHARS {
                    continue;
                }
                for &term in self.part_terms[m.pattern().as_usize()]
                    .iter()
                    .filter(|t| wanted(t))
                {
                    f(Hit {
                        start: m.start(),
                        end: m.end(),
                        term,
                        compound: false,
                    });
                }
            }
        }
    }

    /// The misspelling pass over `folded`, one look at each word: `f` gets each word one typo away from a
    /// long sensitive term (see [`fuzzy_word`](Self::fuzzy_word)), and `corrected` becomes `folded` with
    /// each word one typo from a word of a sensitive phrase replaced by that word ("panic attcks" →
    /// "panic attacks"); `false` (and `corrected` empty) when nothing was replaced.
    pub(crate) fn typos(
        &self,
        folded: &str,
        notes: Option<&WordNotes>,
        corrected: &mut String,
        mut f: impl FnMut(usize, usize, SensitiveCategory),
    ) -> bool {
        corrected.clear();
        let (mut start, mut copied) = (0, 0);
        // The plain pass noted its candidates; another text is looked at word by word.
        let mut noted = notes.map(|n| n.typo_words.iter());
        let mut next = || -> Option<(usize, usize)> {
            match noted.as_mut() {
                Some(it) => it.next().copied(),
                None => loop {
                    if start > folded.len() {
                        return None;
                    }
                    let s = start;
                    let e = next_space(folded.as_bytes(), s);
                    start = e + 1;
                    if self.is_typo_candidate(&folded[s..e]) {
                        return Some((s, e));
                    }
                },
            }
        };
        while let Some((s, e)) = next() {
            let word = &folded[s..e];
            self.fuzzy_word(word, s, e, &mut f);
            if let Some(fix) = self.phrase_fix(word) {
                corrected.push_str(&folded[copied..s]);
                corrected.push_str(fix);
                copied = e;
            }
        }
        if copied == 0 {
            return false;
        }
        corrected.push_str(&folded[copied..]);
        true
    }

    /// The word of a sensitive phrase `word` is one typo from, if any (the first listed).
    fn phrase_fix(&self, word: &str) -> Option<&str> {
        stems(word).find_map(|stem| {
            let (len, mask) = (stem.chars().count(), letter_mask(stem));
            (len.saturating_sub(1)..=len + 1)
                .filter_map(|l| key(stem, l).and_then(|k| self.vocab.get(&k)))
                .flatten()
                .find(|(c, m)| masks_within_one_edit(*m, mask) && within_one_edit(c, stem))
                .map(|(c, _)| c.as_str())
        })
    }

    /// See [`is_typo_candidate`].
    pub(crate) fn is_typo_candidate(&self, word: &str) -> bool {
        is_typo_candidate(word, self.slot(word).map_or(0, |s| s.flags))
    }

    /// The sensitive categories `word` (at `s..e`, a typo candidate of at most 64 characters) is one typo
    /// away from, as hits spanning the word. The first letter must be right; a `word` term may carry an
    /// inflection of either language, a `prefix` or `infix` term may start a compound
    /// (`Gewerkchaftsmitglied`).
    fn fuzzy_word(
        &self,
        word: &str,
        s: usize,
        e: usize,
        f: &mut impl FnMut(usize, usize, SensitiveCategory),
    ) {
        for stem in stems(word) {
            let (len, mask) = (stem.chars().count(), letter_mask(stem));
            for l in len.saturating_sub(1)..=len + 1 {
                for c in key(stem, l)
                    .and_then(|k| self.fuzzy.get(&k))
                    .into_iter()
                    .flatten()
                {
                    if c.may_be_one_edit_from(mask) && within_one_edit(&c.term, stem) {
                        f(s, e, c.category);
                    }
                }
            }
        }
        // Prefix and infix terms against the word's prefixes of one character less, as many, or one
        // more: the boundaries and letter masks of every prefix, computed once.
        let bucket = key(word, 0).and_then(|k| self.fuzzy.get(&k));
        if let Some(bucket) = bucket {
            let (mut ends, mut masks) = ([0usize; 66], [0u32; 66]);
            for (n, (i, ch)) in word.char_indices().enumerate() {
                ends[n + 1] = i + ch.len_utf8();
                masks[n + 1] = masks[n] | letter_mask(&word[i..ends[n + 1]]);
            }
            let chars = word.chars().count();
            for c in bucket {
                if (c.chars - 1..=(c.chars + 1).min(chars)).any(|k| {
                    c.may_be_one_edit_from(masks[k]) && within_one_edit(&c.term, &word[..ends[k]])
                }) {
                    f(s, e, c.category);
                }
            }
        }
    }
}

/// Whether `word`, whose table flags are `flags`, may be a misspelling: 5 to 64 characters (long enough
/// to be one typo from a fuzzy term or phrase word, not absurdly long), and neither frequent nor a word
/// of some term (those are what they say).
fn is_typo_candidate(word: &str, flags: u8) -> bool {
    // Bytes bound characters from above; only count characters when the bytes allow it.
    let chars = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    word.len() + 1 >= FUZZY_MIN_CHARS
        && word.len() <= 256
        && (FUZZY_MIN_CHARS..=65).contains(&(chars + 1))
        && flags & (KNOWN | COMMON) == 0
}

/// Index of the next space at or after `from`, or the end.
fn next_space(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b' ')
        .map_or(bytes.len(), |p| from + p)
}

/// Long single-word sensitive terms by first character and length.
fn fuzzy_index(entries: &[Entry]) -> FxHashMap<FuzzyKey, Vec<FuzzyTerm>> {
    let mut fuzzy: FxHashMap<FuzzyKey, Vec<FuzzyTerm>> = FxHashMap::default();
    for e in entries {
        let Meaning::Sensitive(category) = e.term.meaning else {
            continue;
        };
        if e.folded.contains(' ') || e.folded.chars().count() < FUZZY_MIN_CHARS {
            continue;
        }
        for term in std::iter::once(e.folded.clone()).chain(collapse_umlauts(&e.folded)) {
            let chars = term.chars().count();
            let len = if e.term.mode == MatchMode::Word {
                chars
            } else {
                0
            };
            if let Some(k) = key(&term, len) {
                let bucket = fuzzy.entry(k).or_default();
                let t = FuzzyTerm::new(term, category);
                if !bucket.contains(&t) {
                    bucket.push(t);
                }
            }
        }
    }
    fuzzy
}

/// Words of sensitive phrases and pair sides by first character and length.
fn vocab_index<'a>(
    patterns: impl Iterator<Item = (&'a str, &'a [Term])>,
) -> FxHashMap<FuzzyKey, Vec<(String, u32)>> {
    let mut vocab: FxHashMap<FuzzyKey, Vec<(String, u32)>> = FxHashMap::default();
    for (pattern, meanings) in patterns {
        let phrase_word = meanings.iter().any(|t| match t.meaning {
            Meaning::Pair { .. } => true,
            Meaning::Sensitive(_) => t.mode == MatchMode::Word && pattern.contains(' '),
            _ => false,
        });
        if !phrase_word {
            continue;
        }
        for w in pattern.split(' ') {
            if w.chars().count() + 1 >= FUZZY_MIN_CHARS {
                for alt in std::iter::once(w.to_owned()).chain(collapse_umlauts(w)) {
                    if let Some(k) = key(&alt, alt.chars().count()) {
                        let v = vocab.entry(k).or_default();
                        if !v.iter().any(|(w, _)| *w == alt) {
                            let mask = letter_mask(&alt);
                            v.push((alt, mask));
                        }
                    }
                }
            }
        }
    }
    vocab
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{parse, Kind};
    use crate::normalize::fold;

    fn matcher(lines: &[(Language, Kind, &str)]) -> Matcher {
        let mut entries = Vec::new();
        for (lang, kind, text) in lines {
            parse(*lang, *kind, "test", text, &mut entries).unwrap();
        }
        Matcher::new(entries).unwrap()
    }

    fn found(m: &Matcher, text: &str) -> Vec<String> {
        let folded = fold(text);
        let mut v = Vec::new();
        m.hits(&folded, Some(&mut WordNotes::default()), |h| {
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
        m.hits(&folded, Some(&mut notes), |h| {
            parts.push((folded[h.start..h.end].to_owned(), h.compound))
        });
        assert!(parts.is_empty());
        m.compound_hits(&folded, &notes, |h| {
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
    fn one_edit() {
        assert!(within_one_edit("diabetes", "diabetis"));
        assert!(within_one_edit("depression", "depresion"));
        assert!(within_one_edit("migraene", "migrane"));
        assert!(within_one_edit("atheist", "athiest"));
        assert!(!within_one_edit("atheist", "theists"));
        assert!(!within_one_edit("election", "selections"));
    }

    #[test]
    fn misspelled_long_terms_match() {
        let m = matcher(&[(
            Language::English,
            Kind::Sensitive,
            "depression\thealth\tword",
        )]);
        let mut v = Vec::new();
        m.typos(
            &fold("my depresion is bad"),
            None,
            &mut String::new(),
            |s, e, c| v.push((s, e, c)),
        );
        assert_eq!(v.len(), 1);
        let mut v = Vec::new();
        m.typos(
            &fold("the expression is bad"),
            None,
            &mut String::new(),
            |s, e, c| v.push((s, e, c)),
        );
        assert!(v.is_empty());
    }

    #[test]
    fn the_word_pass_counts_stop_words_like_detect() {
        let m = Matcher::new(crate::lexicon::builtin_entries(&Language::ALL).unwrap()).unwrap();
        let eval = [
            include_str!("../tests/eval/en.tsv"),
            include_str!("../tests/eval/de.tsv"),
        ];
        let texts = eval
            .iter()
            .flat_map(|t| t.lines())
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.splitn(3, '\t').nth(2));
        let mut notes = WordNotes::default();
        let mut n = 0;
        for text in texts.chain(["", "Nike Air Max 90", "und the", "ich bin the best"]) {
            let folded = fold(text);
            m.hits(&folded, Some(&mut notes), |_| {});
            assert_eq!(
                notes.language(),
                crate::language::detect(&folded),
                "{text:?}"
            );
            n += 1;
        }
        assert!(n > 500);
    }
}
