//! The labelled examples: train splits of the real corpora, the written messages, and HolisticBias
//! templates filled with descriptors; and the dev items the thresholds are chosen on.

use std::collections::BTreeMap;
use std::path::Path;

use chat_interests::{builtin_lexicons, LexiconKind, SensitiveCategory, SensitiveSet};

#[path = "../../../examples/realtext/corpora.rs"]
mod corpora;

use corpora::{Expect, Split};

use crate::params::Params;

/// One labelled text.
pub struct Example {
    /// Where it comes from: a corpus name, `written-en`, `written-de` or `holisticbias`.
    pub source: String,
    pub text: String,
    /// The categories it is about; empty for benign.
    pub labels: SensitiveSet,
    /// Benign text whose false-sensitive rate the thresholds may raise only by the budget: the
    /// benign real corpora, and the benign written messages (the only German benign dev text
    /// beside SIB-200's, and the hard negatives).
    pub budget: bool,
}

/// The model's outputs: the announced categories.
pub const CATEGORIES: &[SensitiveCategory] = SensitiveCategory::ANNOUNCED;

pub struct Sets {
    pub train: Vec<Example>,
    pub dev: Vec<Example>,
    /// Per source, how many train examples and how many of them positive per category.
    pub counts: BTreeMap<String, (usize, [usize; 7])>,
}

/// FNV-1a with a seed, for samples and the written split.
pub fn hash(seed: &str, text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes().chain(text.bytes()) {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `lexicon` is what the crate's lexicon alone flags in a text (the weak labels).
pub fn load(
    corpora: &Path,
    vocab: &Path,
    written: &Path,
    p: &Params,
    lexicon: &dyn Fn(&str) -> SensitiveSet,
) -> Result<Sets, String> {
    let mut sets = Sets {
        train: Vec::new(),
        dev: Vec::new(),
        counts: BTreeMap::new(),
    };
    let expect = corpora::expectations();
    let mut medquad = 0;
    for item in corpora::load(corpora) {
        let e = item.expect(&expect).ok_or(format!(
            "expectations: no line for {} {}",
            item.corpus, item.label
        ))?;
        let (labels, budget) = match e {
            Expect::Nothing => continue,
            Expect::Sensitive(cats) => (cats.iter().copied().collect(), false),
            Expect::Benign | Expect::Tier1(_) => (SensitiveSet::empty(), true),
        };
        let example = Example {
            source: item.corpus.to_owned(),
            text: item.text,
            labels,
            budget,
        };
        match item.split {
            Split::Train => {
                if item.corpus == "medquad" {
                    // A sample by hash: the first `medquad_cap` in hash order would need a sort;
                    // one in three by hash, capped, is as fixed.
                    if !hash("modeltrain-medquad", &example.text).is_multiple_of(3)
                        || medquad >= p.int("medquad_cap")
                    {
                        continue;
                    }
                    medquad += 1;
                }
                sets.train.push(example)
            }
            Split::Dev => sets.dev.push(example),
            Split::Test => {}
        }
    }
    written_messages(written, p, &mut sets)?;
    holisticbias(vocab, p, &mut sets.train)?;
    benign_phrases(p.int("lexicon_phrase_every"), &mut sets.train);
    germeval_weak(corpora, lexicon, &mut sets.train)?;
    for e in &sets.train {
        let c = sets.counts.entry(e.source.clone()).or_default();
        c.0 += 1;
        for (k, &cat) in CATEGORIES.iter().enumerate() {
            c.1[k] += usize::from(e.labels.contains(cat));
        }
    }
    Ok(sets)
}

/// `data/written/*.tsv`: `labels <TAB> message`, labels `benign` or categories joined by `|`.
fn written_messages(dir: &Path, p: &Params, sets: &mut Sets) -> Result<(), String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    let every = p.int("written_dev_every");
    for file in files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let lang = name.split('-').next().unwrap_or_default();
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{name}: {e}"))?;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let at = || format!("{name} line {}", n + 1);
            let (labels, message) = line
                .split_once('\t')
                .ok_or_else(|| format!("{}: labels <TAB> message", at()))?;
            let labels: SensitiveSet = if labels == "benign" {
                SensitiveSet::empty()
            } else {
                labels
                    .split('|')
                    .map(|l| l.parse().map_err(|e| format!("{}: {e}", at())))
                    .collect::<Result<_, _>>()?
            };
            if message.trim().is_empty() || message.contains('\t') {
                return Err(format!("{}: an empty message or a second TAB", at()));
            }
            let example = Example {
                source: format!("written-{lang}"),
                text: message.to_owned(),
                budget: labels.is_empty(),
                labels,
            };
            if hash("modeltrain-written", message).is_multiple_of(every) {
                sets.dev.push(example);
            } else {
                sets.train.push(example);
            }
        }
    }
    Ok(())
}

/// The crate's own trap phrases and a sample of its interest terms, as benign: the lexicons already
/// say they are not sensitive, and without them the model reads short interest phrases ("truck
/// bed") as health.
fn benign_phrases(every: u64, train: &mut Vec<Example>) {
    for f in builtin_lexicons() {
        if !matches!(f.kind(), LexiconKind::Interests | LexiconKind::Traps) {
            continue;
        }
        for (_, fields) in f.rows() {
            // Every trap (the hard negatives); a sample of the interest terms, which would otherwise
            // be two thirds of all examples and teach that any interest word clears a message.
            let sampled = hash("modeltrain-phrases", fields[0]).is_multiple_of(every);
            if f.kind() == LexiconKind::Interests && !sampled {
                continue;
            }
            train.push(Example {
                source: format!("lexicon-{}", f.language()),
                text: fields[0].to_owned(),
                labels: SensitiveSet::empty(),
                budget: false,
            });
        }
    }
}

/// Weak labels: the GermEval 2018 train tweets (German, political domain, no topic labels) that the
/// lexicon alone flags, labelled with what it flags. The model learns the words around the terms;
/// tweets the lexicon does not flag are left out (in this domain they are not reliably benign).
fn germeval_weak(
    corpora: &Path,
    lexicon: &dyn Fn(&str) -> SensitiveSet,
    train: &mut Vec<Example>,
) -> Result<(), String> {
    let path = corpora.join("germeval2018/train.txt");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    for line in text.lines() {
        let tweet = line.split('\t').next().unwrap_or_default();
        // Mentions are names, not words; |LBR| is the corpus's line break.
        let tweet: Vec<&str> = tweet
            .split_whitespace()
            .filter(|w| !w.starts_with('@') && *w != "|LBR|")
            .collect();
        let tweet = tweet.join(" ");
        let labels = lexicon(&tweet);
        if !labels.is_empty() {
            train.push(Example {
                source: "germeval-weak".into(),
                text: tweet,
                labels,
                budget: false,
            });
        }
    }
    Ok(())
}

/// HolisticBias v1.1 (CC BY-SA 4.0): its self-disclosure templates ("I'm {noun_phrase}.") filled
/// with descriptors of the axes that are a category here, and of axes that are not (age, cultural
/// generation, binary gender) as negatives. Each descriptor gets a few (template, noun) pairs chosen
/// by hash.
fn holisticbias(vocab: &Path, p: &Params, train: &mut Vec<Example>) -> Result<(), String> {
    let read = |f: &str| -> Result<serde_json::Value, String> {
        let path = vocab.join("holistic-bias").join(f);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let descriptors = read("descriptors.json")?;
    let templates: Vec<String> = read("sentence_templates.json")?
        .as_object()
        .ok_or("HolisticBias templates: not an object")?
        .keys()
        .filter(|t| t.contains("{noun_phrase}") && t.matches('{').count() == 1)
        .cloned()
        .collect();
    let mut nouns: Vec<String> = Vec::new();
    for list in read("nouns.json")?
        .as_object()
        .into_iter()
        .flat_map(|o| o.values())
    {
        for pair in list.as_array().into_iter().flatten() {
            if let Some(n) = pair.get(0).and_then(|n| n.as_str()) {
                nouns.push(n.to_owned());
            }
        }
    }
    if templates.is_empty() || nouns.is_empty() {
        return Err("HolisticBias: no templates or nouns".into());
    }
    // Axis (and bucket, where only some of an axis is a category) → category; `None` is a negative.
    let axes: &[(&str, Option<&str>, Option<SensitiveCategory>)] = &[
        ("race_ethnicity", None, Some(SensitiveCategory::Ethnicity)),
        ("nationality", None, Some(SensitiveCategory::Ethnicity)),
        ("religion", None, Some(SensitiveCategory::Religion)),
        (
            "sexual_orientation",
            None,
            Some(SensitiveCategory::SexualOrientation),
        ),
        (
            "gender_and_sex",
            Some("non_binary_or_gnc"),
            Some(SensitiveCategory::SexualOrientation),
        ),
        (
            "gender_and_sex",
            Some("queer"),
            Some(SensitiveCategory::SexualOrientation),
        ),
        ("gender_and_sex", Some("binary"), None),
        (
            "political_ideologies",
            None,
            Some(SensitiveCategory::Politics),
        ),
        ("ability", None, Some(SensitiveCategory::Health)),
        ("age", None, None),
        ("cultural", None, None),
    ];
    let per = p.int("holisticbias_per_descriptor");
    for &(axis, bucket, category) in axes {
        let value = descriptors
            .get(axis)
            .ok_or(format!("HolisticBias: no axis {axis}"))?;
        let mut words = Vec::new();
        collect(value, bucket, &mut words);
        for d in words {
            for k in 0..per {
                let h = hash(&format!("modeltrain-hb-{k}"), &d);
                let t = &templates[(h % templates.len() as u64) as usize];
                let noun = &nouns[((h >> 20) % nouns.len() as u64) as usize];
                let article = if d.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                let text = t.replace("{noun_phrase}", &format!("{article} {d} {noun}"));
                train.push(Example {
                    source: "holisticbias".into(),
                    text,
                    labels: category.into_iter().collect(),
                    budget: false,
                });
            }
        }
    }
    Ok(())
}

/// The descriptor strings of an axis value (lists of strings or of `{"descriptor": ...}` objects,
/// in buckets), only from `bucket` when given.
fn collect(v: &serde_json::Value, bucket: Option<&str>, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, None, out)),
        serde_json::Value::Object(o) => {
            if let Some(d) = o.get("descriptor").and_then(|d| d.as_str()) {
                out.push(d.to_owned());
                return;
            }
            for (k, x) in o {
                if bucket.is_none_or(|b| b == k) {
                    collect(x, None, out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chat_interests::fold;

    /// The first eight folded words: a written message that shares them with an evaluation
    /// sentence is too close to it.
    fn key(text: &str) -> String {
        fold(text)
            .split(' ')
            .filter(|w| !w.is_empty())
            .take(8)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn no_written_message_is_an_evaluation_sentence() {
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut eval = BTreeSet::new();
        for lang in ["en", "de"] {
            let path = here.join(format!("../../testdata/eval/{lang}.tsv"));
            let text = std::fs::read_to_string(path).unwrap();
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                if let Some(sentence) = line.splitn(3, '\t').nth(2) {
                    eval.insert(key(sentence));
                }
            }
        }
        assert!(eval.len() > 500, "read the evaluation sets");
        let mut close = Vec::new();
        for entry in std::fs::read_dir(here.join("data/written")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let message = line.split_once('\t').map_or(line, |(_, m)| m);
                if eval.contains(&key(message)) {
                    close.push(format!("{}: {message}", path.display()));
                }
            }
        }
        assert!(
            close.is_empty(),
            "written messages too close to evaluation sentences:\n{}",
            close.join("\n")
        );
    }
}
