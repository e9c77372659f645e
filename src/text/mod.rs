//! Text folding, the first step of the one path data takes: a message and every lexicon term are
//! folded into the same form before they meet.
//!
//! - [`clean`]: invisible characters removed, NFKC.
//! - [`fold`]: the plain fold (case, width, transliteration, diacritics, word breaks) that interests and
//!   sensitive terms are matched in.
//! - [`disguise`]: the aggressive fold the sensitive pass also reads (look-alikes from [`confusables`],
//!   leetspeak, spelled-out letters, voice fillers, number words); [`disguise_fast`] derives it from the
//!   plain fold for plain Latin text.

pub(crate) mod clean;
pub(crate) mod confusables;
pub(crate) mod disguise;
pub(crate) mod disguise_fast;
pub(crate) mod fold;
