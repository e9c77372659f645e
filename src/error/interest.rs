//! Why an IAB id cannot be an interest.

use thiserror::Error;

use crate::category::SensitiveCategory;

/// An IAB id that cannot be an interest; [`kind`](Self::kind) says why.
///
/// ```
/// use chat_interests::{InterestId, InterestIdErrorKind};
/// let err = InterestId::new("317").unwrap_err(); // Diabetes
/// assert!(matches!(err.kind(), InterestIdErrorKind::Sensitive { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(transparent)]
pub struct InterestIdError {
    kind: InterestIdErrorKind,
}

/// What is wrong with an id; see [`InterestIdError`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum InterestIdErrorKind {
    /// The id is not in IAB Content Taxonomy 3.1.
    #[error("unknown IAB Content Taxonomy 3.1 id {id:?}")]
    Unknown {
        /// The id (at most its first 64 characters).
        id: String,
    },
    /// The id names a sensitive node, which can never be an interest.
    #[error("IAB id {id:?} ({name}) is sensitive ({category}) and can never be an interest")]
    Sensitive {
        /// The id.
        id: String,
        /// The node's name.
        name: &'static str,
        /// Its category.
        category: SensitiveCategory,
    },
}

impl InterestIdError {
    pub(crate) fn unknown(id: &str) -> Self {
        InterestIdErrorKind::Unknown {
            id: id.chars().take(64).collect(),
        }
        .into()
    }

    pub(crate) fn sensitive(id: &str, name: &'static str, category: SensitiveCategory) -> Self {
        InterestIdErrorKind::Sensitive {
            id: id.to_owned(),
            name,
            category,
        }
        .into()
    }

    /// What is wrong.
    pub fn kind(&self) -> &InterestIdErrorKind {
        &self.kind
    }
}

impl From<InterestIdErrorKind> for InterestIdError {
    fn from(kind: InterestIdErrorKind) -> Self {
        Self { kind }
    }
}
