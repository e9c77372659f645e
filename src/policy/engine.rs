//! The engine that applies a policy to one message.

use std::sync::Arc;

use crate::category::SensitiveSet;
use crate::classify::classification::Classification;
use crate::policy::context::MessageContext;
use crate::policy::conversation::ConversationState;
use crate::policy::decision::{Allowed, Decision, DenyReason};
use crate::policy::{Policy, UnknownAge};
use crate::region::Region;
use crate::scored::NO_INTERESTS;
use crate::taxonomy::{InterestId, Topic};
use crate::time::SUPPORTED_UNIX_SECONDS;

/// Applies a [`Policy`]. Immutable, `Send + Sync`, cheap to clone.
///
/// ```
/// use chat_interests::{Classifier, MessageContext, Policy, PolicyEngine};
/// let engine = PolicyEngine::new(Policy::announced_rollout());
/// let classifier = Classifier::builtin();
/// let ctx = MessageContext::builder().at("2026-01-10T12:00:00Z".parse()?).region("US".parse()?).age(30);
///
/// let ok = engine.evaluate(&ctx.clone().build(), &classifier.classify("best trail running shoes?", None));
/// assert!(ok.is_allowed());
///
/// let eu = ctx.region("DE".parse()?).build();
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
            Some(at) if !SUPPORTED_UNIX_SECONDS.contains(&at.unix_seconds()) => {
                reasons.push(DenyReason::TimeUnknown)
            }
            // A region's own start counts once the region is known (an unknown one is denied above).
            Some(at)
                if !ctx
                    .region
                    .map_or(p.start.has_started(at), |r| self.policy.has_started(r, at)) =>
            {
                reasons.push(DenyReason::BeforeStart)
            }
            Some(_) => {}
        }
        let implausible = ctx.age.is_some_and(|a| a > p.maximum_age);
        if let Some(minimum) = p.minimum_age {
            match ctx.age {
                _ if implausible => reasons.push(DenyReason::AgeUnknown),
                Some(age) if age < minimum => reasons.push(DenyReason::Minor { age, minimum }),
                None if p.unknown_age == UnknownAge::Deny || ctx.age_unreadable => {
                    reasons.push(DenyReason::AgeUnknown)
                }
                _ => {}
            }
        } else if implausible {
            reasons.push(DenyReason::AgeUnknown);
        }
        match &ctx.surface {
            _ if ctx.surface_unreadable => reasons.push(DenyReason::SurfaceUnknown),
            Some(surface) if !p.surfaces.contains(surface) => {
                reasons.push(DenyReason::SurfaceUnknown)
            }
            Some(surface) if !ctx.linked && p.linked_only_surfaces.contains(surface) => reasons
                .push(DenyReason::SurfaceNotLinked {
                    surface: surface.clone(),
                }),
            _ => {}
        }
        match ctx.modality {
            _ if ctx.modality_unreadable => reasons.push(DenyReason::ModalityUnknown),
            Some(modality) if !p.modalities.contains(&modality) => {
                reasons.push(DenyReason::ModalityExcluded { modality })
            }
            _ => {}
        }

        let (mut hidden, mut blocked) = (0, 0);
        let mut interests = NO_INTERESTS;
        for s in classification.interests() {
            if within_any(s.id(), &ctx.hidden_topics) {
                hidden += 1;
            } else if within_any(s.id(), &p.blocked_topics) {
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

    /// [`evaluate`](Self::evaluate) for one turn of a conversation, in order: the turn is also denied
    /// (`conversation_sensitive`, naming the categories) when an earlier turn within the policy's
    /// [`conversation_window`](Policy::conversation_window) was sensitive, and `conversation` then
    /// records this turn (its sensitive categories, whether or not it was denied for other reasons).
    ///
    /// Earlier turns were judged before anything was known; a host that wants them gone from the
    /// profile keeps their message ids and retracts them when a later turn turns out sensitive.
    ///
    /// ```
    /// use chat_interests::{Classifier, ConversationState, MessageContext, Policy, PolicyEngine};
    /// let engine = PolicyEngine::new(Policy::announced_rollout());
    /// let classifier = Classifier::builtin();
    /// let ctx = MessageContext::builder().at("2026-01-10T12:00:00Z".parse()?).region("US".parse()?).build();
    /// let mut chat = ConversationState::new();
    /// engine.evaluate_turn(&ctx, &classifier.classify("I was diagnosed with type 2 diabetes", None), &mut chat);
    /// let next = engine.evaluate_turn(&ctx, &classifier.classify("which running shoes are good for long walks?", None), &mut chat);
    /// assert_eq!(next.reasons()[0].to_string(), "an earlier turn of the conversation was sensitive (health)");
    /// assert!(next.interests().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_turn(
        &self,
        ctx: &MessageContext,
        classification: &Classification,
        conversation: &mut ConversationState,
    ) -> Decision {
        let decision = self.evaluate(ctx, classification);
        let earlier = conversation
            .tainting(&self.policy.data.conversation_window, ctx.at)
            .intersection(self.policy.sensitive());
        conversation.record(self.sensitive_in(classification), ctx.at);
        if earlier.is_empty() {
            return decision;
        }
        let taint = DenyReason::ConversationSensitive {
            categories: earlier,
        };
        match decision {
            Decision::Allowed(_) => Decision::Denied(vec![taint]),
            Decision::Denied(mut reasons) => {
                // Right after this turn's own `sensitive`, if any: the sensitivity reasons first.
                let at = usize::from(matches!(
                    reasons.first(),
                    Some(DenyReason::Sensitive { .. })
                ));
                reasons.insert(at, taint);
                Decision::Denied(reasons)
            }
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
    fn a_region_start_denies_before_start_in_that_region_only() {
        use crate::policy::context::MessageContext;
        let p = Policy::builder("p")
            .start(crate::policy::Start::LocalDate(
                "2025-12-16".parse().unwrap(),
            ))
            .region_start(
                "DE".parse().unwrap(),
                crate::policy::Start::LocalDate("2027-03-01".parse().unwrap()),
            )
            .build()
            .unwrap();
        let engine = PolicyEngine::new(p);
        let c = crate::classify::Classifier::builtin().classify("cheap flights to Rome", None);
        let codes = |region: &str, at: &str| {
            let ctx = MessageContext::builder()
                .region(region.parse().unwrap())
                .at(at.parse().unwrap())
                .build();
            let d = engine.evaluate(&ctx, &c);
            d.reasons().iter().map(|r| r.code()).collect::<Vec<_>>()
        };
        assert_eq!(codes("US", "2026-05-01T12:00:00Z"), Vec::<&str>::new());
        assert_eq!(codes("DE", "2026-05-01T12:00:00Z"), ["before_start"]);
        // Local time: 00:30 on 1 March in Berlin is still 28 February in UTC.
        assert_eq!(codes("DE", "2027-03-01T00:30:00+01:00"), Vec::<&str>::new());
        assert_eq!(codes("DE", "2027-02-28T23:30:00Z"), ["before_start"]);
        assert_eq!(codes("US", "2025-12-15T12:00:00Z"), ["before_start"]);
    }

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
