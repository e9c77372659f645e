//! `chat-interests` inside [Apache DataFusion](https://datafusion.apache.org): the classifier, the
//! policy and the profile merge as SQL functions over Arrow and Parquet.
//!
//! - `classify(text, lang)` → `{language, interests, sensitive, oversized}`: the classifier's reading,
//!   before any policy (`sensitive` lists every category found, by name).
//! - `decide(text, lang, at, region, age, surface, linked, message_id)` → `{used, reasons, interests}`:
//!   what the policy does with the message.
//! - `merge_profiles(person, text, lang, at, region, age, surface, linked, message_id)` → `Binary`:
//!   the group's [`InterestProfile`](chat_interests::InterestProfile) in its stored form
//!   ([`decode_profile`]), built from the messages the policy allows. Its partial states are the same
//!   stored form, validated when read back, and merged with the core's commutative and associative
//!   `InterestProfile::merge`, so DataFusion may split the work across partitions (or Ballista across
//!   machines) and get the profile a sequential loop would (up to floating-point rounding).
//!
//! ```
//! use chat_interests::Policy;
//! use chat_interests_datafusion::{decode_profile, ChatInterests};
//! use datafusion::prelude::SessionContext;
//!
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! let ctx = SessionContext::new();
//! ChatInterests::new(Policy::announced_rollout()).register(&ctx);
//! ctx.sql("CREATE TABLE messages (person TEXT, text TEXT, at TIMESTAMP, region TEXT, surface TEXT)
//!          AS VALUES ('p1', 'cheap flights to Lisbon and a hotel near the beach',
//!                     TIMESTAMP '2026-02-01T10:00:00Z', 'US', 'instagram')").await?;
//! let batches = ctx
//!     .sql("SELECT person, merge_profiles(person, text, NULL, at, region, NULL, surface, false, NULL) AS p,
//!                  get_field(decide(text, NULL, at, region, NULL, surface, false, NULL), 'used') AS used
//!           FROM messages GROUP BY person, text, at, region, surface")
//!     .await?
//!     .collect()
//!     .await?;
//! use datafusion::arrow::array::AsArray;
//! let profile = decode_profile(batches[0].column(1).as_binary::<i32>().value(0))?;
//! assert_eq!(profile.key(), "p1");
//! assert_eq!(profile.messages(), 1);
//! assert!(batches[0].column(2).as_boolean().value(0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! On a Ballista cluster, the scheduler and every executor register the same functions (by name)
//! under the same policy and settings; see the crate's README.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::sync::Arc;

use chat_interests::{Classifier, InterestProfile, Policy, PolicyEngine, ProfileError};
use datafusion::logical_expr::{AggregateUDF, ScalarUDF};
use datafusion::prelude::SessionContext;

mod arrays;
mod classify;
mod columns;
mod decide;
mod merge;
pub mod reference;
mod state;
pub mod synthetic;
mod table;

pub use state::{StateError, decode_profile, encode_profile};
pub use table::register_parquet_files;

/// What every function of one registration shares: the classifier, the policy and the profile
/// settings.
pub(crate) struct Shared {
    pub(crate) classifier: Classifier,
    pub(crate) engine: PolicyEngine,
    half_life_secs: u64,
    max_entries: usize,
    ledger_len: usize,
}

// DataFusion prints functions in plans and errors: name the policy and settings, not the
// classifier's tables (megabytes of them).
impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("policy", &self.engine.policy().name())
            .field("half_life_secs", &self.half_life_secs)
            .field("max_entries", &self.max_entries)
            .field("ledger_len", &self.ledger_len)
            .finish_non_exhaustive()
    }
}

/// The shared state as the functions hold it: two functions are the same (for DataFusion's plan
/// comparisons) when they hold the same registration.
#[derive(Debug, Clone)]
pub(crate) struct Handle(Arc<Shared>);

impl PartialEq for Handle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Handle {}

impl std::hash::Hash for Handle {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0).hash(state);
    }
}

impl std::ops::Deref for Handle {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl Shared {
    /// An empty profile for `key` with the registration's settings.
    pub(crate) fn new_profile(&self, key: &str) -> Result<InterestProfile, ProfileError> {
        InterestProfile::with_settings(key, self.half_life_secs, self.max_entries)?
            .with_ledger_len(self.ledger_len)
    }
}

/// The functions `classify`, `decide` and `merge_profiles` under one policy and profile settings.
///
/// Cheap to clone (the state is shared); Send + Sync.
///
/// ```
/// use chat_interests::Policy;
/// use chat_interests_datafusion::ChatInterests;
/// let functions = ChatInterests::builder(Policy::preset("strict-gdpr-art9")?)
///     .max_entries(64)
///     .build()?;
/// assert_eq!(functions.new_profile("p1")?.max_entries(), 64);
/// assert!(ChatInterests::builder(Policy::announced_rollout()).max_entries(0).build().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ChatInterests {
    shared: Handle,
}

/// Builds [`ChatInterests`]: the policy, and the settings of the profiles `merge_profiles` makes
/// (the core's defaults unless set).
#[derive(Debug, Clone)]
pub struct ChatInterestsBuilder {
    policy: Policy,
    half_life_secs: u64,
    max_entries: usize,
    ledger_len: usize,
}

impl ChatInterestsBuilder {
    /// The half-life of scores (1 hour to 10 years; default 30 days).
    pub fn half_life_secs(mut self, secs: u64) -> Self {
        self.half_life_secs = secs;
        self
    }

    /// The bound on a profile's interests (1 to 65,536; default 256). Within the bound, merging is
    /// order-independent; a profile that reaches it keeps its strongest interests as of the moment
    /// the bound was enforced, which depends on the order in which the parts were merged.
    pub fn max_entries(mut self, max_entries: usize) -> Self {
        self.max_entries = max_entries;
        self
    }

    /// How many latest messages a profile can forget exactly (0 to 65,536; default 256).
    pub fn ledger_len(mut self, ledger_len: usize) -> Self {
        self.ledger_len = ledger_len;
        self
    }

    /// The functions.
    ///
    /// # Errors
    /// The core's [`ProfileError`] when a setting is out of range.
    pub fn build(self) -> Result<ChatInterests, ProfileError> {
        let shared = Shared {
            classifier: Classifier::builtin(),
            engine: PolicyEngine::new(self.policy),
            half_life_secs: self.half_life_secs,
            max_entries: self.max_entries,
            ledger_len: self.ledger_len,
        };
        // Settings are checked once, here, not on a query's first row.
        shared.new_profile("settings-check")?;
        Ok(ChatInterests {
            shared: Handle(Arc::new(shared)),
        })
    }
}

impl ChatInterests {
    /// The functions under `policy` with the core's default profile settings.
    ///
    /// ```
    /// use chat_interests::Policy;
    /// use chat_interests_datafusion::ChatInterests;
    /// let f = ChatInterests::new(Policy::announced_rollout());
    /// assert_eq!(f.merge_profiles().name(), "merge_profiles");
    /// ```
    pub fn new(policy: Policy) -> Self {
        Self::builder(policy)
            .build()
            .unwrap_or_else(|e| unreachable!("the core's defaults are valid: {e}"))
    }

    /// A builder under `policy`.
    pub fn builder(policy: Policy) -> ChatInterestsBuilder {
        ChatInterestsBuilder {
            policy,
            half_life_secs: InterestProfile::DEFAULT_HALF_LIFE_SECS,
            max_entries: InterestProfile::DEFAULT_MAX_ENTRIES,
            ledger_len: InterestProfile::DEFAULT_LEDGER_LEN,
        }
    }

    /// Registers `classify`, `decide` and `merge_profiles` in `ctx`. On Ballista, do this on the
    /// scheduler's and every executor's context.
    pub fn register(&self, ctx: &SessionContext) {
        ctx.register_udf(self.classify());
        ctx.register_udf(self.decide());
        ctx.register_udaf(self.merge_profiles());
    }

    /// The scalar UDF `classify(text, lang)`.
    pub fn classify(&self) -> ScalarUDF {
        ScalarUDF::from(classify::ClassifyUdf::new(self.shared.clone()))
    }

    /// The scalar UDF `decide(text, lang, at, region, age, surface, linked, message_id)`.
    pub fn decide(&self) -> ScalarUDF {
        ScalarUDF::from(decide::DecideUdf::new(self.shared.clone()))
    }

    /// The aggregate UDF `merge_profiles(person, text, lang, at, region, age, surface, linked,
    /// message_id)`.
    pub fn merge_profiles(&self) -> AggregateUDF {
        AggregateUDF::from(merge::MergeProfiles::new(self.shared.clone()))
    }

    /// An empty profile for `key` with these functions' settings: what `merge_profiles` starts from.
    ///
    /// # Errors
    /// The core's [`ProfileError`] for a key that is no valid profile key.
    pub fn new_profile(&self, key: &str) -> Result<InterestProfile, ProfileError> {
        self.shared.new_profile(key)
    }

    /// The classifier the functions use.
    pub fn classifier(&self) -> &Classifier {
        &self.shared.classifier
    }

    /// The policy engine the functions use.
    pub fn engine(&self) -> &PolicyEngine {
        &self.shared.engine
    }
}
