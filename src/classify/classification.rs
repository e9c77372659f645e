//! What the classifier found in one message: interests, sensitive categories, language, and whether the
//! message was too large to read.

use serde::Serialize;

use crate::category::SensitiveSet;
use crate::language::Language;
use crate::scored::{InterestList, ScoredInterest, NO_INTERESTS};

/// What the classifier found in one message. It holds no text, and no heap memory: it is `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Classification {
    interests: InterestList,
    sensitive: SensitiveSet,
    language: Option<Language>,
    oversized: bool,
}

impl Classification {
    /// Scored interests, best first.
    pub fn interests(&self) -> &[ScoredInterest] {
        self.interests.as_slice()
    }

    /// Every sensitive category the message mentions, whatever the policy.
    pub fn sensitive(&self) -> SensitiveSet {
        self.sensitive
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

    pub(crate) fn set_sensitive(&mut self, sensitive: SensitiveSet) {
        self.sensitive = sensitive;
    }

    pub(crate) fn push_interest(&mut self, s: ScoredInterest) -> bool {
        self.interests.push(s)
    }
}
