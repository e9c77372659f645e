//! Why a profile could not be built, changed or read.

use thiserror::Error;

use crate::error::interest::InterestIdError;

/// A profile could not be built, changed or read; [`kind`](Self::kind) says why.
#[derive(Debug, Clone, PartialEq, Error)]
#[error(transparent)]
pub struct ProfileError {
    kind: ProfileErrorKind,
}

/// What is wrong with a profile; see [`ProfileError`].
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum ProfileErrorKind {
    /// The serialized format version is not one this crate reads.
    #[error(
        "unsupported profile format version {found} (this crate reads versions 1 to {newest})"
    )]
    UnsupportedVersion {
        /// The version read.
        found: u32,
        /// The newest version this crate reads.
        newest: u32,
    },
    /// An id is not an allowed interest.
    #[error("profile entry {index}: {source}")]
    Interest {
        /// Index of the entry.
        index: usize,
        /// Why the id is not an interest.
        #[source]
        source: InterestIdError,
    },
    /// The same interest appears twice.
    #[error("profile entry {index}: duplicate interest {id}")]
    DuplicateInterest {
        /// Index of the entry.
        index: usize,
        /// The IAB id.
        id: &'static str,
    },
    /// A score is negative, NaN or infinite.
    #[error("profile entry {index}: score {score} is not a finite non-negative number")]
    BadScore {
        /// Index of the entry.
        index: usize,
        /// The score read.
        score: f64,
    },
    /// A timestamp is out of range or first seen is after last seen.
    #[error("profile entry {index}: {message}")]
    BadTime {
        /// Index of the entry.
        index: usize,
        /// What is wrong.
        message: String,
    },
    /// More entries than the profile's bound.
    #[error("profile has {found} entries, more than its bound of {max}")]
    TooManyEntries {
        /// Entries read.
        found: usize,
        /// The bound.
        max: usize,
    },
    /// A configuration value is out of range.
    #[error("invalid profile setting {setting}: {message}")]
    Config {
        /// The setting.
        setting: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A field (key, surface, message id, hidden topic) is invalid.
    #[error("invalid profile field {field}: {message}")]
    Field {
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A receipt names a message the profile cannot forget: it is not in the ledger and could not
    /// have added to any settled interest (already forgotten, or never ingested here).
    #[error("no message {message:?} at {at} (Unix seconds) to forget: not in the ledger and no settled interest it could have added to")]
    UnknownReceipt {
        /// The receipt's message id.
        message: Option<String>,
        /// The receipt's time, in Unix seconds.
        at: i64,
    },
    /// A stored profile was written under another taxonomy file than the one embedded.
    #[error("profile written under taxonomy {found:?}, not the embedded {expected:?}: its ids may mean other topics")]
    TaxonomyMismatch {
        /// The taxonomy named by the profile (version and SHA-256).
        found: String,
        /// The embedded taxonomy (version and SHA-256).
        expected: String,
    },
    /// Two profiles with different decay settings cannot be merged.
    #[error("cannot merge profiles with different half-lives ({left} s and {right} s)")]
    HalfLifeMismatch {
        /// This profile's half-life in seconds.
        left: u64,
        /// The other's.
        right: u64,
    },
}

impl ProfileError {
    /// What is wrong.
    pub fn kind(&self) -> &ProfileErrorKind {
        &self.kind
    }
}

impl From<ProfileErrorKind> for ProfileError {
    fn from(kind: ProfileErrorKind) -> Self {
        Self { kind }
    }
}
