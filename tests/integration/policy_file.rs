//! Policies as files, through the example binaries' own functions, in-process: `examples/policy`
//! (check and summary), and `--policy FILE` for `classify` and `profile`.

use crate::common;

use std::io::{self, BufRead, Read};
use std::path::PathBuf;

use chat_interests::{Policy, SensitiveSet, Start, Timestamp};
use common::run::Failure;
use serde_json::Value;

const DE_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/policies/de-2027-strict.json"
);

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// `examples/policy` with `a`: its output, or its error.
fn policy(a: &[&str]) -> Result<String, String> {
    let mut out = Vec::new();
    common::policy::main(&args(a), &mut out).map(|()| String::from_utf8(out).unwrap())
}

/// A file under the test's temporary directory holding `text`.
fn file(name: &str, text: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Input that fails the test if anything reads it.
struct Unread;
impl Read for Unread {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        panic!("the input was read")
    }
}
impl BufRead for Unread {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        panic!("the input was read")
    }
    fn consume(&mut self, _: usize) {}
}

fn now() -> Timestamp {
    "2027-03-10T12:00:00Z".parse().unwrap()
}

fn lines(out: Vec<u8>) -> Vec<Value> {
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn classify(a: &[&str], input: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    common::run::classify_cli(&args(a), input, &mut out, now()).unwrap();
    lines(out)
}

const GERMAN: &[u8] = br#"{"text":"Bundesliga heute?","lang":"de","account":"k","region":"DE","surface":"instagram","at":"2027-03-02T18:00:00+01:00","age":30}
{"text":"Bundesliga heute?","lang":"de","account":"k","region":"DE","surface":"instagram","at":"2027-02-28T23:30:00+01:00","age":30}
{"text":"Bundesliga heute?","lang":"de","account":"k","region":"AT","surface":"instagram","at":"2027-03-02T18:00:00+01:00","age":30}
{"text":"cheap flights to Rome?","account":"u","region":"US","surface":"instagram","at":"2026-05-02T18:00:00-04:00","age":30}
"#;

#[test]
fn the_summary_tells_every_field() {
    let cases: [(&str, &[&str]); 2] = [
        (
            "announced-rollout",
            &[
        "preset announced-rollout: valid\n",
        "name: announced-rollout\n",
        "start: 2025-12-16 in each message's local time",
        "from 2025-12-15T10:00:00Z at UTC+14 to 2025-12-16T12:00:00Z at UTC-12",
        "excluded regions (43;",
        "  DE  Germany\n",
        "  GB  Britain (UK)\n",
        "  KR  Korea (South)\n",
        "sensitive categories (7: the 7 announced;",
        "  health, religion, politics, sexual_orientation, ethnicity, philosophical_beliefs, trade_union\n",
        "  whatsapp  (only from a linked account)\n",
        "  instagram\n",
        "modalities: text, voice",
        "ages: minimum 18; a message without an age is allowed; above 130",
        "blocked topics (0):\n  none\n",
        "the rest of the conversation, at most 1 day (86400 s)",
        "counts 50%",
            ],
        ),
        (
            "strict-gdpr-art9",
            &[
        "start: 2025-12-16T12:00:00Z everywhere at once",
        "(from 2025-12-16 00:00:00 at UTC-12 to 2025-12-17 02:00:00 at UTC+14)",
        "sensitive categories (14: the 7 announced and 7 more;",
        "a message without an age is denied",
        "  188 Dating (and its subtree)\n",
        "taints the whole rest of the conversation",
            ],
        ),
    ];
    for (name, expected) in cases {
        let out = policy(&["--preset", name]).unwrap();
        for e in expected {
            assert!(out.contains(e), "{e:?} not in\n{out}");
        }
    }
}

#[test]
fn json_prints_the_canonical_file() {
    for &name in Policy::PRESETS {
        let shipped = std::fs::read_to_string(format!(
            "{}/data/policies/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert_eq!(policy(&["--json", "--preset", name]).unwrap(), shipped);
    }
    // The example file is canonical too, and re-canonicalising a reordered file restores it.
    let shipped = std::fs::read_to_string(DE_FILE).unwrap();
    assert_eq!(policy(&[DE_FILE, "--json"]).unwrap(), shipped);
    let v: Value = serde_json::from_str(&shipped).unwrap();
    let compact = file("de-compact.json", &v.to_string());
    assert_eq!(
        policy(&["--json", compact.to_str().unwrap()]).unwrap(),
        shipped
    );
}

#[test]
fn the_example_rollout_is_germany_under_the_strict_categories() {
    let de = Policy::from_json(&std::fs::read_to_string(DE_FILE).unwrap()).unwrap();
    let announced = Policy::announced_rollout();
    let strict = Policy::strict_gdpr_art9();
    assert_eq!(de.name(), "de-2027-strict");
    assert_eq!(de.start(), announced.start());
    let de_start = Start::LocalDate("2027-03-01".parse().unwrap());
    assert_eq!(
        de.region_starts().iter().collect::<Vec<_>>(),
        [(&"DE".parse().unwrap(), &de_start)]
    );
    let mut excluded = announced.excluded_regions().clone();
    assert!(excluded.remove(&"DE".parse().unwrap()));
    assert_eq!(de.excluded_regions(), &excluded);
    assert_eq!(de.sensitive(), SensitiveSet::all());
    assert_eq!(de.blocked_topics(), strict.blocked_topics());
    // The rest as announced.
    assert_eq!(de.surfaces(), announced.surfaces());
    assert_eq!(de.linked_only_surfaces(), announced.linked_only_surfaces());
    assert_eq!(de.modalities(), announced.modalities());
    assert_eq!(
        (de.minimum_age(), de.unknown_age(), de.maximum_age()),
        (
            announced.minimum_age(),
            announced.unknown_age(),
            announced.maximum_age()
        )
    );
    assert_eq!(de.conversation_window(), announced.conversation_window());
    assert_eq!(de.see_less_factor(), announced.see_less_factor());
    let summary = policy(&[DE_FILE]).unwrap();
    assert!(summary.contains(
        "regions that start later (1; a message from one is used once both starts have passed):\n  \
         DE  Germany: 2027-03-01 in each message's local time"
    ));
    assert!(!summary.contains("  DE  Germany\n"), "not excluded");
    assert!(!policy(&["--preset", "announced-rollout"])
        .unwrap()
        .contains("start later"));
}

#[test]
fn a_bad_file_says_which_what_and_where() {
    let syntax = file(
        "bad-syntax.json",
        "{\n  \"name\": \"x\",\n  \"start\": {\"local_date\": \"2027-03-01\"},,\n}",
    );
    let e = policy(&[syntax.to_str().unwrap()]).unwrap_err();
    assert!(
        e.starts_with(&format!("{}:3:", syntax.display())),
        "file and line: {e}"
    );
    let text = std::fs::read_to_string(DE_FILE).unwrap();
    let region = file("bad-region.json", &text.replacen("\"AT\"", "\"EU\"", 1));
    let e = policy(&[region.to_str().unwrap()]).unwrap_err();
    assert!(e.starts_with(&format!("{}:", region.display())), "{e}");
    assert!(e.contains("invalid region: \"EU\""), "{e}");
    let narrow = file("bad-narrow.json", &text.replacen("\"health\",", "", 1));
    let e = policy(&[narrow.to_str().unwrap()]).unwrap_err();
    assert!(e.contains("bad-narrow.json: not a valid policy"), "{e}");
    assert!(e.contains("must treat health as sensitive"), "{e}");
    let e = policy(&["/nonexistent/policy.json"]).unwrap_err();
    assert!(e.contains("/nonexistent/policy.json: cannot read"), "{e}");
    let e = policy(&["--preset", "lenient"]).unwrap_err();
    assert!(e.contains("no policy preset named \"lenient\""), "{e}");
    for bad in [
        &[][..],
        &["--preset"],
        &["a.json", "b.json"],
        &["--verbose", DE_FILE],
    ] {
        assert!(policy(bad).unwrap_err().contains("usage"), "{bad:?}");
    }
}

#[test]
fn classify_and_profile_run_under_the_policy_file() {
    // The announced rollout excludes Germany; the example file covers it from 1 March 2027, in the
    // message's local time.
    let default = classify(&[], GERMAN);
    assert_eq!(
        default[0]["reasons"],
        serde_json::json!(["region_excluded"])
    );
    for a in [
        &["--policy", DE_FILE][..],
        &[&format!("--policy={DE_FILE}")],
    ] {
        let out = classify(a, GERMAN);
        assert_eq!(out[0]["used"], true, "{:?}", out[0]);
        assert_eq!(out[1]["reasons"], serde_json::json!(["before_start"]));
        assert_eq!(out[2]["reasons"], serde_json::json!(["region_excluded"]));
        // Switched to before Germany starts, the file leaves the rest of the rollout running.
        assert_eq!(out[3]["used"], true, "{:?}", out[3]);
    }
    let mut out = Vec::new();
    common::run::profile_cli(
        &args(&["--policy", DE_FILE]),
        GERMAN,
        &mut out,
        io::sink(),
        now(),
    )
    .unwrap();
    let profiles = lines(out);
    assert_eq!(profiles.len(), 2);
    assert_eq!(
        (&profiles[0]["profile"], &profiles[0]["messages"]),
        (&"k".into(), &1.into())
    );
    let mut out = Vec::new();
    common::run::profile_cli(&[], GERMAN, &mut out, io::sink(), now()).unwrap();
    let profiles = lines(out);
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0]["profile"], "u");
}

#[test]
fn a_bad_policy_fails_before_any_input_is_read() {
    let bad = file(
        "bad-window.json",
        &std::fs::read_to_string(DE_FILE)
            .unwrap()
            .replace("86400", "0"),
    );
    let bad = bad.to_str().unwrap();
    for a in [
        &["--policy", bad][..],
        &["--policy"],
        &["--policy", "/nonexistent.json"],
        &["--policy", DE_FILE, "--policy", DE_FILE],
        &["--verbose"],
    ] {
        let e = match common::run::classify_cli(&args(a), Unread, io::sink(), now()) {
            Err(Failure::Usage(e)) => e,
            other => panic!("{a:?}: {other:?}"),
        };
        assert!(!e.is_empty());
        let Err(Failure::Usage(p)) =
            common::run::profile_cli(&args(a), Unread, io::sink(), io::sink(), now())
        else {
            panic!("{a:?}")
        };
        // The same error; profile's usage line also names --format.
        let problem = |m: &str| m.split(" (usage").next().unwrap_or_default().to_owned();
        assert_eq!(problem(&p), problem(&e));
    }
    let Err(Failure::Usage(e)) =
        common::run::classify_cli(&args(&["--policy", bad]), Unread, io::sink(), now())
    else {
        panic!()
    };
    assert!(e.contains("bad-window.json: not a valid policy"), "{e}");
    assert!(e.contains("conversation window of 0"), "{e}");
}

#[test]
fn profile_writes_openrtb_user_data_with_the_feature_and_says_why_not_without() {
    let input: &[u8] = br#"{"text":"cheap flights to Lisbon and a hotel","at":"2026-01-10T12:00:00Z","region":"US","age":30,"surface":"instagram","account":"a1"}"#;
    let mut out = Vec::new();
    let result = common::run::profile_cli(
        &args(&["--format", "openrtb"]),
        input,
        &mut out,
        io::sink(),
        now(),
    );
    if cfg!(feature = "openrtb") {
        result.unwrap();
        let profiles = lines(out);
        let data = profiles[0]["user"]["data"].as_array().unwrap();
        let segtax: Vec<&Value> = data.iter().map(|d| &d["ext"]["segtax"]).collect();
        assert_eq!(segtax, [&Value::from(9), &Value::from(4)]);
        assert!(data[0]["segment"].as_array().is_some_and(|s| !s.is_empty()));
    } else {
        let Err(Failure::Usage(message)) = result else {
            panic!("--format openrtb without the feature must be a usage error")
        };
        assert!(message.contains("--features openrtb"), "{message}");
    }
    let Err(Failure::Usage(message)) = common::run::profile_cli(
        &args(&["--format", "xml"]),
        input,
        io::sink(),
        io::sink(),
        now(),
    ) else {
        panic!("an unknown format is a usage error")
    };
    assert!(message.contains("xml"), "{message}");
}
