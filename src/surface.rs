//! Surfaces: the app a chat happened on.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::error::parse::ParseError;

/// The app or product a chat happened on (`facebook`, `instagram`, `threads`, `whatsapp`, `messenger`, …).
///
/// An open set, since platforms add surfaces: any name of 1 to 32 characters from `a-z`, `0-9`, `_`, `-`
/// (parsing trims and lower-cases).
///
/// ```
/// use chat_interests::Surface;
/// let s: Surface = "WhatsApp".parse()?;
/// assert_eq!(s.as_str(), "whatsapp");
/// assert!("what's app".parse::<Surface>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Surface(Arc<str>);

impl Surface {
    /// Longest surface name accepted, in bytes.
    pub const MAX_LEN: usize = 32;

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Surface {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        let ok = !t.is_empty()
            && t.len() <= Self::MAX_LEN
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if ok {
            Ok(Surface(t.into()))
        } else {
            Err(ParseError::new("surface", s)
                .with_hint("1 to 32 characters from a-z, 0-9, _ and -"))
        }
    }
}

impl fmt::Display for Surface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

crate::util::serde_str::serde_via_str!(Surface);
