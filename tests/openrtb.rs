//! Golden tests of the OpenRTB 2.6 output (feature `openrtb`): the published examples of the 2.6
//! specification and of the community `segtax` extension parse and re-emit unchanged
//! (`testdata/openrtb/README.md` says where each comes from), the crate's own output is what it
//! should be, byte for byte, and every struct survives a round trip.

#![cfg(feature = "openrtb")]

use chat_interests::{
    Classifier, ContentCategories, Data, DataExt, EpochTopics, InterestId, InterestProfile,
    MessageContext, Policy, PolicyEngine, Segment, SegmentTaxonomy, TopicsConfig, TopicsRelease,
    TopicsSecret, UserDataExport,
};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

fn assert_all<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}

#[test]
fn the_export_types_are_send_sync_unwind_safe() {
    assert_all::<chat_interests::AudienceId>();
    assert_all::<chat_interests::AudienceIdError>();
    assert_all::<chat_interests::ExportError>();
    assert_all::<ContentCategories>();
    assert_all::<Data>();
    assert_all::<DataExt>();
    assert_all::<Segment>();
    assert_all::<SegmentTaxonomy>();
    assert_all::<UserDataExport>();
    assert_all::<chat_interests::UserDataExportBuilder>();
    assert_all::<TopicsConfig>();
    assert_all::<TopicsRelease>();
    assert_all::<TopicsSecret>();
    assert_all::<EpochTopics>();
    assert_all::<chat_interests::Observations>();
    assert_all::<chat_interests::ReleasedTopic>();
}

fn golden(name: &str) -> Value {
    let path = format!("{}/testdata/openrtb/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `user` with only its `data`.
#[derive(Debug, Serialize, Deserialize)]
struct User {
    data: Vec<Data>,
}

#[test]
fn the_spec_26_user_data_example_parses_and_re_emits_unchanged() {
    let user = golden("spec-2.6-video-user.json");
    let data: Vec<Data> = serde_json::from_value(user["data"].clone()).unwrap();
    assert_eq!(data[0].id.as_deref(), Some("6"));
    assert_eq!(data[0].name, "Data Provider 1");
    assert_eq!(data[0].segment[1].name.as_deref(), Some("auto enthusiasts"));
    assert_eq!(data[0].ext, None);
    assert_eq!(serde_json::to_value(&data).unwrap(), user["data"]);
}

#[test]
fn the_segtax_extension_example_parses_and_re_emits_unchanged() {
    let user = golden("segtax-example-user.json");
    let parsed: User = serde_json::from_value(user.clone()).unwrap();
    let ext = parsed.data[0].ext.as_ref().unwrap();
    assert_eq!((ext.segtax, ext.segclass.as_deref()), (Some(3), None));
    assert_eq!(parsed.data[0].segment.len(), 2);
    assert_eq!(serde_json::to_value(&parsed).unwrap(), user);
}

#[test]
fn spec_content_categories_read_cattax_1_when_absent_and_write_it() {
    for (file, cat) in [
        ("spec-2.6-video-content.json", vec!["IAB2-2"]),
        ("spec-2.6-mobile-app.json", vec!["IAB15", "IAB15-10"]),
    ] {
        let c: ContentCategories = serde_json::from_value(golden(file)).unwrap();
        assert_eq!(
            (c.cat.clone(), c.cattax),
            (cat.iter().map(|s| s.to_string()).collect(), 1)
        );
        let out = serde_json::to_value(&c).unwrap();
        assert_eq!(
            out,
            serde_json::json!({ "cat": cat, "cattax": 1 }),
            "{file}"
        );
    }
}

#[test]
fn ext_parses_segtax_alone_and_keeps_keys_it_does_not_know() {
    let e: DataExt = serde_json::from_str(r#"{"segtax":9}"#).unwrap();
    assert_eq!(e.segtax, Some(9));
    assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"segtax":9}"#);
    let text = r#"{"segtax":4,"segclass":"v2","vendor":{"tier":[1,2]}}"#;
    let e: DataExt = serde_json::from_str(text).unwrap();
    assert_eq!(e.segclass.as_deref(), Some("v2"));
    assert_eq!(serde_json::to_string(&e).unwrap(), text);
    assert_eq!(
        serde_json::from_str::<DataExt>("{}").unwrap(),
        DataExt::default()
    );
}

fn ctx(at: &str) -> MessageContext {
    MessageContext::builder()
        .at(at.parse().unwrap())
        .region("US".parse().unwrap())
        .age(30)
        .build()
}

#[test]
fn a_message_is_written_as_cat_with_cattax_9() {
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let c = Classifier::builtin().classify("my soccer team won the league", None);
    let d = engine.evaluate(&ctx("2026-03-01T10:00:00Z"), &c);
    let cat = ContentCategories::for_decision(&d).unwrap();
    let ids: Vec<&str> = d.interests().iter().map(|s| s.id().iab_id()).collect();
    assert_eq!(ids[0], "533"); // Soccer, then whatever else the lexicon reads
    assert_eq!(
        serde_json::to_string(&cat).unwrap(),
        format!(
            r#"{{"cat":{},"cattax":9}}"#,
            serde_json::to_string(&ids).unwrap()
        )
    );
    let sensitive = Classifier::builtin().classify("soccer helps my depression", None);
    let denied = engine.evaluate(&ctx("2026-03-01T10:00:00Z"), &sensitive);
    assert_eq!(ContentCategories::for_decision(&denied), None);
}

#[test]
fn a_profile_is_written_as_user_data_in_both_taxonomies() {
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let mut p = InterestProfile::new("p1").unwrap();
    for (text, at) in [
        ("my soccer team won the league", "2026-03-01T10:00:00Z"),
        (
            "soccer practice tonight, then the match",
            "2026-03-02T10:00:00Z",
        ),
        ("cheap flights to Lisbon", "2026-03-03T10:00:00Z"),
    ] {
        let c = Classifier::builtin().classify(text, None);
        p.ingest(engine.evaluate(&ctx(at), &c).allowed().unwrap());
    }
    let export = UserDataExport::builder("interests.example.com")
        .taxonomy(SegmentTaxonomy::Content31)
        .taxonomy(SegmentTaxonomy::Audience11)
        .top_k(2)
        .build()
        .unwrap();
    let data = export.user_data(&p, "2026-03-04T00:00:00Z".parse().unwrap());
    let top: Vec<String> = p
        .top(2, "2026-03-04T00:00:00Z".parse().unwrap())
        .iter()
        .map(|(id, _)| id.iab_id().to_owned())
        .collect();
    assert_eq!(top[0], "533"); // Soccer: twice
    let content = serde_json::to_string(&data[0]).unwrap();
    assert_eq!(
        content,
        format!(
            r#"{{"name":"interests.example.com","segment":[{{"id":"{}"}},{{"id":"{}"}}],"ext":{{"segtax":9}}}}"#,
            top[0], top[1]
        )
    );
    let audience = serde_json::to_value(&data[1]).unwrap();
    assert_eq!(audience["ext"], serde_json::json!({"segtax": 4}));
    assert_eq!(audience["segment"][0], serde_json::json!({"id": "663"})); // Audience Soccer
                                                                          // Scores as value and names, when asked for.
    let with = UserDataExport::builder("interests.example.com")
        .scores_as_value(true)
        .segment_names(true)
        .provider_id("42")
        .top_k(1)
        .build()
        .unwrap();
    let d = &with.user_data(&p, "2026-03-04T00:00:00Z".parse().unwrap())[0];
    assert_eq!(d.id.as_deref(), Some("42"));
    assert_eq!(d.segment[0].name.as_deref(), Some("Soccer"));
    let value: f64 = d.segment[0].value.as_deref().unwrap().parse().unwrap();
    assert!(value > 0.0);
}

#[test]
fn the_topics_release_is_this_json_for_this_secret() {
    let policy = Policy::builder("partners")
        .surfaces(["web".parse().unwrap()])
        .topics(TopicsConfig::default())
        .build()
        .unwrap();
    let secret = TopicsSecret::new(*b"golden-secret-01").unwrap();
    let release = TopicsRelease::new(&policy, secret, "interests.example.com").unwrap();
    let ids = |list: &[&str]| -> Vec<InterestId> {
        list.iter().map(|i| InterestId::new(i).unwrap()).collect()
    };
    let history = [
        EpochTopics::new(2917, ids(&["483", "653", "210", "1", "596"])).unwrap(),
        EpochTopics::new(2918, ids(&["653", "483", "1", "210", "596"])).unwrap(),
        EpochTopics::new(2919, ids(&["210", "1", "596", "653", "483"])).unwrap(),
    ];
    let now = TopicsConfig::default().epoch_start(2920).unwrap();
    let person = InterestProfile::new("person-1").unwrap();
    let data = release
        .user_data(&person, &history, "ads.example", now, None)
        .unwrap();
    let released: Vec<(i64, &str)> = release
        .release(&person, &history, "ads.example", now, None)
        .iter()
        .map(|r| (r.epoch(), r.topic().iab_id()))
        .collect();
    // Epoch 2919 gives Sports, 2918 a repeat (left out), 2917 Travel.
    assert_eq!(released, [(2919, "483"), (2917, "653")]);
    let json = serde_json::to_string(&data).unwrap();
    // SipHash-2-4 is fixed, so this is what any build gives for these inputs.
    assert_eq!(json, GOLDEN_TOPICS);
}

const GOLDEN_TOPICS: &str = r#"{"name":"interests.example.com","segment":[{"id":"483"},{"id":"653"}],"ext":{"segtax":9,"segclass":"chat-interests-topics-1"}}"#;

fn any_string() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ._-]{0,12}"
}

fn any_data() -> impl Strategy<Value = Data> {
    (
        proptest::option::of(any_string()),
        any_string(),
        proptest::collection::vec(
            (
                any_string(),
                proptest::option::of(any_string()),
                proptest::option::of(any_string()),
            ),
            0..4,
        ),
        proptest::option::of((
            proptest::option::of(0u32..1000),
            proptest::option::of(any_string()),
        )),
    )
        .prop_map(|(id, name, segments, ext)| {
            let mut d = Data::default();
            d.id = id;
            d.name = name;
            d.segment = segments
                .into_iter()
                .map(|(id, name, value)| {
                    let mut s = Segment::with_id(id);
                    s.name = name;
                    s.value = value;
                    s
                })
                .collect();
            d.ext = ext.map(|(segtax, segclass)| {
                let mut e = DataExt::default();
                e.segtax = segtax;
                e.segclass = segclass;
                e
            });
            d
        })
}

proptest! {
    #[test]
    fn data_round_trips(d in any_data()) {
        let json = serde_json::to_string(&d).unwrap();
        prop_assert_eq!(serde_json::from_str::<Data>(&json).unwrap(), d);
    }

    #[test]
    fn content_categories_round_trip(cat in proptest::collection::vec(any_string(), 0..5), cattax in 1u32..10) {
        let c: ContentCategories = serde_json::from_value(serde_json::json!({"cat": cat, "cattax": cattax})).unwrap();
        let back: ContentCategories = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        prop_assert_eq!(back, c);
    }
}
