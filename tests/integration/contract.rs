//! The example binaries' JSON Lines contract, run in-process through the same functions the binaries
//! call (`examples/common/run.rs`), so the test neither builds nor spawns anything.

use crate::common;

use chat_interests::Timestamp;
use serde_json::Value;

fn run(name: &str, input: &[u8]) -> Vec<Value> {
    let now: Timestamp = "2026-01-20T12:00:00Z".parse().unwrap();
    let (mut out, mut report) = (Vec::new(), Vec::new());
    match name {
        "classify" => common::run::classify(input, &mut out, now).unwrap(),
        "profile" => common::run::profile(input, &mut out, &mut report, now).unwrap(),
        _ => unreachable!("no example {name}"),
    }
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn classify_answers_every_line_in_order() {
    let mut input = Vec::new();
    input.extend_from_slice(
        br#"{"text":"cheap flights to Rome?","region":"US","at":"2026-01-10T12:00:00Z","age":30}"#,
    );
    input.extend_from_slice(b"\nnot json\n\xff\xfe broken utf8\n");
    input.extend_from_slice(br#"{"text":"my chemo starts monday, what shoes for walking?","region":"US","at":"2026-01-10T12:00:00Z","age":30}"#);
    input.extend_from_slice(b"\n{\"no_text\":1}\n");
    input.extend_from_slice(
        br#"{"text":"Bundesliga heute?","lang":"de","region":"DE","at":"2026-01-10T12:00:00Z"}"#,
    );
    input.extend_from_slice(b"\n");
    input.extend_from_slice(br#"{"text":"best laptop?","region":"US","surface":"whatsapp","account":"a","at":"2026-01-10T12:00:00Z"}"#);
    input.extend_from_slice(b"\n");
    input.extend_from_slice(&b"[".repeat(10_000));
    input.extend_from_slice(b"\n");
    input.extend_from_slice(br#"{"text":"flights","region":"ZZ","at":"yesterday"}"#);
    let out = run("classify", &input);
    assert_eq!(out.len(), 9);
    assert_eq!(out[0]["used"], true);
    assert_eq!(out[0]["language"], "en");
    assert!(!out[0]["interests"][0]["iab"].as_str().unwrap().is_empty());
    assert!(out[1]["error"].as_str().unwrap().contains("line 2"));
    assert!(out[2]["error"].as_str().unwrap().contains("line 3"));
    assert_eq!(out[3]["used"], false);
    assert_eq!(out[3]["sensitive"], serde_json::json!(["health"]));
    // A reviewer sees which detector flagged it: "chemo" is a lexicon term.
    assert_eq!(out[3]["detected_by"]["health"]["lexicon"], true);
    assert_eq!(out[0]["detected_by"], serde_json::json!({}));
    assert_eq!(out[3]["interests"], serde_json::json!([]));
    assert!(out[4]["error"].as_str().unwrap().contains("text"));
    assert_eq!(out[5]["reasons"], serde_json::json!(["region_excluded"]));
    assert_eq!(out[5]["language"], "de");
    assert_eq!(out[6]["reasons"], serde_json::json!(["surface_not_linked"]));
    assert!(out[7]["error"].is_string());
    assert_eq!(
        out[8]["reasons"],
        serde_json::json!(["region_unknown", "time_unknown"])
    );
}

#[test]
fn profile_groups_by_identity_then_account() {
    let input = br#"{"text":"cheap flights to Rome","account":"ig1","identity":"ana","surface":"instagram","region":"US","at":"2026-01-10T12:00:00Z","age":30}
{"text":"trail running shoes","account":"fb1","identity":"ana","surface":"facebook","region":"US","at":"2026-01-11T12:00:00Z","age":30}
{"text":"best laptop for coding","account":"bob","surface":"instagram","region":"US","at":"2026-01-11T12:00:00Z","age":40}
{"text":"my insulin dose","account":"bob","surface":"instagram","region":"US","at":"2026-01-11T12:00:00Z","age":40}
garbage
"#;
    let out = run("profile", input);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["profile"], "ana");
    assert_eq!(out[0]["messages"], 2);
    assert_eq!(
        out[0]["surfaces"],
        serde_json::json!(["facebook", "instagram"])
    );
    assert_eq!(out[1]["profile"], "bob");
    assert_eq!(out[1]["messages"], 1);
    assert!(out[0]["interests"].as_array().unwrap().len() <= 10);
}

#[test]
fn classify_fails_closed_on_the_fields_probing_found() {
    let lines = [
        // Duplicate keys: a filter reading the first disagrees with one reading the last.
        r#"{"text":"my diabetes is acting up","text":"running shoes","region":"US","at":"2026-01-10T12:00:00Z"}"#,
        r#"{"text":"running shoes","region":"DE","region":"US","at":"2026-01-10T12:00:00Z"}"#,
        r#"{"text":"running shoes","region":"US","at":"2025-12-16T00:00:00+23:59"}"#,
        r#"{"text":"running shoes","region":"US","at":"2026-01-10T12:00:00Z","surface":"whats_app"}"#,
        r#"{"text":"running shoes","region":"US","at":"2026-01-10T12:00:00Z","age":1000}"#,
        r#"{"text":"running shoes","region":"US","at":"2026-01-10T12:00:00Z","modality":"telepathy"}"#,
        r#"{"text":"running shoes","region":"US","at":"2026-01-10T12:00:00Z","modality":"voice"}"#,
        r#"{"text":"running shoes","region":"US","at":"2026-01-10T12:00:00Z","surface":"whatsapp","identity":"\u200b"}"#,
    ];
    let mut input = b"\xEF\xBB\xBF".to_vec(); // a byte-order mark before the first line
    input.extend_from_slice(lines.join("\n").as_bytes());
    let out = run("classify", &input);
    assert_eq!(out.len(), lines.len());
    assert!(
        out[0]["error"].as_str().unwrap().contains("twice"),
        "{}",
        out[0]
    );
    assert!(
        out[1]["error"].as_str().unwrap().contains("twice"),
        "{}",
        out[1]
    );
    assert_eq!(out[2]["reasons"], serde_json::json!(["time_unknown"]));
    assert_eq!(out[3]["reasons"], serde_json::json!(["surface_unknown"]));
    assert_eq!(out[4]["reasons"], serde_json::json!(["age_unknown"]));
    assert_eq!(out[5]["reasons"], serde_json::json!(["modality_unknown"]));
    assert_eq!(out[6]["used"], true);
    // An invisible identity is no identity: the WhatsApp account is not linked.
    assert_eq!(out[7]["reasons"], serde_json::json!(["surface_not_linked"]));
    let out = run(
        "classify",
        b"\xEF\xBB\xBF{\"text\":\"shoes\",\"region\":\"US\",\"at\":\"2026-01-10T12:00:00Z\"}",
    );
    assert_eq!(out[0]["used"], true, "the byte-order mark is skipped");
}

#[test]
fn profile_never_keys_or_merges_under_an_invisible_identity() {
    let input = br#"{"text":"cheap flights to Rome","account":"a1","identity":"\u200b","surface":"instagram","region":"US","at":"2026-01-10T12:00:00Z","age":30}
{"text":"trail running shoes","account":"a2","identity":"\u2060\u2060","surface":"facebook","region":"US","at":"2026-01-11T12:00:00Z","age":30}
{"text":"best laptop","account":"\u200b","surface":"instagram","region":"US","at":"2026-01-11T12:00:00Z","age":30}
"#;
    let out = run("profile", input);
    let keys: Vec<&str> = out.iter().map(|p| p["profile"].as_str().unwrap()).collect();
    assert_eq!(keys, ["a1", "a2"]);
}

#[test]
fn lines_with_one_conversation_id_are_one_conversation() {
    let input = br#"{"text":"cheap flights to Rome","region":"US","conversation":"a"}
{"text":"I was diagnosed with type 2 diabetes last week","region":"US","conversation":"a"}
{"text":"which running shoes are good for long walks?","region":"US","conversation":"b"}
{"text":"which running shoes are good for long walks?","region":"US","conversation":"a"}
{"text":"which running shoes are good for long walks?","region":"US"}
{"text":"cheap flights","region":"US","conversation":true}
{"text":"cheap flights","region":"US","conversation":""}
{"text":"my insulin pump beeps all night","region":"US","conversation":7}
{"text":"cheap flights to Rome","region":"US","conversation":7}
{"text":"cheap flights to Rome","region":"US","conversation":"7"}
"#;
    let out = run("classify", input);
    assert_eq!(out.len(), 10);
    assert_eq!(out[0]["used"], true, "before the sensitive turn");
    assert_eq!(out[1]["reasons"], serde_json::json!(["sensitive"]));
    assert_eq!(out[2]["used"], true, "another conversation");
    assert_eq!(
        out[3]["reasons"],
        serde_json::json!(["conversation_sensitive"])
    );
    assert_eq!(out[3]["interests"], serde_json::json!([]));
    assert_eq!(
        out[4]["used"], true,
        "no conversation: the line stands alone"
    );
    assert!(out[5]["error"].as_str().unwrap().contains("conversation"));
    assert!(out[6]["error"].as_str().unwrap().contains("conversation"));
    // An integer id is an id; it is not the string "7".
    assert_eq!(
        out[8]["reasons"],
        serde_json::json!(["conversation_sensitive"])
    );
    assert_eq!(out[9]["used"], true);

    // The profile job reads the same field: the tainted turn feeds no profile.
    let input = br#"{"text":"I was diagnosed with type 2 diabetes last week","account":"sam","region":"US","conversation":"a"}
{"text":"which running shoes are good for long walks?","account":"sam","region":"US","conversation":"a"}
{"text":"cheap flights to Rome","account":"sam","region":"US","conversation":"b"}
"#;
    let out = run("profile", input);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["messages"], 1);
}
