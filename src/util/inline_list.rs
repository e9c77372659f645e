//! A fixed-capacity list held inline, so values that carry a few items stay `Copy` and need no heap.

use std::fmt;

/// Up to `N` items of a `Copy` type, inline. Unused slots hold a filler that is never read.
#[derive(Clone, Copy)]
pub(crate) struct InlineList<T: Copy, const N: usize> {
    len: u8,
    items: [T; N],
}

impl<T: Copy, const N: usize> InlineList<T, N> {
    /// An empty list; `filler` fills the unused slots.
    pub(crate) const fn new(filler: T) -> Self {
        assert!(N <= u8::MAX as usize);
        Self {
            len: 0,
            items: [filler; N],
        }
    }

    /// Appends `item`; `false` (and nothing appended) when full.
    pub(crate) fn push(&mut self, item: T) -> bool {
        match self.items.get_mut(self.len as usize) {
            Some(slot) => {
                *slot = item;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    /// The items, in order.
    pub(crate) fn as_slice(&self) -> &[T] {
        &self.items[..self.len as usize]
    }
}

impl<T: Copy + PartialEq, const N: usize> PartialEq for InlineList<T, N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + fmt::Debug, const N: usize> fmt::Debug for InlineList<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<T: Copy + serde::Serialize, const N: usize> serde::Serialize for InlineList<T, N> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushes_until_full() {
        let mut l: InlineList<u8, 2> = InlineList::new(0);
        assert!(l.push(1) && l.push(2));
        assert!(!l.push(3));
        assert_eq!(l.as_slice(), [1, 2]);
    }
}
