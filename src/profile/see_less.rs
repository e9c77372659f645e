//! "See less": a person's request to see less of a topic. Unlike hiding, the topic's interests stay
//! in the profile; when the profile is read ([`top`](InterestProfile::top),
//! [`explain`](InterestProfile::explain)) their scores are multiplied by the topic's factor. A factor
//! covers the topic's whole subtree; where several cover an interest, the smallest counts (requests
//! do not compound).

use std::collections::BTreeMap;

use crate::error::profile::{ProfileError, ProfileErrorKind};
use crate::policy::SEE_LESS_FACTORS as FACTOR_RANGE;
use crate::profile::InterestProfile;
use crate::taxonomy::{InterestId, Topic};
/// Topics a profile can see less of.
pub(crate) const MAX_SEE_LESS: usize = 1024;

/// Per topic, its factor.
pub(super) type SeeLess = BTreeMap<Topic, f64>;

/// Checks one "see less" request, as given or as read from storage.
pub(super) fn check(see_less: &SeeLess, topic: Topic, factor: f64) -> Result<(), ProfileError> {
    let bad = |message: String| {
        Err(ProfileError::from(ProfileErrorKind::Config {
            setting: "see_less",
            message,
        }))
    };
    if let Some(category) = topic.sensitive() {
        return bad(format!(
            "{} is a sensitive topic ({category}), never an interest",
            topic.iab_id()
        ));
    }
    if !FACTOR_RANGE.contains(&factor) {
        return bad(format!(
            "factor {factor} for {} is not between {} and {} (hide a topic to see none of it)",
            topic.iab_id(),
            FACTOR_RANGE.start(),
            FACTOR_RANGE.end()
        ));
    }
    if see_less.len() >= MAX_SEE_LESS && !see_less.contains_key(&topic) {
        return bad(format!("more than {MAX_SEE_LESS} topics"));
    }
    Ok(())
}

/// The factor for `id`: the smallest of the topics that contain it, 1 when none does.
pub(super) fn factor(see_less: &SeeLess, id: InterestId) -> f64 {
    see_less
        .iter()
        .filter(|(t, _)| id.is_within(**t))
        .map(|(_, &f)| f)
        .fold(1.0, f64::min)
}

/// Adds `other`'s requests to `into`, keeping the smaller factor of a topic both have (so merging is
/// commutative and associative).
pub(super) fn merge(into: &mut SeeLess, other: &SeeLess) {
    for (&topic, &f) in other {
        into.entry(topic)
            .and_modify(|mine| *mine = mine.min(f))
            .or_insert(f);
    }
}

impl InterestProfile {
    /// Asks to see less of `topic` (and its subtree): its interests stay, but read with their score
    /// times `factor` (0.01 to 0.99; take it from the policy,
    /// [`Policy::see_less_factor`](crate::Policy::see_less_factor)). Asking again replaces the factor.
    ///
    /// ```
    /// use chat_interests::{InterestProfile, Policy, Topic};
    /// let mut p = InterestProfile::new("u1")?;
    /// let travel = Topic::new("653")?;
    /// p.see_less(travel, Policy::announced_rollout().see_less_factor())?;
    /// assert_eq!(p.see_less_topics().get(&travel), Some(&0.5));
    /// assert!(p.see_less(travel, 1.5).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ProfileErrorKind::Config`](crate::ProfileErrorKind::Config) when the factor is out of range,
    /// the topic is sensitive, or the profile already sees less of 1,024 topics.
    pub fn see_less(&mut self, topic: Topic, factor: f64) -> Result<(), ProfileError> {
        check(&self.see_less, topic, factor)?;
        self.see_less.insert(topic, factor);
        Ok(())
    }

    /// Takes back a "see less" request.
    pub fn see_normally(&mut self, topic: Topic) {
        self.see_less.remove(&topic);
    }

    /// The topics the person sees less of, with their factors.
    pub fn see_less_topics(&self) -> &BTreeMap<Topic, f64> {
        &self.see_less
    }
}
