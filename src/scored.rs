//! A scored interest, and the inline list of them that a classification and an allowed message carry.

use serde::ser::SerializeStruct;
use serde::Serialize;

use crate::taxonomy::InterestId;
use crate::util::inline_list::InlineList;

/// The most interests one message yields; see [`ClassifierBuilder::max_interests`](crate::ClassifierBuilder::max_interests).
pub const MAX_INTERESTS: usize = 16;

/// An interest with its score in `(0, 1)`: how much evidence one message gave for it.
///
/// Serializes as `{"iab": "483", "name": "Sports", "score": 0.6321205}` with the score as computed (an
/// `f32`); round it for display where it is shown.
///
/// ```
/// use chat_interests::Classifier;
/// let c = Classifier::builtin().classify("cheap flights to Lisbon?", None);
/// let best = c.interests()[0];
/// assert_eq!(best.id().tier1().name(), "Travel");
/// assert!(best.score() > 0.0 && best.score() < 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredInterest {
    id: InterestId,
    score: f32,
}

impl ScoredInterest {
    pub(crate) const fn new(id: InterestId, score: f32) -> Self {
        Self { id, score }
    }

    /// The interest.
    pub fn id(&self) -> InterestId {
        self.id
    }

    /// Evidence for it, saturating below 1: `1 - exp(-sum of matched term weights)`.
    pub fn score(&self) -> f32 {
        self.score
    }
}

impl Serialize for ScoredInterest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ScoredInterest", 3)?;
        st.serialize_field("iab", self.id.iab_id())?;
        st.serialize_field("name", self.id.name())?;
        st.serialize_field("score", &self.score)?;
        st.end()
    }
}

/// Up to [`MAX_INTERESTS`] scored interests held inline, so a classification needs no heap.
pub(crate) type InterestList = InlineList<ScoredInterest, MAX_INTERESTS>;

/// An empty list (its unused slots hold a filler that is never read or shown).
pub(crate) const NO_INTERESTS: InterestList =
    InlineList::new(ScoredInterest::new(InterestId::FILLER, 0.0));
