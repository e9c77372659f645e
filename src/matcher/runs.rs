//! Terms inside spelled-out runs ("p r i d e p a r a d e" → "prideparade"): the run has lost its word
//! boundaries, so sensitive terms and traps are searched anywhere in it.

use super::*;

impl Matcher {
    /// Sensitive and trap hits anywhere inside the spelled-out runs of `runs` (no word boundaries), for
    /// terms of at least [`RUN_MIN_CHARS`] bytes.
    pub(crate) fn run_hits(&self, runs: &str, work: &mut u64, mut f: impl FnMut(Hit)) {
        let b = runs.as_bytes();
        let wanted = |t: &Term| !matches!(t.meaning, Meaning::Interest { .. });
        for i in 0..(b.len() + 1).saturating_sub(RUN_MIN_CHARS) {
            *work += 1;
            if !runs.is_char_boundary(i) || !self.run_starts.contains(&b[i..]) {
                continue;
            }
            for end in i + RUN_MIN_CHARS..=(i + self.run_max).min(b.len()) {
                let Some(slot) = runs
                    .get(i..end)
                    .and_then(|k| self.slot(k, work))
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
            *work += b.len() as u64;
            for m in parts.find_overlapping_iter(runs) {
                *work += 1;
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
}
