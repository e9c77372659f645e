//! Scoring: the interest hits of one message become ranked interests with scores in `(0, 1)`.

use crate::classify::builder::Options;
use crate::classify::classification::Classification;
use crate::language::Language;
use crate::lexicon::Meaning;
use crate::matcher::Hit;
use crate::scored::ScoredInterest;
use crate::taxonomy::InterestId;

/// Weight of a German interest term found as one part of a compound rather than as a whole word.
const COMPOUND_WEIGHT: f32 = 0.7;

/// The largest score: the largest `f32` below 1, so that scores stay in `(0, 1)`.
const MAX_SCORE: f32 = 0.999_999_94;

/// The buffers of scoring, kept between messages.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scores {
    /// Per interest (by taxonomy index): summed weight of this message; zero between calls.
    totals: Vec<f32>,
    touched: Vec<InterestId>,
    ranked: Vec<ScoredInterest>,
}

impl Scores {
    /// Scores `hits` (the interest hits of a message read as `language`) into `result`, best first.
    pub(crate) fn rank(
        &mut self,
        hits: &mut [Hit],
        language: Option<Language>,
        o: &Options,
        result: &mut Classification,
    ) {
        let Scores {
            totals,
            touched,
            ranked,
        } = self;
        // Leftmost-longest among interest hits: "new york times" wins over "new york". Ties are broken
        // by meaning so that the sum below runs in one order.
        hits.sort_unstable_by(|a, b| {
            (a.start, std::cmp::Reverse(a.end), a.compound)
                .cmp(&(b.start, std::cmp::Reverse(b.end), b.compound))
                .then_with(|| interest_key(a).cmp(&interest_key(b)))
        });
        if totals.len() < InterestId::index_bound() {
            totals.resize(InterestId::index_bound(), 0.0);
        }
        let mut taken: Option<(usize, usize)> = None;
        for h in hits.iter() {
            match taken {
                Some(span) if span == (h.start, h.end) => {}
                Some((_, end)) if h.start < end => continue,
                _ => taken = Some((h.start, h.end)),
            }
            if let Meaning::Interest { id, weight } = h.term.meaning {
                let factor = match language {
                    // Compound parts (only looked for in text not read as English) count less than
                    // whole words.
                    _ if h.compound => COMPOUND_WEIGHT,
                    Some(l) if l != h.term.lang => o.other_language_weight,
                    _ => 1.0,
                };
                let total = &mut totals[id.index()];
                if *total == 0.0 {
                    touched.push(id);
                }
                *total += weight * factor;
            }
        }
        ranked.clear();
        for id in touched.drain(..) {
            let w = std::mem::take(&mut totals[id.index()]);
            // Saturates below 1: `1 - exp(-w)` rounds to 1.0 in f32 once `w` passes about 17.
            let score = (1.0 - (-w).exp()).min(MAX_SCORE);
            if score >= o.min_score && score > 0.0 {
                ranked.push(ScoredInterest::new(id, score));
            }
        }
        ranked.sort_unstable_by(|a, b| b.score().total_cmp(&a.score()).then(a.id().cmp(&b.id())));
        for s in ranked.iter().take(o.max_interests) {
            result.push_interest(*s);
        }
    }
}

/// The meaning of an interest hit as a sortable key.
fn interest_key(h: &Hit) -> (u16, u32, u8) {
    match h.term.meaning {
        Meaning::Interest { id, weight } => {
            (id.index() as u16, weight.to_bits(), h.term.lang as u8)
        }
        _ => (0, 0, 0),
    }
}
