//! Builds a synthetic table of chat messages, writes it as Parquet files, and runs
//! `SELECT person, merge_profiles(...) FROM messages WHERE ... GROUP BY person` in DataFusion; then
//! the core crate's sequential loop over the same rows, checks both give the same profiles, and
//! prints the profiles and the figures (rows per second and per CPU-second, memory high-water mark).
//!
//! ```text
//! cargo run --release -p chat-interests-datafusion --example profiles -- \
//!     [--rows 50000] [--files 8] [--partitions N] [--policy FILE | --preset NAME] [--dir DIR] [--show 10]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use chat_interests::{InterestProfile, Policy, Timestamp};
use chat_interests_datafusion::reference::{
    PROFILES_QUERY, collect_profiles, compare, in_profiles_query, sequential,
};
use chat_interests_datafusion::synthetic::{FIRST_AT, SPAN_SECS, messages, write_parquet};
use chat_interests_datafusion::{ChatInterests, register_parquet_files};
use datafusion::prelude::{SessionConfig, SessionContext};

struct Args {
    rows: usize,
    files: usize,
    partitions: usize,
    policy: Policy,
    dir: Option<PathBuf>,
    show: usize,
}

fn parse_args() -> Result<Args, String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut a = Args {
        rows: 50_000,
        files: 8,
        partitions: cores,
        policy: Policy::announced_rollout(),
        dir: None,
        show: 10,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<usize>().map_err(|e| format!("{flag} {v}: {e}"));
        match flag.as_str() {
            "--rows" => a.rows = number(value()?)?,
            "--files" => a.files = number(value()?)?.max(1),
            "--partitions" => a.partitions = number(value()?)?.max(1),
            "--show" => a.show = number(value()?)?,
            "--dir" => a.dir = Some(PathBuf::from(value()?)),
            "--preset" => a.policy = Policy::preset(&value()?).map_err(|e| e.to_string())?,
            "--policy" => {
                let path = value()?;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
                a.policy = Policy::from_json(&text).map_err(|e| format!("{path}:{e}"))?;
            }
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    Ok(a)
}

/// CPU seconds this process has used (user + system), from /proc/self/stat; 0 where unreadable.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15, in clock ticks (USER_HZ, 100 on Linux).
    (ticks(11) + ticks(12)) / 100.0
}

/// A line of /proc/self/status (`VmHWM`, `VmRSS`), in MiB.
fn status_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn stage(n: usize, what: &str) -> Instant {
    eprintln!("[{n}/6] {what} ...");
    Instant::now()
}

fn done(start: Instant) -> f64 {
    let s = start.elapsed().as_secs_f64();
    eprintln!("      done in {s:.2} s");
    s
}

fn print_profiles(
    profiles: &std::collections::BTreeMap<String, InterestProfile>,
    show: usize,
    as_of: Timestamp,
) {
    for (key, p) in profiles.iter().filter(|(_, p)| !p.is_empty()).take(show) {
        let top: Vec<String> = p
            .top(3, as_of)
            .into_iter()
            .map(|(id, score)| format!("{} ({}) {score:.2}", id.name(), id.iab_id()))
            .collect();
        let surfaces: Vec<&str> = p.surfaces().iter().map(|s| s.as_str()).collect();
        println!(
            "{key}: {} messages on {}; {}",
            p.messages(),
            surfaces.join(", "),
            top.join("; ")
        );
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("profiles: {e}");
            std::process::exit(2);
        }
    };
    let functions = ChatInterests::builder(args.policy.clone())
        .max_entries(65_536)
        .build()?;

    let t = stage(1, &format!("generating {} messages", args.rows));
    let rows = messages(args.rows, 2026);
    done(t);

    let dir = args.dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("chat-interests-datafusion-{}", args.rows))
    });
    std::fs::create_dir_all(&dir)?;
    let t = stage(
        2,
        &format!("writing {} Parquet files to {}", args.files, dir.display()),
    );
    let paths = write_parquet(&rows, &dir, args.files)?;
    done(t);

    let t = stage(3, &format!("query, target_partitions {}", args.partitions));
    let cpu = cpu_seconds();
    let ctx = SessionContext::new_with_config(
        SessionConfig::new().with_target_partitions(args.partitions),
    );
    functions.register(&ctx);
    register_parquet_files(&ctx, "messages", &paths).await?;
    let batches = ctx.sql(PROFILES_QUERY).await?.collect().await?;
    let distributed = collect_profiles(&batches)?;
    let (query_wall, query_cpu) = (done(t), cpu_seconds() - cpu);
    let hwm_query = status_mib("VmHWM");

    let t = stage(4, "sequential loop over the core crate");
    let cpu = cpu_seconds();
    let expected = sequential(&functions, &rows, in_profiles_query)?;
    let (seq_wall, seq_cpu) = (done(t), cpu_seconds() - cpu);

    let as_of = Timestamp::from_unix_seconds(FIRST_AT + SPAN_SECS)?;
    let t = stage(5, "comparing the profiles");
    compare(&expected, &distributed, as_of, 1e-9)?;
    done(t);

    let _ = stage(6, "profiles");
    let used: u64 = distributed.values().map(|p| p.messages()).sum();
    println!(
        "{} persons, {} with interests, {used} of {} messages used; the first {}:",
        distributed.len(),
        distributed.values().filter(|p| !p.is_empty()).count(),
        rows.len(),
        args.show
    );
    print_profiles(&distributed, args.show, as_of);
    println!(
        "equal to the sequential loop: ids, counts, surfaces, cited messages; scores within 1e-9"
    );
    let n = rows.len() as f64;
    let per = |wall: f64, cpu: f64| {
        format!(
            "{:>9.0} rows/s, {:>9.0} rows per CPU-second ({wall:.2} s wall, {cpu:.2} s CPU)",
            n / wall,
            if cpu > 0.0 { n / cpu } else { f64::NAN }
        )
    };
    println!(
        "query ({} partitions): {}",
        args.partitions,
        per(query_wall, query_cpu)
    );
    println!("sequential loop:        {}", per(seq_wall, seq_cpu));
    if let (Some(hwm), Some(end)) = (hwm_query, status_mib("VmHWM")) {
        println!("memory high-water mark: {hwm:.0} MiB after the query, {end:.0} MiB at the end");
    }
    Ok(())
}
