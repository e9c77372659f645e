//! Folding text for matching.
//!
//! Both the message and every lexicon term go through [`fold`], so they meet in one form:
//! invisible characters removed, Unicode NFKC, lower case (with ß → ss and final sigma folded),
//! German transliteration (ä → ae, ö → oe, ü → ue), other diacritics stripped, apostrophes dropped,
//! and words (from `unicode-segmentation`) joined by single spaces, with a space at each end so that
//! a word boundary is always a space.
//!
//! The sensitive pass also reads a second, more aggressive fold ([`fold_disguised`]) that undoes the
//! ways people (or attackers) disguise words: look-alike letters from other scripts, leetspeak, letters
//! spaced or dotted out one by one, filler words of voice transcripts, numbers written as words.

use std::borrow::Cow;

use once_cell::sync::Lazy;

use crate::hash::FxHashMap;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
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
    fold_clean_into(&clean(text), out);
}

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

const CONFUSABLES_TSV: &str = include_str!("../data/confusables.tsv");

static CONFUSABLES: Lazy<FxHashMap<char, char>> = Lazy::new(|| {
    CONFUSABLES_TSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (from, to) = l.split_once('\t')?;
            Some((from.chars().next()?, to.trim().chars().next()?))
        })
        .collect()
});

/// Tokens voice transcripts scatter between words (folded forms).
const FILLERS: &[&str] = &[
    "um", "umm", "uh", "uhm", "uhh", "hm", "hmm", "mhm", "aeh", "aehm", "oehm", "ehm",
];

/// Number words read as digits, so "type two diabetes" meets "type 2 diabetes".
pub(crate) const NUMBER_WORDS: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("nineteen", "19"),
    ("eins", "1"),
    ("zwei", "2"),
    ("drei", "3"),
    ("vier", "4"),
    ("fuenf", "5"),
    ("sechs", "6"),
    ("sieben", "7"),
    ("acht", "8"),
    ("neun", "9"),
    ("zehn", "10"),
    ("neunzehn", "19"),
];

/// "50ern", "90s", "4th", "2nd", "100kg": a number with a decade, ordinal or unit ending, not leetspeak.
fn is_number_with_suffix(t: &str) -> bool {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let rest = &t[digits..];
    digits > 0
        && matches!(
            rest,
            "st" | "nd"
                | "rd"
                | "th"
                | "s"
                | "er"
                | "ern"
                | "ers"
                | "en"
                | "te"
                | "ten"
                | "ter"
                | "k"
                | "kg"
                | "km"
                | "m"
                | "cm"
                | "mm"
                | "h"
                | "min"
                | "x"
                | "p"
                | "g"
                | "mb"
                | "gb"
                | "tb"
                | "ml"
                | "l"
                | "d"
                | "j"
        )
}

pub(crate) fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' | '€' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => return None,
    })
}

/// The aggressive fold of the sensitive pass: like [`fold`], and also look-alike letters to Latin,
/// leetspeak inside words (`d14b3t3s`, `$chwul`, `@theist`), runs of three or more single letters joined
/// (`d i a b e t e s`, `d.i.a.b.e.t.e.s`), voice fillers dropped (`um`, `äh`) and number words as digits.
///
/// ```
/// use chat_interests::normalize::fold_disguised;
/// assert_eq!(fold_disguised("d14b3t3s"), " diabetes ");
/// assert_eq!(fold_disguised("$chwul @theist"), " schwul atheist ");
/// assert_eq!(fold_disguised("d.i.a.b.e.t.e.s und äh so"), " diabetes und so ");
/// assert_eq!(fold_disguised("diаbеtes"), " diabetes "); // Cyrillic а and е
/// assert_eq!(fold_disguised("type two diabetes in 2024"), " type 2 diabetes in 2024 ");
/// ```
pub fn fold_disguised(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    fold_disguised_into(text, &mut out);
    out
}

/// Like [`fold_disguised`], reusing `out`'s allocation.
pub fn fold_disguised_into(text: &str, out: &mut String) {
    let mut runs = String::new();
    fold_disguised_parts(
        &clean(text),
        out,
        &mut runs,
        &mut DisguiseBuffers::default(),
    );
}

/// Working buffers of [`fold_disguised_parts`], kept between calls so that a warm call allocates nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct DisguiseBuffers {
    buf: String,
    spans: Vec<(usize, usize, usize, bool)>,
    run: String,
    mapped: String,
}

/// [`fold_disguised_into`], also collecting the joined spelled-out runs into `runs` (`" run run "`):
/// a run has lost its word boundaries ("p r i d e p a r a d e"), so terms are searched anywhere in it.
pub(crate) fn fold_disguised_parts(
    cleaned: &str,
    out: &mut String,
    runs: &mut String,
    buffers: &mut DisguiseBuffers,
) {
    runs.clear();
    runs.push(' ');
    // Tokens: maximal runs of letters, digits and leet symbols, folded like `fold` plus look-alikes,
    // kept in one buffer (`buf[spans[i].0..spans[i].1]`) so a message costs no allocation per word.
    let DisguiseBuffers {
        buf,
        spans,
        run,
        mapped,
    } = buffers;
    buf.clear();
    // (start, end, source characters, had an apostrophe): "ö" is one character typed, two folded ("oe");
    // "1'm" is a word, "1m" may be a metre.
    spans.clear();
    let mut token_start = 0;
    let mut source_chars = 0;
    let mut apostrophe = false;
    let mut chars = cleaned.char_indices();
    let mut prev_word_char = false;
    // Where the current run of leet symbols ends (byte index) and whether a word goes on there: found
    // once per run, so a long run of symbols costs linear time.
    let mut symbols_end: Option<(usize, bool)> = None;
    while let Some((at, ch)) = chars.next() {
        if is_apostrophe(ch) || (!ch.is_ascii() && is_combining_mark(ch)) {
            apostrophe |= is_apostrophe(ch) && buf.len() > token_start;
            continue;
        }
        let leet_symbol = !ch.is_alphanumeric() && leet(ch).is_some();
        // A symbol is a leet letter only where a word goes on after it, past any further symbols
        // ("@theist", "d!abetes", "$$ri"); a trailing "!" is punctuation ("Beinbruch!"), a trailing "$"
        // after letters is still an "s".
        let symbol_in_word = leet_symbol && {
            let word_follows = match symbols_end {
                Some((end, follows)) if end > at => follows,
                _ => {
                    let next = chars
                        .clone()
                        .find(|(_, n)| n.is_alphanumeric() || leet(*n).is_none());
                    let found =
                        next.map_or((cleaned.len(), false), |(i, n)| (i, n.is_alphanumeric()));
                    symbols_end = Some(found);
                    found.1
                }
            };
            word_follows || (ch == '$' && prev_word_char)
        };
        if ch.is_alphanumeric() || symbol_in_word {
            source_chars += 1;
            if symbol_in_word {
                buf.push(ch);
            } else if ch.is_ascii() {
                // No ASCII character is a look-alike (the confusables file is checked for that).
                buf.push(ch.to_ascii_lowercase());
            } else if let Some(latin) = CONFUSABLES.get(&ch) {
                buf.push(*latin);
            } else {
                let from = buf.len();
                fold_char(ch, buf);
                if buf[from..].chars().any(|c| CONFUSABLES.contains_key(&c)) {
                    mapped.clear();
                    mapped.extend(
                        buf[from..]
                            .chars()
                            .map(|c| CONFUSABLES.get(&c).copied().unwrap_or(c)),
                    );
                    buf.truncate(from);
                    buf.push_str(mapped);
                }
            }
            prev_word_char = true;
        } else {
            if buf.len() > token_start {
                spans.push((token_start, buf.len(), source_chars, apostrophe));
                token_start = buf.len();
            }
            source_chars = 0;
            apostrophe = false;
            prev_word_char = false;
        }
    }
    if buf.len() > token_start {
        spans.push((token_start, buf.len(), source_chars, apostrophe));
    }
    let buf = &*buf;
    let tokens = &spans[..];
    let text = |i: usize| &buf[tokens[i].0..tokens[i].1];
    // A token with leet digits makes its neighbours' lone digits leet too ("$74r7 4 un10n").
    let leety = |t: &str| {
        t.chars().any(char::is_alphabetic)
            && t.chars()
                .any(|c| leet(c).is_some_and(|_| !c.is_alphabetic()))
    };
    out.clear();
    out.push(' ');
    let mut i = 0;
    while i < tokens.len() {
        // Runs of single letters: spelled-out words.
        let len = tokens[i..].iter().take_while(|t| t.2 == 1).count();
        let has_letter = (i..i + len).any(|j| text(j).chars().all(char::is_alphabetic));
        if len >= 3 && has_letter {
            run.clear();
            (i..i + len).for_each(|j| run.push_str(text(j)));
            runs.push_str(run);
            runs.push(' ');
        }
        // Three single letters may as well be words ("a I p konto"): they stay words here, and the run
        // above is searched anywhere. Four or more are one spelled-out word.
        if len >= 4 && has_letter {
            // A leading "a" or "I" is usually a word of its own ("as a B l a c k woman").
            let mut rest = run.as_str();
            if matches!(text(i), "a" | "i") && len >= 4 {
                out.push_str(text(i));
                out.push(' ');
                rest = &run[1..];
            }
            out.push_str(rest);
            out.push(' ');
            i += len;
            continue;
        }
        let (t, had_apostrophe) = (text(i), tokens[i].3);
        let neighbour_leet =
            (i > 0 && leety(text(i - 1))) || (i + 1 < tokens.len() && leety(text(i + 1)));
        i += 1;
        // Leet symbols ($, @, ...) count as letters: "73$7" is "test".
        let has_alpha = t
            .chars()
            .any(|c| c.is_alphabetic() || (!c.is_alphanumeric() && leet(c).is_some()));
        mapped.clear();
        if is_number_with_suffix(t) && !neighbour_leet && !had_apostrophe {
            mapped.push_str(t);
        } else if has_alpha
            || (neighbour_leet && t.chars().count() <= 3 && t.chars().all(|c| leet(c).is_some()))
        {
            mapped.extend(t.chars().map(|c| leet(c).unwrap_or(c)));
        } else {
            mapped.extend(t.chars().filter(char::is_ascii_digit));
        }
        if mapped.is_empty() || FILLERS.contains(&mapped.as_str()) {
            continue;
        }
        out.push_str(number_digits(mapped).unwrap_or(mapped));
        out.push(' ');
    }
}

/// The digits a number word stands for ("two" → "2"), `None` for any other word.
pub(crate) fn number_digits(word: &str) -> Option<&'static str> {
    // Most words are longer or shorter than every number word: no comparison at all.
    if !(3..=8).contains(&word.len()) {
        return None;
    }
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, d)| *d)
}

/// The disguise fold derived from the plain fold `plain` of `cleaned`, for plain Latin text: when the
/// text has no leetspeak (no `$`, no symbol or digit inside a word) and no apostrophe that the two folds
/// read differently, the folds differ only by spelled-out runs, filler words and number words, which are
/// undone here word by word. `false` (and `out`, `runs` unspecified) when the full fold is needed. A
/// property test checks that this equals [`fold_disguised_parts`] whenever it answers.
pub(crate) fn fold_disguised_from_plain(
    cleaned: &str,
    plain: &str,
    out: &mut String,
    runs: &mut String,
) -> DisguiseFold {
    let b = cleaned.as_bytes();
    // Letters beyond ASCII count as word characters in every check below.
    let word_byte = |x: &u8| x.is_ascii_alphanumeric() || *x >= 0x80;
    let alnum = |j: Option<usize>| j.and_then(|j| b.get(j)).is_some_and(word_byte);
    let is_apostrophe = |x: Option<&u8>| matches!(x, Some(b'\'' | b'`'));
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'$' => return DisguiseFold::Full,
            // Latin letters with diacritics fold alike in both; anything else beyond ASCII (look-alikes,
            // other apostrophes, symbols) needs the full fold, and so does a lone one ("ä" is one
            // letter typed, two folded).
            0x80.. => {
                let Some(ch) = cleaned.get(i..).and_then(|s| s.chars().next()) else {
                    continue; // inside a character
                };
                let lone = !alnum(i.checked_sub(1)) && !alnum(Some(i + ch.len_utf8()));
                if !('\u{C0}'..='\u{17F}').contains(&ch)
                    || !ch.is_alphabetic()
                    || CONFUSABLES.contains_key(&ch)
                    || lone
                {
                    return DisguiseFold::Full;
                }
            }
            // A leet symbol counts as a letter where a word goes on after it (past more symbols).
            b'!' | b'|' | b'@' | b'+' => {
                let next = b[i + 1..]
                    .iter()
                    .find(|&&n| !matches!(n, b'!' | b'|' | b'@' | b'+' | b'$'));
                if next.is_some_and(word_byte) {
                    return DisguiseFold::Full;
                }
            }
            // The plain fold drops an apostrophe between two letters or two digits and breaks at any
            // other; the disguise fold always drops it.
            b'\'' | b'`' => {
                let (p, n) = (i.checked_sub(1), i + 1);
                let same_kind = c == b'\''
                    && matches!((p.map(|p| b[p]), b.get(n)), (Some(p), Some(&n))
                        if (p.is_ascii_alphabetic() && n.is_ascii_alphabetic())
                            || (p.is_ascii_digit() && n.is_ascii_digit()));
                if is_apostrophe(p.and_then(|p| b.get(p)))
                    || is_apostrophe(b.get(n))
                    || (!same_kind && alnum(p) && alnum(Some(n)))
                {
                    return DisguiseFold::Full;
                }
            }
            _ => {}
        }
    }
    // Digits only as whole numbers: a word mixing digits and letters is leetspeak or a unit. And most
    // texts have no single letters, fillers or number words, so the disguise fold is the plain one.
    let (mut singles_in_a_row, mut changes) = (0, false);
    for w in plain.split(' ').filter(|w| !w.is_empty()) {
        if w.bytes().any(|c| c.is_ascii_digit()) && !w.bytes().all(|c| c.is_ascii_digit()) {
            return DisguiseFold::Full;
        }
        singles_in_a_row = if w.len() == 1 {
            singles_in_a_row + 1
        } else {
            0
        };
        changes |= singles_in_a_row >= 3 || FILLERS.contains(&w) || number_digits(w).is_some();
    }
    runs.clear();
    runs.push(' ');
    if !changes {
        return DisguiseFold::Same;
    }
    out.clear();
    out.push(' ');
    // Pending one-character words: (byte range in `plain`, how many, whether one is a letter).
    let mut singles: Option<(usize, usize, usize, bool)> = None;
    let flush =
        |singles: &mut Option<(usize, usize, usize, bool)>, out: &mut String, runs: &mut String| {
            let Some((start, end, count, letter)) = singles.take() else {
                return;
            };
            let mut chars = plain[start..end].split(' ').peekable();
            if count >= 3 && letter {
                runs.extend(plain[start..end].split(' '));
                runs.push(' ');
            }
            if count >= 4 && letter {
                // Four or more single letters are one spelled-out word (three stay words, their run is
                // searched anywhere); a leading "a" or "i" of a longer run is usually a word of its own.
                if let Some(first @ ("a" | "i")) = chars.peek().copied() {
                    out.push_str(first);
                    out.push(' ');
                    chars.next();
                }
                out.extend(chars);
                out.push(' ');
            } else {
                for c in chars {
                    out.push_str(c);
                    out.push(' ');
                }
            }
        };
    let mut at = 0;
    for w in plain.split(' ') {
        let start = at;
        at += w.len() + 1;
        if w.is_empty() {
            continue;
        }
        if w.len() == 1 {
            let letter = w.as_bytes()[0].is_ascii_alphabetic();
            singles = Some(match singles {
                Some((s, _, n, l)) => (s, start + 1, n + 1, l || letter),
                None => (start, start + 1, 1, letter),
            });
            continue;
        }
        flush(&mut singles, out, runs);
        if FILLERS.contains(&w) {
            continue;
        }
        out.push_str(number_digits(w).unwrap_or(w));
        out.push(' ');
    }
    flush(&mut singles, out, runs);
    DisguiseFold::Written
}

/// What [`fold_disguised_from_plain`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DisguiseFold {
    /// Nothing: the text needs the full disguise fold.
    Full,
    /// The disguise fold equals the plain fold; `out` is untouched, `runs` empty.
    Same,
    /// The disguise fold is in `out`.
    Written,
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
    use proptest::prelude::*;

    fn disguise_fast_and_full(s: &str) -> Option<((String, String), (String, String))> {
        let (mut fast, mut fast_runs) = (String::new(), String::new());
        let plain = fold(s);
        let outcome = fold_disguised_from_plain(s, &plain, &mut fast, &mut fast_runs);
        if outcome == DisguiseFold::Same {
            fast = plain;
        }
        (outcome != DisguiseFold::Full).then(|| {
            let (mut full, mut full_runs) = (String::new(), String::new());
            fold_disguised_parts(
                s,
                &mut full,
                &mut full_runs,
                &mut DisguiseBuffers::default(),
            );
            ((fast, fast_runs), (full, full_runs))
        })
    }

    proptest! {
        #[test]
        fn ascii_fast_path_equals_uax29_on_any_ascii(s in "[ -~\t\n]{0,40}") {
            prop_assert_eq!(fold(&s), fold_slow(&s));
        }

        #[test]
        fn latin_fast_path_equals_uax29(s in "([a-c0-1äöüßéøłđÆÞıñÀ]{1,3}|[ '`!.,:;_@-]|''){0,16}") {
            let mut fast = String::from(" ");
            if s.chars().all(is_ascii_or_latin_letter) && !s.is_ascii() {
                fold_latin(&s, &mut fast);
                prop_assert_eq!(fast, fold_slow(&s));
            }
        }

        #[test]
        fn disguise_fast_path_equals_the_full_fold_when_it_answers(
            s in "([a-e0-2]{1,3}|one|um|[ '`!|@+$.,-]){0,16}"
        ) {
            if let Some((fast, full)) = disguise_fast_and_full(&s) {
                prop_assert_eq!(fast, full);
            }
        }

        #[test]
        fn disguise_fast_path_with_latin_letters(
            s in "([a-c0-1äöüßéøłđÆÞıñ]{1,3}|[ '`!.,:_-]|\u{2019}|\u{430}|\u{301}){0,16}"
        ) {
            if let Some((fast, full)) = disguise_fast_and_full(&s) {
                prop_assert_eq!(fast, full);
            }
        }

        #[test]
        fn disguise_fast_path_on_any_ascii(s in "[ -~]{0,40}") {
            if let Some((fast, full)) = disguise_fast_and_full(&s) {
                prop_assert_eq!(fast, full);
            }
        }
    }

    #[test]
    fn disguise_fast_path_answers_for_plain_chat() {
        for s in [
            "Any tips for cheap flights to Lisbon? I need one for 2 people!",
            "um so I was like a b c d e and then",
            "don't say it's I a m here",
            "Brauche neue Laufschuhe für den Marathon in München!",
        ] {
            let (fast, full) = disguise_fast_and_full(s).expect("plain text takes the fast path");
            assert_eq!(fast, full, "{s:?}");
        }
        for s in [
            "d14b3t3s",
            "$chwul",
            "@theist",
            "d!abetes",
            "rock`n`roll",
            "\u{430}theist",
            "ä b c",
        ] {
            assert!(disguise_fast_and_full(s).is_none(), "{s:?}");
        }
    }

    #[test]
    fn confusables_map_non_ascii_to_one_letter() {
        assert!(CONFUSABLES.len() > 50);
        for (from, to) in CONFUSABLES.iter() {
            assert!(!from.is_ascii(), "{from:?}: ASCII is never a look-alike");
            assert!(
                to.is_ascii_lowercase() || to.is_ascii_digit(),
                "{from:?} -> {to:?}"
            );
        }
    }

    #[test]
    fn long_runs_of_symbols_take_linear_time() {
        let short = "!".repeat(20_000);
        let long = "!".repeat(160_000);
        let time = |s: &str| {
            let t = std::time::Instant::now();
            fold_disguised(s);
            t.elapsed()
        };
        time(&short);
        assert!(time(&long) < time(&short) * 24 + std::time::Duration::from_millis(5));
        assert_eq!(fold_disguised("a!!!!b"), fold_disguised("a!!!!b"));
        assert_eq!(fold_disguised("d!!abetes"), " diiabetes ");
    }

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
    fn disguises_fold_away() {
        assert_eq!(fold_disguised("ＤＩＡＢＥＴＥＳ"), " diabetes ");
        assert_eq!(fold_disguised("Ｍｕｓｌｉｍ"), " muslim ");
        assert_eq!(fold_disguised("d-i-a-b-e-t-e-s"), " diabetes ");
        // Three single letters stay words (their run is searched anywhere: see `fold_disguised_parts`).
        assert_eq!(fold_disguised("I had a b c"), " i had a b c ");
        assert_eq!(fold_disguised("a I р kоntо"), " a i p konto "); // Cyrillic р, о
        assert_eq!(fold_disguised("I had a b c d"), " i had a bcd ");
        assert_eq!(fold_disguised("as a B l a c k woman"), " as a black woman ");
        assert_eq!(fold_disguised("Z ö l i a k i e"), " zoeliakie ");
        assert_eq!(fold_disguised("$74r7 4 un10n"), " start a union ");
        assert_eq!(fold_disguised("I have 4 cats"), " i have 4 cats ");
        assert_eq!(
            fold_disguised("aus den 50ern, the 90s, my 4th"),
            " aus den 50ern the 90s my 4th "
        );
        assert_eq!(fold_disguised("4 cats, 2024!"), " 4 cats 2024 ");
        assert_eq!(fold_disguised("wow! great"), " wow great ");
        assert_eq!(fold_disguised("wow!! $$ri"), " wow ssri ");
        assert_eq!(fold_disguised("d!abetes"), " diabetes ");
        assert_eq!(fold_disguised("EM-Fieber"), " em fieber ");
        assert_eq!(fold_disguised("ähm ich bin um neun da"), " ich bin 9 da ");
        assert_eq!(fold_disguised("ΑΤΗΕΙЅΤ"), " atheist ");
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
}
