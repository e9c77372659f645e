//! Named policy presets. Data, not code paths: each is an ordinary [`Policy`] a host may copy and change.

use crate::category::SensitiveSet;
use crate::error::policy::{PolicyError, PolicyErrorKind};
use crate::modality::Modality;
use crate::policy::conversation::ConversationWindow;
use crate::policy::{Policy, PolicyData, Start, UnknownAge};
use crate::region::Region;
use crate::surface::Surface;
use crate::taxonomy::Topic;
use crate::time::{CivilDate, Timestamp};

/// EU member states, EU territories with ISO codes of their own, the rest of the EEA, the United Kingdom
/// with its Crown dependencies and Gibraltar, and South Korea.
const ANNOUNCED_EXCLUDED: &[&str] = &[
    // EU 27
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    // EU outermost regions and Åland, which have codes of their own
    "GF", "GP", "MQ", "RE", "YT", "MF", "AX", // EEA beyond the EU
    "IS", "LI", "NO",
    // United Kingdom; the Crown dependencies and Gibraltar are a policy choice: excluded (fail closed)
    "GB", "GG", "JE", "IM", "GI", // South Korea
    "KR",
];

fn regions(codes: &'static [&'static str]) -> impl Iterator<Item = Region> {
    codes
        .iter()
        .map(|c| c.parse().expect("preset region codes are valid (tested)"))
}

fn date(y: i32, m: u8, d: u8) -> CivilDate {
    CivilDate::new(y, m, d).expect("preset dates are valid (tested)")
}

/// The surfaces of the announced rollout: Meta AI chats on these apps.
const ANNOUNCED_SURFACES: &[&str] = &["facebook", "instagram", "threads", "messenger", "whatsapp"];

fn surfaces() -> impl Iterator<Item = Surface> {
    ANNOUNCED_SURFACES
        .iter()
        .map(|s| s.parse().expect("preset surface names are valid (tested)"))
}

fn whatsapp() -> Surface {
    "whatsapp".parse().expect("valid surface name")
}

impl Policy {
    /// Names of the presets, for [`Policy::preset`].
    pub const PRESETS: &'static [&'static str] = &["announced-rollout", "strict-gdpr-art9"];

    /// The announced rollout (Meta AI chats, October 2025 notice):
    /// - starts 16 December 2025, in the message's local time ([`Start::LocalDate`]);
    /// - the seven announced sensitive categories drop the whole message;
    /// - excluded: the EU 27 with GF GP MQ RE YT MF AX, the EEA's IS LI NO, the United Kingdom (GB, and by
    ///   choice GG JE IM GI), and South Korea (KR); an unknown region is denied;
    /// - minimum age 18 (a context without an age is allowed: the platform knows ages from accounts),
    ///   ages above 130 are unknown;
    /// - the surfaces facebook, instagram, threads, messenger and whatsapp (any other is unknown), text
    ///   and voice; WhatsApp chats count only from a linked account.
    ///
    /// ```
    /// use chat_interests::Policy;
    /// let p = Policy::announced_rollout();
    /// assert_eq!(p.name(), "announced-rollout");
    /// assert!(p.excluded_regions().contains(&"RE".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn announced_rollout() -> Policy {
        Policy {
            data: PolicyData {
                name: "announced-rollout".into(),
                start: Start::LocalDate(date(2025, 12, 16)),
                excluded_regions: regions(ANNOUNCED_EXCLUDED).collect(),
                minimum_age: Some(18),
                unknown_age: UnknownAge::Allow,
                maximum_age: Policy::DEFAULT_MAXIMUM_AGE,
                surfaces: surfaces().collect(),
                linked_only_surfaces: [whatsapp()].into_iter().collect(),
                modalities: Modality::ALL.iter().copied().collect(),
                sensitive: SensitiveSet::announced(),
                blocked_topics: Default::default(),
                conversation_window: ConversationWindow::default(),
                see_less_percent: Policy::DEFAULT_SEE_LESS_PERCENT,
                topics: None,
            },
        }
    }

    /// A stricter policy modelled on GDPR Art. 9 and the wider restricted categories:
    /// - starts when 16 December 2025 has begun everywhere on Earth (00:00 at UTC−12, i.e. 12:00 UTC);
    /// - every [`SensitiveCategory`](crate::SensitiveCategory): the announced seven, sex life, genetic and biometric data, criminal
    ///   record, personal hardship, access to opportunities (housing, credit, employment);
    /// - the same excluded regions; minimum age 18 and an unknown age is denied;
    /// - WhatsApp only when linked;
    /// - blocked topics: Dating, Job Search, Real Estate Buying and Selling, Real Estate Renting and Leasing
    ///   (opportunity and sex-life adjacent).
    ///
    /// ```
    /// use chat_interests::{Policy, SensitiveCategory};
    /// let p = Policy::strict_gdpr_art9();
    /// assert!(p.sensitive().contains(SensitiveCategory::CriminalRecord));
    /// ```
    pub fn strict_gdpr_art9() -> Policy {
        let start = date(2025, 12, 16).start_utc().unix_seconds() + 12 * 3600;
        Policy {
            data: PolicyData {
                name: "strict-gdpr-art9".into(),
                start: Start::Instant(Timestamp::from_unix_seconds(start).expect("in range")),
                excluded_regions: regions(ANNOUNCED_EXCLUDED).collect(),
                minimum_age: Some(18),
                unknown_age: UnknownAge::Deny,
                maximum_age: Policy::DEFAULT_MAXIMUM_AGE,
                surfaces: surfaces().collect(),
                linked_only_surfaces: [whatsapp()].into_iter().collect(),
                modalities: Modality::ALL.iter().copied().collect(),
                sensitive: SensitiveSet::all(),
                blocked_topics: ["188", "127", "451", "452"]
                    .iter()
                    .map(|id| Topic::new(id).expect("preset topics exist (tested)"))
                    .collect(),
                // Strict: a sensitive turn taints the whole rest of its conversation, however long.
                conversation_window: ConversationWindow {
                    turns: None,
                    seconds: None,
                },
                see_less_percent: Policy::DEFAULT_SEE_LESS_PERCENT,
                topics: None,
            },
        }
    }

    /// A preset by name: `announced-rollout` or `strict-gdpr-art9`.
    ///
    /// # Errors
    /// [`PolicyError`] of kind [`UnknownPreset`](crate::PolicyErrorKind::UnknownPreset) for any other
    /// name.
    ///
    /// ```
    /// use chat_interests::Policy;
    /// assert_eq!(Policy::preset("strict-gdpr-art9")?, Policy::strict_gdpr_art9());
    /// assert!(Policy::preset("lenient").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn preset(name: &str) -> Result<Policy, PolicyError> {
        match name {
            "announced-rollout" => Ok(Self::announced_rollout()),
            "strict-gdpr-art9" => Ok(Self::strict_gdpr_art9()),
            _ => Err(PolicyErrorKind::UnknownPreset {
                name: name.chars().take(64).collect(),
                known: Self::PRESETS.join(", "),
            }
            .into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::SensitiveCategory;

    #[test]
    fn presets_are_valid_policies() {
        for &name in Policy::PRESETS {
            let p = Policy::preset(name).unwrap();
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), p, "{name}");
        }
    }

    #[test]
    fn announced_excludes_the_right_regions() {
        let p = Policy::announced_rollout();
        assert_eq!(p.excluded_regions().len(), 27 + 7 + 3 + 5 + 1);
        for code in [
            "DE", "FR", "GR", "EL", "UK", "GB", "KR", "NO", "IS", "LI", "AX", "GF", "RE", "YT",
            "MF", "JE",
        ] {
            assert!(
                p.excluded_regions().contains(&code.parse().unwrap()),
                "{code}"
            );
        }
        for code in ["US", "BR", "IN", "CH", "JP", "TR", "CA"] {
            assert!(
                !p.excluded_regions().contains(&code.parse().unwrap()),
                "{code}"
            );
        }
    }

    #[test]
    fn strict_start_is_when_the_date_began_everywhere() {
        let Start::Instant(t) = Policy::strict_gdpr_art9().start() else {
            panic!()
        };
        assert_eq!(t.to_string(), "2025-12-16T12:00:00Z");
        assert!(SensitiveSet::all().is_superset(Policy::strict_gdpr_art9().sensitive()));
        assert!(Policy::strict_gdpr_art9()
            .sensitive()
            .contains(SensitiveCategory::AccessToOpportunities));
    }
}
