//! This crate's mapping from Content Taxonomy 3.1 interests to Audience 1.1 Interest segments
//! (`data/iab/content-3.1-to-audience-1.1.tsv`, made by `tools/lexgen`): IAB publishes none.

use once_cell::sync::Lazy;

use super::audience::AudienceId;
use crate::data::{DataFile, CONTENT_TO_AUDIENCE};
use crate::taxonomy::{InterestId, Topic};
use crate::util::tsv::{self, TsvError};

/// How a row was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// The same name under comparable sections (generated).
    Name,
    /// A hand decision, with its reason in the file.
    Reviewed,
}

/// Per interest index, its segment and the row's rule.
#[derive(Debug)]
pub(crate) struct Mapping {
    pub(crate) by_interest: Vec<Option<(AudienceId, Rule)>>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) rows: usize,
}

pub(crate) static MAPPING: Lazy<Mapping> = Lazy::new(|| {
    Mapping::load(&CONTENT_TO_AUDIENCE).expect("the shipped Audience mapping is valid (tested)")
});

impl Mapping {
    /// Reads the mapping strictly: every content id an allowed interest, every audience id an
    /// allowed Interest node, one row per content id, a known rule, and equal names for rule `name`.
    pub(crate) fn load(file: &DataFile) -> Result<Self, TsvError> {
        let mut by_interest = vec![None; InterestId::index_bound()];
        let mut rows = 0;
        for r in tsv::records(file.name, file.text, file.header_lines) {
            let r = r?;
            let [content, audience, rule] = r.exactly::<3>()?;
            let interest: InterestId = Topic::new(content)
                .map_err(|e| r.error(Some(0), e.to_string()))?
                .interest()
                .ok_or_else(|| r.error(Some(0), format!("content node {content} is sensitive")))?;
            let segment = AudienceId::new(audience).map_err(|e| r.error(Some(1), e.to_string()))?;
            let rule = match rule {
                "name" if interest.name() == segment.name() => Rule::Name,
                "name" => return Err(r.error(Some(2), "rule `name` for two different names")),
                _ => match rule.strip_prefix("reviewed:").map(str::trim) {
                    Some(why) if !why.is_empty() => Rule::Reviewed,
                    _ => return Err(r.error(Some(2), "rule is `name` or `reviewed: <why>`")),
                },
            };
            let slot = &mut by_interest[interest.index()];
            if slot.is_some() {
                return Err(r.error(Some(0), format!("a second row for content id {content}")));
            }
            *slot = Some((segment, rule));
            rows += 1;
        }
        Ok(Self { by_interest, rows })
    }
}

pub(crate) fn audience_of(interest: InterestId) -> Option<AudienceId> {
    MAPPING.by_interest[interest.index()].map(|(a, _)| a)
}
