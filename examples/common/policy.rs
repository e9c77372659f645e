//! Policies for the example binaries: `--policy FILE` for `classify` and `profile`, and the
//! `policy` example's check and summary of a policy file.

use std::io::Write;
use std::path::Path;

use chat_interests::{Policy, PolicyErrorKind, SensitiveCategory, Start, Timestamp, UnknownAge};

/// The largest policy file read: the presets are 2 KB; anything near this is not a policy.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// Reads and validates the policy file at `path`. The error names the file and, for a JSON problem,
/// the line and column (`FILE:LINE:COLUMN: message`).
pub fn load(path: &Path) -> Result<Policy, String> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{shown}: cannot read the policy file: {e}"))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "{shown}: {size} bytes is too large for a policy file (at most {MAX_FILE_BYTES})"
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{shown}: cannot read the policy file: {e}"))?;
    Policy::from_json(&text).map_err(|e| match e.kind() {
        PolicyErrorKind::Json {
            line,
            column,
            message,
        } => format!("{shown}:{line}:{column}: not a valid policy: {message}"),
        _ => format!("{shown}: not a valid policy: {e}"),
    })
}

/// Takes `--policy FILE` (or `--policy=FILE`) out of `args`: the policy it names (default: the
/// announced rollout) and the other arguments, in order.
pub fn from_args(args: &[String]) -> Result<(Policy, Vec<String>), String> {
    let (mut file, mut rest) = (None, Vec::new());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = if arg == "--policy" {
            Some(it.next().ok_or("--policy needs a file")?.clone())
        } else {
            arg.strip_prefix("--policy=").map(str::to_owned)
        };
        match value {
            Some(_) if file.is_some() => return Err("--policy given twice".into()),
            Some(v) => file = Some(v),
            None => rest.push(arg.clone()),
        }
    }
    let policy = match file {
        Some(f) => load(Path::new(&f))?,
        None => Policy::announced_rollout(),
    };
    Ok((policy, rest))
}

/// `examples/policy`: `FILE` or `--preset NAME`, and `--json` to print the policy's canonical JSON
/// instead of the summary. Writes to `out`; `Err` is the message for stderr (exit status 1).
pub fn main(args: &[String], mut out: impl Write) -> Result<(), String> {
    const USAGE: &str = "usage: policy [--json] (FILE | --preset NAME)";
    let (mut json, mut source) = (false, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let next = match arg.as_str() {
            "--json" => {
                json = true;
                continue;
            }
            "--preset" => match it.next() {
                Some(name) => Err(name.clone()),
                None => return Err(format!("--preset needs a name\n{USAGE}")),
            },
            a if a.starts_with('-') && a != "-" => {
                return Err(format!("unknown option {a:?}\n{USAGE}"))
            }
            file => Ok(file.to_owned()),
        };
        if source.replace(next).is_some() {
            return Err(format!("one policy at a time\n{USAGE}"));
        }
    }
    let (policy, what) = match source.ok_or(USAGE)? {
        Ok(file) => (load(Path::new(&file))?, format!("policy file {file}")),
        Err(name) => (
            Policy::preset(&name).map_err(|e| e.to_string())?,
            format!("preset {name}"),
        ),
    };
    let text = if json {
        policy.to_json()
    } else {
        format!("{what}: valid\n{}", summary(&policy))
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write: {e}"))
}

/// A readable account of every field of `p`, one topic per line or block.
pub fn summary(p: &Policy) -> String {
    let mut s = String::new();
    let mut line = |text: String| {
        s.push_str(&text);
        s.push('\n');
    };
    line(format!("name: {}", p.name()));
    line(format!("start: {}", start(p.start())));
    line(format!(
        "excluded regions ({}; a message without a readable region is denied too):",
        p.excluded_regions().len()
    ));
    for r in p.excluded_regions() {
        line(format!("  {r}  {}", r.name()));
    }
    if p.excluded_regions().is_empty() {
        line("  none".into());
    }
    if !p.region_starts().is_empty() {
        line(format!(
            "regions that start later ({}; a message from one is used once both starts have passed):",
            p.region_starts().len()
        ));
        for (r, s) in p.region_starts() {
            line(format!("  {r}  {}: {}", r.name(), start(*s)));
        }
    }
    let sensitive = p.sensitive();
    let beyond: Vec<_> = sensitive.iter().filter(|c| !c.is_announced()).collect();
    line(format!(
        "sensitive categories ({}: the {} announced{}; a message with any is not used at all):",
        sensitive.len(),
        SensitiveCategory::ANNOUNCED.len(),
        if beyond.is_empty() {
            String::new()
        } else {
            format!(" and {} more", beyond.len())
        }
    ));
    line(format!("  {}", names(sensitive.iter().map(|c| c.name()))));
    line(format!(
        "surfaces ({}; any other surface is denied):",
        p.surfaces().len()
    ));
    for surface in p.surfaces() {
        let linked = if p.linked_only_surfaces().contains(surface) {
            "  (only from a linked account)"
        } else {
            ""
        };
        line(format!("  {surface}{linked}"));
    }
    line(format!(
        "modalities: {} (any other is denied)",
        names(p.modalities().iter().map(|m| m.as_str()))
    ));
    let minimum = p
        .minimum_age()
        .map_or("no minimum age".to_owned(), |a| format!("minimum {a}"));
    let unknown = match (p.minimum_age(), p.unknown_age()) {
        (None, _) => "",
        (Some(_), UnknownAge::Deny) => "; a message without an age is denied",
        (Some(_), _) => "; a message without an age is allowed",
    };
    line(format!(
        "ages: {minimum}{unknown}; above {} is implausible, so unknown (denied)",
        p.maximum_age()
    ));
    line(format!("blocked topics ({}):", p.blocked_topics().len()));
    for t in p.blocked_topics() {
        line(format!("  {} {} (and its subtree)", t.iab_id(), t.name()));
    }
    if p.blocked_topics().is_empty() {
        line("  none".into());
    }
    let w = p.conversation_window();
    let window = match (w.turns, w.seconds) {
        (None, None) => "the whole rest of the conversation".to_owned(),
        (Some(t), None) => format!("at most {t} later turns"),
        (None, Some(s)) => format!("the rest of the conversation, at most {}", duration(s)),
        (Some(t), Some(s)) => format!(
            "at most {t} later turns and at most {}, whichever ends first",
            duration(s)
        ),
    };
    line(format!(
        "conversation window: a sensitive turn taints {window}"
    ));
    line(format!(
        "see less: a topic the person sees less of counts {}%",
        (p.see_less_factor() * 100.0).round()
    ));
    s
}

fn names<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

fn duration(seconds: u64) -> String {
    match seconds {
        s if s % 86_400 == 0 => format!("{} days ({s} s)", s / 86_400),
        s if s % 3600 == 0 => format!("{} hours ({s} s)", s / 3600),
        s => format!("{s} seconds"),
    }
    .replace("1 days", "1 day")
    .replace("1 hours", "1 hour")
}

/// The start and its time-zone rule, with the first and last instants it can take effect at on Earth.
fn start(start: Start) -> String {
    const EARLIEST_OFFSET: i64 = 14 * 3600; // UTC+14, Kiribati's Line Islands
    const LATEST_OFFSET: i64 = 12 * 3600; // UTC-12, Baker Island
    let utc = |s: i64| Timestamp::from_unix_seconds(s).map_or("?".into(), |t| t.to_string());
    match start {
        Start::LocalDate(d) => {
            let midnight = d.start_utc().unix_seconds();
            format!(
                "{d} in each message's local time (the date at the UTC offset its timestamp was \
                 written in; UTC for Z): from {} at UTC+14 to {} at UTC-12",
                utc(midnight - EARLIEST_OFFSET),
                utc(midnight + LATEST_OFFSET)
            )
        }
        Start::Instant(t) => {
            let at = t.unix_seconds();
            let local = |offset: i64| {
                Timestamp::from_unix_seconds(at + offset).map_or("?".into(), |l| {
                    let s = l.to_string();
                    format!("{} {}", l.local_date(), &s[11..19])
                })
            };
            format!(
                "{} everywhere at once, whatever the local time (from {} at UTC-12 to {} at UTC+14)",
                t.to_utc(),
                local(-LATEST_OFFSET),
                local(EARLIEST_OFFSET)
            )
        }
        // `Start` may gain rules; print what the crate says.
        other => format!("{other:?}"),
    }
}
