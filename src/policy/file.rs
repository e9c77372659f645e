//! A policy as a file: JSON in, through the one validation every policy goes through; canonical JSON
//! out, so that a file can be compared with what it means.

use crate::error::policy::{PolicyError, PolicyErrorKind};
use crate::policy::{Policy, PolicyData};

/// Longest serde_json message kept in an error (it may echo an unknown field's name).
const MAX_MESSAGE_CHARS: usize = 500;

impl Policy {
    /// Reads a policy from its JSON form (the schema is in the [`Policy`] docs), with the same
    /// validation as deserializing a [`Policy`] with serde or building one.
    ///
    /// # Errors
    /// [`PolicyErrorKind::Json`] (with line and column) when the text is not JSON, a field is
    /// unknown, missing or of the wrong type, or a value is refused by its type (a region, surface,
    /// modality, topic, category or time); else the validation errors of [`PolicyBuilder::build`](crate::PolicyBuilder::build).
    ///
    /// ```
    /// use chat_interests::{Policy, PolicyErrorKind};
    /// let p = Policy::from_json(&Policy::announced_rollout().to_json())?;
    /// assert_eq!(p, Policy::announced_rollout());
    /// let e = Policy::from_json("{\n  \"name\": \"x\",\n  \"excluded_regions\": [\"EU\"]\n}").unwrap_err();
    /// assert!(matches!(e.kind(), PolicyErrorKind::Json { line: 3, .. }), "{e}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        // Two steps, so that a validation error keeps its own kind instead of becoming a message.
        let data: PolicyData = serde_json::from_str(text).map_err(json_error)?;
        Policy::try_from(data)
    }

    /// The canonical JSON form: every field written out (defaults too), sets sorted, two-space
    /// indentation, one final newline. The shipped presets are stored in exactly this form.
    ///
    /// ```
    /// use chat_interests::Policy;
    /// let json = Policy::strict_gdpr_art9().to_json();
    /// assert!(json.contains("\"unknown_age\": \"deny\""));
    /// assert_eq!(Policy::from_json(&json)?, Policy::strict_gdpr_art9());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> String {
        // Every field is a string, number, bool, sequence or struct with string keys: writing to a
        // String cannot fail.
        let mut json =
            serde_json::to_string_pretty(&self.data).expect("a policy always serializes");
        json.push('\n');
        json
    }
}

/// serde_json's error as a [`PolicyErrorKind::Json`]: the position as fields, not in the message.
fn json_error(e: serde_json::Error) -> PolicyError {
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&position).unwrap_or(&full);
    PolicyErrorKind::Json {
        line: e.line(),
        column: e.column(),
        message: message.chars().take(MAX_MESSAGE_CHARS).collect(),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> PolicyErrorKind {
        Policy::from_json(text).unwrap_err().kind().clone()
    }

    #[test]
    fn bad_json_says_where() {
        let PolicyErrorKind::Json {
            line,
            column,
            message,
        } = kind("{\n  \"name\": \"x\",\n  \"colour\": 1\n}")
        else {
            panic!()
        };
        assert_eq!((line, column), (3, 10));
        assert!(message.starts_with("unknown field `colour`"), "{message}");
        assert!(!message.contains("line 3"), "{message}");
        assert!(matches!(kind(""), PolicyErrorKind::Json { line: 1, .. }));
        assert!(matches!(kind("[1, 2"), PolicyErrorKind::Json { .. }));
        let long = format!("{{\"{}\": 1}}", "x".repeat(10_000));
        let PolicyErrorKind::Json { message, .. } = kind(&long) else {
            panic!()
        };
        assert!(message.chars().count() <= MAX_MESSAGE_CHARS);
    }

    #[test]
    fn validation_errors_keep_their_kind() {
        let mut v: serde_json::Value =
            serde_json::from_str(&Policy::announced_rollout().to_json()).unwrap();
        v["see_less_percent"] = 0.into();
        assert!(matches!(
            kind(&v.to_string()),
            PolicyErrorKind::SeeLessFactor { percent: 0, .. }
        ));
        v["see_less_percent"] = 300.into(); // not a u8: a type error, with its place
        assert!(matches!(kind(&v.to_string()), PolicyErrorKind::Json { .. }));
    }

    #[test]
    fn a_region_given_two_starts_is_refused() {
        let text = Policy::announced_rollout().to_json().replace(
            "\"region_starts\": {}",
            "\"region_starts\": {\"US\": {\"local_date\": \"2027-01-01\"}, \"CH\": {\"local_date\": \"2027-01-01\"}}",
        );
        assert!(Policy::from_json(&text).is_ok());
        for twice in [
            r#""US": {"local_date": "2027-01-01"}, "US""#,
            r#""US": {"local_date": "2027-01-01"}, "us""#,
        ] {
            let bad = text.replacen(r#""US""#, twice, 1);
            let PolicyErrorKind::Json { message, .. } = kind(&bad) else {
                panic!("{bad}")
            };
            assert!(message.contains("region US has two starts"), "{message}");
        }
    }

    mod properties {
        use proptest::prelude::*;

        use crate::category::SensitiveCategory;
        use crate::modality::Modality;
        use crate::policy::conversation::ConversationWindow;
        use crate::policy::{Policy, Start, UnknownAge};
        use crate::taxonomy::Topic;
        use crate::time::{CivilDate, Timestamp};

        const CODES: &[&str] = &["US", "DE", "FR", "GB", "KR", "BR", "JP", "AX", "RE", "CH"];

        /// A start: a local date or an instant, in 2000..2100.
        fn start() -> impl Strategy<Value = Start> {
            prop_oneof![
                (0i64..36_500).prop_map(|d| Start::LocalDate(CivilDate::from_days(10_957 + d))),
                (946_684_800i64..4_102_444_800)
                    .prop_map(|s| { Start::Instant(Timestamp::from_unix_seconds(s).unwrap()) }),
            ]
        }

        prop_compose! {
            /// Any policy the builder accepts, with every field varied.
            fn policy()(
                name in "[a-z][a-z0-9 _-]{0,20}",
                start in start(),
                excluded in prop::collection::btree_set(0..CODES.len(), 0..5),
                later in prop::collection::btree_map(0..CODES.len(), start(), 0..3),
                minimum in prop::option::of(0u16..=100),
                deny_unknown in any::<bool>(),
                maximum in 100u16..=130,
                surfaces in prop::collection::btree_set("[a-z0-9_-]{1,32}", 0..4),
                linked in any::<u8>(),
                text_only in any::<bool>(),
                extra in any::<u16>(),
                blocked in prop::collection::btree_set(0..704usize, 0..4),
                window in (prop::option::of(1u32..100), prop::option::of(1u64..1_000_000)),
                see_less in 1u8..=99,
            ) -> Policy {
                let mut b = Policy::builder(&name)
                    .start(start)
                    .exclude_regions(excluded.iter().map(|&i| CODES[i].parse().unwrap()))
                    .maximum_age(maximum)
                    .unknown_age(if deny_unknown { UnknownAge::Deny } else { UnknownAge::Allow })
                    .conversation_window(ConversationWindow { turns: window.0, seconds: window.1 })
                    .see_less_percent(see_less);
                for (i, s) in later.into_iter().filter(|(i, _)| !excluded.contains(i)) {
                    b = b.region_start(CODES[i].parse().unwrap(), s);
                }
                if let Some(m) = minimum {
                    b = b.minimum_age(m);
                }
                for (k, s) in surfaces.iter().enumerate() {
                    let surface = s.parse().unwrap();
                    b = if linked & (1 << k) != 0 {
                        b.linked_only_surface(surface)
                    } else {
                        b.surfaces([surface])
                    };
                }
                if text_only {
                    b = b.modalities([Modality::Text]);
                }
                for (k, &c) in SensitiveCategory::ALL.iter().enumerate() {
                    if extra & (1 << k) != 0 {
                        b = b.sensitive(c);
                    }
                }
                for t in blocked {
                    b = b.block_topic(Topic::all().nth(t).unwrap());
                }
                b.build().unwrap()
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

            /// The canonical form reads back as the same policy and is a fixed point: what a file
            /// means is exactly what it says.
            #[test]
            fn the_canonical_form_round_trips_and_is_a_fixed_point(p in policy()) {
                let json = p.to_json();
                let back = Policy::from_json(&json).unwrap();
                prop_assert_eq!(&back, &p);
                prop_assert_eq!(back.to_json(), json);
            }

            /// A damaged file is read or refused, never a panic; what is read is a valid policy that
            /// keeps the announced categories.
            #[test]
            fn a_damaged_file_is_an_error_or_a_valid_policy(
                at in 0usize..4000,
                len in 0usize..8,
                with in "[\\[\\]{}\",:0-9a-zA-Z _-]{0,8}",
            ) {
                let mut text = Policy::announced_rollout().to_json();
                let at = at.min(text.len());
                let end = (at + len).min(text.len());
                prop_assume!(text.is_char_boundary(at) && text.is_char_boundary(end));
                text.replace_range(at..end, &with);
                if let Ok(p) = Policy::from_json(&text) {
                    prop_assert!(p.sensitive().is_superset(crate::category::SensitiveSet::announced()));
                    prop_assert_eq!(Policy::from_json(&p.to_json()).unwrap(), p);
                }
            }
        }
    }
}
