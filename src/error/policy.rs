//! Why a policy is invalid.

use thiserror::Error;

use crate::category::SensitiveCategory;

/// A [`Policy`](crate::Policy) is invalid; [`kind`](Self::kind) says why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(transparent)]
pub struct PolicyError {
    kind: PolicyErrorKind,
}

/// What is wrong with a policy; see [`PolicyError`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PolicyErrorKind {
    /// The policy would not exclude every announced sensitive category.
    #[error("policy {policy:?} must treat {missing} as sensitive: a policy may widen the announced categories, never narrow them")]
    NarrowsSensitive {
        /// The policy's name.
        policy: String,
        /// The first missing category.
        missing: SensitiveCategory,
    },
    /// The minimum age is above the maximum age.
    #[error("policy {policy:?}: minimum age {age} is above the maximum plausible age")]
    MinimumAge {
        /// The policy's name.
        policy: String,
        /// The age given.
        age: u16,
    },
    /// The maximum plausible age is above 130.
    #[error("policy {policy:?}: maximum age {age} is above 130")]
    MaximumAge {
        /// The policy's name.
        policy: String,
        /// The age given.
        age: u16,
    },
    /// A region has a start of its own but is excluded: the start would never apply.
    #[error(
        "policy {policy:?}: region {region} is excluded, so a start of its own would never apply"
    )]
    ExcludedRegionStart {
        /// The policy's name.
        policy: String,
        /// The region's code.
        region: String,
    },
    /// A linked-only surface is not among the surfaces the policy covers.
    #[error("policy {policy:?}: linked-only surface {surface:?} is not among its surfaces")]
    UncoveredSurface {
        /// The policy's name.
        policy: String,
        /// The surface.
        surface: String,
    },
    /// The conversation window is bounded by 0 turns or 0 seconds (it would taint nothing).
    #[error("policy {policy:?}: a conversation window of 0 turns or 0 seconds taints nothing; leave the bound out for none")]
    ConversationWindow {
        /// The policy's name.
        policy: String,
    },
    /// The "see less" factor is outside 1% to 99%.
    #[error("policy {policy:?}: a see-less factor of {percent}% is not between 1% and 99%")]
    SeeLessFactor {
        /// The policy's name.
        policy: String,
        /// The factor given, in percent.
        percent: u8,
    },
    /// A field of the Topics-style release's parameters ([`TopicsConfig`](crate::TopicsConfig)) is
    /// out of range.
    #[error("topics release: {field}: {message}")]
    Topics {
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The name is empty.
    #[error("a policy needs a non-empty name")]
    EmptyName,
    /// The policy's JSON text could not be read: a syntax error, a field of the wrong type, an
    /// unknown or missing field, or a value its type refuses (a region, surface, topic or time).
    #[error("policy JSON, line {line}, column {column}: {message}")]
    Json {
        /// The 1-based line of the problem.
        line: usize,
        /// The 1-based column of the problem.
        column: usize,
        /// What is wrong (serde_json's message, without its position).
        message: String,
    },
    /// No preset has this name.
    #[error("no policy preset named {name:?} (known: {known})")]
    UnknownPreset {
        /// The name asked for (at most its first 64 characters).
        name: String,
        /// The preset names, comma-separated.
        known: String,
    },
}

impl PolicyError {
    /// What is wrong.
    pub fn kind(&self) -> &PolicyErrorKind {
        &self.kind
    }
}

impl From<PolicyErrorKind> for PolicyError {
    fn from(kind: PolicyErrorKind) -> Self {
        Self { kind }
    }
}
