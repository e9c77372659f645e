//! The one reader of the labelled evaluation set (`testdata/eval/{en,de}.tsv`), std only, so that the
//! crate's unit tests, the integration tests and the `eval` example share it through `#[path]`.
//!
//! Lines: `kind<TAB>label<TAB>text`; kind `sensitive` (label: category), `benign` or `trap` (label:
//! expected IAB tier-1 id); `#` comments and blank lines are skipped. A malformed line panics with its
//! file and line: this is test data, and a silently skipped case would change the figures.

#![allow(dead_code)]

/// The two sets: language code and text.
pub const SETS: [(&str, &str); 2] = [
    ("en", include_str!("eval/en.tsv")),
    ("de", include_str!("eval/de.tsv")),
];

/// One labelled message.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// `en` or `de`.
    pub lang: &'static str,
    /// 1-based line in its file.
    pub line: usize,
    /// `sensitive`, `benign` or `trap`.
    pub kind: &'static str,
    /// The category (sensitive) or the expected tier-1 id (benign, trap).
    pub label: &'static str,
    pub text: &'static str,
}

/// Every row of both sets, English first, in file order.
pub fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    for (lang, text) in SETS {
        for (n, l) in text.lines().enumerate() {
            if l.starts_with('#') || l.trim().is_empty() {
                continue;
            }
            let mut cols = l.splitn(3, '\t');
            let (Some(kind), Some(label), Some(text)) = (cols.next(), cols.next(), cols.next())
            else {
                panic!(
                    "testdata/eval/{lang}.tsv line {}: 3 columns expected",
                    n + 1
                )
            };
            assert!(
                matches!(kind, "sensitive" | "benign" | "trap"),
                "testdata/eval/{lang}.tsv line {}: unknown kind {kind}",
                n + 1
            );
            out.push(Row {
                lang,
                line: n + 1,
                kind,
                label,
                text,
            });
        }
    }
    out
}
