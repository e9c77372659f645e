//! German interest terms as parts of compounds ("Nudel|rezept", "Vogel|fotografie"): the splits of a
//! long word are looked up in the same table, behind a filter of first and last four bytes that rejects
//! almost every split before it is hashed.

use super::*;

impl Matcher {
    /// German interest terms as parts of the compounds `notes` found in `folded` (its plain pass).
    pub(crate) fn compound_hits(
        &self,
        folded: &str,
        notes: &WordNotes,
        work: &mut u64,
        mut f: impl FnMut(Hit),
    ) {
        for &(s, e) in &notes.compound_words {
            self.compound_parts(folded, s, e, work, &mut f);
        }
    }

    /// German interest terms as the first part of the word `folded[s..e]` ("Schach|partie") or as its
    /// head, perhaps inflected ("Vogel|fotografie", "Lauf|schuhe").
    fn compound_parts(
        &self,
        folded: &str,
        s: usize,
        e: usize,
        work: &mut u64,
        f: &mut impl FnMut(Hit),
    ) {
        let word = &folded[s..e];
        let n = word.len();
        if n < COMPOUND_MIN_TERM + COMPOUND_MIN_REST {
            return;
        }
        let b = word.as_bytes();
        let mut emit = |f: &mut dyn FnMut(Hit), key: &str, start: usize, end: usize, rest: &str| {
            let Some(slot) = self.slot(key, work).filter(|s| s.has(COMPOUND_PART)) else {
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
}
