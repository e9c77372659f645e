//! The id types built on IAB Content Taxonomy 3.1 and the sensitive mapping ([`tree`]): an
//! [`InterestId`] only for allowed nodes, a [`Topic`] for any node.

use std::fmt;
use std::str::FromStr;

use crate::category::SensitiveCategory;
use crate::error::interest::InterestIdError;
use crate::error::parse::ParseError;

pub(crate) mod tree;

use tree::TAXONOMY;

/// The taxonomy's name and version, as IAB publishes it.
pub const TAXONOMY_VERSION: &str = "IAB Tech Lab Content Taxonomy 3.1";

/// SHA-256 of the embedded taxonomy file (`data/iab/content-taxonomy-3.1.tsv`, upstream commit
/// 6dc67c7): IAB has changed the file without changing its version, so stored profiles name both.
pub const TAXONOMY_SHA256: &str =
    "7212cdc496ba347a03e703b1932bdcdd4fd29089b058f4edeb4d3da1f1222ea7";

/// OpenRTB 2.6 / AdCOM `cattax` value for Content Taxonomy 3.1.
pub const OPENRTB_CATTAX: u32 = 9;

/// An interest: a node of IAB Content Taxonomy 3.1 that is **not** sensitive.
///
/// There is no way to make an `InterestId` for a sensitive node: the only constructors
/// ([`InterestId::new`], [`FromStr`], serde) check the node against the sensitive mapping,
/// and every ancestor of an interest is an interest too. Code that holds an `InterestId`
/// therefore holds proof that it is not sensitive.
///
/// It serializes as the IAB unique id string (`"483"`, `"JLBCU7"`).
///
/// ```
/// use chat_interests::InterestId;
/// let running = InterestId::new("227")?;
/// assert_eq!(running.name(), "Running and Jogging");
/// assert_eq!(running.tier1().name(), "Healthy Living");
/// assert!(InterestId::new("317").is_err()); // Diabetes: sensitive (health)
/// assert!(InterestId::new("no-such-id").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InterestId(u16);

impl InterestId {
    /// The interest with this IAB unique id.
    ///
    /// # Errors
    /// [`InterestIdError`] of kind [`Unknown`](crate::InterestIdErrorKind::Unknown) when the id is not
    /// in the taxonomy, [`Sensitive`](crate::InterestIdErrorKind::Sensitive) when the node is sensitive.
    pub fn new(iab_id: &str) -> Result<Self, InterestIdError> {
        let t = &*TAXONOMY;
        let idx = t
            .index(iab_id)
            .ok_or_else(|| InterestIdError::unknown(iab_id))?;
        Self::from_index(idx)
    }

    /// Position in the taxonomy (for dense per-interest tables).
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }

    /// Number of taxonomy nodes: every [`index`](Self::index) is below it.
    pub(crate) fn index_bound() -> usize {
        TAXONOMY.nodes.len()
    }

    /// A placeholder for the unused slots of fixed arrays: never read, never shown (it may not even be
    /// an allowed interest, so nothing may hand it out).
    pub(crate) const FILLER: InterestId = InterestId(0);

    pub(crate) fn from_index(idx: u16) -> Result<Self, InterestIdError> {
        let node = TAXONOMY.node(idx);
        match node.sensitive {
            None => Ok(Self(idx)),
            Some(category) => Err(InterestIdError::sensitive(node.id, node.name, category)),
        }
    }

    /// The IAB unique id, e.g. `"483"`.
    pub fn iab_id(self) -> &'static str {
        TAXONOMY.node(self.0).id
    }

    /// The node's name, e.g. `"Sports"`.
    pub fn name(self) -> &'static str {
        TAXONOMY.node(self.0).name
    }

    /// The tier (1 to 4).
    pub fn tier(self) -> u8 {
        TAXONOMY.node(self.0).tier
    }

    /// The parent interest, `None` for a tier-1 node.
    pub fn parent(self) -> Option<InterestId> {
        // The ancestors of an allowed node are allowed (rules cover whole subtrees).
        TAXONOMY.node(self.0).parent.map(InterestId)
    }

    /// The tier-1 ancestor (itself for a tier-1 node).
    pub fn tier1(self) -> InterestId {
        InterestId(TAXONOMY.tier1(self.0))
    }

    /// Whether this interest is `topic` or lies below it.
    pub fn is_within(self, topic: Topic) -> bool {
        TAXONOMY.is_within(self.0, topic.0)
    }

    /// Every allowed interest, in taxonomy file order.
    pub fn all() -> impl Iterator<Item = InterestId> {
        (0..TAXONOMY.nodes.len() as u16).filter_map(|i| Self::from_index(i).ok())
    }
}

impl fmt::Debug for InterestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InterestId({} {:?})", self.iab_id(), self.name())
    }
}

impl fmt::Display for InterestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.iab_id())
    }
}

impl FromStr for InterestId {
    type Err = InterestIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

crate::util::serde_str::serde_via_str!(InterestId);

/// Any node of the taxonomy, sensitive or not: what a person or a policy can hide, with its whole subtree.
///
/// ```
/// use chat_interests::{InterestId, Topic};
/// let sports = Topic::new("483")?;
/// assert!(InterestId::new("547")?.is_within(sports)); // Basketball
/// assert_eq!(Topic::new("317")?.sensitive().map(|c| c.name()), Some("health"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Topic(u16);

impl Topic {
    /// The node with this IAB unique id.
    ///
    /// # Errors
    /// [`ParseError`] when the id is not in the taxonomy.
    pub fn new(iab_id: &str) -> Result<Self, ParseError> {
        TAXONOMY.index(iab_id).map(Self).ok_or_else(|| {
            ParseError::new("IAB Content Taxonomy 3.1 id", iab_id).with_hint("no such node")
        })
    }

    /// The IAB unique id.
    pub fn iab_id(self) -> &'static str {
        TAXONOMY.node(self.0).id
    }

    /// The node's name.
    pub fn name(self) -> &'static str {
        TAXONOMY.node(self.0).name
    }

    /// The tier (1 to 4).
    pub fn tier(self) -> u8 {
        TAXONOMY.node(self.0).tier
    }

    /// The parent node, `None` for tier 1.
    pub fn parent(self) -> Option<Topic> {
        TAXONOMY.node(self.0).parent.map(Topic)
    }

    /// The sensitive category of this node, `None` when it is an allowed interest.
    pub fn sensitive(self) -> Option<SensitiveCategory> {
        TAXONOMY.node(self.0).sensitive
    }

    /// The interest for this node, `None` when it is sensitive.
    pub fn interest(self) -> Option<InterestId> {
        InterestId::from_index(self.0).ok()
    }

    /// Every node, in taxonomy file order.
    pub fn all() -> impl Iterator<Item = Topic> {
        (0..TAXONOMY.nodes.len() as u16).map(Topic)
    }
}

impl From<InterestId> for Topic {
    fn from(id: InterestId) -> Self {
        Topic(id.0)
    }
}

impl fmt::Debug for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Topic({} {:?})", self.iab_id(), self.name())
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.iab_id())
    }
}

impl FromStr for Topic {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

crate::util::serde_str::serde_via_str!(Topic);

#[cfg(test)]
mod tests {
    use super::*;
    use SensitiveCategory as C;

    fn cat(id: &str) -> Option<SensitiveCategory> {
        Topic::new(id).unwrap().sensitive()
    }

    #[test]
    fn whole_taxonomy_is_loaded_and_consistent() {
        let t = &*TAXONOMY;
        assert_eq!(t.nodes.len(), 704);
        assert_eq!(t.nodes.iter().filter(|n| n.tier == 1).count(), 37);
        for n in &t.nodes {
            if let Some(p) = n.parent {
                assert_eq!(t.node(p).tier + 1, n.tier, "{}", n.id);
            } else {
                assert_eq!(n.tier, 1);
            }
        }
    }

    #[test]
    fn tiers_follow_the_parent_column() {
        let t = &*TAXONOMY;
        let mut disagree = Vec::new();
        for line in crate::data::TAXONOMY.text.lines().skip(2) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let columns_tier = cols[3..7].iter().filter(|c| !c.is_empty()).count() as u8;
            let node = t.node(t.index(cols[0]).unwrap());
            if node.tier != columns_tier {
                disagree.push(node.id);
            }
        }
        assert_eq!(disagree, ["376", "497"]);
    }

    #[test]
    fn every_node_is_an_interest_or_sensitive() {
        for topic in Topic::all() {
            assert_eq!(topic.interest().is_some(), topic.sensitive().is_none());
        }
    }

    #[test]
    fn rule_medical_health_subtree() {
        for id in [
            "286", "287", "317", "301", "314", "305", "320", "322", "321", "319",
        ] {
            assert_eq!(cat(id), Some(C::Health), "{id}");
        }
    }

    #[test]
    fn rule_religion_subtree_with_beliefs_overrides() {
        for id in [
            "453", "458", "459", "460", "461", "462", "463", "455", "456",
        ] {
            assert_eq!(cat(id), Some(C::Religion), "{id}");
        }
        assert_eq!(cat("457"), Some(C::PhilosophicalBeliefs));
        assert_eq!(cat("454"), Some(C::PhilosophicalBeliefs));
        assert_eq!(cat("361"), Some(C::Religion));
    }

    #[test]
    fn rule_politics_subtree() {
        for id in ["386", "8YPBBL", "387", "388", "Z7rJBM"] {
            assert_eq!(cat(id), Some(C::Politics), "{id}");
        }
    }

    #[test]
    fn rule_health_nodes_outside_medical_health() {
        for id in [
            "224", "228", "230", "231", "233", "234", "235", "236", "237", "238", "399", "199",
            "494", "pg0WhF",
        ] {
            assert_eq!(cat(id), Some(C::Health), "{id}");
        }
        // The rest of Healthy Living stays an interest.
        for id in ["223", "225", "226", "227", "229", "232"] {
            assert!(InterestId::new(id).is_ok(), "{id}");
        }
    }

    #[test]
    fn rule_wider_categories() {
        for id in [
            "187", "189", "171", "393", "394", "395", "405", "406", "409",
        ] {
            assert_eq!(cat(id), Some(C::PersonalHardship), "{id}");
        }
        assert_eq!(cat("MQ2XML"), Some(C::SexLife));
        assert_eq!(cat("Rm3SiT"), Some(C::SexLife));
        assert_eq!(cat("XtODT3"), Some(C::CriminalRecord));
        for id in ["v9i3On", "avbNf2", "HxqYV1", "8FD8nI"] {
            assert_eq!(cat(id), Some(C::BrandSafety), "{id}");
        }
    }

    #[test]
    fn scd_hint_is_not_our_list() {
        // IAB flags these SCD; they are ordinary interests here.
        for id in ["429", "518", "277", "209"] {
            assert!(InterestId::new(id).is_ok(), "{id}");
        }
    }

    #[test]
    fn every_tier1_outside_sensitive_subtrees_is_an_interest() {
        let allowed = InterestId::all().filter(|i| i.tier() == 1).count();
        assert_eq!(allowed, 33);
    }

    #[test]
    fn ancestors_of_interests_are_interests() {
        for id in InterestId::all() {
            let mut cur = Topic::from(id).parent();
            while let Some(p) = cur {
                assert!(p.interest().is_some(), "{id:?}");
                cur = p.parent();
            }
        }
    }

    #[test]
    fn serde_rejects_sensitive_and_unknown() {
        assert!(serde_json::from_str::<InterestId>("\"483\"").is_ok());
        assert!(serde_json::from_str::<InterestId>("\"317\"").is_err());
        assert!(serde_json::from_str::<InterestId>("\"999999\"").is_err());
        assert!(serde_json::from_str::<Topic>("\"317\"").is_ok());
    }
}
