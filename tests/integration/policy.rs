use chat_interests::*;

fn classify(text: &str) -> Classification {
    Classifier::builtin().classify(text, None)
}

fn ctx() -> MessageContextBuilder {
    MessageContext::builder()
        .at("2026-02-01T12:00:00Z".parse().unwrap())
        .region("US".parse().unwrap())
        .age(30)
        .surface("instagram".parse().unwrap())
}

fn codes(d: &Decision) -> Vec<&'static str> {
    d.reasons().iter().map(DenyReason::code).collect()
}

fn announced() -> PolicyEngine {
    PolicyEngine::new(Policy::announced_rollout())
}

const BENIGN: &str = "which running shoes are best for a marathon?";

#[test]
fn benign_message_in_an_open_region_is_used() {
    let d = announced().evaluate(&ctx().build(), &classify(BENIGN));
    assert!(d.is_allowed(), "{:?}", d.reasons());
    assert!(!d.interests().is_empty());
}

#[test]
fn every_excluded_region_is_denied() {
    for code in [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "GF", "GP", "MQ",
        "RE", "YT", "MF", "AX", "IS", "LI", "NO", "GB", "KR", "UK", "EL", "GG", "JE", "IM", "GI",
    ] {
        let d = announced().evaluate(
            &ctx().region(code.parse().unwrap()).build(),
            &classify(BENIGN),
        );
        assert_eq!(codes(&d), ["region_excluded"], "{code}");
    }
}

#[test]
fn missing_region_is_denied() {
    let mut c = ctx();
    c = MessageContext::builder()
        .at(c.build().at().unwrap())
        .age(30);
    assert_eq!(
        codes(&announced().evaluate(&c.clone().build(), &classify(BENIGN))),
        ["region_unknown"]
    );
}

#[test]
fn start_date_is_local_to_the_message() {
    let e = announced();
    let at = |s: &str| ctx().at(s.parse().unwrap());
    assert_eq!(
        codes(&e.evaluate(&at("2025-12-15T23:59:59Z").build(), &classify(BENIGN))),
        ["before_start"]
    );
    assert!(e
        .evaluate(&at("2025-12-16T00:00:00Z").build(), &classify(BENIGN))
        .is_allowed());
    // 23:30 on the 15th in New York is already the 16th in UTC, but not for the person.
    assert_eq!(
        codes(&e.evaluate(&at("2025-12-15T23:30:00-05:00").build(), &classify(BENIGN))),
        ["before_start"]
    );
    assert!(e
        .evaluate(&at("2025-12-16T00:30:00+09:00").build(), &classify(BENIGN))
        .is_allowed());
}

#[test]
fn missing_time_is_denied() {
    let c = MessageContext::builder()
        .region("US".parse().unwrap())
        .age(30);
    assert_eq!(
        codes(&announced().evaluate(&c.clone().build(), &classify(BENIGN))),
        ["time_unknown"]
    );
}

#[test]
fn minors_are_denied_and_unknown_age_follows_the_policy() {
    assert_eq!(
        codes(&announced().evaluate(&ctx().age(17).build(), &classify(BENIGN))),
        ["minor"]
    );
    assert!(announced()
        .evaluate(&ctx().age(18).build(), &classify(BENIGN))
        .is_allowed());
    let no_age = MessageContext::builder()
        .at("2026-02-01T12:00:00Z".parse().unwrap())
        .region("US".parse().unwrap());
    assert!(announced()
        .evaluate(&no_age.clone().build(), &classify(BENIGN))
        .is_allowed());
    let strict = PolicyEngine::new(Policy::strict_gdpr_art9());
    assert_eq!(
        codes(&strict.evaluate(&no_age.clone().build(), &classify(BENIGN))),
        ["age_unknown"]
    );
    assert_eq!(
        codes(&announced().evaluate(&ctx().age_unreadable().build(), &classify(BENIGN))),
        ["age_unknown"]
    );
}

#[test]
fn whatsapp_counts_only_when_linked() {
    let wa = ctx().surface("whatsapp".parse().unwrap());
    assert_eq!(
        codes(&announced().evaluate(&wa.clone().build(), &classify(BENIGN))),
        ["surface_not_linked"]
    );
    assert!(announced()
        .evaluate(&wa.linked(true).build(), &classify(BENIGN))
        .is_allowed());
    assert_eq!(
        codes(&announced().evaluate(&ctx().surface_unreadable().build(), &classify(BENIGN))),
        ["surface_unknown"]
    );
}

#[test]
fn sensitive_messages_are_dropped_whole_with_every_reason() {
    let c = classify("I need new running shoes, my diabetes makes my feet hurt");
    assert!(c.sensitive().contains(SensitiveCategory::Health));
    let d = announced().evaluate(&ctx().region("FR".parse().unwrap()).age(15).build(), &c);
    assert_eq!(codes(&d), ["sensitive", "region_excluded", "minor"]);
    assert!(d.interests().is_empty());
}

#[test]
fn wider_categories_only_under_the_strict_policy() {
    let mut c = Classifier::builder()
        .sensitive_term(
            Language::English,
            "bankruptcy",
            SensitiveCategory::PersonalHardship,
            MatchMode::Word,
        )
        .unwrap()
        .build()
        .unwrap()
        .classify("filing for bankruptcy, should I sell my car?", None);
    assert!(c.sensitive().contains(SensitiveCategory::PersonalHardship));
    assert!(announced().sensitive_in(&c).is_empty());
    let strict = PolicyEngine::new(Policy::strict_gdpr_art9());
    assert!(strict
        .sensitive_in(&c)
        .contains(SensitiveCategory::PersonalHardship));
    c = classify(BENIGN);
    assert!(strict.sensitive_in(&c).is_empty());
}

#[test]
fn hidden_topics_are_withheld_with_their_subtree() {
    let c = classify(BENIGN);
    let tier1s: Vec<Topic> = c
        .interests()
        .iter()
        .map(|s| Topic::from(s.id().tier1()))
        .collect();
    let mut hiding = ctx();
    for t in &tier1s {
        hiding = hiding.hide_topic(*t);
    }
    let d = announced().evaluate(&hiding.clone().build(), &c);
    assert_eq!(codes(&d), ["topic_hidden"]);
    // Hiding one of several topics withholds just that one.
    let c = classify("cheap flights to Rome and a new pair of running shoes");
    let first = Topic::from(c.interests()[0].id().tier1());
    let d = announced().evaluate(&ctx().hide_topic(first).build(), &c);
    let allowed = d.allowed().expect("other topics remain");
    assert!(allowed.withheld() >= 1);
    assert!(allowed.interests().iter().all(|s| !s.id().is_within(first)));
}

#[test]
fn oversized_messages_fail_closed() {
    let small = Classifier::builder().max_input_bytes(16).build().unwrap();
    let c = small.classify("this message is longer than sixteen bytes", None);
    assert!(c.is_oversized());
    assert_eq!(
        codes(&announced().evaluate(&ctx().build(), &c)),
        ["input_too_large"]
    );
}

#[test]
fn a_policy_cannot_narrow_the_announced_categories() {
    let json = r#"{"name":"lax","start":{"instant":"2026-01-01T00:00:00Z"},"excluded_regions":[],"surfaces":[],"sensitive":["health"]}"#;
    let err = serde_json::from_str::<Policy>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("must treat religion as sensitive"), "{err}");
    let json = r#"{"name":"x","start":{"local_date":"2026-01-01"},"excluded_regions":["XX"],"sensitive":[]}"#;
    assert!(serde_json::from_str::<Policy>(json).is_err());
    assert!(Policy::builder(" ").build().is_err());
    assert!(Policy::builder("old").minimum_age(200).build().is_err());
}

#[test]
fn policies_are_configuration() {
    let json = r#"{
        "name": "de-2027",
        "start": {"local_date": "2027-03-01"},
        "excluded_regions": ["KR"],
        "minimum_age": 16,
        "surfaces": ["instagram", "whatsapp", "messenger"],
        "linked_only_surfaces": ["whatsapp", "messenger"],
        "sensitive": ["health","religion","politics","sexual_orientation","ethnicity","philosophical_beliefs","trade_union"],
        "blocked_topics": ["680"]
    }"#;
    let engine = PolicyEngine::new(serde_json::from_str(json).unwrap());
    let de = ctx()
        .region("DE".parse().unwrap())
        .at("2027-03-02T10:00:00+01:00".parse().unwrap())
        .age(16);
    assert!(engine
        .evaluate(&de.clone().build(), &classify(BENIGN))
        .is_allowed());
    let games = classify("best Nintendo Switch games for two players");
    assert_eq!(
        codes(&engine.evaluate(&de.clone().build(), &games)),
        ["topic_blocked"]
    );
}
