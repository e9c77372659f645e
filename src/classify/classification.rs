//! What the classifier found in one message: interests, sensitive categories, language, and whether the
//! message was too large to read.

use serde::Serialize;

use crate::category::SensitiveSet;
use crate::language::Language;
use crate::model::ModelScores;
use crate::scored::{InterestList, ScoredInterest, NO_INTERESTS};

/// What the classifier found in one message. It holds no text, and no heap memory: it is `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Classification {
    interests: InterestList,
    sensitive: SensitiveSet,
    sensitive_by_lexicon: SensitiveSet,
    model: ModelScores,
    language: Option<Language>,
    oversized: bool,
}

impl Classification {
    /// Scored interests, best first.
    pub fn interests(&self) -> &[ScoredInterest] {
        self.interests.as_slice()
    }

    /// Every sensitive category the message mentions, whatever the policy: what the lexicon found
    /// and what the model flagged (their union, so the model never removes a category).
    pub fn sensitive(&self) -> SensitiveSet {
        self.sensitive
    }

    /// The categories a lexicon term found (with its traps and pair rules).
    pub fn sensitive_by_lexicon(&self) -> SensitiveSet {
        self.sensitive_by_lexicon
    }

    /// The categories the learned model flagged, at its thresholds; empty without a model.
    pub fn sensitive_by_model(&self) -> SensitiveSet {
        self.model.flagged()
    }

    /// The model's probabilities for this message, so a reviewer can see why it was flagged.
    ///
    /// ```
    /// use chat_interests::{Classifier, SensitiveCategory};
    /// let c = Classifier::builtin().classify("my insulin pump keeps beeping", None);
    /// assert!(c.sensitive_by_lexicon().contains(SensitiveCategory::Health));
    /// assert!(c.model().probability(SensitiveCategory::Health).is_some());
    /// ```
    pub fn model(&self) -> &ModelScores {
        &self.model
    }

    /// The message's language: detected, else the hint; `None` when neither is known.
    pub fn language(&self) -> Option<Language> {
        self.language
    }

    /// Whether the message was above [`ClassifierBuilder::max_input_bytes`](crate::ClassifierBuilder::max_input_bytes) and so not read at all.
    /// Such a message has no interests and no sensitive categories; a [`PolicyEngine`](crate::PolicyEngine)
    /// denies it, since nothing is known about its sensitivity.
    pub fn is_oversized(&self) -> bool {
        self.oversized
    }
}

impl Classification {
    /// Nothing found yet, language from the hint.
    pub(crate) fn empty(language: Option<Language>) -> Self {
        Self {
            interests: NO_INTERESTS,
            sensitive: SensitiveSet::empty(),
            sensitive_by_lexicon: SensitiveSet::empty(),
            model: ModelScores::default(),
            language,
            oversized: false,
        }
    }

    /// A message that was not read: nothing is known about its sensitivity.
    pub(crate) fn oversized(language: Option<Language>) -> Self {
        Self {
            oversized: true,
            ..Self::empty(language)
        }
    }

    pub(crate) fn set_language(&mut self, language: Option<Language>) {
        self.language = language;
    }

    /// What the lexicon found and what the model said (default scores without a model); the
    /// message's categories are their union.
    pub(crate) fn set_sensitive(&mut self, lexicon: SensitiveSet, model: ModelScores) {
        self.sensitive_by_lexicon = lexicon;
        self.model = model;
        self.sensitive = lexicon.union(model.flagged());
    }

    pub(crate) fn push_interest(&mut self, s: ScoredInterest) -> bool {
        self.interests.push(s)
    }
}
