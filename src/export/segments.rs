//! A message's categories and a profile's segments as OpenRTB 2.6: content `cat`/`cattax: 9` per
//! message, `user.data` with `segtax: 9` (Content 3.1) and/or `segtax: 4` (Audience 1.1) per profile.
//! Only [`InterestId`]s and [`AudienceId`]s are written, so no sensitive node can be.

use super::audience::AudienceId;
use super::openrtb::{ContentCategories, Data, DataExt, Segment, SEGTAX_AUDIENCE_1_1};
use crate::error::export::{ExportError, ExportErrorKind};
use crate::policy::decision::Decision;
use crate::profile::InterestProfile;
use crate::taxonomy::{InterestId, OPENRTB_CATTAX};
use crate::time::Timestamp;

/// The taxonomy of a `user.data` object's segment ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SegmentTaxonomy {
    /// IAB Content Taxonomy 3.1 (`segtax: 9`).
    Content31,
    /// IAB Audience Taxonomy 1.1, Interest nodes, through this crate's mapping (`segtax: 4`).
    Audience11,
}

impl SegmentTaxonomy {
    /// Its `segtax` value.
    pub fn segtax(self) -> u32 {
        match self {
            SegmentTaxonomy::Content31 => OPENRTB_CATTAX,
            SegmentTaxonomy::Audience11 => SEGTAX_AUDIENCE_1_1,
        }
    }
}

impl ContentCategories {
    /// The categories a message's [`Decision`] allows, best first, as Content 3.1 ids with
    /// `cattax: 9`; `None` when the message is denied or has no interest (write no `cat` then).
    ///
    /// ```
    /// use chat_interests::{Classifier, ContentCategories, MessageContext, Policy, PolicyEngine};
    /// let ctx = MessageContext::builder().at("2026-03-01T10:00:00Z".parse()?).region("US".parse()?).age(30).build();
    /// let c = Classifier::builtin().classify("cheap flights to Lisbon", None);
    /// let d = PolicyEngine::new(Policy::announced_rollout()).evaluate(&ctx, &c);
    /// let cat = ContentCategories::for_decision(&d).unwrap();
    /// assert_eq!(cat.cattax, 9);
    /// assert!(serde_json::to_string(&cat)?.contains(r#""cattax":9"#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn for_decision(decision: &Decision) -> Option<ContentCategories> {
        let cat: Vec<String> = decision
            .interests()
            .iter()
            .map(|s| s.id().iab_id().to_owned())
            .collect();
        (!cat.is_empty()).then_some(ContentCategories {
            cat,
            cattax: OPENRTB_CATTAX,
        })
    }
}

/// The most segments one `Data` object may carry.
pub const MAX_SEGMENTS: usize = 100;

/// Writes a profile as OpenRTB 2.6 `user.data` objects: the top-k interests after decay at a given
/// time, with hidden topics left out and "see less" topics weighed down (as
/// [`InterestProfile::top`]), one `Data` per chosen taxonomy.
///
/// Scores: the 2.6 `Segment` has no score field, and its `value` is a free string whose meaning an
/// exchange must publish beforehand; a buyer that does not know this crate's score (a decayed sum,
/// comparable only within one profile) would misread it. So scores are omitted by default and the
/// order of the segments carries the ranking; [`scores_as_value`](UserDataExportBuilder::scores_as_value)
/// writes them as `value` (three decimals) for partners who agreed on it.
///
/// ```
/// use chat_interests::{InterestProfile, SegmentTaxonomy, UserDataExport};
/// # use chat_interests::{Classifier, MessageContext, Policy, PolicyEngine};
/// # let mut profile = InterestProfile::new("p1")?;
/// # let ctx = MessageContext::builder().at("2026-03-01T10:00:00Z".parse()?).region("US".parse()?).age(30).build();
/// # let d = PolicyEngine::new(Policy::announced_rollout()).evaluate(&ctx, &Classifier::builtin().classify("my soccer team won the league", None));
/// # profile.ingest(d.allowed().unwrap());
/// let export = UserDataExport::builder("interests.example.com")
///     .taxonomy(SegmentTaxonomy::Content31)
///     .taxonomy(SegmentTaxonomy::Audience11)
///     .top_k(1)
///     .build()?;
/// let data = export.user_data(&profile, "2026-03-02T00:00:00Z".parse()?);
/// assert_eq!(data.len(), 2);
/// let json = serde_json::to_string(&data[1])?;
/// assert_eq!(json, r#"{"name":"interests.example.com","segment":[{"id":"663"}],"ext":{"segtax":4}}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDataExport {
    provider: String,
    provider_id: Option<String>,
    taxonomies: Vec<SegmentTaxonomy>,
    top_k: usize,
    scores: bool,
    names: bool,
}

/// Builds a [`UserDataExport`]; see [`UserDataExport::builder`].
#[derive(Debug, Clone)]
pub struct UserDataExportBuilder {
    export: UserDataExport,
}

impl UserDataExport {
    /// The default number of segments per `Data` object.
    pub const DEFAULT_TOP_K: usize = 10;

    /// A builder for the provider `name` (`Data.name`, e.g. your domain). Without a
    /// [`taxonomy`](UserDataExportBuilder::taxonomy) it writes Content 3.1 (`segtax: 9`).
    pub fn builder(name: &str) -> UserDataExportBuilder {
        UserDataExportBuilder {
            export: UserDataExport {
                provider: name.to_owned(),
                provider_id: None,
                taxonomies: Vec::new(),
                top_k: Self::DEFAULT_TOP_K,
                scores: false,
                names: false,
            },
        }
    }

    /// The `user.data` objects for `profile` as of `as_of`: one per taxonomy, in the order they
    /// were added; a taxonomy with no segment gives no object.
    pub fn user_data(&self, profile: &InterestProfile, as_of: Timestamp) -> Vec<Data> {
        // Every interest, ranked: an interest without an Audience segment must not use up a slot.
        let ranked = profile.top(usize::MAX, as_of);
        self.taxonomies
            .iter()
            .filter_map(|&t| {
                let segments: Vec<Segment> = match t {
                    SegmentTaxonomy::Content31 => ranked
                        .iter()
                        .take(self.top_k)
                        .map(|&(id, score)| self.segment(id.iab_id(), id.name(), score))
                        .collect(),
                    SegmentTaxonomy::Audience11 => audience_ranked(&ranked)
                        .take(self.top_k)
                        .map(|(a, score)| self.segment(a.iab_id(), a.name(), score))
                        .collect(),
                };
                (!segments.is_empty()).then(|| self.data(t.segtax(), None, segments))
            })
            .collect()
    }

    pub(crate) fn segment(&self, id: &str, name: &str, score: f64) -> Segment {
        Segment {
            id: id.to_owned(),
            name: self.names.then(|| name.to_owned()),
            value: self.scores.then(|| format!("{score:.3}")),
            ext: None,
        }
    }

    pub(crate) fn data(
        &self,
        segtax: u32,
        segclass: Option<String>,
        segment: Vec<Segment>,
    ) -> Data {
        Data {
            id: self.provider_id.clone(),
            name: self.provider.clone(),
            cids: None,
            segment,
            ext: Some(DataExt::segtax(segtax, segclass)),
        }
    }
}

/// The Audience segments of ranked interests, best first, each once (at its best interest's score).
pub(crate) fn audience_ranked(
    ranked: &[(InterestId, f64)],
) -> impl Iterator<Item = (AudienceId, f64)> + '_ {
    let mut seen = std::collections::BTreeSet::new();
    ranked
        .iter()
        .filter_map(|&(id, score)| Some((AudienceId::for_interest(id)?, score)))
        .filter(move |(a, _)| seen.insert(*a))
}

impl UserDataExportBuilder {
    /// Adds a segment taxonomy (each once; the order of the output follows the order added).
    pub fn taxonomy(mut self, taxonomy: SegmentTaxonomy) -> Self {
        if !self.export.taxonomies.contains(&taxonomy) {
            self.export.taxonomies.push(taxonomy);
        }
        self
    }

    /// Segments per `Data` object (default [`UserDataExport::DEFAULT_TOP_K`], 1 to [`MAX_SEGMENTS`]).
    pub fn top_k(mut self, k: usize) -> Self {
        self.export.top_k = k;
        self
    }

    /// The exchange-specific provider id (`Data.id`; default none).
    pub fn provider_id(mut self, id: &str) -> Self {
        self.export.provider_id = Some(id.to_owned());
        self
    }

    /// Writes each segment's score as `Segment.value` (three decimals; default off, see
    /// [`UserDataExport`] for why).
    pub fn scores_as_value(mut self, on: bool) -> Self {
        self.export.scores = on;
        self
    }

    /// Writes each segment's IAB name as `Segment.name` (default off: the id and `segtax` say it).
    pub fn segment_names(mut self, on: bool) -> Self {
        self.export.names = on;
        self
    }

    /// Validates and builds.
    ///
    /// # Errors
    /// [`ExportError`] of kind [`Provider`](ExportErrorKind::Provider) for an empty, over-long or
    /// control-character name, [`TopK`](ExportErrorKind::TopK) for `top_k` outside 1 to
    /// [`MAX_SEGMENTS`].
    pub fn build(mut self) -> Result<UserDataExport, ExportError> {
        check_provider(&self.export.provider)?;
        let k = self.export.top_k;
        if !(1..=MAX_SEGMENTS).contains(&k) {
            return Err(ExportErrorKind::TopK {
                k,
                max: MAX_SEGMENTS,
            }
            .into());
        }
        if self.export.taxonomies.is_empty() {
            self.export.taxonomies.push(SegmentTaxonomy::Content31);
        }
        Ok(self.export)
    }
}

pub(crate) fn check_provider(name: &str) -> Result<(), ExportError> {
    let ok = !name.trim().is_empty()
        && name.chars().count() <= 128
        && !name.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err(ExportErrorKind::Provider {
            name: name.chars().take(64).collect(),
        }
        .into())
    }
}
