//! A small, fast, non-cryptographic hasher for the matcher's word tables.
//!
//! The keys are lexicon words and phrases (data we ship, not attacker-chosen), and lookups are the hot
//! path: SipHash spends more time hashing a short word than the table spends finding it. This is the
//! multiply-rotate scheme of rustc's `FxHasher`, reading eight bytes at a time and the tail without a
//! copy.
//!
//! Message words are attacker-chosen, but they are only ever *looked up*, never inserted, so colliding
//! words cannot grow a bucket chain: a lookup costs at most the longest probe of the built table.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// See the module docs.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

/// The eight bytes of `b` from `i` as a little-endian word (`b` must have them).
#[inline]
pub(crate) fn word_at(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

/// The last up-to-seven bytes of a key as one word, without copying: overlapping reads of the first
/// and last four (or the first, middle and last byte), which with the length determine the bytes.
#[inline]
fn tail_word(t: &[u8]) -> u64 {
    let n = t.len();
    let r4 = |i: usize| u32::from_le_bytes([t[i], t[i + 1], t[i + 2], t[i + 3]]) as u64;
    if n >= 4 {
        r4(0) | r4(n - 4) << 32
    } else if n > 0 {
        t[0] as u64 | (t[n / 2] as u64) << 8 | (t[n - 1] as u64) << 16
    } else {
        0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }

    #[inline]
    fn add_bytes(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i + 8 <= bytes.len() {
            self.add(word_at(bytes, i));
            i += 8;
        }
        self.add(tail_word(&bytes[i..]) ^ (bytes.len() as u64) << 56);
    }
}

/// The hash of a byte string, as a [`FxHasher`] finishes it.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.add_bytes(bytes);
    h.finish()
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.add_bytes(bytes);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply mixes upwards only, so low bits depend on few input bits; tables read both ends
        // (bucket from the low bits, tag from the top), so finish with MurmurHash3's avalanche.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = HashMap<K, V, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn distinguishes_lengths_and_tails() {
        let h = |s: &str| FxBuild::default().hash_one(s);
        assert_ne!(h("a"), h("a\0"));
        assert_ne!(h("diabetes"), h("diabetez"));
        assert_ne!(h("abcdefgh"), h("abcdefghi"));
        let set: std::collections::HashSet<&str, FxBuild> = ["x", "y", "xy"].into_iter().collect();
        assert!(set.contains("xy") && !set.contains("yx"));
    }
}
