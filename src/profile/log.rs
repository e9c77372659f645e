//! The message log of a profile: every cited message id stored once, with its time and how many entries
//! cite it; free slots are reused and the string is compacted when most of it is garbage.

use crate::message_id::MessageId;

/// An unused citation.
pub(super) const NO_SLOT: u16 = u16::MAX;

/// A message id cited by some entries: its time, where its bytes are in the log's string, and how
/// many entries cite it (16 bytes).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct LogSlot {
    pub(super) at: i64,
    pub(super) start: u32,
    /// Length in bytes (low 8 bits; ids are at most 128 bytes) and citations (the rest).
    pub(super) len_refs: u32,
}

impl LogSlot {
    pub(super) fn len(self) -> usize {
        (self.len_refs & 0xff) as usize
    }

    pub(super) fn refs(self) -> u32 {
        self.len_refs >> 8
    }
}

/// Message ids cited by entries, each stored once in one string; free slots are reused and the string
/// is compacted when most of it is garbage.
#[derive(Debug, Clone, Default)]
pub(super) struct MessageLog {
    pub(super) slots: Vec<LogSlot>,
    pub(super) ids: String,
    pub(super) free: Vec<u16>,
    /// Bytes of `ids` no slot uses.
    pub(super) garbage: usize,
}

impl MessageLog {
    /// Logs a message id (at most [`MessageId::MAX_LEN`] bytes, checked by the policy and on reading).
    pub(super) fn add(&mut self, at: i64, id: &str) -> u16 {
        let len = MessageId::bounded(id).len();
        let slot = LogSlot {
            at,
            start: self.ids.len() as u32,
            len_refs: len as u32,
        };
        self.ids.push_str(&id[..len]);
        match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = slot;
                i
            }
            None => {
                self.slots.push(slot);
                self.slots.len() as u16 - 1
            }
        }
    }

    pub(super) fn at(&self, slot: u16) -> i64 {
        self.slots[slot as usize].at
    }

    pub(super) fn id(&self, slot: u16) -> &str {
        let s = self.slots[slot as usize];
        self.ids
            .get(s.start as usize..s.start as usize + s.len())
            .unwrap_or_default()
    }

    pub(super) fn cite(&mut self, slot: u16) {
        self.slots[slot as usize].len_refs += 1 << 8;
    }

    /// One citation fewer; the slot is freed with its last.
    pub(super) fn release(&mut self, slot: u16) {
        let s = &mut self.slots[slot as usize];
        s.len_refs -= 1 << 8;
        self.release_if_unused(slot);
    }

    /// Frees `slot` if nothing cites it (a message that made no entry's latest).
    pub(super) fn release_if_unused(&mut self, slot: u16) {
        let s = self.slots[slot as usize];
        if s.refs() > 0 || s.len_refs == u32::MAX {
            return;
        }
        self.garbage += s.len();
        // Marked free so that it is not freed twice.
        self.slots[slot as usize].len_refs = u32::MAX;
        self.free.push(slot);
        if self.garbage > 1024 && self.garbage * 2 > self.ids.len() {
            self.compact();
        }
    }

    pub(super) fn is_free(&self, slot: u16) -> bool {
        self.slots[slot as usize].len_refs == u32::MAX
    }

    /// Rewrites `ids` with the live slots' bytes only.
    pub(super) fn compact(&mut self) {
        let mut ids = String::with_capacity(self.ids.len() - self.garbage);
        for i in 0..self.slots.len() as u16 {
            if !self.is_free(i) {
                let start = ids.len() as u32;
                ids.push_str(self.id(i));
                self.slots[i as usize].start = start;
            }
        }
        self.ids = ids;
        self.garbage = 0;
    }

    /// Newer first: later time, then larger id.
    pub(super) fn newer(&self, a: u16, b: u16) -> bool {
        (self.at(a), self.id(a)) > (self.at(b), self.id(b))
    }

    pub(super) fn same(&self, a: u16, b: u16) -> bool {
        self.at(a) == self.at(b) && self.id(a) == self.id(b)
    }

    /// Live slots with their citation counts.
    pub(super) fn live(&self) -> impl Iterator<Item = (u16, u32)> + '_ {
        (0..self.slots.len() as u16)
            .filter(|&i| !self.is_free(i))
            .map(|i| (i, self.slots[i as usize].refs()))
    }
}
