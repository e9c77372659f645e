//! Forgetting: a deleted message leaves the profile. The ledger keeps what each of the latest messages
//! contributed, so forgetting one of them rebuilds the interests without it; an older, settled message
//! can only have its sums subtracted.

use crate::error::profile::{ProfileError, ProfileErrorKind};
use crate::profile::entry::{decay, retain_entries, Entry};
use crate::profile::ledger::{apply, order, settle_above, Record};
use crate::profile::log::NO_SLOT;
use crate::profile::receipt::{Forgotten, Receipt};
use crate::profile::InterestProfile;

impl InterestProfile {
    /// Removes what the message of `receipt` contributed.
    ///
    /// A message among the latest [`ledger_len`](Self::ledger_len) ingested is forgotten
    /// [`Exactly`](Forgotten::Exactly): afterwards the profile equals the one that never saw it —
    /// scores to within floating-point rounding (relative 1e-12 of the largest score it held), counts,
    /// first and last seen, surfaces and cited message ids exactly — provided the profile never
    /// reached its bound on entries (dropping weak interests is not undone). An older message is
    /// [`Settled`](Forgotten::Settled): its scores and counts are subtracted and its id is no longer
    /// cited, but first and last seen and surfaces stay. Forget a settled message once: a settled
    /// profile keeps sums only and cannot tell a second time.
    ///
    /// A receipt from a linked account's profile works on the profile it was merged into.
    ///
    /// # Errors
    /// [`ProfileErrorKind::UnknownReceipt`](crate::ProfileErrorKind::UnknownReceipt) when the message is
    /// neither in the ledger nor could have added to any settled interest (already forgotten, never
    /// ingested here, or a settled message that added no interest); the profile is unchanged.
    ///
    /// ```
    /// use chat_interests::{Classifier, Forgotten, InterestProfile, MessageContext, Policy, PolicyEngine};
    /// let (classifier, engine) = (Classifier::builtin(), PolicyEngine::new(Policy::announced_rollout()));
    /// let mut profile = InterestProfile::new("identity-1")?;
    /// let mut receipts = Vec::new();
    /// for (id, text) in [("m1", "cheap flights to Lisbon"), ("m2", "trail running shoes")] {
    ///     let ctx = MessageContext::builder().at("2026-01-10T12:00:00Z".parse()?).region("US".parse()?)
    ///         .surface("threads".parse()?).message_id(id).build();
    ///     let decision = engine.evaluate(&ctx, &classifier.classify(text, None));
    ///     receipts.push(profile.ingest(decision.allowed().unwrap()));
    /// }
    /// let before = profile.clone();
    /// assert_eq!(profile.forget(&receipts[1])?, Forgotten::Exactly);
    /// assert!(profile.top(10, "2026-01-11T00:00:00Z".parse()?).iter().all(|(id, _)| id.tier1().name() == "Travel"));
    /// assert_eq!(profile.messages(), 1);
    /// assert!(profile.forget(&receipts[1]).is_err()); // already forgotten
    /// assert_ne!(profile, before);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn forget(&mut self, receipt: &Receipt) -> Result<Forgotten, ProfileError> {
        let surface = receipt.surface.as_ref().map_or(0, |s| {
            self.surface_slots
                .iter()
                .position(|k| k == s)
                .map_or(0, |i| 1 << i)
        });
        let log = &self.log;
        let found = self.ledger.iter().position(|r| {
            r.at == receipt.at
                && r.surface == surface
                && (r.slot != NO_SLOT).then(|| log.id(r.slot)) == receipt.message_id()
                // Contributions later removed (a hidden topic, the bound) are gone from the record too.
                && r.interests.iter().all(|c| receipt.interests.contains(c))
        });
        match found {
            Some(i) => {
                let record = self.ledger.remove(i);
                if record.slot != NO_SLOT {
                    self.log.release(record.slot);
                }
                self.messages = self.messages.saturating_sub(1);
                self.drop_unused_surfaces();
                self.rebuild();
                Ok(Forgotten::Exactly)
            }
            None => self.forget_settled(receipt),
        }
    }

    /// Subtracts a settled message's scores and counts from the settled interests it could have added to.
    fn forget_settled(&mut self, receipt: &Receipt) -> Result<Forgotten, ProfileError> {
        let at = receipt.at;
        let could_have_added =
            |e: &Entry| e.first_seen <= at && at <= e.last_seen && e.messages > 0;
        let targets: Vec<usize> = receipt
            .interests
            .iter()
            .filter_map(|&(id, _)| self.settled.binary_search_by_key(&id, |e| e.id).ok())
            .filter(|&i| could_have_added(&self.settled[i]))
            .collect();
        // A settled message whose interests are all gone (it added none, or they were hidden since)
        // only counts; any settled message could be it.
        let only_counted = receipt.interests.iter().all(|&(id, _)| self.is_hidden(id));
        let any_settled = self.messages > self.ledger.len() as u64;
        if targets.is_empty() && only_counted && any_settled {
            self.messages -= 1;
            return Ok(Forgotten::Settled);
        }
        if targets.is_empty() {
            return Err(ProfileError::from(ProfileErrorKind::UnknownReceipt {
                message: receipt.message_id.clone(),
                at,
            }));
        }
        let hl = self.half_life_secs;
        for &i in &targets {
            let e = &mut self.settled[i];
            let score = receipt
                .interests
                .iter()
                .find(|c| c.0 == e.id)
                .map_or(0.0, |c| c.1 as f64);
            e.score = (e.score - decay(score, e.last_seen - at, hl)).max(0.0);
            e.messages -= 1;
            if let Some(id) = receipt.message_id() {
                uncite(e, at, id, &mut self.log);
            }
        }
        retain_entries(&mut self.settled, &mut self.log, |e| e.messages > 0);
        self.messages = self.messages.saturating_sub(1);
        self.rebuild();
        Ok(Forgotten::Settled)
    }

    /// Adds an ingested message's record to the ledger, settling the oldest when it is full.
    pub(super) fn record(&mut self, record: Record) {
        let hl = self.half_life_secs;
        if self.ledger_len == 0 {
            // No ledger: the message settles at once (entries and settled take the same steps).
            apply(&mut self.settled, &mut self.log, &record, hl);
            apply(&mut self.entries, &mut self.log, &record, hl);
            self.settled_surfaces |= record.surface;
            if record.slot != NO_SLOT {
                self.log.release(record.slot);
            }
            return;
        }
        let log = &self.log;
        let in_order = self
            .ledger
            .last()
            .map_or(true, |last| order(last, &record, log).is_le());
        if in_order {
            apply(&mut self.entries, &mut self.log, &record, hl);
            self.ledger.push(record);
        } else {
            let at = self
                .ledger
                .partition_point(|r| order(r, &record, log).is_le());
            self.ledger.insert(at, record);
            self.rebuild();
        }
        if self.ledger.len() > settle_above(self.ledger_len) {
            self.settle();
        }
    }

    /// Folds the oldest records beyond the ledger's length into the settled interests.
    pub(super) fn settle(&mut self) {
        let n = self.ledger.len().saturating_sub(self.ledger_len);
        let hl = self.half_life_secs;
        for record in self.ledger.drain(..n) {
            apply(&mut self.settled, &mut self.log, &record, hl);
            self.settled_surfaces |= record.surface;
            if record.slot != NO_SLOT {
                self.log.release(record.slot);
            }
        }
        self.rebuild();
    }

    /// Sorts the ledger into ledger order.
    pub(super) fn sort_ledger(&mut self) {
        let log = &self.log;
        self.ledger.sort_by(|a, b| order(a, b, log));
    }

    /// The interests as the settled ones with the ledger replayed on top.
    pub(super) fn rebuild(&mut self) {
        // Entries cite only what settled interests or ledger records cite too, so no slot is freed here.
        for e in &self.entries {
            for &r in e.recent.iter().filter(|&&r| r != NO_SLOT) {
                self.log.release(r);
            }
        }
        let mut entries = self.settled.clone();
        for e in &entries {
            for &r in e.recent.iter().filter(|&&r| r != NO_SLOT) {
                self.log.cite(r);
            }
        }
        for record in &self.ledger {
            apply(&mut entries, &mut self.log, record, self.half_life_secs);
        }
        self.entries = entries;
    }

    /// Removes surfaces that no settled message and no ledger record came from any more, renumbering
    /// the rest, so that a forgotten message's surface leaves the profile with it.
    fn drop_unused_surfaces(&mut self) {
        let used = self
            .ledger
            .iter()
            .fold(self.settled_surfaces, |m, r| m | r.surface);
        let all = (1u64 << self.surface_slots.len()) - 1;
        if u64::from(used) & all == all {
            return;
        }
        let mut map = [0u32; 32];
        let mut kept = Vec::new();
        for (b, s) in std::mem::take(&mut self.surface_slots)
            .into_iter()
            .enumerate()
        {
            if used & (1 << b) != 0 {
                map[b] = 1 << kept.len();
                kept.push(s);
            }
        }
        let renumber = |mask: u32| -> u32 {
            (0..32)
                .filter(|b| mask & (1 << b) != 0)
                .fold(0, |m, b| m | map[b])
        };
        self.surface_slots = kept;
        self.settled_surfaces = renumber(self.settled_surfaces);
        for e in &mut self.settled {
            e.surfaces = renumber(e.surfaces);
        }
        for r in &mut self.ledger {
            r.surface = renumber(r.surface);
        }
        // Ledger order ties on surface bits, which have changed.
        self.sort_ledger();
    }

    /// Number of the latest ingested messages this profile can forget exactly (see
    /// [`forget`](Self::forget)); older ones are settled in batches of half of it (so up to 1.5 times as many are kept).
    pub fn ledger_len(&self) -> usize {
        self.ledger_len
    }

    /// Messages the profile can currently forget exactly.
    pub fn ledger_messages(&self) -> usize {
        self.ledger.len()
    }
}

/// Drops `e`'s citation of message `id` at `at`, if it cites it.
fn uncite(e: &mut Entry, at: i64, id: &str, log: &mut crate::profile::log::MessageLog) {
    let Some(pos) = e
        .recent
        .iter()
        .position(|&r| r != NO_SLOT && log.at(r) == at && log.id(r) == id)
    else {
        return;
    };
    log.release(e.recent[pos]);
    e.recent[pos..].rotate_left(1);
    if let Some(last) = e.recent.last_mut() {
        *last = NO_SLOT;
    }
}
