//! Languages and a small stop-word language detector.

use std::fmt;
use std::str::FromStr;

use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};

use crate::error::ParseError;
use crate::hash::FxHashMap;

const STOPWORDS_TSV: &str = include_str!("../data/lang/stopwords.tsv");
const COMMON_WORDS_TSV: &str = include_str!("../data/lang/common-words.tsv");

/// The frequent words of every language (folded), which are never read as typos. Read straight from the
/// file: the matcher marks them in its own table, so no set of them is kept.
pub(crate) fn common_words() -> impl Iterator<Item = &'static str> {
    COMMON_WORDS_TSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t').map(|(_, w)| w.trim()))
}

/// A language the classifier has lexicons for. Text form: ISO 639-1 code (`en`, `de`).
///
/// ```
/// use chat_interests::Language;
/// assert_eq!("de".parse::<Language>()?, Language::German);
/// assert_eq!(Language::English.code(), "en");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Language {
    /// English.
    #[serde(rename = "en")]
    English,
    /// German.
    #[serde(rename = "de")]
    German,
}

impl Language {
    /// Every supported language.
    pub const ALL: [Language; 2] = [Language::English, Language::German];

    /// The ISO 639-1 code.
    pub const fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::German => "de",
        }
    }

    /// Endings a `word`-mode lexicon term accepts on its last word (after folding).
    pub(crate) fn inflections(self) -> &'static [&'static str] {
        match self {
            Language::English => &["s", "es"],
            Language::German => &["e", "n", "en", "er", "es", "s", "ern", "em", "ns"],
        }
    }

    #[cfg(test)]
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Ok(Language::English),
            "de" | "deu" | "ger" | "german" | "deutsch" => Ok(Language::German),
            _ => Err(ParseError::new("language", s).with_hint("supported: en, de")),
        }
    }
}

static STOPWORDS: Lazy<FxHashMap<&'static str, Language>> = Lazy::new(|| {
    STOPWORDS_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (lang, word) = l.split_once('\t')?;
            Some((word.trim(), lang.parse().ok()?))
        })
        .collect()
});

/// Every stop word with its language.
pub(crate) fn stop_words() -> impl Iterator<Item = (&'static str, Language)> {
    STOPWORDS.iter().map(|(w, l)| (*w, *l))
}

/// Detects the language of folded text by counting stop words; `None` when no language leads. The
/// classifier counts the same stop words in its pass over the words (a test checks they agree); this is
/// the reference.
#[cfg(test)]
pub(crate) fn detect(folded: &str) -> Option<Language> {
    let mut counts = [0u32; 2];
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        if let Some(lang) = STOPWORDS.get(word) {
            counts[lang.index()] += 1;
        }
    }
    match counts[0].cmp(&counts[1]) {
        std::cmp::Ordering::Greater => Some(Language::English),
        std::cmp::Ordering::Less => Some(Language::German),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    #[test]
    fn detects_english_and_german() {
        assert_eq!(
            detect(&fold("I want to buy the new shoes for my trip")),
            Some(Language::English)
        );
        assert_eq!(
            detect(&fold("Ich möchte mir neue Schuhe für den Urlaub kaufen")),
            Some(Language::German)
        );
        assert_eq!(detect(&fold("Nike Air Max 90")), None);
    }

    #[test]
    fn stopword_file_is_valid() {
        for (n, l) in STOPWORDS_TSV.lines().enumerate() {
            if l.starts_with('#') || l.trim().is_empty() {
                continue;
            }
            let (lang, word) = l
                .split_once('\t')
                .unwrap_or_else(|| panic!("line {}", n + 1));
            assert!(lang.parse::<Language>().is_ok(), "line {}", n + 1);
            assert_eq!(
                fold(word).trim(),
                word,
                "line {}: stop words are stored folded",
                n + 1
            );
        }
    }
}
