//! Regions as ISO 3166-1 alpha-2 codes.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use once_cell::sync::Lazy;

use crate::data::{DataFile, REGIONS};
use crate::error::parse::ParseError;
use crate::util::tsv::{self, TsvError};

/// The assigned codes and their English names. The shipped file is checked by a test, so this never
/// panics.
static ASSIGNED: Lazy<HashMap<[u8; 2], &'static str>> =
    Lazy::new(|| load(&REGIONS).expect("the shipped region codes are valid (tested)"));

/// Every code of `file` with its name: one line each, two upper-case ASCII letters and a non-empty
/// name, no code twice.
pub(crate) fn load(file: &DataFile) -> Result<HashMap<[u8; 2], &'static str>, TsvError> {
    let mut codes = HashMap::new();
    for r in tsv::records(file.name, file.text, file.header_lines) {
        let r = r?;
        let [code, name] = r.exactly::<2>()?;
        let code = <[u8; 2]>::try_from(code.as_bytes())
            .ok()
            .filter(|c| c.iter().all(u8::is_ascii_uppercase))
            .ok_or_else(|| r.error(Some(0), format!("{code:?} is not two capital letters")))?;
        if name.is_empty() {
            return Err(r.error(Some(1), "no name"));
        }
        if codes.insert(code, name).is_some() {
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

    /// The usual English name, from the IANA time zone database's `iso3166.tab` (public domain):
    /// short and unambiguous for readers, e.g. `Britain (UK)` for `GB`; it takes no position on
    /// legal or territorial claims.
    ///
    /// ```
    /// use chat_interests::Region;
    /// assert_eq!("DE".parse::<Region>()?.name(), "Germany");
    /// assert_eq!("UK".parse::<Region>()?.name(), "Britain (UK)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(&self) -> &'static str {
        // Only assigned codes are ever built, and every assigned code has a name.
        ASSIGNED.get(&self.0).copied().unwrap_or("")
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
        if ASSIGNED.contains_key(&code) {
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
            .all(|(c, name)| c.iter().all(u8::is_ascii_uppercase) && !name.is_empty()));
        assert_eq!("KR".parse::<Region>().unwrap().name(), "Korea (South)");
        assert_eq!("AX".parse::<Region>().unwrap().name(), "Åland Islands");
    }

    #[test]
    fn parses_and_rejects() {
        assert!("us".parse::<Region>().is_ok());
        for bad in ["", "U", "USA", "XK", "ZZ", "EU", "Ü1", "  ", "G\u{0301}B"] {
            assert!(bad.parse::<Region>().is_err(), "{bad}");
        }
    }
}
