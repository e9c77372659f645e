//! Variants of lexicon entries that the disguise fold needs: multi-word terms joined for spelled-out
//! runs, and number words and letter-digit mixes spelt as that fold reads them.

use crate::lexicon::{Entry, Meaning};
use crate::text::disguise::{leet, number_digits};

/// A multi-word sensitive term or trap also stands without its spaces, to be found inside a spelled-out
/// run ("p r i d e p a r a d e" folds to the run "prideparade").
pub(crate) fn joined_variants(entries: &[Entry]) -> Vec<Entry> {
    entries
        .iter()
        .filter(|e| {
            // Generated terms are read as written ("sam e" joined would be "same").
            e.forgive_typos
                && e.folded.contains(' ')
                && matches!(e.term.meaning, Meaning::Sensitive(_) | Meaning::Trap)
        })
        .map(|e| Entry {
            folded: e.folded.replace(' ', ""),
            term: e.term,
            forgive_typos: e.forgive_typos,
        })
        .collect()
}

/// The disguise fold reads number words as digits ("type two diabetes"), so a sensitive term with a
/// number word ("one night stand") also stands with the digit, and one mixing letters and digits
/// ("hba1c") stands as that fold reads it.
pub(crate) fn digit_variants(entries: &[Entry]) -> Vec<Entry> {
    entries
        .iter()
        .filter(|e| !matches!(e.term.meaning, Meaning::Interest { .. }))
        .filter_map(|e| {
            let mut changed = false;
            let words: Vec<String> = e
                .folded
                .split(' ')
                .map(|w| match number_digits(w) {
                    Some(digit) => {
                        changed = true;
                        digit.to_owned()
                    }
                    None if w.chars().any(char::is_alphabetic)
                        && w.chars().any(|c| c.is_ascii_digit()) =>
                    {
                        changed = true;
                        w.chars().map(|c| leet(c).unwrap_or(c)).collect()
                    }
                    None => w.to_owned(),
                })
                .collect();
            changed.then(|| Entry {
                folded: words.join(" "),
                term: e.term,
                forgive_typos: e.forgive_typos,
            })
        })
        .collect()
}
