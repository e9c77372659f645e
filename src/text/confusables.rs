//! Look-alike letters from other scripts (Cyrillic, Greek, IPA) folded to the Latin letters they
//! imitate, for the disguise fold: `data/confusables.tsv`, a subset of Unicode UTS #39.

use once_cell::sync::Lazy;

use crate::data::{DataFile, CONFUSABLES as CONFUSABLES_FILE};
use crate::util::hash::FxHashMap;
use crate::util::tsv::{self, TsvError};

/// The shipped look-alikes. The file is checked by the data integrity test, so this never panics.
pub(crate) static CONFUSABLES: Lazy<FxHashMap<char, char>> =
    Lazy::new(|| load(&CONFUSABLES_FILE).expect("the shipped confusables are valid (tested)"));

/// `char <TAB> latin`: one character each side; a character listed twice is an error.
pub(crate) fn load(file: &DataFile) -> Result<FxHashMap<char, char>, TsvError> {
    let mut map = FxHashMap::default();
    for r in tsv::records(file.name, file.text, file.header_lines) {
        let r = r?;
        let [from, to] = r.exactly::<2>()?;
        let one = |s: &str, col| {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(r.error(Some(col), format!("{s:?} is not one character"))),
            }
        };
        if map.insert(one(from, 0)?, one(to, 1)?).is_some() {
            return Err(r.error(Some(0), "listed twice"));
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
