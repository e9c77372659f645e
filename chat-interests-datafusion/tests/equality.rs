//! The distributed run is the same computation: `merge_profiles` over 1 and 8 partitions, with the
//! Parquet files in their order and shuffled, equals the core crate's sequential loop; the plan
//! really splits the aggregation; a bound that truncates still holds.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use chat_interests::{InterestProfile, Policy, Timestamp};
use chat_interests_datafusion::reference::{
    PROFILES_QUERY, collect_profiles, compare, context as context_of, in_profiles_query, sequential,
};
use chat_interests_datafusion::synthetic::{FIRST_AT, Message, SPAN_SECS, messages, write_parquet};
use chat_interests_datafusion::{ChatInterests, register_parquet_files};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::prelude::{SessionConfig, SessionContext};

/// Scores agree to this relative difference: merging sums the same terms in another order.
const TOLERANCE: f64 = 1e-9;
const ROWS: usize = 5_000;
const FILES: usize = 6;

struct Data {
    rows: Vec<Message>,
    paths: Vec<PathBuf>,
}

/// The test data, written once per test binary.
fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        let rows = messages(ROWS, 14);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("equality-data");
        std::fs::create_dir_all(&dir).unwrap();
        let paths = write_parquet(&rows, &dir, FILES).unwrap();
        Data { rows, paths }
    })
}

/// The files in another order (a fixed permutation that moves every file).
fn shuffled(paths: &[PathBuf]) -> Vec<PathBuf> {
    let order = [3, 0, 5, 1, 4, 2];
    assert_eq!(order.len(), paths.len());
    order.iter().map(|&i| paths[i].clone()).collect()
}

/// Bounds high enough that no profile reaches them, so truncation cannot depend on merge order.
fn unbounded() -> ChatInterests {
    ChatInterests::builder(Policy::announced_rollout())
        .max_entries(65_536)
        .build()
        .unwrap()
}

async fn context(
    functions: &ChatInterests,
    partitions: usize,
    paths: &[PathBuf],
) -> SessionContext {
    let ctx =
        SessionContext::new_with_config(SessionConfig::new().with_target_partitions(partitions));
    functions.register(&ctx);
    register_parquet_files(&ctx, "messages", paths)
        .await
        .unwrap();
    ctx
}

async fn query(
    functions: &ChatInterests,
    partitions: usize,
    paths: &[PathBuf],
) -> BTreeMap<String, InterestProfile> {
    let ctx = context(functions, partitions, paths).await;
    let batches = ctx
        .sql(PROFILES_QUERY)
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    collect_profiles(&batches).unwrap()
}

fn as_of() -> Timestamp {
    Timestamp::from_unix_seconds(FIRST_AT + SPAN_SECS).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_equal_the_sequential_loop_for_1_and_8_partitions_and_shuffled_files() {
    let d = data();
    let functions = unbounded();
    let expected = sequential(&functions, &d.rows, in_profiles_query).unwrap();
    // The data exercises the path: many persons, most with interests, some with none allowed.
    let with_interests = expected.values().filter(|p| !p.is_empty()).count();
    assert!(
        expected.len() > 150 && with_interests > 100,
        "{} / {with_interests}",
        expected.len()
    );
    assert!(expected.values().any(|p| p.messages() == 0));
    assert!(expected.values().any(|p| p.surfaces().len() >= 2));
    let mut compared = 0;
    for partitions in [1, 8] {
        for paths in [d.paths.clone(), shuffled(&d.paths)] {
            let got = query(&functions, partitions, &paths).await;
            if let Err(e) = compare(&expected, &got, as_of(), TOLERANCE) {
                panic!("target_partitions {partitions}, files {paths:?}: {e}");
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_different_profile_is_told_apart() {
    // The comparison is not vacuous: one message more in one profile is found.
    let d = data();
    let functions = unbounded();
    let expected = sequential(&functions, &d.rows, in_profiles_query).unwrap();
    // A message in the middle of the data that the policy allows.
    let used = d.rows[ROWS / 2..]
        .iter()
        .find(|m| {
            let c = functions
                .classifier()
                .classify(&m.text, m.lang.and_then(|l| l.parse().ok()));
            functions.engine().evaluate(&context_of(m), &c).is_allowed()
        })
        .unwrap();
    let fewer = sequential(&functions, &d.rows, |m| {
        in_profiles_query(m) && m.id != used.id
    })
    .unwrap();
    assert!(compare(&expected, &fewer, as_of(), TOLERANCE).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explain_shows_partial_and_final_aggregation_with_a_repartition() {
    let d = data();
    let ctx = context(&unbounded(), 8, &d.paths).await;
    let batches = ctx
        .sql(&format!("EXPLAIN {PROFILES_QUERY}"))
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    let plan = pretty_format_batches(&batches).unwrap().to_string();
    for part in [
        "AggregateExec: mode=Partial, gby=[person@",
        "RepartitionExec: partitioning=Hash([person@",
        "AggregateExec: mode=FinalPartitioned, gby=[person@",
        "merge_profiles(",
    ] {
        assert!(plan.contains(part), "{part:?} not in the plan:\n{plan}");
    }
    // The partial aggregation runs below the repartition, the final one above it.
    let at = |s: &str| plan.find(s).unwrap();
    assert!(
        at("mode=FinalPartitioned") < at("RepartitionExec")
            && at("RepartitionExec") < at("mode=Partial")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bound_that_truncates_keeps_counts_and_the_strongest_known_interests() {
    // With a bound of 2, which interests survive depends on the moments the bound was enforced,
    // so on the merge order; what does not: the bound, the message counts and surfaces, and that
    // every kept interest is one the person has.
    let d = data();
    let bounded = ChatInterests::builder(Policy::announced_rollout())
        .max_entries(2)
        .build()
        .unwrap();
    let full = sequential(&unbounded(), &d.rows, in_profiles_query).unwrap();
    let truncated_somewhere = full.values().filter(|p| p.len() > 2).count();
    assert!(truncated_somewhere > 50, "{truncated_somewhere}");
    for paths in [d.paths.clone(), shuffled(&d.paths)] {
        let got = query(&bounded, 8, &paths).await;
        assert_eq!(got.len(), full.len());
        for (key, p) in &got {
            let f = &full[key];
            assert!(
                p.len() <= 2 && p.len() == f.len().min(2),
                "{key}: {} of {}",
                p.len(),
                f.len()
            );
            assert_eq!(p.messages(), f.messages(), "{key}");
            assert_eq!(p.surfaces(), f.surfaces(), "{key}");
            for (id, _) in p.top(usize::MAX, as_of()) {
                assert!(
                    f.explain(id, as_of()).is_some(),
                    "{key}: {id} is not one of its interests"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decide_and_classify_answer_as_the_core_does_for_every_row() {
    let d = data();
    let functions = unbounded();
    let ctx = context(&functions, 8, &d.paths).await;
    let batches = ctx
        .sql("SELECT id, decide(text, lang, at, region, age, surface, linked, id) AS d, classify(text, lang) AS c FROM messages")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    let by_id: BTreeMap<&str, &Message> = d.rows.iter().map(|m| (m.id.as_str(), m)).collect();
    let (mut seen, mut used, mut sensitive) = (0, 0, 0);
    for batch in &batches {
        let ids = datafusion::arrow::compute::cast(
            batch.column(0),
            &datafusion::arrow::datatypes::DataType::Utf8,
        )
        .unwrap();
        let ids = ids.as_string::<i32>();
        let dec = batch.column(1).as_struct();
        let cls = batch.column(2).as_struct();
        let (d_used, d_reasons, d_interests) = (
            dec.column(0).as_boolean(),
            dec.column(1).as_list::<i32>(),
            dec.column(2).as_list::<i32>(),
        );
        let c_sensitive = cls.column(2).as_list::<i32>();
        for i in 0..batch.num_rows() {
            let m = by_id[ids.value(i)];
            let lang = m.lang.and_then(|l| l.parse().ok());
            let c = functions.classifier().classify(&m.text, lang);
            let one = functions.engine().evaluate(&context_of(m), &c);
            assert_eq!(d_used.value(i), one.is_allowed(), "{}", m.id);
            let reasons: Vec<String> = strings(&d_reasons.value(i));
            let expected: Vec<&str> = one.reasons().iter().map(|r| r.code()).collect();
            assert_eq!(reasons, expected, "{}", m.id);
            let interests = d_interests.value(i);
            let ids_got: Vec<String> = strings(interests.as_struct().column(0));
            let ids_expected: Vec<&str> = one.interests().iter().map(|s| s.id().iab_id()).collect();
            assert_eq!(ids_got, ids_expected, "{}", m.id);
            let cats: Vec<String> = strings(&c_sensitive.value(i));
            let cats_expected: Vec<&str> = c.sensitive().iter().map(|s| s.name()).collect();
            assert_eq!(cats, cats_expected, "{}", m.id);
            seen += 1;
            used += usize::from(one.is_allowed());
            sensitive += usize::from(!cats.is_empty());
        }
    }
    assert_eq!(seen, ROWS);
    assert!(used > ROWS / 5 && used < ROWS * 4 / 5, "{used}");
    assert!(sensitive > ROWS / 20, "{sensitive}");
}

fn strings(a: &dyn Array) -> Vec<String> {
    a.as_string::<i32>()
        .iter()
        .map(|s| s.unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_argument_types_are_plan_errors_that_name_the_argument() {
    let d = data();
    let ctx = context(&unbounded(), 2, &d.paths).await;
    let err = ctx
        .sql("SELECT merge_profiles(person, text, lang, at, region, text, surface, linked, id) FROM messages GROUP BY person")
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("argument 6 (age) must be an integer"), "{err}");
    let err = ctx
        .sql("SELECT decide(text, lang) FROM messages")
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("decide takes 8 arguments"), "{err}");
}
