//! Sensitive categories: the closed list of things a message may be about that must never feed personalisation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::parse::ParseError;

/// A category of sensitive information.
///
/// The first seven are the announced list (GDPR Art. 9 without genetic data, biometric data and sex life);
/// the others are the wider categories a stricter [`Policy`](crate::Policy) can add.
/// Names in text form (serde, [`Display`](fmt::Display), [`FromStr`]) are snake_case: `health`, `trade_union`, ….
///
/// ```
/// use chat_interests::SensitiveCategory;
/// let c: SensitiveCategory = "trade_union".parse()?;
/// assert_eq!(c, SensitiveCategory::TradeUnion);
/// assert_eq!(c.to_string(), "trade_union");
/// assert!(c.is_announced());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SensitiveCategory {
    /// Physical or mental health, conditions, treatments, medication, disability, pregnancy.
    Health,
    /// Religious beliefs and practice.
    Religion,
    /// Political opinions, parties, politicians, elections, activism.
    Politics,
    /// Sexual orientation and gender identity.
    SexualOrientation,
    /// Racial or ethnic origin, national-origin self-identification.
    Ethnicity,
    /// Philosophical beliefs such as atheism, humanism or pacifism.
    PhilosophicalBeliefs,
    /// Trade-union membership and activity.
    TradeUnion,
    /// A person's sex life (GDPR Art. 9).
    SexLife,
    /// Genetic data (GDPR Art. 9).
    GeneticData,
    /// Biometric data used for identification (GDPR Art. 9).
    BiometricData,
    /// Criminal convictions and offences (GDPR Art. 10).
    CriminalRecord,
    /// Personal hardship: financial difficulty, bereavement, divorce.
    PersonalHardship,
    /// Access to opportunities: housing, credit, employment.
    AccessToOpportunities,
    /// IAB "Sensitive Topics" (brand safety): never an interest, not a personal-data category.
    BrandSafety,
}

impl SensitiveCategory {
    /// Every category, in declaration order.
    pub const ALL: &'static [SensitiveCategory] = &[
        Self::Health,
        Self::Religion,
        Self::Politics,
        Self::SexualOrientation,
        Self::Ethnicity,
        Self::PhilosophicalBeliefs,
        Self::TradeUnion,
        Self::SexLife,
        Self::GeneticData,
        Self::BiometricData,
        Self::CriminalRecord,
        Self::PersonalHardship,
        Self::AccessToOpportunities,
        Self::BrandSafety,
    ];

    /// The seven categories of the announced rollout.
    pub const ANNOUNCED: &'static [SensitiveCategory] = &[
        Self::Health,
        Self::Religion,
        Self::Politics,
        Self::SexualOrientation,
        Self::Ethnicity,
        Self::PhilosophicalBeliefs,
        Self::TradeUnion,
    ];

    /// The snake_case name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Health => "health",
            Self::Religion => "religion",
            Self::Politics => "politics",
            Self::SexualOrientation => "sexual_orientation",
            Self::Ethnicity => "ethnicity",
            Self::PhilosophicalBeliefs => "philosophical_beliefs",
            Self::TradeUnion => "trade_union",
            Self::SexLife => "sex_life",
            Self::GeneticData => "genetic_data",
            Self::BiometricData => "biometric_data",
            Self::CriminalRecord => "criminal_record",
            Self::PersonalHardship => "personal_hardship",
            Self::AccessToOpportunities => "access_to_opportunities",
            Self::BrandSafety => "brand_safety",
        }
    }

    /// Whether this is one of the seven announced categories.
    pub fn is_announced(self) -> bool {
        Self::ANNOUNCED.contains(&self)
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for SensitiveCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SensitiveCategory {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.name() == s)
            .ok_or_else(|| ParseError::new("sensitive category", s))
    }
}

/// A set of [`SensitiveCategory`] values: a `Copy` bit set, iterated in declaration order.
///
/// ```
/// use chat_interests::{SensitiveCategory, SensitiveSet};
/// let mut set = SensitiveSet::empty();
/// set.insert(SensitiveCategory::Religion);
/// assert!(set.contains(SensitiveCategory::Religion));
/// assert!(SensitiveSet::announced().is_superset(set));
/// assert_eq!(set.iter().collect::<Vec<_>>(), [SensitiveCategory::Religion]);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SensitiveSet(u16);

impl SensitiveSet {
    /// The empty set.
    pub const fn empty() -> Self {
        Self(0)
    }

    /// The seven announced categories.
    pub fn announced() -> Self {
        SensitiveCategory::ANNOUNCED.iter().copied().collect()
    }

    /// Every category.
    pub fn all() -> Self {
        SensitiveCategory::ALL.iter().copied().collect()
    }

    /// Adds a category.
    pub fn insert(&mut self, category: SensitiveCategory) {
        self.0 |= category.bit();
    }

    /// Whether the category is in the set.
    pub const fn contains(self, category: SensitiveCategory) -> bool {
        self.0 & category.bit() != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of categories in the set.
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The categories in both sets.
    pub const fn intersection(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// The categories in either set.
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether every category of `other` is in `self`.
    pub const fn is_superset(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The categories, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = SensitiveCategory> {
        SensitiveCategory::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }
}

impl FromIterator<SensitiveCategory> for SensitiveSet {
    fn from_iter<I: IntoIterator<Item = SensitiveCategory>>(iter: I) -> Self {
        let mut set = Self::empty();
        for c in iter {
            set.insert(c);
        }
        set
    }
}

impl Serialize for SensitiveSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for SensitiveSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<SensitiveCategory>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &c in SensitiveCategory::ALL {
            assert_eq!(c.name().parse::<SensitiveCategory>().unwrap(), c);
        }
        assert!("Health".parse::<SensitiveCategory>().is_err());
    }

    #[test]
    fn set_operations() {
        let a = SensitiveSet::announced();
        assert_eq!(a.len(), 7);
        assert!(SensitiveSet::all().is_superset(a));
        assert!(!a.contains(SensitiveCategory::SexLife));
        assert_eq!(a.intersection(SensitiveSet::empty()), SensitiveSet::empty());
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<SensitiveSet>(&json).unwrap(), a);
    }
}
