//! The labelled evaluation set (`tests/eval/{en,de}.tsv`) and its figures. Shared by `tests/eval.rs`
//! and `examples/eval.rs` (`cargo run --release --example eval`).
//!
//! Lines: `kind<TAB>label<TAB>text`; kind `sensitive` (label: category), `benign` or `trap`
//! (label: expected IAB tier-1 id).

#![allow(dead_code)]

use std::fmt;

use chat_interests::{
    Classifier, Language, MessageContext, Policy, PolicyEngine, SensitiveCategory,
};

pub const SETS: [(Language, &str, &str); 2] = [
    (Language::English, "en", include_str!("../eval/en.tsv")),
    (Language::German, "de", include_str!("../eval/de.tsv")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sensitive(SensitiveCategory),
    Benign(&'static str),
    Trap(&'static str),
}

#[derive(Debug, Clone)]
pub struct Case {
    pub lang: Language,
    pub line: usize,
    pub kind: Kind,
    pub text: &'static str,
}

pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (lang, name, text) in SETS {
        for (n, l) in text.lines().enumerate() {
            if l.starts_with('#') || l.trim().is_empty() {
                continue;
            }
            let cols: Vec<&'static str> = l.splitn(3, '\t').collect();
            let [kind, label, text] = cols[..] else {
                panic!("eval {name}.tsv line {}: 3 columns expected", n + 1)
            };
            let kind = match kind {
                "sensitive" => Kind::Sensitive(
                    label
                        .parse()
                        .unwrap_or_else(|e| panic!("{name}.tsv line {}: {e}", n + 1)),
                ),
                "benign" => Kind::Benign(label),
                "trap" => Kind::Trap(label),
                k => panic!("eval {name}.tsv line {}: unknown kind {k}", n + 1),
            };
            out.push(Case {
                lang,
                line: n + 1,
                kind,
                text,
            });
        }
    }
    out
}

#[derive(Debug, Default, Clone)]
pub struct Figures {
    pub sensitive: usize,
    pub flagged: usize,
    pub right_category: usize,
    pub leaked: usize,
    pub benign: usize,
    pub false_sensitive: usize,
    pub top1: usize,
    pub top3: usize,
    pub no_interest: usize,
    pub misses: Vec<String>,
}

impl Figures {
    pub fn recall(&self) -> f64 {
        ratio(self.flagged, self.sensitive)
    }
    pub fn false_sensitive_rate(&self) -> f64 {
        ratio(self.false_sensitive, self.benign)
    }
    pub fn top1_rate(&self) -> f64 {
        ratio(self.top1, self.benign)
    }
    pub fn top3_rate(&self) -> f64 {
        ratio(self.top3, self.benign)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Runs every case through the built-in classifier and the announced-rollout policy (with a context that
/// passes every other gate), per language.
pub fn evaluate(cases: &[Case]) -> Vec<(Language, Figures)> {
    let classifier = Classifier::builtin();
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let ctx = MessageContext::new()
        .at("2026-02-01T12:00:00Z".parse().expect("valid"))
        .region("US".parse().expect("valid"))
        .age(30);
    let mut out = Vec::new();
    for lang in Language::ALL {
        let mut f = Figures::default();
        for case in cases.iter().filter(|c| c.lang == lang) {
            let c = classifier.classify(case.text, None);
            let d = engine.evaluate(&ctx, &c);
            let flagged = !engine.sensitive_in(&c).is_empty();
            match case.kind {
                Kind::Sensitive(cat) => {
                    f.sensitive += 1;
                    f.flagged += usize::from(flagged);
                    f.right_category += usize::from(c.sensitive().contains(cat));
                    if !d.interests().is_empty() {
                        f.leaked += 1;
                    }
                    if !flagged {
                        f.misses.push(format!(
                            "{}:{} missed {cat}: {}",
                            lang, case.line, case.text
                        ));
                    }
                }
                Kind::Benign(tier1) | Kind::Trap(tier1) => {
                    f.benign += 1;
                    if flagged {
                        f.false_sensitive += 1;
                        let cats: Vec<_> = c.sensitive().iter().map(|c| c.name()).collect();
                        f.misses.push(format!(
                            "{}:{} false {}: {}",
                            lang,
                            case.line,
                            cats.join(","),
                            case.text
                        ));
                    }
                    let mut tiers: Vec<&str> = Vec::new();
                    for s in c.interests() {
                        let t = s.id.tier1().iab_id();
                        if !tiers.contains(&t) {
                            tiers.push(t);
                        }
                    }
                    if tiers.is_empty() {
                        f.no_interest += 1;
                    }
                    f.top1 += usize::from(tiers.first() == Some(&tier1));
                    let hit3 = tiers.iter().take(3).any(|t| *t == tier1);
                    f.top3 += usize::from(hit3);
                    if !hit3 {
                        let got: Vec<_> = c
                            .interests()
                            .iter()
                            .take(3)
                            .map(|s| format!("{}>{}", s.id.tier1().name(), s.id.name()))
                            .collect();
                        f.misses.push(format!(
                            "{}:{} expected {tier1}, got [{}]: {}",
                            lang,
                            case.line,
                            got.join("; "),
                            case.text
                        ));
                    }
                }
            }
        }
        out.push((lang, f));
    }
    out
}

pub struct Table<'a>(pub &'a [(Language, Figures)]);

impl fmt::Display for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "| set | sensitive msgs | recall (flagged) | right category | contributed an interest | benign+trap msgs | false-sensitive | top-1 tier-1 | top-3 tier-1 |")?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        for (lang, x) in self.0 {
            writeln!(
                f,
                "| {} | {} | {:.1}% | {:.1}% | {} | {} | {:.1}% | {:.1}% | {:.1}% |",
                lang.code(),
                x.sensitive,
                100.0 * x.recall(),
                100.0 * ratio(x.right_category, x.sensitive),
                x.leaked,
                x.benign,
                100.0 * x.false_sensitive_rate(),
                100.0 * x.top1_rate(),
                100.0 * x.top3_rate()
            )?;
        }
        Ok(())
    }
}
