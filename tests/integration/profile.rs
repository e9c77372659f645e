use chat_interests::*;

fn allowed(text: &str, at: &str, surface: &str, id: &str) -> Allowed {
    let ctx = MessageContext::builder()
        .at(at.parse().unwrap())
        .region("US".parse().unwrap())
        .age(30)
        .surface(surface.parse().unwrap())
        .linked(true)
        .message_id(id)
        .build();
    let c = Classifier::builtin().classify(text, None);
    match PolicyEngine::new(Policy::announced_rollout()).evaluate(&ctx, &c) {
        Decision::Allowed(a) => a,
        Decision::Denied(r) => panic!("{text}: {r:?}"),
    }
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn scores_halve_every_half_life() {
    let mut p = InterestProfile::new("u").unwrap();
    p.ingest(&allowed(
        "cheap flights to Rome",
        "2026-01-01T00:00:00Z",
        "instagram",
        "m1",
    ));
    let (id, s0) = p.top(1, ts("2026-01-01T00:00:00Z"))[0];
    let s30 = p.top(1, ts("2026-01-31T00:00:00Z"))[0].1;
    assert!((s30 - s0 / 2.0).abs() < 1e-9, "{s0} {s30}");
    let why = p.explain(id, ts("2026-01-31T00:00:00Z")).unwrap();
    assert_eq!(
        (why.messages(), why.recent_messages().to_vec()),
        (1, vec!["m1".to_owned()])
    );
    assert_eq!(why.surfaces()[0].as_str(), "instagram");
}

#[test]
fn order_of_ingest_does_not_matter() {
    let a = allowed(
        "cheap flights to Rome",
        "2026-01-01T00:00:00Z",
        "instagram",
        "m1",
    );
    let b = allowed(
        "flights to Lisbon",
        "2026-01-20T00:00:00Z",
        "facebook",
        "m2",
    );
    let mut p1 = InterestProfile::new("u").unwrap();
    p1.ingest(&a);
    p1.ingest(&b);
    let mut p2 = InterestProfile::new("u").unwrap();
    p2.ingest(&b);
    p2.ingest(&a);
    let at = ts("2026-02-01T00:00:00Z");
    let (t1, t2) = (p1.top(10, at), p2.top(10, at));
    assert_eq!(t1.len(), t2.len());
    for (x, y) in t1.iter().zip(&t2) {
        assert_eq!(x.0, y.0);
        assert!((x.1 - y.1).abs() < 1e-9);
    }
}

#[test]
fn merge_combines_linked_accounts() {
    let mut ig = InterestProfile::new("ana").unwrap();
    ig.ingest(&allowed(
        "cheap flights to Rome",
        "2026-01-01T00:00:00Z",
        "instagram",
        "m1",
    ));
    let mut fb = InterestProfile::new("ana").unwrap();
    fb.ingest(&allowed(
        "best trail running shoes",
        "2026-01-03T00:00:00Z",
        "facebook",
        "m2",
    ));
    let mut ab = ig.clone();
    ab.merge(&fb).unwrap();
    let mut ba = fb.clone();
    ba.merge(&ig).unwrap();
    let at = ts("2026-01-05T00:00:00Z");
    assert_eq!(ab.top(10, at), ba.top(10, at));
    assert_eq!(ab.messages(), 2);
    assert_eq!(ab.surfaces().len(), 2);
    let other = InterestProfile::with_settings("x", 86_400, 10).unwrap();
    assert!(matches!(
        ab.merge(&other),
        Err(e) if matches!(e.kind(), ProfileErrorKind::HalfLifeMismatch { .. })
    ));
}

#[test]
fn hidden_topics_never_come_out() {
    let mut p = InterestProfile::new("u").unwrap();
    p.ingest(&allowed(
        "cheap flights to Rome",
        "2026-01-01T00:00:00Z",
        "instagram",
        "m1",
    ));
    let id = p.top(1, ts("2026-01-01T00:00:00Z"))[0].0;
    p.hide_topic(Topic::from(id.tier1()));
    assert!(p
        .top(10, ts("2026-01-01T00:00:00Z"))
        .iter()
        .all(|(i, _)| !i.is_within(Topic::from(id.tier1()))));
    p.ingest(&allowed(
        "flights to Lisbon",
        "2026-01-02T00:00:00Z",
        "instagram",
        "m2",
    ));
    assert!(p.explain(id, ts("2026-01-02T00:00:00Z")).is_none());
    let back: InterestProfile = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
}

#[test]
fn entries_are_bounded() {
    let mut p = InterestProfile::with_settings("u", 30 * 86_400, 2).unwrap();
    p.ingest(&allowed(
        "cheap flights to Rome, running shoes, a new laptop and a PlayStation 5",
        "2026-01-01T00:00:00Z",
        "instagram",
        "m1",
    ));
    assert!(p.len() <= 2);
}

fn stored(entries: &str) -> String {
    format!(
        r#"{{"version":1,"key":"u","half_life_secs":2592000,"max_entries":2,"messages":1,"interests":[{entries}]}}"#
    )
}

#[test]
fn deserializing_rejects_each_kind_of_bad_profile() {
    let ok = r#"{"id":"653","score":0.5,"messages":1,"first":1767225600,"last":1767225600}"#;
    assert!(serde_json::from_str::<InterestProfile>(&stored(ok)).is_ok());
    let bad = [
        (
            stored(r#"{"id":"317","score":0.5,"messages":1,"first":1767225600,"last":1767225600}"#),
            "sensitive",
        ),
        (
            stored(
                r#"{"id":"nope","score":0.5,"messages":1,"first":1767225600,"last":1767225600}"#,
            ),
            "unknown",
        ),
        (
            stored(
                r#"{"id":"653","score":-1.0,"messages":1,"first":1767225600,"last":1767225600}"#,
            ),
            "not a finite",
        ),
        (
            stored(
                r#"{"id":"653","score":0.5,"messages":1,"first":1767225600,"last":99999999999}"#,
            ),
            "outside",
        ),
        (
            stored(r#"{"id":"653","score":0.5,"messages":1,"first":1767225601,"last":1767225600}"#),
            "after last",
        ),
        (stored(&[ok, ok].join(",")), "duplicate"),
        (stored(&[ok, ok, ok].join(",")), "more than its bound"),
        (
            stored(ok).replace("\"version\":1", "\"version\":3"),
            "version 3",
        ),
        (stored(ok).replace("\"key\":\"u\"", "\"key\":\"\""), "key"),
        (
            stored(ok).replace(
                "\"messages\":1,\"interests\"",
                "\"messages\":1,\"extra\":1,\"interests\"",
            ),
            "unknown field",
        ),
    ];
    for (json, needle) in bad {
        let err = serde_json::from_str::<InterestProfile>(&json)
            .expect_err(needle)
            .to_string();
        assert!(err.contains(needle), "{needle}: {err}");
    }
}

#[test]
fn version_1_profiles_are_still_read_and_written_back_as_version_4() {
    let v1 = stored(
        r#"{"id":"653","score":0.5,"messages":2,"first":1767225600,"last":1767312000,"surfaces":["instagram"],"recent":[[1767312000,"m2"],[1767225600,"m1"]]}"#,
    )
    .replace(r#""messages":1,"#, r#""messages":2,"surfaces":["instagram"],"#);
    let p: InterestProfile = serde_json::from_str(&v1).unwrap();
    let id = InterestId::new("653").unwrap();
    let why = p.explain(id, ts("2026-01-02T00:00:00Z")).unwrap();
    assert_eq!(why.recent_messages(), ["m2", "m1"]);
    assert_eq!(why.surfaces()[0].as_str(), "instagram");
    let json = serde_json::to_string(&p).unwrap();
    assert!(
        json.contains(r#""version":4"#) && json.contains(r#"["653",0.5,2,0,86400,1,[1,0]]"#),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<InterestProfile>(&json).unwrap(), p);
}

#[test]
fn version_2_rejects_dangling_references() {
    let v2 = |entries: &str, log: &str, cited: &str| {
        format!(
            r#"{{"version":2,"key":"u","half_life_secs":2592000,"max_entries":2,"messages":1,"surfaces":[{cited}],"hidden":[],"epoch":1767225600,"log":[{log}],"entries":[{entries}],"interests":[]}}"#
        )
    };
    let ok = v2(
        r#"["653",0.5,1,0,0,1,[0]]"#,
        r#"[0,"m1"]"#,
        r#""instagram""#,
    );
    assert!(serde_json::from_str::<InterestProfile>(&ok).is_ok(), "{ok}");
    let bad = [
        (v2(r#"["653",0.5,1,0,0,1,[1]]"#, r#"[0,"m1"]"#, r#""instagram""#), "not logged"),
        (v2(r#"["653",0.5,1,0,0,2,[0]]"#, r#"[0,"m1"]"#, r#""instagram""#), "not listed"),
        (v2(r#"["653",0.5,1,0,0,1,[]]"#, r#"[0,"m1"]"#, r#""instagram""#), "cited by no"),
        (
            v2(r#"["653",0.5,1,0,0,1,[0]]"#, r#"[0,"m1"]"#, r#""threads","threads""#),
            "listed twice",
        ),
        (v2(r#"["317",0.5,1,0,0,1,[0]]"#, r#"[0,"m1"]"#, r#""instagram""#), "sensitive"),
        (v2(r#"["653",0.5,1,9,0,1,[0]]"#, r#"[0,"m1"]"#, r#""instagram""#), "after last"),
        (
            ok.replace(r#""interests":[]"#, r#""interests":[{"id":"653","score":0.5,"messages":1,"first":1767225600,"last":1767225600}]"#),
            "mixes",
        ),
    ];
    for (json, needle) in bad {
        let err = serde_json::from_str::<InterestProfile>(&json)
            .expect_err(needle)
            .to_string();
        assert!(err.contains(needle), "{needle}: {err}");
    }
}

#[test]
fn the_embedded_taxonomy_is_the_pinned_file() {
    use sha2::{Digest, Sha256};
    let file = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/iab/content-taxonomy-3.1.tsv"
    ));
    let hex: String = Sha256::digest(file)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hex, chat_interests::TAXONOMY_SHA256);
    // The README of the data names the same hash.
    let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/iab/README.md"));
    assert!(
        readme.contains(&hex),
        "data/iab/README.md names another hash"
    );
}
