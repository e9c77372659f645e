//! A Topics-style release of a person's interests to third parties, after Chrome's Topics API:
//! weekly epochs, the person's top topics per epoch, at most one topic per caller and epoch for the
//! last epochs, chosen by a keyed hash of (person, caller, epoch) so repeated calls reveal nothing
//! new, a random allowed topic instead with a small probability (plausible deniability), and only
//! topics the caller has observed itself when the host says what it observed. Hidden and blocked
//! topics never; sensitive ones cannot be represented at all.
//!
//! Where the per-epoch topics come from: the host stores one small [`EpochTopics`] per person and
//! epoch, made at the epoch's end with [`EpochTopics::from_profile`] (the profile's top topics as of
//! that instant: ids only, no text, no scores). The profile decays with its half-life (30 days by
//! default) rather than counting one epoch alone, so topics carry over between epochs more than in
//! Chrome; a host that wants per-epoch counts keeps a profile per epoch and snapshots that.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::audience::AudienceId;
use super::openrtb::Data;
use super::segments::{check_provider, UserDataExport};
use crate::error::export::{ExportError, ExportErrorKind};
use crate::policy::topics::TopicsConfig;
use crate::policy::Policy;
use crate::profile::InterestProfile;
use crate::taxonomy::{InterestId, Topic};
use crate::time::Timestamp;
use crate::util::siphash::{below, siphash24};

/// The most topics an epoch snapshot holds (the bound of [`TopicsConfig::top_topics`]).
const MAX_EPOCH_TOPICS: usize = 10;

/// The release's 128-bit secret: the key of its keyed hash. Keep it with the host, never hand it
/// out, and keep it stable (a new secret re-draws every answer, which lets callers average).
///
/// ```
/// use chat_interests::TopicsSecret;
/// assert!(TopicsSecret::new([0; 16]).is_err());
/// let s = TopicsSecret::new(*b"0123456789abcdef")?;
/// assert_eq!(format!("{s:?}"), "TopicsSecret(..)"); // never printed
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct TopicsSecret([u8; 16]);

impl TopicsSecret {
    /// The secret `bytes` (16 random bytes from the host's key store).
    ///
    /// # Errors
    /// [`ExportErrorKind::WeakSecret`] for all zeros, the sign of an unset key.
    pub fn new(bytes: [u8; 16]) -> Result<Self, ExportError> {
        if bytes == [0; 16] {
            return Err(ExportErrorKind::WeakSecret.into());
        }
        Ok(Self(bytes))
    }
}

impl fmt::Debug for TopicsSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TopicsSecret(..)")
    }
}

/// A person's top topics for one epoch, best first: what the host stores at the epoch's end.
///
/// Serde form: `{"epoch": 2921, "topics": ["483", "653"]}`, validated (known allowed interests, no
/// duplicates, at most 10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "EpochData", into = "EpochData")]
pub struct EpochTopics {
    epoch: i64,
    topics: Vec<InterestId>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EpochData {
    epoch: i64,
    topics: Vec<InterestId>,
}

impl TryFrom<EpochData> for EpochTopics {
    type Error = ExportError;
    fn try_from(d: EpochData) -> Result<Self, ExportError> {
        EpochTopics::new(d.epoch, d.topics)
    }
}

impl From<EpochTopics> for EpochData {
    fn from(e: EpochTopics) -> Self {
        EpochData {
            epoch: e.epoch,
            topics: e.topics,
        }
    }
}

impl EpochTopics {
    /// The snapshot of `epoch` with `topics`, best first.
    ///
    /// # Errors
    /// [`ExportErrorKind::Snapshot`] for a repeated topic or more than 10.
    pub fn new(epoch: i64, topics: Vec<InterestId>) -> Result<Self, ExportError> {
        let snapshot = |message: String| ExportErrorKind::Snapshot { epoch, message }.into();
        if topics.len() > MAX_EPOCH_TOPICS {
            return Err(snapshot(format!(
                "{} topics, at most {MAX_EPOCH_TOPICS}",
                topics.len()
            )));
        }
        let distinct: BTreeSet<InterestId> = topics.iter().copied().collect();
        if distinct.len() != topics.len() {
            return Err(snapshot("a topic appears twice".to_owned()));
        }
        Ok(Self { epoch, topics })
    }

    /// The snapshot of `epoch` from `profile`: its [`top_topics`](TopicsConfig::top_topics) as of the
    /// epoch's end (hidden left out, see-less applied); for a release in Audience 1.1 (`segtax: 4`),
    /// the top interests that have an Audience segment.
    ///
    /// ```
    /// use chat_interests::{EpochTopics, InterestProfile, TopicsConfig};
    /// let config = TopicsConfig::default();
    /// let epoch = config.epoch_of("2026-03-04T10:00:00Z".parse()?);
    /// let snapshot = EpochTopics::from_profile(&InterestProfile::new("p1")?, epoch, &config);
    /// assert!(snapshot.topics().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_profile(profile: &InterestProfile, epoch: i64, config: &TopicsConfig) -> Self {
        let end = epoch
            .checked_add(1)
            .and_then(|next| config.epoch_start(next));
        let topics = match end {
            None => Vec::new(),
            Some(end) => profile
                .top(usize::MAX, end)
                .into_iter()
                .map(|(id, _)| id)
                .filter(|id| config.segtax() != 4 || AudienceId::for_interest(*id).is_some())
                .take(config.top_topics())
                .collect(),
        };
        Self { epoch, topics }
    }

    /// The epoch.
    pub fn epoch(&self) -> i64 {
        self.epoch
    }

    /// The topics, best first.
    pub fn topics(&self) -> &[InterestId] {
        &self.topics
    }
}

/// What one caller has observed of one person, per epoch, as the host records it (the caller was
/// present where the person engaged with the interest). An observation of an interest counts for
/// it and for every topic above it (Soccer observed lets Sports be released).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observations {
    seen: BTreeSet<(i64, InterestId)>,
}

impl Observations {
    /// No observations.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that the caller observed `interest` in `epoch`.
    pub fn insert(&mut self, epoch: i64, interest: InterestId) {
        self.seen.insert((epoch, interest));
    }

    fn covers(&self, epoch: i64, topic: InterestId) -> bool {
        self.seen
            .range((epoch, InterestId::FILLER)..)
            .take_while(|(e, _)| *e == epoch)
            .any(|(_, seen)| seen.is_within(Topic::from(topic)))
    }
}

impl FromIterator<(i64, InterestId)> for Observations {
    fn from_iter<I: IntoIterator<Item = (i64, InterestId)>>(iter: I) -> Self {
        Self {
            seen: iter.into_iter().collect(),
        }
    }
}

/// One released topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleasedTopic {
    epoch: i64,
    topic: InterestId,
    /// Drawn at random (plausible deniability): known inside the crate (its tests) only, never
    /// released.
    pub(crate) random: bool,
}

impl ReleasedTopic {
    /// The epoch it is released for.
    pub fn epoch(&self) -> i64 {
        self.epoch
    }

    /// The topic.
    pub fn topic(&self) -> InterestId {
        self.topic
    }
}

/// Domain tags of the keyed hashes, so no two decisions share an input.
const RANDOM: u8 = 1;
const RANDOM_PICK: u8 = 2;
const SLOT: u8 = 3;
const PADDING: u8 = 4;

/// A Topics-style release under a policy's [`TopicsConfig`], after Chrome's Topics API: per
/// (person, caller, epoch) at most one topic, for the last completed epochs, chosen by SipHash-2-4
/// keyed with the host's [`TopicsSecret`] (so asking again reveals nothing new), a random allowed
/// topic instead with the configured probability (plausible deniability), only topics the caller
/// observed when the host supplies [`Observations`], hidden and blocked topics never. The per-epoch
/// topics are the [`EpochTopics`] the host stored at each epoch's end.
///
/// ```
/// use chat_interests::{EpochTopics, InterestId, InterestProfile, Policy, TopicsConfig, TopicsRelease, TopicsSecret};
/// let policy = Policy::builder("partners").surfaces(["web".parse()?]).topics(TopicsConfig::default()).build()?;
/// let release = TopicsRelease::new(&policy, TopicsSecret::new(*b"host-secret-0001")?, "interests.example.com")?;
/// let profile = InterestProfile::new("person-1")?;
/// let history = [EpochTopics::new(2920, vec![InterestId::new("483")?, InterestId::new("653")?])?];
/// let now = TopicsConfig::default().epoch_start(2921).unwrap();
/// let a = release.release(&profile, &history, "ads.example", now, None);
/// assert_eq!(a, release.release(&profile, &history, "ads.example", now, None)); // stable
/// assert!(a.len() <= 1); // one epoch stored, so at most one topic
/// if let Some(data) = release.user_data(&profile, &history, "ads.example", now, None) {
///     assert_eq!(data.ext.unwrap().segclass.as_deref(), Some("chat-interests-topics-1"));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct TopicsRelease {
    config: TopicsConfig,
    secret: TopicsSecret,
    blocked: BTreeSet<Topic>,
    export: UserDataExport,
}

impl TopicsRelease {
    /// The release `policy` allows, keyed by `secret`, written as provider `name`.
    ///
    /// # Errors
    /// [`ExportErrorKind::NoRelease`] when the policy has no [`topics`](Policy::topics) parameters,
    /// [`ExportErrorKind::Provider`] for a bad provider name.
    pub fn new(policy: &Policy, secret: TopicsSecret, name: &str) -> Result<Self, ExportError> {
        let config = policy
            .topics()
            .cloned()
            .ok_or_else(|| ExportErrorKind::NoRelease {
                policy: policy.name().to_owned(),
            })?;
        check_provider(name)?;
        Ok(Self {
            config,
            secret,
            blocked: policy.blocked_topics().clone(),
            export: UserDataExport::builder(name).build()?,
        })
    }

    /// The parameters.
    pub fn config(&self) -> &TopicsConfig {
        &self.config
    }

    /// The topics `caller` gets for the person of `profile` at `now`: at most one per each of the
    /// last [`epochs_released`](TopicsConfig::epochs_released) completed epochs that `history` has
    /// a snapshot of, newest first, each topic once. With `observed`, a topic from the person's top
    /// topics is released only if the caller observed it in that epoch; a random topic is released
    /// regardless (as in Chrome), which is what makes it deniable.
    pub fn release(
        &self,
        profile: &InterestProfile,
        history: &[EpochTopics],
        caller: &str,
        now: Timestamp,
        observed: Option<&Observations>,
    ) -> Vec<ReleasedTopic> {
        let current = self.config.epoch_of(now);
        let person = profile.key();
        let mut pool: Option<Vec<InterestId>> = None;
        let mut out: Vec<ReleasedTopic> = Vec::new();
        for back in 1..=i64::from(self.config.epochs_released()) {
            let Some(epoch) = current.checked_sub(back) else {
                break;
            };
            let Some(snapshot) = history.iter().find(|s| s.epoch == epoch) else {
                continue;
            };
            let pool = pool.get_or_insert_with(|| self.pool(profile));
            let hash =
                |tag: u8, caller: &str, slot: u64| self.keyed(tag, person, caller, epoch, slot);
            let random =
                below(hash(RANDOM, caller, 0), 100) < usize::from(self.config.random_percent());
            let choice = if random {
                pick(pool, hash(RANDOM_PICK, caller, 0)).map(|t| (t, true))
            } else {
                let slot = below(hash(SLOT, caller, 0), self.config.top_topics());
                // Fewer topics than slots: the empty slots hold random topics of the person's, the
                // same for every caller (as Chrome pads).
                let topic = match snapshot.topics.get(slot) {
                    Some(t) => Some(*t),
                    None => pick(pool, hash(PADDING, "", slot as u64)),
                };
                topic
                    .filter(|t| pool.binary_search(t).is_ok())
                    .filter(|t| observed.map_or(true, |o| o.covers(epoch, *t)))
                    .map(|t| (t, false))
            };
            if let Some((topic, random)) = choice {
                if out.iter().all(|r| r.topic != topic) {
                    out.push(ReleasedTopic {
                        epoch,
                        topic,
                        random,
                    });
                }
            }
        }
        out
    }

    /// [`release`](Self::release) as one OpenRTB `user.data` object with the configured `segtax` and
    /// `ext.segclass` = the release's [`version`](TopicsConfig::version); `None` when nothing is
    /// released.
    pub fn user_data(
        &self,
        profile: &InterestProfile,
        history: &[EpochTopics],
        caller: &str,
        now: Timestamp,
        observed: Option<&Observations>,
    ) -> Option<Data> {
        let released = self.release(profile, history, caller, now, observed);
        let segments: Vec<_> = released
            .iter()
            .filter_map(|r| match self.config.segtax() {
                4 => AudienceId::for_interest(r.topic)
                    .map(|a| self.export.segment(a.iab_id(), a.name(), 0.0)),
                _ => Some(self.export.segment(r.topic.iab_id(), r.topic.name(), 0.0)),
            })
            .collect();
        let version = Some(self.config.version().to_owned());
        (!segments.is_empty()).then(|| self.export.data(self.config.segtax(), version, segments))
    }

    /// The topics that may be released for this person, in id order: allowed interests outside the
    /// policy's blocked and the person's hidden topics (and with a segment in Audience 1.1 when the
    /// release is in it).
    fn pool(&self, profile: &InterestProfile) -> Vec<InterestId> {
        let hidden = profile.hidden_topics();
        let mut pool: Vec<InterestId> = InterestId::all()
            .filter(|id| {
                let within = |t: &Topic| id.is_within(*t);
                !self.blocked.iter().any(within) && !hidden.iter().any(within)
            })
            .filter(|id| self.config.segtax() != 4 || AudienceId::for_interest(*id).is_some())
            .collect();
        pool.sort();
        pool
    }

    /// SipHash-2-4 under the secret of the tag, the person and the caller (each length-prefixed, so
    /// no two inputs run together), the epoch and a slot.
    fn keyed(&self, tag: u8, person: &str, caller: &str, epoch: i64, slot: u64) -> u64 {
        let mut m = Vec::with_capacity(33 + person.len() + caller.len());
        m.push(tag);
        for s in [person, caller] {
            m.extend_from_slice(&(s.len() as u64).to_le_bytes());
            m.extend_from_slice(s.as_bytes());
        }
        m.extend_from_slice(&epoch.to_le_bytes());
        m.extend_from_slice(&slot.to_le_bytes());
        siphash24(&self.secret.0, &m)
    }
}

fn pick(pool: &[InterestId], hash: u64) -> Option<InterestId> {
    (!pool.is_empty()).then(|| pool[below(hash, pool.len())])
}
