//! Regions as ISO 3166-1 alpha-2 codes.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use once_cell::sync::Lazy;

use crate::data::{DataFile, REGIONS};
use crate::error::parse::ParseError;
use crate::util::tsv::{self, TsvError};

/// The assigned codes. The shipped file is checked by a test, so this never panics.
static ASSIGNED: Lazy<HashSet<[u8; 2]>> =
    Lazy::new(|| load(&REGIONS).expect("the shipped region codes are valid (tested)"));

/// Every code of `file`: one line each, two upper-case ASCII letters, none twice.
pub(crate) fn load(file: &DataFile) -> Result<HashSet<[u8; 2]>, TsvError> {
    let mut codes = HashSet::new();
    for r in tsv::records(file.name, file.text, file.header_lines) {
        let r = r?;
        let [code] = r.exactly::<1>()?;
        let code = <[u8; 2]>::try_from(code.as_bytes())
            .ok()
            .filter(|c| c.iter().all(u8::is_ascii_uppercase))
            .ok_or_else(|| r.error(Some(0), format!("{code:?} is not two capital letters")))?;
        if !codes.insert(code) {
            return Err(r.error(Some(0), "listed twice"));
        }
    }
    Ok(codes)
}

/// A country or territory: an officially assigned ISO 3166-1 alpha-2 code.
///
/// Parsing trims and upper-cases. Two exceptionally reserved codes that EU sources use are accepted
/// as aliases, because ISO reserves them for exactly one country each: `UK` reads as `GB`, `EL` as `GR`.
/// Every other code that is not officially assigned (`XK`, `ZZ`, `EU`) is an error, and a
/// [`PolicyEngine`](crate::PolicyEngine) denies a message whose region it cannot read.
///
/// ```
/// use chat_interests::Region;
/// assert_eq!(" de ".parse::<Region>()?.as_str(), "DE");
/// assert_eq!("UK".parse::<Region>()?, "GB".parse::<Region>()?);
/// assert!("EU".parse::<Region>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region([u8; 2]);

impl Region {
    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The code's two ASCII upper-case letters.
    pub(crate) fn letters(self) -> [u8; 2] {
        self.0
    }
}

impl FromStr for Region {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let code: [u8; 2] = <[u8; 2]>::try_from(t.as_bytes())
            .map_err(|_| {
                ParseError::new("region", s).with_hint("expected an ISO 3166-1 alpha-2 code")
            })?
            .map(|b| b.to_ascii_uppercase());
        let code = match &code {
            b"UK" => *b"GB",
            b"EL" => *b"GR",
            _ => code,
        };
        if ASSIGNED.contains(&code) {
            Ok(Region(code))
        } else {
            Err(ParseError::new("region", s).with_hint("not an assigned ISO 3166-1 alpha-2 code"))
        }
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({})", self.as_str())
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::util::serde_str::serde_via_str!(Region);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_list_is_complete_and_clean() {
        assert_eq!(ASSIGNED.len(), 249);
        assert!(ASSIGNED
            .iter()
            .all(|c| c.iter().all(u8::is_ascii_uppercase)));
    }

    #[test]
    fn parses_and_rejects() {
        assert!("us".parse::<Region>().is_ok());
        for bad in ["", "U", "USA", "XK", "ZZ", "EU", "Ü1", "  ", "G\u{0301}B"] {
            assert!(bad.parse::<Region>().is_err(), "{bad}");
        }
    }
}
