//! Cleaning: characters that render as nothing removed, then Unicode NFKC. Both folds start here.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

pub(crate) use crate::util::invisible::is_invisible;

/// Invisible characters removed, then NFKC. Text that is already both is borrowed as it is.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    if is_clean(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(cleaned_chars(text).collect())
    }
}

/// [`clean`] into a reusable buffer: `text` itself when it is already clean, else `buf` holding the
/// cleaned text.
pub(crate) fn clean_into<'a>(text: &'a str, buf: &'a mut String) -> &'a str {
    if is_clean(text) {
        return text;
    }
    buf.clear();
    buf.extend(cleaned_chars(text));
    buf
}

fn cleaned_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !is_invisible(*c))
        .map(keep_unusual_space)
        .nfkc()
}

/// NFKC turns no-break and other wide spaces into U+0020, and the disguise fold must still tell them
/// from a typed space: inside a word ("dia\u{A0}betes") they are a disguise, not a word break. They
/// become a tab, which every fold reads as a break and the disguise fold also joins across.
fn keep_unusual_space(c: char) -> char {
    if c != ' ' && !c.is_ascii() && c.is_whitespace() && c.nfkc().eq(std::iter::once(' ')) {
        '\t'
    } else {
        c
    }
}

/// Already clean: ASCII without invisible controls, or NFKC without invisible characters (most
/// non-English chat: precomposed letters).
fn is_clean(text: &str) -> bool {
    if text.is_ascii() {
        return !text.bytes().any(|b| is_invisible(b as char));
    }
    is_nfkc_quick(text.chars()) == IsNormalized::Yes && !text.chars().any(is_invisible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_them_and_keeps_the_rest() {
        assert_eq!(clean("syna\u{1}gogue"), "synagogue");
        assert_eq!(clean("trade un\u{E0041}ion"), "trade union");
        assert_eq!(clean("dia\tbetes"), "dia\tbetes");
        assert_eq!(clean("dia\u{A0}betes \u{3000}x"), "dia\tbetes \tx");
        assert!(matches!(clean("plain text"), Cow::Borrowed(_)));
    }
}
