//! The model's features: hashed words, word pairs and character n-grams of the folded text.
//!
//! The hashing is part of the weights file's format: a change here makes every trained model
//! meaningless, so it is spelled out (8 bytes at a time, one multiply each, and a final mix), not
//! borrowed from a hasher that may change. It sits on the hot path: an n-gram of up to 8 bytes is
//! one load, one mask and two multiplies.

/// Hashes the words of a folded text (see [`fold_disguised`](crate::fold_disguised)) into feature
/// buckets, fastText-style: every word, every pair of adjacent words, and the character n-grams of
/// each word between `<` and `>` (so German compounds and inflections share evidence).
///
/// A [`SensitiveModel`](crate::SensitiveModel) records the hasher it was trained with; a trainer uses
/// the same one to turn its examples into features.
///
/// ```
/// use chat_interests::FeatureHasher;
/// let hasher = FeatureHasher::new(18, 3, 5)?;
/// let mut features = Vec::new();
/// hasher.for_each(" back pain ", |bucket| features.push(bucket));
/// // 2 words, 1 pair, and the 3- to 5-grams of "<back>" (4 + 3 + 2) and "<pain>" (the same).
/// assert_eq!(features.len(), 2 + 1 + 9 + 9);
/// assert!(features.iter().all(|&b| b < hasher.buckets()));
/// # Ok::<(), chat_interests::BuildError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeatureHasher {
    bits: u8,
    min_n: u8,
    max_n: u8,
}

/// The most buckets a hasher may have: 2^24 (a model has one weight per bucket and category).
pub(crate) const MAX_BITS: u8 = 24;
/// The longest character n-gram.
pub(crate) const MAX_N: u8 = 8;

const WORD: u64 = 0x77;
const PAIR: u64 = 0x70;
const GRAM: u64 = 0x67;

impl FeatureHasher {
    /// A hasher into `2^bits` buckets with character n-grams of `min_n..=max_n` bytes.
    ///
    /// # Errors
    /// [`BuildErrorKind::Model`](crate::BuildErrorKind::Model) when `bits` is not in `8..=24` or the
    /// n-gram range is not within `2..=8`.
    pub fn new(bits: u8, min_n: u8, max_n: u8) -> Result<Self, crate::error::build::BuildError> {
        if !(8..=MAX_BITS).contains(&bits) {
            return Err(model_err(format!(
                "{bits} bucket bits is not in 8..={MAX_BITS}"
            )));
        }
        if !(2 <= min_n && min_n <= max_n && max_n <= MAX_N) {
            return Err(model_err(format!(
                "n-grams {min_n}..={max_n} are not within 2..={MAX_N}"
            )));
        }
        Ok(Self { bits, min_n, max_n })
    }

    /// Number of buckets.
    pub fn buckets(&self) -> u32 {
        1 << self.bits
    }

    /// `(bits, min_n, max_n)`, as given to [`new`](Self::new).
    pub fn parameters(&self) -> (u8, u8, u8) {
        (self.bits, self.min_n, self.max_n)
    }

    /// Calls `f` with the bucket of every feature of `folded`, in text order; returns how many.
    /// Words are separated by spaces; a word of more than 64 bytes gives only its word feature (no
    /// chat word is that long, and its n-grams would only cost time).
    pub fn for_each(&self, folded: &str, mut f: impl FnMut(u32)) -> usize {
        let mut count = 0;
        let mut emit = |h: u64| {
            f(self.bucket(h));
            count += 1;
        };
        let mut previous: Option<u64> = None;
        // `<word>` and 8 bytes of slack, so every n-gram is read as one 8-byte load.
        let mut gram = [0u8; 66 + 8];
        for word in folded.split(' ').filter(|w| !w.is_empty()) {
            let w = word.as_bytes();
            let h = hash(WORD, w);
            emit(h);
            if let Some(p) = previous {
                emit(PAIR ^ p.rotate_left(17) ^ h);
            }
            previous = Some(h);
            if w.len() > 64 {
                continue;
            }
            let n = w.len() + 2;
            gram[0] = b'<';
            gram[1..n - 1].copy_from_slice(w);
            gram[n - 1] = b'>';
            for len in self.min_n as usize..=(self.max_n as usize).min(n) {
                let mask = u64::MAX >> (64 - 8 * len);
                let kind = GRAM ^ len as u64;
                for start in 0..=n - len {
                    let bytes: [u8; 8] = gram[start..start + 8].try_into().unwrap_or([0; 8]);
                    emit(step(kind, u64::from_le_bytes(bytes) & mask));
                }
            }
        }
        count
    }

    fn bucket(&self, h: u64) -> u32 {
        // The mix spreads the weak low bits; the top `bits` bits are the bucket.
        let mut x = h ^ (h >> 31);
        x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x ^= x >> 29;
        (x >> (64 - self.bits as u32)) as u32
    }
}

/// One 8-byte step of the hash.
fn step(h: u64, x: u64) -> u64 {
    let h = (h ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 32)
}

/// Any length: 8 bytes at a time (the last chunk zero-padded), then the length.
fn hash(kind: u64, bytes: &[u8]) -> u64 {
    let mut h = kind;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = step(h, u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = step(h, u64::from_le_bytes(last));
    }
    step(h, bytes.len() as u64)
}

pub(crate) fn model_err(message: String) -> crate::error::build::BuildError {
    crate::error::build::BuildErrorKind::Model { message }.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_stable_across_releases() {
        // A trained model depends on these exact buckets.
        let h = FeatureHasher::new(18, 3, 5).unwrap();
        let mut got = Vec::new();
        h.for_each(" flu ", |b| got.push(b));
        assert_eq!(got.len(), 1 + 3 + 2 + 1);
        let again: Vec<u32> = {
            let mut v = Vec::new();
            h.for_each("  flu  ", |b| v.push(b));
            v
        };
        assert_eq!(got, again, "extra spaces change nothing");
        // The exact buckets: a change of the hash must be a new format version and a new model.
        assert_eq!(got, [51527, 91577, 130280, 109013, 68697, 161035, 29778]);
    }

    #[test]
    fn long_words_give_one_feature() {
        let h = FeatureHasher::new(10, 3, 5).unwrap();
        assert_eq!(h.for_each(&"x".repeat(65), |_| {}), 1);
        assert!(h.for_each(&"x".repeat(64), |_| {}) > 1);
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(FeatureHasher::new(7, 3, 5).is_err());
        assert!(FeatureHasher::new(25, 3, 5).is_err());
        assert!(FeatureHasher::new(18, 1, 5).is_err());
        assert!(FeatureHasher::new(18, 5, 4).is_err());
        assert!(FeatureHasher::new(18, 3, 9).is_err());
    }
}
