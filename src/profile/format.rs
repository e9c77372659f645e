//! The stored forms of a profile (version 4; versions 1 to 3 still read) and the validation every
//! stored profile goes through before it becomes an [`InterestProfile`].

use serde::{Deserialize, Serialize};

use crate::error::profile::{ProfileError, ProfileErrorKind};
use crate::message_id::{id_problem, MessageId};
use crate::profile::entry::Entry;
use crate::profile::ledger::{settle_above, Record, MAX_LEDGER_LEN};
use crate::profile::log::{MessageLog, NO_SLOT};
use crate::profile::receipt::read_contributions;
use crate::profile::see_less;
use crate::profile::*;
use crate::surface::Surface;
use crate::taxonomy::{InterestId, Topic, TAXONOMY_SHA256, TAXONOMY_VERSION};
use crate::time::SUPPORTED_UNIX_SECONDS;

/// The stored form, version 4: the taxonomy file the ids refer to (`[version, sha256]`), settings by
/// name, then the surfaces and cited message ids once each, then each *settled* interest as a compact
/// array `[iab id, score, messages, first, last, surface bits, [message slots]]`, times in seconds
/// after `epoch` (Unix seconds, UTC), the "see less" topics as `[iab id, factor]`, and the ledger of
/// the latest messages as `[time, message slot or null, surface index or null, [[iab id, score]]]`;
/// the interests as read are the settled ones with the ledger replayed. Version 3 is the same without
/// taxonomy, ledger and settled surfaces (its interests all settled, under the embedded taxonomy);
/// version 2 also lacks `see_less` (read as none); version 1 (interests as objects, `interests`
/// instead of `entries`) is still read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProfileData {
    version: u32,
    /// Version 4: the taxonomy's version and the SHA-256 of its file.
    #[serde(default)]
    taxonomy: Option<(String, String)>,
    key: String,
    half_life_secs: u64,
    max_entries: usize,
    /// Version 4: how many of the latest messages the profile can forget exactly.
    #[serde(default)]
    ledger_len: Option<usize>,
    messages: u64,
    #[serde(default)]
    surfaces: Vec<String>,
    /// Version 4: bits of the surfaces settled messages came from (by position in `surfaces`).
    #[serde(default)]
    settled_surfaces: Option<u32>,
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
    /// Version 4: the latest messages, in ledger order.
    #[serde(default)]
    ledger: Vec<RecordV4>,
    /// Version 1 only.
    #[serde(default)]
    interests: Vec<EntryV1>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RecordV4(u64, Option<u32>, Option<u32>, Vec<(String, f32)>);

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
            .settled
            .iter()
            .map(|e| e.first_seen)
            .chain(p.ledger.iter().map(|r| r.at))
            .chain(p.log.live().map(|(i, _)| p.log.at(i)))
            .min()
            .unwrap_or(0);
        let delta = |t: i64| (t - epoch).max(0) as u64;
        // Only cited slots are written, each message once, in order of time and id: the same profile
        // writes the same log however its slots were numbered.
        let mut cited: Vec<u16> = p
            .log
            .live()
            .filter(|&(_, refs)| refs > 0)
            .map(|(i, _)| i)
            .collect();
        cited.sort_by(|&a, &b| (p.log.at(a), p.log.id(a)).cmp(&(p.log.at(b), p.log.id(b))));
        let mut renumber = vec![NO_SLOT; p.log.slots.len()];
        let mut log: Vec<(u64, String)> = Vec::new();
        for i in cited {
            let message = (delta(p.log.at(i)), p.log.id(i).to_owned());
            if log.last() != Some(&message) {
                log.push(message);
            }
            renumber[i as usize] = log.len() as u16 - 1;
        }
        let ledger = p
            .ledger
            .iter()
            .map(|r| {
                RecordV4(
                    delta(r.at),
                    (r.slot != NO_SLOT).then(|| renumber[r.slot as usize] as u32),
                    (r.surface != 0).then(|| r.surface.trailing_zeros()),
                    r.interests
                        .iter()
                        .map(|&(id, s)| (id.iab_id().to_owned(), s))
                        .collect(),
                )
            })
            .collect();
        ProfileData {
            version: FORMAT_VERSION,
            taxonomy: Some((TAXONOMY_VERSION.to_owned(), TAXONOMY_SHA256.to_owned())),
            ledger_len: Some(p.ledger_len),
            settled_surfaces: Some(p.settled_surfaces),
            ledger,
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
                .settled
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
        check_version_fields(&d)?;
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
            2..=FORMAT_VERSION if d.interests.is_empty() => {
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
                for (i, r) in d.ledger.iter().enumerate() {
                    let Some(s) = r.1 else { continue };
                    let Some(c) = cited_by.get_mut(s as usize) else {
                        return Err(field(
                            "ledger",
                            format!("record {i} cites message {s}, which is not logged"),
                        ));
                    };
                    *c = true;
                }
                if let Some(unused) = cited_by.iter().position(|c| !c) {
                    return Err(field(
                        "log",
                        format!("message {unused} is cited by no interest and no ledger record"),
                    ));
                }
                out
            }
            v @ 1..=FORMAT_VERSION => {
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
        let mut p = InterestProfile::with_settings(&d.key, d.half_life_secs, d.max_entries)?
            .with_ledger_len(d.ledger_len.unwrap_or(DEFAULT_LEDGER_LEN))?;
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
        let mut slots = Slots::default();
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
                let slot = slots.get(&mut p.log, t, &m);
                entry.cite(slot, &mut p.log);
                slots.release_if_unused(&mut p.log, slot);
            }
            match p.settled.binary_search_by_key(&id, |e| e.id) {
                Ok(_) => {
                    return Err(ProfileError::from(ProfileErrorKind::DuplicateInterest {
                        index,
                        id: id.iab_id(),
                    }))
                }
                Err(i) => p.settled.insert(i, entry),
            }
        }
        let all_surfaces = ((1u64 << p.surface_slots.len().min(MAX_SURFACES)) - 1) as u32;
        p.settled_surfaces = d.settled_surfaces.unwrap_or(all_surfaces);
        if p.settled_surfaces & !all_surfaces != 0 {
            return Err(field(
                "settled_surfaces",
                "a bit beyond the listed surfaces".into(),
            ));
        }
        read_ledger(&mut p, &mut slots, d.epoch, &d.log, d.ledger)?;
        p.rebuild();
        check_interests_as_read(&p)?;
        Ok(p)
    }
}

/// The log slots made while reading, one per stored message, so that a profile read back writes
/// the same log.
#[derive(Default)]
struct Slots(std::collections::BTreeMap<(i64, String), u16>);

impl Slots {
    fn get(&mut self, log: &mut MessageLog, at: i64, id: &str) -> u16 {
        *self
            .0
            .entry((at, id.to_owned()))
            .or_insert_with(|| log.add(at, id))
    }

    fn release_if_unused(&mut self, log: &mut MessageLog, slot: u16) {
        log.release_if_unused(slot);
        if log.is_free(slot) {
            self.0.retain(|_, s| *s != slot);
        }
    }
}

/// A version before 4 has none of its fields; a version 4 profile names the embedded taxonomy.
fn check_version_fields(d: &ProfileData) -> Result<(), ProfileError> {
    let has_v4_fields = d.taxonomy.is_some()
        || d.ledger_len.is_some()
        || d.settled_surfaces.is_some()
        || !d.ledger.is_empty();
    match (d.version, &d.taxonomy) {
        (1..=3, _) if has_v4_fields => Err(field(
            "version",
            format!(
                "a version {} profile has fields of version 4 (taxonomy, ledger, ...)",
                d.version
            ),
        )),
        (FORMAT_VERSION, None) => Err(field(
            "taxonomy",
            "a version 4 profile names its taxonomy".into(),
        )),
        (FORMAT_VERSION, Some((version, sha256)))
            if version != TAXONOMY_VERSION || sha256 != TAXONOMY_SHA256 =>
        {
            Err(ProfileError::from(ProfileErrorKind::TaxonomyMismatch {
                found: format!("{version} sha256:{sha256}"),
                expected: format!("{TAXONOMY_VERSION} sha256:{TAXONOMY_SHA256}"),
            }))
        }
        // Unsupported versions are refused by the caller.
        _ => Ok(()),
    }
}

/// Reads and checks the ledger records into `p`, in ledger order.
fn read_ledger(
    p: &mut InterestProfile,
    slots: &mut Slots,
    epoch: i64,
    log: &[(u64, String)],
    ledger: Vec<RecordV4>,
) -> Result<(), ProfileError> {
    if ledger.len() > settle_above(p.ledger_len) || p.ledger_len > MAX_LEDGER_LEN {
        return Err(field(
            "ledger",
            format!(
                "{} records, more than a ledger of {} keeps",
                ledger.len(),
                p.ledger_len
            ),
        ));
    }
    if ledger.len() as u64 > p.messages {
        return Err(field(
            "ledger",
            format!(
                "{} records, more than the profile's {} messages",
                ledger.len(),
                p.messages
            ),
        ));
    }
    for (index, RecordV4(delta, slot, surface, interests)) in ledger.into_iter().enumerate() {
        let bad = |message: String| field("ledger", format!("record {index}: {message}"));
        let at = i64::try_from(delta)
            .ok()
            .and_then(|x| x.checked_add(epoch))
            .filter(|t| SUPPORTED_UNIX_SECONDS.contains(t))
            .ok_or_else(|| bad("time outside 2000-01-01 to 2200-01-01".into()))?;
        let slot = match slot {
            None => NO_SLOT,
            Some(s) => {
                let Some((t, id)) = log.get(s as usize) else {
                    return Err(bad(format!("cites message {s}, which is not logged")));
                };
                if *t != delta {
                    return Err(bad(format!("message {s} is logged at another time")));
                }
                let slot = slots.get(&mut p.log, at, id);
                p.log.cite(slot);
                slot
            }
        };
        let surface = match surface {
            None => 0,
            Some(b) if (b as usize) < p.surface_slots.len().min(MAX_SURFACES) => 1 << b,
            Some(b) => return Err(bad(format!("surface {b} is not listed"))),
        };
        let parsed = read_contributions(interests).map_err(&bad)?;
        if let Some((id, _)) = parsed.iter().find(|(id, _)| p.is_hidden(*id)) {
            return Err(bad(format!("{} is a hidden topic", id.iab_id())));
        }
        p.ledger.push(Record {
            at,
            slot,
            surface,
            interests: parsed,
        });
    }
    p.sort_ledger();
    let used = p
        .ledger
        .iter()
        .fold(p.settled_surfaces, |m, r| m | r.surface);
    if let Some(b) = (0..p.surface_slots.len().min(MAX_SURFACES)).find(|b| used & (1 << b) == 0) {
        return Err(field(
            "surfaces",
            format!(
                "{} is listed, but no message came from it",
                p.surface_slots[b]
            ),
        ));
    }
    Ok(())
}

/// The interests as read (settled plus ledger) keep the profile's bounds.
fn check_interests_as_read(p: &InterestProfile) -> Result<(), ProfileError> {
    if p.entries.len() > p.max_entries {
        return Err(ProfileError::from(ProfileErrorKind::TooManyEntries {
            found: p.entries.len(),
            max: p.max_entries,
        }));
    }
    if let Some(e) = p.entries.iter().find(|e| e.messages as u64 > p.messages) {
        return Err(field(
            "messages",
            format!(
                "interest {} counts {} messages, more than the profile's {}",
                e.id.iab_id(),
                e.messages,
                p.messages
            ),
        ));
    }
    Ok(())
}
