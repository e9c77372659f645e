//! The host's id for a message: what explanations cite instead of text.

use std::fmt;
use std::sync::Arc;

/// A message id, at most [`MessageId::MAX_LEN`] bytes: a longer id is cut at the last character
/// boundary within the bound, so every id the crate holds or stores has the same bound.
///
/// ```
/// use chat_interests::MessageId;
/// let long = "é".repeat(100); // 200 bytes
/// let id = MessageId::new(&long);
/// assert_eq!(id.as_str().len(), MessageId::MAX_LEN);
/// assert_eq!(MessageId::new("m-81").as_str(), "m-81");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId(Arc<str>);

impl MessageId {
    /// Longest id kept, in bytes.
    pub const MAX_LEN: usize = 128;

    /// The id `id`, cut to [`MAX_LEN`](Self::MAX_LEN) bytes at a character boundary.
    pub fn new(id: &str) -> Self {
        Self(Self::bounded(id).into())
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
            MessageId::new(&id).as_str(),
            "a".repeat(MessageId::MAX_LEN - 1)
        );
        assert_eq!(MessageId::bounded(""), "");
    }
}
