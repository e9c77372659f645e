//! The host's ids: a message id (what explanations cite instead of text), and the rule every id and key
//! the crate keeps must pass, so that none is blank or hides characters.

use std::fmt;
use std::sync::Arc;

use crate::error::parse::ParseError;
use crate::util::invisible::is_invisible;

/// Why `id` cannot be an id or key of at most `max` bytes: longer, holding a control or invisible
/// character (`"\u{200B}"` is no identity), or blank. `None` when it can.
pub(crate) fn id_problem(id: &str, max: usize) -> Option<&'static str> {
    if id.len() > max {
        Some("too long")
    } else if id.chars().any(|c| c.is_control() || is_invisible(c)) {
        Some("holds a control or invisible character")
    } else if id.trim().is_empty() {
        Some("blank")
    } else {
        None
    }
}

/// A message id: at most [`MessageId::MAX_LEN`] bytes (a longer id is cut at the last character
/// boundary within the bound), not blank, and without control or invisible characters.
///
/// ```
/// use chat_interests::MessageId;
/// let long = "é".repeat(100); // 200 bytes
/// assert_eq!(MessageId::new(&long)?.as_str().len(), MessageId::MAX_LEN);
/// assert_eq!(MessageId::new("m-81")?.as_str(), "m-81");
/// assert!(MessageId::new("\u{200B}").is_err() && MessageId::new(" ").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId(Arc<str>);

impl MessageId {
    /// Longest id kept, in bytes.
    pub const MAX_LEN: usize = 128;

    /// The id `id`, cut to [`MAX_LEN`](Self::MAX_LEN) bytes at a character boundary.
    ///
    /// # Errors
    /// [`ParseError`] when the id is blank or holds a control or invisible character.
    pub fn new(id: &str) -> Result<Self, ParseError> {
        let bounded = Self::bounded(id);
        match id_problem(bounded, Self::MAX_LEN) {
            None => Ok(Self(bounded.into())),
            Some(problem) => Err(ParseError::new("message id", id).with_hint(problem)),
        }
    }

    /// The longest prefix of `id` within the bound that ends at a character boundary.
    pub(crate) fn bounded(id: &str) -> &str {
        let mut end = id.len().min(Self::MAX_LEN);
        while !id.is_char_boundary(end) {
            end -= 1;
        }
        &id[..end]
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_a_character_boundary() {
        let id = format!("{}é", "a".repeat(MessageId::MAX_LEN - 1));
        assert_eq!(
            MessageId::new(&id).unwrap().as_str(),
            "a".repeat(MessageId::MAX_LEN - 1)
        );
        assert_eq!(MessageId::bounded(""), "");
    }

    #[test]
    fn blank_hidden_and_control_ids_are_no_ids() {
        for bad in [
            "",
            " ",
            "\u{200B}",
            "\u{2060}\u{2060}",
            "m\u{1}1",
            "m\n1",
            "\u{FEFF}m1",
        ] {
            assert!(MessageId::new(bad).is_err(), "{bad:?}");
            assert!(id_problem(bad, 256).is_some(), "{bad:?}");
        }
        assert!(id_problem("ana", 2).is_some());
        assert!(id_problem("ana maria", 256).is_none());
    }
}
