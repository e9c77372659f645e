//! Errors.

use thiserror::Error;

/// A value in text form could not be parsed (a category, region, surface, language, date or id).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid {what}: {value:?}{}", hint.map(|h| format!(" ({h})")).unwrap_or_default())]
pub struct ParseError {
    what: &'static str,
    value: String,
    hint: Option<&'static str>,
}

impl ParseError {
    pub(crate) fn new(what: &'static str, value: &str) -> Self {
        // Keep errors small even when the input was huge.
        let value: String = value.chars().take(64).collect();
        Self {
            what,
            value,
            hint: None,
        }
    }

    pub(crate) fn with_hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    /// What kind of value was expected, e.g. `"region"`.
    pub fn expected(&self) -> &'static str {
        self.what
    }
}

/// An IAB id that cannot be an interest.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum InterestIdError {
    /// The id is not in IAB Content Taxonomy 3.1.
    #[error("unknown IAB Content Taxonomy 3.1 id {0:?}")]
    Unknown(String),
    /// The id names a sensitive node, which can never be an interest.
    #[error("IAB id {id:?} ({name}) is sensitive ({category}) and can never be an interest")]
    Sensitive {
        /// The id.
        id: String,
        /// The node's name.
        name: &'static str,
        /// Its category.
        category: crate::SensitiveCategory,
    },
}

/// Building a [`Classifier`](crate::Classifier) failed.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A lexicon line is malformed or refers to something unknown.
    #[error("lexicon {source_name}, line {line}: {message}")]
    Lexicon {
        /// The lexicon's name (file name for built-in data).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An option is out of range.
    #[error("invalid option {option}: {message}")]
    Option {
        /// The option's name.
        option: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The matcher could not be built.
    #[error("cannot build the matcher: {0}")]
    Matcher(String),
}

/// A [`Policy`](crate::Policy) is invalid.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The policy would not exclude every announced sensitive category.
    #[error("policy {policy:?} must treat {missing} as sensitive: a policy may widen the announced categories, never narrow them")]
    NarrowsSensitive {
        /// The policy's name.
        policy: String,
        /// The first missing category.
        missing: crate::SensitiveCategory,
    },
    /// The minimum age is implausible.
    #[error("policy {policy:?}: minimum age {age} is above 130")]
    MinimumAge {
        /// The policy's name.
        policy: String,
        /// The age given.
        age: u16,
    },
    /// The name is empty.
    #[error("a policy needs a non-empty name")]
    EmptyName,
    /// No preset has this name.
    #[error("no policy preset named {0:?} (known: announced-rollout, strict-gdpr-art9)")]
    UnknownPreset(String),
}

/// A profile could not be built, changed or read.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// The serialized format version is not one this crate reads.
    #[error("unsupported profile format version {0} (this crate reads versions 1 to {current})", current = crate::profile::FORMAT_VERSION)]
    UnsupportedVersion(u32),
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
    /// Two profiles with different decay settings cannot be merged.
    #[error("cannot merge profiles with different half-lives ({0} s and {1} s)")]
    HalfLifeMismatch(u64, u64),
}
