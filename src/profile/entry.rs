//! One interest of a profile: its decaying score, counts, times, surfaces and cited messages.

use crate::profile::log::{MessageLog, NO_SLOT};
use crate::profile::{MAX_SURFACES, RECENT_MESSAGES};
use crate::taxonomy::InterestId;
use crate::time::Timestamp;

/// One interest of a profile: 40 bytes, no heap. Times are Unix seconds (UTC); message ids live once in
/// the profile's message log and are cited here by slot.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// Score as of `last_seen`.
    pub(super) score: f64,
    pub(super) first_seen: i64,
    pub(super) last_seen: i64,
    pub(super) messages: u32,
    /// Bit `i`: a contributing message came from `surface_slots[i]`.
    pub(super) surfaces: u32,
    /// Log slots of the latest contributing messages, newest first; [`NO_SLOT`] when unused.
    pub(super) recent: [u16; RECENT_MESSAGES],
    pub(super) id: InterestId,
}

/// Whether surface bit `b` is set (bits beyond [`MAX_SURFACES`] never are).
pub(super) fn has_bit(mask: u32, b: usize) -> bool {
    b < MAX_SURFACES && mask & (1 << b) != 0
}

pub(super) fn decay(score: f64, seconds: i64, half_life_secs: u64) -> f64 {
    if seconds <= 0 {
        score
    } else {
        score * (-(seconds as f64) / half_life_secs as f64 * std::f64::consts::LN_2).exp()
    }
}

/// The entry of `id` in `entries` (sorted by id), added (first seen at `at`) if absent.
pub(super) fn entry_or_new(entries: &mut Vec<Entry>, id: InterestId, at: i64) -> &mut Entry {
    let i = match entries.binary_search_by_key(&id, |e| e.id) {
        Ok(i) => i,
        Err(i) => {
            entries.insert(i, Entry::new(id, at));
            i
        }
    };
    &mut entries[i]
}

/// Keeps the entries `keep` accepts, releasing the message ids the others cite.
pub(super) fn retain_entries(
    entries: &mut Vec<Entry>,
    log: &mut MessageLog,
    mut keep: impl FnMut(&Entry) -> bool,
) {
    entries.retain(|e| {
        let kept = keep(e);
        if !kept {
            e.recent
                .iter()
                .filter(|&&r| r != NO_SLOT)
                .for_each(|&r| log.release(r));
        }
        kept
    });
}

pub(super) fn utc(seconds: i64) -> Timestamp {
    // Stored times are validated to lie in 2000..2200, which a Timestamp always holds.
    Timestamp::from_unix_seconds(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Entry {
    pub(super) fn new(id: InterestId, at: i64) -> Self {
        Entry {
            score: 0.0,
            first_seen: at,
            last_seen: at,
            messages: 0,
            surfaces: 0,
            recent: [NO_SLOT; RECENT_MESSAGES],
            id,
        }
    }

    /// The score as of `at`, decayed by the time between `at` and the latest message, in either
    /// direction: evidence counts by its distance from the moment asked about, so a message dated far
    /// in the future weighs next to nothing today instead of keeping its full score until then.
    pub(super) fn score_at(&self, at: Timestamp, half_life: u64) -> f64 {
        let distance = at.unix_seconds().abs_diff(self.last_seen);
        decay(
            self.score,
            i64::try_from(distance).unwrap_or(i64::MAX),
            half_life,
        )
    }

    /// Adds `score` observed at `at`, keeping the stored score as of the latest time.
    pub(super) fn add(&mut self, score: f64, at: i64, half_life: u64) {
        if at >= self.last_seen {
            self.score = decay(self.score, at - self.last_seen, half_life) + score;
            self.last_seen = at;
        } else {
            self.score += decay(score, self.last_seen - at, half_life);
        }
        self.first_seen = self.first_seen.min(at);
    }

    /// Cites log slot `slot` among the latest messages, if it is one of them and not cited already.
    pub(super) fn cite(&mut self, slot: u16, log: &mut MessageLog) {
        let recent = &mut self.recent;
        if recent
            .iter()
            .any(|&r| r != NO_SLOT && (r == slot || log.same(r, slot)))
        {
            return;
        }
        let Some(pos) = recent
            .iter()
            .position(|&r| r == NO_SLOT || log.newer(slot, r))
        else {
            return;
        };
        if let Some(&dropped) = recent.last().filter(|&&r| r != NO_SLOT) {
            log.release(dropped);
        }
        recent[pos..].rotate_right(1);
        recent[pos] = slot;
        log.cite(slot);
    }
}
