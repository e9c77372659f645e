//! A synthetic but realistic table of chat messages, for the example, the tests and the figures.
//!
//! Persons with one account, or with two or three accounts linked to one identity; each lives in a
//! region (some excluded by the announced rollout: DE, FR, GB), has an age (some are minors, some
//! unknown) and writes English or German; accounts are on surfaces (a few on `web`, which no preset
//! allows, a few without one). Texts come from templates written for this crate, harmless ones and
//! sensitive ones (health, religion, politics). Times are spread over 90 days from 1 December 2025,
//! so the first two weeks are before the rollout's start, and every message has its own second.
//! Everything follows from the seed (splitmix64), so two runs make the same rows.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray, TimestampSecondArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::error::{DataFusionError, Result};
use datafusion::parquet::arrow::ArrowWriter;

/// 2025-12-01T00:00:00Z, the first message's time.
pub const FIRST_AT: i64 = 1_764_547_200;
/// The span of the messages' times: 90 days.
pub const SPAN_SECS: i64 = 90 * 86_400;

/// One chat message, as a row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Unique message id, `m000042`.
    pub id: String,
    /// The profile key: the identity when the account is linked, else the account.
    pub person: String,
    /// The account the message came from.
    pub account: String,
    /// Whether the account is linked to an identity.
    pub linked: bool,
    /// The text.
    pub text: String,
    /// The language hint, when the host gave one.
    pub lang: Option<&'static str>,
    /// Unix seconds (UTC).
    pub at: i64,
    /// ISO 3166-1 alpha-2 region.
    pub region: &'static str,
    /// Age, when known.
    pub age: Option<i64>,
    /// Surface, when known.
    pub surface: Option<&'static str>,
}

/// splitmix64: small, seeded, and enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }
}

const EN_HARMLESS: &[&str] = &[
    "what should I pack for a ski trip to {place}?",
    "cheap flights to {place} and a hotel near the beach",
    "best running shoes for a half marathon",
    "easy pasta recipe for {n} people",
    "which laptop is good for video editing",
    "recommend a good science fiction novel for the weekend",
    "how do I repot a monstera plant",
    "looking for a used car with low mileage",
    "tips for training a new puppy",
    "best hiking trails near {place}",
    "what board games are fun for {n} players",
    "how to start investing in index funds",
    "where can I reserve a table for dinner in {place} tonight",
    "gift idea for my sister who loves yoga",
    "which streaming service shows the football games",
    "how long should I boil an egg",
];
const DE_HARMLESS: &[&str] = &[
    "Was soll ich für einen Skiurlaub in {place} einpacken?",
    "günstige Flüge nach {place} und ein Hotel am Strand",
    "Rezepte für Nudelsalat für {n} Personen",
    "welche Laufschuhe für einen Halbmarathon",
    "Tipps für die Erziehung eines Welpen",
    "ich suche einen gebrauchten Kombi mit wenig Kilometern",
    "schöne Wanderwege in der Nähe von {place}",
    "welcher Laptop eignet sich für Videoschnitt",
    "einen Tisch für zwei in {place} reservieren",
    "Geschenkidee für meine Schwester, sie liebt Yoga",
];
const EN_SENSITIVE: &[&str] = &[
    "my diabetes doctor says I should walk more, which running shoes?",
    "which church in {place} has a Sunday service for kids",
    "who should I vote for in the next election",
    "I was diagnosed with depression, how do I cope",
];
const DE_SENSITIVE: &[&str] = &[
    "Mein Arzt sagt, ich habe Diabetes, welche Laufschuhe soll ich kaufen?",
    "welche Kirche in {place} hat einen Gottesdienst für Kinder",
    "welche Partei soll ich bei der Bundestagswahl wählen",
];
const PLACES: &[&str] = &[
    "Aspen",
    "Lisbon",
    "Vienna",
    "Denver",
    "Kyoto",
    "Barcelona",
    "Zurich",
    "Hamburg",
];
/// Home regions, weighted by repetition; DE, FR and GB are excluded by the announced rollout.
const REGIONS: &[&str] = &[
    "US", "US", "US", "US", "CA", "BR", "IN", "AU", "MX", "CH", "CH", "DE", "DE", "FR", "GB",
];
/// Surfaces of accounts, weighted; `web` is in no preset, `None` is an unknown surface.
const SURFACES: &[Option<&str>] = &[
    Some("instagram"),
    Some("instagram"),
    Some("facebook"),
    Some("whatsapp"),
    Some("messenger"),
    Some("threads"),
    Some("web"),
    None,
];

struct Person {
    key: String,
    accounts: Vec<(String, Option<&'static str>)>,
    linked: bool,
    region: &'static str,
    age: Option<i64>,
    german: bool,
}

fn person(p: usize, rng: &mut Rng) -> Person {
    let linked = rng.percent(70);
    let region = rng.pick(REGIONS);
    let german = matches!(region, "DE" | "CH") && rng.percent(85);
    let age = match rng.below(100) {
        0..=6 => Some(13 + rng.below(5) as i64),
        7..=11 => None,
        _ => Some(18 + rng.below(58) as i64),
    };
    let n = if linked { 2 + rng.below(2) } else { 1 };
    let accounts = (0..n)
        .map(|k| (format!("acct-{p:05}-{k}"), rng.pick(SURFACES)))
        .collect::<Vec<_>>();
    let key = if linked {
        format!("id-{p:05}")
    } else {
        accounts[0].0.clone()
    };
    Person {
        key,
        accounts,
        linked,
        region,
        age,
        german,
    }
}

fn text(german: bool, rng: &mut Rng) -> String {
    let sensitive = rng.percent(18);
    let templates = match (german, sensitive) {
        (false, false) => EN_HARMLESS,
        (true, false) => DE_HARMLESS,
        (false, true) => EN_SENSITIVE,
        (true, true) => DE_SENSITIVE,
    };
    rng.pick(templates)
        .replace("{place}", rng.pick(PLACES))
        .replace("{n}", &(2 + rng.below(7)).to_string())
}

/// `rows` messages from about `rows / 25` persons, in time order, made from `seed`.
///
/// ```
/// use chat_interests_datafusion::synthetic::messages;
/// let rows = messages(1_000, 7);
/// assert_eq!(rows.len(), 1_000);
/// assert_eq!(rows, messages(1_000, 7));
/// assert!(rows.windows(2).all(|w| w[0].at < w[1].at));
/// ```
pub fn messages(rows: usize, seed: u64) -> Vec<Message> {
    let mut rng = Rng(seed);
    let persons: Vec<Person> = (0..(rows / 25).max(4))
        .map(|p| person(p, &mut rng))
        .collect();
    let step = (SPAN_SECS / rows.max(1) as i64).max(1);
    (0..rows)
        .map(|i| {
            let p = &persons[rng.below(persons.len())];
            let (account, surface) = p.accounts[rng.below(p.accounts.len())].clone();
            let lang = rng
                .percent(85)
                .then_some(if p.german { "de" } else { "en" });
            Message {
                id: format!("m{i:07}"),
                person: p.key.clone(),
                account,
                linked: p.linked,
                text: text(p.german, &mut rng),
                lang,
                at: FIRST_AT + i as i64 * step,
                region: p.region,
                age: p.age,
                surface,
            }
        })
        .collect()
}

/// The table's schema: `id, person, account, linked, text, lang, at, region, age, surface`.
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("person", DataType::Utf8, false),
        Field::new("account", DataType::Utf8, false),
        Field::new("linked", DataType::Boolean, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("lang", DataType::Utf8, true),
        Field::new(
            "at",
            DataType::Timestamp(TimeUnit::Second, Some(Arc::from("UTC"))),
            false,
        ),
        Field::new("region", DataType::Utf8, false),
        Field::new("age", DataType::Int64, true),
        Field::new("surface", DataType::Utf8, true),
    ]))
}

/// `messages` as one record batch of [`schema`].
///
/// # Errors
/// Arrow's, which a batch of this schema does not raise.
pub fn to_batch(messages: &[Message]) -> Result<RecordBatch> {
    let s = |f: fn(&Message) -> Option<&str>| -> ArrayRef {
        Arc::new(messages.iter().map(f).collect::<StringArray>())
    };
    let columns: Vec<ArrayRef> = vec![
        s(|m| Some(&m.id)),
        s(|m| Some(&m.person)),
        s(|m| Some(&m.account)),
        Arc::new(
            messages
                .iter()
                .map(|m| Some(m.linked))
                .collect::<BooleanArray>(),
        ),
        s(|m| Some(&m.text)),
        s(|m| m.lang),
        Arc::new(
            TimestampSecondArray::from(messages.iter().map(|m| m.at).collect::<Vec<i64>>())
                .with_timezone("UTC"),
        ),
        s(|m| Some(m.region)),
        Arc::new(messages.iter().map(|m| m.age).collect::<Int64Array>()),
        s(|m| m.surface),
    ];
    Ok(RecordBatch::try_new(schema(), columns)?)
}

/// Writes `messages` as `files` Parquet files `part-N.parquet` in `dir` (contiguous slices of
/// about equal size), and returns their paths in order.
///
/// # Errors
/// When a file cannot be created or written.
pub fn write_parquet(messages: &[Message], dir: &Path, files: usize) -> Result<Vec<PathBuf>> {
    let per_file = messages.len().div_ceil(files.max(1)).max(1);
    let mut paths = Vec::new();
    for (n, chunk) in messages.chunks(per_file).enumerate() {
        let path = dir.join(format!("part-{n}.parquet"));
        let file = File::create(&path)
            .map_err(|e| DataFusionError::Execution(format!("creating {}: {e}", path.display())))?;
        let mut writer = ArrowWriter::try_new(file, schema(), None)?;
        // Batches of 1,000 rows, so one file is several row groups' worth of work for the scan.
        for rows in chunk.chunks(1_000) {
            writer.write(&to_batch(rows)?)?;
        }
        writer.close()?;
        paths.push(path);
    }
    Ok(paths)
}
