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

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{BuildError, ParseError};
use crate::language::is_common_word;
use crate::normalize::{fold, leet, NUMBER_WORDS};
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
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let err = |message: String| BuildError::Lexicon {
            source_name: name.to_owned(),
            line: n + 1,
            message,
        };
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let (raw_term, meaning, mode) = match (kind, cols.as_slice()) {
            (Kind::Interests, [term, id, weight, mode]) => {
                let id = InterestId::new(id).map_err(|e| err(e.to_string()))?;
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
            _ => return Err(err(format!("wrong number of columns ({})", cols.len()))),
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
    let folded = fold(raw).trim().to_owned();
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

/// A compiled lexicon: one automaton over every term of every language and kind.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    /// Meanings of each pattern (one folded text may mean several things).
    terms: Vec<Vec<Term>>,
    /// Long single-word sensitive terms by their first two letters, for misspellings.
    fuzzy: HashMap<FuzzyKey, Vec<FuzzyTerm>>,
    /// Words of sensitive phrases (identity frames, pair sides, multi-word terms) by their first two
    /// letters, to correct one typo in a word of a phrase ("panic attcks").
    vocab: HashMap<FuzzyKey, Vec<String>>,
    /// Words that are never corrected: every word of those phrases, of interest terms and of traps.
    known: std::collections::HashSet<String>,
}

/// Shortest term found inside a spelled-out run (shorter ones hide in any run of letters).
pub(crate) const RUN_MIN_CHARS: usize = 3;

/// Shortest sensitive term (in characters) that also matches with one typo; shorter words have too many
/// ordinary neighbours ("gay"/"day", "islam"/"slam").
pub(crate) const FUZZY_MIN_CHARS: usize = 6;

#[derive(Debug, Clone)]
struct FuzzyTerm {
    term: String,
    category: SensitiveCategory,
}

/// Bucket of a fuzzy candidate: first character and length in characters (0 for `prefix`/`infix` terms,
/// whose length is compared against a word's prefixes). A typo in the first letter is not forgiven.
type FuzzyKey = (char, usize);

fn key(word: &str, len: usize) -> Option<FuzzyKey> {
    word.chars().next().map(|c| (c, len))
}

/// `word` and `word` without each inflectional ending of either language.
fn stems(word: &str) -> impl Iterator<Item = &str> {
    let inflections = Language::ALL.iter().flat_map(|l| l.inflections());
    std::iter::once(word).chain(inflections.filter_map(move |x| word.strip_suffix(x)))
}

/// `word` with German umlaut transliterations collapsed ("migraene" → "migrane"), the way people type
/// without umlauts; `None` when there are none.
fn collapse_umlauts(word: &str) -> Option<String> {
    let collapsed = word
        .replace("ae", "a")
        .replace("oe", "o")
        .replace("ue", "u");
    (collapsed != word).then_some(collapsed)
}

/// `word` cut after `chars` characters, if it has that many.
fn prefix_chars(word: &str, chars: usize) -> Option<&str> {
    match word.char_indices().nth(chars) {
        Some((i, _)) => Some(&word[..i]),
        None => (word.chars().count() == chars).then_some(word),
    }
}

/// Whether `a` and `b` are at most one insertion, deletion, substitution or adjacent transposition apart.
fn within_one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        one_edit(a.as_bytes(), b.as_bytes())
    } else {
        one_edit(
            &a.chars().collect::<Vec<_>>(),
            &b.chars().collect::<Vec<_>>(),
        )
    }
}

fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        let (s, l) = (&short[prefix..], &long[prefix..]);
        s.is_empty()
            || s[1..] == l[1..]
            || (s.len() >= 2 && s[0] == l[1] && s[1] == l[0] && s[2..] == l[2..])
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// A term found in the folded text: byte span (with any inflectional ending) and meaning.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) term: Term,
    /// A German interest term found as one part of a compound ("Nudel|rezept"), not as a whole word.
    pub(crate) compound: bool,
}

/// Shortest German interest term (bytes, folded) matched as part of a compound, and shortest rest of
/// the compound beside it.
const COMPOUND_MIN_TERM: usize = 4;
const COMPOUND_MIN_REST: usize = 3;
/// How far back the start of a compound is looked for (bytes); longer words are not split.
const COMPOUND_MAX_WORD: usize = 48;

impl Matcher {
    pub(crate) fn new(entries: Vec<Entry>) -> Result<Self, BuildError> {
        // A multi-word sensitive term or trap also stands without its spaces, so it is found inside a
        // spelled-out run ("p r i d e p a r a d e" folds to the run "prideparade").
        let mut entries = entries;
        let joined: Vec<Entry> = entries
            .iter()
            .filter(|e| {
                e.folded.contains(' ')
                    && matches!(e.term.meaning, Meaning::Sensitive(_) | Meaning::Trap)
            })
            .map(|e| Entry {
                folded: e.folded.replace(' ', ""),
                term: e.term,
            })
            .collect();
        entries.extend(joined);
        // The disguise fold reads number words as digits ("type two diabetes"), so a sensitive term with a
        // number word ("one night stand") also stands with the digit.
        let with_digits: Vec<Entry> = entries
            .iter()
            .filter(|e| {
                matches!(
                    e.term.meaning,
                    Meaning::Sensitive(_) | Meaning::Trap | Meaning::Pair { .. }
                )
            })
            .filter_map(|e| {
                let mut changed = false;
                // ... and a word mixing letters and digits ("hba1c") stands as the disguise fold reads it.
                let words: Vec<String> = e
                    .folded
                    .split(' ')
                    .map(|w| match NUMBER_WORDS.iter().find(|(word, _)| *word == w) {
                        Some((_, digit)) => {
                            changed = true;
                            (*digit).to_owned()
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
                })
            })
            .collect();
        entries.extend(with_digits);
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut terms: Vec<Vec<Term>> = Vec::new();
        for e in entries {
            let i = *index.entry(e.folded.clone()).or_insert_with(|| {
                patterns.push(e.folded);
                terms.push(Vec::new());
                patterns.len() - 1
            });
            if !terms[i].contains(&e.term) {
                terms[i].push(e.term);
            }
        }
        let mut fuzzy: HashMap<FuzzyKey, Vec<FuzzyTerm>> = HashMap::new();
        for (pattern, meanings) in patterns.iter().zip(&terms) {
            if pattern.contains(' ') || pattern.chars().count() < FUZZY_MIN_CHARS {
                continue;
            }
            for t in meanings {
                if let Meaning::Sensitive(category) = t.meaning {
                    for term in std::iter::once(pattern.clone()).chain(collapse_umlauts(pattern)) {
                        let len = if t.mode == MatchMode::Word {
                            term.chars().count()
                        } else {
                            0
                        };
                        if let Some(k) = key(&term, len) {
                            fuzzy
                                .entry(k)
                                .or_default()
                                .push(FuzzyTerm { term, category });
                        }
                    }
                }
            }
        }
        let mut vocab: HashMap<FuzzyKey, Vec<String>> = HashMap::new();
        let mut known = std::collections::HashSet::new();
        for (pattern, meanings) in patterns.iter().zip(&terms) {
            let phrase_word = meanings.iter().any(|t| match t.meaning {
                Meaning::Pair { .. } => true,
                Meaning::Sensitive(_) => t.mode == MatchMode::Word && pattern.contains(' '),
                _ => false,
            });
            for w in pattern.split(' ') {
                known.insert(w.to_owned());
                if phrase_word && w.chars().count() + 1 >= FUZZY_MIN_CHARS {
                    for alt in std::iter::once(w.to_owned()).chain(collapse_umlauts(w)) {
                        if let Some(k) = key(&alt, alt.chars().count()) {
                            let v = vocab.entry(k).or_default();
                            if !v.contains(&alt) {
                                v.push(alt);
                            }
                        }
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| BuildError::Matcher(e.to_string()))?;
        Ok(Self {
            automaton,
            terms,
            fuzzy,
            vocab,
            known,
        })
    }

    /// Writes `folded` to `out` with each unknown word that is one typo from a word of a sensitive phrase
    /// replaced by that word ("panic attcks" → "panic attacks"); `false` when nothing was replaced.
    pub(crate) fn correct_phrases(&self, folded: &str, out: &mut String) -> bool {
        out.clear();
        let mut changed = false;
        for (i, word) in folded.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let n = word.chars().count();
            let ordinary = self.known.contains(word) || is_common_word(word);
            let fix = if n + 1 >= FUZZY_MIN_CHARS && n <= 64 && !ordinary {
                stems(word).find_map(|stem| {
                    let len = stem.chars().count();
                    (len.saturating_sub(1)..=len + 1)
                        .filter_map(|l| key(stem, l).and_then(|k| self.vocab.get(&k)))
                        .flatten()
                        .find(|c| within_one_edit(c, stem))
                })
            } else {
                None
            };
            match fix {
                Some(c) => {
                    out.push_str(c);
                    changed = true;
                }
                None => out.push_str(word),
            }
        }
        changed
    }

    /// Sensitive and trap hits anywhere inside the spelled-out runs of `runs` (no word boundaries), for
    /// terms of at least [`RUN_MIN_CHARS`] characters.
    pub(crate) fn run_hits(&self, runs: &str, mut f: impl FnMut(Hit)) {
        for m in self.automaton.find_overlapping_iter(runs) {
            if m.end() - m.start() < RUN_MIN_CHARS {
                continue;
            }
            for &term in &self.terms[m.pattern().as_usize()] {
                if matches!(
                    term.meaning,
                    Meaning::Sensitive(_) | Meaning::Trap | Meaning::Pair { .. }
                ) {
                    f(Hit {
                        start: m.start(),
                        end: m.end(),
                        term,
                        compound: false,
                    });
                }
            }
        }
    }

    /// Sensitive categories of words in `folded` that are one typo away from a long sensitive term, as hits
    /// spanning the word. The first letter must be right; a `word` term may carry an inflection of either
    /// language, a `prefix` or `infix` term may start a compound (`Gewerkchaftsmitglied`). Frequent words
    /// and words of other lexicon terms are never read as typos.
    pub(crate) fn fuzzy_hits(
        &self,
        folded: &str,
        mut f: impl FnMut(usize, usize, SensitiveCategory),
    ) {
        let mut start = 0;
        for word in folded.split(' ') {
            let (s, e) = (start, start + word.len());
            start = e + 1;
            let n = word.chars().count();
            if n + 1 < FUZZY_MIN_CHARS
                || n > 64
                || self.known.contains(word)
                || is_common_word(word)
            {
                continue;
            }
            for stem in stems(word) {
                let len = stem.chars().count();
                for l in len.saturating_sub(1)..=len + 1 {
                    for c in key(stem, l)
                        .and_then(|k| self.fuzzy.get(&k))
                        .into_iter()
                        .flatten()
                    {
                        if within_one_edit(&c.term, stem) {
                            f(s, e, c.category);
                        }
                    }
                }
            }
            for c in key(word, 0)
                .and_then(|k| self.fuzzy.get(&k))
                .into_iter()
                .flatten()
            {
                let len = c.term.chars().count();
                if (len - 1..=len + 1)
                    .filter_map(|k| prefix_chars(word, k))
                    .any(|p| within_one_edit(&c.term, p))
                {
                    f(s, e, c.category);
                }
            }
        }
    }

    /// Number of distinct folded patterns.
    pub(crate) fn pattern_count(&self) -> usize {
        self.terms.len()
    }

    /// Every hit of every term in `folded` (the output of [`fold`]), boundary rules applied.
    pub(crate) fn hits(&self, folded: &str, mut f: impl FnMut(Hit)) {
        let bytes = folded.as_bytes();
        // End of the word the current match ends in. Overlapping matches arrive in order of their end, so
        // the next space is searched for at most once per word: linear even in a megabyte-long "word".
        let (mut word_end, mut last_end) = (0, 0);
        for m in self.automaton.find_overlapping_iter(folded) {
            let (start, end) = (m.start(), m.end());
            debug_assert!(
                end >= last_end,
                "overlapping matches arrive in order of their end"
            );
            last_end = end;
            let at_word_start = start > 0 && bytes[start - 1] == b' ';
            if end > word_end {
                word_end = bytes[end..]
                    .iter()
                    .position(|&b| b == b' ')
                    .map_or(bytes.len(), |p| end + p);
            }
            for &term in &self.terms[m.pattern().as_usize()] {
                let span_end = match term.mode {
                    MatchMode::Infix => Some(end),
                    MatchMode::Prefix => at_word_start.then_some(word_end),
                    MatchMode::Word => {
                        let rest = &folded[end..word_end];
                        (at_word_start
                            && (rest.is_empty() || term.lang.inflections().contains(&rest)))
                        .then_some(word_end)
                    }
                };
                if let Some(span_end) = span_end {
                    f(Hit {
                        start,
                        end: span_end,
                        term,
                        compound: false,
                    });
                } else if let Some(span) =
                    compound_part(bytes, start, end, word_end, at_word_start, term)
                {
                    f(Hit {
                        start: span.0,
                        end: span.1,
                        term,
                        compound: true,
                    });
                }
            }
        }
    }
}

/// Where a German interest term sits in a compound: as its first part ("Schach|partie") or as its head,
/// with an inflection ("Vogel|fotografie", "Lauf|schuhe"). `None` for anything else.
fn compound_part(
    bytes: &[u8],
    start: usize,
    end: usize,
    word_end: usize,
    at_word_start: bool,
    term: Term,
) -> Option<(usize, usize)> {
    if term.lang != Language::German
        || !matches!(term.meaning, Meaning::Interest { .. })
        || term.mode != MatchMode::Word
        || end - start < COMPOUND_MIN_TERM
        || bytes[start..end].contains(&b' ')
    {
        return None;
    }
    if at_word_start {
        return (word_end - end >= COMPOUND_MIN_REST).then_some((start, end));
    }
    let rest = std::str::from_utf8(&bytes[end..word_end]).ok()?;
    if !(rest.is_empty() || term.lang.inflections().contains(&rest)) {
        return None;
    }
    let lookback = start.saturating_sub(COMPOUND_MAX_WORD);
    let word_start = bytes[lookback..start]
        .iter()
        .rposition(|&b| b == b' ')
        .map(|p| lookback + p + 1)?;
    (start - word_start >= COMPOUND_MIN_REST).then_some((start, word_end))
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

    fn matcher(lines: &[(Language, Kind, &str)]) -> Matcher {
        let mut entries = Vec::new();
        for (lang, kind, text) in lines {
            parse(*lang, *kind, "test", text, &mut entries).unwrap();
        }
        Matcher::new(entries).unwrap()
    }

    fn found(m: &Matcher, text: &str) -> Vec<String> {
        let folded = fold(text);
        let mut v = Vec::new();
        m.hits(&folded, |h| {
            if !h.compound {
                v.push(folded[h.start..h.end].to_owned())
            }
        });
        v
    }

    #[test]
    fn word_mode_takes_inflections_of_its_language_only() {
        let m = matcher(&[
            (Language::English, Kind::Interests, "sneaker\t552\t1\tword"),
            (Language::German, Kind::Interests, "Schuh\t552\t1\tword"),
        ]);
        assert_eq!(found(&m, "new sneakers"), ["sneakers"]);
        assert_eq!(found(&m, "sneakeren"), Vec::<String>::new());
        assert_eq!(found(&m, "neue Schuhe"), ["schuhe"]);
        // Only as a compound part (German interests), flagged as such.
        let folded = fold("Schuhwerk Laufschuhe");
        let mut parts = Vec::new();
        m.hits(&folded, |h| {
            parts.push((folded[h.start..h.end].to_owned(), h.compound))
        });
        assert_eq!(
            parts,
            [("schuh".to_owned(), true), ("schuhe".to_owned(), true)]
        );
    }

    #[test]
    fn prefix_and_infix() {
        let m = matcher(&[
            (Language::German, Kind::Sensitive, "diabet\thealth\tprefix"),
            (Language::German, Kind::Sensitive, "krebs\thealth\tinfix"),
        ]);
        assert_eq!(found(&m, "Diabetesberatung"), ["diabetesberatung"]);
        assert_eq!(found(&m, "Prädiabetes"), Vec::<String>::new());
        assert_eq!(found(&m, "Brustkrebs"), ["krebs"]);
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("diabetes", "diabetis"));
        assert!(within_one_edit("depression", "depresion"));
        assert!(within_one_edit("migraene", "migrane"));
        assert!(within_one_edit("atheist", "athiest"));
        assert!(!within_one_edit("atheist", "theists"));
        assert!(!within_one_edit("election", "selections"));
    }

    #[test]
    fn misspelled_long_terms_match() {
        let m = matcher(&[(
            Language::English,
            Kind::Sensitive,
            "depression\thealth\tword",
        )]);
        let mut v = Vec::new();
        m.fuzzy_hits(&fold("my depresion is bad"), |s, e, c| v.push((s, e, c)));
        assert_eq!(v.len(), 1);
        let mut v = Vec::new();
        m.fuzzy_hits(&fold("the expression is bad"), |s, e, c| v.push((s, e, c)));
        assert!(v.is_empty());
    }

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
