//! Per-person interest profiles: what allowed messages contributed, decaying over time.
//!
//! A profile stores interest ids, scores, counts, times, surfaces and message ids — never text.
//! It deserializes only through validation ([`format`]), so a profile read from storage cannot hold a
//! sensitive or unknown id, a bad score, too many entries or impossible times. Its interests are
//! [`entry`] values; the message ids they cite live once in its [`log`].

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::profile::{ProfileError, ProfileErrorKind};
use crate::message_id::{id_problem, MessageId};
use crate::policy::decision::Allowed;
use crate::surface::Surface;
use crate::taxonomy::{InterestId, Topic};
use crate::time::{Timestamp, SUPPORTED_UNIX_SECONDS};

mod entry;
pub(crate) mod explain;
mod forget;
mod format;
mod ledger;
mod log;
pub(crate) mod receipt;
mod see_less;

use entry::{entry_or_new, has_bit, retain_entries, utc, Entry};
use explain::Explanation;
use format::ProfileData;
use ledger::{Record, DEFAULT_LEDGER_LEN, MAX_LEDGER_LEN};
use log::{MessageLog, NO_SLOT};
use receipt::Receipt;
use see_less::SeeLess;

/// The serialized format version this crate writes; it also reads versions 1 to 3.
pub(crate) const FORMAT_VERSION: u32 = 4;
/// Default half-life of a score: 30 days.
pub(crate) const DEFAULT_HALF_LIFE_SECS: u64 = 30 * 86_400;
/// Default bound on the number of interests a profile holds.
pub(crate) const DEFAULT_MAX_ENTRIES: usize = 256;
/// Message ids kept per interest for explanations (the latest ones).
pub(crate) const RECENT_MESSAGES: usize = 3;
/// Longest profile key, in bytes.
pub(crate) const MAX_KEY_LEN: usize = 256;

const MIN_HALF_LIFE_SECS: u64 = 3_600;
const MAX_HALF_LIFE_SECS: u64 = 10 * 365 * 86_400;
const MAX_MAX_ENTRIES: usize = 65_536;

/// Distinct surfaces a profile keeps (and attributes to its interests); messages from later ones still
/// count, but their surface is not kept.
pub(crate) const MAX_SURFACES: usize = 32;

/// One person's interests.
///
/// Keyed by the linked identity when the account is linked, else by the account ([`InterestProfile::key_for`]).
/// Scores decay with a half-life (default 30 days); [`merge`](InterestProfile::merge) is commutative and
/// associative (up to floating-point rounding) while the profiles stay under their bound.
///
/// Scores are `f64`; for an exact JSON round trip use serde_json's `float_roundtrip` feature.
///
/// ```
/// use chat_interests::{Classifier, InterestProfile, MessageContext, Policy, PolicyEngine, Topic};
/// let classifier = Classifier::builtin();
/// let engine = PolicyEngine::new(Policy::announced_rollout());
/// let mut profile = InterestProfile::new("identity-42")?;
///
/// let ctx = MessageContext::builder()
///     .at("2026-01-10T12:00:00Z".parse()?).region("US".parse()?).age(30)
///     .surface("instagram".parse()?).message_id("m1").build();
/// let decision = engine.evaluate(&ctx, &classifier.classify("cheap flights to Lisbon and a hotel near the beach", None));
/// if let Some(allowed) = decision.allowed() {
///     profile.ingest(allowed);
/// }
/// let top = profile.top(5, "2026-02-09T12:00:00Z".parse()?);
/// assert_eq!(top[0].0.tier1().name(), "Travel");
/// let why = profile.explain(top[0].0, "2026-02-09T12:00:00Z".parse()?).unwrap();
/// assert_eq!(why.recent_messages(), ["m1"]);
///
/// let json = serde_json::to_string(&profile)?;
/// assert_eq!(serde_json::from_str::<InterestProfile>(&json)?, profile);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "ProfileData", into = "ProfileData")]
pub struct InterestProfile {
    key: String,
    half_life_secs: u64,
    max_entries: usize,
    messages: u64,
    hidden: BTreeSet<Topic>,
    see_less: SeeLess,
    /// The interests as read: `settled` with `ledger` replayed on top. Sorted by id.
    entries: Vec<Entry>,
    /// What the settled messages (those no longer in the ledger) added. Sorted by id.
    settled: Vec<Entry>,
    /// What each of the latest messages added, in ledger order (see [`ledger`]).
    ledger: Vec<Record>,
    ledger_len: usize,
    /// Bits of the surfaces settled messages came from.
    settled_surfaces: u32,
    /// Every surface a settled message or a ledger record came from, in order of first appearance;
    /// entries cite the first [`MAX_SURFACES`] by bit.
    surface_slots: Vec<Surface>,
    log: MessageLog,
}

fn check_key(key: &str) -> Result<(), ProfileError> {
    match id_problem(key, MAX_KEY_LEN) {
        None => Ok(()),
        Some(problem) => Err(ProfileError::from(ProfileErrorKind::Field {
            field: "key",
            message: format!(
                "{problem}: a key is 1 to {MAX_KEY_LEN} bytes, not blank, without control or invisible characters"
            ),
        })),
    }
}

impl InterestProfile {
    /// The serialized format version this crate writes; it also reads versions 1 to 3.
    pub const FORMAT_VERSION: u32 = FORMAT_VERSION;
    /// Default number of latest messages a profile can forget exactly ([`forget`](Self::forget)).
    pub const DEFAULT_LEDGER_LEN: usize = DEFAULT_LEDGER_LEN;
    /// Default half-life of a score: 30 days.
    pub const DEFAULT_HALF_LIFE_SECS: u64 = DEFAULT_HALF_LIFE_SECS;
    /// Default bound on the number of interests a profile holds.
    pub const DEFAULT_MAX_ENTRIES: usize = DEFAULT_MAX_ENTRIES;
    /// Message ids kept per interest for explanations (the latest ones).
    pub const RECENT_MESSAGES: usize = RECENT_MESSAGES;
    /// Longest profile key, in bytes.
    pub const MAX_KEY_LEN: usize = MAX_KEY_LEN;
    /// Distinct surfaces a profile can attribute to its interests (in explanations); later ones count
    /// for the profile but are not tied to interests.
    pub const MAX_SURFACES: usize = MAX_SURFACES;

    /// An empty profile with the default half-life and bound.
    ///
    /// # Errors
    /// [`ProfileErrorKind::Field`](crate::ProfileErrorKind::Field) when the key is blank or longer than [`MAX_KEY_LEN`](Self::MAX_KEY_LEN) bytes.
    pub fn new(key: &str) -> Result<Self, ProfileError> {
        Self::with_settings(key, DEFAULT_HALF_LIFE_SECS, DEFAULT_MAX_ENTRIES)
    }

    /// An empty profile with a half-life (1 hour to 10 years) and a bound on entries (1 to 65,536).
    ///
    /// # Errors
    /// [`ProfileErrorKind::Field`](crate::ProfileErrorKind::Field) for a bad key, [`ProfileErrorKind::Config`](crate::ProfileErrorKind::Config) for a setting out of range.
    ///
    /// ```
    /// use chat_interests::InterestProfile;
    /// let p = InterestProfile::with_settings("acct-1", 7 * 86_400, 64)?;
    /// assert_eq!(p.half_life_secs(), 604_800);
    /// assert!(InterestProfile::with_settings("acct-1", 0, 64).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_settings(
        key: &str,
        half_life_secs: u64,
        max_entries: usize,
    ) -> Result<Self, ProfileError> {
        check_key(key)?;
        if !(MIN_HALF_LIFE_SECS..=MAX_HALF_LIFE_SECS).contains(&half_life_secs) {
            return Err(ProfileError::from(ProfileErrorKind::Config {
                setting: "half_life_secs",
                message: format!(
                    "{half_life_secs} is not between {MIN_HALF_LIFE_SECS} and {MAX_HALF_LIFE_SECS}"
                ),
            }));
        }
        if !(1..=MAX_MAX_ENTRIES).contains(&max_entries) {
            return Err(ProfileError::from(ProfileErrorKind::Config {
                setting: "max_entries",
                message: format!("{max_entries} is not between 1 and {MAX_MAX_ENTRIES}"),
            }));
        }
        Ok(Self {
            key: key.to_owned(),
            half_life_secs,
            max_entries,
            messages: 0,
            hidden: BTreeSet::new(),
            see_less: SeeLess::new(),
            entries: Vec::new(),
            settled: Vec::new(),
            ledger: Vec::new(),
            ledger_len: DEFAULT_LEDGER_LEN,
            settled_surfaces: 0,
            surface_slots: Vec::new(),
            log: MessageLog::default(),
        })
    }

    /// The same empty profile, able to forget exactly the latest `ledger_len` messages (0 to 65,536;
    /// default [`DEFAULT_LEDGER_LEN`](Self::DEFAULT_LEDGER_LEN)). Each kept message costs about 40
    /// bytes plus 8 per interest it added, in memory and stored; 0 keeps none (every
    /// [`forget`](Self::forget) is then [`Settled`](crate::Forgotten::Settled)).
    ///
    /// # Errors
    /// [`ProfileErrorKind::Config`](crate::ProfileErrorKind::Config) when the length is out of range or
    /// the profile is not empty.
    ///
    /// ```
    /// use chat_interests::InterestProfile;
    /// let p = InterestProfile::new("acct-1")?.with_ledger_len(1_000)?;
    /// assert_eq!(p.ledger_len(), 1_000);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_ledger_len(mut self, ledger_len: usize) -> Result<Self, ProfileError> {
        if ledger_len > MAX_LEDGER_LEN || self.messages > 0 {
            return Err(ProfileError::from(ProfileErrorKind::Config {
                setting: "ledger_len",
                message: format!(
                    "{ledger_len}: the ledger length is 0 to {MAX_LEDGER_LEN}, set on an empty profile"
                ),
            }));
        }
        self.ledger_len = ledger_len;
        Ok(self)
    }

    /// The key a message's profile is stored under: the linked identity when there is one, else the
    /// account. An identity or account that is no valid key ([`is_valid_key`](Self::is_valid_key):
    /// blank, invisible, with control characters, too long) is none: `"\u{200B}"` links nothing.
    ///
    /// ```
    /// use chat_interests::InterestProfile;
    /// assert_eq!(InterestProfile::key_for(Some("acct-9"), Some("id-1")), Some("id-1"));
    /// assert_eq!(InterestProfile::key_for(Some("acct-9"), None), Some("acct-9"));
    /// assert_eq!(InterestProfile::key_for(Some("acct-9"), Some("\u{2060}\u{2060}")), Some("acct-9"));
    /// assert_eq!(InterestProfile::key_for(None, Some(" ")), None);
    /// ```
    pub fn key_for<'a>(account: Option<&'a str>, identity: Option<&'a str>) -> Option<&'a str> {
        let usable = |s: &&str| Self::is_valid_key(s);
        identity.filter(usable).or(account.filter(usable))
    }

    /// Whether `key` can key a profile (and so be an identity or account): 1 to
    /// [`MAX_KEY_LEN`](Self::MAX_KEY_LEN) bytes, not blank, no control or invisible characters.
    pub fn is_valid_key(key: &str) -> bool {
        check_key(key).is_ok()
    }

    /// The key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The half-life of scores, in seconds.
    pub fn half_life_secs(&self) -> u64 {
        self.half_life_secs
    }

    /// The bound on entries.
    pub fn max_entries(&self) -> usize {
        self.max_entries
    }

    /// Allowed messages ingested.
    pub fn messages(&self) -> u64 {
        self.messages
    }

    /// Surfaces those messages came from, sorted.
    pub fn surfaces(&self) -> Vec<&Surface> {
        let mut v: Vec<&Surface> = self.surface_slots.iter().collect();
        v.sort();
        v
    }

    /// Number of interests held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no interest.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The latest time any interest was seen.
    pub fn last_seen(&self) -> Option<Timestamp> {
        self.entries.iter().map(|e| e.last_seen).max().map(utc)
    }

    /// Topics the person has hidden.
    pub fn hidden_topics(&self) -> &BTreeSet<Topic> {
        &self.hidden
    }

    fn is_hidden(&self, id: InterestId) -> bool {
        self.hidden.iter().any(|t| id.is_within(*t))
    }

    fn entry(&self, id: InterestId) -> Option<&Entry> {
        let i = self.entries.binary_search_by_key(&id, |e| e.id).ok()?;
        self.entries.get(i)
    }

    /// The bit of `surface` in entries (none beyond the first [`MAX_SURFACES`]), adding the surface to
    /// the profile's.
    fn surface_bit(&mut self, surface: &Surface) -> u32 {
        match self.surface_slots.iter().position(|s| s == surface) {
            Some(i) => 1 << i,
            // Bounded like every other list: a surface beyond the first MAX_SURFACES still counts
            // the message, but is not kept.
            None if self.surface_slots.len() >= MAX_SURFACES => 0,
            None => {
                self.surface_slots.push(surface.clone());
                1 << (self.surface_slots.len() - 1)
            }
        }
    }

    /// Adds what an allowed message contributes, and returns its [`Receipt`]: what the host keeps to
    /// [`forget`](Self::forget) the message later. Topics hidden in this profile are skipped. Counts
    /// saturate. An `Allowed` only exists for a time the profile can store (the policy denies others
    /// as `time_unknown`), so every ingested profile can be read back.
    pub fn ingest(&mut self, allowed: &Allowed) -> Receipt {
        let at = allowed.at().unix_seconds();
        let mut interests: Vec<(InterestId, f32)> = allowed
            .interests()
            .iter()
            .filter(|s| !self.is_hidden(s.id()))
            .map(|s| (s.id(), s.score()))
            .collect();
        interests.sort_by_key(|&(id, _)| id);
        let receipt = Receipt {
            message_id: allowed
                .message_id()
                .map(|m| MessageId::bounded(m).to_owned()),
            at,
            surface: allowed.surface().cloned(),
            interests,
        };
        if !SUPPORTED_UNIX_SECONDS.contains(&at) {
            debug_assert!(false, "a policy allowed a time outside the supported range");
            return receipt;
        }
        self.messages = self.messages.saturating_add(1);
        let surface = allowed.surface().map_or(0, |s| self.surface_bit(s));
        let slot = receipt.message_id.as_deref().map_or(NO_SLOT, |id| {
            let slot = self.log.add(at, id);
            // The ledger record's own citation.
            self.log.cite(slot);
            slot
        });
        self.record(Record {
            at,
            slot,
            surface,
            interests: receipt.interests.clone(),
        });
        self.enforce_bound();
        receipt
    }

    /// Hides a topic and its subtree: its entries are deleted and never come back.
    pub fn hide_topic(&mut self, topic: Topic) {
        self.hidden.insert(topic);
        self.retain(|id| !id.is_within(topic));
    }

    /// Keeps the interests `keep` accepts, in the entries, the settled interests and the ledger,
    /// releasing the message ids the others cite.
    fn retain(&mut self, mut keep: impl FnMut(InterestId) -> bool) {
        for list in [&mut self.entries, &mut self.settled] {
            retain_entries(list, &mut self.log, |e| keep(e.id));
        }
        for r in &mut self.ledger {
            r.interests.retain(|&(id, _)| keep(id));
        }
    }

    /// Merges another profile (a linked account's) into this one. The key stays this profile's;
    /// the bound becomes the smaller of the two.
    ///
    /// # Errors
    /// [`ProfileErrorKind::HalfLifeMismatch`](crate::ProfileErrorKind::HalfLifeMismatch) when the half-lives differ.
    pub fn merge(&mut self, other: &InterestProfile) -> Result<(), ProfileError> {
        if self.half_life_secs != other.half_life_secs {
            return Err(ProfileError::from(ProfileErrorKind::HalfLifeMismatch {
                left: self.half_life_secs,
                right: other.half_life_secs,
            }));
        }
        self.max_entries = self.max_entries.min(other.max_entries);
        self.ledger_len = self.ledger_len.min(other.ledger_len);
        self.messages = self.messages.saturating_add(other.messages);
        self.hidden.extend(other.hidden.iter().copied());
        see_less::merge(&mut self.see_less, &other.see_less);
        // The other's surface bits and log slots, translated into this profile's.
        let bits: Vec<u32> = other
            .surface_slots
            .iter()
            .map(|s| self.surface_bit(s))
            .collect();
        let translate = |mask: u32| -> u32 {
            bits.iter()
                .enumerate()
                .filter(|(b, _)| has_bit(mask, *b))
                .fold(0, |m, (_, bit)| m | bit)
        };
        self.settled_surfaces |= translate(other.settled_surfaces);
        let mut slots: Vec<Option<u16>> = vec![None; other.log.slots.len()];
        let hl = self.half_life_secs;
        for o in &other.settled {
            let e = entry_or_new(&mut self.settled, o.id, o.first_seen);
            e.add(o.score, o.last_seen, hl);
            e.first_seen = e.first_seen.min(o.first_seen);
            e.messages = e.messages.saturating_add(o.messages);
            e.surfaces |= translate(o.surfaces);
            for &r in o.recent.iter().filter(|&&r| r != NO_SLOT) {
                let (at, id) = (other.log.at(r), other.log.id(r));
                // The slot made for `r` earlier in this merge, unless it has been freed since (every
                // entry that cited it dropped it) and perhaps reused for another message.
                let slot = match slots[r as usize] {
                    Some(s)
                        if !self.log.is_free(s) && self.log.at(s) == at && self.log.id(s) == id =>
                    {
                        s
                    }
                    _ => {
                        let s = self.log.add(at, id);
                        slots[r as usize] = Some(s);
                        s
                    }
                };
                e.cite(slot, &mut self.log);
            }
        }
        for slot in slots.into_iter().flatten() {
            self.log.release_if_unused(slot);
        }
        for r in &other.ledger {
            let slot = if r.slot == NO_SLOT {
                NO_SLOT
            } else {
                let slot = self.log.add(r.at, other.log.id(r.slot));
                self.log.cite(slot);
                slot
            };
            self.ledger.push(Record {
                at: r.at,
                slot,
                surface: translate(r.surface),
                interests: r.interests.clone(),
            });
        }
        self.sort_ledger();
        let hidden = self.hidden.clone();
        self.retain(|id| !hidden.iter().any(|t| id.is_within(*t)));
        // Settling rebuilds the interests; without it they are rebuilt here.
        if self.ledger.len() > self.ledger_len {
            self.settle();
        } else {
            self.rebuild();
        }
        self.enforce_bound();
        Ok(())
    }

    /// Drops the weakest entries (scored at the latest time seen) beyond the bound.
    fn enforce_bound(&mut self) {
        if self.entries.len() <= self.max_entries {
            return;
        }
        let Some(now) = self.last_seen() else { return };
        let hl = self.half_life_secs;
        let mut ranked: Vec<(f64, InterestId)> = self
            .entries
            .iter()
            .map(|e| (e.score_at(now, hl), e.id))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let dropped: BTreeSet<InterestId> =
            ranked.drain(self.max_entries..).map(|(_, id)| id).collect();
        self.retain(|id| !dropped.contains(&id));
    }

    /// The `k` strongest interests, scored as of `as_of`, best first (ties by id). An entry is decayed
    /// by the time between `as_of` and its latest message in either direction, so asking about a
    /// moment before a message weighs that message by how far ahead it lies; a topic the person sees
    /// less of ([`see_less`](Self::see_less)) is scored times its factor.
    pub fn top(&self, k: usize, as_of: Timestamp) -> Vec<(InterestId, f64)> {
        let mut v: Vec<(InterestId, f64)> = self
            .entries
            .iter()
            .filter(|e| !self.is_hidden(e.id))
            .map(|e| (e.id, self.read_score(e, as_of)))
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(k);
        v
    }

    /// Why `id` is in the profile, or `None` when it is not (or is hidden).
    pub fn explain(&self, id: InterestId, as_of: Timestamp) -> Option<Explanation> {
        if self.is_hidden(id) {
            return None;
        }
        let e = self.entry(id)?;
        let mut surfaces: Vec<Surface> = self
            .surface_slots
            .iter()
            .enumerate()
            .filter(|(b, _)| has_bit(e.surfaces, *b))
            .map(|(_, s)| s.clone())
            .collect();
        surfaces.sort();
        Some(Explanation {
            interest: id,
            score: self.read_score(e, as_of),
            see_less_factor: see_less::factor(&self.see_less, id),
            messages: e.messages as u64,
            first_seen: utc(e.first_seen),
            last_seen: utc(e.last_seen),
            surfaces,
            recent_messages: self.recent(e).map(|(_, m)| m.to_owned()).collect(),
        })
    }

    /// `e`'s score as read at `as_of`: decayed, times its "see less" factor.
    fn read_score(&self, e: &Entry, as_of: Timestamp) -> f64 {
        e.score_at(as_of, self.half_life_secs) * see_less::factor(&self.see_less, e.id)
    }

    /// The message ids `e` cites, newest first, with their times.
    fn recent<'a>(&'a self, e: &'a Entry) -> impl Iterator<Item = (i64, &'a str)> + 'a {
        e.recent
            .iter()
            .filter(|&&r| r != NO_SLOT)
            .map(|&r| (self.log.at(r), self.log.id(r)))
    }
}

/// Equal when they hold the same settings, counts, surfaces, hidden topics and interests, whatever
/// the internal numbering of surfaces and message ids.
impl PartialEq for InterestProfile {
    fn eq(&self, other: &Self) -> bool {
        let entry = |p: &'_ InterestProfile, e: &Entry| {
            let surfaces: BTreeSet<&Surface> = p
                .surface_slots
                .iter()
                .enumerate()
                .filter(|(b, _)| has_bit(e.surfaces, *b))
                .map(|(_, s)| s)
                .collect();
            let recent: Vec<(i64, String)> = p.recent(e).map(|(t, m)| (t, m.to_owned())).collect();
            (
                e.id,
                e.score.to_bits(),
                e.messages,
                e.first_seen,
                e.last_seen,
                surfaces.into_iter().cloned().collect::<Vec<_>>(),
                recent,
            )
        };
        self.key == other.key
            && self.half_life_secs == other.half_life_secs
            && self.max_entries == other.max_entries
            && self.ledger_len == other.ledger_len
            && self.messages == other.messages
            && self.surfaces() == other.surfaces()
            && self.hidden == other.hidden
            && self.see_less == other.see_less
            && self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|(a, b)| entry(self, a) == entry(other, b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Classifier, MessageContext, Policy, PolicyEngine};

    /// Slots cited by entries, settled interests and ledger records, with repeats.
    fn citations(p: &InterestProfile) -> Vec<u16> {
        p.entries
            .iter()
            .chain(&p.settled)
            .flat_map(|e| e.recent)
            .chain(p.ledger.iter().map(|r| r.slot))
            .filter(|&r| r != NO_SLOT)
            .collect()
    }

    /// Every cited slot is live and counts exactly its citations; no live slot is uncited.
    fn assert_log_consistent(p: &InterestProfile) {
        let mut counts = vec![0u32; p.log.slots.len()];
        for r in citations(p) {
            assert!(!p.log.is_free(r), "cites freed slot {r}");
            counts[r as usize] += 1;
        }
        for (i, refs) in p.log.live() {
            assert_eq!(refs, counts[i as usize], "slot {i}");
            assert!(refs > 0, "live slot {i} is cited by nothing");
        }
    }

    #[test]
    fn merges_keep_the_message_log_consistent() {
        let classifier = Classifier::builtin();
        let engine = PolicyEngine::new(Policy::announced_rollout());
        let texts = [
            "cheap flights to Rome and a hotel",
            "new running shoes for the marathon",
            "a pasta recipe and a wine pairing",
            "flights to Rome, pasta and running",
        ];
        let profile = |name: &str, offset: i64, ids: &[&str]| {
            let mut p = InterestProfile::new(name).unwrap();
            for (i, id) in ids.iter().enumerate() {
                let ctx = MessageContext::builder()
                    .at(
                        Timestamp::from_unix_seconds(1_767_225_600 + offset + i as i64 * 600)
                            .unwrap(),
                    )
                    .region("US".parse().unwrap())
                    .age(30)
                    .surface("threads".parse().unwrap())
                    .message_id(id)
                    .build();
                let c = classifier.classify(texts[i % texts.len()], None);
                if let Some(a) = engine.evaluate(&ctx, &c).allowed() {
                    p.ingest(a);
                }
            }
            assert_log_consistent(&p);
            p
        };
        let ids: Vec<String> = (0..12).map(|i| format!("m{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        // Same ids at other times, the same ids at the same times, and interleaved times.
        for (offset_a, offset_b) in [(0, 300), (0, 0), (0, 3_600), (7_200, 0)] {
            let a = profile("a", offset_a, &ids);
            let b = profile("b", offset_b, &ids[3..]);
            let mut ab = a.clone();
            ab.merge(&b).unwrap();
            assert_log_consistent(&ab);
            let mut ba = b.clone();
            ba.merge(&a).unwrap();
            assert_log_consistent(&ba);
            let json = serde_json::to_string(&ab).unwrap();
            let back: InterestProfile = serde_json::from_str(&json).unwrap();
            assert_eq!(back, ab);
            assert_log_consistent(&back);
        }
    }

    #[test]
    fn the_message_log_holds_only_cited_ids_and_reuses_slots() {
        let classifier = Classifier::builtin();
        let engine = PolicyEngine::new(Policy::announced_rollout());
        let mut p = InterestProfile::with_settings("u", 86_400, 8).unwrap();
        let texts = [
            "cheap flights to Rome",
            "new running shoes",
            "a pasta recipe",
            "which laptop for gaming",
        ];
        for i in 0..2_000i64 {
            let ctx = MessageContext::builder()
                .at(Timestamp::from_unix_seconds(1_767_225_600 + i * 60).unwrap())
                .region("US".parse().unwrap())
                .age(30)
                .surface(
                    if i % 2 == 0 { "instagram" } else { "threads" }
                        .parse()
                        .unwrap(),
                )
                .message_id(&format!("m{i}"))
                .build();
            let c = classifier.classify(texts[i as usize % texts.len()], None);
            if let Some(a) = engine.evaluate(&ctx, &c).allowed() {
                p.ingest(a);
            }
        }
        assert_log_consistent(&p);
        let live = p.log.live().count();
        let cited = citations(&p).len();
        // Entries and settled interests cite at most RECENT_MESSAGES each, records one each.
        let bound = 2 * p.len() * RECENT_MESSAGES + p.ledger.len();
        assert!(live <= cited && cited <= bound, "{live} {cited} {bound}");
        assert!(p.log.slots.len() <= live + p.log.free.len());
        // Slots are reused: the log is bounded by what is cited at its peak, not by the messages.
        assert!(
            p.log.slots.len()
                <= 2 * p.len() * RECENT_MESSAGES + ledger::settle_above(DEFAULT_LEDGER_LEN) + 1,
            "{}",
            p.log.slots.len()
        );
        for r in citations(&p) {
            assert!(!p.log.is_free(r) && p.log.id(r).starts_with('m'));
        }
    }
}
