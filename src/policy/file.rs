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
}
