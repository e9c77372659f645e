//! The sequential reference: the core crate's own loop over the same messages, and the comparison of
//! its profiles with the ones a query made.

use std::collections::BTreeMap;

use chat_interests::{InterestProfile, MessageContext, ProfileError, Scratch, Timestamp};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;

use crate::synthetic::{FIRST_AT, Message};
use crate::{ChatInterests, decode_profile};

/// The query of the example and the tests: one profile per person from the messages of the table
/// `messages` since 8 December 2025 (the synthetic data's second week).
pub const PROFILES_QUERY: &str = "SELECT person, \
     merge_profiles(person, text, lang, at, region, age, surface, linked, id) AS profile \
     FROM messages WHERE at >= TIMESTAMP '2025-12-08T00:00:00Z' GROUP BY person";

/// Whether [`PROFILES_QUERY`]'s `WHERE` keeps `m`.
pub fn in_profiles_query(m: &Message) -> bool {
    m.at >= FIRST_AT + 7 * 86_400
}

/// The context of a synthetic message, built straight from its fields (not through Arrow).
///
/// ```
/// use chat_interests_datafusion::{reference::context, synthetic::messages};
/// let m = &messages(10, 1)[0];
/// assert_eq!(context(m).message_id(), Some(m.id.as_str()));
/// ```
pub fn context(m: &Message) -> MessageContext {
    let mut ctx = MessageContext::builder().linked(m.linked).message_id(&m.id);
    if let Ok(at) = Timestamp::from_unix_seconds(m.at) {
        ctx = ctx.at(at);
    }
    if let Ok(region) = m.region.parse() {
        ctx = ctx.region(region);
    }
    if let Some(age) = m.age {
        ctx = match u16::try_from(age) {
            Ok(age) => ctx.age(age),
            Err(_) => ctx.age_unreadable(),
        };
    }
    if let Some(surface) = m.surface {
        ctx = match surface.parse() {
            Ok(surface) => ctx.surface(surface),
            Err(_) => ctx.surface_unreadable(),
        };
    }
    ctx.build()
}

/// One profile per person of the messages `keep` accepts, built one message after another with the
/// core crate: what `SELECT person, merge_profiles(...) ... GROUP BY person` must equal.
///
/// # Errors
/// The core's [`ProfileError`] for a person that is no valid profile key.
///
/// ```
/// use chat_interests::Policy;
/// use chat_interests_datafusion::{reference::sequential, synthetic::messages, ChatInterests};
/// let rows = messages(500, 1);
/// let profiles = sequential(&ChatInterests::new(Policy::announced_rollout()), &rows, |_| true)?;
/// assert!(profiles.values().any(|p| p.messages() > 0));
/// # Ok::<(), chat_interests::ProfileError>(())
/// ```
pub fn sequential(
    functions: &ChatInterests,
    messages: &[Message],
    keep: impl Fn(&Message) -> bool,
) -> Result<BTreeMap<String, InterestProfile>, ProfileError> {
    let mut profiles = BTreeMap::new();
    let mut scratch = Scratch::new();
    for m in messages.iter().filter(|m| keep(m)) {
        let lang = m.lang.and_then(|l| l.parse().ok());
        let c = functions
            .classifier()
            .classify_with(&m.text, lang, &mut scratch);
        let decision = functions.engine().evaluate(&context(m), &c);
        if !profiles.contains_key(&m.person) {
            profiles.insert(m.person.clone(), functions.new_profile(&m.person)?);
        }
        if let (Some(allowed), Some(p)) = (decision.allowed(), profiles.get_mut(&m.person)) {
            p.ingest(allowed);
        }
    }
    Ok(profiles)
}

/// The profiles of a query's result: its column `person` (strings) and column `profile`
/// (`merge_profiles`' stored form), decoded and validated.
///
/// # Errors
/// A message saying which column or row is missing, null or not a profile.
pub fn collect_profiles(
    batches: &[RecordBatch],
) -> Result<BTreeMap<String, InterestProfile>, String> {
    let mut out = BTreeMap::new();
    for batch in batches {
        let column = |name: &str| {
            batch
                .column_by_name(name)
                .ok_or_else(|| format!("the result has no column {name:?}"))
        };
        let person = cast(column("person")?, &DataType::Utf8).map_err(|e| e.to_string())?;
        let person = person.as_string::<i32>();
        let Some(profile) = column("profile")?.as_binary_opt::<i32>() else {
            return Err("column \"profile\" is not Binary".into());
        };
        for i in 0..batch.num_rows() {
            if person.is_null(i) || profile.is_null(i) {
                return Err(format!("row {i}: null person or profile"));
            }
            let p = decode_profile(profile.value(i)).map_err(|e| format!("row {i}: {e}"))?;
            if out.insert(person.value(i).to_owned(), p).is_some() {
                return Err(format!("person {:?} appears twice", person.value(i)));
            }
        }
    }
    Ok(out)
}

/// Checks that `got` holds the profiles of `expected`: the same persons; per person the same message
/// count and surfaces; per interest the same id, message count, first and last time, surfaces and
/// cited message ids; and scores (read as of `as_of`) within `tolerance` relative to the larger one
/// (merging is associative only up to floating-point rounding).
///
/// # Errors
/// The first difference, with the person and interest.
pub fn compare(
    expected: &BTreeMap<String, InterestProfile>,
    got: &BTreeMap<String, InterestProfile>,
    as_of: Timestamp,
    tolerance: f64,
) -> Result<(), String> {
    if expected.len() != got.len() {
        return Err(format!(
            "{} profiles expected, {} found",
            expected.len(),
            got.len()
        ));
    }
    for ((key, e), (got_key, g)) in expected.iter().zip(got) {
        if key != got_key {
            return Err(format!("person {key:?} expected, {got_key:?} found"));
        }
        let differ = |what: &str, a: String, b: String| -> Result<(), String> {
            if a == b {
                Ok(())
            } else {
                Err(format!("{key}: {what}: expected {a}, found {b}"))
            }
        };
        differ("key", e.key().into(), g.key().into())?;
        differ(
            "messages",
            e.messages().to_string(),
            g.messages().to_string(),
        )?;
        differ(
            "surfaces",
            format!("{:?}", e.surfaces()),
            format!("{:?}", g.surfaces()),
        )?;
        let by_id = |p: &InterestProfile| {
            let mut v = p.top(usize::MAX, as_of);
            v.sort_by_key(|(id, _)| *id);
            v
        };
        let (ei, gi) = (by_id(e), by_id(g));
        let ids = |v: &[(chat_interests::InterestId, f64)]| -> Vec<String> {
            v.iter().map(|(id, _)| id.iab_id().to_owned()).collect()
        };
        differ(
            "interests",
            format!("{:?}", ids(&ei)),
            format!("{:?}", ids(&gi)),
        )?;
        for (&(id, es), &(_, gs)) in ei.iter().zip(&gi) {
            if (es - gs).abs() > tolerance * es.abs().max(gs.abs()) {
                return Err(format!(
                    "{key}: interest {id}: score {es} expected, {gs} found (tolerance {tolerance})"
                ));
            }
            let (Some(ex), Some(gx)) = (e.explain(id, as_of), g.explain(id, as_of)) else {
                return Err(format!("{key}: interest {id} cannot be explained"));
            };
            let facts = |x: &chat_interests::Explanation| {
                format!(
                    "messages {} first {} last {} surfaces {:?} cited {:?}",
                    x.messages(),
                    x.first_seen(),
                    x.last_seen(),
                    x.surfaces(),
                    x.recent_messages()
                )
            };
            differ(&format!("interest {id}"), facts(&ex), facts(&gx))?;
        }
    }
    Ok(())
}
