//! The two JSON Lines jobs, as functions over any reader and writer, so that the example binaries run
//! them on stdin and stdout and the contract test runs them in-process.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, Write};

use chat_interests::{
    Classification, Classifier, ConversationState, Decision, InterestProfile, Policy, PolicyEngine,
    Scratch, Timestamp,
};
use serde_json::json;

use super::{detected_by, for_each_line, interest_json, interests_json, parse_line, Input};

/// The conversations of one run: a line with a `conversation` id is a turn of it, in input order.
#[derive(Default)]
struct Conversations(HashMap<(bool, String), ConversationState>);

impl Conversations {
    fn evaluate(&mut self, engine: &PolicyEngine, input: &Input, c: &Classification) -> Decision {
        match &input.conversation {
            None => engine.evaluate(&input.context, c),
            Some(id) => {
                let state = self.0.entry(id.clone()).or_default();
                engine.evaluate_turn(&input.context, c, state)
            }
        }
    }
}

/// Why a run of an example failed: its arguments (exit status 2, before any input is read), or
/// reading and writing.
#[derive(Debug)]
pub enum Failure {
    /// A bad argument or policy file; the message for stderr.
    Usage(String),
    /// Reading the input or writing the output failed.
    Io(io::Error),
}

/// The arguments `classify` and `profile` take: `--policy FILE` (default: the announced rollout).
fn policy_only(args: &[String]) -> Result<Policy, Failure> {
    let (policy, rest) = super::policy::from_args(args).map_err(Failure::Usage)?;
    match rest.first() {
        Some(arg) => Err(Failure::Usage(format!(
            "unknown argument {arg:?} (usage: [--policy FILE])"
        ))),
        None => Ok(policy),
    }
}

/// `examples/classify` with its command-line arguments: the policy is read first, so a bad file
/// fails before any input is read.
pub fn classify_cli(
    args: &[String],
    input: impl BufRead,
    out: impl Write,
    now: Timestamp,
) -> Result<(), Failure> {
    let policy = policy_only(args)?;
    classify_with(&policy, input, out, now).map_err(Failure::Io)
}

/// What `examples/profile` writes per profile.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ProfileFormat {
    /// `{"profile", "interests", "surfaces", "messages"}`.
    Json,
    /// `{"profile", "user": {"data": [...]}}`: OpenRTB 2.6 `user.data`, segtax 9 and 4.
    OpenRtb,
}

/// `examples/profile` with its command-line arguments, `[--policy FILE] [--format json|openrtb]`;
/// see [`classify_cli`].
pub fn profile_cli(
    args: &[String],
    input: impl BufRead,
    out: impl Write,
    report: impl Write,
    now: Timestamp,
) -> Result<(), Failure> {
    let usage = "usage: [--policy FILE] [--format json|openrtb]";
    let (policy, rest) = super::policy::from_args(args).map_err(Failure::Usage)?;
    let format = match rest.as_slice() {
        [] => ProfileFormat::Json,
        [flag, value] if flag == "--format" => match value.as_str() {
            "json" => ProfileFormat::Json,
            "openrtb" if cfg!(feature = "openrtb") => ProfileFormat::OpenRtb,
            "openrtb" => {
                return Err(Failure::Usage(
                    "--format openrtb needs the openrtb feature (cargo run --features openrtb --example profile -- --format openrtb)".into(),
                ))
            }
            other => return Err(Failure::Usage(format!("unknown format {other:?} ({usage})"))),
        },
        [arg, ..] => return Err(Failure::Usage(format!("unknown argument {arg:?} ({usage})"))),
    };
    profile_as(&policy, format, input, out, report, now).map_err(Failure::Io)
}

/// [`classify_with`] under the announced-rollout policy.
pub fn classify(input: impl BufRead, out: impl Write, now: Timestamp) -> io::Result<()> {
    classify_with(&Policy::announced_rollout(), input, out, now)
}

/// `examples/classify`: one answer per input line, in order, under `policy`.
/// `now` is the time of lines without `at`. Stops early (with the error) only when writing fails.
pub fn classify_with(
    policy: &Policy,
    input: impl BufRead,
    mut out: impl Write,
    now: Timestamp,
) -> io::Result<()> {
    let classifier = Classifier::builtin();
    let engine = PolicyEngine::new(policy.clone());
    let mut scratch = Scratch::new();
    let mut conversations = Conversations::default();
    let mut written = Ok(());
    for_each_line(input, |line, bytes| {
        if written.is_err() {
            return;
        }
        let answer = match parse_line(bytes, line, now) {
            Err(error) => json!({ "error": error, "line": line }),
            Ok(input) => {
                let c = classifier.classify_with(&input.text, input.lang, &mut scratch);
                let d = conversations.evaluate(&engine, &input, &c);
                let sensitive = engine.sensitive_in(&c);
                json!({
                    "used": d.is_allowed(),
                    "reasons": d.reasons().iter().map(|r| r.code()).collect::<Vec<_>>(),
                    "sensitive": sensitive,
                    "detected_by": detected_by(sensitive, &c),
                    "interests": interests_json(d.interests()),
                    "language": c.language().map_or("und", |l| l.code()),
                })
            }
        };
        written = writeln!(out, "{answer}");
    })?;
    written?;
    out.flush()
}

/// [`profile_with`] under the announced-rollout policy.
pub fn profile(
    input: impl BufRead,
    out: impl Write,
    report: impl Write,
    now: Timestamp,
) -> io::Result<()> {
    profile_with(&Policy::announced_rollout(), input, out, report, now)
}

/// `examples/profile`: ingests every message `policy` allows into its person's profile (identity
/// when linked, else account) and writes one line per profile, sorted by key: the top 10 interests
/// decayed to the latest `at` among the used messages. Unreadable lines and used messages without a
/// key are reported to `report`.
pub fn profile_with(
    policy: &Policy,
    input: impl BufRead,
    out: impl Write,
    report: impl Write,
    now: Timestamp,
) -> io::Result<()> {
    profile_as(policy, ProfileFormat::Json, input, out, report, now)
}

/// [`profile_with`], writing each profile in `format`.
pub fn profile_as(
    policy: &Policy,
    format: ProfileFormat,
    input: impl BufRead,
    mut out: impl Write,
    mut report: impl Write,
    now: Timestamp,
) -> io::Result<()> {
    let classifier = Classifier::builtin();
    let engine = PolicyEngine::new(policy.clone());
    let mut profiles: BTreeMap<String, InterestProfile> = BTreeMap::new();
    let mut latest: Option<Timestamp> = None;
    let mut conversations = Conversations::default();
    let (mut bad_lines, mut unkeyed) = (0usize, 0usize);
    let mut notes = Vec::new();
    for_each_line(input, |line, bytes| {
        let input = match parse_line(bytes, line, now) {
            Ok(input) => input,
            Err(error) => {
                bad_lines += 1;
                notes.push(format!("profile: {error}"));
                return;
            }
        };
        let c = classifier.classify(&input.text, input.lang);
        let decision = conversations.evaluate(&engine, &input, &c);
        let Some(allowed) = decision.allowed() else {
            return;
        };
        let Some(key) = input.profile_key() else {
            unkeyed += 1;
            notes.push(format!(
                "profile: line {line}: used, but has neither account nor identity"
            ));
            return;
        };
        let profile = match profiles.get_mut(key) {
            Some(p) => p,
            None => match InterestProfile::new(key) {
                Ok(p) => profiles.entry(key.to_owned()).or_insert(p),
                Err(e) => {
                    notes.push(format!("profile: line {line}: {e}"));
                    return;
                }
            },
        };
        profile.ingest(allowed);
        latest = latest.max(Some(allowed.at()));
    })?;
    for note in &notes {
        writeln!(report, "{note}")?;
    }
    let as_of = latest.unwrap_or(now);
    #[cfg(feature = "openrtb")]
    if format == ProfileFormat::OpenRtb {
        let export = chat_interests::UserDataExport::builder("interests.example.com")
            .taxonomy(chat_interests::SegmentTaxonomy::Content31)
            .taxonomy(chat_interests::SegmentTaxonomy::Audience11)
            .build()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        for (key, p) in &profiles {
            let line = json!({"profile": key, "user": {"data": export.user_data(p, as_of)}});
            writeln!(out, "{line}")?;
        }
        return out.flush();
    }
    #[cfg(not(feature = "openrtb"))]
    let _ = format;
    for (key, p) in &profiles {
        let interests: Vec<_> = p
            .top(10, as_of)
            .into_iter()
            .map(|(id, score)| interest_json(id, score))
            .collect();
        let line = json!({
            "profile": key,
            "interests": interests,
            "surfaces": p.surfaces(),
            "messages": p.messages(),
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    if bad_lines + unkeyed > 0 {
        writeln!(
            report,
            "profile: {bad_lines} unreadable lines, {unkeyed} used messages without a key"
        )?;
    }
    Ok(())
}
