//! The holes that probing found (issue 9), each with the test that would have caught it: inputs that
//! an honest reading of the policy denies, and profile states that must not exist.

use chat_interests::*;
use serde_json::{json, Value};

const BENIGN: &str = "which running shoes are best for a marathon?";

fn base() -> MessageContextBuilder {
    MessageContext::builder()
        .at("2026-02-01T12:00:00Z".parse().unwrap())
        .region("US".parse().unwrap())
        .age(30)
}

fn codes(policy: Policy, ctx: MessageContextBuilder) -> Vec<&'static str> {
    let c = Classifier::builtin().classify(BENIGN, None);
    let d = PolicyEngine::new(policy).evaluate(&ctx.build(), &c);
    d.reasons().iter().map(DenyReason::code).collect()
}

#[test]
fn offsets_beyond_the_real_range_are_no_time() {
    for at in [
        "2025-12-16T00:00:00+23:59",
        "2026-02-01T12:00:00-13:00",
        "2026-02-01T12:00:00+14:30",
    ] {
        assert!(at.parse::<Timestamp>().is_err(), "{at}");
    }
    assert!("2025-12-16T00:00:00+14:00".parse::<Timestamp>().is_ok());
}

#[test]
fn times_a_profile_cannot_store_are_no_time() {
    let old = Policy::builder("old").start(Start::Instant(Timestamp::UNIX_EPOCH));
    let old = old
        .surfaces(["instagram".parse().unwrap()])
        .build()
        .unwrap();
    for at in [
        "2200-01-01T00:00:01Z",
        "9999-12-31T23:59:59Z",
        "1999-12-31T23:59:59Z",
    ] {
        let ctx = base().at(at.parse().unwrap());
        assert_eq!(codes(old.clone(), ctx), ["time_unknown"], "{at}");
    }
    assert_eq!(
        codes(old, base().at("2000-01-01T00:00:00Z".parse().unwrap())),
        Vec::<&str>::new()
    );
}

#[test]
fn surfaces_the_policy_does_not_name_are_unknown() {
    for name in ["whats_app", "wa", "whatsapp-business", "telepathy"] {
        let ctx = base().surface(name.parse().unwrap());
        assert_eq!(
            codes(Policy::announced_rollout(), ctx),
            ["surface_unknown"],
            "{name}"
        );
    }
    for name in ["facebook", "instagram", "threads", "messenger"] {
        assert!(codes(
            Policy::announced_rollout(),
            base().surface(name.parse().unwrap())
        )
        .is_empty());
    }
    let wa = base().surface("whatsapp".parse().unwrap());
    assert_eq!(
        codes(Policy::announced_rollout(), wa),
        ["surface_not_linked"]
    );
    // A policy file must name its surfaces, and its linked-only ones among them.
    let json = r#"{"name":"p","start":{"instant":"2026-01-01T00:00:00Z"},"excluded_regions":[],
        "surfaces":["instagram"],"linked_only_surfaces":["whatsapp"],
        "sensitive":["health","religion","politics","sexual_orientation","ethnicity","philosophical_beliefs","trade_union"]}"#;
    let err = serde_json::from_str::<Policy>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not among its surfaces"), "{err}");
}

#[test]
fn implausible_ages_are_unknown() {
    for age in [131, 1000, u16::MAX] {
        assert_eq!(
            codes(Policy::announced_rollout(), base().age(age)),
            ["age_unknown"],
            "{age}"
        );
        let lax = Policy::builder("no-minimum")
            .surfaces(["instagram".parse().unwrap()])
            .build()
            .unwrap();
        assert_eq!(codes(lax, base().age(age)), ["age_unknown"], "{age}");
    }
    assert!(codes(Policy::announced_rollout(), base().age(130)).is_empty());
    assert!(Policy::builder("x").maximum_age(131).build().is_err());
}

#[test]
fn modality_is_read_and_checked() {
    assert!(codes(
        Policy::announced_rollout(),
        base().modality(Modality::Voice)
    )
    .is_empty());
    assert_eq!(
        codes(Policy::announced_rollout(), base().modality_unreadable()),
        ["modality_unknown"]
    );
    let text_only = Policy::builder("text-only")
        .modalities([Modality::Text])
        .build()
        .unwrap();
    assert_eq!(
        codes(text_only, base().modality(Modality::Voice)),
        ["modality_excluded"]
    );
}

#[test]
fn invisible_or_blank_identities_link_nothing() {
    for identity in [
        "\u{200B}",
        "\u{2060}\u{2060}",
        " \t",
        "ana\u{1}",
        "\u{FEFF}",
    ] {
        assert!(!InterestProfile::is_valid_key(identity), "{identity:?}");
        assert_eq!(
            InterestProfile::key_for(Some("acct"), Some(identity)),
            Some("acct")
        );
        assert!(InterestProfile::new(identity).is_err());
    }
    assert!(InterestProfile::new(&"k".repeat(InterestProfile::MAX_KEY_LEN + 1)).is_err());
    assert!(MessageContext::builder()
        .message_id("\u{200B}")
        .build()
        .message_id()
        .is_none());
}

// ---------------------------------------------------------------- profiles

fn allowed(text: &str, at: &str) -> Allowed {
    let ctx = base()
        .at(at.parse().unwrap())
        .surface("instagram".parse().unwrap())
        .message_id("m1");
    let c = Classifier::builtin().classify(text, None);
    match PolicyEngine::new(Policy::announced_rollout()).evaluate(&ctx.build(), &c) {
        Decision::Allowed(a) => a,
        Decision::Denied(r) => panic!("{text}: {r:?}"),
    }
}

/// A stored profile whose message is settled (no ledger), so that its interests are stored as sums.
fn stored() -> Value {
    let mut p = InterestProfile::new("u")
        .unwrap()
        .with_ledger_len(0)
        .unwrap();
    p.ingest(&allowed("cheap flights to Rome", "2026-01-01T00:00:00Z"));
    serde_json::to_value(&p).unwrap()
}

fn read(v: &Value) -> Result<InterestProfile, String> {
    serde_json::from_value::<InterestProfile>(v.clone()).map_err(|e| e.to_string())
}

#[test]
fn counts_saturate_instead_of_overflowing() {
    let mut v = stored();
    v["messages"] = json!(u64::MAX);
    let mut p = read(&v).unwrap();
    p.ingest(&allowed("cheap flights to Rome", "2026-01-02T00:00:00Z"));
    assert_eq!(p.messages(), u64::MAX);
    let q = p.clone();
    p.merge(&q).unwrap();
    assert_eq!(p.messages(), u64::MAX);
    // A profile count below an entry's count cannot be reached.
    let mut v = stored();
    v["messages"] = json!(0);
    assert!(read(&v).is_err());
}

#[test]
fn scores_are_bounded_by_what_ingest_can_produce() {
    let mut v = stored();
    v["entries"][0][1] = json!(1.79e308);
    assert!(read(&v).unwrap_err().contains("score"));
    let mut v = stored();
    v["entries"][0][1] = json!(1.5); // one message adds less than 1
    assert!(read(&v).is_err());
    // No format may smuggle an infinite score: postcard can carry one, JSON cannot.
    let p = read(&stored()).unwrap();
    let bytes = postcard::to_allocvec(&p).unwrap();
    let score = p.top(1, "2026-01-01T00:00:00Z".parse().unwrap())[0].1;
    let at = bytes
        .windows(8)
        .position(|w| w == score.to_le_bytes())
        .expect("the score is in the bytes");
    for bad in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
        let mut tampered = bytes.clone();
        tampered[at..at + 8].copy_from_slice(&bad.to_le_bytes());
        assert!(
            postcard::from_bytes::<InterestProfile>(&tampered).is_err(),
            "{bad}"
        );
    }
    assert!(postcard::from_bytes::<InterestProfile>(&bytes).is_ok());
}

#[test]
fn the_surface_list_is_bounded() {
    let mut v = stored();
    let many: Vec<String> = (0..=InterestProfile::MAX_SURFACES)
        .map(|i| format!("s{i}"))
        .collect();
    v["surfaces"] = json!(many);
    assert!(read(&v).unwrap_err().contains("surfaces"));
    // Ingest keeps at most MAX_SURFACES, so what it writes it can read.
    let policy = Policy::builder("many")
        .surfaces((0..40).map(|i| format!("s{i}").parse().unwrap()))
        .build()
        .unwrap();
    let engine = PolicyEngine::new(policy);
    let mut p = InterestProfile::new("u").unwrap();
    for i in 0..40 {
        let ctx = base().surface(format!("s{i}").parse().unwrap()).build();
        let d = engine.evaluate(&ctx, &Classifier::builtin().classify(BENIGN, None));
        p.ingest(d.allowed().unwrap());
    }
    assert_eq!(p.messages(), 40);
    assert_eq!(p.surfaces().len(), InterestProfile::MAX_SURFACES);
    assert_eq!(read(&serde_json::to_value(&p).unwrap()).unwrap(), p);
}

#[test]
fn a_future_message_does_not_keep_its_score_forever() {
    let mut p = InterestProfile::new("u").unwrap();
    p.ingest(&allowed("cheap flights to Rome", "2199-01-01T00:00:00Z"));
    let now = p.top(1, "2026-01-01T00:00:00Z".parse().unwrap())[0].1;
    let then = p.top(1, "2199-01-01T00:00:00Z".parse().unwrap())[0].1;
    assert!(then > 0.5 && now < 1e-100, "{now} {then}");
    // A day off either way weighs the same.
    let before = p.top(1, "2198-12-31T00:00:00Z".parse().unwrap())[0].1;
    let after = p.top(1, "2199-01-02T00:00:00Z".parse().unwrap())[0].1;
    assert!((before - after).abs() < 1e-12);
}

#[test]
fn impossible_stored_states_are_refused() {
    type Tamper = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Tamper)> = vec![
        (
            "recent time outside first..last",
            Box::new(|v| v["log"][0][0] = json!(86_400)),
        ),
        (
            "slot cited twice",
            Box::new(|v| v["entries"][0][6] = json!([0, 0])),
        ),
        (
            "invisible message id",
            Box::new(|v| v["log"][0][1] = json!("\u{200B}")),
        ),
        (
            "control in message id",
            Box::new(|v| v["log"][0][1] = json!("m\u{1}")),
        ),
        ("invisible key", Box::new(|v| v["key"] = json!("\u{2060}"))),
        ("control in key", Box::new(|v| v["key"] = json!("u\u{7}"))),
        (
            "sensitive hidden topic",
            Box::new(|v| v["hidden"] = json!(["317"])),
        ),
        (
            "entry under a hidden topic",
            Box::new(|v| v["hidden"] = json!(["653"])),
        ),
    ];
    assert!(read(&stored()).is_ok());
    for (what, tamper) in cases {
        let mut v = stored();
        tamper(&mut v);
        assert!(read(&v).is_err(), "{what} was accepted: {v}");
    }
}

#[test]
fn merge_drops_what_either_side_hides_and_stays_readable() {
    let mut a = InterestProfile::new("a").unwrap();
    let travel = Topic::new("653").unwrap();
    a.hide_topic(travel);
    let mut b = InterestProfile::new("b").unwrap();
    b.ingest(&allowed(
        "cheap flights to Rome and a hotel",
        "2026-01-01T00:00:00Z",
    ));
    b.ingest(&allowed("new running shoes", "2026-01-02T00:00:00Z"));
    assert!(b
        .top(10, "2026-01-02T00:00:00Z".parse().unwrap())
        .iter()
        .any(|(i, _)| i.is_within(travel)));
    a.merge(&b).unwrap();
    let top = a.top(10, "2026-01-02T00:00:00Z".parse().unwrap());
    assert!(
        !top.is_empty() && top.iter().all(|(i, _)| !i.is_within(travel)),
        "{top:?}"
    );
    let v = serde_json::to_value(&a).unwrap();
    assert!(v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| !InterestId::new(e[0].as_str().unwrap())
            .unwrap()
            .is_within(travel)));
    assert_eq!(read(&v).unwrap(), a);
}
