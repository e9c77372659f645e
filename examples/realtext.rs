//! The classifier on real, human-written text nobody on this project wrote: the labelled corpora in
//! `../shared/corpora` (see its README for sources and licences), each with a fixed dev and test split.
//!
//! ```text
//! cargo run --release --example realtext                 # the table
//! cargo run --release --example realtext -- --misses     # and every dev miss (never the test split's)
//! cargo run --release --example realtext -- --corpora DIR
//! ```
//!
//! What each label must give is data: `testdata/realtext/expectations.tsv`, which also states the split
//! rule. Flagged means a category the announced-rollout policy covers.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chat_interests::{Classifier, Language, Policy, PolicyEngine, SensitiveCategory};

const EXPECTATIONS: &str = include_str!("../testdata/realtext/expectations.tsv");

#[derive(Debug, Clone)]
enum Expect {
    Sensitive(Vec<SensitiveCategory>),
    Tier1(Vec<String>),
    Benign,
    Nothing,
}

fn parse_expect(s: &str) -> Expect {
    match s.split_once(':') {
        Some(("sensitive", cats)) => Expect::Sensitive(
            cats.split('|')
                .map(|c| c.parse().unwrap_or_else(|e| panic!("expectations: {e}")))
                .collect(),
        ),
        Some(("tier1", ids)) => Expect::Tier1(ids.split('|').map(str::to_owned).collect()),
        None if s == "benign" => Expect::Benign,
        None if s == "none" => Expect::Nothing,
        _ => panic!("expectations: unknown expectation {s:?}"),
    }
}

/// (corpus, label) → expectation, with `*` for any label.
fn expectations() -> BTreeMap<(String, String), Expect> {
    EXPECTATIONS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let [corpus, label, expect] = f[..] else {
                panic!("expectations: 3 columns expected in {l:?}")
            };
            ((corpus.to_owned(), label.to_owned()), parse_expect(expect))
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Split {
    Dev,
    Test,
}

struct Item {
    corpus: &'static str,
    lang: Language,
    split: Split,
    label: String,
    text: String,
}

/// FNV-1a of the seed and the text: the fixed split of corpora that have none of their own.
fn hashed_split(text: &str) -> Split {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in "chat-interests-split-v1".bytes().chain(text.bytes()) {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    if h % 2 == 0 {
        Split::Dev
    } else {
        Split::Test
    }
}

/// The fields of a line with `"`-quoted fields, which may hold the delimiter (`""` is a quote).
fn split_quoted(line: &str, delimiter: char) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let field = fields.last_mut().expect("one field");
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => fields.push(String::new()),
            c => field.push(c),
        }
    }
    fields
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load(dir: &Path) -> Vec<Item> {
    let mut items = Vec::new();
    let mut push = |corpus, lang, split, label: &str, text: &str| {
        items.push(Item {
            corpus,
            lang,
            split,
            label: label.to_owned(),
            text: text.to_owned(),
        })
    };
    for line in read(&dir.join("medquad/questions.tsv")).lines().skip(1) {
        // Split by topic (the focus column): the questions are templates over topics, so a split by
        // question would put most test topics in dev too.
        let f: Vec<&str> = line.split('\t').collect();
        if let (Some(focus), Some(q)) = (f.get(1), f.get(3)) {
            push("medquad", Language::English, hashed_split(focus), "*", q);
        }
    }
    let mut sib_split: BTreeMap<String, Split> = BTreeMap::new();
    for (corpus, folder, lang) in [
        ("sib200-en", "sib200/eng_Latn", Language::English),
        ("sib200-de", "sib200/deu_Latn", Language::German),
        ("sib200-en14", "sib200/eng_14", Language::English),
    ] {
        for (split, file) in [(Split::Dev, "dev.tsv"), (Split::Test, "test.tsv")] {
            for line in read(&dir.join(folder).join(file)).lines().skip(1) {
                let f: Vec<&str> = line.splitn(3, '\t').collect();
                if let [_, label, text] = f[..] {
                    // The 14-label set shares sentences with the 7-label one: a shared sentence keeps
                    // the 7-label set's split, so no test sentence of one is a dev sentence of the other.
                    let split = match sib_split.get(text) {
                        Some(&s) if corpus == "sib200-en14" => s,
                        _ => split,
                    };
                    if corpus == "sib200-en" {
                        sib_split.insert(text.to_owned(), split);
                    }
                    push(corpus, lang, split, label, text);
                }
            }
        }
    }
    for line in read(&dir.join("toxigen/sentences.tsv")).lines().skip(1) {
        let f: Vec<&str> = line.splitn(3, '\t').collect();
        if let [group, _, text] = f[..] {
            push(
                "toxigen",
                Language::English,
                hashed_split(text),
                group,
                text,
            );
        }
    }
    // GerMedIQ: answers to anamnesis questions, labelled by question id in the expectations. An
    // answer that says nothing by itself ("Nein", "Keine", "Ja, manchmal": under four words, or
    // opening with a negation) is labelled `uninformative`, whatever it answers.
    for line in read(&dir.join("germediq/GerMedIQ-Human.csv"))
        .lines()
        .skip(1)
    {
        let f = split_quoted(line, ';');
        if let [id, _, answer, ..] = &f[..] {
            let first = answer
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_matches(|c: char| !c.is_alphabetic())
                .to_lowercase();
            let negation = matches!(
                first.as_str(),
                "nein"
                    | "kein"
                    | "keine"
                    | "keinen"
                    | "keiner"
                    | "nicht"
                    | "nie"
                    | "niemals"
                    | "bisher"
                    | "noch"
            );
            let label = if answer.split_whitespace().count() < 4 || negation {
                "uninformative"
            } else {
                id.as_str()
            };
            push(
                "germediq",
                Language::German,
                hashed_split(answer),
                label,
                answer,
            );
        }
    }
    let clinc: serde_json::Value =
        serde_json::from_str(&read(&dir.join("clinc150/data_full.json")))
            .expect("clinc150 is JSON");
    for rows in clinc.as_object().expect("clinc150 is an object").values() {
        for row in rows.as_array().into_iter().flatten() {
            if let (Some(text), Some(intent)) = (row[0].as_str(), row[1].as_str()) {
                push(
                    "clinc150",
                    Language::English,
                    hashed_split(text),
                    intent,
                    text,
                );
            }
        }
    }
    for line in read(&dir.join("hwu64/all.csv")).lines() {
        // id;scenario;intent;"annotated";"normalised";"original": the original text, last.
        let scenario = line.split(';').nth(1).unwrap_or_default();
        if let Some((_, text)) = line.rsplit_once(";\"") {
            let text = text.trim_end_matches('"');
            push(
                "hwu64",
                Language::English,
                hashed_split(text),
                scenario,
                text,
            );
        }
    }
    items
}

#[derive(Default)]
struct Row {
    sensitive: usize,
    recalled: usize,
    benign: usize,
    false_sensitive: usize,
    tiered: usize,
    top1: usize,
    top3: usize,
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "–".into()
    } else {
        format!("{:.1}% of {b}", 100.0 * a as f64 / b as f64)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let misses = args.iter().any(|a| a == "--misses");
    let dir = args
        .iter()
        .position(|a| a == "--corpora")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    let expect = expectations();
    let classifier = Classifier::builtin();
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let mut rows: BTreeMap<(&str, Split), Row> = BTreeMap::new();
    let mut missed = String::new();
    for item in load(&dir) {
        let e = expect
            .get(&(item.corpus.to_owned(), item.label.clone()))
            .or_else(|| expect.get(&(item.corpus.to_owned(), "*".to_owned())))
            .unwrap_or_else(|| {
                panic!("expectations: no line for {} {:?}", item.corpus, item.label)
            });
        let c = classifier.classify(&item.text, Some(item.lang));
        let flagged = engine.sensitive_in(&c);
        let row = rows.entry((item.corpus, item.split)).or_default();
        let mut miss = None;
        match e {
            Expect::Nothing => continue,
            Expect::Sensitive(cats) => {
                row.sensitive += 1;
                if cats.iter().any(|c| flagged.contains(*c)) {
                    row.recalled += 1;
                } else {
                    miss = Some(format!("missed {}", item.label));
                }
            }
            Expect::Benign | Expect::Tier1(_) => {
                row.benign += 1;
                if !flagged.is_empty() {
                    row.false_sensitive += 1;
                    let cats: Vec<_> = flagged.iter().map(|c| c.name()).collect();
                    miss = Some(format!("false {} ({})", cats.join(","), item.label));
                }
                if let Expect::Tier1(ids) = e {
                    row.tiered += 1;
                    let mut tiers: Vec<&str> = Vec::new();
                    for s in c.interests() {
                        let t = s.id().tier1().iab_id();
                        if !tiers.contains(&t) {
                            tiers.push(t);
                        }
                    }
                    let hit = |n: usize| tiers.iter().take(n).any(|t| ids.iter().any(|i| i == t));
                    row.top1 += usize::from(hit(1));
                    row.top3 += usize::from(hit(3));
                    if !hit(3) && miss.is_none() {
                        miss = Some(format!("expected {} got {:?}", ids.join("|"), tiers));
                    }
                }
            }
        }
        if let (true, Split::Dev, Some(m)) = (misses, item.split, miss) {
            let _ = writeln!(missed, "{} {m}: {}", item.corpus, item.text);
        }
    }
    println!("| corpus | split | sensitive flagged in the expected category | false-sensitive on benign | top-1 tier-1 | top-3 tier-1 |");
    println!("|---|---|---:|---:|---:|---:|");
    for ((corpus, split), r) in &rows {
        println!(
            "| {corpus} | {} | {} | {} | {} | {} |",
            if *split == Split::Dev { "dev" } else { "test" },
            pct(r.recalled, r.sensitive),
            pct(r.false_sensitive, r.benign),
            pct(r.top1, r.tiered),
            pct(r.top3, r.tiered),
        );
    }
    if misses {
        print!("\n{missed}");
    }
}
