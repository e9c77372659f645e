//! Forgetting: a deleted message leaves the profile. Within the ledger, forgetting a set of messages
//! gives the profile that never saw them, through any interleaving of ingests into linked accounts,
//! merges and forgets; beyond it, the sums are subtracted. Receipts and ledgers from storage are
//! validated.

use chat_interests::*;
use proptest::prelude::*;
use serde_json::{json, Value};

#[path = "support/chats.rs"]
mod chats;
use chats::{CLASSIFIER, ENGINE, TEXTS};

/// A message with no interests: it still counts, and is forgotten like any other.
const NO_INTEREST: &str = "thanks, that is all";

fn text(i: usize) -> &'static str {
    TEXTS.get(i).copied().unwrap_or(NO_INTEREST)
}
const SURFACES: &[&str] = &["instagram", "threads", "facebook"];
const T0: i64 = 1_767_225_600; // 2026-01-01

/// A message: text, minutes after T0, surface, and whether it has an id.
#[derive(Debug, Clone, Copy)]
struct Msg {
    text: usize,
    minutes: i64,
    surface: usize,
    with_id: bool,
}

fn allowed(i: usize, m: Msg) -> Option<Allowed> {
    let mut ctx = MessageContext::builder()
        .at(Timestamp::from_unix_seconds(T0 + m.minutes * 60).unwrap())
        .region("US".parse().unwrap())
        .surface(SURFACES[m.surface].parse().unwrap());
    if m.with_id {
        ctx = ctx.message_id(&format!("m{i}"));
    }
    ENGINE
        .evaluate(&ctx.build(), &CLASSIFIER.classify(text(m.text), None))
        .allowed()
        .cloned()
}

fn msg() -> impl Strategy<Value = Msg> {
    (
        0..TEXTS.len(),
        0i64..200_000,
        0..SURFACES.len(),
        prop::bool::weighted(0.9),
    )
        .prop_map(|(text, minutes, surface, with_id)| Msg {
            text,
            minutes,
            surface,
            with_id,
        })
}

/// Where a message goes: account A or B (linked; B is merged into A), and when it is forgotten:
/// never, from its own account before the merge, or from A after it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    Kept,
    ForgottenBefore,
    ForgottenAfter,
}

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![
        2 => Just(Fate::Kept),
        1 => Just(Fate::ForgottenBefore),
        1 => Just(Fate::ForgottenAfter),
    ]
}

fn empty(name: &str, ledger_len: usize) -> InterestProfile {
    InterestProfile::new(name)
        .unwrap()
        .with_ledger_len(ledger_len)
        .unwrap()
}

/// Runs the script: ingests into A or B, forgets before the merge, merges B into A, forgets after.
/// `skip` leaves out the forgotten messages instead (the profile that never saw them).
fn run(script: &[(Msg, bool, Fate)], ledger_len: usize, skip: bool) -> (InterestProfile, usize) {
    let (mut a, mut b) = (empty("a", ledger_len), empty("b", ledger_len));
    let mut later = Vec::new();
    let mut settled = 0;
    let mut forget = |p: &mut InterestProfile, r: &Receipt| {
        if p.forget(r).unwrap() == Forgotten::Settled {
            settled += 1;
        }
    };
    let mut receipts = Vec::new();
    for (i, &(m, to_b, fate)) in script.iter().enumerate() {
        let Some(allowed) = allowed(i, m) else {
            continue;
        };
        if skip && fate != Fate::Kept {
            continue;
        }
        let p = if to_b { &mut b } else { &mut a };
        receipts.push((p.ingest(&allowed), to_b, fate));
    }
    if !skip {
        for (r, to_b, fate) in &receipts {
            match fate {
                Fate::ForgottenBefore => forget(if *to_b { &mut b } else { &mut a }, r),
                Fate::ForgottenAfter => later.push(r.clone()),
                Fate::Kept => {}
            }
        }
    }
    a.merge(&b).unwrap();
    for r in &later {
        forget(&mut a, r);
    }
    (a, settled)
}

fn close(x: f64, y: f64) -> bool {
    (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1e-3)
}

/// The profiles read the same: counts, surfaces, interests and scores (within rounding), and, when
/// `exactly`, every explanation's first and last seen, surfaces and cited ids.
fn assert_reads_same(
    got: &InterestProfile,
    want: &InterestProfile,
    exactly: bool,
) -> Result<(), TestCaseError> {
    let as_of = Timestamp::from_unix_seconds(T0 + 300_000 * 60).unwrap();
    prop_assert_eq!(got.messages(), want.messages());
    let (g, w) = (got.top(usize::MAX, as_of), want.top(usize::MAX, as_of));
    let ids = |v: &[(InterestId, f64)]| {
        let mut ids: Vec<InterestId> = v.iter().map(|x| x.0).collect();
        ids.sort();
        ids
    };
    prop_assert_eq!(ids(&g), ids(&w));
    for (id, score) in &w {
        let mine = got.explain(*id, as_of).unwrap();
        let theirs = want.explain(*id, as_of).unwrap();
        prop_assert!(
            close(mine.score(), *score),
            "{id:?}: {} vs {score}",
            mine.score()
        );
        prop_assert_eq!(mine.messages(), theirs.messages());
        if exactly {
            prop_assert_eq!(got.surfaces(), want.surfaces());
            prop_assert_eq!(mine.first_seen(), theirs.first_seen());
            prop_assert_eq!(mine.last_seen(), theirs.last_seen());
            prop_assert_eq!(mine.surfaces(), theirs.surfaces());
            prop_assert_eq!(mine.recent_messages(), theirs.recent_messages());
        }
    }
    Ok(())
}

fn script() -> impl Strategy<Value = Vec<(Msg, bool, Fate)>> {
    prop::collection::vec((msg(), any::<bool>(), fate()), 1..30)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    /// Within the ledger, forgetting a set of messages gives the profile that never saw them, however
    /// ingests into linked accounts, forgets and the merge interleave.
    #[test]
    fn forgetting_within_the_ledger_equals_never_ingesting(script in script()) {
        let (forgot, settled) = run(&script, 64, false);
        prop_assert_eq!(settled, 0);
        let (never, _) = run(&script, 64, true);
        assert_reads_same(&forgot, &never, true)?;
    }

    /// Beyond the ledger (here: a ledger of 0 to 3 messages), scores and counts still follow exactly.
    #[test]
    fn forgetting_settled_messages_subtracts_their_scores_and_counts(
        script in script(),
        ledger_len in 0usize..4,
    ) {
        let (forgot, _) = run(&script, ledger_len, false);
        let (never, _) = run(&script, ledger_len, true);
        assert_reads_same(&forgot, &never, false)?;
    }

    /// A stored profile reads back to the same ledger: written again it is the same bytes, and
    /// forgetting after the round trip is the same as before it.
    #[test]
    fn the_ledger_survives_storage(script in script(), ledger_len in 0usize..40) {
        let mut p = empty("u", ledger_len);
        let receipts: Vec<Receipt> = script
            .iter()
            .enumerate()
            .filter_map(|(i, &(m, _, _))| allowed(i, m))
            .map(|a| p.ingest(&a))
            .collect();
        let json = serde_json::to_string(&p).unwrap();
        let mut back: InterestProfile = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json.clone());
        prop_assert_eq!(&back, &p);
        let bytes = postcard::to_allocvec(&p).unwrap();
        prop_assert_eq!(postcard::from_bytes::<InterestProfile>(&bytes).unwrap(), p.clone());
        for (i, r) in receipts.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
            let (x, y) = (p.forget(r), back.forget(r));
            prop_assert_eq!(x.is_ok(), y.is_ok(), "receipt {}", i);
        }
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), serde_json::to_string(&p).unwrap());
    }
}

fn one(text: &str, id: &str, minutes: i64) -> Allowed {
    let ctx = MessageContext::builder()
        .at(Timestamp::from_unix_seconds(T0 + minutes * 60).unwrap())
        .region("US".parse().unwrap())
        .surface("threads".parse().unwrap())
        .message_id(id)
        .build();
    ENGINE
        .evaluate(&ctx, &CLASSIFIER.classify(text, None))
        .allowed()
        .cloned()
        .unwrap()
}

#[test]
fn a_forgotten_message_leaves_no_trace_and_cannot_be_forgotten_twice() {
    let mut p = InterestProfile::new("u").unwrap();
    let travel = p.ingest(&one("cheap flights to Rome", "m1", 0));
    let shoes = p.ingest(&one("trail running shoes", "m2", 10));
    let before = serde_json::to_string(&p).unwrap();
    assert_eq!(p.forget(&travel).unwrap(), Forgotten::Exactly);
    let json = serde_json::to_string(&p).unwrap();
    assert!(!json.contains("m1"), "{json}");
    let e = p.forget(&travel).unwrap_err();
    assert!(
        matches!(e.kind(), ProfileErrorKind::UnknownReceipt { .. }),
        "{e}"
    );
    assert!(e.to_string().contains("m1"), "{e}");
    assert_eq!(serde_json::to_string(&p).unwrap(), json, "unchanged");
    // A receipt for another message (here: another time) matches nothing.
    let forged: Receipt = serde_json::from_value({
        let mut v = serde_json::to_value(&shoes).unwrap();
        v["at"] = json!(T0 + 5);
        v
    })
    .unwrap();
    assert!(p.forget(&forged).is_err());
    assert_ne!(before, json);
}

#[test]
fn a_hidden_topic_does_not_stop_a_forget() {
    let mut p = InterestProfile::new("u").unwrap();
    let r = p.ingest(&one("cheap flights to Rome and new running shoes", "m1", 0));
    assert!(r.interests().len() >= 2, "{r:?}");
    p.hide_topic(Topic::new("653").unwrap()); // Travel
    assert_eq!(p.forget(&r).unwrap(), Forgotten::Exactly);
    assert!(p.is_empty());
    assert_eq!(p.messages(), 0);
    assert!(p.surfaces().is_empty());
}

#[test]
fn version_3_profiles_migrate_with_their_interests_settled() {
    let v3 = r#"{"version":3,"key":"u","half_life_secs":2592000,"max_entries":8,"messages":1,"surfaces":["threads"],"hidden":[],"see_less":[],"epoch":1767225600,"log":[[0,"m1"]],"entries":[["653",0.5,1,0,0,1,[0]]],"interests":[]}"#;
    let mut p: InterestProfile = serde_json::from_str(v3).unwrap();
    assert_eq!(p.ledger_messages(), 0);
    assert_eq!(p.ledger_len(), InterestProfile::DEFAULT_LEDGER_LEN);
    let v4 = serde_json::to_string(&p).unwrap();
    assert!(
        v4.contains(r#""version":4"#) && v4.contains(TAXONOMY_SHA256),
        "{v4}"
    );
    assert_eq!(serde_json::from_str::<InterestProfile>(&v4).unwrap(), p);
    let receipt: Receipt = serde_json::from_str(&format!(
        r#"{{"message_id":"m1","at":{T0},"surface":"threads","interests":[["653",0.5]]}}"#
    ))
    .unwrap();
    assert_eq!(p.forget(&receipt).unwrap(), Forgotten::Settled);
    assert!(p.is_empty());
    // A version 3 profile cannot carry what came with version 4.
    let mixed = v3.replace(r#""interests":[]"#, r#""interests":[],"ledger_len":4"#);
    let e = serde_json::from_str::<InterestProfile>(&mixed)
        .unwrap_err()
        .to_string();
    assert!(e.contains("version 4"), "{e}");
}

fn stored_v4() -> Value {
    let mut p = InterestProfile::new("u").unwrap();
    p.ingest(&one("cheap flights to Rome", "m1", 0));
    p.ingest(&one("trail running shoes", "m2", 10));
    serde_json::to_value(&p).unwrap()
}

#[test]
fn a_stored_ledger_is_validated() {
    let read =
        |v: &Value| serde_json::from_value::<InterestProfile>(v.clone()).map_err(|e| e.to_string());
    assert!(read(&stored_v4()).is_ok());
    type Tamper = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Tamper)> = vec![
        ("taxonomy", Box::new(|v| v["taxonomy"][1] = json!("00"))),
        ("taxonomy", Box::new(|v| v["taxonomy"] = Value::Null)),
        ("not logged", Box::new(|v| v["ledger"][0][1] = json!(7))),
        ("another time", Box::new(|v| v["ledger"][0][0] = json!(60))),
        (
            "surface 3 is not listed",
            Box::new(|v| v["ledger"][0][2] = json!(3)),
        ),
        (
            "sensitive",
            Box::new(|v| v["ledger"][0][3] = json!([["459", 0.5]])),
        ),
        ("(0, 1]", Box::new(|v| v["ledger"][0][3][0][1] = json!(1.5))),
        (
            "listed twice",
            Box::new(|v| {
                let x = v["ledger"][0][3][0].clone();
                v["ledger"][0][3] = json!([x.clone(), x]);
            }),
        ),
        ("hidden topic", Box::new(|v| v["hidden"] = json!(["653"]))),
        (
            "more than the profile",
            Box::new(|v| v["messages"] = json!(1)),
        ),
        (
            "more than a ledger",
            Box::new(|v| v["ledger_len"] = json!(0)),
        ),
        (
            "settled_surfaces",
            Box::new(|v| v["settled_surfaces"] = json!(2)),
        ),
        (
            "no message came from it",
            Box::new(|v| {
                v["surfaces"] = json!(["threads", "instagram"]);
            }),
        ),
        (
            "cited by no interest",
            Box::new(|v| {
                v["log"].as_array_mut().unwrap().push(json!([0, "m9"]));
            }),
        ),
    ];
    for (needle, tamper) in cases {
        let mut v = stored_v4();
        tamper(&mut v);
        let e = read(&v).expect_err(needle);
        assert!(e.contains(needle), "{needle}: {e}");
    }
}

#[test]
fn receipts_from_storage_are_validated() {
    let ok =
        json!({"message_id": "m1", "at": T0, "surface": "threads", "interests": [["653", 0.5]]});
    assert!(serde_json::from_value::<Receipt>(ok.clone()).is_ok());
    let bad = [
        ("459", json!({"at": T0, "interests": [["459", 0.5]]})),
        ("(0, 1]", json!({"at": T0, "interests": [["653", 0.0]]})),
        (
            "twice",
            json!({"at": T0, "interests": [["653", 0.5], ["653", 0.4]]}),
        ),
        ("2200", json!({"at": 99_999_999_999i64, "interests": []})),
        (
            "message id",
            json!({"message_id": "\u{200B}", "at": T0, "interests": []}),
        ),
        (
            "unknown field",
            json!({"at": T0, "interests": [], "text": "hello"}),
        ),
    ];
    for (needle, v) in bad {
        let e = serde_json::from_value::<Receipt>(v)
            .unwrap_err()
            .to_string();
        assert!(e.contains(needle), "{needle}: {e}");
    }
}

#[test]
fn the_ledger_is_bounded_and_settles_in_batches() {
    let mut p = empty("u", 16);
    for i in 0..1_000 {
        p.ingest(&one(TEXTS[i % 4], &format!("m{i}"), i as i64));
        assert!(p.ledger_messages() <= 16 + 8, "{}", p.ledger_messages());
    }
    assert!(p.ledger_messages() >= 16);
    assert_eq!(p.messages(), 1_000);
    assert!(InterestProfile::new("u")
        .unwrap()
        .with_ledger_len(65_537)
        .is_err());
    let mut q = InterestProfile::new("u").unwrap();
    q.ingest(&one(TEXTS[0], "m1", 0));
    assert!(
        q.with_ledger_len(8).is_err(),
        "set on an empty profile only"
    );
}
