//! The learned sensitive detector: a linear model over hashed features of the disguise fold, beside
//! the lexicon. It can only add sensitive categories, never remove one (the classifier takes the
//! union), so every guarantee the lexicon gives still holds with the model on.
//!
//! [`features`] turns text into buckets, [`format`] reads and writes the weights file, and
//! [`SensitiveModel`] scores a text: per category, the sum of its features' weights over the square
//! root of their number, plus a bias, through the logistic function.

use std::fmt;
use std::sync::Arc;

use once_cell::sync::Lazy;
use serde::Serialize;

use crate::category::{SensitiveCategory, SensitiveSet};
use crate::data::{MODEL_THRESHOLDS, MODEL_WEIGHTS};
use crate::error::build::BuildError;
use crate::util::tsv::records;

pub(crate) mod features;
pub(crate) mod format;

use features::{model_err, FeatureHasher};
use format::{decode, encode, Decoded};

const CATEGORIES: usize = 14;

/// A trained sensitive-category model and its decision thresholds.
///
/// Immutable, `Send + Sync`, cheap to clone (the weights are shared). The built-in one is trained by
/// `tools/modeltrain` on the train splits of real corpora and on messages written for it (see the
/// README); a host may train its own and pass it to
/// [`ClassifierBuilder::sensitive_model`](crate::ClassifierBuilder::sensitive_model).
///
/// ```
/// use chat_interests::{SensitiveCategory, SensitiveModel};
/// let model = SensitiveModel::builtin();
/// let scores = model.score("i haven't slept in weeks and i keep thinking everyone would be better off without me");
/// assert!(scores.probability(SensitiveCategory::Health).unwrap() > 0.5);
/// assert!(model.score("cheap flights to lisbon in may").flagged().is_empty());
/// ```
#[derive(Clone, PartialEq)]
pub struct SensitiveModel {
    hasher: FeatureHasher,
    categories: Vec<SensitiveCategory>,
    scales: Vec<f32>,
    biases: Vec<f32>,
    /// One row of `stride` bytes per bucket: the categories' weights, zero-padded to 8 or 16 so that
    /// a row is one load the compiler adds in vector lanes.
    weights: Arc<[i8]>,
    stride: usize,
    /// Per category (index as in `categories`): the probability at or above which the model flags
    /// it; above 1 for "never".
    thresholds: Vec<f32>,
    /// The same thresholds as logits, so that scoring needs no `exp` (the probability is computed
    /// only when asked for).
    logit_thresholds: Vec<f32>,
}

/// The logit of a probability threshold; a threshold of 1 or more flags nothing.
fn logit(t: f32) -> f32 {
    if t >= 1.0 {
        f32::INFINITY
    } else {
        (t / (1.0 - t)).ln()
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

impl fmt::Debug for SensitiveModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SensitiveModel")
            .field("hasher", &self.hasher)
            .field("categories", &self.categories)
            .field("thresholds", &self.thresholds)
            .field("weights", &self.weights.len())
            .finish()
    }
}

static BUILTIN: Lazy<Result<SensitiveModel, BuildError>> = Lazy::new(|| {
    SensitiveModel::from_bytes(MODEL_WEIGHTS)
        .and_then(|m| m.with_thresholds("model/thresholds.tsv", MODEL_THRESHOLDS.text))
});

/// What the model says of one text: a probability per category it knows, and the categories at or
/// above their thresholds. `Copy`, no heap.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ModelScores {
    scored: SensitiveSet,
    flagged: SensitiveSet,
    logits: [f32; CATEGORIES],
}

impl ModelScores {
    /// The model's probability for `category`; `None` when no model ran or it has no such output.
    pub fn probability(&self, category: SensitiveCategory) -> Option<f32> {
        self.scored
            .contains(category)
            .then(|| sigmoid(self.logits[index(category)]))
    }

    /// The categories whose probability reached their threshold.
    pub fn flagged(&self) -> SensitiveSet {
        self.flagged
    }

    /// The categories the model gave a probability for.
    pub fn scored(&self) -> SensitiveSet {
        self.scored
    }
}

impl Serialize for ModelScores {
    /// A map from category to probability (rounded to four decimals), in declaration order.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.scored.iter().map(|c| {
            let p = sigmoid(self.logits[index(c)]) as f64;
            (c, (p * 10_000.0).round() / 10_000.0)
        }))
    }
}

/// A category's place in [`SensitiveCategory::ALL`], which lists them in declaration order (tested).
fn index(c: SensitiveCategory) -> usize {
    c as usize
}

impl SensitiveModel {
    /// The built-in model with its thresholds, read and checked once per process.
    ///
    /// # Panics
    /// Only if the crate's own embedded model files fail their checks, which the crate's integrity
    /// tests rule out for every release; [`ClassifierBuilder::build`](crate::ClassifierBuilder::build)
    /// returns that case as an error instead.
    pub fn builtin() -> SensitiveModel {
        Self::builtin_checked().expect("the shipped model is valid (tested)")
    }

    /// The built-in model, or why the shipped files do not load (never, unless the crate was built
    /// from damaged files: `ClassifierBuilder::build` reports it as an error rather than panicking).
    pub(crate) fn builtin_checked() -> Result<SensitiveModel, BuildError> {
        BUILTIN.clone()
    }

    /// Reads a weights file (as [`to_bytes`](Self::to_bytes) writes it). Every threshold starts at
    /// "never"; set them with [`with_thresholds`](Self::with_thresholds).
    ///
    /// # Errors
    /// [`BuildErrorKind::Model`](crate::BuildErrorKind::Model) when the file is not a weights file,
    /// is of another format version, fails its checksum, or is inconsistent (with the byte offset).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, BuildError> {
        let d = decode(bytes)?;
        let n = d.categories.len();
        let stride = if n <= 8 { 8 } else { 16 };
        let mut weights = vec![0i8; d.weights.len() / n * stride];
        for (row, packed) in weights
            .chunks_exact_mut(stride)
            .zip(d.weights.chunks_exact(n))
        {
            row[..n].copy_from_slice(packed);
        }
        Ok(Self {
            hasher: d.hasher,
            categories: d.categories,
            scales: d.scales,
            biases: d.biases,
            weights: weights.into(),
            stride,
            thresholds: vec![f32::INFINITY; n],
            logit_thresholds: vec![f32::INFINITY; n],
        })
    }

    /// A model from float weights, quantized to `i8` with one scale per category. `weights` is
    /// bucket-major: `weights[bucket * categories.len() + k]` is bucket's weight for `categories[k]`.
    ///
    /// ```
    /// use chat_interests::{FeatureHasher, SensitiveCategory, SensitiveModel};
    /// let hasher = FeatureHasher::new(8, 3, 4)?;
    /// let weights = vec![0.0; hasher.buckets() as usize];
    /// let model = SensitiveModel::from_weights(hasher, &[SensitiveCategory::Health], &[-2.0], &weights)?;
    /// let p = model.score("anything").probability(SensitiveCategory::Health).unwrap();
    /// assert!((p - 0.1192).abs() < 1e-3);
    /// assert_eq!(SensitiveModel::from_bytes(&model.to_bytes())?, model);
    /// # Ok::<(), chat_interests::BuildError>(())
    /// ```
    ///
    /// # Errors
    /// [`BuildErrorKind::Model`](crate::BuildErrorKind::Model) when the lengths disagree, a category
    /// repeats, or a number is not finite.
    pub fn from_weights(
        hasher: FeatureHasher,
        categories: &[SensitiveCategory],
        biases: &[f32],
        weights: &[f32],
    ) -> Result<Self, BuildError> {
        let n = categories.len();
        if n == 0 || biases.len() != n || weights.len() != hasher.buckets() as usize * n {
            return Err(model_err(format!(
                "{n} categories, {} biases and {} weights do not fit {} buckets",
                biases.len(),
                weights.len(),
                hasher.buckets()
            )));
        }
        if weights.iter().chain(biases).any(|w| !w.is_finite()) {
            return Err(model_err("a weight or bias is not finite".into()));
        }
        for (i, c) in categories.iter().enumerate() {
            if categories[..i].contains(c) {
                return Err(model_err(format!("category {c} appears twice")));
            }
        }
        let mut scales = vec![0f32; n];
        for row in weights.chunks_exact(n) {
            for (s, w) in scales.iter_mut().zip(row) {
                *s = s.max(w.abs());
            }
        }
        for s in &mut scales {
            *s = if *s > 0.0 { *s / 127.0 } else { 1.0 };
        }
        let q: Vec<i8> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| (w / scales[i % n]).round().clamp(-127.0, 127.0) as i8)
            .collect();
        let bytes = encode(&Decoded {
            hasher,
            categories: categories.to_vec(),
            scales,
            biases: biases.to_vec(),
            weights: q,
        });
        Self::from_bytes(&bytes)
    }

    /// The weights file of this model (thresholds are kept apart, as data of their own).
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(&Decoded {
            hasher: self.hasher,
            categories: self.categories.clone(),
            scales: self.scales.clone(),
            biases: self.biases.clone(),
            weights: self
                .weights
                .chunks_exact(self.stride)
                .flat_map(|row| &row[..self.categories.len()])
                .copied()
                .collect(),
        })
    }

    /// Sets the thresholds from a TAB-separated file `name` of `category <TAB> threshold` lines
    /// (`#` comments), one for every category of the model; `off` means the model never flags it, and
    /// so does a threshold of 1 (the model flags a category when its logit reaches the threshold's).
    ///
    /// ```
    /// use chat_interests::{SensitiveCategory, SensitiveModel};
    /// let model = SensitiveModel::builtin().with_thresholds("mine.tsv", "health\t0.99\nreligion\toff\npolitics\toff\nsexual_orientation\toff\nethnicity\toff\nphilosophical_beliefs\toff\ntrade_union\toff\n")?;
    /// assert_eq!(model.threshold(SensitiveCategory::Health), Some(0.99));
    /// assert_eq!(model.threshold(SensitiveCategory::Religion), None);
    /// # Ok::<(), chat_interests::BuildError>(())
    /// ```
    ///
    /// # Errors
    /// [`BuildErrorKind::Lexicon`](crate::BuildErrorKind::Lexicon) naming the file, line and column of
    /// a bad line (unknown category, a category the model lacks or repeats, a threshold not in
    /// `(0, 1]`), or [`BuildErrorKind::Model`](crate::BuildErrorKind::Model) for a category without
    /// a line.
    pub fn with_thresholds(mut self, name: &str, text: &str) -> Result<Self, BuildError> {
        let mut seen = vec![false; self.categories.len()];
        for r in records(name, text, 0) {
            let r = r?;
            let [cat, value] = r.exactly::<2>()?;
            let c: SensitiveCategory = r.parse(0)?;
            let Some(k) = self.categories.iter().position(|&x| x == c) else {
                return Err(r
                    .error(Some(0), format!("the model has no output {cat}"))
                    .into());
            };
            if std::mem::replace(&mut seen[k], true) {
                return Err(r.error(Some(0), format!("{cat} has two thresholds")).into());
            }
            self.thresholds[k] = if value == "off" {
                f32::INFINITY
            } else {
                let t: f32 = r.parse(1)?;
                if !(t > 0.0 && t <= 1.0) {
                    return Err(r.error(Some(1), format!("{t} is not in (0, 1]")).into());
                }
                t
            };
        }
        if let Some(k) = seen.iter().position(|s| !s) {
            return Err(model_err(format!(
                "{name}: no threshold for {}",
                self.categories[k]
            )));
        }
        self.logit_thresholds = self.thresholds.iter().map(|&t| logit(t)).collect();
        Ok(self)
    }

    /// The probability at or above which the model flags `category`; `None` when it never does.
    pub fn threshold(&self, category: SensitiveCategory) -> Option<f32> {
        let k = self.categories.iter().position(|&x| x == category)?;
        Some(self.thresholds[k]).filter(|t| t.is_finite())
    }

    /// The categories the model has an output for.
    pub fn categories(&self) -> &[SensitiveCategory] {
        &self.categories
    }

    /// The hasher the model was trained with.
    pub fn hasher(&self) -> FeatureHasher {
        self.hasher
    }

    /// Scores a text, folded as the classifier's sensitive pass folds it
    /// ([`fold_disguised`](crate::fold_disguised)).
    pub fn score(&self, text: &str) -> ModelScores {
        self.score_folded(&crate::text::disguise::fold_disguised(text))
    }

    /// Scores a text that is already folded by [`fold_disguised`](crate::fold_disguised), without
    /// allocating: for callers that fold once and score many times.
    ///
    /// ```
    /// use chat_interests::{fold_disguised, SensitiveModel};
    /// let model = SensitiveModel::builtin();
    /// let folded = fold_disguised("Cheap flights to Rome?");
    /// assert_eq!(model.score_folded(&folded), model.score("Cheap flights to Rome?"));
    /// ```
    pub fn score_folded(&self, folded: &str) -> ModelScores {
        self.score_counted(folded, &mut 0)
    }

    /// [`score_folded`](Self::score_folded), adding the features read to `work`.
    pub(crate) fn score_counted(&self, folded: &str, work: &mut u64) -> ModelScores {
        let mut sums = [0i32; 16];
        let count = if self.stride == 8 {
            self.sum_rows::<8>(folded, &mut sums)
        } else {
            self.sum_rows::<16>(folded, &mut sums)
        };
        *work += count as u64;
        let norm = if count > 0 {
            1.0 / (count as f32).sqrt()
        } else {
            0.0
        };
        let mut scores = ModelScores::default();
        for (k, &c) in self.categories.iter().enumerate() {
            let z = self.biases[k] + self.scales[k] * sums[k] as f32 * norm;
            scores.scored.insert(c);
            scores.logits[index(c)] = z;
            if z >= self.logit_thresholds[k] {
                scores.flagged.insert(c);
            }
        }
        scores
    }

    /// Adds up the rows of `folded`'s features into `sums`; returns how many features.
    fn sum_rows<const L: usize>(&self, folded: &str, sums: &mut [i32; 16]) -> usize {
        let mut acc = [0i32; L];
        let count = self.hasher.for_each(folded, |b| {
            let start = b as usize * L;
            // Every bucket has a row (the decoder checked the length); `get` keeps it panic-free.
            let row: Option<&[i8; L]> = self
                .weights
                .get(start..start + L)
                .and_then(|r| r.try_into().ok());
            if let Some(row) = row {
                for (s, &w) in acc.iter_mut().zip(row) {
                    *s += i32::from(w);
                }
            }
        });
        sums[..L].copy_from_slice(&acc);
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_index_in_the_order_all_lists_them() {
        for (i, &c) in SensitiveCategory::ALL.iter().enumerate() {
            assert_eq!(index(c), i, "{c}");
        }
        assert!(SensitiveCategory::ALL.len() <= CATEGORIES);
    }
    use crate::error::build::BuildErrorKind;

    fn small() -> SensitiveModel {
        let hasher = FeatureHasher::new(8, 3, 4).unwrap();
        let cats = [SensitiveCategory::Health, SensitiveCategory::Religion];
        let weights: Vec<f32> = (0..hasher.buckets() as usize * 2)
            .map(|i| (i % 7) as f32 - 3.0)
            .collect();
        SensitiveModel::from_weights(hasher, &cats, &[-1.0, 0.5], &weights).unwrap()
    }

    fn message(e: BuildError) -> String {
        match e.kind() {
            BuildErrorKind::Model { message } => message.clone(),
            other => other.to_string(),
        }
    }

    #[test]
    fn a_model_round_trips_through_its_file() {
        let m = small();
        assert_eq!(SensitiveModel::from_bytes(&m.to_bytes()).unwrap(), m);
    }

    #[test]
    fn a_damaged_file_is_refused_with_a_reason() {
        let bytes = small().to_bytes();
        let mut flipped = bytes.clone();
        flipped[40] ^= 1;
        assert!(message(SensitiveModel::from_bytes(&flipped).unwrap_err()).contains("checksum"));
        let truncated = &bytes[..bytes.len() - 9];
        assert!(message(SensitiveModel::from_bytes(truncated).unwrap_err()).contains("checksum"));
        assert!(
            message(SensitiveModel::from_bytes(&bytes[..5]).unwrap_err()).contains("too short")
        );
        let mut version = bytes.clone();
        version[4] = 9;
        assert!(message(SensitiveModel::from_bytes(&version).unwrap_err()).contains("version 9"));
        assert!(
            message(SensitiveModel::from_bytes(b"PNG\x00 not a model").unwrap_err())
                .contains("magic")
        );
        assert!(SensitiveModel::from_bytes(&[]).is_err());
    }

    #[test]
    fn thresholds_are_read_strictly() {
        let bad = |text: &str| {
            small()
                .with_thresholds("t.tsv", text)
                .unwrap_err()
                .to_string()
        };
        assert!(bad("health\t0.7\n").contains("no threshold for religion"));
        assert!(bad("health\t0.7\nreligion\t0.8\npolitics\t0.9\n").contains("no output politics"));
        assert!(bad("health\t0.7\nhealth\t0.8\n").contains("two thresholds"));
        assert!(bad("health\t1.5\nreligion\toff\n").contains("line 1, column 2"));
        assert!(bad("health\t0\nreligion\toff\n").contains("not in (0, 1]"));
        assert!(bad("health\tNaN\nreligion\toff\n").contains("not in (0, 1]"));
        assert!(bad("wealth\t0.5\nreligion\toff\n").contains("column 1"));
        let m = small()
            .with_thresholds("t.tsv", "# a comment\nhealth\t0.7\nreligion\toff\n")
            .unwrap();
        assert_eq!(m.threshold(SensitiveCategory::Health), Some(0.7));
        assert_eq!(m.threshold(SensitiveCategory::Religion), None);
        assert_eq!(m.threshold(SensitiveCategory::Politics), None);
    }

    #[test]
    fn flags_follow_the_thresholds() {
        let m = small()
            .with_thresholds("t.tsv", "health\t0.0001\nreligion\toff\n")
            .unwrap();
        let s = m.score("anything at all");
        assert!(s.flagged().contains(SensitiveCategory::Health));
        assert!(!s.flagged().contains(SensitiveCategory::Religion));
        assert!(s.probability(SensitiveCategory::Religion).is_some());
        assert_eq!(s.probability(SensitiveCategory::Politics), None);
    }

    #[test]
    fn inconsistent_weights_are_refused() {
        let h = FeatureHasher::new(8, 3, 4).unwrap();
        let health = [SensitiveCategory::Health];
        assert!(SensitiveModel::from_weights(h, &health, &[0.0], &[0.0; 3]).is_err());
        assert!(SensitiveModel::from_weights(h, &health, &[f32::NAN], &[0.0; 256]).is_err());
        let twice = [SensitiveCategory::Health, SensitiveCategory::Health];
        assert!(SensitiveModel::from_weights(h, &twice, &[0.0; 2], &[0.0; 512]).is_err());
    }
}
