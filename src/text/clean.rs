//! Cleaning: characters that render as nothing removed, then Unicode NFKC. Both folds start here.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

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
    text.chars().filter(|c| !is_invisible(*c)).nfkc()
}

/// ASCII, or already NFKC without invisible characters (most non-English chat: precomposed letters).
fn is_clean(text: &str) -> bool {
    text.is_ascii()
        || (is_nfkc_quick(text.chars()) == IsNormalized::Yes && !text.chars().any(is_invisible))
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
