//! The few OpenRTB 2.6 / AdCOM objects the export writes, by hand: the content categories
//! (`cat` + `cattax`), `Data`, `Segment`, and `Data.ext` with the community `segtax` extension and
//! `segclass`. The existing crates do not fit (see the README): they are OpenRTB 2.5-only, or need a
//! newer Rust and cannot read `{"segtax": 9}`.
//!
//! Parsing is lenient the way OpenRTB asks (unknown fields are ignored; every field is optional);
//! `ext` objects keep the keys they do not know, so a host's own extensions survive a round trip.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// AdCOM "Category Taxonomies" value of IAB Audience Taxonomy 1.1, as a `segtax`.
pub const SEGTAX_AUDIENCE_1_1: u32 = 4;
/// OpenRTB 2.6's `cattax` when the field is absent: IAB Content Category Taxonomy 1.0.
pub const CATTAX_DEFAULT: u32 = 1;

fn cattax_default() -> u32 {
    CATTAX_DEFAULT
}

/// The categories of a piece of content (`site.content` / `app.content`): `cat` with its taxonomy
/// `cattax`. Only these two fields of the `Content` object; the host writes them into its own.
///
/// `cattax` is always written: OpenRTB 2.6 reads an absent `cattax` as 1 (Content Taxonomy 1.0), so
/// leaving it out would turn Content 3.1 ids into wrong 1.0 categories.
///
/// ```
/// use chat_interests::ContentCategories;
/// let c: ContentCategories = serde_json::from_str(r#"{"cat": ["IAB2-2"]}"#)?;
/// assert_eq!(c.cattax, 1); // the OpenRTB default
/// assert_eq!(serde_json::to_string(&c)?, r#"{"cat":["IAB2-2"],"cattax":1}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContentCategories {
    /// Category ids in the taxonomy `cattax`.
    #[serde(default)]
    pub cat: Vec<String>,
    /// The taxonomy of `cat` (AdCOM List: Category Taxonomies; 9 = Content Taxonomy 3.1).
    #[serde(default = "cattax_default")]
    pub cattax: u32,
}

impl Default for ContentCategories {
    fn default() -> Self {
        Self {
            cat: Vec::new(),
            cattax: CATTAX_DEFAULT,
        }
    }
}

/// OpenRTB 2.6 `Data`: data about the user (or content) from one provider.
///
/// ```
/// use chat_interests::Data;
/// let d: Data = serde_json::from_str(
///     r#"{"name":"a-data-provider.com","ext":{"segtax":3},"segment":[{"id":"1001"},{"id":"1002"}]}"#)?;
/// assert_eq!(d.ext.as_ref().and_then(|e| e.segtax), Some(3));
/// assert_eq!(d.segment[1].id, "1002");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Data {
    /// Exchange-specific id of the data provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Exchange-specific name of the data provider (always written by this crate).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Extended content ids (OpenRTB 2.6 `cids`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cids: Option<Vec<String>>,
    /// The segments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segment: Vec<Segment>,
    /// Extensions: `segtax`, `segclass` and any others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<DataExt>,
}

/// OpenRTB 2.6 `Segment`: one unit of data. It has no score field; see
/// [`UserDataExportBuilder::scores_as_value`](crate::UserDataExportBuilder::scores_as_value).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Segment {
    /// The segment id, in the taxonomy of the parent's `ext.segtax`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The segment's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A string representation of the segment's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Extensions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<Map<String, Value>>,
}

impl Segment {
    /// A segment with just an id.
    pub fn with_id(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            ..Self::default()
        }
    }
}

/// `Data.ext`: the community `segtax` extension (the taxonomy of the segment ids: 9 = Content
/// Taxonomy 3.1, 4 = Audience Taxonomy 1.1, 600 = Chrome Topics), `segclass` (the version of the
/// classifier or release that made them) and any other keys, kept.
///
/// ```
/// use chat_interests::DataExt;
/// let e: DataExt = serde_json::from_str(r#"{"segtax":9}"#)?;
/// assert_eq!((e.segtax, e.segclass.as_deref()), (Some(9), None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DataExt {
    /// The taxonomy of the segment ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segtax: Option<u32>,
    /// The version of what made the segments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segclass: Option<String>,
    /// Every other key, as it was.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl DataExt {
    /// An `ext` with this `segtax` (and optionally `segclass`).
    pub fn segtax(segtax: u32, segclass: Option<String>) -> Self {
        Self {
            segtax: Some(segtax),
            segclass,
            other: Map::new(),
        }
    }
}
