//! Filters over the first or last bytes of keys, which answer "no" for most positions of a word
//! (compound splits, places in a spelled-out run) before anything is hashed.

/// A filter over byte strings of one length (the first or last bytes of keys): 131,072 bits indexed by
/// a hash of the bytes, so it answers "no" for most positions without touching the table.
#[derive(Clone)]
pub(super) struct GramFilter {
    bits: Box<[u64]>,
    len: usize,
}

impl GramFilter {
    const BITS: u32 = 17;

    pub(super) fn new(len: usize) -> Self {
        Self {
            bits: vec![0; 1 << (Self::BITS - 6)].into_boxed_slice(),
            len,
        }
    }

    /// The bit of `gram`'s first `len` bytes (`gram` must have them).
    #[inline]
    fn index(&self, gram: &[u8]) -> usize {
        let x = gram[..self.len]
            .iter()
            .fold(0u32, |h, &b| h.rotate_left(8) ^ b as u32);
        (x.wrapping_mul(0x9e37_79b1) >> (32 - Self::BITS)) as usize
    }

    pub(super) fn insert(&mut self, gram: &[u8]) {
        let i = self.index(gram);
        self.bits[i / 64] |= 1 << (i % 64);
    }

    #[inline]
    pub(super) fn contains(&self, gram: &[u8]) -> bool {
        let i = self.index(gram);
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

impl std::fmt::Debug for GramFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set: u32 = self.bits.iter().map(|w| w.count_ones()).sum();
        write!(f, "GramFilter({}-byte grams, {set} bits set)", self.len)
    }
}
