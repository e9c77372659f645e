//! What one ingested message contributed to a profile, kept by the host so that the message can be
//! forgotten ([`InterestProfile::forget`](crate::InterestProfile::forget)) when its chat is deleted.

use serde::{Deserialize, Serialize};

use crate::error::profile::{ProfileError, ProfileErrorKind};
use crate::message_id::{id_problem, MessageId};
use crate::scored::MAX_INTERESTS;
use crate::surface::Surface;
use crate::taxonomy::InterestId;
use crate::time::{Timestamp, SUPPORTED_UNIX_SECONDS};

/// What one ingested message contributed: its id, time and surface, and the interests it added with
/// their scores. Never text. Returned by [`InterestProfile::ingest`](crate::InterestProfile::ingest).
///
/// Serializes as `{"message_id": "m1", "at": 1767225600, "surface": "instagram", "interests":
/// [["653", 0.63]]}` (time in Unix seconds, UTC); reading one back validates it like a profile (ids
/// that are no interest, a sensitive one among them, bad scores or times are refused).
///
/// ```
/// use chat_interests::{Classifier, InterestProfile, MessageContext, Policy, PolicyEngine, Receipt};
/// let ctx = MessageContext::builder().at("2026-01-10T12:00:00Z".parse()?).region("US".parse()?)
///     .surface("instagram".parse()?).message_id("m1").build();
/// let c = Classifier::builtin().classify("cheap flights to Lisbon", None);
/// let decision = PolicyEngine::new(Policy::announced_rollout()).evaluate(&ctx, &c);
/// let mut profile = InterestProfile::new("identity-1")?;
/// let receipt = profile.ingest(decision.allowed().unwrap());
/// assert_eq!(receipt.message_id(), Some("m1"));
///
/// let stored = serde_json::to_string(&receipt)?;
/// assert_eq!(serde_json::from_str::<Receipt>(&stored)?, receipt);
/// assert!(serde_json::from_str::<Receipt>(r#"{"at":1767225600,"interests":[["459",0.5]]}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ReceiptData", into = "ReceiptData")]
pub struct Receipt {
    pub(super) message_id: Option<String>,
    pub(super) at: i64,
    pub(super) surface: Option<Surface>,
    /// Sorted by id.
    pub(super) interests: Vec<(InterestId, f32)>,
}

impl Receipt {
    /// The message's id, if it had one.
    pub fn message_id(&self) -> Option<&str> {
        self.message_id.as_deref()
    }

    /// When it was sent (UTC).
    pub fn at(&self) -> Timestamp {
        crate::profile::entry::utc(self.at)
    }

    /// The surface it came from, if known.
    pub fn surface(&self) -> Option<&Surface> {
        self.surface.as_ref()
    }

    /// The interests it added, with their scores, sorted by id (hidden topics it touched are not
    /// among them: they added nothing).
    pub fn interests(&self) -> &[(InterestId, f32)] {
        &self.interests
    }
}

/// What [`InterestProfile::forget`](crate::InterestProfile::forget) could do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Forgotten {
    /// The message was in the profile's ledger: the profile now equals, up to floating-point rounding,
    /// the profile that never saw it (scores, counts, first and last seen, surfaces, cited ids).
    Exactly,
    /// The message was older than the ledger and already settled: its scores and counts were
    /// subtracted and its id is no longer cited, but first and last seen, surfaces and the other cited
    /// ids stay as they were (a settled profile keeps only sums).
    Settled,
}

/// The serde form of a [`Receipt`]; validated by `TryFrom`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptData {
    #[serde(default)]
    message_id: Option<String>,
    at: i64,
    #[serde(default)]
    surface: Option<Surface>,
    interests: Vec<(String, f32)>,
}

impl From<Receipt> for ReceiptData {
    fn from(r: Receipt) -> Self {
        ReceiptData {
            message_id: r.message_id,
            at: r.at,
            surface: r.surface,
            interests: r
                .interests
                .iter()
                .map(|&(id, s)| (id.iab_id().to_owned(), s))
                .collect(),
        }
    }
}

fn bad(message: String) -> ProfileError {
    ProfileError::from(ProfileErrorKind::Field {
        field: "receipt",
        message,
    })
}

/// What one message added, as stored in a receipt or a profile's ledger, checked: at most
/// [`MAX_INTERESTS`] interests, each an allowed id with a score in (0, 1], each once; sorted by id.
pub(super) fn read_contributions(
    raw: Vec<(String, f32)>,
) -> Result<Vec<(InterestId, f32)>, String> {
    if raw.len() > MAX_INTERESTS {
        return Err(format!(
            "{} interests, more than a message yields ({MAX_INTERESTS})",
            raw.len()
        ));
    }
    let mut interests = Vec::with_capacity(raw.len());
    for (id, score) in raw {
        let id = InterestId::new(&id).map_err(|e| e.to_string())?;
        if !(score > 0.0 && score <= 1.0) {
            return Err(format!("score {score} of {} is not in (0, 1]", id.iab_id()));
        }
        interests.push((id, score));
    }
    interests.sort_by_key(|&(id, _)| id);
    if let Some(w) = interests.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!("{} is listed twice", w[0].0.iab_id()));
    }
    Ok(interests)
}

impl TryFrom<ReceiptData> for Receipt {
    type Error = ProfileError;

    fn try_from(d: ReceiptData) -> Result<Self, ProfileError> {
        if let Some(m) = &d.message_id {
            if let Some(problem) = id_problem(m, MessageId::MAX_LEN) {
                return Err(bad(format!("message id {problem}")));
            }
        }
        if !SUPPORTED_UNIX_SECONDS.contains(&d.at) {
            return Err(bad(format!(
                "time {} is outside 2000-01-01 to 2200-01-01",
                d.at
            )));
        }
        let interests = read_contributions(d.interests).map_err(bad)?;
        Ok(Receipt {
            message_id: d.message_id,
            at: d.at,
            surface: d.surface,
            interests,
        })
    }
}
