//! Lexicons: term files per language, parsed, validated and compiled into one matcher.
//!
//! File formats (TAB-separated, `#` comments, blank lines ignored):
//! - interests: `term  iab_id  weight  match`
//! - sensitive: `term  category  match`
//! - traps: `phrase  note` — benign phrases that cancel any sensitive match lying inside them
//!   ("black friday", "Flusskrebse").
//! - identity: `frame  group  text`, `word  group  text` or `after  group  text` — every frame followed by
//!   every word of its group, and every word followed by every after-word of its group, is an ethnicity
//!   term ("i am" + "mexican", "ich bin" + "Tamilin", "arab" + "guy"): a person's origin, not food or travel.
//! - pairs: `category  a|a|…  b|b|…` — the message is sensitive when it has a phrase from each side
//!   ("my husband" with "I'm a guy"); each phrase alone is harmless.
//!
//! `match` is `word`, `prefix` or `infix`; see [`MatchMode`].

use std::fmt;
use std::str::FromStr;

use crate::error::{BuildError, ParseError};
use crate::normalize::fold;
use crate::{InterestId, Language, SensitiveCategory};

/// How a lexicon term must sit in the text to count.
///
/// ```
/// use chat_interests::MatchMode;
/// assert_eq!("infix".parse::<MatchMode>()?, MatchMode::Infix);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum MatchMode {
    /// Whole words; the last word may carry an inflectional ending of the term's language
    /// (English `-s`, `-es`; German `-e`, `-n`, `-en`, `-er`, `-es`, `-s`, `-ern`, `-em`, `-ns`).
    #[default]
    Word,
    /// The term starts a word; anything may follow (stems, first parts of compounds: `diabet`).
    Prefix,
    /// Anywhere inside a word (heads of German compounds: `krebs` in `Brustkrebs`).
    Infix,
}

impl FromStr for MatchMode {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "word" => Ok(Self::Word),
            "prefix" => Ok(Self::Prefix),
            "infix" => Ok(Self::Infix),
            _ => Err(ParseError::new("match mode", s).with_hint("word, prefix or infix")),
        }
    }
}

impl fmt::Display for MatchMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Word => "word",
            Self::Prefix => "prefix",
            Self::Infix => "infix",
        })
    }
}

/// What a term means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Meaning {
    Interest {
        id: InterestId,
        weight: f32,
    },
    Sensitive(SensitiveCategory),
    Trap,
    /// One side of a pair rule: sensitive when both sides occur.
    Pair {
        rule: u32,
        side: u8,
        category: SensitiveCategory,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Term {
    pub(crate) meaning: Meaning,
    pub(crate) mode: MatchMode,
    pub(crate) lang: Language,
}

/// A term before compilation: folded text plus meaning.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) folded: String,
    pub(crate) term: Term,
}

/// The built-in lexicon files: (language, kind, file name, text), embedded from `data/lexicon/`.
pub const BUILTIN_FILES: [(Language, Kind, &str, &str); 10] = [
    (
        Language::English,
        Kind::Interests,
        "en/interests.tsv",
        include_str!("../data/lexicon/en/interests.tsv"),
    ),
    (
        Language::English,
        Kind::Sensitive,
        "en/sensitive.tsv",
        include_str!("../data/lexicon/en/sensitive.tsv"),
    ),
    (
        Language::English,
        Kind::Traps,
        "en/traps.tsv",
        include_str!("../data/lexicon/en/traps.tsv"),
    ),
    (
        Language::English,
        Kind::Identity,
        "en/identity.tsv",
        include_str!("../data/lexicon/en/identity.tsv"),
    ),
    (
        Language::English,
        Kind::Pairs,
        "en/pairs.tsv",
        include_str!("../data/lexicon/en/pairs.tsv"),
    ),
    (
        Language::German,
        Kind::Interests,
        "de/interests.tsv",
        include_str!("../data/lexicon/de/interests.tsv"),
    ),
    (
        Language::German,
        Kind::Sensitive,
        "de/sensitive.tsv",
        include_str!("../data/lexicon/de/sensitive.tsv"),
    ),
    (
        Language::German,
        Kind::Traps,
        "de/traps.tsv",
        include_str!("../data/lexicon/de/traps.tsv"),
    ),
    (
        Language::German,
        Kind::Identity,
        "de/identity.tsv",
        include_str!("../data/lexicon/de/identity.tsv"),
    ),
    (
        Language::German,
        Kind::Pairs,
        "de/pairs.tsv",
        include_str!("../data/lexicon/de/pairs.tsv"),
    ),
];

/// The kind of a lexicon file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `term  iab_id  weight  match`
    Interests,
    /// `term  category  match`
    Sensitive,
    /// `phrase  note`
    Traps,
    /// `frame  group  text` / `word  group  text`
    Identity,
    /// `category  a|a  b|b`
    Pairs,
}

/// Shortest folded term accepted (single words); shorter ones match by accident.
pub(crate) const MIN_TERM_CHARS: usize = 3;

/// Parses one lexicon file.
pub(crate) fn parse(
    lang: Language,
    kind: Kind,
    name: &str,
    text: &str,
    out: &mut Vec<Entry>,
) -> Result<(), BuildError> {
    let (mut frames, mut demonyms, mut afters) = (Vec::new(), Vec::new(), Vec::new());
    // The last interest id read: files list a node's terms together, so most lines skip the lookup.
    let mut last_id: Option<(&str, InterestId)> = None;
    let mut cols = [""; 4];
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let err = |message: String| BuildError::Lexicon {
            source_name: name.to_owned(),
            line: n + 1,
            message,
        };
        // At most four columns are read; a line with more is an error below.
        let mut count = 0;
        for col in line.split('\t') {
            if let Some(slot) = cols.get_mut(count) {
                *slot = col.trim();
            }
            count += 1;
        }
        let cols: &[&str] = cols.get(..count).unwrap_or_default();
        let (raw_term, meaning, mode) = match (kind, cols) {
            (Kind::Interests, [term, id, weight, mode]) => {
                let id = match last_id {
                    Some((text, parsed)) if text == *id => parsed,
                    _ => {
                        let parsed = InterestId::new(id).map_err(|e| err(e.to_string()))?;
                        last_id = Some((id, parsed));
                        parsed
                    }
                };
                let weight: f32 = weight
                    .parse()
                    .map_err(|_| err(format!("weight {weight:?} is not a number")))?;
                (*term, interest(id, weight).map_err(err)?, *mode)
            }
            (Kind::Sensitive, [term, category, mode]) => {
                let c = category
                    .parse()
                    .map_err(|e: ParseError| err(e.to_string()))?;
                (*term, Meaning::Sensitive(c), *mode)
            }
            (Kind::Traps, [phrase, ..]) => (*phrase, Meaning::Trap, "word"),
            (Kind::Identity, ["frame", group, text]) => {
                frames.push((n + 1, *group, *text));
                continue;
            }
            (Kind::Identity, ["word", group, text]) => {
                demonyms.push((n + 1, *group, *text));
                continue;
            }
            (Kind::Identity, ["after", group, text]) => {
                afters.push((n + 1, *group, *text));
                continue;
            }
            (Kind::Pairs, [category, a, b]) => {
                let category = category
                    .parse()
                    .map_err(|e: ParseError| err(e.to_string()))?;
                let rule = rule_id(name, n + 1);
                for (side, phrases) in [(0u8, a), (1u8, b)] {
                    for phrase in phrases.split('|').map(str::trim) {
                        let meaning = Meaning::Pair {
                            rule,
                            side,
                            category,
                        };
                        out.push(entry(lang, phrase, meaning, MatchMode::Word).map_err(err)?);
                    }
                }
                continue;
            }
            _ => return Err(err(format!("wrong number of columns ({count})"))),
        };
        let mode: MatchMode = mode.parse().map_err(|e: ParseError| err(e.to_string()))?;
        let entry = entry(lang, raw_term, meaning, mode).map_err(err)?;
        out.push(entry);
    }
    for (line, group, _) in frames.iter().chain(&demonyms).chain(&afters) {
        let in_group = |v: &Vec<(usize, &str, &str)>| v.iter().filter(|f| f.1 == *group).count();
        if in_group(&demonyms) == 0 || in_group(&frames) + in_group(&afters) == 0 {
            return Err(BuildError::Lexicon {
                source_name: name.to_owned(),
                line: *line,
                message: format!(
                    "identity group {group:?} needs words and at least one frame or after-word"
                ),
            });
        }
    }
    let ethnicity = |line: usize, phrase: String| {
        entry(
            lang,
            &phrase,
            Meaning::Sensitive(SensitiveCategory::Ethnicity),
            MatchMode::Word,
        )
        .map_err(|message| BuildError::Lexicon {
            source_name: name.to_owned(),
            line,
            message,
        })
    };
    for (line, group, demonym) in &demonyms {
        for (_, _, frame) in frames.iter().filter(|f| f.1 == *group) {
            out.push(ethnicity(*line, format!("{frame} {demonym}"))?);
        }
        for (_, _, after) in afters.iter().filter(|f| f.1 == *group) {
            out.push(ethnicity(*line, format!("{demonym} {after}"))?);
        }
    }
    Ok(())
}

/// A stable id for the pair rule on `line` of file `name` (FNV-1a).
fn rule_id(name: &str, line: usize) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes().chain(line.to_le_bytes()) {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    h
}

pub(crate) fn interest(id: InterestId, weight: f32) -> Result<Meaning, String> {
    if !(weight.is_finite() && weight > 0.0 && weight <= 5.0) {
        return Err(format!("weight {weight} must be in (0, 5]"));
    }
    Ok(Meaning::Interest { id, weight })
}

pub(crate) fn entry(
    lang: Language,
    raw: &str,
    meaning: Meaning,
    mode: MatchMode,
) -> Result<Entry, String> {
    // The fold is " word word ": drop the two spaces in place rather than copying the middle.
    let mut folded = fold(raw);
    if folded.ends_with(' ') {
        folded.pop();
    }
    if folded.starts_with(' ') {
        folded.remove(0);
    }
    if folded.is_empty() {
        return Err(format!("term {raw:?} has no letters or digits"));
    }
    let single_word = !folded.contains(' ');
    // Pair phrases only count beside their other side, so a unit like "kg" is safe there.
    let min = if matches!(meaning, Meaning::Pair { .. }) {
        2
    } else {
        MIN_TERM_CHARS
    };
    if single_word && folded.chars().count() < min {
        return Err(format!(
            "term {raw:?} is shorter than {MIN_TERM_CHARS} characters"
        ));
    }
    Ok(Entry {
        folded,
        term: Term {
            meaning,
            mode,
            lang,
        },
    })
}

/// Parses and compiles the built-in lexicons (used by tests and the default classifier).
pub(crate) fn builtin_entries(languages: &[Language]) -> Result<Vec<Entry>, BuildError> {
    let mut out = Vec::new();
    for (lang, kind, name, text) in BUILTIN_FILES {
        if languages.contains(&lang) {
            parse(lang, kind, name, text, &mut out)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_lines_with_location() {
        let mut v = Vec::new();
        let e = parse(
            Language::English,
            Kind::Interests,
            "x.tsv",
            "# c\nshoe\t317\t1\tword",
            &mut v,
        )
        .unwrap_err();
        assert!(e.to_string().contains("x.tsv, line 2"), "{e}");
        assert!(parse(
            Language::English,
            Kind::Interests,
            "x",
            "shoe\t552\tNaN\tword",
            &mut v
        )
        .is_err());
        assert!(parse(
            Language::English,
            Kind::Interests,
            "x",
            "ab\t552\t1\tword",
            &mut v
        )
        .is_err());
        assert!(parse(
            Language::English,
            Kind::Sensitive,
            "x",
            "flu\tsickness\tword",
            &mut v
        )
        .is_err());
    }
}
