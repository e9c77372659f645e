//! The disguise fold of the sensitive pass: the plain fold, and also look-alike letters to Latin,
//! leetspeak inside words, spelled-out and dotted letters joined, voice fillers dropped and number words
//! read as digits. The ways people (or attackers) disguise words are undone before matching.

use unicode_normalization::char::is_combining_mark;

use crate::text::clean::clean;
use crate::text::confusables::CONFUSABLES;
use crate::text::fold::{fold_char, is_apostrophe};

/// Tokens voice transcripts scatter between words (folded forms).
pub(crate) const FILLERS: &[&str] = &[
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

/// The aggressive fold of the sensitive pass: like [`fold`](crate::fold), and also look-alike letters to Latin,
/// leetspeak inside words (`d14b3t3s`, `$chwul`, `@theist`), runs of four or more single letters joined
/// (`d i a b e t e s`, `d.i.a.b.e.t.e.s`), voice fillers dropped (`um`, `äh`) and number words as digits.
///
/// ```
/// use chat_interests::fold_disguised;
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
    /// Characters and tokens the last call looked at, lookahead included: the measure of its work,
    /// which tests check grows linearly with the input.
    work: u64,
}

impl DisguiseBuffers {
    /// The work of the last [`fold_disguised_parts`] call.
    pub(crate) fn work(&self) -> u64 {
        self.work
    }
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
        work,
    } = buffers;
    *work = 0;
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
        *work += 1;
        // Whitespace other than a typed space inside a word ("dia\tbetes", a no-break space, a line
        // separator) hides the word the way spaced letters do: joined here, still a break elsewhere.
        if ch != ' '
            && ch.is_whitespace()
            && prev_word_char
            && chars
                .clone()
                .find(|(_, n)| !is_apostrophe(*n))
                .is_some_and(|(_, n)| n.is_alphanumeric())
        {
            continue;
        }
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
                    let next = chars.clone().find(|(_, n)| {
                        *work += 1;
                        n.is_alphanumeric() || leet(*n).is_none()
                    });
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
    // The end of the run of one-character tokens that `i` is in, and the last letter in it: each run is
    // measured once, so a long run that is never joined (digits) costs linear time.
    let (mut run_end, mut last_letter) = (0, None);
    while i < tokens.len() {
        *work += 1;
        // Runs of single letters: spelled-out words.
        if i >= run_end {
            run_end = i + tokens[i..].iter().take_while(|t| t.2 == 1).count();
            last_letter = (i..run_end)
                .rev()
                .find(|&j| text(j).chars().all(char::is_alphabetic));
            *work += (run_end - i) as u64;
        }
        let len = run_end - i;
        let has_letter = last_letter.is_some_and(|l| l >= i && l < i + len);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_of_symbols_take_linear_work() {
        // Work is counted, not timed: 8x the input must cost at most 8x the characters looked at (a
        // lookahead per symbol would cost 64x).
        let work = |s: &str| {
            let mut b = DisguiseBuffers::default();
            fold_disguised_parts(s, &mut String::new(), &mut String::new(), &mut b);
            b.work()
        };
        for unit in ["!", "!$", "a!", "$ ", "1 ", "$1 "] {
            let (short, long) = (work(&unit.repeat(20_000)), work(&unit.repeat(160_000)));
            assert!(
                short >= 20_000 && long <= short * 8 + 8,
                "{unit:?}: {short} then {long}"
            );
        }
        assert_eq!(fold_disguised("d!!abetes"), " diiabetes ");
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
        // Whitespace inside a word joins; between words, and a typed space, it still breaks.
        assert_eq!(fold_disguised("my dia\tbetes"), " my diabetes ");
        assert_eq!(
            fold_disguised("Dia\u{A0}betes\u{2028}beratung"),
            " diabetesberatung "
        );
        assert_eq!(fold_disguised("trade un\nion"), " trade union ");
        assert_eq!(fold_disguised("shoes\n\nplease \t x"), " shoes please x ");
    }
}
