//! Policy: whether a message may feed personalisation, and why not.
//!
//! A [`Policy`] is data: JSON in the schema documented on [`Policy`], validated the same way on build,
//! on deserialize and by [`Policy::from_json`]; the [`presets`] are ordinary policy files under
//! `data/policies/`. A [`PolicyEngine`](engine::PolicyEngine) applies it to a
//! [`MessageContext`](context::MessageContext) and a [`Classification`](crate::Classification) and
//! returns a [`Decision`](decision::Decision) that lists *every* [`DenyReason`](decision::DenyReason)
//! that applies, not just the first.

use std::collections::{BTreeMap, BTreeSet};

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
pub(crate) mod file;
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
/// [`Policy::strict_gdpr_art9`], [`Policy::preset`]), or read one from a file ([`Policy::from_json`],
/// or serde: validated the same way).
///
/// # The policy file
///
/// A JSON object (see `data/policies/*.json`; [`Policy::to_json`] writes any policy in this form).
/// A field not listed here, or one given twice, is an error; arrays are sets (order and repeats do not
/// matter). A value its type refuses is a [`PolicyErrorKind::Json`](crate::PolicyErrorKind::Json)
/// error with line and column; the other checks are made on the whole policy and name it.
///
/// | field | type | default | meaning | refused (error) |
/// |---|---|---|---|---|
/// | `name` | string | required | the policy's name, in its errors | empty or blank (`EmptyName`) |
/// | `start` | `{"local_date": "YYYY-MM-DD"}` or `{"instant": "<RFC 3339>"}` | required | before it: `before_start`; a local date is read at the offset each message's time was written in ([`Start`]) | a date that does not exist; a time that is not RFC 3339 or whose offset is outside −12:00…+14:00 (`Json`) |
/// | `excluded_regions` | array of ISO 3166-1 alpha-2 codes | required (may be empty) | a message from one: `region_excluded` (a message without a region: `region_unknown`, always) | a code that is not officially assigned, e.g. `EU`, `XK` (`Json`); `UK` and `EL` read as `GB` and `GR`, case and spaces are ignored |
/// | `region_starts` | object: region code → start (as `start`) | `{}` | a message from one of these regions is used once its own start has passed too (else `before_start`): a region that joins later | a region that is also excluded (`ExcludedRegionStart`); a region twice (`UK` and `GB` too), a bad code or start (`Json`) |
/// | `minimum_age` | integer or `null` | `null` (none) | younger: `minor` | above `maximum_age` (`MinimumAge`); not 0 to 65535 (`Json`) |
/// | `unknown_age` | `"allow"` or `"deny"` | `"allow"` | with a `minimum_age`, whether a message without an age is used; `deny`: `age_unknown` | another value (`Json`) |
/// | `maximum_age` | integer | `130` | older: `age_unknown` (implausible) | above 130 (`MaximumAge`) |
/// | `surfaces` | array of surface names | required | the surfaces covered; a message from any other: `surface_unknown` (one without a surface is not checked) | a name not of 1 to 32 characters from `a-z 0-9 _ -` (`Json`); names are lower-cased |
/// | `linked_only_surfaces` | array of surface names | `[]` | a message from one without a linked account: `surface_not_linked` | a surface not in `surfaces` (`UncoveredSurface`) |
/// | `modalities` | array of `"text"`, `"voice"` | both | a message of another: `modality_excluded` (one without a modality is not checked) | another value (`Json`) |
/// | `sensitive` | array of [`SensitiveCategory`] names (`health`, `trade_union`, …) | required | a message with any of them is dropped whole: `sensitive` | one of the seven announced categories missing (`NarrowsSensitive`); an unknown name (`Json`) |
/// | `blocked_topics` | array of IAB Content Taxonomy 3.1 ids (strings, e.g. `"188"`) | `[]` | the topics and their subtrees never become interests; a message with nothing else: `topic_blocked` | an id not in the taxonomy (`Json`) |
/// | `conversation_window` | `{"turns": n or null, "seconds": n or null}` | `{"turns": null, "seconds": 86400}` | how long a sensitive turn taints the later turns of its conversation (`conversation_sensitive`); `null` or a missing key is no bound of that kind ([`ConversationWindow`]) | a bound of 0 (`ConversationWindow`); another key (`Json`) |
/// | `see_less_percent` | integer | `50` | the factor a "see less" request applies ([`Policy::see_less_factor`]) | outside 1 to 99 (`SeeLessFactor`) |
/// | `topics` | object (optional; written only when set) | absent: no Topics-style release to third parties | the release's parameters, [`TopicsConfig`](crate::TopicsConfig): `version`, `epoch_days` (7), `epoch_origin` (a Monday 00:00 UTC), `top_topics` (5), `epochs_released` (3), `random_percent` (5), `segtax` (9 or 4); each optional with Chrome's value as default | an unknown field, or a value out of range (`Topics`) |
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
    /// Regions that start later than the policy: a message from one is used once its region's start
    /// has passed too (default: none).
    #[serde(default, deserialize_with = "unique_region_starts")]
    pub(crate) region_starts: BTreeMap<Region, Start>,
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

/// `region_starts`, refusing a region given twice (`UK` and `GB` too): a map would keep one start
/// silently, and a reader that keeps the other would disagree.
fn unique_region_starts<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<Region, Start>, D::Error> {
    struct Starts;
    impl<'de> serde::de::Visitor<'de> for Starts {
        type Value = BTreeMap<Region, Start>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object from region codes to starts")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut starts = BTreeMap::new();
            while let Some((region, start)) = map.next_entry::<Region, Start>()? {
                if starts.insert(region, start).is_some() {
                    return Err(serde::de::Error::custom(format!(
                        "region {region} has two starts"
                    )));
                }
            }
            Ok(starts)
        }
    }
    d.deserialize_map(Starts)
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
        if let Some(region) = data
            .region_starts
            .keys()
            .find(|r| data.excluded_regions.contains(*r))
        {
            return Err(PolicyErrorKind::ExcludedRegionStart {
                policy: data.name.clone(),
                region: region.as_str().to_owned(),
            }
            .into());
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
                region_starts: BTreeMap::new(),
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

    /// Regions that start later than the policy, with their starts: a message from one is used only
    /// once both the policy's start and its region's have passed (else `before_start`).
    pub fn region_starts(&self) -> &BTreeMap<Region, Start> {
        &self.data.region_starts
    }

    /// Whether a message from `region` at `at` is on or after the policy's start and, where the
    /// region has a start of its own, that one too.
    ///
    /// ```
    /// use chat_interests::{Policy, Start};
    /// let p = Policy::builder("later-in-de")
    ///     .start(Start::LocalDate("2025-12-16".parse()?))
    ///     .region_start("DE".parse()?, Start::LocalDate("2027-03-01".parse()?))
    ///     .build()?;
    /// let at = "2026-06-01T12:00:00Z".parse()?;
    /// assert!(p.has_started("US".parse()?, at));
    /// assert!(!p.has_started("DE".parse()?, at));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn has_started(&self, region: Region, at: Timestamp) -> bool {
        self.data.start.has_started(at)
            && self
                .data
                .region_starts
                .get(&region)
                .map_or(true, |s| s.has_started(at))
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

    /// Gives `region` a start of its own, later than the policy's (a region may have one; a later
    /// call replaces it). `build` refuses it for an excluded region.
    pub fn region_start(mut self, region: Region, start: Start) -> Self {
        self.data.region_starts.insert(region, start);
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
    /// [`MaximumAge`](crate::PolicyErrorKind::MaximumAge),
    /// [`SeeLessFactor`](crate::PolicyErrorKind::SeeLessFactor),
    /// [`ConversationWindow`](crate::PolicyErrorKind::ConversationWindow),
    /// [`ExcludedRegionStart`](crate::PolicyErrorKind::ExcludedRegionStart) or
    /// [`UncoveredSurface`](crate::PolicyErrorKind::UncoveredSurface) (and
    /// [`NarrowsSensitive`](crate::PolicyErrorKind::NarrowsSensitive) for a policy read from a file).
    pub fn build(self) -> Result<Policy, PolicyError> {
        Policy::try_from(self.data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The policy file's fields: the keys of a serialized policy (every field is written).
    fn fields() -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_str(&Policy::announced_rollout().to_json()).unwrap();
        v.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn a_region_start_applies_after_the_policy_start_and_never_to_an_excluded_region() {
        let de: Region = "DE".parse().unwrap();
        let later = Start::Instant("2027-03-01T00:00:00Z".parse().unwrap());
        let p = Policy::builder("p")
            .start(Start::Instant("2026-01-01T00:00:00Z".parse().unwrap()))
            .region_start(de, later)
            .build()
            .unwrap();
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let us = "US".parse().unwrap();
        assert!(!p.has_started(us, at("2025-12-31T23:59:59Z")));
        assert!(p.has_started(us, at("2026-01-01T00:00:00Z")));
        assert!(!p.has_started(de, at("2027-02-28T23:59:59Z")));
        assert!(p.has_started(de, at("2027-03-01T00:00:00Z")));
        // A region start earlier than the policy's does not open the region earlier.
        let early = Policy::builder("p")
            .start(Start::Instant("2026-01-01T00:00:00Z".parse().unwrap()))
            .region_start(de, Start::Instant(Timestamp::UNIX_EPOCH))
            .build()
            .unwrap();
        assert!(!early.has_started(de, at("2025-06-01T00:00:00Z")));
        let e = Policy::builder("p")
            .exclude_regions([de])
            .region_start(de, later)
            .build()
            .unwrap_err();
        assert!(
            matches!(e.kind(), PolicyErrorKind::ExcludedRegionStart { region, .. } if region == "DE"),
            "{e}"
        );
    }

    #[test]
    fn every_field_is_documented_in_the_crate_docs_and_the_readme() {
        let docs = include_str!("mod.rs");
        let readme = include_str!("../../README.md");
        let section = readme
            .split("\n## Policies as files\n")
            .nth(1)
            .expect("the README has a section \"Policies as files\"");
        let section = section.split("\n## ").next().unwrap();
        assert_eq!(fields().len(), 14);
        for field in fields() {
            let row = format!("| `{field}` |");
            assert!(
                docs.contains(&format!("/// {row}")),
                "{field} is not in the Policy docs"
            );
            assert!(
                section.contains(&row),
                "{field} is not in the README's schema"
            );
        }
        for key in ["local_date", "instant", "turns", "seconds"] {
            assert!(
                docs.contains(&format!("\"{key}\"")) && section.contains(&format!("\"{key}\"")),
                "{key}"
            );
        }
    }
}
