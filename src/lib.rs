//! `chat-interests` turns what people tell an AI assistant into ad-personalisation interests while keeping
//! the promises made with it **by construction**: sensitive information is never used, excluded regions,
//! minors and unlinked accounts are never used, and a profile can never carry a sensitive category.
//!
//! ```
//! use chat_interests::{Classifier, InterestProfile, MessageContext, Policy, PolicyEngine};
//!
//! let classifier = Classifier::builtin();                        // built once, Send + Sync
//! let engine = PolicyEngine::new(Policy::announced_rollout());   // policy is data
//! let mut profile = InterestProfile::new("identity-7")?;
//!
//! let ctx = MessageContext::builder()
//!     .at("2026-01-05T18:30:00-05:00".parse()?)
//!     .region("US".parse()?)
//!     .age(29)
//!     .surface("instagram".parse()?)
//!     .build();
//! let classification = classifier.classify("what should I pack for a ski trip to Aspen?", None);
//! let decision = engine.evaluate(&ctx, &classification);
//! if let Some(allowed) = decision.allowed() {
//!     profile.ingest(allowed);
//! }
//! assert!(decision.is_allowed());
//! assert!(!profile.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The one path data takes
//!
//! ```text
//! text ─► fold ─► lexicon match ─┬─► Classifier ─► Classification ─┐
//!                 learned model ─┘   (the model only adds sensitive categories)
//! MessageContext (region, time, age, surface, link) ─► PolicyEngine ─► Decision ─► InterestProfile
//! ```
//! The profile never sees text; the policy never sees lexicons; the classifier never sees the context.
//! A message is sensitive when the lexicon flags it or when [`SensitiveModel`] reaches a category's
//! threshold; [`Classification`] says which did.
//!
//! # Example: a sensitive message contributes nothing
//!
//! Sensitivity is decided on the whole message: one mention is enough, whatever else it is about.
//!
//! ```
//! use chat_interests::{Classifier, MessageContext, Policy, PolicyEngine, SensitiveCategory};
//! let c = Classifier::builtin().classify("Find me running shoes, my diabetes doctor says walk more", None);
//! assert!(c.sensitive().contains(SensitiveCategory::Health));
//! let ctx = MessageContext::builder().at("2026-03-01T10:00:00Z".parse()?).region("BR".parse()?).age(40).build();
//! let d = PolicyEngine::new(Policy::announced_rollout()).evaluate(&ctx, &c);
//! assert!(!d.is_allowed());
//! assert!(d.interests().is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Example: a sensitive IAB node cannot be an interest
//!
//! ```
//! use chat_interests::InterestId;
//! assert!(InterestId::new("459").is_err()); // Christianity
//! assert!(InterestId::new("301").is_err()); // Mental Health
//! assert!(InterestId::new("653").is_ok());  // Travel
//! ```
//!
//! # Untrusted input
//!
//! Chat text is untrusted. [`Classifier::classify`] runs in time linear in the input (a few folding passes,
//! a bounded number of table lookups per word, one automaton scan); memory is linear too (the folded
//! copies of the text plus the matches).
//! Messages above [`ClassifierBuilder::max_input_bytes`] (default 1 MiB) are **rejected, not truncated**:
//! the classification is marked [`Classification::is_oversized`] and every policy denies it
//! (`input_too_large`), because an unread tail could hide a sensitive mention. No input panics.
//! Profiles read from storage go through validation ([`InterestProfile`]), so stored data cannot smuggle a
//! sensitive id, a non-finite score or an impossible time into a running service.
//!
//! # Data
//!
//! The taxonomy is IAB Tech Lab Content Taxonomy 3.1 (CC BY 3.0), embedded with the sensitive mapping
//! (`data/sensitive-nodes.tsv`) and the English and German lexicons (`data/lexicon/`); all are parsed and
//! validated once, on first use.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

// Modules in layer order, bottom first: each uses only the ones listed before it (`tests/layers.rs`).
// Building blocks and data.
mod util;
mod data;
// Value types, and the errors they and the layers above report.
mod error;
mod category;
mod language;
mod region;
mod surface;
mod modality;
mod time;
mod message_id;
mod taxonomy;
mod scored;
// The one path data takes: text → fold → match → classify → policy → profile.
mod text;
mod lexicon;
mod matcher;
mod model;
mod classify;
mod policy;
mod profile;
// Output for the ad stack: OpenRTB 2.6, Audience 1.1 segments, the Topics-style release.
#[cfg(feature = "openrtb")]
mod export;

#[cfg(test)]
mod integrity;

pub use category::{SensitiveCategory, SensitiveSet};
pub use classify::builder::{ClassifierBuilder, DEFAULT_MAX_INPUT_BYTES};
pub use classify::classification::Classification;
pub use classify::scratch::Scratch;
pub use classify::Classifier;
#[cfg(feature = "openrtb")]
pub use error::audience::{AudienceIdError, AudienceIdErrorKind};
pub use error::build::{BuildError, BuildErrorKind};
pub use error::conversation::{ConversationError, ConversationErrorKind};
#[cfg(feature = "openrtb")]
pub use error::export::{ExportError, ExportErrorKind};
pub use error::interest::{InterestIdError, InterestIdErrorKind};
pub use error::parse::{ParseError, RangeError};
pub use error::policy::{PolicyError, PolicyErrorKind};
pub use error::profile::{ProfileError, ProfileErrorKind};
#[cfg(feature = "openrtb")]
pub use export::audience::AudienceId;
#[cfg(feature = "openrtb")]
pub use export::openrtb::{
    ContentCategories, Data, DataExt, Segment, CATTAX_DEFAULT, SEGTAX_AUDIENCE_1_1,
};
#[cfg(feature = "openrtb")]
pub use export::segments::{SegmentTaxonomy, UserDataExport, UserDataExportBuilder, MAX_SEGMENTS};
#[cfg(feature = "openrtb")]
pub use export::topics::{EpochTopics, Observations, ReleasedTopic, TopicsRelease, TopicsSecret};
pub use language::Language;
pub use lexicon::builtin::{builtin_lexicons, LexiconFile};
pub use lexicon::{LexiconKind, MatchMode};
pub use message_id::MessageId;
pub use modality::Modality;
pub use model::features::FeatureHasher;
pub use model::{ModelScores, SensitiveModel};
pub use policy::context::{MessageContext, MessageContextBuilder};
pub use policy::conversation::{ConversationState, ConversationWindow};
pub use policy::decision::{Allowed, Decision, DenyReason};
pub use policy::engine::PolicyEngine;
pub use policy::topics::TopicsConfig;
pub use policy::{Policy, PolicyBuilder, Start, UnknownAge};
pub use profile::explain::Explanation;
pub use profile::receipt::{Forgotten, Receipt};
pub use profile::InterestProfile;
pub use region::Region;
pub use scored::{ScoredInterest, MAX_INTERESTS};
pub use surface::Surface;
pub use taxonomy::{InterestId, Topic, OPENRTB_CATTAX, TAXONOMY_SHA256, TAXONOMY_VERSION};
pub use text::disguise::{fold_disguised, fold_disguised_into};
pub use text::fold::{fold, fold_into};
pub use time::{CivilDate, Timestamp};
pub use util::invisible::is_invisible;

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
