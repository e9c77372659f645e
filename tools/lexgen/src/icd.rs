//! ICD-10-CM (CDC/NCHS tabular list, April 2026; US federal work, public domain): the titles and
//! inclusion terms of the chapters of diseases, symptoms and injuries.

use std::path::Path;

use crate::text::{normal, read};

/// An ICD-10-CM title or inclusion term with its qualifiers stripped, split into the conditions it
/// names ("Acromegaly and pituitary gigantism" names two).
pub fn strip_qualifiers(desc: &str, is_noun: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut s = desc.to_lowercase();
    // A parenthesis qualifies ("morbid (severe) obesity"): it goes, the rest stays.
    while let (Some(a), Some(b)) = (s.find('('), s.find(')')) {
        if b < a {
            break;
        }
        s.replace_range(a..=b, " ");
    }
    if let Some(i) = s.find('(') {
        s.truncate(i);
    }
    if let Some(i) = s.find(',') {
        s.truncate(i);
    }
    for cut in [
        " due to ",
        " with ",
        " without ",
        " in ",
        " of ",
        " following ",
        " complicating ",
        " affecting ",
        " associated ",
    ] {
        if let Some(i) = s.find(cut) {
            s.truncate(i);
        }
    }
    let parts: Vec<&str> = s.split(" and ").flat_map(|p| p.split(" or ")).collect();
    let split = parts.len() > 1;
    let mut out = Vec::new();
    for part in parts {
        let mut words: Vec<&str> = part.split_whitespace().collect();
        while words.first().is_some_and(|w| QUALIFIERS.contains(w)) {
            words.remove(0);
        }
        while words
            .last()
            .is_some_and(|w| matches!(*w, "nos" | "unspecified"))
        {
            words.pop();
        }
        // "abnormal uterine [and vaginal bleeding]": a part that ends in no noun names nothing.
        if words.is_empty() || (split && !words.last().is_some_and(|w| is_noun(w))) {
            continue;
        }
        out.push(words.join(" "));
        // "acute abdomen" is a name, and so is "abdomen"; both are kept.
        if words.len() > 1 && COURSE.contains(&words[0]) {
            out.push(words[1..].join(" "));
        }
    }
    out
}

/// Leading words that qualify a condition's course; the name is kept with and without them.
const COURSE: &[&str] = &[
    "acute",
    "chronic",
    "recurrent",
    "mild",
    "moderate",
    "severe",
];

/// Leading words that qualify a condition without naming it.
const QUALIFIERS: &[&str] = &[
    "other",
    "unspecified",
    "specified",
    "right",
    "left",
    "bilateral",
    "nos",
    "a",
    "an",
    "the",
    "initial",
    "subsequent",
];

/// `(term, provenance)` of every ICD-10-CM condition name of chapters A–U (the external causes V–Y and
/// the factors of health status Z are not conditions), in file order. A section's title cites the
/// section ("icd10cm:A00-A09"); chapter titles are headings, not names.
pub fn conditions(vocab: &Path, is_noun: &dyn Fn(&str) -> bool) -> Vec<(String, String)> {
    let xml = read(&vocab.join("icd10cm/icd10c-tabular-April-1-2026.xml"));
    let mut out = Vec::new();
    let mut code = String::new();
    let mut in_inclusion = false;
    let inner = |line: &str, tag: &str| -> Option<String> {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        let start = line.find(&open)? + open.len();
        let end = line.find(&close)?;
        Some(
            line[start..end]
                .replace("&amp;", "&")
                .replace("&apos;", "'")
                .replace("&quot;", "\""),
        )
    };
    for line in xml.lines() {
        let t = line.trim();
        if t == "<chapter>" {
            code.clear();
            continue;
        }
        if let Some(id) = t
            .strip_prefix("<section id=\"")
            .and_then(|r| r.split('"').next())
        {
            code = id.to_owned();
            continue;
        }
        if t.starts_with("<inclusionTerm>") {
            in_inclusion = true;
        } else if t.starts_with("</inclusionTerm>") {
            in_inclusion = false;
        }
        if let Some(name) = inner(t, "name") {
            code = name;
            continue;
        }
        let text = if let Some(d) = inner(t, "desc") {
            d
        } else if in_inclusion {
            match inner(t, "note") {
                Some(n) => n,
                None => continue,
            }
        } else {
            continue;
        };
        if code.is_empty() || matches!(code.as_bytes()[0], b'V' | b'W' | b'X' | b'Y' | b'Z') {
            continue;
        }
        for part in strip_qualifiers(&text, is_noun) {
            if let Some(term) = normal(&part, 3) {
                out.push((term, format!("icd10cm:{code}")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    fn strip_qualifiers(desc: &str) -> Vec<String> {
        let nouns = ["gigantism", "acromegaly", "pancreatitis", "bleeding"];
        super::strip_qualifiers(desc, &|w| nouns.contains(&w))
    }

    #[test]
    fn qualifiers_go_and_conjunctions_split() {
        assert_eq!(
            strip_qualifiers("Other specified disorders of the skin"),
            ["disorders"]
        );
        assert_eq!(
            strip_qualifiers("Acromegaly and pituitary gigantism"),
            ["acromegaly", "pituitary gigantism"]
        );
        assert_eq!(
            strip_qualifiers("Morbid (severe) obesity due to excess calories"),
            ["morbid obesity"]
        );
        assert_eq!(
            strip_qualifiers("Acute and chronic pancreatitis, unspecified"),
            ["chronic pancreatitis", "pancreatitis"]
        );
        assert_eq!(
            strip_qualifiers("Abnormal uterine and vaginal bleeding"),
            ["vaginal bleeding"]
        );
    }
}
