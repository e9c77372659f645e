//! Property tests of every export path: no output names a sensitive Content or Audience node, and
//! the Topics-style release keeps its promises (allowed topics only, a stable answer per
//! (person, caller, epoch), the configured random share, callers independent of each other).
//!
//! Statistical bounds: a count `k` of `n` independent events of probability `p` must satisfy
//! `|k - n p| <= 5 sqrt(n p (1 - p))`. For a correct release a run fails with probability below
//! 6e-7 per check; a release that ignored `p`, or tied callers together, fails it by far.

use proptest::prelude::*;

use super::audience::AUDIENCE;
use super::openrtb::{ContentCategories, Data};
use super::segments::{SegmentTaxonomy, UserDataExport};
use super::topics::{EpochTopics, Observations, TopicsRelease, TopicsSecret};
use crate::policy::decision::{Allowed, Decision};
use crate::policy::topics::TopicsConfig;
use crate::policy::Policy;
use crate::profile::InterestProfile;
use crate::scored::{ScoredInterest, NO_INTERESTS};
use crate::taxonomy::{InterestId, Topic};
use crate::time::Timestamp;

fn interests() -> Vec<InterestId> {
    InterestId::all().collect()
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_unix_seconds(seconds).unwrap()
}

fn allowed(ids: &[InterestId], when: Timestamp) -> Allowed {
    let mut list = NO_INTERESTS;
    for (i, id) in ids.iter().enumerate() {
        list.push(ScoredInterest::new(*id, 0.9 - 0.1 * i as f32));
    }
    Allowed {
        interests: list,
        withheld: 0,
        at: when,
        surface: None,
        message_id: None,
    }
}

/// A profile of `key` that saw each interest of `ids` once, a day apart.
fn profile(key: &str, ids: &[InterestId], start: i64) -> InterestProfile {
    let mut p = InterestProfile::new(key).unwrap();
    for (i, id) in ids.iter().enumerate() {
        p.ingest(&allowed(&[*id], at(start + i as i64 * 86_400)));
    }
    p
}

fn release(json: &str, blocked: &[&str], secret: [u8; 16]) -> TopicsRelease {
    let config: TopicsConfig = serde_json::from_str(json).unwrap();
    let mut b = Policy::builder("partners")
        .surfaces(["web".parse().unwrap()])
        .topics(config);
    for t in blocked {
        b = b.block_topic(Topic::new(t).unwrap());
    }
    TopicsRelease::new(
        &b.build().unwrap(),
        TopicsSecret::new(secret).unwrap(),
        "p.example",
    )
    .unwrap()
}

/// Every segment id of `data` is an allowed node of its `segtax`.
fn assert_allowed(data: &Data) {
    let segtax = data.ext.as_ref().and_then(|e| e.segtax);
    for s in &data.segment {
        match segtax {
            Some(9) => assert!(Topic::new(&s.id).unwrap().sensitive().is_none(), "{}", s.id),
            Some(4) => {
                let node = AUDIENCE.node(AUDIENCE.index(&s.id).expect("an Audience id"));
                assert!(node.sensitive.is_none(), "{} {}", node.id, node.name);
            }
            other => panic!("segtax {other:?}"),
        }
    }
}

const EPOCH: i64 = 7 * 86_400;
/// Monday 2026-01-05 00:00 UTC, the start of an epoch under the default origin.
const T0: i64 = 1_767_571_200;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_export_path_names_a_sensitive_node(
        picks in proptest::collection::vec(0usize..1000, 1..40),
        hide in proptest::collection::vec(0usize..1000, 0..4),
        secret in any::<[u8; 16]>().prop_filter("a key", |k| *k != [0; 16]),
        caller in "[a-z]{1,8}",
    ) {
        let all = interests();
        let ids: Vec<InterestId> = picks.iter().map(|i| all[i % all.len()]).collect();
        let mut p = profile("person", &ids, T0);
        for h in &hide {
            p.hide_topic(Topic::from(all[h % all.len()]));
        }
        let now = at(T0 + 5 * EPOCH);
        let decision = Decision::Allowed(allowed(&ids[..ids.len().min(8)], now));
        let cat = ContentCategories::for_decision(&decision).unwrap();
        prop_assert_eq!(cat.cattax, 9);
        for id in &cat.cat {
            prop_assert!(Topic::new(id).unwrap().sensitive().is_none());
        }
        let export = UserDataExport::builder("p.example")
            .taxonomy(SegmentTaxonomy::Content31)
            .taxonomy(SegmentTaxonomy::Audience11)
            .top_k(100)
            .build()
            .unwrap();
        for data in export.user_data(&p, now) {
            assert_allowed(&data);
        }
        for segtax in [9, 4] {
            let r = release(&format!(r#"{{"segtax": {segtax}, "random_percent": 50}}"#), &[], secret);
            let config = r.config().clone();
            let history: Vec<EpochTopics> = (1..=3)
                .map(|b| EpochTopics::from_profile(&p, config.epoch_of(now) - b, &config))
                .collect();
            if let Some(data) = r.user_data(&p, &history, &caller, now, None) {
                assert_allowed(&data);
            }
        }
    }

    #[test]
    fn released_topics_are_allowed_and_never_hidden_or_blocked(
        snapshot in proptest::collection::vec(0usize..1000, 0..5),
        hide in proptest::collection::vec(0usize..1000, 0..3),
        secret in any::<[u8; 16]>().prop_filter("a key", |k| *k != [0; 16]),
        callers in proptest::collection::vec("[a-z0-9.]{1,12}", 1..6),
    ) {
        let all = interests();
        let mut topics: Vec<InterestId> = snapshot.iter().map(|i| all[i % all.len()]).collect();
        topics.sort();
        topics.dedup();
        let mut p = profile("someone", &topics, T0);
        // Hidden after the snapshots were stored: a stored topic must still never come out.
        let hidden: Vec<Topic> = hide.iter().map(|h| Topic::from(all[h % all.len()])).collect();
        for h in &hidden {
            p.hide_topic(*h);
        }
        let blocked = ["483", "653"]; // Sports, Travel
        let r = release(r#"{"random_percent": 30}"#, &blocked, secret);
        let history: Vec<EpochTopics> = (2916..2920)
            .map(|e| EpochTopics::new(e, topics.clone()).unwrap())
            .collect();
        let now = r.config().epoch_start(2920).unwrap();
        for caller in &callers {
            let out = r.release(&p, &history, caller, now, None);
            prop_assert!(out.len() <= 3);
            for t in &out {
                prop_assert!((2917..2920).contains(&t.epoch()));
                let topic = t.topic();
                prop_assert!(Topic::from(topic).sensitive().is_none());
                prop_assert!(!hidden.iter().any(|h| topic.is_within(*h)), "{:?} hidden", topic);
                prop_assert!(!blocked.iter().any(|b| topic.is_within(Topic::new(b).unwrap())));
            }
            // The same triple, asked again or with the history in another order: the same answer.
            prop_assert_eq!(&out, &r.release(&p, &history, caller, now, None));
            let mut reversed = history.clone();
            reversed.reverse();
            prop_assert_eq!(&out, &r.release(&p, &reversed, caller, now, None));
        }
    }
}

/// One (person, epoch) history of five distinct topics.
fn five() -> Vec<InterestId> {
    ["483", "653", "596", "210", "1"]
        .iter()
        .map(|id| InterestId::new(id).unwrap())
        .collect()
}

fn within_bounds(k: usize, n: usize, p: f64) -> bool {
    let mean = n as f64 * p;
    (k as f64 - mean).abs() <= 5.0 * (mean * (1.0 - p)).sqrt()
}

#[test]
fn the_random_share_is_the_configured_probability() {
    for percent in [5u8, 30] {
        let r = release(
            &format!(r#"{{"random_percent": {percent}}}"#),
            &[],
            *b"0123456789abcdef",
        );
        // Five different topics per epoch, so a released topic is rarely a repeat (repeats are left out).
        let all = interests();
        let history: Vec<EpochTopics> = (0..3)
            .map(|i| EpochTopics::new(2917 + i, all[i as usize * 5..][..5].to_vec()).unwrap())
            .collect();
        let now = r.config().epoch_start(2920).unwrap();
        let (mut n, mut random) = (0, 0);
        for person in 0..700 {
            let p = InterestProfile::new(&format!("person-{person}")).unwrap();
            for caller in [
                "a.example",
                "b.example",
                "c.example",
                "d.example",
                "e.example",
            ] {
                for t in r.release(&p, &history, caller, now, None) {
                    n += 1;
                    random += usize::from(t.random);
                }
            }
        }
        assert!(
            n > 700 * 5 * 3 * 99 / 100,
            "{n}: nearly every epoch answers"
        );
        let p = f64::from(percent) / 100.0;
        assert!(
            within_bounds(random, n, p),
            "{random} random of {n} at {percent}%"
        );
    }
}

#[test]
fn callers_are_independent_beyond_the_design() {
    let r = release(r#"{"random_percent": 0}"#, &[], *b"fedcba9876543210");
    let history = [EpochTopics::new(2919, five()).unwrap()];
    let now = r.config().epoch_start(2920).unwrap();
    let n = 3000;
    let (mut same, mut slots) = (0, [0usize; 5]);
    for person in 0..n {
        let p = InterestProfile::new(&format!("person-{person}")).unwrap();
        let a = r.release(&p, &history, "a.example", now, None)[0].topic();
        let b = r.release(&p, &history, "b.example", now, None)[0].topic();
        same += usize::from(a == b);
        slots[five().iter().position(|t| *t == a).unwrap()] += 1;
    }
    // Two callers agree as often as two independent uniform choices of five: 1 in 5.
    assert!(within_bounds(same, n, 0.2), "callers agree {same} of {n}");
    for s in slots {
        assert!(within_bounds(s, n, 0.2), "slots {slots:?}");
    }
}

#[test]
fn a_caller_gets_only_what_it_observed_unless_the_topic_is_random() {
    let r = release(r#"{"random_percent": 5}"#, &[], *b"observations-key");
    let history: Vec<EpochTopics> = (2917..2920)
        .map(|e| EpochTopics::new(e, five()).unwrap())
        .collect();
    let now = r.config().epoch_start(2920).unwrap();
    let soccer = InterestId::new("533").unwrap(); // below Sports (483)
    let observed: Observations = (2917..2920).map(|e| (e, soccer)).collect();
    let mut released_real = 0;
    for person in 0..500 {
        let p = InterestProfile::new(&format!("person-{person}")).unwrap();
        for t in r.release(&p, &history, "ads.example", now, Some(&observed)) {
            if !t.random {
                assert_eq!(t.topic(), InterestId::new("483").unwrap());
                released_real += 1;
            }
        }
        assert!(
            r.release(&p, &history, "ads.example", now, Some(&Observations::new()))
                .len()
                <= 3
        );
    }
    assert!(released_real > 0);
}

#[test]
fn fewer_topics_than_slots_are_padded_the_same_for_every_caller() {
    let r = release(r#"{"random_percent": 0}"#, &[], *b"padding-test-key");
    let history = [EpochTopics::new(2919, vec![]).unwrap()];
    let now = r.config().epoch_start(2920).unwrap();
    let p = InterestProfile::new("quiet").unwrap();
    let a = r.release(&p, &history, "a.example", now, None);
    assert_eq!(
        a.len(),
        1,
        "an empty epoch still answers with a padding topic"
    );
    let padding: std::collections::BTreeSet<InterestId> = (0..200)
        .flat_map(|c| r.release(&p, &history, &format!("c{c}"), now, None))
        .map(|t| t.topic())
        .collect();
    assert!(padding.len() <= 5, "{} padding topics", padding.len());
}

#[test]
fn snapshots_refuse_duplicates_and_too_many_topics() {
    let t = five();
    assert!(EpochTopics::new(1, vec![t[0], t[0]]).is_err());
    let many: Vec<InterestId> = interests().into_iter().take(11).collect();
    assert!(EpochTopics::new(1, many).is_err());
    let json = r#"{"epoch": 3, "topics": ["483", "653"]}"#;
    let e: EpochTopics = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_string(&e).unwrap(), json.replace(' ', ""));
    assert!(serde_json::from_str::<EpochTopics>(r#"{"epoch": 3, "topics": ["317"]}"#).is_err());
    assert!(serde_json::from_str::<EpochTopics>(r#"{"epoch": 3, "topics": [], "x": 1}"#).is_err());
}
