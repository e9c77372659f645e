//! Benchmarks: `cargo bench`. Each classify figure sits beside its floor, a raw Aho-Corasick scan
//! over the same folded text with the same patterns, measured in the same run.

use aho_corasick::AhoCorasick;
use chat_interests::lexicon::BUILTIN_FILES;
use chat_interests::normalize::fold;
use chat_interests::*;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const EVAL: [&str; 2] = [
    include_str!("../tests/eval/en.tsv"),
    include_str!("../tests/eval/de.tsv"),
];

fn corpus() -> Vec<&'static str> {
    EVAL.iter()
        .flat_map(|t| t.lines())
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.splitn(3, '\t').nth(2))
        .collect()
}

fn floor_automaton() -> AhoCorasick {
    let patterns: Vec<String> = BUILTIN_FILES
        .iter()
        .flat_map(|(_, _, _, text)| text.lines())
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| fold(l.split('\t').next().unwrap_or("")).trim().to_owned())
        .collect();
    AhoCorasick::new(patterns).expect("patterns build")
}

fn bench_classify(c: &mut Criterion) {
    let classifier = Classifier::builtin();
    let texts = corpus();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut g = c.benchmark_group("short messages (eval corpus)");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("classify", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(classifier.classify(black_box(t), None));
            }
        })
    });
    let folded: Vec<String> = texts.iter().map(|t| fold(t)).collect();
    let floor = floor_automaton();
    g.bench_function("floor: aho-corasick overlapping scan of folded text", |b| {
        b.iter(|| {
            for t in &folded {
                black_box(floor.find_overlapping_iter(black_box(t.as_str())).count());
            }
        })
    });
    g.bench_function("fold only", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(fold(black_box(t)));
            }
        })
    });
    g.finish();

    let long: String = texts.join(" ").chars().take(8 * 1024).collect();
    let mut g = c.benchmark_group("long message (8 KiB)");
    g.throughput(Throughput::Bytes(long.len() as u64));
    g.bench_function("classify", |b| {
        b.iter(|| black_box(classifier.classify(black_box(&long), None)))
    });
    let long_folded = fold(&long);
    g.bench_function("floor: aho-corasick overlapping scan of folded text", |b| {
        b.iter(|| {
            black_box(
                floor
                    .find_overlapping_iter(black_box(long_folded.as_str()))
                    .count(),
            )
        })
    });
    g.finish();
    let _ = bytes;
}

fn bench_policy_and_profile(c: &mut Criterion) {
    let classifier = Classifier::builtin();
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let ctx = MessageContext::new()
        .at("2026-02-01T12:00:00Z".parse().unwrap())
        .region("US".parse().unwrap())
        .age(30)
        .surface("instagram".parse().unwrap());
    let classification = classifier.classify(
        "cheap flights to Rome and new running shoes for the marathon",
        None,
    );
    c.bench_function("policy evaluate", |b| {
        b.iter(|| black_box(engine.evaluate(black_box(&ctx), black_box(&classification))))
    });
    let decision = engine.evaluate(&ctx, &classification);
    let allowed = decision.allowed().expect("allowed").clone();
    c.bench_function("profile ingest", |b| {
        let mut p = InterestProfile::new("bench").unwrap();
        b.iter(|| p.ingest(black_box(&allowed)))
    });
    let mut big = InterestProfile::new("bench").unwrap();
    for t in corpus() {
        if let Some(a) = engine
            .evaluate(&ctx, &classifier.classify(t, None))
            .allowed()
        {
            big.ingest(a);
        }
    }
    let json = serde_json::to_string(&big).unwrap();
    c.bench_function("profile serialize (json)", |b| {
        b.iter(|| black_box(serde_json::to_string(black_box(&big)).unwrap()))
    });
    c.bench_function("profile deserialize+validate (json)", |b| {
        b.iter(|| black_box(serde_json::from_str::<InterestProfile>(black_box(&json)).unwrap()))
    });
    let other = big.clone();
    c.bench_function("profile merge", |b| {
        b.iter(|| {
            let mut p = big.clone();
            p.merge(black_box(&other)).unwrap();
            black_box(p)
        })
    });
}

criterion_group!(benches, bench_classify, bench_policy_and_profile);
criterion_main!(benches);
