//! Trains the crate's learned sensitive model and picks its thresholds.
//!
//! ```text
//! cargo run --release -p modeltrain -- ../shared/corpora ../shared/vocab          # write data/model/
//! cargo run --release -p modeltrain -- ../shared/corpora ../shared/vocab --check  # CI: committed = made
//! ```
//!
//! The data: the train splits of the real corpora (the split rule is `examples/realtext/corpora.rs`,
//! shared with the evaluation), the messages written for the model (`tools/modeltrain/data/written`,
//! one in five of them dev), and HolisticBias templates. The hyper-parameters are
//! `tools/modeltrain/hyperparameters.tsv`. The program is single-threaded with a seeded order: run
//! twice, it writes the same bytes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chat_interests::{Classifier, FeatureHasher, Policy, PolicyEngine, SensitiveModel};

mod calibrate;
mod examples;
mod params;
mod sgd;
mod thresholds;

use examples::CATEGORIES;
use thresholds::Scored;

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("modeltrain: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<bool, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A third directory replaces the written messages (for experiments; CI uses the committed ones).
    let (corpora, vocab, written) = match paths[..] {
        [c, v] => (c, v, here.join("data/written")),
        [c, v, w] => (c, v, PathBuf::from(w)),
        _ => {
            return Err(
                "usage: modeltrain CORPORA_DIR VOCAB_DIR [WRITTEN_DIR] [--check] [--show]".into(),
            )
        }
    };
    let out_dir = here.join("../../data/model");
    let started = Instant::now();
    let p = params::Params::parse(&read(&here.join("hyperparameters.tsv"))?)?;
    let hasher = FeatureHasher::new(
        p.int("bits") as u8,
        p.int("min_n") as u8,
        p.int("max_n") as u8,
    )
    .map_err(|e| e.to_string())?;
    // The lexicon alone: the weak labels, and the baseline the thresholds are chosen against.
    let lexicon = Classifier::builder()
        .sensitive_model(None)
        .build()
        .map_err(|e| e.to_string())?;
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let lexicon_flags = |text: &str| engine.sensitive_in(&lexicon.classify(text, None));
    let sets = examples::load(
        Path::new(corpora),
        Path::new(vocab),
        &written,
        &p,
        &lexicon_flags,
    )?;
    println!(
        "train examples by source (count, then positives per category: {}):",
        names()
    );
    for (source, (n, pos)) in &sets.counts {
        println!("  {source}\t{n}\t{pos:?}");
    }
    let weak = sets.counts.get("germeval-weak").map_or(0, |c| c.0);
    println!(
        "weak labels (lexicon over GermEval tweets): {weak} of {} train examples ({:.1}%)",
        sets.train.len(),
        100.0 * weak as f64 / sets.train.len() as f64
    );
    let mut trained = sgd::train(&hasher, &sets.train, &p);
    let raw = SensitiveModel::from_weights(hasher, CATEGORIES, &trained.biases, &trained.weights)
        .map_err(|e| e.to_string())?;
    // Calibrate on dev: fold each category's (a, b) into its weights and bias.
    let logits: Vec<[f32; 7]> = sets
        .dev
        .iter()
        .map(|e| {
            probabilities(&raw, &e.text).map(|p| {
                let p = f64::from(p).clamp(1e-7, 1.0 - 1e-7);
                (p / (1.0 - p)).ln() as f32
            })
        })
        .collect();
    let platt = calibrate::fit(&sets.dev, &logits);
    let n = CATEGORIES.len();
    for (k, &(a, b)) in platt.iter().enumerate() {
        trained.biases[k] = (a * f64::from(trained.biases[k]) + b) as f32;
        for w in trained.weights.iter_mut().skip(k).step_by(n) {
            *w = (a * f64::from(*w)) as f32;
        }
    }
    println!(
        "calibration (p = σ(a·z + b) on dev, each source weighing the same): {}",
        CATEGORIES
            .iter()
            .zip(&platt)
            .map(|(c, (a, b))| format!("{c} a={a:.3} b={b:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let model = SensitiveModel::from_weights(hasher, CATEGORIES, &trained.biases, &trained.weights)
        .map_err(|e| e.to_string())?;
    let weights = model.to_bytes();
    let trained_in = started.elapsed();

    let scored: Vec<Scored> = sets
        .dev
        .iter()
        .map(|e| Scored {
            example: e,
            lexicon: lexicon_flags(&e.text),
            probabilities: probabilities(&model, &e.text),
        })
        .collect();
    let chosen = thresholds::choose(
        &scored,
        p.get("threshold_step"),
        p.get("min_threshold"),
        &thresholds::Budget {
            real: p.get("false_sensitive_budget"),
            written: p.get("written_false_sensitive_budget"),
        },
    );
    print!("\non dev:\n{}", chosen.report);
    if args.iter().any(|a| a == "--show") {
        show(&scored, &chosen.thresholds);
    }
    let mut tsv = String::from(
        "# Thresholds of the learned sensitive model (data/model/sensitive-model.bin), per category.\n\
         # Generated by tools/modeltrain (cargo run --release -p modeltrain -- ../shared/corpora ../shared/vocab);\n\
         # do not edit. Chosen on the dev splits: the lowest threshold (not below min_threshold) at which\n\
         # the model adds at most false_sensitive_budget points of false-sensitive to the lexicon's on\n\
         # each benign real dev corpus (SIB-200's three files pooled), and at most\n\
         # written_false_sensitive_budget points on the written benign messages of each language.\n\
         # `off`: the model never flags the category.\n",
    );
    // The dev table: its header line, then one line per category.
    for line in chosen.report.lines().take(CATEGORIES.len() + 1) {
        tsv.push_str(&format!("#   {line}\n"));
    }
    for (k, c) in CATEGORIES.iter().enumerate() {
        match chosen.thresholds[k] {
            Some(t) => tsv.push_str(&format!("{c}\t{t:.3}\n")),
            None => tsv.push_str(&format!("{c}\toff\n")),
        }
    }
    // The files as they will be read: the thresholds must load into the model.
    model
        .with_thresholds("thresholds.tsv", &tsv)
        .map_err(|e| e.to_string())?;
    println!(
        "\ntrained in {:.1} s, all in {:.1} s; weights {} bytes",
        trained_in.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        weights.len()
    );
    let files: [(PathBuf, Vec<u8>); 2] = [
        (out_dir.join("sensitive-model.bin"), weights),
        (out_dir.join("thresholds.tsv"), tsv.into_bytes()),
    ];
    let mut same = true;
    for (path, bytes) in &files {
        if check {
            if std::fs::read(path).ok().as_ref() != Some(bytes) {
                eprintln!(
                    "modeltrain: {} is not what the trainer makes; run it without --check and commit",
                    path.display()
                );
                same = false;
            }
        } else {
            std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(same)
}

/// `--show`: the benign dev items the model is most sure of, per category: what holds a threshold up.
fn show(scored: &[Scored], thresholds: &[Option<f32>]) {
    println!("\nthe SIB-200 and ToxiGen dev items neither detector flags (probability of the labelled category):");
    for s in scored.iter().filter(|s| {
        (s.example.source.starts_with("sib200") || s.example.source == "toxigen")
            && !s.example.labels.is_empty()
            && s.lexicon.intersection(s.example.labels).is_empty()
    }) {
        let probs: Vec<String> = CATEGORIES
            .iter()
            .enumerate()
            .filter(|(_, c)| s.example.labels.contains(**c))
            .filter(|(k, _)| thresholds[*k].is_none_or(|t| s.probabilities[*k] < t))
            .map(|(k, c)| format!("{c} {:.3}", s.probabilities[k]))
            .collect();
        if probs.len() == s.example.labels.iter().count() {
            println!(
                "  {}\t{}\t{}",
                probs.join(" "),
                s.example.source,
                s.example.text
            );
        }
    }
    for (k, c) in CATEGORIES.iter().enumerate() {
        let mut benign: Vec<&Scored> = scored
            .iter()
            .filter(|s| s.example.labels.is_empty() && s.lexicon.is_empty())
            .collect();
        benign.sort_by(|a, b| b.probabilities[k].total_cmp(&a.probabilities[k]));
        println!("\n{c}: the benign dev items scored highest");
        for s in benign.iter().take(12) {
            println!(
                "  {:.3}\t{}\t{}",
                s.probabilities[k], s.example.source, s.example.text
            );
        }
    }
}

/// The model's probability per category of [`CATEGORIES`] (the model has an output for each).
fn probabilities(model: &SensitiveModel, text: &str) -> [f32; 7] {
    let s = model.score(text);
    std::array::from_fn(|k| s.probability(CATEGORIES[k]).unwrap_or(0.0))
}

fn names() -> String {
    CATEGORIES
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}
