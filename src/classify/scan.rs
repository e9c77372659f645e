//! What the scans of one message found, and how sensitive hits, traps and pair rules combine.

use crate::category::{SensitiveCategory, SensitiveSet};
use crate::lexicon::Meaning;
use crate::matcher::Hit;

/// What one scan of a folded text found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    pub(crate) traps: Vec<(usize, usize)>,
    pub(crate) sensitive: Vec<(usize, usize, SensitiveCategory)>,
    pub(crate) interests: Vec<Hit>,
    /// Pair-rule sides: (rule, side, category, start, end).
    pub(crate) pairs: Vec<(u32, u8, SensitiveCategory, usize, usize)>,
    /// Whether interest hits are kept: only the plain fold feeds interests; the other scans are the
    /// sensitive pass alone.
    pub(crate) keep_interests: bool,
}

impl Scan {
    /// Ready for the sensitive pass over another text: its hits, traps and pair sides forgotten,
    /// interest hits kept (they come from the plain fold alone).
    pub(crate) fn next_text(&mut self) {
        self.traps.clear();
        self.sensitive.clear();
        self.pairs.clear();
        self.keep_interests = false;
    }

    /// Ready for the typo pass over the same text: the plain scan's traps kept, its sensitive hits and
    /// pair sides forgotten (they were counted).
    pub(crate) fn keep_traps_only(&mut self) {
        self.sensitive.clear();
        self.pairs.clear();
        self.keep_interests = false;
    }

    pub(crate) fn add(&mut self, hit: Hit) {
        match hit.term.meaning {
            Meaning::Trap => self.traps.push((hit.start, hit.end)),
            Meaning::Sensitive(c) => self.sensitive.push((hit.start, hit.end, c)),
            Meaning::Interest { .. } if self.keep_interests => self.interests.push(hit),
            Meaning::Interest { .. } => {}
            Meaning::Pair {
                rule,
                side,
                category,
            } => self.pairs.push((rule, side, category, hit.start, hit.end)),
        }
    }

    /// Sensitive categories: direct hits and complete pair rules, outside trap phrases.
    pub(crate) fn sensitive(&mut self) -> SensitiveSet {
        self.pairs.sort_unstable_by_key(|p| (p.0, p.1));
        for w in self.pairs.windows(2) {
            if w[0].0 == w[1].0 && w[0].1 != w[1].1 {
                self.sensitive.push((w[1].3, w[1].4, w[1].2));
            }
        }
        not_in_traps(&mut self.sensitive, &mut self.traps)
    }
}

/// Categories of the hits that no trap phrase covers. A sweep over both lists sorted by start keeps this
/// `O((hits + traps) log)` even when an input repeats a trap phrase many times.
fn not_in_traps(
    hits: &mut [(usize, usize, SensitiveCategory)],
    traps: &mut [(usize, usize)],
) -> SensitiveSet {
    hits.sort_unstable_by_key(|h| h.0);
    traps.sort_unstable();
    let mut set = SensitiveSet::empty();
    let (mut t, mut reach) = (0, 0);
    for &(start, end, category) in hits.iter() {
        while t < traps.len() && traps[t].0 <= start {
            reach = reach.max(traps[t].1);
            t += 1;
        }
        if end > reach {
            set.insert(category);
        }
    }
    set
}
