//! The taxonomy tree: IAB Content Taxonomy 3.1 (`data/iab/content-taxonomy-3.1.tsv`) with each node's
//! sensitive category from `data/sensitive-nodes.tsv`, parsed and validated once on first use.

use std::collections::HashMap;

use once_cell::sync::Lazy;

use crate::category::SensitiveCategory;
use crate::data::{DataFile, SENSITIVE_NODES, TAXONOMY as TAXONOMY_FILE};
use crate::util::hash::FxHashMap;
use crate::util::tsv::{self, TsvError};

#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) parent: Option<u16>,
    pub(crate) tier: u8,
    pub(crate) sensitive: Option<SensitiveCategory>,
}

#[derive(Debug)]
pub(crate) struct Taxonomy {
    pub(crate) nodes: Vec<Node>,
    by_id: FxHashMap<&'static str, u16>,
    /// How many sensitive rules were read.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) rules: usize,
}

/// The shipped taxonomy. Both files are checked by the data integrity test, so this never panics.
pub(crate) static TAXONOMY: Lazy<Taxonomy> = Lazy::new(|| {
    Taxonomy::load(&TAXONOMY_FILE, &SENSITIVE_NODES)
        .expect("the shipped taxonomy and sensitive mapping are valid (tested)")
});

/// The sensitive rules of `file` (id, scope, category, why) for the nodes `index` knows, strictly.
/// Shared by the Content taxonomy and the Audience taxonomy of the export.
pub(crate) fn subtree_rules(
    file: &DataFile,
    index: impl Fn(&str) -> Option<u16>,
) -> Result<HashMap<u16, SensitiveCategory>, TsvError> {
    let mut rules = HashMap::new();
    for r in tsv::records(file.name, file.text, file.header_lines) {
        let r = r?;
        let [id, scope, _, _why] = r.exactly::<4>()?;
        let idx = index(id).ok_or_else(|| r.error(Some(0), format!("unknown id {id}")))?;
        let category: SensitiveCategory = r.parse(2)?;
        // Whole subtrees only: a rule on one node would leave sensitive children under an allowed
        // parent or allowed children under a sensitive one, and the ancestors of an interest must
        // be interests.
        if scope != "subtree" {
            return Err(r.error(Some(1), "scope must be `subtree`"));
        }
        if rules.insert(idx, category).is_some() {
            return Err(r.error(Some(0), format!("duplicate rule for {id}")));
        }
    }
    Ok(rules)
}

/// Per node (given by its parent), the category of the nearest rule on its path to the root.
pub(crate) fn nearest_rules(
    parents: &[Option<u16>],
    rules: &HashMap<u16, SensitiveCategory>,
) -> Vec<Option<SensitiveCategory>> {
    (0..parents.len())
        .map(|i| {
            let mut cur = Some(i as u16);
            while let Some(c) = cur {
                if let Some(category) = rules.get(&c) {
                    return Some(*category);
                }
                cur = parents[c as usize];
            }
            None
        })
        .collect()
}

impl Taxonomy {
    /// Reads the taxonomy `tree` and the sensitive rules `sensitive`, strictly: every line is a node or
    /// a rule, or an error naming its file, line and column.
    pub(crate) fn load(tree: &DataFile, sensitive: &DataFile) -> Result<Self, TsvError> {
        let mut nodes = Vec::new();
        let mut by_id = FxHashMap::default();
        let mut parents = Vec::new();
        for r in tsv::records(tree.name, tree.text, tree.header_lines) {
            let r = r?;
            // Unique ID, Parent, Name, Tier 1..4, Extension (often empty at the end of the line).
            let cols = r.fields();
            if cols.len() < 7 {
                return Err(r.error(None, format!("{} columns, expected 7 or 8", cols.len())));
            }
            let (id, parent, name) = (cols[0], cols[1], cols[2]);
            if id.is_empty() || name.is_empty() {
                return Err(r.error(None, "empty id or name"));
            }
            // Provisional: the tier columns; replaced by the depth along the Parent column below.
            let tier = cols[3..7].iter().filter(|c| !c.is_empty()).count() as u8;
            if by_id.insert(id, nodes.len() as u16).is_some() {
                return Err(r.error(Some(0), format!("duplicate id {id}")));
            }
            parents.push((parent, r));
            nodes.push(Node {
                id,
                name,
                parent: None,
                tier,
                sensitive: None,
            });
        }
        // The Parent column is authoritative (IAB's "Relational ID System"); two nodes' tier columns
        // disagree with it (376 Public Radio, 497 Horse Racing), so tiers are computed from parents.
        for (i, (parent, r)) in parents.iter().enumerate() {
            if parent.is_empty() {
                if nodes[i].tier != 1 {
                    return Err(r.error(Some(1), "root node is not tier 1"));
                }
                continue;
            }
            let p = *by_id
                .get(parent)
                .ok_or_else(|| r.error(Some(1), format!("unknown parent {parent}")))?;
            nodes[i].parent = Some(p);
        }
        for i in 0..nodes.len() {
            let mut depth = 1u8;
            let mut cur = nodes[i].parent;
            while let Some(p) = cur {
                depth += 1;
                if depth > 4 {
                    return Err(parents[i]
                        .1
                        .error(Some(1), "deeper than tier 4 or in a cycle"));
                }
                cur = nodes[p as usize].parent;
            }
            nodes[i].tier = depth;
        }
        let rules = subtree_rules(sensitive, |id| by_id.get(id).copied())?;
        let parents: Vec<Option<u16>> = nodes.iter().map(|n| n.parent).collect();
        for (node, category) in nodes.iter_mut().zip(nearest_rules(&parents, &rules)) {
            node.sensitive = category;
        }
        let rules = rules.len();
        Ok(Self {
            nodes,
            by_id,
            rules,
        })
    }

    pub(crate) fn index(&self, id: &str) -> Option<u16> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn node(&self, idx: u16) -> &Node {
        &self.nodes[idx as usize]
    }

    /// Whether `idx` is `ancestor` or lies below it.
    pub(crate) fn is_within(&self, idx: u16, ancestor: u16) -> bool {
        let mut cur = Some(idx);
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            cur = self.node(c).parent;
        }
        false
    }

    pub(crate) fn tier1(&self, mut idx: u16) -> u16 {
        while let Some(p) = self.node(idx).parent {
            idx = p;
        }
        idx
    }
}
