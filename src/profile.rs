//! Per-person interest profiles: what allowed messages contributed, decaying over time.
//!
//! A profile stores interest ids, scores, counts, times, surfaces and message ids — never text.
//! It deserializes only through validation, so a profile read from storage cannot hold a sensitive
//! or unknown id, a bad score, too many entries or impossible times.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::classify::round4;
use crate::error::ProfileError;
use crate::policy::MAX_MESSAGE_ID_LEN;
use crate::{Allowed, InterestId, Surface, Timestamp, Topic};

/// The serialized format version this crate writes; it also reads version 1.
pub const FORMAT_VERSION: u32 = 2;
/// Default half-life of a score: 30 days.
pub const DEFAULT_HALF_LIFE_SECS: u64 = 30 * 86_400;
/// Default bound on the number of interests a profile holds.
pub const DEFAULT_MAX_ENTRIES: usize = 256;
/// Message ids kept per interest for explanations (the latest ones).
pub const RECENT_MESSAGES: usize = 3;
/// Longest profile key, in bytes.
pub const MAX_KEY_LEN: usize = 256;

const MIN_HALF_LIFE_SECS: u64 = 3_600;
const MAX_HALF_LIFE_SECS: u64 = 10 * 365 * 86_400;
const MAX_MAX_ENTRIES: usize = 65_536;
/// Times a stored profile may carry: 2000-01-01 to 2200-01-01 (UTC).
const EARLIEST: i64 = 946_684_800;
const LATEST: i64 = 7_258_118_400;

/// One interest of a profile: 40 bytes, no heap. Times are Unix seconds (UTC); message ids live once in
/// the profile's message log and are cited here by slot.
#[derive(Debug, Clone)]
struct Entry {
    /// Score as of `last_seen`.
    score: f64,
    first_seen: i64,
    last_seen: i64,
    messages: u32,
    /// Bit `i`: a contributing message came from `surface_slots[i]`.
    surfaces: u32,
    /// Log slots of the latest contributing messages, newest first; [`NO_SLOT`] when unused.
    recent: [u16; RECENT_MESSAGES],
    id: InterestId,
}

const NO_SLOT: u16 = u16::MAX;

/// Whether surface bit `b` is set (bits beyond [`MAX_SURFACES`] never are).
fn has_bit(mask: u32, b: usize) -> bool {
    b < MAX_SURFACES && mask & (1 << b) != 0
}
/// Distinct surfaces a profile can attribute to its interests (in explanations); later ones count for
/// the profile but are not tied to interests.
pub const MAX_SURFACES: usize = 32;

/// A message id cited by some entries: its time, where its bytes are in the log's string, and how
/// many entries cite it (16 bytes).
#[derive(Debug, Clone, Copy, Default)]
struct LogSlot {
    at: i64,
    start: u32,
    /// Length in bytes (low 8 bits; ids are at most 128 bytes) and citations (the rest).
    len_refs: u32,
}

impl LogSlot {
    fn len(self) -> usize {
        (self.len_refs & 0xff) as usize
    }

    fn refs(self) -> u32 {
        self.len_refs >> 8
    }
}

/// Message ids cited by entries, each stored once in one string; free slots are reused and the string
/// is compacted when most of it is garbage.
#[derive(Debug, Clone, Default)]
struct MessageLog {
    slots: Vec<LogSlot>,
    ids: String,
    free: Vec<u16>,
    /// Bytes of `ids` no slot uses.
    garbage: usize,
}

impl MessageLog {
    /// Logs a message id (at most [`MAX_MESSAGE_ID_LEN`] bytes, checked by the policy and on reading).
    fn add(&mut self, at: i64, id: &str) -> u16 {
        let mut len = id.len().min(MAX_MESSAGE_ID_LEN);
        while !id.is_char_boundary(len) {
            len -= 1;
        }
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

    fn at(&self, slot: u16) -> i64 {
        self.slots[slot as usize].at
    }

    fn id(&self, slot: u16) -> &str {
        let s = self.slots[slot as usize];
        self.ids
            .get(s.start as usize..s.start as usize + s.len())
            .unwrap_or_default()
    }

    fn cite(&mut self, slot: u16) {
        self.slots[slot as usize].len_refs += 1 << 8;
    }

    /// One citation fewer; the slot is freed with its last.
    fn release(&mut self, slot: u16) {
        let s = &mut self.slots[slot as usize];
        s.len_refs -= 1 << 8;
        self.release_if_unused(slot);
    }

    /// Frees `slot` if nothing cites it (a message that made no entry's latest).
    fn release_if_unused(&mut self, slot: u16) {
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

    fn is_free(&self, slot: u16) -> bool {
        self.slots[slot as usize].len_refs == u32::MAX
    }

    /// Rewrites `ids` with the live slots' bytes only.
    fn compact(&mut self) {
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
    fn newer(&self, a: u16, b: u16) -> bool {
        (self.at(a), self.id(a)) > (self.at(b), self.id(b))
    }

    fn same(&self, a: u16, b: u16) -> bool {
        self.at(a) == self.at(b) && self.id(a) == self.id(b)
    }

    /// Live slots with their citation counts.
    fn live(&self) -> impl Iterator<Item = (u16, u32)> + '_ {
        (0..self.slots.len() as u16)
            .filter(|&i| !self.is_free(i))
            .map(|i| (i, self.slots[i as usize].refs()))
    }
}

/// Why an interest is in a profile: counts, times, surfaces and message ids — never text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The interest.
    pub interest: InterestId,
    /// Its score at the time asked for.
    pub score: f64,
    /// How many allowed messages contributed to it.
    pub messages: u64,
    /// The first such message (UTC).
    pub first_seen: Timestamp,
    /// The latest such message (UTC).
    pub last_seen: Timestamp,
    /// The surfaces they came from.
    pub surfaces: Vec<Surface>,
    /// The latest message ids, newest first.
    pub recent_messages: Vec<String>,
}

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
/// let ctx = MessageContext::new()
///     .at("2026-01-10T12:00:00Z".parse()?).region("US".parse()?).age(30)
///     .surface("instagram".parse()?).message_id("m1");
/// let decision = engine.evaluate(&ctx, &classifier.classify("cheap flights to Lisbon and a hotel near the beach", None));
/// if let Some(allowed) = decision.allowed() {
///     profile.ingest(allowed);
/// }
/// let top = profile.top(5, "2026-02-09T12:00:00Z".parse()?);
/// assert_eq!(top[0].0.tier1().name(), "Travel");
/// let why = profile.explain(top[0].0, "2026-02-09T12:00:00Z".parse()?).unwrap();
/// assert_eq!(why.recent_messages, ["m1"]);
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
    /// Sorted by id.
    entries: Vec<Entry>,
    /// Every surface seen, in order of first appearance; entries cite the first [`MAX_SURFACES`] by bit.
    surface_slots: Vec<Surface>,
    log: MessageLog,
}

fn check_key(key: &str) -> Result<(), ProfileError> {
    if key.trim().is_empty() || key.len() > MAX_KEY_LEN {
        return Err(ProfileError::Field {
            field: "key",
            message: format!("must be 1 to {MAX_KEY_LEN} bytes and not blank"),
        });
    }
    Ok(())
}

fn decay(score: f64, seconds: i64, half_life_secs: u64) -> f64 {
    if seconds <= 0 {
        score
    } else {
        score * (-(seconds as f64) / half_life_secs as f64 * std::f64::consts::LN_2).exp()
    }
}

/// The entry of `id` in `entries` (sorted by id), added (first seen at `at`) if absent.
fn entry_or_new(entries: &mut Vec<Entry>, id: InterestId, at: i64) -> &mut Entry {
    let i = match entries.binary_search_by_key(&id, |e| e.id) {
        Ok(i) => i,
        Err(i) => {
            entries.insert(i, Entry::new(id, at));
            i
        }
    };
    &mut entries[i]
}

fn utc(seconds: i64) -> Timestamp {
    // Stored times are validated to lie in 2000..2200, which a Timestamp always holds.
    Timestamp::from_unix_seconds(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Entry {
    fn new(id: InterestId, at: i64) -> Self {
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

    fn score_at(&self, at: Timestamp, half_life: u64) -> f64 {
        decay(self.score, at.unix_seconds() - self.last_seen, half_life)
    }

    /// Adds `score` observed at `at`, keeping the stored score as of the latest time.
    fn add(&mut self, score: f64, at: i64, half_life: u64) {
        if at >= self.last_seen {
            self.score = decay(self.score, at - self.last_seen, half_life) + score;
            self.last_seen = at;
        } else {
            self.score += decay(score, self.last_seen - at, half_life);
        }
        self.first_seen = self.first_seen.min(at);
    }

    /// Cites log slot `slot` among the latest messages, if it is one of them and not cited already.
    fn cite(&mut self, slot: u16, log: &mut MessageLog) {
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

impl InterestProfile {
    /// An empty profile with the default half-life and bound.
    ///
    /// # Errors
    /// [`ProfileError::Field`] when the key is blank or longer than [`MAX_KEY_LEN`] bytes.
    pub fn new(key: &str) -> Result<Self, ProfileError> {
        Self::with_settings(key, DEFAULT_HALF_LIFE_SECS, DEFAULT_MAX_ENTRIES)
    }

    /// An empty profile with a half-life (1 hour to 10 years) and a bound on entries (1 to 65,536).
    ///
    /// # Errors
    /// [`ProfileError::Field`] for a bad key, [`ProfileError::Config`] for a setting out of range.
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
            return Err(ProfileError::Config {
                setting: "half_life_secs",
                message: format!(
                    "{half_life_secs} is not between {MIN_HALF_LIFE_SECS} and {MAX_HALF_LIFE_SECS}"
                ),
            });
        }
        if !(1..=MAX_MAX_ENTRIES).contains(&max_entries) {
            return Err(ProfileError::Config {
                setting: "max_entries",
                message: format!("{max_entries} is not between 1 and {MAX_MAX_ENTRIES}"),
            });
        }
        Ok(Self {
            key: key.to_owned(),
            half_life_secs,
            max_entries,
            messages: 0,
            hidden: BTreeSet::new(),
            entries: Vec::new(),
            surface_slots: Vec::new(),
            log: MessageLog::default(),
        })
    }

    /// The key a message's profile is stored under: the linked identity when there is one, else the account.
    ///
    /// ```
    /// use chat_interests::InterestProfile;
    /// assert_eq!(InterestProfile::key_for(Some("acct-9"), Some("id-1")), Some("id-1"));
    /// assert_eq!(InterestProfile::key_for(Some("acct-9"), None), Some("acct-9"));
    /// assert_eq!(InterestProfile::key_for(None, Some(" ")), None);
    /// ```
    pub fn key_for<'a>(account: Option<&'a str>, identity: Option<&'a str>) -> Option<&'a str> {
        let usable = |s: &&str| !s.trim().is_empty();
        identity.filter(usable).or(account.filter(usable))
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
        let i = match self.surface_slots.iter().position(|s| s == surface) {
            Some(i) => i,
            None => {
                self.surface_slots.push(surface.clone());
                self.surface_slots.len() - 1
            }
        };
        if i < MAX_SURFACES {
            1 << i
        } else {
            0
        }
    }

    /// Adds what an allowed message contributes. Topics hidden in this profile are skipped.
    pub fn ingest(&mut self, allowed: &Allowed) {
        self.messages += 1;
        let mut surface_bit = 0;
        if let Some(s) = allowed.surface() {
            surface_bit = self.surface_bit(s);
        }
        let at = allowed.at().unix_seconds();
        let slot = allowed.message_id().map(|id| self.log.add(at, id));
        let hl = self.half_life_secs;
        for s in allowed.interests() {
            if self.is_hidden(s.id) {
                continue;
            }
            let e = entry_or_new(&mut self.entries, s.id, at);
            e.add(s.score as f64, at, hl);
            e.messages = e.messages.saturating_add(1);
            e.surfaces |= surface_bit;
            if let Some(slot) = slot {
                e.cite(slot, &mut self.log);
            }
        }
        if let Some(slot) = slot {
            self.log.release_if_unused(slot);
        }
        self.enforce_bound();
    }

    /// Hides a topic and its subtree: its entries are deleted and never come back.
    pub fn hide_topic(&mut self, topic: Topic) {
        self.hidden.insert(topic);
        self.retain(|e| !e.id.is_within(topic));
    }

    /// Keeps the entries `keep` accepts, releasing the message ids the others cite.
    fn retain(&mut self, mut keep: impl FnMut(&Entry) -> bool) {
        let log = &mut self.log;
        self.entries.retain(|e| {
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

    /// Merges another profile (a linked account's) into this one. The key stays this profile's;
    /// the bound becomes the smaller of the two.
    ///
    /// # Errors
    /// [`ProfileError::HalfLifeMismatch`] when the half-lives differ.
    pub fn merge(&mut self, other: &InterestProfile) -> Result<(), ProfileError> {
        if self.half_life_secs != other.half_life_secs {
            return Err(ProfileError::HalfLifeMismatch(
                self.half_life_secs,
                other.half_life_secs,
            ));
        }
        self.max_entries = self.max_entries.min(other.max_entries);
        self.messages += other.messages;
        self.hidden.extend(other.hidden.iter().copied());
        // The other's surface bits and log slots, translated into this profile's.
        let bits: Vec<u32> = other
            .surface_slots
            .iter()
            .map(|s| self.surface_bit(s))
            .collect();
        let mut slots: Vec<Option<u16>> = vec![None; other.log.slots.len()];
        let hl = self.half_life_secs;
        for o in &other.entries {
            let e = entry_or_new(&mut self.entries, o.id, o.first_seen);
            e.add(o.score, o.last_seen, hl);
            e.first_seen = e.first_seen.min(o.first_seen);
            e.messages = e.messages.saturating_add(o.messages);
            for (b, bit) in bits.iter().enumerate() {
                if has_bit(o.surfaces, b) {
                    e.surfaces |= bit;
                }
            }
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
        let hidden = self.hidden.clone();
        self.retain(|e| !hidden.iter().any(|t| e.id.is_within(*t)));
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
        self.retain(|e| !dropped.contains(&e.id));
    }

    /// The `k` strongest interests, scored as of `as_of`, best first (ties by id).
    pub fn top(&self, k: usize, as_of: Timestamp) -> Vec<(InterestId, f64)> {
        let mut v: Vec<(InterestId, f64)> = self
            .entries
            .iter()
            .filter(|e| !self.is_hidden(e.id))
            .map(|e| (e.id, e.score_at(as_of, self.half_life_secs)))
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
            score: e.score_at(as_of, self.half_life_secs),
            messages: e.messages as u64,
            first_seen: utc(e.first_seen),
            last_seen: utc(e.last_seen),
            surfaces,
            recent_messages: self.recent(e).map(|(_, m)| m.to_owned()).collect(),
        })
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
            && self.messages == other.messages
            && self.surfaces() == other.surfaces()
            && self.hidden == other.hidden
            && self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|(a, b)| entry(self, a) == entry(other, b))
    }
}

/// The stored form, version 2: settings by name, then the cited surfaces and message ids once each,
/// then each interest as a compact array `[iab id, score, messages, first, last, surface bits,
/// [message slots]]`, times in seconds after `epoch` (Unix seconds, UTC). Version 1 (interests as
/// objects, `interests` instead of `entries`) is still read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileData {
    version: u32,
    key: String,
    half_life_secs: u64,
    max_entries: usize,
    messages: u64,
    #[serde(default)]
    surfaces: Vec<String>,
    #[serde(default)]
    hidden: Vec<String>,
    #[serde(default)]
    epoch: i64,
    /// Message ids entries cite: (seconds after epoch, id).
    #[serde(default)]
    log: Vec<(u64, String)>,
    #[serde(default)]
    entries: Vec<EntryV2>,
    /// Version 1 only.
    #[serde(default)]
    interests: Vec<EntryV1>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct EntryV2(String, f64, u64, u64, u64, u32, Vec<u32>);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryV1 {
    id: String,
    score: f64,
    messages: u64,
    first: i64,
    last: i64,
    #[serde(default)]
    surfaces: Vec<String>,
    #[serde(default)]
    recent: Vec<(i64, String)>,
}

impl From<InterestProfile> for ProfileData {
    fn from(p: InterestProfile) -> Self {
        let epoch = p
            .entries
            .iter()
            .map(|e| e.first_seen)
            .chain(p.log.live().map(|(i, _)| p.log.at(i)))
            .min()
            .unwrap_or(0);
        let delta = |t: i64| (t - epoch).max(0) as u64;
        // Only cited slots are written, renumbered in order.
        let mut renumber = vec![NO_SLOT; p.log.slots.len()];
        let mut log = Vec::new();
        for (i, refs) in p.log.live() {
            if refs > 0 {
                renumber[i as usize] = log.len() as u16;
                log.push((delta(p.log.at(i)), p.log.id(i).to_owned()));
            }
        }
        ProfileData {
            version: FORMAT_VERSION,
            epoch,
            // In order: entries cite them by position.
            surfaces: p.surface_slots.iter().map(|s| s.to_string()).collect(),
            hidden: p.hidden.iter().map(|t| t.iab_id().to_owned()).collect(),
            entries: p
                .entries
                .iter()
                .map(|e| {
                    EntryV2(
                        e.id.iab_id().to_owned(),
                        e.score,
                        e.messages as u64,
                        delta(e.first_seen),
                        delta(e.last_seen),
                        e.surfaces,
                        e.recent
                            .iter()
                            .filter(|&&r| r != NO_SLOT)
                            .map(|&r| renumber[r as usize] as u32)
                            .collect(),
                    )
                })
                .collect(),
            log,
            interests: Vec::new(),
            key: p.key,
            half_life_secs: p.half_life_secs,
            max_entries: p.max_entries,
            messages: p.messages,
        }
    }
}

fn field(field: &'static str, message: String) -> ProfileError {
    ProfileError::Field { field, message }
}

fn surface_list(names: &[String]) -> Result<Vec<Surface>, ProfileError> {
    names
        .iter()
        .map(|s| s.parse().map_err(|e| field("surfaces", format!("{e}"))))
        .collect()
}

/// An interest as read, before it is checked.
struct RawEntry {
    id: String,
    score: f64,
    messages: u64,
    first: i64,
    last: i64,
    surfaces: Vec<Surface>,
    recent: Vec<(i64, String)>,
}

impl TryFrom<ProfileData> for InterestProfile {
    type Error = ProfileError;

    fn try_from(d: ProfileData) -> Result<Self, ProfileError> {
        // The profile's surfaces, in order: version 2 entries cite them by position.
        let surfaces = surface_list(&d.surfaces)?;
        let raw: Vec<RawEntry> = match d.version {
            1 if d.entries.is_empty() && d.log.is_empty() => d
                .interests
                .into_iter()
                .map(|e| {
                    Ok(RawEntry {
                        surfaces: surface_list(&e.surfaces)?,
                        id: e.id,
                        score: e.score,
                        messages: e.messages,
                        first: e.first,
                        last: e.last,
                        recent: e.recent,
                    })
                })
                .collect::<Result<_, ProfileError>>()?,
            FORMAT_VERSION if d.interests.is_empty() => {
                let at = |delta: u64| -> i64 {
                    i64::try_from(delta)
                        .ok()
                        .and_then(|x| x.checked_add(d.epoch))
                        .unwrap_or(i64::MAX)
                };
                let mut cited_by = vec![false; d.log.len()];
                let mut out = Vec::with_capacity(d.entries.len());
                for (index, EntryV2(id, score, messages, first, last, bits, slots)) in
                    d.entries.into_iter().enumerate()
                {
                    if surfaces.len() < MAX_SURFACES && bits >> surfaces.len() != 0 {
                        return Err(field(
                            "entries",
                            format!("entry {index} cites a surface that is not listed"),
                        ));
                    }
                    let mut recent = Vec::new();
                    for s in slots {
                        let Some((t, m)) = d.log.get(s as usize) else {
                            return Err(field(
                                "entries",
                                format!("entry {index} cites message {s}, which is not logged"),
                            ));
                        };
                        cited_by[s as usize] = true;
                        recent.push((at(*t), m.clone()));
                    }
                    out.push(RawEntry {
                        id,
                        score,
                        messages,
                        first: at(first),
                        last: at(last),
                        surfaces: surfaces
                            .iter()
                            .enumerate()
                            .filter(|(b, _)| has_bit(bits, *b))
                            .map(|(_, s)| s.clone())
                            .collect(),
                        recent,
                    });
                }
                if let Some(unused) = cited_by.iter().position(|c| !c) {
                    return Err(field(
                        "log",
                        format!("message {unused} is cited by no interest"),
                    ));
                }
                out
            }
            v @ (1 | FORMAT_VERSION) => {
                return Err(field(
                    "entries",
                    format!("a version {v} profile mixes the fields of versions 1 and 2"),
                ))
            }
            v => return Err(ProfileError::UnsupportedVersion(v)),
        };
        let mut p = InterestProfile::with_settings(&d.key, d.half_life_secs, d.max_entries)?;
        if raw.len() > p.max_entries {
            return Err(ProfileError::TooManyEntries {
                found: raw.len(),
                max: p.max_entries,
            });
        }
        p.messages = d.messages;
        p.surface_slots = surfaces;
        let mut sorted: Vec<&Surface> = p.surface_slots.iter().collect();
        sorted.sort();
        if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
            return Err(field("surfaces", format!("{} is listed twice", w[0])));
        }
        for h in &d.hidden {
            p.hidden
                .insert(Topic::new(h).map_err(|e| field("hidden", e.to_string()))?);
        }
        let time = |index: usize, secs: i64| -> Result<i64, ProfileError> {
            if !(EARLIEST..=LATEST).contains(&secs) {
                return Err(ProfileError::BadTime {
                    index,
                    message: format!("time {secs} is outside 2000-01-01 to 2200-01-01"),
                });
            }
            Ok(secs)
        };
        for (index, e) in raw.into_iter().enumerate() {
            let id = InterestId::new(&e.id)
                .map_err(|source| ProfileError::Interest { index, source })?;
            if !(e.score.is_finite() && e.score >= 0.0) {
                return Err(ProfileError::BadScore {
                    index,
                    score: e.score,
                });
            }
            let (first_seen, last_seen) = (time(index, e.first)?, time(index, e.last)?);
            if first_seen > last_seen {
                return Err(ProfileError::BadTime {
                    index,
                    message: "first seen is after last seen".into(),
                });
            }
            if e.messages == 0 || e.messages > u32::MAX as u64 {
                return Err(field(
                    "messages",
                    format!("entry {index} must count 1 to {} messages", u32::MAX),
                ));
            }
            if p.is_hidden(id) {
                return Err(field(
                    "interests",
                    format!("entry {index} ({}) is a hidden topic", id.iab_id()),
                ));
            }
            if e.recent.len() > RECENT_MESSAGES {
                return Err(field(
                    "recent",
                    format!("entry {index} keeps more than {RECENT_MESSAGES} message ids"),
                ));
            }
            let mut entry = Entry::new(id, first_seen);
            entry.score = e.score;
            entry.last_seen = last_seen;
            entry.messages = e.messages as u32;
            for s in &e.surfaces {
                if !p.surface_slots.contains(s) {
                    return Err(field(
                        "surfaces",
                        format!("entry {index} cites surface {s}, which the profile does not list"),
                    ));
                }
                entry.surfaces |= p.surface_bit(s);
            }
            for (t, m) in e.recent {
                if m.is_empty() || m.len() > MAX_MESSAGE_ID_LEN {
                    return Err(field(
                        "recent",
                        format!(
                            "entry {index}: message id must be 1 to {MAX_MESSAGE_ID_LEN} bytes"
                        ),
                    ));
                }
                let slot = p.log.add(time(index, t)?, &m);
                entry.cite(slot, &mut p.log);
                p.log.release_if_unused(slot);
            }
            match p.entries.binary_search_by_key(&id, |e| e.id) {
                Ok(_) => {
                    return Err(ProfileError::DuplicateInterest {
                        index,
                        id: id.iab_id(),
                    })
                }
                Err(i) => p.entries.insert(i, entry),
            }
        }
        Ok(p)
    }
}

/// A profile interest as the examples print it: `{"iab", "name", "score"}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProfileInterest {
    /// IAB unique id.
    pub iab: &'static str,
    /// Node name.
    pub name: &'static str,
    /// Score, rounded to four decimals.
    pub score: f64,
}

impl From<(InterestId, f64)> for ProfileInterest {
    fn from((id, score): (InterestId, f64)) -> Self {
        ProfileInterest {
            iab: id.iab_id(),
            name: id.name(),
            score: round4(score),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Classifier, MessageContext, Policy, PolicyEngine};

    /// Every cited slot is live and counts exactly its citations; no live slot is uncited.
    fn assert_log_consistent(p: &InterestProfile) {
        let mut counts = vec![0u32; p.log.slots.len()];
        for e in &p.entries {
            for &r in e.recent.iter().filter(|&&r| r != NO_SLOT) {
                assert!(!p.log.is_free(r), "entry cites freed slot {r}");
                counts[r as usize] += 1;
            }
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
                let ctx = MessageContext::new()
                    .at(
                        Timestamp::from_unix_seconds(1_767_225_600 + offset + i as i64 * 600)
                            .unwrap(),
                    )
                    .region("US".parse().unwrap())
                    .age(30)
                    .surface("threads".parse().unwrap())
                    .message_id(id);
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
            let ctx = MessageContext::new()
                .at(Timestamp::from_unix_seconds(1_767_225_600 + i * 60).unwrap())
                .region("US".parse().unwrap())
                .age(30)
                .surface(
                    if i % 2 == 0 { "instagram" } else { "threads" }
                        .parse()
                        .unwrap(),
                )
                .message_id(&format!("m{i}"));
            let c = classifier.classify(texts[i as usize % texts.len()], None);
            if let Some(a) = engine.evaluate(&ctx, &c).allowed() {
                p.ingest(a);
            }
        }
        let live = p.log.live().count();
        assert!(p.log.live().all(|(_, refs)| refs > 0));
        let cited: usize = p
            .entries
            .iter()
            .map(|e| e.recent.iter().filter(|&&r| r != NO_SLOT).count())
            .sum();
        assert!(live <= cited && cited <= p.len() * RECENT_MESSAGES);
        assert!(p.log.slots.len() <= live + p.log.free.len());
        assert!(
            p.log.slots.len() <= p.len() * RECENT_MESSAGES + 1,
            "{}",
            p.log.slots.len()
        );
        for e in &p.entries {
            for &r in e.recent.iter().filter(|&&r| r != NO_SLOT) {
                assert!(!p.log.is_free(r) && p.log.id(r).starts_with('m'));
            }
        }
    }
}
