//! The classifier: chat text in, scored interests and sensitive categories out.

use std::sync::Arc;

use once_cell::sync::Lazy;
use serde::ser::SerializeStruct;
use serde::Serialize;

use crate::error::BuildError;
use crate::lexicon::{self, Entry, Kind, Meaning};
use crate::matcher::{Hit, Matcher, WordNotes};
use crate::normalize::{
    clean_into, fold_clean_into, fold_disguised_from_plain, fold_disguised_parts, DisguiseBuffers,
    DisguiseFold,
};
use crate::{InterestId, Language, MatchMode, SensitiveCategory, SensitiveSet};

/// Weight of a German interest term found as one part of a compound rather than as a whole word.
const COMPOUND_WEIGHT: f32 = 0.7;

/// The largest score: the largest `f32` below 1, so that scores stay in `(0, 1)`.
const MAX_SCORE: f32 = 0.999_999_94;

/// Default for [`ClassifierBuilder::max_input_bytes`]: 1 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 1 << 20;

/// An interest with its score in `(0, 1)`.
///
/// Serializes as `{"iab": "483", "name": "Sports", "score": 0.63}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredInterest {
    /// The interest.
    pub id: InterestId,
    /// Evidence for it, saturating: `1 - exp(-sum of matched term weights)`.
    pub score: f32,
}

impl Serialize for ScoredInterest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ScoredInterest", 3)?;
        st.serialize_field("iab", self.id.iab_id())?;
        st.serialize_field("name", self.id.name())?;
        st.serialize_field("score", &round4(self.score as f64))?;
        st.end()
    }
}

pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The most interests one message yields; see [`ClassifierBuilder::max_interests`].
pub const MAX_INTERESTS: usize = 16;

/// Up to [`MAX_INTERESTS`] scored interests held inline, so a [`Classification`] needs no heap.
#[derive(Clone, Copy)]
pub(crate) struct InterestList {
    len: u8,
    items: [ScoredInterest; MAX_INTERESTS],
}

impl InterestList {
    pub(crate) const fn new() -> Self {
        let filler = ScoredInterest {
            id: InterestId::FILLER,
            score: 0.0,
        };
        Self {
            len: 0,
            items: [filler; MAX_INTERESTS],
        }
    }

    /// Appends `s`; `false` (and nothing appended) when full.
    pub(crate) fn push(&mut self, s: ScoredInterest) -> bool {
        match self.items.get_mut(self.len as usize) {
            Some(slot) => {
                *slot = s;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    pub(crate) fn as_slice(&self) -> &[ScoredInterest] {
        &self.items[..self.len as usize]
    }
}

impl PartialEq for InterestList {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl std::fmt::Debug for InterestList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl Serialize for InterestList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.as_slice())
    }
}

/// What the classifier found in one message. It holds no text, and no heap memory: it is `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Classification {
    interests: InterestList,
    sensitive: SensitiveSet,
    language: Option<Language>,
    oversized: bool,
}

impl Classification {
    /// Scored interests, best first.
    pub fn interests(&self) -> &[ScoredInterest] {
        self.interests.as_slice()
    }

    /// Every sensitive category the message mentions, whatever the policy.
    pub fn sensitive(&self) -> SensitiveSet {
        self.sensitive
    }

    /// The message's language: detected, else the hint; `None` when neither is known.
    pub fn language(&self) -> Option<Language> {
        self.language
    }

    /// Whether the message was above [`ClassifierBuilder::max_input_bytes`] and so not read at all.
    /// Such a message has no interests and no sensitive categories; a [`PolicyEngine`](crate::PolicyEngine)
    /// denies it, since nothing is known about its sensitivity.
    pub fn is_oversized(&self) -> bool {
        self.oversized
    }
}

#[derive(Debug, Clone)]
struct Options {
    languages: Vec<Language>,
    min_score: f32,
    max_interests: usize,
    max_input_bytes: usize,
    other_language_weight: f32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            languages: Language::ALL.to_vec(),
            min_score: 0.15,
            max_interests: 10,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            other_language_weight: 0.5,
        }
    }
}

/// Builds a [`Classifier`] with custom lexicons, languages and thresholds.
///
/// ```
/// use chat_interests::{ClassifierBuilder, InterestId, Language, SensitiveCategory, MatchMode};
/// let classifier = ClassifierBuilder::new()
///     .builtin_lexicons(false)
///     .interest_term(Language::English, "padel", InterestId::new("483")?, 1.0)?
///     .sensitive_term(Language::English, "insulin", SensitiveCategory::Health, MatchMode::Word)?
///     .max_interests(3)
///     .build()?;
/// let c = classifier.classify("padel on sunday?", None);
/// assert_eq!(c.interests()[0].id.name(), "Sports");
/// assert!(classifier.classify("padel after my insulin", None).sensitive().contains(SensitiveCategory::Health));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ClassifierBuilder {
    options: Options,
    builtin: bool,
    entries: Vec<Entry>,
}

impl Default for ClassifierBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClassifierBuilder {
    /// A builder with the built-in lexicons and default options.
    pub fn new() -> Self {
        Self {
            options: Options::default(),
            builtin: true,
            entries: Vec::new(),
        }
    }

    /// Whether to include the built-in lexicons (default `true`).
    pub fn builtin_lexicons(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// The languages whose built-in lexicons are loaded (default: all). Sensitive terms of every
    /// loaded language are always checked, whatever the message's language.
    pub fn languages(mut self, languages: impl IntoIterator<Item = Language>) -> Self {
        self.options.languages = languages.into_iter().collect();
        self
    }

    /// Adds a whole lexicon file in the built-in format (see the [`lexicon`](crate::lexicon) docs).
    ///
    /// # Errors
    /// [`BuildError::Lexicon`] naming `name` and the line of the first bad entry.
    pub fn lexicon(
        mut self,
        lang: Language,
        kind: Kind,
        name: &str,
        text: &str,
    ) -> Result<Self, BuildError> {
        lexicon::parse(lang, kind, name, text, &mut self.entries)?;
        Ok(self)
    }

    /// Adds one interest term (matched as whole words with inflections).
    ///
    /// # Errors
    /// [`BuildError::Lexicon`] when the term is empty or too short, or the weight is not in `(0, 5]`.
    pub fn interest_term(
        self,
        lang: Language,
        term: &str,
        id: InterestId,
        weight: f32,
    ) -> Result<Self, BuildError> {
        let meaning = lexicon::interest(id, weight).map_err(|m| custom_err(term, m))?;
        self.push(lang, term, meaning, MatchMode::Word)
    }

    /// Adds one sensitive term.
    ///
    /// # Errors
    /// [`BuildError::Lexicon`] when the term is empty or too short.
    pub fn sensitive_term(
        self,
        lang: Language,
        term: &str,
        category: SensitiveCategory,
        mode: MatchMode,
    ) -> Result<Self, BuildError> {
        self.push(lang, term, Meaning::Sensitive(category), mode)
    }

    /// Adds a trap: a benign phrase that cancels sensitive matches inside it.
    ///
    /// # Errors
    /// [`BuildError::Lexicon`] when the phrase is empty or too short.
    pub fn trap(self, lang: Language, phrase: &str) -> Result<Self, BuildError> {
        self.push(lang, phrase, Meaning::Trap, MatchMode::Word)
    }

    fn push(
        mut self,
        lang: Language,
        term: &str,
        meaning: Meaning,
        mode: MatchMode,
    ) -> Result<Self, BuildError> {
        let e = lexicon::entry(lang, term, meaning, mode).map_err(|m| custom_err(term, m))?;
        self.entries.push(e);
        Ok(self)
    }

    /// Interests scoring below this are dropped (default 0.15; `0.0..1.0`).
    pub fn min_score(mut self, score: f32) -> Self {
        self.options.min_score = score;
        self
    }

    /// At most this many interests per message (default 10, at most [`MAX_INTERESTS`]).
    pub fn max_interests(mut self, n: usize) -> Self {
        self.options.max_interests = n;
        self
    }

    /// Messages longer than this many bytes are not read (default 1 MiB); see
    /// [`Classification::is_oversized`].
    pub fn max_input_bytes(mut self, n: usize) -> Self {
        self.options.max_input_bytes = n;
        self
    }

    /// Weight of interest terms from a language other than the message's (default 0.5, `0.0..=1.0`).
    pub fn other_language_weight(mut self, w: f32) -> Self {
        self.options.other_language_weight = w;
        self
    }

    /// Builds the classifier.
    ///
    /// # Errors
    /// [`BuildError::Option`] for an out-of-range option, [`BuildError::Lexicon`] for a bad built-in line,
    /// [`BuildError::Matcher`] when the automaton cannot be built.
    pub fn build(self) -> Result<Classifier, BuildError> {
        let o = &self.options;
        if !(0.0..1.0).contains(&o.min_score) {
            return Err(option_err(
                "min_score",
                format!("{} is not in 0.0..1.0", o.min_score),
            ));
        }
        if !(0.0..=1.0).contains(&o.other_language_weight) {
            return Err(option_err(
                "other_language_weight",
                format!("{} is not in 0.0..=1.0", o.other_language_weight),
            ));
        }
        if o.max_interests > MAX_INTERESTS {
            return Err(option_err(
                "max_interests",
                format!(
                    "{} is above MAX_INTERESTS ({MAX_INTERESTS})",
                    o.max_interests
                ),
            ));
        }
        if o.max_input_bytes == 0 {
            return Err(option_err("max_input_bytes", "must be positive".into()));
        }
        let mut entries = if self.builtin {
            lexicon::builtin_entries(&o.languages)?
        } else {
            Vec::new()
        };
        entries.extend(self.entries);
        let matcher = Matcher::new(entries)?;
        Ok(Classifier {
            inner: Arc::new(Inner {
                matcher,
                options: self.options,
            }),
        })
    }
}

/// What one scan of a folded text found.
#[derive(Debug, Clone, Default)]
struct Scan {
    traps: Vec<(usize, usize)>,
    sensitive: Vec<(usize, usize, SensitiveCategory)>,
    interests: Vec<Hit>,
    /// Pair-rule sides: (rule, side, category, start, end).
    pairs: Vec<(u32, u8, SensitiveCategory, usize, usize)>,
    /// Whether interest hits are kept: only the plain fold feeds interests; the other scans are the
    /// sensitive pass alone.
    keep_interests: bool,
}

impl Scan {
    /// Ready for the sensitive pass over another text: its hits, traps and pair sides forgotten,
    /// interest hits kept (they come from the plain fold alone).
    fn next_text(&mut self) {
        self.traps.clear();
        self.sensitive.clear();
        self.pairs.clear();
        self.keep_interests = false;
    }

    fn add(&mut self, hit: Hit) {
        match hit.term.meaning {
            Meaning::Trap => self.traps.push((hit.start, hit.end)),
            Meaning::Sensitive(c) => self.sensitive.push((hit.start, hit.end, c)),
            Meaning::Interest { .. } if self.keep_interests => self.interests.push(hit),
            Meaning::Interest { .. } => {}
            Meaning::Pair {
                rule,
                side,
                category,
            } => self.pairs.push((rule, side, category, hit.start, hit.end)),
        }
    }

    /// Sensitive categories: direct hits and complete pair rules, outside trap phrases.
    fn sensitive(&mut self) -> SensitiveSet {
        self.pairs.sort_unstable_by_key(|p| (p.0, p.1));
        for w in self.pairs.windows(2) {
            if w[0].0 == w[1].0 && w[0].1 != w[1].1 {
                self.sensitive.push((w[1].3, w[1].4, w[1].2));
            }
        }
        not_in_traps(&mut self.sensitive, &mut self.traps)
    }
}

/// Categories of the hits that no trap phrase covers. A sweep over both lists sorted by start keeps this
/// `O((hits + traps) log)` even when an input repeats a trap phrase many times.
fn not_in_traps(
    hits: &mut [(usize, usize, SensitiveCategory)],
    traps: &mut [(usize, usize)],
) -> SensitiveSet {
    hits.sort_unstable_by_key(|h| h.0);
    traps.sort_unstable();
    let mut set = SensitiveSet::empty();
    let (mut t, mut reach) = (0, 0);
    for &(start, end, category) in hits.iter() {
        while t < traps.len() && traps[t].0 <= start {
            reach = reach.max(traps[t].1);
            t += 1;
        }
        if end > reach {
            set.insert(category);
        }
    }
    set
}

fn custom_err(term: &str, message: String) -> BuildError {
    BuildError::Lexicon {
        source_name: format!(
            "custom term {:?}",
            term.chars().take(40).collect::<String>()
        ),
        line: 0,
        message,
    }
}

fn option_err(option: &'static str, message: String) -> BuildError {
    BuildError::Option { option, message }
}

/// Turns a chat message into scored interests and the sensitive categories it mentions.
///
/// Immutable after build, `Send + Sync`, and cheap to clone (an `Arc` inside): build it once and share it.
///
/// ```
/// use chat_interests::{Classifier, Language, SensitiveCategory};
/// let classifier = Classifier::builtin();
/// let c = classifier.classify("Any tips for cheap flights to Lisbon?", Some(Language::English));
/// assert_eq!(c.interests()[0].id.tier1().name(), "Travel");
/// assert!(c.sensitive().is_empty());
///
/// let c = classifier.classify("Brauche neue Laufschuhe, meine Diabetesberatung sagt ich soll mehr laufen", None);
/// assert!(c.sensitive().contains(SensitiveCategory::Health));
/// assert_eq!(c.language(), Some(Language::German));
/// ```
#[derive(Debug, Clone)]
pub struct Classifier {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    matcher: Matcher,
    options: Options,
}

static BUILTIN: Lazy<Classifier> = Lazy::new(|| {
    ClassifierBuilder::new()
        .build()
        .expect("built-in lexicons are valid (tested)")
});

impl Default for Classifier {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Classifier {
    /// The classifier with the built-in English and German lexicons, built once per process.
    pub fn builtin() -> Classifier {
        BUILTIN.clone()
    }

    /// A builder for a custom classifier.
    pub fn builder() -> ClassifierBuilder {
        ClassifierBuilder::new()
    }

    /// Number of distinct folded patterns in the matcher.
    pub fn pattern_count(&self) -> usize {
        self.inner.matcher.pattern_count()
    }

    /// Classifies one message. `hint` is the language the host believes the message is in.
    ///
    /// Sensitivity is decided on the whole message: one sensitive mention flags it, whatever else it says.
    /// This allocates working buffers for the call; a service classifying many messages should keep a
    /// [`Scratch`] per thread and call [`classify_with`](Self::classify_with).
    pub fn classify(&self, text: &str, hint: Option<Language>) -> Classification {
        self.classify_with(text, hint, &mut Scratch::new())
    }

    /// [`classify`](Self::classify) with caller-owned working buffers: once they have grown to the
    /// longest message seen, a call allocates nothing.
    ///
    /// ```
    /// use chat_interests::{Classifier, Scratch};
    /// let classifier = Classifier::builtin();
    /// let mut scratch = Scratch::new();
    /// for text in ["new running shoes?", "Rezepte für Nudelsalat"] {
    ///     let c = classifier.classify_with(text, None, &mut scratch);
    ///     assert!(!c.interests().is_empty());
    /// }
    /// ```
    pub fn classify_with(
        &self,
        text: &str,
        hint: Option<Language>,
        scratch: &mut Scratch,
    ) -> Classification {
        let o = &self.inner.options;
        let mut result = Classification {
            interests: InterestList::new(),
            sensitive: SensitiveSet::empty(),
            language: hint,
            oversized: false,
        };
        if text.len() > o.max_input_bytes {
            result.oversized = true;
            return result;
        }
        let Scratch {
            cleaned,
            folded,
            disguised,
            runs,
            corrected,
            disguise,
            scan,
            notes,
            totals,
            touched,
            ranked,
        } = scratch;
        let matcher = &self.inner.matcher;
        let cleaned = clean_into(text, cleaned);
        fold_clean_into(cleaned, folded);
        scan.interests.clear();
        scan.next_text();
        scan.keep_interests = true;
        matcher.hits(folded, Some(notes), |hit| scan.add(hit));
        // The language, from the stop words the pass above counted.
        let language = notes.language().or(hint);
        result.language = language;
        if language != Some(Language::English) {
            matcher.compound_hits(folded, notes, |hit| scan.add(hit));
        }
        let mut sensitive = scan.sensitive();

        // The sensitive pass also reads the disguise-undoing fold, and forgives one typo in long terms.
        let same = match fold_disguised_from_plain(cleaned, folded, disguised, runs) {
            DisguiseFold::Same => true,
            DisguiseFold::Written => disguised == folded,
            DisguiseFold::Full => {
                fold_disguised_parts(cleaned, disguised, runs, disguise);
                disguised == folded
            }
        };
        let disguised: &str = if same { folded } else { disguised };
        if !same {
            scan.next_text();
            matcher.hits(disguised, None, |hit| scan.add(hit));
        } else {
            // Same text: keep the plain scan's traps for the typo hits below.
            scan.sensitive.clear();
            scan.pairs.clear();
            scan.keep_interests = false;
        }
        // Over the plain text, the plain pass already found the words that may be misspelt.
        let noted = same.then_some(&*notes);
        let fixed = matcher.typos(disguised, noted, corrected, |s, e, c| {
            scan.sensitive.push((s, e, c))
        });
        sensitive = sensitive.union(scan.sensitive());
        if fixed {
            scan.next_text();
            matcher.hits(corrected, None, |hit| scan.add(hit));
            sensitive = sensitive.union(scan.sensitive());
        }
        if runs.len() > 1 {
            scan.next_text();
            matcher.run_hits(runs, |hit| scan.add(hit));
            sensitive = sensitive.union(scan.sensitive());
        }
        result.sensitive = sensitive;

        // Leftmost-longest among interest hits: "new york times" wins over "new york". Ties are broken
        // by meaning so that the sum below runs in one order.
        let hits = &mut scan.interests;
        hits.sort_unstable_by(|a, b| {
            (a.start, std::cmp::Reverse(a.end), a.compound)
                .cmp(&(b.start, std::cmp::Reverse(b.end), b.compound))
                .then_with(|| interest_key(a).cmp(&interest_key(b)))
        });
        if totals.len() < InterestId::index_bound() {
            totals.resize(InterestId::index_bound(), 0.0);
        }
        let mut taken: Option<(usize, usize)> = None;
        for h in hits.iter() {
            match taken {
                Some(span) if span == (h.start, h.end) => {}
                Some((_, end)) if h.start < end => continue,
                _ => taken = Some((h.start, h.end)),
            }
            if let Meaning::Interest { id, weight } = h.term.meaning {
                let factor = match language {
                    // Compound parts (only looked for in text not read as English) count less than
                    // whole words.
                    _ if h.compound => COMPOUND_WEIGHT,
                    Some(l) if l != h.term.lang => o.other_language_weight,
                    _ => 1.0,
                };
                let total = &mut totals[id.index()];
                if *total == 0.0 {
                    touched.push(id);
                }
                *total += weight * factor;
            }
        }
        ranked.clear();
        for id in touched.drain(..) {
            let w = std::mem::take(&mut totals[id.index()]);
            // Saturates below 1: `1 - exp(-w)` rounds to 1.0 in f32 once `w` passes about 17.
            let score = (1.0 - (-w).exp()).min(MAX_SCORE);
            if score >= o.min_score && score > 0.0 {
                ranked.push(ScoredInterest { id, score });
            }
        }
        ranked.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        for s in ranked.iter().take(o.max_interests) {
            result.interests.push(*s);
        }
        result
    }
}

/// The meaning of an interest hit as a sortable key.
fn interest_key(h: &Hit) -> (u16, u32, u8) {
    match h.term.meaning {
        Meaning::Interest { id, weight } => {
            (id.index() as u16, weight.to_bits(), h.term.lang as u8)
        }
        _ => (0, 0, 0),
    }
}

/// Reusable working buffers for [`Classifier::classify_with`]. Keep one per thread: once its buffers
/// have grown to the longest message seen, classifying allocates nothing. It holds the last message's
/// folded text until the next call or drop, and nothing else.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    cleaned: String,
    folded: String,
    disguised: String,
    runs: String,
    corrected: String,
    disguise: DisguiseBuffers,
    scan: Scan,
    notes: WordNotes,
    /// Per interest (by taxonomy index): summed weight of this message; zero between calls.
    totals: Vec<f32>,
    touched: Vec<InterestId>,
    ranked: Vec<ScoredInterest>,
}

impl Scratch {
    /// Empty buffers.
    pub fn new() -> Self {
        Self::default()
    }
}
