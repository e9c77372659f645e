//! Why an id cannot be an IAB Audience Taxonomy 1.1 segment.

use thiserror::Error;

use crate::category::SensitiveCategory;

/// An id that cannot be an [`AudienceId`](crate::AudienceId); [`kind`](Self::kind) says why.
///
/// ```
/// use chat_interests::{AudienceId, AudienceIdErrorKind};
/// let err = AudienceId::new("466").unwrap_err(); // Medical Health
/// assert!(matches!(err.kind(), AudienceIdErrorKind::Sensitive { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(transparent)]
pub struct AudienceIdError {
    kind: AudienceIdErrorKind,
}

/// What is wrong with an id; see [`AudienceIdError`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AudienceIdErrorKind {
    /// The id is not a node of the Audience Taxonomy 1.1 "Interest" subtree (Demographic and
    /// Purchase Intent nodes are not shipped).
    #[error("{id:?} is no IAB Audience Taxonomy 1.1 Interest node")]
    Unknown {
        /// The id (at most its first 64 characters).
        id: String,
    },
    /// The id names a sensitive node, which can never be a segment.
    #[error(
        "IAB Audience id {id:?} ({name}) is sensitive ({category}) and can never be a segment"
    )]
    Sensitive {
        /// The id.
        id: String,
        /// The node's name.
        name: &'static str,
        /// Its category.
        category: SensitiveCategory,
    },
}

impl AudienceIdError {
    pub(crate) fn unknown(id: &str) -> Self {
        AudienceIdErrorKind::Unknown {
            id: id.chars().take(64).collect(),
        }
        .into()
    }

    pub(crate) fn sensitive(id: &str, name: &'static str, category: SensitiveCategory) -> Self {
        AudienceIdErrorKind::Sensitive {
            id: id.to_owned(),
            name,
            category,
        }
        .into()
    }

    /// What is wrong.
    pub fn kind(&self) -> &AudienceIdErrorKind {
        &self.kind
    }
}

impl From<AudienceIdErrorKind> for AudienceIdError {
    fn from(kind: AudienceIdErrorKind) -> Self {
        Self { kind }
    }
}
