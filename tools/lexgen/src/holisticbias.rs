//! HolisticBias v1.1 (CC BY-SA 4.0): identity descriptors per axis and the nouns they describe, as
//! phrases that name a group ("asian moms", "gay men", "muslim women") and, where WordNet has the
//! descriptor as a person, its plural ("asians", "mexicans").

use std::path::Path;

use crate::text::{folded_words, read};
use crate::Candidate;

/// The axes read, with the category each gives. Ability (the "slow", "crippled" descriptors are
/// everyday words or slurs) and political ideologies ("independent", "moderate parents") are left to
/// the other sources.
const AXES: &[(&str, &str)] = &[
    ("race_ethnicity", "ethnicity"),
    ("nationality", "ethnicity"),
    ("religion", "religion"),
    ("sexual_orientation", "sexual_orientation"),
];

/// Every string value inside a JSON value that is a descriptor: plain strings in lists and the
/// `"descriptor"` field of objects (a minimal reader for the file's shape: nested objects and lists).
fn descriptors(json: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = json;
    while let Some(i) = rest.find('"') {
        let after = &rest[i + 1..];
        let Some(end) = after.find('"') else { break };
        let s = &after[..end];
        let tail = after[end + 1..].trim_start();
        rest = &after[end + 1..];
        if let Some(value) = tail.strip_prefix(':') {
            let value = value.trim_start();
            // A key. Only "descriptor" keys introduce a descriptor; other keys ("preference",
            // bucket names) and their values are skipped.
            if s == "descriptor" {
                if let Some(v) = value.strip_prefix('"') {
                    if let Some(e) = v.find('"') {
                        out.push(v[..e].to_owned());
                        rest = &v[e + 1..];
                    }
                }
            } else if let Some(v) = value.strip_prefix('"') {
                // A key with a string value ("preference": "reviewed"): skip the value.
                if let Some(e) = v.find('"') {
                    rest = &v[e + 1..];
                }
            }
        } else {
            out.push(s.to_owned());
        }
    }
    out
}

/// The text of the value of the top-level key `key` of a JSON object (up to its matching brace).
fn object_value<'a>(json: &'a str, key: &str) -> &'a str {
    let at = json
        .find(&format!("\"{key}\""))
        .unwrap_or_else(|| panic!("HolisticBias has the axis {key}"));
    let open = at + json[at..].find('{').expect("an object value");
    let mut depth = 0;
    for (i, c) in json[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &json[open..=open + i];
                }
            }
            _ => {}
        }
    }
    panic!("the axis {key} is closed")
}

/// `is_person(word)`: WordNet's first sense of the word as a name or noun is a person ("Asian",
/// "Mexican"; not "black", a colour). `everyday(word)`: a frequent word that the curated identity
/// words do not already treat as an identity word ("american", "straight", "religious").
pub fn terms(
    vocab: &Path,
    is_person: &dyn Fn(&str) -> bool,
    everyday: &dyn Fn(&str) -> bool,
) -> Vec<Result<Candidate, &'static str>> {
    let dir = vocab.join("holistic-bias");
    let nouns: Vec<String> = descriptors(&read(&dir.join("nouns.json")))
        .into_iter()
        .filter(|n| !matches!(n.as_str(), "female" | "male" | "neutral"))
        .collect();
    let all = read(&dir.join("descriptors.json"));
    let mut out = Vec::new();
    for (axis, category) in AXES {
        for descriptor in descriptors(object_value(&all, axis)) {
            let provenance = format!("holisticbias:{axis}");
            let Some(d) = folded_words(&descriptor.replace('+', ""), 3) else {
                continue;
            };
            if !d.contains(' ') && everyday(&d) {
                out.push(Err("HolisticBias: a descriptor that is an everyday word"));
                continue;
            }
            for noun in &nouns {
                out.push(Ok(Candidate {
                    term: format!("{d} {noun}"),
                    category,
                    provenance: provenance.clone(),
                }));
            }
            // A regular plural only: "vietnamese" and "druze" are their own plurals.
            let regular =
                !(d.ends_with('s') || d.ends_with('e') || d.ends_with("sh") || d.ends_with("ch"));
            if !d.contains(' ') && is_person(&d) && regular {
                out.push(Ok(Candidate {
                    term: format!("{d}s"),
                    category,
                    provenance,
                }));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{descriptors, object_value};

    #[test]
    fn descriptors_are_plain_strings_and_descriptor_fields() {
        let json = r#"{"a": {"x": ["Alaska Native"], "y": [{"descriptor": "Asian", "preference": "reviewed"}]}, "b": {"z": ["gay"]}}"#;
        assert_eq!(
            descriptors(object_value(json, "a")),
            ["Alaska Native", "Asian"]
        );
        assert_eq!(descriptors(object_value(json, "b")), ["gay"]);
    }
}
