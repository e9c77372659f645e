//! The parameters of a Topics-style release to third parties (Chrome's Topics API design), as policy
//! data: epoch length, topics per epoch, epochs released, the random share, the taxonomy and the
//! release's version. The release itself is the `export` layer's.

use serde::{Deserialize, Serialize};

use crate::error::policy::{PolicyError, PolicyErrorKind};
use crate::time::Timestamp;

/// How a Topics-style release works; every field has Chrome's value as its default.
///
/// Serde form (all fields optional, unknown fields refused):
/// `{"version": "chat-interests-topics-1", "epoch_days": 7, "epoch_origin": "1970-01-05T00:00:00Z",
/// "top_topics": 5, "epochs_released": 3, "random_percent": 5, "segtax": 9}`.
///
/// ```
/// use chat_interests::TopicsConfig;
/// let c: TopicsConfig = serde_json::from_str(r#"{"random_percent": 10}"#)?;
/// assert_eq!((c.top_topics(), c.epochs_released(), c.random_percent()), (5, 3, 10));
/// assert!(serde_json::from_str::<TopicsConfig>(r#"{"epoch_days": 0}"#).is_err());
/// assert!(serde_json::from_str::<TopicsConfig>(r#"{"epochs": 3}"#).is_err()); // unknown field
/// let t = "2026-01-07T12:00:00Z".parse()?;
/// assert_eq!(c.epoch_start(c.epoch_of(t)), Some("2026-01-05T00:00:00Z".parse()?)); // Mondays
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TopicsData", into = "TopicsData")]
pub struct TopicsConfig {
    data: TopicsData,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct TopicsData {
    version: String,
    epoch_days: u16,
    epoch_origin: Timestamp,
    top_topics: u8,
    epochs_released: u8,
    random_percent: u8,
    segtax: u32,
}

impl Default for TopicsData {
    fn default() -> Self {
        Self {
            version: TopicsConfig::DEFAULT_VERSION.to_owned(),
            epoch_days: 7,
            // A Monday, 00:00 UTC: epochs are calendar weeks.
            epoch_origin: Timestamp::from_unix_seconds(4 * 86_400).unwrap_or(Timestamp::UNIX_EPOCH),
            top_topics: 5,
            epochs_released: 3,
            random_percent: 5,
            segtax: 9,
        }
    }
}

fn invalid(field: &'static str, message: String) -> PolicyError {
    PolicyErrorKind::Topics { field, message }.into()
}

impl TryFrom<TopicsData> for TopicsConfig {
    type Error = PolicyError;
    fn try_from(data: TopicsData) -> Result<Self, PolicyError> {
        let v = &data.version;
        if v.is_empty() || v.len() > 64 || !v.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid(
                "version",
                format!("{v:?}: 1 to 64 visible ASCII characters"),
            ));
        }
        let checks: [(&'static str, u32, std::ops::RangeInclusive<u32>); 4] = [
            ("epoch_days", data.epoch_days.into(), 1..=28),
            ("top_topics", data.top_topics.into(), 1..=10),
            ("epochs_released", data.epochs_released.into(), 1..=12),
            ("random_percent", data.random_percent.into(), 0..=100),
        ];
        for (field, value, range) in checks {
            if !range.contains(&value) {
                return Err(invalid(
                    field,
                    format!("{value} is not in {}..={}", range.start(), range.end()),
                ));
            }
        }
        if ![4, 9].contains(&data.segtax) {
            return Err(invalid(
                "segtax",
                format!(
                    "{}: 9 (Content Taxonomy 3.1) or 4 (Audience Taxonomy 1.1)",
                    data.segtax
                ),
            ));
        }
        Ok(Self { data })
    }
}

impl From<TopicsConfig> for TopicsData {
    fn from(c: TopicsConfig) -> Self {
        c.data
    }
}

impl Default for TopicsConfig {
    /// Chrome's parameters: weekly epochs, top 5, the last 3 epochs, 5% random, Content 3.1 ids.
    fn default() -> Self {
        Self {
            data: TopicsData::default(),
        }
    }
}

impl TopicsConfig {
    /// The default release version, written as `ext.segclass`.
    pub const DEFAULT_VERSION: &'static str = "chat-interests-topics-1";

    /// The release's version (`ext.segclass` of its `user.data`): change it when the parameters or
    /// the taxonomy change, so receivers can tell releases apart.
    pub fn version(&self) -> &str {
        &self.data.version
    }

    /// Length of an epoch, in days (default 7).
    pub fn epoch_days(&self) -> u16 {
        self.data.epoch_days
    }

    /// When epoch 0 starts (default Monday 1970-01-05 00:00 UTC).
    pub fn epoch_origin(&self) -> Timestamp {
        self.data.epoch_origin
    }

    /// Topics kept per person and epoch (default 5).
    pub fn top_topics(&self) -> usize {
        self.data.top_topics.into()
    }

    /// How many completed epochs a caller gets a topic from (default 3).
    pub fn epochs_released(&self) -> u8 {
        self.data.epochs_released
    }

    /// Percent of answers that are a uniformly random allowed topic instead (default 5).
    pub fn random_percent(&self) -> u8 {
        self.data.random_percent
    }

    /// The segment taxonomy of the release: 9 (Content Taxonomy 3.1, default) or 4 (Audience 1.1).
    pub fn segtax(&self) -> u32 {
        self.data.segtax
    }

    /// The epoch `at` lies in (epochs before the origin are negative).
    pub fn epoch_of(&self, at: Timestamp) -> i64 {
        at.seconds_since(self.data.epoch_origin)
            .div_euclid(self.epoch_seconds())
    }

    /// When `epoch` starts (the end of an epoch is the start of the next); `None` outside years 1
    /// to 9999.
    pub fn epoch_start(&self, epoch: i64) -> Option<Timestamp> {
        let seconds = epoch
            .checked_mul(self.epoch_seconds())?
            .checked_add(self.data.epoch_origin.unix_seconds())?;
        Timestamp::from_unix_seconds(seconds).ok()
    }

    fn epoch_seconds(&self) -> i64 {
        i64::from(self.data.epoch_days) * 86_400
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    #[test]
    fn a_policy_without_topics_is_written_as_before_and_one_with_them_round_trips() {
        let p = Policy::announced_rollout();
        let json = serde_json::to_string(&p).unwrap();
        assert!(!json.contains("\"topics\""), "{json}");
        assert_eq!(p.topics(), None);
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["topics"] = serde_json::json!({"random_percent": 10, "segtax": 4});
        let with: Policy = serde_json::from_value(v).unwrap();
        let t = with.topics().unwrap();
        assert_eq!((t.random_percent(), t.segtax(), t.top_topics()), (10, 4, 5));
        let back: Policy = serde_json::from_str(&serde_json::to_string(&with).unwrap()).unwrap();
        assert_eq!(back, with);
    }

    #[test]
    fn every_field_is_validated_and_named() {
        for (json, field) in [
            (r#"{"version": ""}"#, "version"),
            (r#"{"version": "a b"}"#, "version"),
            (r#"{"epoch_days": 29}"#, "epoch_days"),
            (r#"{"top_topics": 0}"#, "top_topics"),
            (r#"{"epochs_released": 13}"#, "epochs_released"),
            (r#"{"random_percent": 101}"#, "random_percent"),
            (r#"{"segtax": 7}"#, "segtax"),
        ] {
            let e = serde_json::from_str::<TopicsConfig>(json)
                .unwrap_err()
                .to_string();
            assert!(
                e.contains(&format!("topics release: {field}: ")),
                "{json}: {e}"
            );
        }
        assert_eq!(
            serde_json::from_str::<TopicsConfig>("{}").unwrap(),
            TopicsConfig::default()
        );
    }

    #[test]
    fn epochs_are_weeks_from_a_monday_and_negative_before_the_origin() {
        let c = TopicsConfig::default();
        let monday: Timestamp = "2026-01-05T00:00:00Z".parse().unwrap();
        let e = c.epoch_of(monday);
        assert_eq!(c.epoch_of("2026-01-11T23:59:59Z".parse().unwrap()), e);
        assert_eq!(c.epoch_of("2026-01-12T00:00:00Z".parse().unwrap()), e + 1);
        assert_eq!(c.epoch_start(e), Some(monday));
        assert_eq!(c.epoch_of(Timestamp::UNIX_EPOCH), -1);
        assert_eq!(c.epoch_start(i64::MAX), None);
    }
}
