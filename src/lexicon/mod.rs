//! Lexicons: term files per language and kind ([`builtin`]), parsed and validated ([`parse`]), with
//! the variants the disguise fold needs ([`variants`]). The matcher compiles them. The file formats
//! are documented on [`LexiconKind`], the public face of this module.

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
    /// Whether a misspelling of it is forgiven: curated terms yes; generated ones (tens of thousands of
    /// clinical names) are matched as written, so their words neither shadow curated phrase words as
    /// typo corrections nor read rare words as misspelt drugs.
    pub(crate) forgive_typos: bool,
}

/// The kind of a lexicon file, and so its format.
///
/// Every kind is TAB-separated, one record per line; lines starting with `#` and blank lines are
/// skipped, fields are trimmed, and a bad line is an error naming the file, line and column
/// ([`BuildErrorKind::Lexicon`](crate::BuildErrorKind::Lexicon)). `match` is `word`, `prefix` or
/// `infix` ([`MatchMode`]); terms are folded like the message ([`fold`](crate::fold)).
///
/// ```
/// use chat_interests::{ClassifierBuilder, Language, LexiconKind, SensitiveCategory};
/// let c = ClassifierBuilder::new()
///     .builtin_lexicons(false)
///     .lexicon(Language::English, LexiconKind::Sensitive, "mine.tsv", "# term, category, match\ninsulin\thealth\tword")?
///     .lexicon(Language::English, LexiconKind::Traps, "traps.tsv", "insulin resistance training\ta gym class")?
///     .build()?;
/// assert!(c.classify("my insulin dose", None).sensitive().contains(SensitiveCategory::Health));
/// assert!(c.classify("insulin resistance training tonight", None).sensitive().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LexiconKind {
    /// `term  iab_id  weight  match`: an interest term, its IAB Content Taxonomy 3.1 id (an allowed
    /// node) and its weight in `(0, 5]`.
    Interests,
    /// `term  category  match`: a term that makes the whole message sensitive in `category` (a
    /// [`SensitiveCategory`] name).
    Sensitive,
    /// `phrase  note…`: a benign phrase that cancels any sensitive match lying inside it ("black
    /// friday", "Flusskrebse"); the columns after the phrase are notes.
    Traps,
    /// `frame  group  text`, `word  group  text` or `after  group  text`: every frame followed by every
    /// word of its group, and every word followed by every after-word of its group, is an ethnicity
    /// term ("i am" + "mexican", "ich bin" + "Tamilin", "arab" + "guy"): a person's origin, not food
    /// or travel. A group needs words and at least one frame or after-word.
    Identity,
    /// `category  a|a|…  b|b|…`: the message is sensitive in `category` when it has a phrase from
    /// each side ("my husband" with "I'm a guy"); each phrase alone is harmless.
    Pairs,
}

/// Shortest folded term accepted (single words); shorter ones match by accident.
pub(crate) const MIN_TERM_CHARS: usize = 3;
