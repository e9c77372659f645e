//! Folding text for matching.
//!
//! Both the message and every lexicon term go through [`fold`], so they meet in one form:
//! invisible characters removed, Unicode NFKC, lower case (with ß → ss and final sigma folded),
//! German transliteration (ä → ae, ö → oe, ü → ue), other diacritics stripped, apostrophes dropped,
//! and words (from `unicode-segmentation`) joined by single spaces, with a space at each end so that
//! a word boundary is always a space.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Folds `text` into the matching form: `" word word … "`.
///
/// ```
/// use chat_interests::normalize::fold;
/// assert_eq!(fold("Straße, Café & Bücher!"), " strasse cafe buecher ");
/// assert_eq!(fold("ＤＩＡ\u{200B}BETES"), " diabetes ");
/// assert_eq!(fold("Crohn's e-mail"), " crohns e mail ");
/// assert_eq!(fold(""), " ");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    fold_into(text, &mut out);
    out
}

/// Like [`fold`], reusing `out`'s allocation (it is cleared first).
///
/// ```
/// let mut buf = String::new();
/// chat_interests::normalize::fold_into("Müsli", &mut buf);
/// assert_eq!(buf, " muesli ");
/// ```
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    out.push(' ');
    let cleaned: String = text.chars().filter(|c| !is_invisible(*c)).nfkc().collect();
    for word in cleaned.unicode_words() {
        for ch in word.chars() {
            fold_char(ch, out);
        }
        if !out.ends_with(' ') {
            out.push(' ');
        }
    }
}

fn fold_char(ch: char, out: &mut String) {
    if is_apostrophe(ch) || is_combining_mark(ch) {
        return;
    }
    if !ch.is_alphanumeric() {
        if !out.ends_with(' ') {
            out.push(' ');
        }
        return;
    }
    if ch.is_ascii() {
        out.push(ch.to_ascii_lowercase());
        return;
    }
    for lc in ch.to_lowercase() {
        match lc {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'ς' => out.push('σ'),
            _ => decompose_canonical(lc, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            }),
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' | '\u{00B4}'
    )
}

/// Characters that render as nothing and can hide inside a word: zero-width characters, soft hyphen,
/// bidi controls, variation selectors, tags, fillers.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{E0000}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}'
        | '\u{1BCA0}'..='\u{1BCA3}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_width_and_invisibles() {
        assert_eq!(fold("ＤＩＡＢＥＴＥＳ"), " diabetes ");
        assert_eq!(fold("dia\u{00AD}be\u{200D}tes\u{FE0F}"), " diabetes ");
        assert_eq!(fold("\u{202E}Islam\u{202C}"), " islam ");
    }

    #[test]
    fn german_transliteration_composed_and_decomposed() {
        assert_eq!(fold("Müsli"), fold("Mu\u{0308}sli"));
        assert_eq!(fold("GRÜẞE"), " gruesse ");
        assert_eq!(fold("Fußball"), " fussball ");
    }

    #[test]
    fn other_diacritics_are_stripped() {
        assert_eq!(fold("crème brûlée"), " creme brulee ");
        assert_eq!(fold("São Paulo"), " sao paulo ");
    }

    #[test]
    fn punctuation_splits_words() {
        assert_eq!(fold("Typ-2-Diabetes"), " typ 2 diabetes ");
        assert_eq!(fold("ver.di"), " ver di ");
        assert_eq!(fold("hello,world...  again"), " hello world again ");
        assert_eq!(fold("🙂🙂 !!"), " ");
    }

    #[test]
    fn combining_marks_do_not_split_words() {
        assert_eq!(fold("a\u{0301}\u{0301}\u{0301}b"), " ab ");
    }
}
