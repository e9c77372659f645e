//! The pass over the words of a folded text: whole-word terms with their inflections, phrases, and
//! `prefix`/`infix` terms; the plain pass also counts stop words and notes compound and typo candidates.

use super::typo::is_typo_candidate;
use super::*;
use crate::language::endings_by_last_byte;

impl Matcher {
    /// The plain pass over `folded` (the plain fold of the message): every hit of every term, interest
    /// terms included, boundary rules applied, except compound parts
    /// ([`compound_hits`](Self::compound_hits)); `notes` gets the stop-word counts and the compound and
    /// typo candidates. Lookups and bytes looked at are added to `work`.
    pub(crate) fn plain_hits(
        &self,
        folded: &str,
        notes: &mut WordNotes,
        work: &mut u64,
        f: impl FnMut(Hit),
    ) {
        self.word_hits(folded, Some(notes), work, f)
    }

    /// A sensitive pass over another reading of the message (the disguise fold, corrected typos):
    /// sensitive terms, traps and pair sides only.
    pub(crate) fn sensitive_hits(&self, folded: &str, work: &mut u64, f: impl FnMut(Hit)) {
        self.word_hits(folded, None, work, f)
    }

    /// Both passes: with `notes`, the plain one.
    fn word_hits(
        &self,
        folded: &str,
        mut notes: Option<&mut WordNotes>,
        work: &mut u64,
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
            let word_end = next_space(bytes, s, work);
            // The phrases starting at this word, longest last, while the table says one may go on.
            let (mut last_word, mut e) = (s, word_end);
            // An interest term spanning the whole word wins over any part of it (leftmost-longest), so
            // such a word is not split into compound parts.
            let mut whole_word_interest = false;
            loop {
                let phrase = &folded[s..e];
                let slot = self.slot(phrase, work);
                // The word itself (the first, one-word phrase): what the later steps need of it.
                if let Some(n) = notes.as_deref_mut().filter(|_| e == word_end) {
                    let flags = slot.map_or(0, |s| s.flags);
                    for &lang in Language::ALL {
                        n.stop_words[lang.index()] += u32::from(flags & stop_flag(lang) != 0);
                    }
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
                for &x in endings_by_last_byte(bytes[e - 1]) {
                    if e - last_word <= x.len() || !ends_with(phrase.as_bytes(), x) {
                        continue;
                    }
                    let Some(stem) = self.slot(&phrase[..phrase.len() - x.len()], work) else {
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
                e = next_space(bytes, last_word, work);
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
            *work += bytes.len() as u64;
            for m in parts.find_overlapping_iter(folded) {
                *work += 1;
                let (start, end) = (m.start(), m.end());
                let at_word_start = start > 0 && bytes[start - 1] == b' ';
                if end > word_end {
                    word_end = next_space(bytes, end, work);
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
}
