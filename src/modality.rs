//! How a message reached the assistant: typed text or a voice transcript.

use std::fmt;
use std::str::FromStr;

use crate::error::parse::ParseError;

/// How a message reached the assistant. Text form: `text`, `voice`.
///
/// ```
/// use chat_interests::Modality;
/// assert_eq!("voice".parse::<Modality>()?, Modality::Voice);
/// assert!("telepathy".parse::<Modality>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Modality {
    /// Typed chat text.
    Text,
    /// A transcript of a voice chat.
    Voice,
}

impl Modality {
    /// Every modality.
    pub const ALL: &'static [Modality] = &[Modality::Text, Modality::Voice];

    /// The text form.
    pub const fn as_str(self) -> &'static str {
        match self {
            Modality::Text => "text",
            Modality::Voice => "voice",
        }
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Modality {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Modality::ALL
            .iter()
            .copied()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| ParseError::new("modality", s).with_hint("text or voice"))
    }
}

crate::util::serde_str::serde_via_str!(Modality);
