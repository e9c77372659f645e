//! The words that tell the languages apart: stop words, counted to detect a message's language, and
//! the most frequent words, which the sensitive pass never reads as misspellings.
//!
//! Both files are `lang <TAB> word`, stored folded. The matcher marks these words in its own table
//! (one lookup per word serves matching, detection and the typo guard), so no set of them is kept here.

use crate::data::{DataFile, COMMON_WORDS, STOP_WORDS};
use crate::language::Language;
use crate::util::tsv::{self, TsvError};

/// Every `(word, language)` of a `lang <TAB> word` file.
fn load(file: &DataFile) -> Result<Vec<(&'static str, Language)>, TsvError> {
    let mut out = Vec::new();
    for r in tsv::records(file.name, file.text, file.header_lines) {
        let r = r?;
        let [_, word] = r.exactly::<2>()?;
        if word.is_empty() || word.contains(' ') {
            return Err(r.error(Some(1), "expected one word"));
        }
        out.push((word, r.parse::<Language>(0)?));
    }
    Ok(out)
}

/// The stop words with their language. The shipped file is checked by a test, so this never panics.
pub(crate) fn stop_words() -> Vec<(&'static str, Language)> {
    load(&STOP_WORDS).expect("the shipped stop words are valid (tested)")
}

/// The frequent words of every language. The shipped file is checked by a test, so this never panics.
pub(crate) fn common_words() -> Vec<(&'static str, Language)> {
    load(&COMMON_WORDS).expect("the shipped frequent words are valid (tested)")
}

/// Stop-word counts, one per language in [`Language::ALL`] order.
pub(crate) type StopCounts = [u32; Language::ALL.len()];

/// The language with the most stop words; `None` when no language leads (a tie, or none at all). The
/// matcher counts in its word pass; this is the rule both it and [`detect`] follow.
pub(crate) fn leader(counts: &StopCounts) -> Option<Language> {
    let best = counts.iter().copied().max()?;
    let mut leaders = counts.iter().enumerate().filter(|(_, &c)| c == best);
    match (leaders.next(), leaders.next()) {
        (Some((i, _)), None) if best > 0 => Some(Language::ALL[i]),
        _ => None,
    }
}

/// The reference detector over folded text, for the test that the matcher's count agrees.
#[cfg(test)]
pub(crate) fn detect(folded: &str) -> Option<Language> {
    let stop: std::collections::HashMap<&str, Language> = stop_words().into_iter().collect();
    let mut counts: StopCounts = [0; Language::ALL.len()];
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        if let Some(lang) = stop.get(word) {
            counts[lang.index()] += 1;
        }
    }
    leader(&counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::fold;

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
    fn words_are_stored_folded_and_counted_whole() {
        for (file, words) in [(STOP_WORDS, stop_words()), (COMMON_WORDS, common_words())] {
            assert_eq!(words.len(), tsv::record_lines(file.text, file.header_lines));
            for (w, _) in words {
                assert_eq!(fold(w).trim(), w, "{}: {w:?} is stored folded", file.name);
            }
        }
    }
}
