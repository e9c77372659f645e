//! IAB Audience Taxonomy 1.1, its "Interest" subtree (`data/iab/audience-taxonomy-1.1-interest.tsv`),
//! with each node's sensitive category (`data/iab/audience-1.1-sensitive-nodes.tsv`), and the
//! [`AudienceId`] that can only name an allowed node.

use std::fmt;
use std::str::FromStr;

use once_cell::sync::Lazy;

use crate::category::SensitiveCategory;
use crate::data::{DataFile, AUDIENCE_SENSITIVE_NODES, AUDIENCE_TAXONOMY};
use crate::error::audience::AudienceIdError;
use crate::taxonomy::tree::{nearest_rules, subtree_rules};
use crate::util::hash::FxHashMap;
use crate::util::tsv::{self, TsvError};

/// The id of the subtree's root, "Interest".
const ROOT: &str = "206";
/// The upstream taxonomy has six tiers; "Interest" is the first.
const MAX_DEPTH: u8 = 6;

#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) parent: Option<u16>,
    pub(crate) sensitive: Option<SensitiveCategory>,
}

#[derive(Debug)]
pub(crate) struct AudienceTree {
    pub(crate) nodes: Vec<Node>,
    by_id: FxHashMap<&'static str, u16>,
    /// How many sensitive rules were read.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) rules: usize,
}

/// The shipped tree; both files are checked by the integrity tests, so this never panics.
pub(crate) static AUDIENCE: Lazy<AudienceTree> = Lazy::new(|| {
    AudienceTree::load(&AUDIENCE_TAXONOMY, &AUDIENCE_SENSITIVE_NODES)
        .expect("the shipped Audience taxonomy and its sensitive list are valid (tested)")
});

impl AudienceTree {
    /// Reads the subtree `tree` (id, parent, name) and the sensitive rules `sensitive`, strictly.
    pub(crate) fn load(tree: &DataFile, sensitive: &DataFile) -> Result<Self, TsvError> {
        let mut nodes: Vec<Node> = Vec::new();
        let mut by_id = FxHashMap::default();
        for r in tsv::records(tree.name, tree.text, tree.header_lines) {
            let r = r?;
            let [id, parent, name] = r.exactly::<3>()?;
            if id.is_empty() || name.is_empty() {
                return Err(r.error(None, "empty id or name"));
            }
            // Parents come before their children in the file, so a parent is known when read.
            let parent = match (parent.is_empty(), id == ROOT) {
                (true, true) => None,
                (false, false) => Some(
                    *by_id
                        .get(parent)
                        .ok_or_else(|| r.error(Some(1), format!("unknown parent {parent}")))?,
                ),
                _ => return Err(r.error(Some(1), format!("only {ROOT} (Interest) is the root"))),
            };
            if by_id.insert(id, nodes.len() as u16).is_some() {
                return Err(r.error(Some(0), format!("duplicate id {id}")));
            }
            let mut depth = 1u8;
            let mut cur = parent;
            while let Some(p) = cur {
                depth += 1;
                cur = nodes[p as usize].parent;
            }
            if depth > MAX_DEPTH {
                return Err(r.error(Some(1), "deeper than tier 6"));
            }
            nodes.push(Node {
                id,
                name,
                parent,
                sensitive: None,
            });
        }
        let rules = subtree_rules(sensitive, |id| by_id.get(id).copied())?;
        let parents: Vec<Option<u16>> = nodes.iter().map(|n| n.parent).collect();
        for (node, category) in nodes.iter_mut().zip(nearest_rules(&parents, &rules)) {
            node.sensitive = category;
        }
        Ok(Self {
            nodes,
            by_id,
            rules: rules.len(),
        })
    }

    pub(crate) fn index(&self, id: &str) -> Option<u16> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn node(&self, idx: u16) -> &Node {
        &self.nodes[idx as usize]
    }
}

/// An IAB Audience Taxonomy 1.1 "Interest" node that is **not** sensitive: what a `segtax: 4`
/// segment may name.
///
/// Like [`InterestId`](crate::InterestId), there is no way to make one for a sensitive node
/// (Medical Health; Pharmaceuticals, Conditions, and Symptoms; News and Politics; religious music;
/// the health nodes of Healthy Living; … — `data/iab/audience-1.1-sensitive-nodes.tsv`), nor for an
/// id outside the Interest subtree: [`AudienceId::new`], [`FromStr`] and serde all check. It
/// serializes as the IAB id string.
///
/// ```
/// use chat_interests::{AudienceId, InterestId};
/// let soccer = AudienceId::new("663")?;
/// assert_eq!(soccer.name(), "Soccer");
/// assert!(AudienceId::new("550").is_err()); // Pharmaceuticals, Conditions, and Symptoms
/// assert!(AudienceId::new("529").is_err()); // Politics (under News and Politics)
/// assert!(AudienceId::new("3").is_err());   // Demographic | Age Range: not an Interest node
/// assert_eq!(AudienceId::for_interest(InterestId::new("533")?), Some(soccer)); // Content 3.1 Soccer
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AudienceId(u16);

impl AudienceId {
    /// The node with this IAB Audience 1.1 id.
    ///
    /// # Errors
    /// [`AudienceIdError`] of kind [`Unknown`](crate::AudienceIdErrorKind::Unknown) when the id is no
    /// Interest node, [`Sensitive`](crate::AudienceIdErrorKind::Sensitive) when the node is sensitive.
    pub fn new(iab_id: &str) -> Result<Self, AudienceIdError> {
        let idx = AUDIENCE
            .index(iab_id)
            .ok_or_else(|| AudienceIdError::unknown(iab_id))?;
        Self::from_index(idx)
    }

    pub(crate) fn from_index(idx: u16) -> Result<Self, AudienceIdError> {
        let node = AUDIENCE.node(idx);
        match node.sensitive {
            None => Ok(Self(idx)),
            Some(category) => Err(AudienceIdError::sensitive(node.id, node.name, category)),
        }
    }

    /// The IAB Audience 1.1 id, e.g. `"663"`.
    pub fn iab_id(self) -> &'static str {
        AUDIENCE.node(self.0).id
    }

    /// The node's name, e.g. `"Soccer"`.
    pub fn name(self) -> &'static str {
        AUDIENCE.node(self.0).name
    }

    /// The parent node, `None` for the root "Interest" (the parents of an allowed node are allowed:
    /// the sensitive rules cover whole subtrees).
    pub fn parent(self) -> Option<AudienceId> {
        AUDIENCE.node(self.0).parent.map(AudienceId)
    }

    /// Every allowed Interest node, in file order.
    pub fn all() -> impl Iterator<Item = AudienceId> {
        (0..AUDIENCE.nodes.len() as u16).filter_map(|i| Self::from_index(i).ok())
    }

    /// The Audience segment this crate maps a Content 3.1 interest to
    /// (`data/iab/content-3.1-to-audience-1.1.tsv`), `None` when it has none.
    pub fn for_interest(interest: crate::taxonomy::InterestId) -> Option<AudienceId> {
        super::mapping::audience_of(interest)
    }
}

impl fmt::Debug for AudienceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AudienceId({} {:?})", self.iab_id(), self.name())
    }
}

impl fmt::Display for AudienceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.iab_id())
    }
}

impl FromStr for AudienceId {
    type Err = AudienceIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

crate::util::serde_str::serde_via_str!(AudienceId);
