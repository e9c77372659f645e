//! Cleaning: characters that render as nothing removed, then Unicode NFKC. Both folds start here.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

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

/// Whether `c` is removed before matching because it renders as nothing and can hide inside a word
/// ("syna\u{1}gogue", "dia\u{200B}betes"). Decided from Unicode properties, not a list of known tricks:
///
/// - general category Cc (controls) other than whitespace, which stays a word break;
/// - Cf (format: zero-width characters, soft hyphen, bidi controls, tags, interlinear annotation
///   marks, prepended concatenation marks, musical-symbol format characters), Cn (unassigned and
///   noncharacters), Co (private use) and Cs (surrogates), from `unicode-properties` (Unicode 18);
/// - the rest of `Default_Ignorable_Code_Point`: the variation selectors and the
///   `Other_Default_Ignorable_Code_Point` characters that have another category (U+034F combining
///   grapheme joiner, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, U+17B4–U+17B5), from
///   Unicode's PropList.txt (every other character of that property is Cf or Cn);
/// - U+2800 braille pattern blank, which renders as a blank but is a symbol, not whitespace.
///
/// ```
/// use chat_interests::is_invisible;
/// assert!(is_invisible('\u{200B}') && is_invisible('\u{1}') && is_invisible('\u{E0041}'));
/// assert!(!is_invisible('\t') && !is_invisible('a') && !is_invisible('ä'));
/// ```
pub fn is_invisible(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control() && !c.is_whitespace();
    }
    match c.general_category() {
        GeneralCategory::Control => !c.is_whitespace(),
        GeneralCategory::Format
        | GeneralCategory::Unassigned
        | GeneralCategory::PrivateUse
        | GeneralCategory::Surrogate => true,
        _ => matches!(c,
            // Variation selectors (Default_Ignorable_Code_Point, category Mn).
            '\u{180B}'..='\u{180D}' | '\u{180F}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}'
            // Other_Default_Ignorable_Code_Point outside Cf and Cn.
            | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{3164}' | '\u{FFA0}'
            // Renders blank, is no whitespace.
            | '\u{2800}'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hiding_character_found_by_probing_is_invisible() {
        let found = [
            '\u{0}',
            '\u{1}',
            '\u{1F}',
            '\u{7F}',
            '\u{80}',
            '\u{9F}',
            '\u{034F}',
            '\u{115F}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{180E}',
            '\u{2800}',
            '\u{FFF9}',
            '\u{FFFA}',
            '\u{FFFB}',
            '\u{1D173}',
            '\u{1D17A}',
            '\u{E0000}',
            '\u{E0041}',
            '\u{E007F}',
            '\u{0600}',
            '\u{0605}',
            '\u{110BD}',
            '\u{FDD0}',
            '\u{FFFE}',
            '\u{10FFFF}',
            '\u{E000}',
            '\u{F8FF}',
            '\u{2065}',
        ];
        for c in found {
            assert!(is_invisible(c), "U+{:04X}", c as u32);
        }
        // The hand list this replaced is covered too.
        for c in [
            '\u{00AD}', '\u{061C}', '\u{17B4}', '\u{200B}', '\u{200F}', '\u{202E}', '\u{2060}',
        ]
        .into_iter()
        .chain([
            '\u{206F}',
            '\u{FEFF}',
            '\u{FE0F}',
            '\u{E0100}',
            '\u{1BCA3}',
            '\u{180B}',
        ]) {
            assert!(is_invisible(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn whitespace_letters_and_marks_are_not_invisible() {
        for c in [
            '\t', '\n', '\r', '\u{B}', '\u{C}', '\u{85}', ' ', '\u{A0}', '\u{2028}', '\u{3000}',
        ] {
            assert!(!is_invisible(c), "U+{:04X}", c as u32);
        }
        for c in ['a', 'Z', '0', 'ä', 'ß', 'я', '中', '\u{0301}', '🙂', '€'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn clean_removes_them_and_keeps_the_rest() {
        assert_eq!(clean("syna\u{1}gogue"), "synagogue");
        assert_eq!(clean("trade un\u{E0041}ion"), "trade union");
        assert_eq!(clean("dia\tbetes"), "dia\tbetes");
        assert_eq!(clean("dia\u{A0}betes \u{3000}x"), "dia\tbetes \tx");
        assert!(matches!(clean("plain text"), Cow::Borrowed(_)));
    }
}
