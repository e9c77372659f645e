//! Any JSON as a policy and any strings as a context: parsing and evaluation must not panic,
//! and a policy that parses always covers the announced categories.
#![no_main]

use chat_interests::{Classifier, MessageContext, Policy, PolicyEngine, SensitiveSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(policy) = serde_json::from_str::<Policy>(&text) {
        assert!(policy.sensitive().is_superset(SensitiveSet::announced()));
    }
    // Split the input into context fields.
    let mut parts = text.splitn(5, '\u{1}');
    let (region, at, age, surface, body) =
        (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut ctx = MessageContext::builder();
    if let Ok(r) = region.parse() {
        ctx = ctx.region(r);
    }
    if let Ok(t) = at.parse() {
        ctx = ctx.at(t);
    }
    if let Ok(a) = age.parse() {
        ctx = ctx.age(a);
    }
    if let Ok(s) = surface.parse() {
        ctx = ctx.surface(s);
    }
    let ctx = ctx.build();
    let c = Classifier::builtin().classify(body, None);
    for policy in [Policy::announced_rollout(), Policy::strict_gdpr_art9()] {
        let engine = PolicyEngine::new(policy);
        let d = engine.evaluate(&ctx, &c);
        if ctx.region().is_none() || ctx.at().is_none() || !engine.sensitive_in(&c).is_empty() {
            assert!(!d.is_allowed());
        }
    }
});
