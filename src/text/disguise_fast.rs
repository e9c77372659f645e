//! The disguise fold derived from the plain fold, for plain Latin text: most chat has no leetspeak or
//! look-alikes, so the disguise fold of it is the plain fold with runs, fillers and number words undone
//! word by word, and the full disguise fold ([`crate::text::disguise`]) is skipped.

use crate::text::confusables::CONFUSABLES;
use crate::text::disguise::{number_digits, FILLERS};

/// The disguise fold derived from the plain fold `plain` of `cleaned`, for plain Latin text: when the
/// text has no leetspeak (no `$`, no symbol or digit inside a word) and no apostrophe that the two folds
/// read differently, the folds differ only by spelled-out runs, filler words and number words, which are
/// undone here word by word. [`DisguiseFold::Full`] (and `out`, `runs` unspecified) when the full fold
/// is needed. A property test checks that this equals
/// [`fold_disguised_parts`](crate::text::disguise::fold_disguised_parts) whenever it answers.
pub(crate) fn fold_disguised_from_plain(
    cleaned: &str,
    plain: &str,
    out: &mut String,
    runs: &mut String,
    work: &mut u64,
) -> DisguiseFold {
    let b = cleaned.as_bytes();
    // Every byte once below, and the plain fold once more after.
    *work += (b.len() + plain.len()) as u64;
    // The end of the run of leet symbols last looked past: each run is looked past once.
    let mut symbols_end = 0;
    // Letters beyond ASCII count as word characters in every check below.
    let word_byte = |x: &u8| x.is_ascii_alphanumeric() || *x >= 0x80;
    let alnum = |j: Option<usize>| j.and_then(|j| b.get(j)).is_some_and(word_byte);
    let is_apostrophe = |x: Option<&u8>| matches!(x, Some(b'\'' | b'`'));
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'$' => return DisguiseFold::Full,
            // Whitespace other than a space after a word (apostrophes aside, which the disguise fold
            // drops): the full fold may join across it.
            b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => {
                let before = b[..i].iter().rposition(|x| !matches!(x, b'\'' | b'`'));
                if alnum(before) {
                    return DisguiseFold::Full;
                }
            }
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
            b'!' | b'|' | b'@' | b'+' if i >= symbols_end => {
                let run = b[i + 1..]
                    .iter()
                    .take_while(|&&n| matches!(n, b'!' | b'|' | b'@' | b'+' | b'$'))
                    .count();
                symbols_end = i + 1 + run;
                *work += run as u64;
                if b.get(symbols_end).is_some_and(word_byte) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::disguise::{fold_disguised_parts, DisguiseBuffers};
    use crate::text::fold::fold;
    use proptest::prelude::*;

    fn disguise_fast_and_full(s: &str) -> Option<((String, String), (String, String))> {
        let (mut fast, mut fast_runs) = (String::new(), String::new());
        let plain = fold(s);
        let outcome = fold_disguised_from_plain(s, &plain, &mut fast, &mut fast_runs, &mut 0);
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
        fn disguise_fast_path_on_any_ascii(s in "[ -~\t\n]{0,40}") {
            if let Some((fast, full)) = disguise_fast_and_full(&s) {
                prop_assert_eq!(fast, full);
            }
        }
    }

    #[test]
    fn a_long_run_of_symbols_is_looked_past_once() {
        let work = |n: usize| {
            let s = format!("wow{} great", "!".repeat(n));
            let mut w = 0;
            fold_disguised_from_plain(
                &s,
                &fold(&s),
                &mut String::new(),
                &mut String::new(),
                &mut w,
            );
            w
        };
        let (short, long) = (work(20_000), work(160_000));
        assert!(long <= short * 8 + 64, "{short} then {long}");
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
}
