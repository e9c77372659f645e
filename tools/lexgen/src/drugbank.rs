//! The DrugBank open vocabulary (CC0 1.0): common names and synonyms of drugs.

use std::path::Path;

use crate::text::{delimited_rows, normal, read};

/// `(term, provenance)` of every DrugBank common name and synonym of one to three words of letters,
/// in file order.
pub fn names(vocab: &Path) -> Vec<(String, String)> {
    let csv = read(&vocab.join("drugbank/drugbank-vocabulary.csv"));
    let mut out = Vec::new();
    // Two header lines: generic column names, then the real ones.
    for f in delimited_rows(&csv, ';').into_iter().skip(2) {
        let (Some(id), Some(name)) = (f.first(), f.get(2)) else {
            continue;
        };
        let synonyms = f.get(5).map(String::as_str).unwrap_or_default();
        for n in std::iter::once(name.as_str()).chain(synonyms.split('|')) {
            if let Some(term) = normal(n, 3) {
                out.push((term, format!("drugbank:{id}")));
            }
        }
    }
    out
}
