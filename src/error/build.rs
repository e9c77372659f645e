//! Why a classifier could not be built.

use thiserror::Error;

use crate::util::tsv::TsvError;

/// Building a [`Classifier`](crate::Classifier) failed; [`kind`](Self::kind) says where and why.
///
/// ```
/// use chat_interests::{BuildErrorKind, ClassifierBuilder, Language};
/// let err = ClassifierBuilder::new()
///     .builtin_lexicons(false)
///     .lexicon(Language::English, chat_interests::LexiconKind::Sensitive, "mine.tsv", "insulin\tnot_a_category\tword")
///     .unwrap_err();
/// assert!(matches!(err.kind(), BuildErrorKind::Lexicon { line: 1, column: Some(2), .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
#[error(transparent)]
pub struct BuildError {
    kind: BuildErrorKind,
}

/// What went wrong; see [`BuildError`].
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A lexicon line is malformed or refers to something unknown.
    #[error("lexicon {source_name}, line {line}{}: {message}", column.map(|c| format!(", column {c}")).unwrap_or_default())]
    Lexicon {
        /// The lexicon's name (file name for built-in data).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// 1-based column, when the problem is one field.
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A term added one at a time (not from a file) is invalid.
    #[error("custom term {term:?}: {message}")]
    Term {
        /// The term (at most its first 40 characters).
        term: String,
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
    /// A sensitive model's weights file or thresholds are invalid.
    #[error("sensitive model: {message}")]
    Model {
        /// What is wrong.
        message: String,
    },
    /// The matcher could not be built.
    #[error("cannot build the matcher: {message}")]
    Matcher {
        /// What is wrong.
        message: String,
    },
}

impl BuildError {
    /// What went wrong.
    pub fn kind(&self) -> &BuildErrorKind {
        &self.kind
    }
}

impl From<TsvError> for BuildError {
    fn from(e: TsvError) -> Self {
        BuildErrorKind::Lexicon {
            source_name: e.file,
            line: e.line,
            column: e.column,
            message: e.message,
        }
        .into()
    }
}

impl From<BuildErrorKind> for BuildError {
    fn from(kind: BuildErrorKind) -> Self {
        Self { kind }
    }
}
