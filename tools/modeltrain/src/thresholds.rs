//! Thresholds chosen on dev: per category, lowered greedily while the recall gained is worth the
//! false flags, until the model would add more than the budget of false-sensitive points to the
//! lexicon's on any benign dev corpus (the real ones and the written messages).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chat_interests::SensitiveSet;

use crate::examples::{Example, CATEGORIES};

/// A dev item as the selection sees it.
pub struct Scored<'a> {
    pub example: &'a Example,
    pub lexicon: SensitiveSet,
    pub probabilities: [f32; 7],
}

/// Per category the chosen threshold (`None`: the model never flags it).
pub struct Chosen {
    pub thresholds: Vec<Option<f32>>,
    pub report: String,
}

fn flagged(item: &Scored, t: &[Option<f32>]) -> SensitiveSet {
    let mut set = item.lexicon;
    for (k, &c) in CATEGORIES.iter().enumerate() {
        if t[k].is_some_and(|t| item.probabilities[k] >= t) {
            set.insert(c);
        }
    }
    set
}

fn recalled(item: &Scored, set: SensitiveSet) -> bool {
    !set.intersection(item.example.labels).is_empty()
}

/// The corpus a benign real dev item counts against. The three SIB-200 files are one corpus (the
/// same FLORES sentences in English, German and the 14-label English set): pooled they hold 250
/// benign dev sentences, where one file's 74 would make a 2-point budget less than two sentences.
fn budget_group(source: &str) -> &str {
    if source.starts_with("sib200") {
        "sib200"
    } else {
        source
    }
}

/// The false-sensitive points the model may add: `real` on the real corpora, `written` on the
/// written benign messages (mostly hard negatives, which the lexicon alone already trips on).
pub struct Budget {
    pub real: f64,
    pub written: f64,
}

pub fn choose(items: &[Scored], step: f64, min: f64, budget: &Budget) -> Chosen {
    let n = CATEGORIES.len();
    let mut t: Vec<Option<f32>> = vec![None; n];
    // Sensitive items per source (for recall), benign budget items per group.
    let mut positives: BTreeMap<&str, usize> = BTreeMap::new();
    let mut benign: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for i in items {
        if !i.example.labels.is_empty() {
            *positives.entry(&i.example.source).or_default() += 1;
        } else if i.example.budget {
            let g = benign.entry(budget_group(&i.example.source)).or_default();
            g.0 += 1;
            g.1 += usize::from(!i.lexicon.is_empty());
        }
    }
    let allowed: BTreeMap<&str, f64> = benign
        .iter()
        .map(|(&g, &(size, lexicon_fp))| {
            let points = if g.starts_with("written") {
                budget.written
            } else {
                budget.real
            };
            (g, lexicon_fp as f64 + points / 100.0 * size as f64)
        })
        .collect();
    let grid: Vec<f32> = (1..)
        .map(|i| (1.0 - step * i as f64) as f32)
        .take_while(|&g| g as f64 >= min - 1e-9)
        .collect();
    loop {
        let current: Vec<SensitiveSet> = items.iter().map(|i| flagged(i, &t)).collect();
        let mut fp_now: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, set) in items.iter().zip(&current) {
            if i.example.budget && !set.is_empty() {
                *fp_now.entry(budget_group(&i.example.source)).or_default() += 1;
            }
        }
        // The best (ratio, gain, category, threshold) among feasible moves.
        let mut best: Option<(f64, f64, usize, f32)> = None;
        for k in 0..n {
            for &g in grid.iter().filter(|&&g| t[k].is_none_or(|tk| g < tk)) {
                let (mut gain, mut added) = (0.0, BTreeMap::<&str, usize>::new());
                for (i, set) in items.iter().zip(&current) {
                    let p = i.probabilities[k];
                    if p < g || t[k].is_some_and(|tk| p >= tk) {
                        continue;
                    }
                    let src = i.example.source.as_str();
                    if i.example.budget && set.is_empty() {
                        *added.entry(budget_group(src)).or_default() += 1;
                    } else if i.example.labels.contains(CATEGORIES[k]) && !recalled(i, *set) {
                        gain += 1.0 / positives[src] as f64;
                    }
                }
                let feasible = added.iter().all(|(g, a)| {
                    (fp_now.get(g).copied().unwrap_or(0) + a) as f64 <= allowed[g] + 1e-9
                });
                let cost = added
                    .iter()
                    .map(|(g, a)| *a as f64 / benign[g].0 as f64)
                    .fold(0.0, f64::max);
                if feasible && gain > 0.0 {
                    let ratio = gain / (cost + 1e-4);
                    if best.is_none_or(|b| (ratio, gain) > (b.0, b.1)) {
                        best = Some((ratio, gain, k, g));
                    }
                }
            }
        }
        match best {
            Some((_, _, k, g)) => t[k] = Some(g),
            None => break,
        }
    }
    Chosen {
        report: report(items, &t),
        thresholds: t,
    }
}

/// Per category: threshold, precision and recall of the model alone on dev; per source: recall or
/// false-sensitive of the lexicon alone and combined.
fn report(items: &[Scored], t: &[Option<f32>]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "category\tthreshold\tdev positives\tmodel precision\tmodel recall"
    );
    for (k, &c) in CATEGORIES.iter().enumerate() {
        let pos = items
            .iter()
            .filter(|i| i.example.labels.contains(c))
            .count();
        let Some(tk) = t[k] else {
            let _ = writeln!(out, "{c}\toff\t{pos}\t–\t–");
            continue;
        };
        let fired: Vec<_> = items.iter().filter(|i| i.probabilities[k] >= tk).collect();
        let tp = fired
            .iter()
            .filter(|i| i.example.labels.contains(c))
            .count();
        let _ = writeln!(
            out,
            "{c}\t{tk:.3}\t{pos}\t{:.1}%\t{:.1}%",
            100.0 * tp as f64 / fired.len().max(1) as f64,
            100.0 * tp as f64 / pos.max(1) as f64
        );
    }
    let _ = writeln!(
        out,
        "\nsource\tdev items\tlexicon\tcombined\t(recall of sensitive, false-sensitive of benign)"
    );
    let mut by: BTreeMap<(&str, bool), (usize, usize, usize)> = BTreeMap::new();
    for i in items {
        let sensitive = !i.example.labels.is_empty();
        let e = by.entry((&i.example.source, sensitive)).or_default();
        e.0 += 1;
        let both = flagged(i, t);
        if sensitive {
            e.1 += usize::from(recalled(i, i.lexicon));
            e.2 += usize::from(recalled(i, both));
        } else {
            e.1 += usize::from(!i.lexicon.is_empty());
            e.2 += usize::from(!both.is_empty());
        }
    }
    for ((source, sensitive), (n, lex, both)) in by {
        let what = if sensitive {
            "recall"
        } else {
            "false-sensitive"
        };
        let _ = writeln!(
            out,
            "{source} {what}\t{n}\t{:.1}%\t{:.1}%",
            100.0 * lex as f64 / n as f64,
            100.0 * both as f64 / n as f64
        );
    }
    out
}
