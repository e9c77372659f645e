//! Caller-owned working buffers, so that a warm classification allocates nothing.

use crate::classify::scan::Scan;
use crate::classify::score::Scores;
use crate::matcher::WordNotes;
use crate::text::disguise::DisguiseBuffers;

/// Reusable working buffers for [`Classifier::classify_with`](crate::Classifier::classify_with). Keep one per thread: once its buffers
/// have grown to the longest message seen, classifying allocates nothing. It holds the last message's
/// folded text until the next call or drop, and nothing else.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    pub(crate) cleaned: String,
    pub(crate) folded: String,
    pub(crate) disguised: String,
    pub(crate) runs: String,
    pub(crate) corrected: String,
    pub(crate) disguise: DisguiseBuffers,
    pub(crate) scan: Scan,
    pub(crate) notes: WordNotes,
    pub(crate) scores: Scores,
    pub(crate) work: u64,
}

impl Scratch {
    /// Empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// How much work the last [`classify_with`](crate::Classifier::classify_with) call did, in
    /// deterministic units: bytes read by each pass plus table lookups and automaton matches. It grows
    /// linearly with the input (the tests check this on hostile inputs), so a host can use it to
    /// account for the cost of messages without a clock. Zero for an oversized message, which is not
    /// read.
    ///
    /// ```
    /// use chat_interests::{Classifier, Scratch};
    /// let (classifier, mut scratch) = (Classifier::builtin(), Scratch::new());
    /// classifier.classify_with("cheap flights to Rome", None, &mut scratch);
    /// let one = scratch.work();
    /// classifier.classify_with(&"cheap flights to Rome ".repeat(100), None, &mut scratch);
    /// assert!(scratch.work() > 50 * one && scratch.work() < 200 * one);
    /// ```
    pub fn work(&self) -> u64 {
        self.work
    }
}
