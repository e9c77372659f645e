//! The Audience data, checked whole: the Interest subtree and its sensitive list load with one
//! record per data line, the mapping names only allowed nodes on both sides, once per content id,
//! and its strict loader refuses every kind of bad row.

use super::audience::{AudienceId, AudienceTree, AUDIENCE};
use super::mapping::{Mapping, Rule, MAPPING};
use crate::category::SensitiveCategory as C;
use crate::data::{self, DataFile};
use crate::taxonomy::{InterestId, Topic};
use crate::util::tsv::record_lines;

fn lines(f: &DataFile) -> usize {
    record_lines(f.text, f.header_lines)
}

#[test]
fn the_interest_subtree_and_its_sensitive_list_load_whole() {
    let t = AudienceTree::load(&data::AUDIENCE_TAXONOMY, &data::AUDIENCE_SENSITIVE_NODES).unwrap();
    assert_eq!(t.nodes.len(), lines(&data::AUDIENCE_TAXONOMY));
    assert_eq!(t.nodes.len(), 497);
    assert_eq!(t.rules, lines(&data::AUDIENCE_SENSITIVE_NODES));
    // One root, and every other node reaches it.
    assert_eq!(t.nodes.iter().filter(|n| n.parent.is_none()).count(), 1);
    assert_eq!(t.node(t.index("206").unwrap()).name, "Interest");
}

#[test]
fn the_named_sensitive_nodes_are_sensitive_with_their_category() {
    let cat = |id: &str| AUDIENCE.node(AUDIENCE.index(id).unwrap()).sensitive;
    for (id, category) in [
        ("466", C::Health),   // Medical Health
        ("550", C::Health),   // Pharmaceuticals, Conditions, and Symptoms
        ("551", C::Health),   // its Health & Pharma
        ("397", C::Health),   // Hospitals
        ("414", C::Health),   // Weight Loss
        ("627", C::Health),   // Disabled Sports
        ("522", C::Politics), // News and Politics
        ("530", C::Politics), // Elections
        ("533", C::Politics), // Weather: under News and Politics, so the whole subtree
        ("523", C::CriminalRecord),
        ("503", C::Religion), // Religious (Music and Audio)
        ("496", C::Religion), // Gospel Music
        ("537", C::PersonalHardship),
    ] {
        assert_eq!(cat(id), Some(category), "{id}");
        assert!(AudienceId::new(id).is_err(), "{id}");
    }
    for id in [
        "406", "408", "412", "415", "607", "663", "219", "234", "324",
    ] {
        assert!(AudienceId::new(id).is_ok(), "{id}");
    }
}

#[test]
fn an_audience_node_named_like_a_sensitive_content_node_is_sensitive() {
    for node in &AUDIENCE.nodes {
        let same = Topic::all().find(|t| t.name() == node.name);
        if let Some(category) = same.and_then(Topic::sensitive) {
            assert!(
                node.sensitive.is_some(),
                "Audience {} {:?} is allowed, Content {:?} is {category}",
                node.id,
                node.name,
                same
            );
        }
    }
}

#[test]
fn the_ancestors_of_an_allowed_node_are_allowed() {
    for a in AudienceId::all() {
        let mut cur = a.parent();
        while let Some(p) = cur {
            cur = p.parent();
        }
        assert_eq!(AudienceId::new(a.iab_id()), Ok(a));
    }
    // 51 sensitive nodes under the 19 rules.
    assert_eq!(AudienceId::all().count(), 497 - 51);
}

#[test]
fn the_mapping_has_one_row_per_line_and_says_its_counts() {
    let m = Mapping::load(&data::CONTENT_TO_AUDIENCE).unwrap();
    assert_eq!(m.rows, lines(&data::CONTENT_TO_AUDIENCE));
    let count = |rule: Rule| {
        m.by_interest
            .iter()
            .flatten()
            .filter(|(_, r)| *r == rule)
            .count()
    };
    let (by_name, reviewed) = (count(Rule::Name), count(Rule::Reviewed));
    assert_eq!(by_name + reviewed, m.rows);
    let header = format!("# {by_name} rows by name, {reviewed} reviewed.");
    assert!(data::CONTENT_TO_AUDIENCE.text.contains(&header), "{header}");
    assert_eq!((by_name, reviewed), (375, 8));
}

#[test]
fn every_mapped_pair_is_allowed_on_both_sides() {
    let mut mapped = 0;
    for interest in InterestId::all() {
        if let Some((a, _)) = MAPPING.by_interest[interest.index()] {
            assert!(Topic::from(interest).sensitive().is_none());
            assert!(AudienceId::new(a.iab_id()).is_ok());
            mapped += 1;
        }
    }
    assert_eq!(mapped, MAPPING.rows);
}

fn load(text: &'static str) -> String {
    let f = DataFile {
        name: "bad.tsv",
        text,
        header_lines: 0,
    };
    Mapping::load(&f).unwrap_err().to_string()
}

#[test]
fn the_strict_loader_refuses_bad_rows_and_names_them() {
    assert_eq!(
        load("483\t663\tname\n"),
        "bad.tsv, line 1, column 3: rule `name` for two different names"
    );
    assert!(load("317\t663\treviewed: x\n").contains("column 1: content node 317 is sensitive"));
    assert!(load("533\t466\treviewed: x\n").contains("column 2: "));
    let e = load("533\t663\tname\n533\t663\tname\n");
    assert!(e.contains("line 2, column 1: a second row"), "{e}");
    assert!(load("533\t663\treviewed:\n").contains("column 3: rule is"));
    assert!(load("533\t663\tguess\n").contains("column 3: rule is"));
    assert!(load("nope\t663\tname\n").contains("column 1: "));
    assert!(load("533\t663\n").contains("expected 3 columns"));
}

#[test]
fn the_tree_loader_refuses_a_second_root_and_unknown_parents() {
    let tree = |text: &'static str| {
        let f = DataFile {
            name: "t.tsv",
            text,
            header_lines: 0,
        };
        AudienceTree::load(&f, &data::AUDIENCE_SENSITIVE_NODES)
            .unwrap_err()
            .to_string()
    };
    assert!(tree("206\t\tInterest\n7\t\tOther\n").contains("line 2, column 2: only 206"));
    assert!(tree("206\t\tInterest\n7\t8\tX\n").contains("unknown parent 8"));
    assert!(tree("206\t\tInterest\n206\t206\tX\n").contains("only 206"));
}
