//! "See less": a topic's interests stay in the profile but are read with a factor; it never ranks a
//! topic higher, it merges commutatively, and it is stored (since format version 3; version 2 migrates).

use chat_interests::*;
use proptest::prelude::*;

#[path = "support/chats.rs"]
mod chats;
use chats::{CLASSIFIER, ENGINE, TEXTS};

/// Tier-1 topics the texts above reach (Travel, Sports, Food & Drink, Technology & Computing, ...).
const TOPICS: &[&str] = &["653", "483", "210", "596", "1", "150", "239"];

fn profile(messages: &[(usize, i64)]) -> InterestProfile {
    let mut p = InterestProfile::new("u").unwrap();
    for (i, &(text, minutes)) in messages.iter().enumerate() {
        let ctx = MessageContext::builder()
            .at(Timestamp::from_unix_seconds(1_767_225_600 + minutes * 60).unwrap())
            .region("US".parse().unwrap())
            .surface("instagram".parse().unwrap())
            .message_id(&format!("m{i}"))
            .build();
        if let Some(a) = ENGINE
            .evaluate(&ctx, &CLASSIFIER.classify(TEXTS[text], None))
            .allowed()
        {
            p.ingest(a);
        }
    }
    p
}

fn messages() -> impl Strategy<Value = Vec<(usize, i64)>> {
    prop::collection::vec((0..TEXTS.len(), 0i64..100_000), 1..20)
}

fn rank(top: &[(InterestId, f64)], id: InterestId) -> Option<usize> {
    top.iter().position(|(i, _)| *i == id)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    /// A topic seen less never ranks above where it ranked without it, every interest of it scores
    /// its factor times as much, and nothing else changes.
    #[test]
    fn a_see_less_topic_never_ranks_higher(
        msgs in messages(),
        topic in prop::sample::select(TOPICS),
        percent in 1u8..=99,
    ) {
        let before = profile(&msgs);
        let mut after = before.clone();
        let topic = Topic::new(topic).unwrap();
        let factor = f64::from(percent) / 100.0;
        after.see_less(topic, factor).unwrap();
        let as_of = Timestamp::from_unix_seconds(1_767_225_600 + 100_000 * 60).unwrap();
        let (top_before, top_after) = (before.top(usize::MAX, as_of), after.top(usize::MAX, as_of));
        prop_assert_eq!(top_before.len(), top_after.len());
        for &(id, score) in &top_before {
            let now = rank(&top_after, id).unwrap();
            let then = rank(&top_before, id).unwrap();
            let why = after.explain(id, as_of).unwrap();
            if id.is_within(topic) {
                prop_assert!(now >= then, "{} rose from {then} to {now}", id.iab_id());
                prop_assert!((why.score() - score * factor).abs() <= 1e-12 * score.max(1.0));
                prop_assert_eq!(why.see_less_factor(), factor);
            } else {
                prop_assert!(now <= then, "{} fell from {then} to {now}", id.iab_id());
                prop_assert_eq!(why.score(), score);
            }
        }
        let json = serde_json::to_string(&after).unwrap();
        prop_assert_eq!(serde_json::from_str::<InterestProfile>(&json).unwrap(), after);
    }

    /// Merging keeps the smaller factor of a topic, in either order.
    #[test]
    fn see_less_merges_commutatively(
        a in prop::collection::vec((prop::sample::select(TOPICS), 1u8..=99), 0..4),
        b in prop::collection::vec((prop::sample::select(TOPICS), 1u8..=99), 0..4),
    ) {
        let with = |asks: &[(&str, u8)]| {
            let mut p = InterestProfile::new("u").unwrap();
            for (t, pc) in asks {
                p.see_less(Topic::new(t).unwrap(), f64::from(*pc) / 100.0).unwrap();
            }
            p
        };
        let (pa, pb) = (with(&a), with(&b));
        let mut ab = pa.clone();
        ab.merge(&pb).unwrap();
        let mut ba = pb.clone();
        ba.merge(&pa).unwrap();
        prop_assert_eq!(ab.see_less_topics(), ba.see_less_topics());
        for (t, f) in ab.see_less_topics() {
            let mine = pa.see_less_topics().get(t).copied().unwrap_or(1.0);
            let theirs = pb.see_less_topics().get(t).copied().unwrap_or(1.0);
            prop_assert_eq!(*f, mine.min(theirs));
        }
    }
}

#[test]
fn a_see_less_request_is_bounded_and_never_for_a_sensitive_topic() {
    let mut p = InterestProfile::new("u").unwrap();
    let travel = Topic::new("653").unwrap();
    for bad in [0.0, 1.0, 1.5, -0.2, f64::NAN] {
        assert!(p.see_less(travel, bad).is_err(), "{bad}");
    }
    let health = Topic::new("286").unwrap(); // Medical Health
    assert!(health.sensitive().is_some());
    let e = p.see_less(health, 0.5).unwrap_err().to_string();
    assert!(e.contains("sensitive"), "{e}");
    p.see_less(travel, 0.3).unwrap();
    p.see_normally(travel);
    assert!(p.see_less_topics().is_empty());
    // The policy gives the factor; a policy cannot give one outside 1..=99%.
    assert_eq!(Policy::announced_rollout().see_less_factor(), 0.5);
    let refused = Policy::builder("x")
        .surfaces(["instagram".parse().unwrap()])
        .see_less_percent(100)
        .build();
    assert!(refused.unwrap_err().to_string().contains("see-less"));
}

#[test]
fn version_2_profiles_migrate_to_the_current_version() {
    let v2 = r#"{"version":2,"key":"u","half_life_secs":2592000,"max_entries":8,"messages":1,"surfaces":["instagram"],"hidden":[],"epoch":1767225600,"log":[[0,"m1"]],"entries":[["653",0.5,1,0,0,1,[0]]],"interests":[]}"#;
    let p: InterestProfile = serde_json::from_str(v2).unwrap();
    assert!(p.see_less_topics().is_empty());
    let v3 = serde_json::to_string(&p).unwrap();
    assert!(
        v3.contains(r#""version":4"#) && v3.contains(r#""see_less":[]"#),
        "{v3}"
    );
    assert_eq!(serde_json::from_str::<InterestProfile>(&v3).unwrap(), p);
    // A version 2 profile cannot carry what came with version 3.
    let mixed = v2.replace(r#""hidden":[]"#, r#""hidden":[],"see_less":[["653",0.5]]"#);
    let e = serde_json::from_str::<InterestProfile>(&mixed)
        .unwrap_err()
        .to_string();
    assert!(e.contains("version 3"), "{e}");
    // Stored factors are validated like requests.
    let stored = v3.replace(r#""see_less":[]"#, r#""see_less":[["653",1.5]]"#);
    assert!(serde_json::from_str::<InterestProfile>(&stored).is_err());
    let twice = v3.replace(
        r#""see_less":[]"#,
        r#""see_less":[["653",0.5],["653",0.4]]"#,
    );
    let e = serde_json::from_str::<InterestProfile>(&twice)
        .unwrap_err()
        .to_string();
    assert!(e.contains("twice"), "{e}");
    let ok = v3.replace(r#""see_less":[]"#, r#""see_less":[["653",0.5]]"#);
    let p: InterestProfile = serde_json::from_str(&ok).unwrap();
    let id = InterestId::new("653").unwrap();
    let as_of: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(p.top(1, as_of)[0].1, 0.25);
    assert_eq!(p.explain(id, as_of).unwrap().see_less_factor(), 0.5);
}
