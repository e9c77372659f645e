//! Why an interest is in a profile, without any text.

use serde::Serialize;

use crate::surface::Surface;
use crate::taxonomy::InterestId;
use crate::time::Timestamp;

/// Why an interest is in a profile: counts, times, surfaces and message ids — never text. Made by
/// [`InterestProfile::explain`](crate::InterestProfile::explain); serializes with the accessors' names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The interest.
    pub(crate) interest: InterestId,
    /// Its score at the time asked for (times its "see less" factor).
    pub(crate) score: f64,
    /// The "see less" factor applied to it (1 when the person asked for nothing).
    pub(crate) see_less_factor: f64,
    /// How many allowed messages contributed to it.
    pub(crate) messages: u64,
    /// The first such message (UTC).
    pub(crate) first_seen: Timestamp,
    /// The latest such message (UTC).
    pub(crate) last_seen: Timestamp,
    /// The surfaces they came from.
    pub(crate) surfaces: Vec<Surface>,
    /// The latest message ids, newest first.
    pub(crate) recent_messages: Vec<String>,
}

impl Explanation {
    /// The interest.
    pub fn interest(&self) -> InterestId {
        self.interest
    }

    /// Its score at the time asked for, times its "see less" factor.
    pub fn score(&self) -> f64 {
        self.score
    }

    /// The "see less" factor applied to its score: the smallest of the topics containing it that the
    /// person sees less of, 1 when none.
    pub fn see_less_factor(&self) -> f64 {
        self.see_less_factor
    }

    /// How many allowed messages contributed to it.
    pub fn messages(&self) -> u64 {
        self.messages
    }

    /// The first such message (UTC).
    pub fn first_seen(&self) -> Timestamp {
        self.first_seen
    }

    /// The latest such message (UTC).
    pub fn last_seen(&self) -> Timestamp {
        self.last_seen
    }

    /// The surfaces they came from, sorted.
    pub fn surfaces(&self) -> &[Surface] {
        &self.surfaces
    }

    /// The latest message ids, newest first (at most [`InterestProfile::RECENT_MESSAGES`](crate::InterestProfile::RECENT_MESSAGES)).
    pub fn recent_messages(&self) -> &[String] {
        &self.recent_messages
    }
}
