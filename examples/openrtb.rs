//! The ad-stack output (feature `openrtb`) over the same JSON Lines as `classify` and `profile`:
//!
//! ```text
//! cargo run --release --features openrtb --example openrtb -- content      # per line: content cat/cattax
//! cargo run --release --features openrtb --example openrtb -- user-data    # per profile: user.data, segtax 9 and 4
//! cargo run --release --features openrtb --example openrtb -- topics --caller ads.example --secret <32 hex digits>
//! ```
//!
//! `content` answers each line: `{"line", "cat", "cattax": 9}` for a used message with interests,
//! `{"line", "used": false}` otherwise. `user-data` prints one line per profile, sorted by key:
//! `{"profile", "user": {"data": [...]}}` (top 10 after decay to the latest used message, provider
//! `--provider`, default `interests.example.com`). `topics` replays the used messages in time
//! order, stores each person's top topics at the end of every epoch they were active in, and prints
//! what `--caller` gets at the latest message's time under the announced-rollout policy with
//! Chrome's Topics parameters: `{"profile", "caller", "user": {"data": [...]}}`.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use chat_interests::{
    Allowed, Classifier, ContentCategories, ConversationState, EpochTopics, InterestProfile,
    Policy, PolicyEngine, SegmentTaxonomy, Timestamp, TopicsRelease, TopicsSecret, UserDataExport,
};
use serde_json::json;

struct Args {
    mode: String,
    provider: String,
    caller: Option<String>,
    secret: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mode = it
        .next()
        .ok_or("usage: openrtb content|user-data|topics [options]")?;
    let mut a = Args {
        mode,
        provider: "interests.example.com".to_owned(),
        caller: None,
        secret: None,
    };
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--provider" => a.provider = value,
            "--caller" => a.caller = Some(value),
            "--secret" => a.secret = Some(value),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(a)
}

/// The announced-rollout policy with Chrome's Topics parameters, made the way a host would: as data.
fn topics_policy() -> Result<Policy, String> {
    let mut value = serde_json::to_value(Policy::announced_rollout()).map_err(|e| e.to_string())?;
    value["topics"] = json!({});
    serde_json::from_value(value).map_err(|e| e.to_string())
}

fn secret(hex: &str) -> Result<TopicsSecret, String> {
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
        })
        .collect::<Option<_>>()
        .ok_or("--secret: 32 hex digits")?;
    let key: [u8; 16] = bytes.try_into().map_err(|_| "--secret: 32 hex digits")?;
    TopicsSecret::new(key).map_err(|e| e.to_string())
}

/// The used messages of the input, with their profile key, in input order; unreadable lines and
/// `content` answers go to `out` as they come.
fn read(
    input: impl BufRead,
    out: &mut impl Write,
    content: bool,
) -> io::Result<Vec<(String, Allowed)>> {
    let classifier = Classifier::builtin();
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let mut conversations: HashMap<(bool, String), ConversationState> = HashMap::new();
    let mut used = Vec::new();
    let mut written: io::Result<()> = Ok(());
    common::for_each_line(input, |line, bytes| {
        let input = match common::parse_line(bytes, line, Timestamp::now()) {
            Ok(input) => input,
            Err(error) => {
                if written.is_ok() {
                    written = writeln!(out, "{}", json!({"error": error, "line": line}));
                }
                return;
            }
        };
        let c = classifier.classify(&input.text, input.lang);
        let d = match &input.conversation {
            None => engine.evaluate(&input.context, &c),
            Some(id) => engine.evaluate_turn(
                &input.context,
                &c,
                conversations.entry(id.clone()).or_default(),
            ),
        };
        if content {
            let answer = match ContentCategories::for_decision(&d) {
                Some(cat) => json!({"line": line, "cat": cat.cat, "cattax": cat.cattax}),
                None => json!({"line": line, "used": false}),
            };
            if written.is_ok() {
                written = writeln!(out, "{answer}");
            }
        }
        if let (Some(allowed), Some(key)) = (d.allowed(), input.profile_key()) {
            used.push((key.to_owned(), allowed.clone()));
        }
    })?;
    written?;
    Ok(used)
}

fn profiles(used: &[(String, Allowed)]) -> BTreeMap<String, InterestProfile> {
    let mut profiles = BTreeMap::new();
    for (key, allowed) in used {
        if let Ok(p) = InterestProfile::new(key) {
            profiles.entry(key.clone()).or_insert(p).ingest(allowed);
        }
    }
    profiles
}

fn run(a: &Args, out: &mut impl Write) -> Result<(), String> {
    let used = read(io::stdin().lock(), out, a.mode == "content").map_err(|e| e.to_string())?;
    let latest = used.iter().map(|(_, u)| u.at()).max();
    match a.mode.as_str() {
        "content" => {}
        "user-data" => {
            let export = UserDataExport::builder(&a.provider)
                .taxonomy(SegmentTaxonomy::Content31)
                .taxonomy(SegmentTaxonomy::Audience11)
                .build()
                .map_err(|e| e.to_string())?;
            let as_of = latest.unwrap_or_else(Timestamp::now);
            for (key, p) in profiles(&used) {
                let line = json!({"profile": key, "user": {"data": export.user_data(&p, as_of)}});
                writeln!(out, "{line}").map_err(|e| e.to_string())?;
            }
        }
        "topics" => {
            let caller = a.caller.as_deref().ok_or("topics needs --caller")?;
            let secret = secret(a.secret.as_deref().ok_or("topics needs --secret")?)?;
            let policy = topics_policy()?;
            let release =
                TopicsRelease::new(&policy, secret, &a.provider).map_err(|e| e.to_string())?;
            let config = release.config().clone();
            // Replayed in time order: before a message of a later epoch, the epochs that ended are stored.
            let mut by_time: Vec<&(String, Allowed)> = used.iter().collect();
            by_time.sort_by_key(|(_, u)| u.at());
            let mut state: BTreeMap<&str, (InterestProfile, i64, Vec<EpochTopics>)> =
                BTreeMap::new();
            for (key, allowed) in by_time {
                let epoch = config.epoch_of(allowed.at());
                let Ok(fresh) = InterestProfile::new(key) else {
                    continue;
                };
                let (p, active, history) = state.entry(key).or_insert((fresh, epoch, Vec::new()));
                if epoch > *active {
                    history.push(EpochTopics::from_profile(p, *active, &config));
                    *active = epoch;
                }
                p.ingest(allowed);
            }
            let now = latest.unwrap_or_else(Timestamp::now);
            for (key, (p, active, mut history)) in state {
                if config.epoch_of(now) > active {
                    history.push(EpochTopics::from_profile(&p, active, &config));
                }
                let data: Vec<_> = release
                    .user_data(&p, &history, caller, now, None)
                    .into_iter()
                    .collect();
                let line = json!({"profile": key, "caller": caller, "user": {"data": data}});
                writeln!(out, "{line}").map_err(|e| e.to_string())?;
            }
        }
        other => {
            return Err(format!(
                "unknown mode {other}: content, user-data or topics"
            ))
        }
    }
    out.flush().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args().and_then(|a| run(&a, &mut out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("openrtb: {e}");
            ExitCode::FAILURE
        }
    }
}
