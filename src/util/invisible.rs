//! Which characters render as nothing: a Unicode property question, answered once for the whole crate
//! (text cleaning, and the ids and keys that must be visible).

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

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
}
