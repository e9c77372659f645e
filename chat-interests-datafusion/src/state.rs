//! The profile's compact stored form, which is both the aggregate's partial state and its result.
//!
//! It is the core crate's serde form written with postcard; reading it back goes through the core's
//! validation, so bytes that are not a valid profile are an error, never a profile that could not
//! be read again.

use chat_interests::InterestProfile;
use thiserror::Error;

/// Bytes that are not a stored profile.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{len} bytes are not a valid stored profile: {reason}")]
#[non_exhaustive]
pub struct StateError {
    /// How many bytes were read.
    pub len: usize,
    /// What the reader found wrong (postcard's message; validation failures read as a serde error).
    pub reason: String,
}

/// The stored form of `profile` (postcard over the core crate's serde form).
///
/// ```
/// use chat_interests::InterestProfile;
/// use chat_interests_datafusion::{decode_profile, encode_profile};
/// let p = InterestProfile::new("person-1")?;
/// assert_eq!(decode_profile(&encode_profile(&p))?, p);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encode_profile(profile: &InterestProfile) -> Vec<u8> {
    // A profile serializes to postcard without error: every field is a plain value or sequence.
    postcard::to_stdvec(profile).unwrap_or_default()
}

/// Reads a profile back from [`encode_profile`]'s bytes, validating it.
///
/// # Errors
/// [`StateError`] when the bytes are cut, have trailing bytes, or hold a profile the core refuses
/// (a sensitive or unknown interest, a bad score, impossible times, too many entries).
///
/// ```
/// use chat_interests_datafusion::decode_profile;
/// assert!(decode_profile(&[0xff, 0x01, 0x02]).is_err());
/// ```
pub fn decode_profile(bytes: &[u8]) -> Result<InterestProfile, StateError> {
    let error = |reason: String| StateError {
        len: bytes.len(),
        reason,
    };
    match postcard::take_from_bytes::<InterestProfile>(bytes) {
        Ok((profile, [])) => Ok(profile),
        Ok((_, rest)) => Err(error(format!("{} trailing bytes", rest.len()))),
        // postcard keeps no message of a serde error, so the core's own reason is lost here.
        Err(postcard::Error::SerdeDeCustom) => Err(error(
            "the core's validation refused it (a sensitive or unknown interest, a bad score or time, \
             too many entries, a bad key or version; postcard does not say which)"
                .into(),
        )),
        Err(e) => Err(error(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cut_of_a_stored_profile_is_refused() {
        let p = InterestProfile::new("person-1").unwrap();
        let bytes = encode_profile(&p);
        for end in 0..bytes.len() {
            assert!(decode_profile(&bytes[..end]).is_err(), "cut at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(
            decode_profile(&longer)
                .unwrap_err()
                .to_string()
                .contains("trailing")
        );
    }
}
