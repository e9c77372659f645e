//! Building a classifier: lexicons (built-in, files, single terms), languages and thresholds.

use std::sync::Arc;

use crate::category::SensitiveCategory;
use crate::classify::{Classifier, Inner};
use crate::error::build::{BuildError, BuildErrorKind};
use crate::language::Language;
use crate::lexicon::builtin::builtin_entries;
use crate::lexicon::parse::{entry, interest, parse};
use crate::lexicon::{Entry, LexiconKind, MatchMode, Meaning};
use crate::matcher::Matcher;
use crate::model::SensitiveModel;
use crate::scored::MAX_INTERESTS;
use crate::taxonomy::InterestId;

/// Default for [`ClassifierBuilder::max_input_bytes`]: 1 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 1 << 20;

#[derive(Debug, Clone)]
pub(crate) struct Options {
    languages: Vec<Language>,
    pub(crate) min_score: f32,
    pub(crate) max_interests: usize,
    pub(crate) max_input_bytes: usize,
    pub(crate) other_language_weight: f32,
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
/// assert_eq!(c.interests()[0].id().name(), "Sports");
/// assert!(classifier.classify("padel after my insulin", None).sensitive().contains(SensitiveCategory::Health));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ClassifierBuilder {
    options: Options,
    builtin: bool,
    entries: Vec<Entry>,
    /// `None`: the built-in model, loaded at `build` (so a lexicon-only build never reads it).
    model: Option<Option<SensitiveModel>>,
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
            model: None,
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

    /// Adds a whole lexicon file in the built-in format (see [`LexiconKind`]).
    ///
    /// # Errors
    /// [`BuildErrorKind::Lexicon`] naming `name`, the line and (where it is one field) the column of the
    /// first bad entry.
    pub fn lexicon(
        mut self,
        lang: Language,
        kind: LexiconKind,
        name: &str,
        text: &str,
    ) -> Result<Self, BuildError> {
        parse(lang, kind, name, text, &mut self.entries)?;
        Ok(self)
    }

    /// Adds one interest term (matched as whole words with inflections).
    ///
    /// # Errors
    /// [`BuildErrorKind::Term`] when the term is empty or too short, or the weight is not in `(0, 5]`.
    pub fn interest_term(
        self,
        lang: Language,
        term: &str,
        id: InterestId,
        weight: f32,
    ) -> Result<Self, BuildError> {
        let meaning = interest(id, weight).map_err(|m| custom_err(term, m))?;
        self.push(lang, term, meaning, MatchMode::Word)
    }

    /// Adds one sensitive term.
    ///
    /// # Errors
    /// [`BuildErrorKind::Term`] when the term is empty or too short.
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
    /// [`BuildErrorKind::Term`] when the phrase is empty or too short.
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
        let e = entry(lang, term, meaning, mode).map_err(|m| custom_err(term, m))?;
        self.entries.push(e);
        Ok(self)
    }

    /// The learned sensitive detector beside the lexicon (default: [`SensitiveModel::builtin`]);
    /// `None` for the lexicon alone. The model only adds sensitive categories: a message the lexicon
    /// flags stays flagged.
    ///
    /// ```
    /// use chat_interests::{Classifier, SensitiveCategory};
    /// let lexicon_only = Classifier::builder().sensitive_model(None).build()?;
    /// // "I have hardly slept for weeks and dread every morning": no term names a condition.
    /// let text = "ich schlafe seit wochen kaum und habe vor jedem morgen angst";
    /// assert!(lexicon_only.classify(text, None).sensitive().is_empty());
    /// let c = Classifier::builtin().classify(text, None);
    /// assert!(c.sensitive_by_model().contains(SensitiveCategory::Health));
    /// # Ok::<(), chat_interests::BuildError>(())
    /// ```
    pub fn sensitive_model(mut self, model: Option<SensitiveModel>) -> Self {
        self.model = Some(model);
        self
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
    /// [`Classification::is_oversized`](crate::Classification::is_oversized).
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
    /// [`BuildErrorKind::Option`] for an out-of-range option, [`BuildErrorKind::Matcher`] when the
    /// matcher cannot be built. (The built-in lexicons are checked by a test, so they never fail here.)
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
            builtin_entries(&o.languages)?
        } else {
            Vec::new()
        };
        entries.extend(self.entries);
        let matcher = Matcher::new(entries)?;
        Ok(Classifier {
            inner: Arc::new(Inner {
                matcher,
                model: match self.model {
                    Some(chosen) => chosen,
                    None => Some(SensitiveModel::builtin_checked()?),
                },
                options: self.options,
            }),
        })
    }
}

fn custom_err(term: &str, message: String) -> BuildError {
    BuildErrorKind::Term {
        term: term.chars().take(40).collect(),
        message,
    }
    .into()
}

fn option_err(option: &'static str, message: String) -> BuildError {
    BuildErrorKind::Option { option, message }.into()
}
