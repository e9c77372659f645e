//! Any bytes as a message: classify must not panic, and a flagged message must never be allowed.
#![no_main]

use chat_interests::{Classifier, MessageContext, Policy, PolicyEngine};
use libfuzzer_sys::fuzz_target;

const CTX: &str = "2026-02-01T12:00:00Z";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let classifier = Classifier::builtin();
    let c = classifier.classify(&text, None);
    let ctx = MessageContext::builder().at(CTX.parse().unwrap()).region("US".parse().unwrap()).age(30).build();
    let d = PolicyEngine::new(Policy::strict_gdpr_art9()).evaluate(&ctx, &c);
    if !c.sensitive().is_empty() {
        assert!(!d.is_allowed());
        assert!(d.interests().is_empty());
    }
    for s in c.interests() {
        assert!(s.score().is_finite() && s.score() > 0.0 && s.score() < 1.0);
    }
});
