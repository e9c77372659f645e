//! Why a stored conversation state is refused.

use thiserror::Error;

use crate::category::SensitiveCategory;

/// A stored [`ConversationState`](crate::ConversationState) failed validation; [`kind`](Self::kind)
/// says why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(transparent)]
pub struct ConversationError {
    kind: ConversationErrorKind,
}

/// What is wrong with a stored conversation state; see [`ConversationError`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ConversationErrorKind {
    /// A format version this crate does not read.
    #[error("conversation state version {found}, this crate reads {supported}")]
    Version {
        /// The version in the data.
        found: u32,
        /// The version this crate reads.
        supported: u32,
    },
    /// A category is listed twice.
    #[error("conversation state lists {category} twice")]
    DuplicateCategory {
        /// The category.
        category: SensitiveCategory,
    },
    /// A sensitive turn at or after the number of turns seen.
    #[error(
        "conversation state: {category} seen in turn {turn}, but only {turns} turns were seen"
    )]
    TurnAhead {
        /// The category.
        category: SensitiveCategory,
        /// The turn given.
        turn: u32,
        /// The number of turns seen.
        turns: u32,
    },
    /// A time outside the years 2000 to 2200.
    #[error("conversation state: {category} seen at Unix second {seconds}, outside the years 2000 to 2200")]
    Time {
        /// The category.
        category: SensitiveCategory,
        /// The time given.
        seconds: i64,
    },
}

impl ConversationError {
    /// What is wrong.
    pub fn kind(&self) -> &ConversationErrorKind {
        &self.kind
    }
}

impl From<ConversationErrorKind> for ConversationError {
    fn from(kind: ConversationErrorKind) -> Self {
        Self { kind }
    }
}
