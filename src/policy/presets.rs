//! Named policy presets. Data, not code paths: each is a file under `data/policies/` (its choices are
//! explained in `data/policies/README.md`), read once through [`Policy::from_json`], the validation
//! every host policy goes through. A host may copy a file and change it.

use once_cell::sync::Lazy;

use crate::data::{DataFile, POLICY_PRESETS};
use crate::error::policy::{PolicyError, PolicyErrorKind};
use crate::policy::Policy;

/// The presets, parsed once, in the order of [`Policy::PRESETS`]. The shipped files are checked by
/// tests (valid, canonical, named as their file), so this never panics.
static PARSED: Lazy<Vec<Policy>> = Lazy::new(|| {
    POLICY_PRESETS
        .iter()
        .map(|f| load(f).expect("the shipped policy presets are valid (tested)"))
        .collect()
});

/// One preset file: a valid policy whose name is the file's name.
fn load(file: &DataFile) -> Result<Policy, String> {
    let policy = Policy::from_json(file.text).map_err(|e| format!("{}: {e}", file.name))?;
    let stem = file
        .name
        .trim_start_matches("policies/")
        .trim_end_matches(".json");
    if policy.name() != stem {
        return Err(format!(
            "{}: the policy is named {:?}",
            file.name,
            policy.name()
        ));
    }
    Ok(policy)
}

fn parsed(name: &str) -> Option<Policy> {
    PARSED.iter().find(|p| p.name() == name).cloned()
}

impl Policy {
    /// Names of the presets, for [`Policy::preset`].
    pub const PRESETS: &'static [&'static str] = &["announced-rollout", "strict-gdpr-art9"];

    /// The announced rollout (Meta AI chats, October 2025 notice), `data/policies/announced-rollout.json`:
    /// - starts 16 December 2025, in the message's local time ([`Start::LocalDate`](crate::Start::LocalDate));
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
        parsed("announced-rollout").expect("a shipped preset (tested)")
    }

    /// A stricter policy modelled on GDPR Art. 9 and the wider restricted categories,
    /// `data/policies/strict-gdpr-art9.json`:
    /// - starts when 16 December 2025 has begun everywhere on Earth (00:00 at UTC−12, i.e. 12:00 UTC);
    /// - every [`SensitiveCategory`](crate::SensitiveCategory): the announced seven, sex life, genetic and biometric data, criminal
    ///   record, personal hardship, access to opportunities (housing, credit, employment), brand safety;
    /// - the same excluded regions; minimum age 18 and an unknown age is denied;
    /// - WhatsApp only when linked;
    /// - blocked topics: Dating, Job Search, Real Estate Buying and Selling, Real Estate Renting and Leasing
    ///   (opportunity and sex-life adjacent);
    /// - a sensitive turn taints the whole rest of its conversation, however long.
    ///
    /// ```
    /// use chat_interests::{Policy, SensitiveCategory};
    /// let p = Policy::strict_gdpr_art9();
    /// assert!(p.sensitive().contains(SensitiveCategory::CriminalRecord));
    /// ```
    pub fn strict_gdpr_art9() -> Policy {
        parsed("strict-gdpr-art9").expect("a shipped preset (tested)")
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
        parsed(name).ok_or_else(|| {
            PolicyErrorKind::UnknownPreset {
                name: name.chars().take(64).collect(),
                known: Self::PRESETS.join(", "),
            }
            .into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::{SensitiveCategory, SensitiveSet};
    use crate::policy::conversation::ConversationWindow;
    use crate::policy::{Start, UnknownAge};
    use crate::time::Timestamp;

    /// The announced rollout's excluded regions, grouped as the notice and `data/policies/README.md`
    /// describe them: an independent statement the preset file is checked against.
    const ANNOUNCED_EXCLUDED: &[&str] = &[
        // EU 27
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        // EU outermost regions and Åland, which have codes of their own
        "GF", "GP", "MQ", "RE", "YT", "MF", "AX", // EEA beyond the EU
        "IS", "LI", "NO",
        // United Kingdom; the Crown dependencies and Gibraltar are a policy choice: excluded (fail closed)
        "GB", "GG", "JE", "IM", "GI", // South Korea
        "KR",
    ];

    fn builder(name: &str) -> crate::policy::PolicyBuilder {
        Policy::builder(name)
            .exclude_regions(ANNOUNCED_EXCLUDED.iter().map(|c| c.parse().unwrap()))
            .minimum_age(18)
            .surfaces(
                ["facebook", "instagram", "threads", "messenger"]
                    .iter()
                    .map(|s| s.parse().unwrap()),
            )
            .linked_only_surface("whatsapp".parse().unwrap())
    }

    #[test]
    fn the_constructors_are_the_documented_policies() {
        let announced = builder("announced-rollout")
            .start(Start::LocalDate("2025-12-16".parse().unwrap()))
            .build()
            .unwrap();
        assert_eq!(Policy::announced_rollout(), announced);
        let mut strict = builder("strict-gdpr-art9")
            .start(Start::Instant("2025-12-16T12:00:00Z".parse().unwrap()))
            .unknown_age(UnknownAge::Deny)
            .conversation_window(ConversationWindow {
                turns: None,
                seconds: None,
            });
        for &c in SensitiveCategory::ALL {
            strict = strict.sensitive(c);
        }
        // Dating, Job Search, Real Estate Buying and Selling, Real Estate Renting and Leasing.
        for id in ["188", "127", "451", "452"] {
            strict = strict.block_topic(crate::taxonomy::Topic::new(id).unwrap());
        }
        assert_eq!(Policy::strict_gdpr_art9(), strict.build().unwrap());
        for &name in Policy::PRESETS {
            assert_eq!(Policy::preset(name).unwrap().name(), name);
        }
    }

    #[test]
    fn every_preset_file_is_valid_canonical_and_named_as_its_file() {
        assert_eq!(POLICY_PRESETS.len(), Policy::PRESETS.len());
        for (file, &name) in POLICY_PRESETS.iter().zip(Policy::PRESETS) {
            let p = load(file).unwrap();
            assert_eq!(p.name(), name);
            // A hand edit shows: the file is exactly what its policy writes.
            assert_eq!(file.text, p.to_json(), "{} is not canonical", file.name);
        }
        // Every file in the directory is a preset, and the directory's README explains each.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/policies");
        let readme = std::fs::read_to_string(format!("{dir}/README.md")).unwrap();
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        files.sort();
        let mut listed: Vec<String> = POLICY_PRESETS
            .iter()
            .map(|f| f.name.trim_start_matches("policies/").to_owned())
            .collect();
        listed.sort();
        assert_eq!(files, listed);
        for f in &files {
            assert!(
                readme.contains(&format!("`{f}`")),
                "{f} is not in data/policies/README.md"
            );
        }
    }

    #[test]
    fn a_preset_named_unlike_its_file_is_refused() {
        let text = Policy::announced_rollout().to_json();
        let file = DataFile {
            name: "policies/other.json",
            text: Box::leak(text.into_boxed_str()),
            header_lines: 0,
        };
        assert!(load(&file)
            .unwrap_err()
            .contains("named \"announced-rollout\""));
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
        // 00:00 at UTC−12 on the 16th.
        let at_minus_12 = crate::time::CivilDate::new(2025, 12, 16)
            .unwrap()
            .start_utc()
            .unix_seconds()
            + 12 * 3600;
        assert_eq!(t, Timestamp::from_unix_seconds(at_minus_12).unwrap());
        assert_eq!(Policy::strict_gdpr_art9().sensitive(), SensitiveSet::all());
    }
}
