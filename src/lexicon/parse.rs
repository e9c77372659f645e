//! Reading lexicon files (the formats are in [`crate::lexicon`]) through the strict TSV reader: every
//! line becomes entries or an error naming the file, line and column.

use crate::category::SensitiveCategory;
use crate::error::build::{BuildError, BuildErrorKind};
use crate::error::parse::ParseError;
use crate::language::Language;
use crate::lexicon::{Entry, LexiconKind, MatchMode, Meaning, Term, MIN_TERM_CHARS};
use crate::taxonomy::InterestId;
use crate::text::fold::fold;
use crate::util::tsv;

/// A lexicon error at `line` (and `column`, already 1-based) of `name`.
fn at(name: &str, line: usize, column: Option<usize>, message: String) -> BuildError {
    BuildErrorKind::Lexicon {
        source_name: name.to_owned(),
        line,
        column,
        message,
    }
    .into()
}

/// Parses one lexicon file named `name` into `out`; returns how many of its lines were records (each
/// yields one entry or more).
pub(crate) fn parse(
    lang: Language,
    kind: LexiconKind,
    name: &str,
    text: &str,
    out: &mut Vec<Entry>,
) -> Result<usize, BuildError> {
    let (mut frames, mut demonyms, mut afters) = (Vec::new(), Vec::new(), Vec::new());
    // The last interest id read: files list a node's terms together, so most lines skip the lookup.
    let mut last_id: Option<(&str, InterestId)> = None;
    let mut records = 0;
    for r in tsv::records(name, text, 0) {
        let r = r?;
        records += 1;
        let line = r.line();
        let mut generated = false;
        // `column` is 0-based here, like `Record::error`; errors print it 1-based.
        let err = |column: usize, message: String| BuildError::from(r.error(Some(column), message));
        let (raw_term, meaning, mode) = match (kind, r.fields()) {
            // A generated file names the source record of every term in a fifth column.
            (LexiconKind::Interests, [term, id, weight, mode] | [term, id, weight, mode, _]) => {
                generated = r.fields().len() == 5;
                let id = match last_id {
                    Some((text, parsed)) if text == *id => parsed,
                    _ => {
                        let parsed = InterestId::new(id).map_err(|e| err(1, e.to_string()))?;
                        last_id = Some((id, parsed));
                        parsed
                    }
                };
                let weight: f32 = weight
                    .parse()
                    .map_err(|_| err(2, format!("weight {weight:?} is not a number")))?;
                (
                    *term,
                    interest(id, weight).map_err(|m| err(2, m))?,
                    (3, *mode),
                )
            }
            // A generated file names the source record of every term in a fourth column.
            (LexiconKind::Sensitive, [term, _, mode] | [term, _, mode, _]) => {
                generated = r.fields().len() == 4;
                let c: SensitiveCategory = r.parse(1)?;
                (*term, Meaning::Sensitive(c), (2, *mode))
            }
            (LexiconKind::Traps, [phrase, ..]) => (*phrase, Meaning::Trap, (0, "word")),
            (LexiconKind::Identity, ["frame", group, text]) => {
                frames.push((line, *group, *text));
                continue;
            }
            (LexiconKind::Identity, ["word", group, text]) => {
                demonyms.push((line, *group, *text));
                continue;
            }
            (LexiconKind::Identity, ["after", group, text]) => {
                afters.push((line, *group, *text));
                continue;
            }
            (LexiconKind::Pairs, [_, a, b]) => {
                let category: SensitiveCategory = r.parse(0)?;
                let rule = rule_id(name, line);
                for (side, phrases) in [(0u8, a), (1u8, b)] {
                    for phrase in phrases.split('|').map(str::trim) {
                        let meaning = Meaning::Pair {
                            rule,
                            side,
                            category,
                        };
                        let e = entry(lang, phrase, meaning, MatchMode::Word)
                            .map_err(|m| err(1 + side as usize, m))?;
                        out.push(e);
                    }
                }
                continue;
            }
            (_, fields) => {
                return Err(r
                    .error(None, format!("wrong number of columns ({})", fields.len()))
                    .into())
            }
        };
        let (mode_column, mode) = mode;
        let mode: MatchMode = mode
            .parse()
            .map_err(|e: ParseError| err(mode_column, e.to_string()))?;
        let mut e = entry(lang, raw_term, meaning, mode).map_err(|m| err(0, m))?;
        e.forgive_typos = !generated;
        out.push(e);
    }
    for (line, group, _) in frames.iter().chain(&demonyms).chain(&afters) {
        let in_group = |v: &Vec<(usize, &str, &str)>| v.iter().filter(|f| f.1 == *group).count();
        if in_group(&demonyms) == 0 || in_group(&frames) + in_group(&afters) == 0 {
            return Err(at(
                name,
                *line,
                Some(2),
                format!(
                    "identity group {group:?} needs words and at least one frame or after-word"
                ),
            ));
        }
    }
    let ethnicity = |line: usize, phrase: String| {
        entry(
            lang,
            &phrase,
            Meaning::Sensitive(SensitiveCategory::Ethnicity),
            MatchMode::Word,
        )
        .map_err(|message| at(name, line, Some(3), message))
    };
    for (line, group, demonym) in &demonyms {
        for (_, _, frame) in frames.iter().filter(|f| f.1 == *group) {
            out.push(ethnicity(*line, format!("{frame} {demonym}"))?);
        }
        for (_, _, after) in afters.iter().filter(|f| f.1 == *group) {
            out.push(ethnicity(*line, format!("{demonym} {after}"))?);
        }
    }
    Ok(records)
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
        forgive_typos: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_lines_with_location() {
        let mut v = Vec::new();
        let e = parse(
            Language::English,
            LexiconKind::Interests,
            "x.tsv",
            "# c\nshoe\t317\t1\tword",
            &mut v,
        )
        .unwrap_err();
        assert!(e.to_string().contains("x.tsv, line 2"), "{e}");
        assert!(parse(
            Language::English,
            LexiconKind::Interests,
            "x",
            "shoe\t552\tNaN\tword",
            &mut v
        )
        .is_err());
        assert!(parse(
            Language::English,
            LexiconKind::Interests,
            "x",
            "ab\t552\t1\tword",
            &mut v
        )
        .is_err());
        assert!(parse(
            Language::English,
            LexiconKind::Sensitive,
            "x",
            "flu\tsickness\tword",
            &mut v
        )
        .is_err());
    }
}
