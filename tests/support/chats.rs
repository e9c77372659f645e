//! Chat texts with known, harmless interests, and the built-in classifier and announced-rollout engine,
//! shared by the profile tests.

use chat_interests::{Classifier, Policy, PolicyEngine};
use once_cell::sync::Lazy;

pub static CLASSIFIER: Lazy<Classifier> = Lazy::new(Classifier::builtin);
pub static ENGINE: Lazy<PolicyEngine> =
    Lazy::new(|| PolicyEngine::new(Policy::announced_rollout()));

/// English and German requests, each with interests and none sensitive.
pub const TEXTS: &[&str] = &[
    "cheap flights to Rome and a hotel near the beach",
    "new trail running shoes for the marathon",
    "a pasta recipe and a wine pairing",
    "which laptop is best for gaming",
    "Urlaub an der Ostsee mit dem Wohnmobil",
    "best hiking boots for the Alps",
    "how do I fix a flat bike tyre",
];
