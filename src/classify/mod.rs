//! The classifier: chat text in, scored interests and sensitive categories out.
//!
//! [`Classifier::classify_with`] runs the passes: the plain fold through the matcher (interests,
//! sensitive terms, stop words, compound parts), then the sensitive pass over the disguise fold, the
//! typo corrections and the spelled-out runs ([`scan`] combines their hits with traps and pair rules),
//! then the learned model over the disguise fold ([`SensitiveModel`], which can only add categories),
//! then scoring ([`score`]). [`builder`] builds one; [`Scratch`] holds the buffers.

use std::sync::Arc;

use once_cell::sync::Lazy;

use crate::language::Language;
use crate::matcher::Matcher;
use crate::model::{ModelScores, SensitiveModel};
use crate::text::clean::clean_into;
use crate::text::disguise::fold_disguised_parts;
use crate::text::disguise_fast::{fold_disguised_from_plain, DisguiseFold};
use crate::text::fold::fold_clean_into;

pub(crate) mod builder;
pub(crate) mod classification;
pub(crate) mod scan;
pub(crate) mod score;
pub(crate) mod scratch;

use builder::{ClassifierBuilder, Options};
use classification::Classification;
use scratch::Scratch;

/// Turns a chat message into scored interests and the sensitive categories it mentions.
///
/// Immutable after build, `Send + Sync`, and cheap to clone (an `Arc` inside): build it once and share it.
///
/// ```
/// use chat_interests::{Classifier, Language, SensitiveCategory};
/// let classifier = Classifier::builtin();
/// let c = classifier.classify("Any tips for cheap flights to Lisbon?", Some(Language::English));
/// assert_eq!(c.interests()[0].id().tier1().name(), "Travel");
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
pub(crate) struct Inner {
    pub(crate) matcher: Matcher,
    pub(crate) model: Option<SensitiveModel>,
    pub(crate) options: Options,
}

/// The built-in classifier. Its lexicons are read whole by the data integrity test
/// (`src/integrity.rs`), so this `expect` never fires on the shipped data.
static BUILTIN: Lazy<Classifier> = Lazy::new(|| {
    ClassifierBuilder::new()
        .build()
        .expect("the shipped lexicons are valid (tested)")
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
        if text.len() > o.max_input_bytes {
            scratch.work = 0;
            return Classification::oversized(hint);
        }
        let mut result = Classification::empty(hint);
        let Scratch {
            cleaned,
            folded,
            disguised,
            runs,
            corrected,
            disguise,
            scan,
            notes,
            scores,
            work,
        } = scratch;
        let matcher = &self.inner.matcher;
        let cleaned = clean_into(text, cleaned);
        fold_clean_into(cleaned, folded);
        // Every pass below reads the text once more: counted in bytes, with the matcher's lookups.
        *work = (text.len() + cleaned.len() + folded.len()) as u64;
        scan.interests.clear();
        scan.next_text();
        scan.keep_interests = true;
        matcher.plain_hits(folded, notes, work, |hit| scan.add(hit));
        // The language, from the stop words the pass above counted.
        let language = notes.language().or(hint);
        result.set_language(language);
        if language != Some(Language::English) {
            matcher.compound_hits(folded, notes, work, |hit| scan.add(hit));
        }
        let mut sensitive = scan.sensitive();

        // The sensitive pass also reads the disguise-undoing fold, and forgives one typo in long terms.
        let same = match fold_disguised_from_plain(cleaned, folded, disguised, runs, work) {
            DisguiseFold::Same => true,
            DisguiseFold::Written => disguised == folded,
            DisguiseFold::Full => {
                fold_disguised_parts(cleaned, disguised, runs, disguise);
                *work += disguise.work();
                disguised == folded
            }
        };
        *work += (disguised.len() + runs.len()) as u64;
        let disguised: &str = if same { folded } else { disguised };
        if !same {
            scan.next_text();
            matcher.sensitive_hits(disguised, work, |hit| scan.add(hit));
        } else {
            // Same text: keep the plain scan's traps for the typo hits below.
            scan.keep_traps_only();
        }
        // Over the plain text, the plain pass already found the words that may be misspelt.
        let noted = same.then_some(&*notes);
        let fixed = matcher.typos(disguised, noted, corrected, work, |s, e, c| {
            scan.sensitive.push((s, e, c))
        });
        sensitive = sensitive.union(scan.sensitive());
        if fixed {
            scan.next_text();
            matcher.sensitive_hits(corrected, work, |hit| scan.add(hit));
            sensitive = sensitive.union(scan.sensitive());
        }
        if runs.len() > 1 {
            scan.next_text();
            matcher.run_hits(runs, work, |hit| scan.add(hit));
            sensitive = sensitive.union(scan.sensitive());
        }
        // The model reads the same disguise fold, and can only add categories.
        let by_model = match &self.inner.model {
            Some(model) => model.score_counted(disguised, work),
            None => ModelScores::default(),
        };
        result.set_sensitive(sensitive, by_model);
        *work += scan.interests.len() as u64;
        scores.rank(&mut scan.interests, language, o, &mut result);
        result
    }
}
