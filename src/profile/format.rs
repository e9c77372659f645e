//! The stored forms of a profile (version 3; versions 2 and 1 still read) and the validation every
//! stored profile goes through before it becomes an [`InterestProfile`].

use serde::{Deserialize, Serialize};

use crate::error::profile::{ProfileError, ProfileErrorKind};
use crate::message_id::{id_problem, MessageId};
use crate::profile::entry::Entry;
use crate::profile::log::NO_SLOT;
use crate::profile::see_less;
use crate::profile::*;
use crate::surface::Surface;
use crate::taxonomy::{InterestId, Topic};
use crate::time::SUPPORTED_UNIX_SECONDS;

/// The stored form, version 3: settings by name, then the cited surfaces and message ids once each,
/// then each interest as a compact array `[iab id, score, messages, first, last, surface bits,
/// [message slots]]`, times in seconds after `epoch` (Unix seconds, UTC), and the "see less" topics
/// as `[iab id, factor]`. Version 2 is the same without `see_less` (read as none); version 1
/// (interests as objects, `interests` instead of `entries`) is still read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProfileData {
    version: u32,
    key: String,
    half_life_secs: u64,
    max_entries: usize,
    messages: u64,
    #[serde(default)]
    surfaces: Vec<String>,
    #[serde(default)]
    hidden: Vec<String>,
    /// Version 3: topics seen less, with their factors.
    #[serde(default)]
    see_less: Vec<(String, f64)>,
    #[serde(default)]
    epoch: i64,
    /// Message ids entries cite: (seconds after epoch, id).
    #[serde(default)]
    log: Vec<(u64, String)>,
    #[serde(default)]
    entries: Vec<EntryV2>,
    /// Version 1 only.
    #[serde(default)]
    interests: Vec<EntryV1>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct EntryV2(String, f64, u64, u64, u64, u32, Vec<u32>);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryV1 {
    id: String,
    score: f64,
    messages: u64,
    first: i64,
    last: i64,
    #[serde(default)]
    surfaces: Vec<String>,
    #[serde(default)]
    recent: Vec<(i64, String)>,
}

impl From<InterestProfile> for ProfileData {
    fn from(p: InterestProfile) -> Self {
        let epoch = p
            .entries
            .iter()
            .map(|e| e.first_seen)
            .chain(p.log.live().map(|(i, _)| p.log.at(i)))
            .min()
            .unwrap_or(0);
        let delta = |t: i64| (t - epoch).max(0) as u64;
        // Only cited slots are written, renumbered in order.
        let mut renumber = vec![NO_SLOT; p.log.slots.len()];
        let mut log = Vec::new();
        for (i, refs) in p.log.live() {
            if refs > 0 {
                renumber[i as usize] = log.len() as u16;
                log.push((delta(p.log.at(i)), p.log.id(i).to_owned()));
            }
        }
        ProfileData {
            version: FORMAT_VERSION,
            epoch,
            // In order: entries cite them by position.
            surfaces: p.surface_slots.iter().map(|s| s.to_string()).collect(),
            hidden: p.hidden.iter().map(|t| t.iab_id().to_owned()).collect(),
            see_less: p
                .see_less
                .iter()
                .map(|(t, &f)| (t.iab_id().to_owned(), f))
                .collect(),
            entries: p
                .entries
                .iter()
                .map(|e| {
                    EntryV2(
                        e.id.iab_id().to_owned(),
                        e.score,
                        e.messages as u64,
                        delta(e.first_seen),
                        delta(e.last_seen),
                        e.surfaces,
                        e.recent
                            .iter()
                            .filter(|&&r| r != NO_SLOT)
                            .map(|&r| renumber[r as usize] as u32)
                            .collect(),
                    )
                })
                .collect(),
            log,
            interests: Vec::new(),
            key: p.key,
            half_life_secs: p.half_life_secs,
            max_entries: p.max_entries,
            messages: p.messages,
        }
    }
}

fn field(field: &'static str, message: String) -> ProfileError {
    ProfileError::from(ProfileErrorKind::Field { field, message })
}

fn surface_list(names: &[String]) -> Result<Vec<Surface>, ProfileError> {
    names
        .iter()
        .map(|s| s.parse().map_err(|e| field("surfaces", format!("{e}"))))
        .collect()
}

/// An interest as read, before it is checked.
struct RawEntry {
    id: String,
    score: f64,
    messages: u64,
    first: i64,
    last: i64,
    surfaces: Vec<Surface>,
    recent: Vec<(i64, String)>,
}

impl TryFrom<ProfileData> for InterestProfile {
    type Error = ProfileError;

    fn try_from(d: ProfileData) -> Result<Self, ProfileError> {
        // The profile's surfaces, in order: version 2 entries cite them by position.
        let surfaces = surface_list(&d.surfaces)?;
        let raw: Vec<RawEntry> = match d.version {
            1 if d.entries.is_empty() && d.log.is_empty() => d
                .interests
                .into_iter()
                .map(|e| {
                    Ok(RawEntry {
                        surfaces: surface_list(&e.surfaces)?,
                        id: e.id,
                        score: e.score,
                        messages: e.messages,
                        first: e.first,
                        last: e.last,
                        recent: e.recent,
                    })
                })
                .collect::<Result<_, ProfileError>>()?,
            2 if !d.see_less.is_empty() => {
                return Err(field(
                    "see_less",
                    "a version 2 profile has no see_less; it came with version 3".into(),
                ))
            }
            2 | FORMAT_VERSION if d.interests.is_empty() => {
                let at = |delta: u64| -> i64 {
                    i64::try_from(delta)
                        .ok()
                        .and_then(|x| x.checked_add(d.epoch))
                        .unwrap_or(i64::MAX)
                };
                let mut cited_by = vec![false; d.log.len()];
                let mut out = Vec::with_capacity(d.entries.len());
                for (index, EntryV2(id, score, messages, first, last, bits, slots)) in
                    d.entries.into_iter().enumerate()
                {
                    if surfaces.len() < MAX_SURFACES && bits >> surfaces.len() != 0 {
                        return Err(field(
                            "entries",
                            format!("entry {index} cites a surface that is not listed"),
                        ));
                    }
                    let mut recent = Vec::new();
                    let mut seen: Vec<u32> = Vec::with_capacity(slots.len());
                    for s in slots {
                        if seen.contains(&s) {
                            return Err(field(
                                "entries",
                                format!("entry {index} cites message {s} twice"),
                            ));
                        }
                        seen.push(s);
                        let Some((t, m)) = d.log.get(s as usize) else {
                            return Err(field(
                                "entries",
                                format!("entry {index} cites message {s}, which is not logged"),
                            ));
                        };
                        cited_by[s as usize] = true;
                        recent.push((at(*t), m.clone()));
                    }
                    out.push(RawEntry {
                        id,
                        score,
                        messages,
                        first: at(first),
                        last: at(last),
                        surfaces: surfaces
                            .iter()
                            .enumerate()
                            .filter(|(b, _)| has_bit(bits, *b))
                            .map(|(_, s)| s.clone())
                            .collect(),
                        recent,
                    });
                }
                if let Some(unused) = cited_by.iter().position(|c| !c) {
                    return Err(field(
                        "log",
                        format!("message {unused} is cited by no interest"),
                    ));
                }
                out
            }
            v @ (1 | 2 | FORMAT_VERSION) => {
                return Err(field(
                    "entries",
                    format!("a version {v} profile mixes the fields of versions 1 and 2"),
                ))
            }
            v => {
                return Err(ProfileError::from(ProfileErrorKind::UnsupportedVersion {
                    found: v,
                    newest: FORMAT_VERSION,
                }))
            }
        };
        let mut p = InterestProfile::with_settings(&d.key, d.half_life_secs, d.max_entries)?;
        if raw.len() > p.max_entries {
            return Err(ProfileError::from(ProfileErrorKind::TooManyEntries {
                found: raw.len(),
                max: p.max_entries,
            }));
        }
        p.messages = d.messages;
        if surfaces.len() > MAX_SURFACES {
            return Err(field(
                "surfaces",
                format!(
                    "{} surfaces, more than the bound of {MAX_SURFACES}",
                    surfaces.len()
                ),
            ));
        }
        p.surface_slots = surfaces;
        let mut sorted: Vec<&Surface> = p.surface_slots.iter().collect();
        sorted.sort();
        if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
            return Err(field("surfaces", format!("{} is listed twice", w[0])));
        }
        for h in &d.hidden {
            let topic = Topic::new(h).map_err(|e| field("hidden", e.to_string()))?;
            // Hiding is for interests: a sensitive topic can never be in a profile to hide.
            if let Some(category) = topic.sensitive() {
                return Err(field(
                    "hidden",
                    format!("{h} is a sensitive topic ({category}), never an interest"),
                ));
            }
            p.hidden.insert(topic);
        }
        for (t, factor) in &d.see_less {
            let topic = Topic::new(t).map_err(|e| field("see_less", e.to_string()))?;
            if p.see_less.contains_key(&topic) {
                return Err(field("see_less", format!("{t} is listed twice")));
            }
            see_less::check(&p.see_less, topic, *factor)?;
            p.see_less.insert(topic, *factor);
        }
        let time = |index: usize, secs: i64| -> Result<i64, ProfileError> {
            if !SUPPORTED_UNIX_SECONDS.contains(&secs) {
                return Err(ProfileError::from(ProfileErrorKind::BadTime {
                    index,
                    message: format!("time {secs} is outside 2000-01-01 to 2200-01-01"),
                }));
            }
            Ok(secs)
        };
        for (index, e) in raw.into_iter().enumerate() {
            let id = InterestId::new(&e.id).map_err(|source| {
                ProfileError::from(ProfileErrorKind::Interest { index, source })
            })?;
            // Each message adds less than 1 and decay only lowers a score, so a reachable score is at
            // most the number of messages (finite whatever the serde format).
            if !(e.score.is_finite() && e.score >= 0.0 && e.score <= e.messages as f64) {
                return Err(ProfileError::from(ProfileErrorKind::BadScore {
                    index,
                    score: e.score,
                }));
            }
            let (first_seen, last_seen) = (time(index, e.first)?, time(index, e.last)?);
            if first_seen > last_seen {
                return Err(ProfileError::from(ProfileErrorKind::BadTime {
                    index,
                    message: "first seen is after last seen".into(),
                }));
            }
            if e.messages == 0 || e.messages > u32::MAX as u64 || e.messages > p.messages {
                return Err(field(
                    "messages",
                    format!(
                        "entry {index} must count 1 to {} messages, and no more than the profile's {}",
                        u32::MAX,
                        p.messages
                    ),
                ));
            }
            if p.is_hidden(id) {
                return Err(field(
                    "interests",
                    format!("entry {index} ({}) is a hidden topic", id.iab_id()),
                ));
            }
            if e.recent.len() > RECENT_MESSAGES {
                return Err(field(
                    "recent",
                    format!("entry {index} keeps more than {RECENT_MESSAGES} message ids"),
                ));
            }
            let mut entry = Entry::new(id, first_seen);
            entry.score = e.score;
            entry.last_seen = last_seen;
            entry.messages = e.messages as u32;
            for s in &e.surfaces {
                if !p.surface_slots.contains(s) {
                    return Err(field(
                        "surfaces",
                        format!("entry {index} cites surface {s}, which the profile does not list"),
                    ));
                }
                entry.surfaces |= p.surface_bit(s);
            }
            for (t, m) in e.recent {
                if let Some(problem) = id_problem(&m, MessageId::MAX_LEN) {
                    return Err(field(
                        "recent",
                        format!(
                            "entry {index}: message id {problem} (1 to {} bytes, visible)",
                            MessageId::MAX_LEN
                        ),
                    ));
                }
                let t = time(index, t)?;
                if !(first_seen..=last_seen).contains(&t) {
                    return Err(ProfileError::from(ProfileErrorKind::BadTime {
                        index,
                        message: format!("message {m:?} at {t} is outside first..last seen"),
                    }));
                }
                let slot = p.log.add(t, &m);
                entry.cite(slot, &mut p.log);
                p.log.release_if_unused(slot);
            }
            match p.entries.binary_search_by_key(&id, |e| e.id) {
                Ok(_) => {
                    return Err(ProfileError::from(ProfileErrorKind::DuplicateInterest {
                        index,
                        id: id.iab_id(),
                    }))
                }
                Err(i) => p.entries.insert(i, entry),
            }
        }
        Ok(p)
    }
}
