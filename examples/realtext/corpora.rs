//! The labelled real corpora of `../shared/corpora`, read into items with a fixed split, and what
//! each label must give (`testdata/realtext/expectations.tsv`).
//!
//! Shared by `examples/realtext` (which counts dev and test) and `tools/modeltrain` (which trains on
//! train and picks thresholds on dev), so both read the same items with the same split.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use chat_interests::{Language, SensitiveCategory};

const EXPECTATIONS: &str = include_str!("../../testdata/realtext/expectations.tsv");

/// What the crate must say of an item.
#[derive(Debug, Clone)]
pub enum Expect {
    Sensitive(Vec<SensitiveCategory>),
    Tier1(Vec<String>),
    Benign,
    Nothing,
}

pub fn parse_expect(s: &str) -> Expect {
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
pub fn expectations() -> BTreeMap<(String, String), Expect> {
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

/// Train is for `tools/modeltrain` alone; dev misses may be read; test is only ever counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Split {
    Train,
    Dev,
    Test,
}

/// One labelled text of a corpus.
pub struct Item {
    pub corpus: &'static str,
    pub lang: Language,
    pub split: Split,
    pub label: String,
    pub text: String,
}

impl Item {
    /// What the item must give; `None` when the expectations have no line for it (an error).
    pub fn expect<'a>(&self, e: &'a BTreeMap<(String, String), Expect>) -> Option<&'a Expect> {
        e.get(&(self.corpus.to_owned(), self.label.clone()))
            .or_else(|| e.get(&(self.corpus.to_owned(), "*".to_owned())))
    }
}

/// FNV-1a of the seed and the text: the fixed split of corpora that have none of their own.
fn hashed_split(text: &str) -> Split {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in "chat-interests-split-v1".bytes().chain(text.bytes()) {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    // Odd is test (as before train was split off); of the even half, one half trains.
    match h % 4 {
        0 => Split::Train,
        2 => Split::Dev,
        _ => Split::Test,
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

pub fn load(dir: &Path) -> Vec<Item> {
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
    // SIB-200: its own train, dev and test files. The 14-label set shares sentences with the 7-label
    // one (whose German set is the same sentences by index id). Test and dev stay as they were before
    // train was read: a shared dev or test sentence takes the 7-label set's split; a 14-label train
    // sentence that is a 7-label dev or test sentence is dropped; a 7-label train sentence (English and
    // German) that is a 14-label dev or test sentence is dropped, so nothing held out is trained on.
    let files = [
        (Split::Train, "train.tsv"),
        (Split::Dev, "dev.tsv"),
        (Split::Test, "test.tsv"),
    ];
    let rows = |folder: &str| -> Vec<(Split, String, String, String)> {
        let mut rows = Vec::new();
        for (split, file) in files {
            for line in read(&dir.join(folder).join(file)).lines().skip(1) {
                if let [id, label, text] = line.splitn(3, '\t').collect::<Vec<_>>()[..] {
                    rows.push((split, id.to_owned(), label.to_owned(), text.to_owned()));
                }
            }
        }
        rows
    };
    let (en, de, en14) = (
        rows("sib200/eng_Latn"),
        rows("sib200/deu_Latn"),
        rows("sib200/eng_14"),
    );
    let en_split: BTreeMap<&str, (Split, &str)> = en
        .iter()
        .map(|(s, id, _, t)| (t.as_str(), (*s, id.as_str())))
        .collect();
    let mut held_ids = std::collections::BTreeSet::new();
    let mut en14_items = Vec::new();
    for (split, _, label, text) in &en14 {
        let split = match en_split.get(text.as_str()) {
            None => *split,
            Some(&(Split::Train, id)) if *split != Split::Train => {
                held_ids.insert(id);
                *split
            }
            Some(&(s, _)) if *split == Split::Train && s != Split::Train => continue,
            Some(&(s, _)) => s,
        };
        en14_items.push((split, label, text));
    }
    for (corpus, lang, set) in [
        ("sib200-en", Language::English, &en),
        ("sib200-de", Language::German, &de),
    ] {
        for (split, id, label, text) in set {
            if !(*split == Split::Train && held_ids.contains(id.as_str())) {
                push(corpus, lang, *split, label, text);
            }
        }
    }
    for (split, label, text) in en14_items {
        push("sib200-en14", Language::English, split, label, text);
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
