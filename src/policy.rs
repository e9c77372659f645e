//! Policy: whether a message may feed personalisation, and why not.
//!
//! A [`Policy`] is data (serde, validated on build and on deserialize). A [`PolicyEngine`] applies it to
//! a [`MessageContext`] and a [`Classification`] and returns a [`Decision`] that lists *every*
//! [`DenyReason`] that applies, not just the first.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::PolicyError;
use crate::{
    CivilDate, Classification, InterestId, Region, ScoredInterest, SensitiveCategory, SensitiveSet,
    Surface, Timestamp, Topic,
};

use crate::classify::InterestList;

mod presets;

/// When a policy starts to apply.
///
/// Serde form: `{"local_date": "2025-12-16"}` or `{"instant": "2025-12-16T00:00:00Z"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Start {
    /// From this calendar date in the message's own local time: the date is read at the UTC offset the
    /// message's timestamp was written in (`2025-12-16T00:30:00+01:00` is on the 16th), and in UTC
    /// when the timestamp says `Z`. This is how "from 16 December" reads to the person in the chat.
    LocalDate(CivilDate),
    /// From this instant, everywhere at once.
    Instant(Timestamp),
}

impl Start {
    /// Whether a message at `at` is on or after the start.
    pub fn has_started(self, at: Timestamp) -> bool {
        match self {
            // Day numbers, not dates: the same order, without turning the day back into a date.
            Start::LocalDate(d) => at.local_days() >= d.days(),
            Start::Instant(t) => at >= t,
        }
    }
}

/// What to do when the context carries no age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum UnknownAge {
    /// Treat the person as an adult (the host vouches for age elsewhere, e.g. at sign-up).
    #[default]
    Allow,
    /// Deny: only a known age of at least the minimum counts.
    Deny,
}

/// A personalisation policy: regions, start, age, linked surfaces, sensitive categories, blocked topics.
///
/// Build one with [`Policy::builder`], take a preset ([`Policy::announced_rollout`],
/// [`Policy::strict_gdpr_art9`], [`Policy::preset`]), or deserialize one (validated the same way).
///
/// ```
/// use chat_interests::{Policy, Start, SensitiveCategory};
/// let p = Policy::builder("br-2026")
///     .start(Start::LocalDate("2026-03-01".parse()?))
///     .exclude_regions(["KR".parse()?])
///     .minimum_age(18)
///     .linked_only_surface("whatsapp".parse()?)
///     .sensitive(SensitiveCategory::PersonalHardship)
///     .build()?;
/// assert!(p.sensitive().contains(SensitiveCategory::Health)); // always: announced categories can't be dropped
/// let json = serde_json::to_string(&p)?;
/// assert_eq!(serde_json::from_str::<Policy>(&json)?, p);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PolicyData", into = "PolicyData")]
pub struct Policy {
    data: PolicyData,
}

/// The serde form of a [`Policy`]; validated by `TryFrom` before a `Policy` exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyData {
    name: String,
    start: Start,
    excluded_regions: BTreeSet<Region>,
    #[serde(default)]
    minimum_age: Option<u16>,
    #[serde(default)]
    unknown_age: UnknownAge,
    #[serde(default)]
    linked_only_surfaces: BTreeSet<Surface>,
    sensitive: SensitiveSet,
    #[serde(default)]
    blocked_topics: BTreeSet<Topic>,
}

impl TryFrom<PolicyData> for Policy {
    type Error = PolicyError;
    fn try_from(data: PolicyData) -> Result<Self, PolicyError> {
        if data.name.trim().is_empty() {
            return Err(PolicyError::EmptyName);
        }
        if let Some(missing) = SensitiveCategory::ANNOUNCED
            .into_iter()
            .find(|c| !data.sensitive.contains(*c))
        {
            return Err(PolicyError::NarrowsSensitive {
                policy: data.name,
                missing,
            });
        }
        if let Some(age) = data.minimum_age.filter(|a| *a > 130) {
            return Err(PolicyError::MinimumAge {
                policy: data.name,
                age,
            });
        }
        Ok(Policy { data })
    }
}

impl From<Policy> for PolicyData {
    fn from(p: Policy) -> Self {
        p.data
    }
}

impl Policy {
    /// A builder; the policy starts with the announced sensitive categories and nothing else set.
    pub fn builder(name: &str) -> PolicyBuilder {
        PolicyBuilder {
            data: PolicyData {
                name: name.to_owned(),
                start: Start::Instant(Timestamp::UNIX_EPOCH),
                excluded_regions: BTreeSet::new(),
                minimum_age: None,
                unknown_age: UnknownAge::Allow,
                linked_only_surfaces: BTreeSet::new(),
                sensitive: SensitiveSet::announced(),
                blocked_topics: BTreeSet::new(),
            },
        }
    }

    /// The policy's name.
    pub fn name(&self) -> &str {
        &self.data.name
    }
    /// When it starts.
    pub fn start(&self) -> Start {
        self.data.start
    }
    /// Regions where messages are never used.
    pub fn excluded_regions(&self) -> &BTreeSet<Region> {
        &self.data.excluded_regions
    }
    /// Minimum age, if any.
    pub fn minimum_age(&self) -> Option<u16> {
        self.data.minimum_age
    }
    /// What a context without an age gets.
    pub fn unknown_age(&self) -> UnknownAge {
        self.data.unknown_age
    }
    /// Surfaces whose chats count only when the account is linked.
    pub fn linked_only_surfaces(&self) -> &BTreeSet<Surface> {
        &self.data.linked_only_surfaces
    }
    /// Categories that make the whole message unusable.
    pub fn sensitive(&self) -> SensitiveSet {
        self.data.sensitive
    }
    /// Topics (with their subtrees) that never become interests under this policy.
    pub fn blocked_topics(&self) -> &BTreeSet<Topic> {
        &self.data.blocked_topics
    }
}

/// Builds a [`Policy`]; see [`Policy::builder`].
#[derive(Debug, Clone)]
pub struct PolicyBuilder {
    data: PolicyData,
}

impl PolicyBuilder {
    /// When the policy starts (default: the Unix epoch).
    pub fn start(mut self, start: Start) -> Self {
        self.data.start = start;
        self
    }
    /// Adds excluded regions.
    pub fn exclude_regions(mut self, regions: impl IntoIterator<Item = Region>) -> Self {
        self.data.excluded_regions.extend(regions);
        self
    }
    /// Sets the minimum age.
    pub fn minimum_age(mut self, age: u16) -> Self {
        self.data.minimum_age = Some(age);
        self
    }
    /// What a context without an age gets (default [`UnknownAge::Allow`]).
    pub fn unknown_age(mut self, rule: UnknownAge) -> Self {
        self.data.unknown_age = rule;
        self
    }
    /// Adds a surface whose chats count only when the account is linked.
    pub fn linked_only_surface(mut self, surface: Surface) -> Self {
        self.data.linked_only_surfaces.insert(surface);
        self
    }
    /// Adds a sensitive category (the announced ones are always in).
    pub fn sensitive(mut self, category: SensitiveCategory) -> Self {
        self.data.sensitive.insert(category);
        self
    }
    /// Blocks a topic and its subtree.
    pub fn block_topic(mut self, topic: Topic) -> Self {
        self.data.blocked_topics.insert(topic);
        self
    }
    /// Validates and builds.
    ///
    /// # Errors
    /// [`PolicyError::EmptyName`], [`PolicyError::MinimumAge`].
    pub fn build(self) -> Result<Policy, PolicyError> {
        Policy::try_from(self.data)
    }
}

/// What the host knows about a message besides its text. Every field is optional; missing facts fail
/// closed where the policy needs them (no time or no region: denied).
///
/// ```
/// use chat_interests::MessageContext;
/// let ctx = MessageContext::new()
///     .at("2026-01-10T12:00:00Z".parse()?)
///     .region("US".parse()?)
///     .age(34)
///     .surface("instagram".parse()?)
///     .linked(true)
///     .message_id("m-1");
/// assert!(ctx.is_linked());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MessageContext {
    at: Option<Timestamp>,
    region: Option<Region>,
    age: Option<u16>,
    surface: Option<Surface>,
    linked: bool,
    hidden_topics: Vec<Topic>,
    message_id: Option<Arc<str>>,
    age_unreadable: bool,
    surface_unreadable: bool,
}

/// Longest message id kept (bytes); longer ids are cut at a character boundary.
pub const MAX_MESSAGE_ID_LEN: usize = 128;

impl MessageContext {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }
    /// When the message was sent.
    pub fn at(mut self, at: Timestamp) -> Self {
        self.at = Some(at);
        self
    }
    /// Where the person is.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }
    /// The person's age in years.
    pub fn age(mut self, age: u16) -> Self {
        self.age = Some(age);
        self
    }
    /// The app the chat happened on.
    pub fn surface(mut self, surface: Surface) -> Self {
        self.surface = Some(surface);
        self
    }
    /// Whether the account is linked to the person's other accounts (Accounts Center).
    pub fn linked(mut self, linked: bool) -> Self {
        self.linked = linked;
        self
    }
    /// A topic the person has hidden in their ad preferences (with its subtree).
    pub fn hide_topic(mut self, topic: Topic) -> Self {
        self.hidden_topics.push(topic);
        self
    }
    /// The host's id for the message, cited by profile explanations (never the text).
    pub fn message_id(mut self, id: &str) -> Self {
        let mut end = id.len().min(MAX_MESSAGE_ID_LEN);
        while !id.is_char_boundary(end) {
            end -= 1;
        }
        self.message_id = Some(id[..end].into());
        self
    }

    /// Records that the host had an age for the person but could not read it (e.g. `-3` or `"teen"`).
    /// Fails closed: the message is denied with [`DenyReason::AgeUnknown`] under any policy with a minimum age.
    pub fn age_unreadable(mut self) -> Self {
        self.age = None;
        self.age_unreadable = true;
        self
    }
    /// Records that the host had a surface name but could not read it. Fails closed: denied with
    /// [`DenyReason::SurfaceUnknown`], since it might be a surface that counts only when linked.
    pub fn surface_unreadable(mut self) -> Self {
        self.surface = None;
        self.surface_unreadable = true;
        self
    }

    /// When the message was sent.
    pub fn time(&self) -> Option<Timestamp> {
        self.at
    }
    /// The region.
    pub fn region_code(&self) -> Option<Region> {
        self.region
    }
    /// The surface.
    pub fn surface_name(&self) -> Option<&Surface> {
        self.surface.as_ref()
    }
    /// Whether the account is linked.
    pub fn is_linked(&self) -> bool {
        self.linked
    }
}

/// Why a message may not feed personalisation. Text form ([`DenyReason::code`]) is snake_case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
#[non_exhaustive]
pub enum DenyReason {
    /// The message mentions a category the policy treats as sensitive.
    Sensitive {
        /// The categories found that the policy covers.
        categories: SensitiveSet,
    },
    /// The message was too long to read, so its sensitivity is unknown.
    InputTooLarge,
    /// No region, or one that could not be read.
    RegionUnknown,
    /// The region is excluded.
    RegionExcluded {
        /// The region.
        region: Region,
    },
    /// No time, or one that could not be read.
    TimeUnknown,
    /// Sent before the policy starts.
    BeforeStart,
    /// No age, and the policy requires one.
    AgeUnknown,
    /// Younger than the policy's minimum age.
    Minor {
        /// The age given.
        age: u16,
        /// The policy's minimum.
        minimum: u16,
    },
    /// A chat on a surface that counts only when linked, from an account that is not linked.
    SurfaceNotLinked {
        /// The surface.
        surface: Surface,
    },
    /// A surface was given but could not be read.
    SurfaceUnknown,
    /// Every interest of the message is a topic the person has hidden.
    TopicHidden,
    /// Every interest of the message is a topic the policy blocks.
    TopicBlocked,
}

impl DenyReason {
    /// The snake_case code: `sensitive`, `input_too_large`, `region_unknown`, `region_excluded`,
    /// `time_unknown`, `before_start`, `age_unknown`, `minor`, `surface_not_linked`, `surface_unknown`, `topic_hidden`, `topic_blocked`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Sensitive { .. } => "sensitive",
            Self::InputTooLarge => "input_too_large",
            Self::RegionUnknown => "region_unknown",
            Self::RegionExcluded { .. } => "region_excluded",
            Self::TimeUnknown => "time_unknown",
            Self::BeforeStart => "before_start",
            Self::AgeUnknown => "age_unknown",
            Self::Minor { .. } => "minor",
            Self::SurfaceNotLinked { .. } => "surface_not_linked",
            Self::SurfaceUnknown => "surface_unknown",
            Self::TopicHidden => "topic_hidden",
            Self::TopicBlocked => "topic_blocked",
        }
    }
}

impl fmt::Display for DenyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sensitive { categories } => {
                f.write_str("mentions sensitive information (")?;
                for (i, c) in categories.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(c.name())?;
                }
                f.write_str(")")
            }
            Self::InputTooLarge => {
                f.write_str("message too large to check for sensitive information")
            }
            Self::RegionUnknown => f.write_str("region missing or not an ISO 3166-1 alpha-2 code"),
            Self::RegionExcluded { region } => write!(f, "region {region} is excluded"),
            Self::TimeUnknown => f.write_str("time missing or not RFC 3339"),
            Self::BeforeStart => f.write_str("sent before the policy starts"),
            Self::AgeUnknown => f.write_str("age unknown and the policy requires one"),
            Self::Minor { age, minimum } => {
                write!(f, "age {age} is below the minimum of {minimum}")
            }
            Self::SurfaceNotLinked { surface } => {
                write!(f, "{surface} chats count only from linked accounts")
            }
            Self::SurfaceUnknown => f.write_str("surface given but not readable"),
            Self::TopicHidden => f.write_str("every interest is a topic the person has hidden"),
            Self::TopicBlocked => f.write_str("every interest is a topic the policy blocks"),
        }
    }
}

/// An allowed message: what it contributes, and the facts a profile needs (time, surface, message id).
///
/// Only a [`PolicyEngine`] makes one, so a profile that ingests an `Allowed` ingests only what a policy allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Allowed {
    interests: InterestList,
    withheld: usize,
    at: Timestamp,
    surface: Option<Surface>,
    message_id: Option<Arc<str>>,
}

impl Allowed {
    /// The interests the message contributes, best first (hidden and blocked topics removed).
    pub fn interests(&self) -> &[ScoredInterest] {
        self.interests.as_slice()
    }
    /// How many interests were withheld because the person hid or the policy blocked their topic.
    pub fn withheld(&self) -> usize {
        self.withheld
    }
    /// When the message was sent.
    pub fn at(&self) -> Timestamp {
        self.at
    }
    /// The surface, if known.
    pub fn surface(&self) -> Option<&Surface> {
        self.surface.as_ref()
    }
    /// The host's message id, if given.
    pub fn message_id(&self) -> Option<&str> {
        self.message_id.as_deref()
    }
}

/// The outcome of [`PolicyEngine::evaluate`].
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// The message may feed personalisation.
    Allowed(Allowed),
    /// It may not; every reason that applies, in a fixed order.
    Denied(Vec<DenyReason>),
}

impl Decision {
    /// Whether the message may be used.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allowed(_))
    }
    /// The reasons (empty when allowed).
    pub fn reasons(&self) -> &[DenyReason] {
        match self {
            Decision::Allowed(_) => &[],
            Decision::Denied(r) => r,
        }
    }
    /// What the message contributes (empty when denied).
    pub fn interests(&self) -> &[ScoredInterest] {
        match self {
            Decision::Allowed(a) => a.interests.as_slice(),
            Decision::Denied(_) => &[],
        }
    }
    /// The allowed message, if it is.
    pub fn allowed(&self) -> Option<&Allowed> {
        match self {
            Decision::Allowed(a) => Some(a),
            Decision::Denied(_) => None,
        }
    }
}

/// Applies a [`Policy`]. Immutable, `Send + Sync`, cheap to clone.
///
/// ```
/// use chat_interests::{Classifier, MessageContext, Policy, PolicyEngine};
/// let engine = PolicyEngine::new(Policy::announced_rollout());
/// let classifier = Classifier::builtin();
/// let ctx = MessageContext::new().at("2026-01-10T12:00:00Z".parse()?).region("US".parse()?).age(30);
///
/// let ok = engine.evaluate(&ctx, &classifier.classify("best trail running shoes?", None));
/// assert!(ok.is_allowed());
///
/// let eu = ctx.clone().region("DE".parse()?);
/// let denied = engine.evaluate(&eu, &classifier.classify("my insulin pump beeps", None));
/// let codes: Vec<_> = denied.reasons().iter().map(|r| r.code()).collect();
/// assert_eq!(codes, ["sensitive", "region_excluded"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct PolicyEngine {
    policy: Arc<Policy>,
    /// The excluded regions as one bit per two-letter code: a lookup is a shift, not a tree walk.
    excluded: RegionBits,
}

/// One bit per code `AA`..`ZZ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct RegionBits([u64; 11]);

impl RegionBits {
    fn index(region: Region) -> usize {
        let [a, b] = region.letters();
        (a.wrapping_sub(b'A') as usize % 26) * 26 + b.wrapping_sub(b'A') as usize % 26
    }

    fn insert(&mut self, region: Region) {
        let i = Self::index(region);
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn contains(&self, region: Region) -> bool {
        let i = Self::index(region);
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

impl PolicyEngine {
    /// An engine for `policy`.
    pub fn new(policy: Policy) -> Self {
        let mut excluded = RegionBits([0; 11]);
        for r in &policy.data.excluded_regions {
            excluded.insert(*r);
        }
        Self {
            policy: Arc::new(policy),
            excluded,
        }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The sensitive categories of `classification` that this policy covers.
    pub fn sensitive_in(&self, classification: &Classification) -> SensitiveSet {
        classification
            .sensitive()
            .intersection(self.policy.sensitive())
    }

    /// Decides whether the message may feed personalisation, listing every reason it may not.
    pub fn evaluate(&self, ctx: &MessageContext, classification: &Classification) -> Decision {
        let p = &self.policy.data;
        let mut reasons = Vec::new();

        let categories = self.sensitive_in(classification);
        if !categories.is_empty() {
            reasons.push(DenyReason::Sensitive { categories });
        }
        if classification.is_oversized() {
            reasons.push(DenyReason::InputTooLarge);
        }
        match ctx.region {
            None => reasons.push(DenyReason::RegionUnknown),
            Some(region) if self.excluded.contains(region) => {
                reasons.push(DenyReason::RegionExcluded { region })
            }
            Some(_) => {}
        }
        match ctx.at {
            None => reasons.push(DenyReason::TimeUnknown),
            Some(at) if !p.start.has_started(at) => reasons.push(DenyReason::BeforeStart),
            Some(_) => {}
        }
        if let Some(minimum) = p.minimum_age {
            match ctx.age {
                Some(age) if age < minimum => reasons.push(DenyReason::Minor { age, minimum }),
                None if p.unknown_age == UnknownAge::Deny || ctx.age_unreadable => {
                    reasons.push(DenyReason::AgeUnknown)
                }
                _ => {}
            }
        }
        if ctx.surface_unreadable {
            reasons.push(DenyReason::SurfaceUnknown);
        }
        if let Some(surface) = &ctx.surface {
            if !ctx.linked && p.linked_only_surfaces.contains(surface) {
                reasons.push(DenyReason::SurfaceNotLinked {
                    surface: surface.clone(),
                });
            }
        }

        let (mut hidden, mut blocked) = (0, 0);
        let mut interests = InterestList::new();
        for s in classification.interests() {
            if within_any(s.id, &ctx.hidden_topics) {
                hidden += 1;
            } else if within_any(s.id, &p.blocked_topics) {
                blocked += 1;
            } else {
                interests.push(*s);
            }
        }
        if interests.as_slice().is_empty() && hidden > 0 {
            reasons.push(DenyReason::TopicHidden);
        }
        if interests.as_slice().is_empty() && blocked > 0 {
            reasons.push(DenyReason::TopicBlocked);
        }

        match (reasons.is_empty(), ctx.at) {
            (true, Some(at)) => Decision::Allowed(Allowed {
                interests,
                withheld: hidden + blocked,
                at,
                surface: ctx.surface.clone(),
                message_id: ctx.message_id.clone(),
            }),
            _ => Decision::Denied(reasons),
        }
    }
}

fn within_any<'a>(id: InterestId, topics: impl IntoIterator<Item = &'a Topic>) -> bool {
    topics.into_iter().any(|t| id.is_within(*t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_bits_agree_with_the_policy_for_every_code() {
        for policy in [Policy::announced_rollout(), Policy::strict_gdpr_art9()] {
            let engine = PolicyEngine::new(policy.clone());
            let mut checked = 0;
            for a in b'A'..=b'Z' {
                for b in b'A'..=b'Z' {
                    let code = String::from_utf8(vec![a, b]).unwrap();
                    if let Ok(region) = code.parse::<Region>() {
                        checked += 1;
                        assert_eq!(
                            engine.excluded.contains(region),
                            policy.data.excluded_regions.contains(&region),
                            "{code}"
                        );
                    }
                }
            }
            assert!(checked > 240);
        }
    }
}
