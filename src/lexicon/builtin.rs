//! The lexicons the crate ships (`data/lexicon/{en,de}/*.tsv`), for the default classifier and for
//! review: a privacy reviewer can read every term that makes a message sensitive.

use crate::data::{
    DataFile, DE_IDENTITY, DE_INTERESTS, DE_INTERESTS_FOOD, DE_PAIRS, DE_SENSITIVE,
    DE_SENSITIVE_CURATED, DE_SENSITIVE_GENERATED, DE_TRAPS, EN_IDENTITY, EN_INTERESTS,
    EN_INTERESTS_FOOD, EN_PAIRS, EN_SENSITIVE, EN_SENSITIVE_CURATED, EN_SENSITIVE_GENERATED,
    EN_SENSITIVE_HOLISTICBIAS, EN_TRAPS,
};
use crate::error::build::BuildError;
use crate::language::Language;
use crate::lexicon::parse::parse;
use crate::lexicon::{Entry, LexiconKind};
use crate::util::tsv;

/// One shipped lexicon file: its language, kind, name and text (the format is in
/// [`LexiconKind`]'s docs).
///
/// ```
/// use chat_interests::{builtin_lexicons, Language, LexiconKind};
/// let sensitive_de = builtin_lexicons()
///     .iter()
///     .find(|f| f.language() == Language::German && f.kind() == LexiconKind::Sensitive)
///     .unwrap();
/// assert_eq!(sensitive_de.name(), "de/sensitive.tsv");
/// assert!(sensitive_de.text().lines().count() > 800);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct LexiconFile {
    language: Language,
    kind: LexiconKind,
    file: DataFile,
}

impl LexiconFile {
    /// The language of its terms.
    pub fn language(&self) -> Language {
        self.language
    }

    /// What its lines mean.
    pub fn kind(&self) -> LexiconKind {
        self.kind
    }

    /// Its name: the path under `data/lexicon/`, e.g. `"en/sensitive.tsv"`.
    pub fn name(&self) -> &'static str {
        self.file.name.trim_start_matches("lexicon/")
    }

    /// Its text, as shipped.
    pub fn text(&self) -> &'static str {
        self.file.text
    }

    /// Its records as the crate's strict reader splits them: the 1-based line number and the fields,
    /// trimmed (comments and blank lines skipped).
    ///
    /// ```
    /// use chat_interests::{builtin_lexicons, LexiconKind};
    /// for f in builtin_lexicons().iter().filter(|f| f.kind() == LexiconKind::Sensitive) {
    ///     for (_line, fields) in f.rows() {
    ///         let category: chat_interests::SensitiveCategory = fields[1].parse()?;
    ///         assert!(!fields[0].is_empty());
    ///     }
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rows(&self) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
        tsv::records(self.file.name, self.file.text, self.file.header_lines).map(|r| {
            // The shipped files are read whole by the data integrity test, so no record fails.
            let r = r.expect("the shipped lexicons are valid (tested)");
            (r.line(), r.fields().to_vec())
        })
    }
}

const fn file(language: Language, kind: LexiconKind, file: DataFile) -> LexiconFile {
    LexiconFile {
        language,
        kind,
        file,
    }
}

static BUILTIN: &[LexiconFile] = &[
    file(Language::English, LexiconKind::Interests, EN_INTERESTS),
    file(Language::English, LexiconKind::Sensitive, EN_SENSITIVE),
    file(
        Language::English,
        LexiconKind::Sensitive,
        EN_SENSITIVE_CURATED,
    ),
    file(Language::English, LexiconKind::Traps, EN_TRAPS),
    file(Language::English, LexiconKind::Identity, EN_IDENTITY),
    file(Language::English, LexiconKind::Pairs, EN_PAIRS),
    // Generated terms come after every curated file: where a misspelling is one edit from two phrase
    // words, the first listed wins, and curated words are the likelier meaning.
    file(
        Language::English,
        LexiconKind::Sensitive,
        EN_SENSITIVE_GENERATED,
    ),
    file(
        Language::English,
        LexiconKind::Sensitive,
        EN_SENSITIVE_HOLISTICBIAS,
    ),
    file(Language::English, LexiconKind::Interests, EN_INTERESTS_FOOD),
    file(Language::German, LexiconKind::Interests, DE_INTERESTS),
    file(Language::German, LexiconKind::Sensitive, DE_SENSITIVE),
    file(
        Language::German,
        LexiconKind::Sensitive,
        DE_SENSITIVE_CURATED,
    ),
    file(Language::German, LexiconKind::Traps, DE_TRAPS),
    file(Language::German, LexiconKind::Identity, DE_IDENTITY),
    file(Language::German, LexiconKind::Pairs, DE_PAIRS),
    file(
        Language::German,
        LexiconKind::Sensitive,
        DE_SENSITIVE_GENERATED,
    ),
    file(Language::German, LexiconKind::Interests, DE_INTERESTS_FOOD),
];

/// Every lexicon file the crate ships, English first, in the order the default classifier reads them.
pub fn builtin_lexicons() -> &'static [LexiconFile] {
    BUILTIN
}

/// The entries of the shipped lexicons of `languages`, in file order.
pub(crate) fn builtin_entries(languages: &[Language]) -> Result<Vec<Entry>, BuildError> {
    let mut out = Vec::new();
    for f in BUILTIN.iter().filter(|f| languages.contains(&f.language)) {
        parse(f.language, f.kind, f.name(), f.text(), &mut out)?;
    }
    Ok(out)
}
