//! Per-person interest profiles: what allowed messages contributed, decaying over time.
//!
//! A profile stores interest ids, scores, counts, times, surfaces and message ids — never text.
//! It deserializes only through validation, so a profile read from storage cannot hold a sensitive
//! or unknown id, a bad score, too many entries or impossible times.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::classify::round4;
use crate::error::ProfileError;
use crate::policy::MAX_MESSAGE_ID_LEN;
use crate::{Allowed, InterestId, Surface, Timestamp, Topic};

/// The serialized format version this crate writes and reads.
pub const FORMAT_VERSION: u32 = 1;
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

#[derive(Debug, Clone, PartialEq)]
struct Entry {
    /// Score as of `last_seen`.
    score: f64,
    messages: u64,
    first_seen: Timestamp,
    last_seen: Timestamp,
    surfaces: BTreeSet<Surface>,
    /// Latest message ids, newest first, at most [`RECENT_MESSAGES`].
    recent: Vec<(Timestamp, String)>,
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
    /// The first such message.
    pub first_seen: Timestamp,
    /// The latest such message.
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ProfileData", into = "ProfileData")]
pub struct InterestProfile {
    key: String,
    half_life_secs: u64,
    max_entries: usize,
    messages: u64,
    surfaces: BTreeSet<Surface>,
    hidden: BTreeSet<Topic>,
    entries: BTreeMap<InterestId, Entry>,
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

impl Entry {
    fn score_at(&self, at: Timestamp, half_life: u64) -> f64 {
        decay(self.score, at.seconds_since(self.last_seen), half_life)
    }

    /// Adds `score` observed at `at`, keeping the stored score as of the latest time.
    fn add(&mut self, score: f64, at: Timestamp, half_life: u64) {
        if at >= self.last_seen {
            self.score = decay(self.score, at.seconds_since(self.last_seen), half_life) + score;
            self.last_seen = at;
        } else {
            self.score += decay(score, self.last_seen.seconds_since(at), half_life);
        }
        self.first_seen = self.first_seen.min(at);
    }

    fn absorb(&mut self, other: &Entry, half_life: u64) {
        self.add(other.score, other.last_seen, half_life);
        self.first_seen = self.first_seen.min(other.first_seen);
        self.messages += other.messages;
        self.surfaces.extend(other.surfaces.iter().cloned());
        for r in &other.recent {
            push_recent(&mut self.recent, r.clone());
        }
    }
}

/// Keeps the newest ids; ties broken by id so the result does not depend on order of arrival.
fn push_recent(recent: &mut Vec<(Timestamp, String)>, item: (Timestamp, String)) {
    if recent.contains(&item) {
        return;
    }
    recent.push(item);
    recent.sort_by(|a, b| (b.0, &b.1).cmp(&(a.0, &a.1)));
    recent.truncate(RECENT_MESSAGES);
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
            surfaces: BTreeSet::new(),
            hidden: BTreeSet::new(),
            entries: BTreeMap::new(),
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
    /// Surfaces those messages came from.
    pub fn surfaces(&self) -> &BTreeSet<Surface> {
        &self.surfaces
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
        self.entries.values().map(|e| e.last_seen).max()
    }
    /// Topics the person has hidden.
    pub fn hidden_topics(&self) -> &BTreeSet<Topic> {
        &self.hidden
    }

    fn is_hidden(&self, id: InterestId) -> bool {
        self.hidden.iter().any(|t| id.is_within(*t))
    }

    /// Adds what an allowed message contributes. Topics hidden in this profile are skipped.
    pub fn ingest(&mut self, allowed: &Allowed) {
        self.messages += 1;
        if let Some(s) = allowed.surface() {
            self.surfaces.insert(s.clone());
        }
        for s in allowed.interests() {
            if self.is_hidden(s.id) {
                continue;
            }
            let at = allowed.at();
            let hl = self.half_life_secs;
            let e = self.entries.entry(s.id).or_insert_with(|| Entry {
                score: 0.0,
                messages: 0,
                first_seen: at,
                last_seen: at,
                surfaces: BTreeSet::new(),
                recent: Vec::new(),
            });
            e.add(s.score as f64, at, hl);
            e.messages += 1;
            if let Some(surface) = allowed.surface() {
                e.surfaces.insert(surface.clone());
            }
            if let Some(id) = allowed.message_id() {
                push_recent(&mut e.recent, (at.to_utc(), id.to_owned()));
            }
        }
        self.enforce_bound();
    }

    /// Hides a topic and its subtree: its entries are deleted and never come back.
    pub fn hide_topic(&mut self, topic: Topic) {
        self.hidden.insert(topic);
        self.entries.retain(|id, _| !id.is_within(topic));
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
        self.surfaces.extend(other.surfaces.iter().cloned());
        self.hidden.extend(other.hidden.iter().copied());
        let hl = self.half_life_secs;
        for (id, e) in &other.entries {
            match self.entries.get_mut(id) {
                Some(mine) => mine.absorb(e, hl),
                None => {
                    self.entries.insert(*id, e.clone());
                }
            }
        }
        let hidden = self.hidden.clone();
        self.entries
            .retain(|id, _| !hidden.iter().any(|t| id.is_within(*t)));
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
            .map(|(id, e)| (e.score_at(now, hl), *id))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, id) in ranked.drain(self.max_entries..) {
            self.entries.remove(&id);
        }
    }

    /// The `k` strongest interests, scored as of `as_of`, best first (ties by id).
    pub fn top(&self, k: usize, as_of: Timestamp) -> Vec<(InterestId, f64)> {
        let mut v: Vec<(InterestId, f64)> = self
            .entries
            .iter()
            .filter(|(id, _)| !self.is_hidden(**id))
            .map(|(id, e)| (*id, e.score_at(as_of, self.half_life_secs)))
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
        let e = self.entries.get(&id)?;
        Some(Explanation {
            interest: id,
            score: e.score_at(as_of, self.half_life_secs),
            messages: e.messages,
            first_seen: e.first_seen,
            last_seen: e.last_seen,
            surfaces: e.surfaces.iter().cloned().collect(),
            recent_messages: e.recent.iter().map(|(_, m)| m.clone()).collect(),
        })
    }
}

/// The stored form. Times are Unix seconds (UTC).
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
    interests: Vec<EntryData>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryData {
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
        ProfileData {
            version: FORMAT_VERSION,
            key: p.key,
            half_life_secs: p.half_life_secs,
            max_entries: p.max_entries,
            messages: p.messages,
            surfaces: p.surfaces.iter().map(|s| s.to_string()).collect(),
            hidden: p.hidden.iter().map(|t| t.iab_id().to_owned()).collect(),
            interests: p
                .entries
                .into_iter()
                .map(|(id, e)| EntryData {
                    id: id.iab_id().to_owned(),
                    score: e.score,
                    messages: e.messages,
                    first: e.first_seen.unix_seconds(),
                    last: e.last_seen.unix_seconds(),
                    surfaces: e.surfaces.iter().map(|s| s.to_string()).collect(),
                    recent: e
                        .recent
                        .into_iter()
                        .map(|(t, m)| (t.unix_seconds(), m))
                        .collect(),
                })
                .collect(),
        }
    }
}

fn field(field: &'static str, message: String) -> ProfileError {
    ProfileError::Field { field, message }
}

fn surface_set(names: &[String]) -> Result<BTreeSet<Surface>, ProfileError> {
    names
        .iter()
        .map(|s| s.parse().map_err(|e| field("surfaces", format!("{e}"))))
        .collect()
}

impl TryFrom<ProfileData> for InterestProfile {
    type Error = ProfileError;

    fn try_from(d: ProfileData) -> Result<Self, ProfileError> {
        if d.version != FORMAT_VERSION {
            return Err(ProfileError::UnsupportedVersion(d.version));
        }
        let mut p = InterestProfile::with_settings(&d.key, d.half_life_secs, d.max_entries)?;
        if d.interests.len() > p.max_entries {
            return Err(ProfileError::TooManyEntries {
                found: d.interests.len(),
                max: p.max_entries,
            });
        }
        p.messages = d.messages;
        p.surfaces = surface_set(&d.surfaces)?;
        for h in &d.hidden {
            p.hidden
                .insert(Topic::new(h).map_err(|e| field("hidden", e.to_string()))?);
        }
        let time = |index: usize, secs: i64| -> Result<Timestamp, ProfileError> {
            if !(EARLIEST..=LATEST).contains(&secs) {
                return Err(ProfileError::BadTime {
                    index,
                    message: format!("time {secs} is outside 2000-01-01 to 2200-01-01"),
                });
            }
            Timestamp::from_unix_seconds(secs).map_err(|e| ProfileError::BadTime {
                index,
                message: e.to_string(),
            })
        };
        for (index, e) in d.interests.into_iter().enumerate() {
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
            if e.messages == 0 {
                return Err(field("messages", format!("entry {index} has no messages")));
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
            let mut recent = Vec::new();
            for (t, m) in e.recent {
                if m.is_empty() || m.len() > MAX_MESSAGE_ID_LEN {
                    return Err(field(
                        "recent",
                        format!(
                            "entry {index}: message id must be 1 to {MAX_MESSAGE_ID_LEN} bytes"
                        ),
                    ));
                }
                push_recent(&mut recent, (time(index, t)?, m));
            }
            let entry = Entry {
                score: e.score,
                messages: e.messages,
                first_seen,
                last_seen,
                surfaces: surface_set(&e.surfaces)?,
                recent,
            };
            if p.entries.insert(id, entry).is_some() {
                return Err(ProfileError::DuplicateInterest {
                    index,
                    id: id.iab_id(),
                });
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
