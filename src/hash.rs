//! A small, fast, non-cryptographic hasher for the matcher's word tables.
//!
//! The keys are lexicon words and phrases (data we ship, not attacker-chosen), and lookups are the hot
//! path: SipHash spends more time hashing a short word than the table spends finding it. This is the
//! multiply-rotate scheme of rustc's `FxHasher`, reading eight bytes at a time.
//!
//! Message words are attacker-chosen, but they are only ever *looked up*, never inserted, so colliding
//! words cannot grow a bucket chain: a lookup costs at most the longest probe of the built table.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// See the module docs.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 59));
        }
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
pub(crate) type FxHashSet<K> = HashSet<K, FxBuild>;

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
        let set: FxHashSet<&str> = ["x", "y", "xy"].into_iter().collect();
        assert!(set.contains("xy") && !set.contains("yx"));
    }
}
