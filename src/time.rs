//! Instants with the offset they were written in, and civil dates. RFC 3339 in, RFC 3339 out.
//!
//! Small on purpose: the crate only needs to order instants, measure the time between them, and know the
//! local calendar date of a message (for a start rule that says "16 December, in the user's local time").

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::error::parse::{ParseError, RangeError};

/// Earliest instant accepted: 0001-01-01T00:00:00Z.
const MIN_SECONDS: i64 = -62_135_596_800;
/// Latest instant accepted: 9999-12-31T23:59:59Z.
const MAX_SECONDS: i64 = 253_402_300_799;

/// An instant, to the second, with the UTC offset it was written in.
///
/// Equality, order and hash look at the instant only: `2025-12-16T01:00:00+01:00` equals `2025-12-16T00:00:00Z`.
/// The offset is kept so that a policy can ask for the message's *local* date.
///
/// ```
/// use chat_interests::Timestamp;
/// let t: Timestamp = "2025-12-16T01:30:00+01:00".parse()?;
/// assert_eq!(t.unix_seconds(), 1_765_845_000);
/// assert_eq!(t.local_date().to_string(), "2025-12-16");
/// assert_eq!(t.to_utc().to_string(), "2025-12-16T00:30:00Z");
/// assert_eq!(t, "2025-12-16T00:30:00Z".parse()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Timestamp {
    seconds: i64,
    offset_seconds: i32,
}

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp {
        seconds: 0,
        offset_seconds: 0,
    };

    /// The instant `seconds` after 1970-01-01T00:00:00Z, in UTC.
    ///
    /// # Errors
    /// [`RangeError`] when the instant is outside years 1 to 9999.
    pub fn from_unix_seconds(seconds: i64) -> Result<Self, RangeError> {
        Self::with_offset(seconds, 0)
    }

    fn with_offset(seconds: i64, offset_seconds: i32) -> Result<Self, RangeError> {
        let local = seconds.checked_add(offset_seconds as i64);
        match local {
            Some(l)
                if (MIN_SECONDS..=MAX_SECONDS).contains(&seconds)
                    && (MIN_SECONDS..=MAX_SECONDS).contains(&l) =>
            {
                Ok(Self {
                    seconds,
                    offset_seconds,
                })
            }
            _ => Err(RangeError::new(
                "instant (Unix seconds)",
                seconds,
                "years 1 to 9999",
            )),
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> i64 {
        self.seconds
    }

    /// The offset from UTC it was written in, in seconds.
    pub fn offset_seconds(self) -> i32 {
        self.offset_seconds
    }

    /// The same instant in UTC.
    pub fn to_utc(self) -> Self {
        Self {
            seconds: self.seconds,
            offset_seconds: 0,
        }
    }

    /// The calendar date at the offset it was written in.
    pub fn local_date(self) -> CivilDate {
        CivilDate::from_days(self.local_days())
    }

    /// Days since 1970-01-01 of the local date (see [`CivilDate::days`]).
    pub(crate) fn local_days(self) -> i64 {
        (self.seconds + self.offset_seconds as i64).div_euclid(86_400)
    }

    /// Seconds from `earlier` to `self` (negative when `earlier` is later).
    pub fn seconds_since(self, earlier: Timestamp) -> i64 {
        self.seconds - earlier.seconds
    }

    /// The current time from the system clock, in UTC. (The library itself never calls this;
    /// it is for hosts and examples.)
    pub fn now() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Self::from_unix_seconds(secs).unwrap_or(Self {
            seconds: 0,
            offset_seconds: 0,
        })
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.seconds == other.seconds
    }
}
impl Eq for Timestamp {}
impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.seconds.cmp(&other.seconds)
    }
}
impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.seconds.hash(state);
    }
}

/// The instants the crate uses for personalisation and stores in profiles: 2000-01-01T00:00:00Z to
/// 2200-01-01T00:00:00Z. A policy denies a message outside them (`time_unknown`), so a profile never
/// holds a time that its reader refuses.
pub(crate) const SUPPORTED_UNIX_SECONDS: std::ops::RangeInclusive<i64> =
    946_684_800..=7_258_118_400;

/// The real range of UTC offsets (Baker Island to Kiribati's Line Islands).
const MIN_OFFSET_SECONDS: i32 = -12 * 3600;
const MAX_OFFSET_SECONDS: i32 = 14 * 3600;

impl FromStr for Timestamp {
    type Err = ParseError;

    /// Parses RFC 3339: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; `t`/`z`/space separators accepted,
    /// fractions truncated, a leap second `:60` read as `:59`. Offsets outside the real range
    /// −12:00…+14:00 are refused, though RFC 3339 allows up to ±23:59.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseError::new("RFC 3339 timestamp", s);
        let b = s.as_bytes();
        if b.len() < 20 || !s.is_ascii() {
            return Err(err());
        }
        let date = CivilDate::parse_prefix(&s[..10]).ok_or_else(err)?;
        if !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return Err(err());
        }
        let hour = digits(&b[11..13]).ok_or_else(err)?;
        let minute = digits(&b[14..16]).ok_or_else(err)?;
        let second = digits(&b[17..19]).ok_or_else(err)?;
        if hour > 23 || minute > 59 || second > 60 {
            return Err(err());
        }
        let mut i = 19;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return Err(err());
            }
        }
        let offset = match &b[i..] {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let h = digits(&[*h1, *h2]).ok_or_else(err)?;
                let m = digits(&[*m1, *m2]).ok_or_else(err)?;
                if h > 23 || m > 59 {
                    return Err(err());
                }
                let o = (h * 3600 + m * 60) as i32;
                if *sign == b'-' {
                    -o
                } else {
                    o
                }
            }
            _ => return Err(err()),
        };
        // RFC 3339 allows offsets up to ±23:59, but no place on Earth is outside −12:00…+14:00: such
        // an offset cannot be a real local time, and would move the local date by up to a day.
        if !(MIN_OFFSET_SECONDS..=MAX_OFFSET_SECONDS).contains(&offset) {
            return Err(err().with_hint("UTC offset outside -12:00..+14:00"));
        }
        let local = date.days() * 86_400 + (hour * 3600 + minute * 60 + second.min(59)) as i64;
        Self::with_offset(local - offset as i64, offset).map_err(|_| err())
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32)
    })
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.seconds + self.offset_seconds as i64;
        let date = CivilDate::from_days(local.div_euclid(86_400));
        let sod = local.rem_euclid(86_400);
        write!(
            f,
            "{date}T{:02}:{:02}:{:02}",
            sod / 3600,
            sod / 60 % 60,
            sod % 60
        )?;
        if self.offset_seconds == 0 {
            f.write_str("Z")
        } else {
            let o = self.offset_seconds.abs();
            let sign = if self.offset_seconds < 0 { '-' } else { '+' };
            write!(f, "{sign}{:02}:{:02}", o / 3600, o / 60 % 60)
        }
    }
}

crate::util::serde_str::serde_via_str!(Timestamp);

/// A proleptic Gregorian calendar date, `YYYY-MM-DD`.
///
/// ```
/// use chat_interests::CivilDate;
/// let d: CivilDate = "2025-12-16".parse()?;
/// assert!(d < "2026-01-01".parse()?);
/// assert!("2025-02-29".parse::<CivilDate>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    year: i32,
    month: u8,
    day: u8,
}

impl CivilDate {
    /// The date, if it exists (years 1 to 9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=9999).contains(&year) && (1..=days_in_month).contains(&day)).then_some(Self {
            year,
            month,
            day,
        })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }

    fn parse_prefix(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Self::new(
            digits(&b[0..4])? as i32,
            digits(&b[5..7])? as u8,
            digits(&b[8..10])? as u8,
        )
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub(crate) fn days(self) -> i64 {
        let y = self.year as i64 - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub(crate) fn from_days(z: i64) -> Self {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// Midnight at the start of this date in UTC.
    pub fn start_utc(self) -> Timestamp {
        Timestamp {
            seconds: self.days() * 86_400,
            offset_seconds: 0,
        }
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for CivilDate {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_prefix(s).ok_or_else(|| ParseError::new("date (YYYY-MM-DD)", s))
    }
}

crate::util::serde_str::serde_via_str!(CivilDate);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in [
            "1970-01-01T00:00:00Z",
            "2025-12-16T00:00:00Z",
            "2024-02-29T23:59:59-08:00",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            assert_eq!(s.parse::<Timestamp>().unwrap().to_string(), s);
        }
        assert_eq!(
            "2025-12-16T00:00:00.123456Z"
                .parse::<Timestamp>()
                .unwrap()
                .to_string(),
            "2025-12-16T00:00:00Z"
        );
    }

    #[test]
    fn accepts_the_real_offset_range() {
        for s in [
            "2025-12-16T00:00:00+14:00",
            "2025-12-16T00:00:00-12:00",
            "2025-12-16T00:00:00+05:45",
        ] {
            assert!(s.parse::<Timestamp>().is_ok(), "{s}");
        }
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "2025-12-16",
            "2025-13-01T00:00:00Z",
            "2025-12-16T24:00:00Z",
            "2025-12-16T00:00:00",
            "2025-12-16T00:00:00+1:00",
            "2025-02-30T00:00:00Z",
            "2025-12-16T00:00:00.Z",
            "0001-01-01T00:00:00+01:00",
            "２０２５-12-16T00:00:00Z",
            "2025-12-16T00:00:00+23:59",
            "2025-12-16T00:00:00+14:01",
            "2025-12-16T00:00:00-12:01",
        ] {
            assert!(s.parse::<Timestamp>().is_err(), "{s}");
        }
    }

    #[test]
    fn days_match_known_values() {
        assert_eq!(CivilDate::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(CivilDate::new(2025, 12, 16).unwrap().days(), 20_438);
        for z in [-719_162, -1, 0, 59, 20_438, 2_932_896] {
            assert_eq!(CivilDate::from_days(z).days(), z);
        }
    }

    #[test]
    fn local_date_uses_the_written_offset() {
        let t: Timestamp = "2025-12-15T23:30:00-05:00".parse().unwrap();
        assert_eq!(t.local_date().to_string(), "2025-12-15");
        assert_eq!(t.to_utc().local_date().to_string(), "2025-12-16");
    }
}
