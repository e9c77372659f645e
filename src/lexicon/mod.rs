//! Lexicons: term files per language and kind ([`builtin`]), parsed and validated ([`parse`]), with
//! the variants the disguise fold needs ([`variants`]). The matcher compiles them.
//!
//! File formats (TAB-separated, `#` comments, blank lines ignored):
//! - interests: `term  iab_id  weight  match`
//! - sensitive: `term  category  match`
//! - traps: `phrase  note` — benign phrases that cancel any sensitive match lying inside them
//!   ("black friday", "Flusskrebse").
//! - identity: `frame  group  text`, `word  group  text` or `after  group  text` — every frame followed by
//!   every word of its group, and every word followed by every after-word of its group, is an ethnicity
//!   term ("i am" + "mexican", "ich bin" + "Tamilin", "arab" + "guy"): a person's origin, not food or travel.
//! - pairs: `category  a|a|…  b|b|…` — the message is sensitive when it has a phrase from each side
//!   ("my husband" with "I'm a guy"); each phrase alone is harmless.
//!
//! `match` is `word`, `prefix` or `infix`; see [`MatchMode`].

use std::fmt;
use std::str::FromStr;

use crate::category::SensitiveCategory;
use crate::error::parse::ParseError;
use crate::language::Language;
use crate::taxonomy::InterestId;

pub(crate) mod builtin;
pub(crate) mod parse;
pub(crate) mod variants;

/// How a lexicon term must sit in the text to count.
///
/// ```
/// use chat_interests::MatchMode;
/// assert_eq!("infix".parse::<MatchMode>()?, MatchMode::Infix);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[non_exhaustive]
pub enum MatchMode {
    /// Whole words; the last word may carry an inflectional ending of the term's language
    /// (English `-s`, `-es`; German `-e`, `-n`, `-en`, `-er`, `-es`, `-s`, `-ern`, `-em`, `-ns`).
    #[default]
    Word,
    /// The term starts a word; anything may follow (stems, first parts of compounds: `diabet`).
    Prefix,
    /// Anywhere inside a word (heads of German compounds: `krebs` in `Brustkrebs`).
    Infix,
}

impl FromStr for MatchMode {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "word" => Ok(Self::Word),
            "prefix" => Ok(Self::Prefix),
            "infix" => Ok(Self::Infix),
            _ => Err(ParseError::new("match mode", s).with_hint("word, prefix or infix")),
        }
    }
}

impl fmt::Display for MatchMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Word => "word",
            Self::Prefix => "prefix",
            Self::Infix => "infix",
        })
    }
}

/// What a term means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Meaning {
    Interest {
        id: InterestId,
        weight: f32,
    },
    Sensitive(SensitiveCategory),
    Trap,
    /// One side of a pair rule: sensitive when both sides occur.
    Pair {
        rule: u32,
        side: u8,
        category: SensitiveCategory,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Term {
    pub(crate) meaning: Meaning,
    pub(crate) mode: MatchMode,
    pub(crate) lang: Language,
}

/// A term before compilation: folded text plus meaning.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) folded: String,
    pub(crate) term: Term,
}

/// The kind of a lexicon file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LexiconKind {
    /// `term  iab_id  weight  match`
    Interests,
    /// `term  category  match`
    Sensitive,
    /// `phrase  note`
    Traps,
    /// `frame  group  text` / `word  group  text`
    Identity,
    /// `category  a|a  b|b`
    Pairs,
}

/// Shortest folded term accepted (single words); shorter ones match by accident.
pub(crate) const MIN_TERM_CHARS: usize = 3;
