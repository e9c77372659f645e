//! The IAB Audience Taxonomy 1.1 data the crate's OpenRTB export needs, made from the upstream file:
//!
//! ```text
//! cargo run -p lexgen -- audience ../shared/reference/iab/audience-taxonomy-1.1.tsv [--check]
//! ```
//!
//! - `data/iab/audience-taxonomy-1.1-interest.tsv`: the "Interest" subtree of the upstream file (497
//!   nodes), as id, parent and name (the last non-empty tier column), in upstream order.
//! - `data/iab/content-3.1-to-audience-1.1.tsv`: this crate's mapping from Content Taxonomy 3.1 to
//!   those nodes. Rows with rule `name` are generated here: the names are equal and the two nodes
//!   sit under comparable sections ([`COMPARABLE`]), neither node is sensitive (the crate's
//!   `sensitive-nodes.tsv` and `audience-1.1-sensitive-nodes.tsv`). Rows with rule `reviewed: <why>`
//!   are hand decisions, kept from the committed file as they are; a content id with a reviewed row
//!   gets no name row.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::text::read;

pub const INTEREST_OUTPUT: &str = "data/iab/audience-taxonomy-1.1-interest.tsv";
pub const MAPPING_OUTPUT: &str = "data/iab/content-3.1-to-audience-1.1.tsv";
const SENSITIVE: &str = "data/iab/audience-1.1-sensitive-nodes.tsv";
const CONTENT: &str = "data/iab/content-taxonomy-3.1.tsv";
/// The root of the Interest subtree.
const INTEREST_ROOT: &str = "206";

/// Audience sections (the children of "Interest") and the Content 3.1 tier-1 nodes they correspond
/// to when the names differ: Content 3.1 moved movies, music and television under Entertainment,
/// and the academic subjects are Science and Education there. Equal names always correspond.
const COMPARABLE: &[(&str, &str)] = &[
    ("Movies", "Entertainment"),
    ("Music and Audio", "Entertainment"),
    ("Television", "Entertainment"),
    ("Academic Interests", "Science"),
    ("Academic Interests", "Education"),
];

struct Node {
    id: String,
    parent: String,
    name: String,
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// The Interest subtree of the upstream file (a leading empty column, then Unique ID, Parent ID,
/// Condensed Name, Tier 1..6, Extension Notes).
fn interest_nodes(upstream: &str) -> Vec<Node> {
    let mut nodes = Vec::new();
    for cols in rows(upstream).skip(1) {
        assert!(cols.len() >= 10, "upstream row with {} columns", cols.len());
        if cols[4] != "Interest" {
            continue;
        }
        let name = cols[4..10].iter().rev().find(|c| !c.is_empty()).unwrap();
        nodes.push(Node {
            id: cols[1].to_owned(),
            parent: cols[2].to_owned(),
            name: (*name).to_owned(),
        });
    }
    let ids: BTreeSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    for n in &nodes {
        assert!(
            n.id == INTEREST_ROOT || ids.contains(n.parent.as_str()),
            "Interest node {} has its parent {} outside the subtree",
            n.id,
            n.parent
        );
    }
    nodes
}

/// The node's section: the ancestor just below the root (itself for a section; the root for the root).
fn section<'a>(nodes: &'a BTreeMap<&str, &Node>, mut id: &'a str, root: &str) -> &'a str {
    while let Some(n) = nodes.get(id) {
        if n.parent == root || n.parent.is_empty() {
            return &n.name;
        }
        id = &n.parent;
    }
    panic!("{id}: not in the tree")
}

/// The nodes under a `subtree` rule of the sensitive list.
fn sensitive_audience(repo: &Path, nodes: &[Node]) -> BTreeSet<String> {
    let rules: BTreeSet<String> = rows(&read(&repo.join(SENSITIVE)))
        .map(|c| c[0].to_owned())
        .collect();
    let by_id: BTreeMap<&str, &Node> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    nodes
        .iter()
        .filter(|n| {
            let mut cur = Some(n.id.as_str());
            while let Some(c) = cur {
                if rules.contains(c) {
                    return true;
                }
                cur = by_id.get(c).map(|p| p.parent.as_str());
            }
            false
        })
        .map(|n| n.id.clone())
        .collect()
}

/// The two generated files: `(path, text)`.
pub fn generate(upstream: &Path, repo: &Path) -> Vec<(&'static str, String)> {
    let nodes = interest_nodes(&read(upstream));
    let mut interest = String::from(
        "# IAB Tech Lab Audience Taxonomy 1.1, the \"Interest\" subtree, (c) IAB Technology Laboratory, Inc.,\n\
         # Creative Commons Attribution 3.0 (CC BY 3.0, https://creativecommons.org/licenses/by/3.0/).\n\
         # Derived from IAB's audience-taxonomy-1.1.tsv (1,558 nodes) by `cargo run -p lexgen -- audience\n\
         # <that file>` (tools/lexgen/src/audience.rs): its rows whose Tier 1 is Interest, with the Unique ID,\n\
         # the Parent ID and the node's own name (its last non-empty tier column); nothing else changed.\n\
         # Do not edit: CI regenerates and compares.\n\
         # Columns: audience_id <TAB> parent_id (empty for the root) <TAB> name\n",
    );
    for n in &nodes {
        writeln!(interest, "{}\t{}\t{}", n.id, n.parent, n.name).unwrap();
    }
    let sensitive = sensitive_audience(repo, &nodes);
    let audience: BTreeMap<&str, &Node> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let content: Vec<Node> = rows(&read(&repo.join(CONTENT)))
        .skip(2)
        .map(|c| Node {
            id: c[0].to_owned(),
            parent: c[1].to_owned(),
            name: c[2].to_owned(),
        })
        .collect();
    let content_by_id: BTreeMap<&str, &Node> = content.iter().map(|n| (n.id.as_str(), n)).collect();
    let mapping_path = repo.join(MAPPING_OUTPUT);
    let committed = std::fs::read_to_string(&mapping_path).unwrap_or_default();
    let reviewed: BTreeMap<String, String> = rows(&committed)
        .filter(|c| c.len() == 3 && c[2].starts_with("reviewed:"))
        .map(|c| (c[0].to_owned(), format!("{}\t{}", c[1], c[2])))
        .collect();
    let comparable = |a: &str, c: &str| a == c || COMPARABLE.contains(&(a, c));
    let mut out = Vec::new();
    let (mut by_name, mut by_hand) = (0, 0);
    for c in &content {
        if let Some(row) = reviewed.get(&c.id) {
            out.push(format!("{}\t{row}", c.id));
            by_hand += 1;
            continue;
        }
        let topic = chat_interests::Topic::new(&c.id).expect("a Content 3.1 id");
        if topic.sensitive().is_some() {
            continue;
        }
        let tier1 = section(&content_by_id, &c.id, "");
        let candidates: Vec<&Node> = nodes
            .iter()
            .filter(|a| a.name == c.name && a.id != INTEREST_ROOT && !sensitive.contains(&a.id))
            .filter(|a| comparable(section(&audience, &a.id, INTEREST_ROOT), tier1))
            .collect();
        // Two candidates (Language Learning under Education and under Academic Interests): the one
        // whose section has the content node's tier-1 name.
        let chosen: Vec<&&Node> = if candidates.len() > 1 {
            candidates
                .iter()
                .filter(|a| section(&audience, &a.id, INTEREST_ROOT) == tier1)
                .collect()
        } else {
            candidates.iter().collect()
        };
        match chosen.as_slice() {
            [] => {}
            [a] => {
                out.push(format!("{}\t{}\tname", c.id, a.id));
                by_name += 1;
            }
            _ => panic!(
                "content {} {:?} matches several Audience nodes by name: add a reviewed row",
                c.id, c.name
            ),
        }
    }
    let mut mapping = format!(
        "# This crate's mapping from IAB Content Taxonomy 3.1 to IAB Audience Taxonomy 1.1 \"Interest\" nodes\n\
         # (MIT OR Apache-2.0; node ids from the two taxonomies, (c) IAB Technology Laboratory, Inc., CC BY 3.0).\n\
         # IAB publishes no such mapping. Made by `cargo run -p lexgen -- audience <audience-taxonomy-1.1.tsv>`\n\
         # (tools/lexgen/src/audience.rs): rule `name` rows are generated (the same name under comparable\n\
         # sections, neither node sensitive); rule `reviewed: <why>` rows are hand decisions, kept as they are\n\
         # and edited here. A content node without a row has no Audience segment. CI regenerates and compares.\n\
         # {by_name} rows by name, {by_hand} reviewed.\n\
         # Columns: content_id <TAB> audience_id <TAB> rule\n"
    );
    for row in out {
        mapping.push_str(&row);
        mapping.push('\n');
    }
    vec![(INTEREST_OUTPUT, interest), (MAPPING_OUTPUT, mapping)]
}
