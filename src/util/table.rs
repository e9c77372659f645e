//! A read-only hash table from folded words and phrases to small values: the matcher's hot path.
//!
//! Open addressing with linear probing, at most two-thirds full, over one array of buckets; a key of up
//! to eight bytes (most words) is stored in its bucket, longer keys in one string. A lookup hashes the
//! key once and compares a stored 32-bit tag before the key's bytes, which it reads eight at a time,
//! with no call into `memcmp`: a short word costs one bucket read.
//!
//! The buckets of a large lexicon do not fit a core's cache, and about half of the lookups are for
//! keys that are not there (a word's stems, the next word of a phrase). So a small blocked Bloom filter
//! (16 bits per key, two bits in one 64-bit word) answers most of those from the cache, before the
//! bucket array is touched.

use super::hash::{hash_bytes, word_at};

#[derive(Debug, Clone, Copy)]
struct Bucket<V> {
    /// High bits of the key's hash (a cheap first comparison).
    tag: u32,
    /// The key's length; 0 marks an empty bucket (keys are never empty).
    len: u32,
    /// A key of up to eight bytes itself ([`pack`]), else its offset in `keys`.
    key: u64,
    value: V,
}

/// Up to eight bytes as one little-endian word, zero-padded.
#[inline]
fn pack(b: &[u8]) -> u64 {
    b.iter().rev().fold(0, |w, &x| w << 8 | x as u64)
}

/// See the module docs.
#[derive(Debug, Clone)]
pub(crate) struct WordTable<V> {
    buckets: Vec<Bucket<V>>,
    mask: usize,
    keys: String,
    /// The Bloom filter: a power-of-two number of words.
    filter: Vec<u64>,
}

/// The filter word and its two bits for hash `h` (bits independent of the bucket index and the tag's
/// low bits).
#[inline]
fn filter_bits(h: u64, words: usize) -> (usize, u64) {
    let word = (h >> 12) as usize & (words - 1);
    (word, 1 << (h >> 52 & 63) | 1 << (h >> 58))
}

impl<V: Copy + Default> WordTable<V> {
    /// A table of `entries`, whose keys must be distinct and non-empty (empty keys are skipped).
    pub(crate) fn new<'a>(entries: impl ExactSizeIterator<Item = (&'a str, V)> + Clone) -> Self {
        let bytes = entries.clone().map(|(k, _)| k.len()).sum();
        let size = (entries.len() * 3 / 2).next_power_of_two().max(16);
        let empty = Bucket {
            tag: 0,
            len: 0,
            key: 0,
            value: V::default(),
        };
        let words = (entries.len() / 4).next_power_of_two().max(1);
        let mut table = Self {
            buckets: vec![empty; size],
            mask: size - 1,
            keys: String::with_capacity(bytes),
            filter: vec![0; words],
        };
        for (key, value) in entries {
            if key.is_empty() {
                continue;
            }
            let h = hash_bytes(key.as_bytes());
            let mut i = h as usize & table.mask;
            while table.buckets[i].len != 0 {
                i = (i + 1) & table.mask;
            }
            let inline = key.len() <= 8;
            table.buckets[i] = Bucket {
                tag: (h >> 32) as u32,
                len: key.len() as u32,
                key: if inline {
                    pack(key.as_bytes())
                } else {
                    table.keys.len() as u64
                },
                value,
            };
            if !inline {
                table.keys.push_str(key);
            }
            let (w, bits) = filter_bits(h, words);
            table.filter[w] |= bits;
        }
        table
    }

    /// The value stored under `key`.
    #[inline]
    pub(crate) fn get(&self, key: &str) -> Option<V> {
        let key = key.as_bytes();
        let h = hash_bytes(key);
        let (w, bits) = filter_bits(h, self.filter.len());
        if self.filter[w] & bits != bits {
            return None;
        }
        let (tag, mut i) = ((h >> 32) as u32, h as usize & self.mask);
        loop {
            let b = &self.buckets[i];
            if b.len == 0 {
                return None;
            }
            if b.tag == tag && b.len as usize == key.len() {
                let same = if key.len() <= 8 {
                    b.key == pack(key)
                } else {
                    let start = b.key as usize;
                    same_bytes(&self.keys.as_bytes()[start..start + key.len()], key)
                };
                if same {
                    return Some(b.value);
                }
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Number of keys.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.buckets.iter().filter(|b| b.len != 0).count()
    }
}

/// `a == b` for slices of equal length, eight bytes at a time.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let mut i = 0;
    while i + 8 <= a.len() {
        if word_at(a, i) != word_at(b, i) {
            return false;
        }
        i += 8;
    }
    a[i..].iter().zip(&b[i..]).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_nothing_else() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}x{}", i * 7)).collect();
        let t = WordTable::new(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (w.as_str(), i as u32)),
        );
        assert_eq!(t.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get(w), Some(i as u32), "{w}");
            assert_eq!(t.get(&format!("{w}y")), None);
            assert_eq!(
                t.get(&w[..w.len() - 1]),
                words
                    .iter()
                    .position(|x| *x == w[..w.len() - 1])
                    .map(|p| p as u32)
            );
        }
        assert_eq!(t.get(""), None);
        let empty: WordTable<u8> = WordTable::new(std::iter::empty());
        assert_eq!(empty.get("x"), None);
    }

    #[test]
    fn long_and_non_ascii_keys() {
        let keys = [
            "ein sehr langer satz mit vielen woertern",
            "straße",
            "é",
            "a",
            "ab",
            "abcdefgh",
            "abcdefghi",
        ];
        let t = WordTable::new(keys.iter().map(|k| (*k, k.len())));
        for k in keys {
            assert_eq!(t.get(k), Some(k.len()));
        }
        assert_eq!(t.get("abcdefgx"), None);
        assert_eq!(t.get("ein sehr langer satz mit vielen woertern!"), None);
    }
}
