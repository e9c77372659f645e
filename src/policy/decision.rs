//! The outcome of a policy decision: allowed (with what the message contributes) or denied (with every
//! reason).

use std::fmt;

use serde::Serialize;

use crate::category::SensitiveSet;
use crate::message_id::MessageId;
use crate::modality::Modality;
use crate::region::Region;
use crate::scored::{InterestList, ScoredInterest};
use crate::surface::Surface;
use crate::time::Timestamp;

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
    /// An earlier turn of the same conversation, within the policy's window, was sensitive.
    ConversationSensitive {
        /// The categories of those earlier turns that the policy covers.
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
    /// No time, one that could not be read, or one outside the years 2000 to 2200.
    TimeUnknown,
    /// Sent before the policy starts, or before the start of its region (`Policy::region_starts`).
    BeforeStart,
    /// No age and the policy requires one, an age that could not be read, or one above the policy's
    /// plausible maximum.
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
    /// A surface was given but could not be read, or is not one the policy covers.
    SurfaceUnknown,
    /// A modality was given but could not be read.
    ModalityUnknown,
    /// The modality is not one the policy covers.
    ModalityExcluded {
        /// The modality.
        modality: Modality,
    },
    /// Every interest of the message is a topic the person has hidden.
    TopicHidden,
    /// Every interest of the message is a topic the policy blocks.
    TopicBlocked,
}

impl DenyReason {
    /// The snake_case code: `sensitive`, `conversation_sensitive`, `input_too_large`, `region_unknown`, `region_excluded`,
    /// `time_unknown`, `before_start`, `age_unknown`, `minor`, `surface_not_linked`, `surface_unknown`,
    /// `modality_unknown`, `modality_excluded`, `topic_hidden`, `topic_blocked`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Sensitive { .. } => "sensitive",
            Self::ConversationSensitive { .. } => "conversation_sensitive",
            Self::InputTooLarge => "input_too_large",
            Self::RegionUnknown => "region_unknown",
            Self::RegionExcluded { .. } => "region_excluded",
            Self::TimeUnknown => "time_unknown",
            Self::BeforeStart => "before_start",
            Self::AgeUnknown => "age_unknown",
            Self::Minor { .. } => "minor",
            Self::SurfaceNotLinked { .. } => "surface_not_linked",
            Self::SurfaceUnknown => "surface_unknown",
            Self::ModalityUnknown => "modality_unknown",
            Self::ModalityExcluded { .. } => "modality_excluded",
            Self::TopicHidden => "topic_hidden",
            Self::TopicBlocked => "topic_blocked",
        }
    }
}

impl fmt::Display for DenyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sensitive { categories } => {
                f.write_str("mentions sensitive information")?;
                write_categories(f, *categories)
            }
            Self::ConversationSensitive { categories } => {
                f.write_str("an earlier turn of the conversation was sensitive")?;
                write_categories(f, *categories)
            }
            Self::InputTooLarge => {
                f.write_str("message too large to check for sensitive information")
            }
            Self::RegionUnknown => f.write_str("region missing or not an ISO 3166-1 alpha-2 code"),
            Self::RegionExcluded { region } => write!(f, "region {region} is excluded"),
            Self::TimeUnknown => {
                f.write_str("time missing, not RFC 3339, or outside the years 2000 to 2200")
            }
            Self::BeforeStart => f.write_str("sent before the policy starts"),
            Self::AgeUnknown => f.write_str("age unknown and the policy requires one"),
            Self::Minor { age, minimum } => {
                write!(f, "age {age} is below the minimum of {minimum}")
            }
            Self::SurfaceNotLinked { surface } => {
                write!(f, "{surface} chats count only from linked accounts")
            }
            Self::SurfaceUnknown => {
                f.write_str("surface not readable or not one the policy covers")
            }
            Self::ModalityUnknown => f.write_str("modality given but not readable"),
            Self::ModalityExcluded { modality } => {
                write!(f, "{modality} messages are not covered by the policy")
            }
            Self::TopicHidden => f.write_str("every interest is a topic the person has hidden"),
            Self::TopicBlocked => f.write_str("every interest is a topic the policy blocks"),
        }
    }
}

/// ` (health, religion)`.
fn write_categories(f: &mut fmt::Formatter<'_>, categories: SensitiveSet) -> fmt::Result {
    f.write_str(" (")?;
    for (i, c) in categories.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        f.write_str(c.name())?;
    }
    f.write_str(")")
}

/// An allowed message: what it contributes, and the facts a profile needs (time, surface, message id).
///
/// Only a [`PolicyEngine`](crate::PolicyEngine) makes one, so a profile that ingests an `Allowed` ingests only what a policy allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Allowed {
    pub(crate) interests: InterestList,
    pub(crate) withheld: usize,
    pub(crate) at: Timestamp,
    pub(crate) surface: Option<Surface>,
    pub(crate) message_id: Option<MessageId>,
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
        self.message_id.as_ref().map(MessageId::as_str)
    }
}

/// The outcome of [`PolicyEngine::evaluate`](crate::PolicyEngine::evaluate).
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
