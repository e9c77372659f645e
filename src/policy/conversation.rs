//! Conversations: a sensitive turn taints the turns after it, for a window that is policy data.
//!
//! The host keeps one [`ConversationState`] per conversation and passes it to
//! [`PolicyEngine::evaluate_turn`](crate::PolicyEngine::evaluate_turn), which reads and updates it.
//! The state holds no text: per sensitive category, the latest turn that mentioned it and when.

use serde::{Deserialize, Serialize};

use crate::category::{SensitiveCategory, SensitiveSet};
use crate::error::conversation::{ConversationError, ConversationErrorKind};
use crate::time::{Timestamp, SUPPORTED_UNIX_SECONDS};

/// How long a sensitive turn taints the turns after it: at most `turns` later turns and at most
/// `seconds` after it, whichever ends first; `None` is no bound of that kind.
///
/// The default is the rest of the conversation, bounded by 24 hours: a conversation that mentions a
/// diagnosis is about it for as long as it goes on, and a day later a new question ("which running
/// shoes?") is plausibly a new subject even in the same thread. A turn whose time is unknown, or
/// earlier than the sensitive turn, is inside the window (fail closed).
///
/// ```
/// use chat_interests::ConversationWindow;
/// let w = ConversationWindow::default();
/// assert_eq!((w.turns, w.seconds), (None, Some(86_400)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationWindow {
    /// At most this many turns after the sensitive one are tainted (at least 1).
    pub turns: Option<u32>,
    /// At most this many seconds after the sensitive turn are tainted (at least 1).
    pub seconds: Option<u64>,
}

impl Default for ConversationWindow {
    fn default() -> Self {
        Self {
            turns: None,
            seconds: Some(Self::DEFAULT_SECONDS),
        }
    }
}

impl ConversationWindow {
    /// 24 hours.
    pub const DEFAULT_SECONDS: u64 = 86_400;

    /// Whether a turn `turns_after` turns and `elapsed` seconds (`None`: unknown) after a sensitive
    /// turn is inside the window.
    pub(crate) fn covers(&self, turns_after: u32, elapsed: Option<i64>) -> bool {
        let by_turns = self.turns.map_or(true, |t| turns_after <= t);
        let by_time = match (self.seconds, elapsed) {
            (None, _) | (_, None) => true,
            (Some(s), Some(e)) => e < 0 || e.unsigned_abs() <= s,
        };
        by_turns && by_time
    }
}

/// What a conversation has shown so far: the number of turns evaluated and, per sensitive category,
/// the latest turn that mentioned it and its time. No text, no interests; at most one record per
/// category, so the state stays small however long the conversation.
///
/// Serde form (version 1): `{"version":1,"turns":3,"seen":[{"category":"health","turn":0,"at":1765843200}]}`
/// (`at` in Unix seconds, or `null` when the turn's time was unknown). A stored state is validated
/// when deserialized: a version this crate does not read, a category twice, a turn not before
/// `turns`, or a time outside 2000..2200 is an error.
///
/// ```
/// use chat_interests::{Classifier, ConversationState, MessageContext, Policy, PolicyEngine};
/// let engine = PolicyEngine::new(Policy::announced_rollout());
/// let classifier = Classifier::builtin();
/// let ctx = MessageContext::builder().at("2026-01-10T12:00:00Z".parse()?).region("US".parse()?).age(30).build();
/// let mut chat = ConversationState::new();
/// for (text, used) in [
///     ("which running shoes are good for long walks?", true),
///     ("I was diagnosed with type 2 diabetes last week", false),
///     ("any good audiobooks for a long walk?", false), // harmless alone; part of a health talk now
/// ] {
///     let d = engine.evaluate_turn(&ctx, &classifier.classify(text, None), &mut chat);
///     assert_eq!(d.is_allowed(), used, "{text}");
/// }
/// let stored = serde_json::to_string(&chat)?;
/// assert_eq!(serde_json::from_str::<ConversationState>(&stored)?, chat);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "StateData", into = "StateData")]
pub struct ConversationState {
    turns: u32,
    seen: Vec<Seen>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Seen {
    category: SensitiveCategory,
    turn: u32,
    at: Option<i64>,
}

impl ConversationState {
    /// The format version this crate reads and writes.
    pub const FORMAT_VERSION: u32 = 1;

    /// A conversation with no turns yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many turns were evaluated.
    pub fn turns(&self) -> u32 {
        self.turns
    }

    /// The sensitive categories any turn so far mentioned.
    pub fn seen(&self) -> SensitiveSet {
        self.seen.iter().map(|s| s.category).collect()
    }

    /// The categories whose latest sensitive turn taints a next turn at `at` (`None`: unknown).
    pub(crate) fn tainting(
        &self,
        window: &ConversationWindow,
        at: Option<Timestamp>,
    ) -> SensitiveSet {
        self.seen
            .iter()
            .filter(|s| {
                let elapsed = at.zip(s.at).map(|(now, then)| now.unix_seconds() - then);
                window.covers(self.turns - s.turn, elapsed)
            })
            .map(|s| s.category)
            .collect()
    }

    /// Records one turn, which mentioned `sensitive` (possibly nothing).
    pub(crate) fn record(&mut self, sensitive: SensitiveSet, at: Option<Timestamp>) {
        let turn = self.turns;
        let at = at.map(Timestamp::unix_seconds);
        for category in sensitive.iter() {
            match self.seen.iter_mut().find(|s| s.category == category) {
                Some(s) => (s.turn, s.at) = (turn, at),
                None => self.seen.push(Seen { category, turn, at }),
            }
        }
        self.turns = self.turns.saturating_add(1);
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateData {
    version: u32,
    turns: u32,
    seen: Vec<Seen>,
}

impl From<ConversationState> for StateData {
    fn from(s: ConversationState) -> Self {
        StateData {
            version: ConversationState::FORMAT_VERSION,
            turns: s.turns,
            seen: s.seen,
        }
    }
}

impl TryFrom<StateData> for ConversationState {
    type Error = ConversationError;
    fn try_from(d: StateData) -> Result<Self, ConversationError> {
        if d.version != Self::FORMAT_VERSION {
            return Err(ConversationErrorKind::Version {
                found: d.version,
                supported: Self::FORMAT_VERSION,
            }
            .into());
        }
        for (i, s) in d.seen.iter().enumerate() {
            let category = s.category;
            if d.seen[..i].iter().any(|x| x.category == category) {
                return Err(ConversationErrorKind::DuplicateCategory { category }.into());
            }
            if s.turn >= d.turns {
                return Err(ConversationErrorKind::TurnAhead {
                    category,
                    turn: s.turn,
                    turns: d.turns,
                }
                .into());
            }
            if let Some(seconds) = s.at.filter(|t| !SUPPORTED_UNIX_SECONDS.contains(t)) {
                return Err(ConversationErrorKind::Time { category, seconds }.into());
            }
        }
        Ok(Self {
            turns: d.turns,
            seen: d.seen,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn the_window_ends_where_it_says() {
        let w = ConversationWindow {
            turns: Some(2),
            seconds: Some(3600),
        };
        assert!(w.covers(1, Some(10)));
        assert!(w.covers(2, Some(3600)));
        assert!(!w.covers(3, Some(10)), "turns");
        assert!(!w.covers(1, Some(3601)), "seconds");
        assert!(w.covers(1, None), "unknown time is inside");
        assert!(w.covers(1, Some(-5000)), "an earlier time is inside");
        let rest = ConversationWindow {
            turns: None,
            seconds: None,
        };
        assert!(rest.covers(u32::MAX, Some(i64::MAX)));
    }

    #[test]
    fn the_latest_sensitive_turn_counts() {
        let mut c = ConversationState::new();
        let health: SensitiveSet = [SensitiveCategory::Health].into_iter().collect();
        let w = ConversationWindow {
            turns: Some(1),
            seconds: None,
        };
        c.record(health, Some(t("2026-01-10T12:00:00Z")));
        c.record(SensitiveSet::empty(), None);
        assert!(c.tainting(&w, None).is_empty(), "two turns later");
        c.record(health, None);
        assert_eq!(c.tainting(&w, None), health);
        assert_eq!(c.turns(), 3);
        assert_eq!(
            c.seen,
            vec![Seen {
                category: SensitiveCategory::Health,
                turn: 2,
                at: None
            }]
        );
    }

    #[test]
    fn stored_states_are_validated() {
        let ok =
            r#"{"version":1,"turns":2,"seen":[{"category":"health","turn":1,"at":1768046400}]}"#;
        let c: ConversationState = serde_json::from_str(ok).unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), ok);
        for (bad, why) in [
            (r#"{"version":2,"turns":2,"seen":[]}"#, "version 2"),
            (
                r#"{"version":1,"turns":1,"seen":[{"category":"health","turn":1,"at":null}]}"#,
                "only 1 turns",
            ),
            (
                r#"{"version":1,"turns":3,"seen":[{"category":"health","turn":0,"at":null},{"category":"health","turn":1,"at":null}]}"#,
                "twice",
            ),
            (
                r#"{"version":1,"turns":1,"seen":[{"category":"health","turn":0,"at":5}]}"#,
                "outside the years",
            ),
            (
                r#"{"version":1,"turns":1,"seen":[{"category":"astrology","turn":0,"at":null}]}"#,
                "astrology",
            ),
            (
                r#"{"version":1,"turns":1,"seen":[],"text":"hi"}"#,
                "unknown field",
            ),
        ] {
            let e = serde_json::from_str::<ConversationState>(bad)
                .unwrap_err()
                .to_string();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
