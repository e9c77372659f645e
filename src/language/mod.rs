//! Languages: their codes, the inflectional endings a lexicon term accepts, and the words that tell
//! them apart ([`words`]: stop words for detection, frequent words that are never typos).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::parse::ParseError;

pub(crate) mod words;

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
    pub const ALL: &'static [Language] = &[Language::English, Language::German];

    /// The ISO 639-1 code.
    pub const fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::German => "de",
        }
    }

    /// Endings a [`MatchMode::Word`](crate::MatchMode::Word) lexicon term accepts on its last word
    /// (after folding); generators use them to check that no inflection of a term is another word.
    ///
    /// ```
    /// use chat_interests::Language;
    /// assert_eq!(Language::English.inflections(), ["s", "es"]);
    /// assert!(Language::German.inflections().contains(&"ern"));
    /// ```
    pub fn inflections(self) -> &'static [&'static str] {
        match self {
            Language::English => &["s", "es"],
            Language::German => &["e", "n", "en", "er", "es", "s", "ern", "em", "ns"],
        }
    }

    /// Position in [`Language::ALL`], for per-language counters.
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

/// Every inflectional ending of every language, each once, by its last byte, so that a word is checked
/// only against the endings it may have. Derived by hand from [`Language::inflections`] for speed (a
/// `match` on one byte); a test checks that the two agree.
pub(crate) fn endings_by_last_byte(last: u8) -> &'static [&'static str] {
    match last {
        b's' => &["s", "es", "ns"],
        b'e' => &["e"],
        b'n' => &["n", "en", "ern"],
        b'r' => &["er"],
        b'm' => &["em"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings_by_last_byte_are_every_inflection_once() {
        let mut all: Vec<&str> = Language::ALL
            .iter()
            .flat_map(|l| l.inflections().iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        let mut by_byte: Vec<&str> = (0..=255u8)
            .flat_map(|b| endings_by_last_byte(b).iter().copied())
            .collect();
        for b in 0..=255u8 {
            assert!(endings_by_last_byte(b)
                .iter()
                .all(|e| e.as_bytes().last() == Some(&b)));
        }
        by_byte.sort_unstable();
        assert_eq!(by_byte, all);
    }

    #[test]
    fn codes_round_trip() {
        for &l in Language::ALL {
            assert_eq!(l.code().parse::<Language>().unwrap(), l);
            assert_eq!(Language::ALL[l.index()], l);
        }
    }
}
