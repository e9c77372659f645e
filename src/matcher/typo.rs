//! One typo forgiven: words one edit from a long sensitive term, and words one edit from a word of a
//! sensitive phrase (corrected before the phrase is looked up again). The first letter must be right,
//! and frequent words and words of other terms are never read as typos.

use super::*;
use crate::category::SensitiveCategory;

#[derive(Debug, Clone, PartialEq)]
pub(super) struct FuzzyTerm {
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
pub(super) type FuzzyKey = (char, usize);

fn key(word: &str, len: usize) -> Option<FuzzyKey> {
    word.chars().next().map(|c| (c, len))
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

impl Matcher {
    /// The misspelling pass over `folded`, one look at each word: `f` gets each word one typo away from a
    /// long sensitive term (see [`fuzzy_word`](Self::fuzzy_word)), and `corrected` becomes `folded` with
    /// each word one typo from a word of a sensitive phrase replaced by that word ("panic attcks" →
    /// "panic attacks"); `false` (and `corrected` empty) when nothing was replaced.
    pub(crate) fn typos(
        &self,
        folded: &str,
        notes: Option<&WordNotes>,
        corrected: &mut String,
        work: &mut u64,
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
                    let e = next_space(folded.as_bytes(), s, work);
                    start = e + 1;
                    if self.is_typo_candidate(&folded[s..e], work) {
                        return Some((s, e));
                    }
                },
            }
        };
        // Each candidate costs a bounded number of bucket walks (stems × three lengths).
        let mut candidate_bytes = 0;
        while let Some((s, e)) = next() {
            let word = &folded[s..e];
            candidate_bytes += word.len() as u64;
            self.fuzzy_word(word, s, e, &mut f);
            if let Some(fix) = self.phrase_fix(word) {
                corrected.push_str(&folded[copied..s]);
                corrected.push_str(fix);
                copied = e;
            }
        }
        *work += candidate_bytes;
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
    pub(crate) fn is_typo_candidate(&self, word: &str, work: &mut u64) -> bool {
        is_typo_candidate(word, self.slot(word, work).map_or(0, |s| s.flags))
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
pub(super) fn is_typo_candidate(word: &str, flags: u8) -> bool {
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

/// Long single-word sensitive terms by first character and length.
pub(super) fn fuzzy_index(entries: &[Entry]) -> FxHashMap<FuzzyKey, Vec<FuzzyTerm>> {
    let mut fuzzy: FxHashMap<FuzzyKey, Vec<FuzzyTerm>> = FxHashMap::default();
    for e in entries {
        let Meaning::Sensitive(category) = e.term.meaning else {
            continue;
        };
        if !e.forgive_typos {
            continue;
        }
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
pub(super) fn vocab_index<'a>(
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
    use crate::lexicon::LexiconKind as Kind;
    use crate::matcher::tests::matcher;
    use crate::text::fold::fold;

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
            &mut 0,
            |s, e, c| v.push((s, e, c)),
        );
        assert_eq!(v.len(), 1);
        let mut v = Vec::new();
        m.typos(
            &fold("the expression is bad"),
            None,
            &mut String::new(),
            &mut 0,
            |s, e, c| v.push((s, e, c)),
        );
        assert!(v.is_empty());
    }
}
