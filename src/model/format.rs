//! The weights file: a small header, the quantized weights and a checksum.
//!
//! ```text
//! magic "CISM" · version u16 · bits u8 · min_n u8 · max_n u8 · categories u8
//! per category: name length u8, name (snake_case), scale f32, bias f32
//! weights: i8 × buckets × categories, bucket-major (one feature reads one row)
//! checksum: FNV-1a 64 of everything before it
//! ```
//! All numbers little-endian.

use crate::category::SensitiveCategory;
use crate::error::build::BuildError;
use crate::model::features::{model_err, FeatureHasher};

const MAGIC: &[u8; 4] = b"CISM";
/// The format version this crate reads and writes.
pub(crate) const VERSION: u16 = 2;

/// A decoded weights file.
pub(crate) struct Decoded {
    pub(crate) hasher: FeatureHasher,
    pub(crate) categories: Vec<SensitiveCategory>,
    pub(crate) scales: Vec<f32>,
    pub(crate) biases: Vec<f32>,
    pub(crate) weights: Vec<i8>,
}

pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

pub(crate) fn encode(d: &Decoded) -> Vec<u8> {
    let (bits, min_n, max_n) = d.hasher.parameters();
    let mut out = Vec::with_capacity(d.weights.len() + 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&[bits, min_n, max_n, d.categories.len() as u8]);
    for (i, c) in d.categories.iter().enumerate() {
        out.push(c.name().len() as u8);
        out.extend_from_slice(c.name().as_bytes());
        out.extend_from_slice(&d.scales[i].to_le_bytes());
        out.extend_from_slice(&d.biases[i].to_le_bytes());
    }
    out.extend(d.weights.iter().map(|&w| w as u8));
    let sum = checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Reads `bytes` front to back; every problem names its byte offset.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], BuildError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(model_err(format!(
                "weights file ends at byte {} inside the {what}",
                self.bytes.len()
            )));
        };
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u8(&mut self, what: &str) -> Result<u8, BuildError> {
        Ok(self.take(1, what)?[0])
    }

    fn f32(&mut self, what: &str) -> Result<f32, BuildError> {
        let b = self.take(4, what)?;
        let x = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if !x.is_finite() {
            return Err(model_err(format!(
                "the {what} at byte {} is not a finite number",
                self.at - 4
            )));
        }
        Ok(x)
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, BuildError> {
    let Some(body_len) = bytes.len().checked_sub(8) else {
        return Err(model_err(format!(
            "weights file of {} bytes is too short",
            bytes.len()
        )));
    };
    let (body, sum) = bytes.split_at(body_len);
    let mut stored = [0u8; 8];
    stored.copy_from_slice(sum);
    // The magic and version first, so a file of another kind or version says so, not "checksum".
    let mut r = Reader { bytes: body, at: 0 };
    if r.take(4, "magic")? != MAGIC {
        return Err(model_err(
            "not a chat-interests weights file (magic)".into(),
        ));
    }
    let v = r.take(2, "version")?;
    let version = u16::from_le_bytes([v[0], v[1]]);
    if version != VERSION {
        return Err(model_err(format!(
            "weights format version {version}, this crate reads {VERSION}"
        )));
    }
    if checksum(body) != u64::from_le_bytes(stored) {
        return Err(model_err(
            "weights file checksum does not match: the file is damaged".into(),
        ));
    }
    let (bits, min_n, max_n) = (r.u8("bits")?, r.u8("min_n")?, r.u8("max_n")?);
    let hasher = FeatureHasher::new(bits, min_n, max_n)?;
    let n = r.u8("category count")? as usize;
    if n == 0 || n > SensitiveCategory::ALL.len() {
        return Err(model_err(format!("{n} categories is not in 1..=14")));
    }
    let (mut categories, mut scales, mut biases) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n {
        let len = r.u8("category name length")? as usize;
        let at = r.at;
        let name = std::str::from_utf8(r.take(len, "category name")?).unwrap_or("");
        let c: SensitiveCategory = name
            .parse()
            .map_err(|_| model_err(format!("unknown category {name:?} at byte {at}")))?;
        if categories.contains(&c) {
            return Err(model_err(format!("category {c} appears twice")));
        }
        categories.push(c);
        scales.push(r.f32("scale")?);
        biases.push(r.f32("bias")?);
    }
    let count = hasher.buckets() as usize * n;
    let weights: Vec<i8> = r.take(count, "weights")?.iter().map(|&b| b as i8).collect();
    if r.at != body.len() {
        return Err(model_err(format!(
            "{} bytes after the weights",
            body.len() - r.at
        )));
    }
    Ok(Decoded {
        hasher,
        categories,
        scales,
        biases,
        weights,
    })
}
