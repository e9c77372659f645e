//! Policy: whether a message may feed personalisation, and why not.
//!
//! A [`Policy`] is data (serde, validated on build and on deserialize; [`presets`] are ordinary
//! policies). A [`PolicyEngine`](engine::PolicyEngine) applies it to a
//! [`MessageContext`](context::MessageContext) and a [`Classification`](crate::Classification) and
//! returns a [`Decision`](decision::Decision) that lists *every* [`DenyReason`](decision::DenyReason)
//! that applies, not just the first.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::category::{SensitiveCategory, SensitiveSet};
use crate::error::policy::{PolicyError, PolicyErrorKind};
use crate::modality::Modality;
use crate::region::Region;
use crate::surface::Surface;
use crate::taxonomy::Topic;
use crate::time::{CivilDate, Timestamp};
use conversation::ConversationWindow;

/// The factors a "see less" request may have (see [`Policy::see_less_factor`]): below, hide the
/// topic; at 1, nothing changes.
pub(crate) const SEE_LESS_FACTORS: std::ops::RangeInclusive<f64> = 0.01..=0.99;

pub(crate) mod context;
pub(crate) mod conversation;
pub(crate) mod decision;
pub(crate) mod engine;
pub(crate) mod presets;
pub(crate) mod topics;

/// When a policy starts to apply.
///
/// Serde form: `{"local_date": "2025-12-16"}` or `{"instant": "2025-12-16T00:00:00Z"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
#[non_exhaustive]
pub enum UnknownAge {
    /// Treat the person as an adult (the host vouches for age elsewhere, e.g. at sign-up).
    #[default]
    Allow,
    /// Deny: only a known age of at least the minimum counts.
    Deny,
}

/// A personalisation policy: regions, start, ages, the surfaces and modalities it covers, linked-only
/// surfaces, sensitive categories, blocked topics.
///
/// A policy names what it covers and denies the rest: a surface it does not list is
/// `surface_unknown` (so `whats_app` cannot escape a linked-only rule for `whatsapp` by spelling),
/// a modality it does not list is `modality_excluded`, an age above its plausible maximum
/// (default [`Policy::DEFAULT_MAXIMUM_AGE`]) is `age_unknown`.
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
///     .surfaces(["instagram".parse()?, "facebook".parse()?])
///     .linked_only_surface("whatsapp".parse()?) // covered too
///     .modalities([chat_interests::Modality::Text])
///     .sensitive(SensitiveCategory::PersonalHardship)
///     .build()?;
/// assert!(p.sensitive().contains(SensitiveCategory::Health)); // always: announced categories can't be dropped
/// assert_eq!(p.surfaces().len(), 3);
/// let json = serde_json::to_string(&p)?;
/// assert_eq!(serde_json::from_str::<Policy>(&json)?, p);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PolicyData", into = "PolicyData")]
pub struct Policy {
    pub(crate) data: PolicyData,
}

/// The serde form of a [`Policy`]; validated by `TryFrom` before a `Policy` exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyData {
    pub(crate) name: String,
    pub(crate) start: Start,
    pub(crate) excluded_regions: BTreeSet<Region>,
    #[serde(default)]
    pub(crate) minimum_age: Option<u16>,
    #[serde(default)]
    pub(crate) unknown_age: UnknownAge,
    /// Ages above this are implausible, so unknown.
    #[serde(default = "default_maximum_age")]
    pub(crate) maximum_age: u16,
    /// The surfaces the policy covers; any other is unknown. Required: a policy names its surfaces.
    pub(crate) surfaces: BTreeSet<Surface>,
    #[serde(default)]
    pub(crate) linked_only_surfaces: BTreeSet<Surface>,
    /// The modalities the policy covers (default: text and voice).
    #[serde(default = "all_modalities")]
    pub(crate) modalities: BTreeSet<Modality>,
    pub(crate) sensitive: SensitiveSet,
    #[serde(default)]
    pub(crate) blocked_topics: BTreeSet<Topic>,
    /// How long a sensitive turn taints the rest of its conversation (default: the rest of it, at
    /// most 24 hours).
    #[serde(default)]
    pub(crate) conversation_window: ConversationWindow,
    /// The factor a "see less" request applies to a topic's scores, in percent (default 50).
    #[serde(default = "default_see_less_percent")]
    pub(crate) see_less_percent: u8,
    /// The parameters of a Topics-style release to third parties, if the policy allows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) topics: Option<topics::TopicsConfig>,
}

fn default_see_less_percent() -> u8 {
    Policy::DEFAULT_SEE_LESS_PERCENT
}

fn default_maximum_age() -> u16 {
    Policy::DEFAULT_MAXIMUM_AGE
}

fn all_modalities() -> BTreeSet<Modality> {
    Modality::ALL.iter().copied().collect()
}

impl TryFrom<PolicyData> for Policy {
    type Error = PolicyError;
    fn try_from(data: PolicyData) -> Result<Self, PolicyError> {
        if data.name.trim().is_empty() {
            return Err(PolicyErrorKind::EmptyName.into());
        }
        if let Some(&missing) = SensitiveCategory::ANNOUNCED
            .iter()
            .find(|c| !data.sensitive.contains(**c))
        {
            return Err(PolicyErrorKind::NarrowsSensitive {
                policy: data.name,
                missing,
            }
            .into());
        }
        if let Some(age) = data.minimum_age.filter(|a| *a > data.maximum_age) {
            return Err(PolicyErrorKind::MinimumAge {
                policy: data.name,
                age,
            }
            .into());
        }
        if data.maximum_age > Policy::DEFAULT_MAXIMUM_AGE {
            return Err(PolicyErrorKind::MaximumAge {
                policy: data.name,
                age: data.maximum_age,
            }
            .into());
        }
        if !(1..=99).contains(&data.see_less_percent) {
            return Err(PolicyErrorKind::SeeLessFactor {
                policy: data.name,
                percent: data.see_less_percent,
            }
            .into());
        }
        let w = data.conversation_window;
        if w.turns == Some(0) || w.seconds == Some(0) {
            return Err(PolicyErrorKind::ConversationWindow { policy: data.name }.into());
        }
        if let Some(surface) = data
            .linked_only_surfaces
            .iter()
            .find(|s| !data.surfaces.contains(*s))
        {
            return Err(PolicyErrorKind::UncoveredSurface {
                policy: data.name.clone(),
                surface: surface.as_str().to_owned(),
            }
            .into());
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
    /// The highest plausible age, in years: ages above it are read as unknown.
    pub const DEFAULT_MAXIMUM_AGE: u16 = 130;
    /// The default "see less" factor, in percent: a topic the person sees less of counts half.
    pub const DEFAULT_SEE_LESS_PERCENT: u8 = 50;

    /// A builder; the policy starts with the announced sensitive categories, both modalities, no
    /// surface (add the ones it covers) and nothing else set.
    pub fn builder(name: &str) -> PolicyBuilder {
        PolicyBuilder {
            data: PolicyData {
                name: name.to_owned(),
                start: Start::Instant(Timestamp::UNIX_EPOCH),
                excluded_regions: BTreeSet::new(),
                minimum_age: None,
                unknown_age: UnknownAge::Allow,
                maximum_age: Policy::DEFAULT_MAXIMUM_AGE,
                surfaces: BTreeSet::new(),
                linked_only_surfaces: BTreeSet::new(),
                modalities: all_modalities(),
                sensitive: SensitiveSet::announced(),
                blocked_topics: BTreeSet::new(),
                conversation_window: ConversationWindow::default(),
                see_less_percent: Policy::DEFAULT_SEE_LESS_PERCENT,
                topics: None,
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

    /// Ages above this are read as unknown.
    pub fn maximum_age(&self) -> u16 {
        self.data.maximum_age
    }
    /// The surfaces the policy covers; a message from any other surface is denied `surface_unknown`.
    pub fn surfaces(&self) -> &BTreeSet<Surface> {
        &self.data.surfaces
    }
    /// The modalities the policy covers; any other is denied `modality_excluded`.
    pub fn modalities(&self) -> &BTreeSet<Modality> {
        &self.data.modalities
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

    /// How long a sensitive turn taints the turns after it in the same conversation.
    pub fn conversation_window(&self) -> ConversationWindow {
        self.data.conversation_window
    }

    /// The factor a person's "see less" request applies to a topic's scores, for
    /// [`InterestProfile::see_less`](crate::InterestProfile::see_less): 0.01 to 0.99.
    pub fn see_less_factor(&self) -> f64 {
        f64::from(self.data.see_less_percent) / 100.0
    }

    /// The parameters of a Topics-style release to third parties, `None` when the policy allows none.
    pub fn topics(&self) -> Option<&topics::TopicsConfig> {
        self.data.topics.as_ref()
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

    /// Ages above `age` are read as unknown (default [`Policy::DEFAULT_MAXIMUM_AGE`], which is also
    /// the highest allowed).
    pub fn maximum_age(mut self, age: u16) -> Self {
        self.data.maximum_age = age;
        self
    }
    /// Adds surfaces the policy covers.
    pub fn surfaces(mut self, surfaces: impl IntoIterator<Item = Surface>) -> Self {
        self.data.surfaces.extend(surfaces);
        self
    }
    /// The modalities the policy covers (replacing the default, text and voice).
    pub fn modalities(mut self, modalities: impl IntoIterator<Item = Modality>) -> Self {
        self.data.modalities = modalities.into_iter().collect();
        self
    }
    /// Adds a surface whose chats count only when the account is linked (and covers it).
    pub fn linked_only_surface(mut self, surface: Surface) -> Self {
        self.data.surfaces.insert(surface.clone());
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

    /// How long a sensitive turn taints the turns after it (default [`ConversationWindow::default`]:
    /// the rest of the conversation, at most 24 hours). A bound of 0 turns or 0 seconds is refused.
    pub fn conversation_window(mut self, window: ConversationWindow) -> Self {
        self.data.conversation_window = window;
        self
    }

    /// The factor a "see less" request applies, in percent (default
    /// [`Policy::DEFAULT_SEE_LESS_PERCENT`]; 1 to 99, else `build` refuses it).
    pub fn see_less_percent(mut self, percent: u8) -> Self {
        self.data.see_less_percent = percent;
        self
    }

    /// Allows a Topics-style release to third parties with these parameters (default: none).
    pub fn topics(mut self, config: topics::TopicsConfig) -> Self {
        self.data.topics = Some(config);
        self
    }

    /// Validates and builds.
    ///
    /// # Errors
    /// [`PolicyError`] of kind [`EmptyName`](crate::PolicyErrorKind::EmptyName),
    /// [`MinimumAge`](crate::PolicyErrorKind::MinimumAge),
    /// [`MaximumAge`](crate::PolicyErrorKind::MaximumAge) or
    /// [`UncoveredSurface`](crate::PolicyErrorKind::UncoveredSurface).
    pub fn build(self) -> Result<Policy, PolicyError> {
        Policy::try_from(self.data)
    }
}
