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
//! rule. Flagged means a category the announced-rollout policy covers; each figure is given for the
//! lexicon alone and with the learned model (which only adds flags).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chat_interests::{Classifier, Policy, PolicyEngine};

mod corpora;

use corpora::{expectations, load, Expect, Split};

#[derive(Default)]
struct Row {
    sensitive: usize,
    recalled_by_lexicon: usize,
    recalled: usize,
    benign: usize,
    false_by_lexicon: usize,
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
        if item.split == Split::Train {
            continue;
        }
        let e = item.expect(&expect).unwrap_or_else(|| {
            panic!("expectations: no line for {} {:?}", item.corpus, item.label)
        });
        let c = classifier.classify(&item.text, Some(item.lang));
        // With the model and without: the lexicon's part of what the policy covers.
        let flagged = engine.sensitive_in(&c);
        let by_lexicon = flagged.intersection(c.sensitive_by_lexicon());
        let row = rows.entry((item.corpus, item.split)).or_default();
        let mut miss = None;
        match e {
            Expect::Nothing => continue,
            Expect::Sensitive(cats) => {
                row.sensitive += 1;
                row.recalled_by_lexicon +=
                    usize::from(cats.iter().any(|c| by_lexicon.contains(*c)));
                if cats.iter().any(|c| flagged.contains(*c)) {
                    row.recalled += 1;
                } else {
                    miss = Some(format!("missed {}", item.label));
                }
            }
            Expect::Benign | Expect::Tier1(_) => {
                row.benign += 1;
                row.false_by_lexicon += usize::from(!by_lexicon.is_empty());
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
    println!("| corpus | split | sensitive flagged in the expected category: lexicon | with the model | false-sensitive on benign: lexicon | with the model | top-1 tier-1 | top-3 tier-1 |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for ((corpus, split), r) in &rows {
        println!(
            "| {corpus} | {} | {} | {} | {} | {} | {} | {} |",
            if *split == Split::Test { "test" } else { "dev" },
            pct(r.recalled_by_lexicon, r.sensitive),
            pct(r.recalled, r.sensitive),
            pct(r.false_by_lexicon, r.benign),
            pct(r.false_sensitive, r.benign),
            pct(r.top1, r.tiered),
            pct(r.top3, r.tiered),
        );
    }
    if misses {
        print!("\n{missed}");
    }
}
