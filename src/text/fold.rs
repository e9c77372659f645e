//! The plain fold, which the message and every lexicon term go through so that they meet in one form:
//! invisible characters removed, Unicode NFKC, lower case (with ß → ss and final sigma folded),
//! German transliteration (ä → ae, ö → oe, ü → ue), other diacritics stripped, apostrophes dropped,
//! and words (from `unicode-segmentation`) joined by single spaces, with a space at each end so that
//! a word boundary is always a space.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;

use crate::text::clean::clean;

/// Folds `text` into the matching form: `" word word … "`.
///
/// ```
/// use chat_interests::fold;
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
/// chat_interests::fold_into("Müsli", &mut buf);
/// assert_eq!(buf, " muesli ");
/// ```
pub fn fold_into(text: &str, out: &mut String) {
    fold_clean_into(&clean(text), out);
}

/// [`fold_into`] for text that went through [`clean`].
pub(crate) fn fold_clean_into(cleaned: &str, out: &mut String) {
    out.clear();
    out.push(' ');
    if cleaned.is_ascii() {
        fold_ascii(cleaned.as_bytes(), out);
        return;
    }
    if cleaned.chars().all(is_ascii_or_latin_letter) {
        fold_latin(cleaned, out);
        return;
    }
    fold_words(cleaned, out);
}

/// ASCII, or a letter of Latin-1 or Latin Extended-A (`ä`, `ß`, `é`, `ł`): text made of these needs no
/// Unicode word segmentation (most German and French chat).
fn is_ascii_or_latin_letter(c: char) -> bool {
    c.is_ascii() || (('\u{C0}'..='\u{17F}').contains(&c) && c.is_alphabetic())
}

/// The fast path for text of ASCII and Latin letters, equal to the UAX #29 path there (a property test
/// checks it): like [`fold_ascii`], with the Latin letters folded by [`fold_char`] and counted as letters.
fn fold_latin(cleaned: &str, out: &mut String) {
    let mut chars = cleaned.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            fold_char(c, out);
        } else {
            let joins = c == '\'' && {
                let (p, n) = (prev, chars.peek().copied());
                matches!((p, n), (Some(p), Some(n))
                    if (p.is_alphabetic() && n.is_alphabetic())
                        || (p.is_ascii_digit() && n.is_ascii_digit()))
            };
            if !joins && !out.ends_with(' ') {
                out.push(' ');
            }
        }
        prev = Some(c);
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
}

/// The UAX #29 path: each word folded, words joined by single spaces (`out` already starts with one).
fn fold_words(cleaned: &str, out: &mut String) {
    for word in cleaned.unicode_words() {
        for ch in word.chars() {
            fold_char(ch, out);
        }
        if !out.ends_with(' ') {
            out.push(' ');
        }
    }
}

/// The ASCII fast path, equal to the UAX #29 path on ASCII (a property test checks it): letters and
/// digits lower-cased, an apostrophe inside a word (between two letters or two digits) dropped,
/// everything else a word break.
fn fold_ascii(b: &[u8], out: &mut String) {
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase() as char);
            continue;
        }
        if c == b'\'' && i > 0 && i + 1 < b.len() {
            let (p, n) = (b[i - 1], b[i + 1]);
            if (p.is_ascii_alphabetic() && n.is_ascii_alphabetic())
                || (p.is_ascii_digit() && n.is_ascii_digit())
            {
                continue;
            }
        }
        if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
}

/// The UAX #29 path alone, for checking the fast path.
#[cfg(test)]
pub(crate) fn fold_slow(text: &str) -> String {
    let mut out = String::from(" ");
    fold_words(text, &mut out);
    out
}

pub(crate) fn fold_char(ch: char, out: &mut String) {
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

/// Apostrophes of every kind: dropped inside words by both folds ("Crohn's" is "crohns").
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' | '\u{00B4}'
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
    fn ascii_fast_path_equals_uax29() {
        for s in [
            "don't",
            "rock'n'roll",
            "'90s",
            "dogs' toys",
            "a''b",
            "a'1",
            "1'2",
            "3.5",
            "e-mail",
            "foo_bar",
            "a:b",
            "x`y",
            "___",
            "  ",
            "C++ & C#",
            "it's 5 o'clock",
        ] {
            assert_eq!(fold(s), fold_slow(s), "{s:?}");
        }
    }

    #[test]
    fn combining_marks_do_not_split_words() {
        assert_eq!(fold("a\u{0301}\u{0301}\u{0301}b"), " ab ");
    }

    proptest::proptest! {
        #[test]
        fn ascii_fast_path_equals_uax29_on_any_ascii(s in "[ -~\t\n]{0,40}") {
            proptest::prop_assert_eq!(fold(&s), fold_slow(&s));
        }

        #[test]
        fn latin_fast_path_equals_uax29(s in "([a-c0-1äöüßéøłđÆÞıñÀ]{1,3}|[ '`!.,:;_@-]|''){0,16}") {
            let mut fast = String::from(" ");
            if s.chars().all(is_ascii_or_latin_letter) && !s.is_ascii() {
                fold_latin(&s, &mut fast);
                proptest::prop_assert_eq!(fast, fold_slow(&s));
            }
        }
    }
}
