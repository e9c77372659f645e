//! The ledger of a profile: what each of its latest messages contributed, kept so that a message can
//! be forgotten exactly. Older messages are *settled*: folded into the settled interests, where only
//! their sums remain.
//!
//! A profile's interests are always the settled interests with the ledger replayed on top, in ledger
//! order, so the same settled interests and ledger give the same profile to the bit, however they were
//! reached (ingests in order, a rebuild after a forget, or a read from storage).

use std::cmp::Ordering;

use crate::profile::entry::{entry_or_new, Entry};
use crate::profile::log::{MessageLog, NO_SLOT};
use crate::taxonomy::InterestId;

/// Default number of latest messages a profile can forget exactly.
pub(crate) const DEFAULT_LEDGER_LEN: usize = 256;
/// Largest ledger a profile may keep.
pub(crate) const MAX_LEDGER_LEN: usize = 65_536;

/// What one ingested message contributed: its time, its cited id (a log slot, [`NO_SLOT`] without
/// id), its surface bit (0 when none or not kept) and its interests with their scores. No text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Record {
    pub(super) at: i64,
    pub(super) slot: u16,
    pub(super) surface: u32,
    pub(super) interests: Vec<(InterestId, f32)>,
}

/// Messages beyond the ledger's length are settled in batches of half of it, so that the cost of
/// rebuilding the interests is spread over many ingests.
pub(super) fn settle_above(len: usize) -> usize {
    if len == 0 {
        0
    } else {
        len + (len / 2).max(1)
    }
}

/// Ledger order: by time, then message id, then contributions; the replay order that makes a profile
/// a function of its settled interests and its ledger.
pub(super) fn order(a: &Record, b: &Record, log: &MessageLog) -> Ordering {
    let id = |r: &Record| (r.slot != NO_SLOT).then(|| log.id(r.slot));
    a.at.cmp(&b.at)
        .then_with(|| id(a).cmp(&id(b)))
        .then_with(|| a.surface.cmp(&b.surface))
        .then_with(|| {
            let key = |r: &Record| -> Vec<(InterestId, u32)> {
                r.interests.iter().map(|&(i, s)| (i, s.to_bits())).collect()
            };
            key(a).cmp(&key(b))
        })
}

/// Adds what `record` contributed to `entries` (sorted by id), citing its message.
pub(super) fn apply(entries: &mut Vec<Entry>, log: &mut MessageLog, record: &Record, hl: u64) {
    for &(id, score) in &record.interests {
        let e = entry_or_new(entries, id, record.at);
        e.add(score as f64, record.at, hl);
        e.messages = e.messages.saturating_add(1);
        e.surfaces |= record.surface;
        if record.slot != NO_SLOT {
            e.cite(record.slot, log);
        }
    }
}
