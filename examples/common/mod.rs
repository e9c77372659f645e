//! Shared by the example binaries: the JSON Lines input contract.
//!
//! Input fields: `text` (required string), `lang`, `account`, `identity`, `surface`, `modality`,
//! `region`, `at` (RFC 3339; absent means now), `age`, `conversation` (an id: lines with the same id
//! are one conversation, in input order). Unreadable optional fields fail closed through
//! the policy (an unreadable region or time is denied), never by dropping the line.

#![allow(dead_code)]

pub mod policy;
pub mod run;

use chat_interests::{
    Classification, InterestId, InterestProfile, Language, MessageContext, ScoredInterest,
    SensitiveSet, Timestamp,
};
use serde_json::{json, Value};

/// One readable input line.
pub struct Input {
    pub text: String,
    pub lang: Option<Language>,
    pub account: Option<String>,
    pub identity: Option<String>,
    /// The conversation the line belongs to, if any: (given as an integer, the id). An integer
    /// and a string with the same digits are different conversations.
    pub conversation: Option<(bool, String)>,
    pub context: MessageContext,
}

impl Input {
    /// The profile key: identity when linked, else account.
    pub fn profile_key(&self) -> Option<&str> {
        chat_interests::InterestProfile::key_for(self.account.as_deref(), self.identity.as_deref())
    }
}

fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Parses one line (without its newline). `Err` is the message for `{"error": ...}`.
pub fn parse_line(bytes: &[u8], line: usize, now: Timestamp) -> Result<Input, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|e| format!("line {line}: not valid UTF-8 ({e})"))?;
    if text.trim().is_empty() {
        return Err(format!("line {line}: empty line"));
    }
    let v: Value =
        serde_json::from_str(text).map_err(|e| format!("line {line}: not JSON ({e})"))?;
    if !v.is_object() {
        return Err(format!("line {line}: expected a JSON object"));
    }
    // `Value` keeps the last of two equal keys; a filter that reads the first would disagree with us.
    if let Some(key) = duplicate_key(text) {
        return Err(format!("line {line}: key {key:?} appears twice"));
    }
    let Some(body) = string(&v, "text") else {
        return Err(format!("line {line}: missing string field \"text\""));
    };
    // A conversation id that cannot be read cannot be joined to its earlier turns: refuse the line.
    let conversation = match v.get("conversation") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) if !id.is_empty() && id.len() <= 256 => Some((false, id.clone())),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Some((true, n.to_string())),
        Some(_) => {
            return Err(format!(
                "line {line}: \"conversation\" must be a string of 1 to 256 bytes or an integer"
            ))
        }
    };
    let lang = string(&v, "lang").and_then(|l| l.parse().ok());
    // An identity that is no valid key (blank, invisible, control characters, too long) links nothing.
    let identity = string(&v, "identity").filter(|s| InterestProfile::is_valid_key(s));
    let mut ctx = MessageContext::builder().linked(identity.is_some());
    if let Some(Ok(region)) = string(&v, "region").map(|r| r.parse()) {
        ctx = ctx.region(region);
    }
    match v.get("at") {
        None | Some(Value::Null) => ctx = ctx.at(now),
        Some(Value::String(s)) => {
            if let Ok(t) = s.parse() {
                ctx = ctx.at(t);
            }
        }
        Some(_) => {}
    }
    match v.get("age") {
        None | Some(Value::Null) => {}
        Some(a) => match a.as_u64().and_then(|n| u16::try_from(n).ok()) {
            Some(age) => ctx = ctx.age(age),
            None => ctx = ctx.age_unreadable(),
        },
    }
    match v.get("surface") {
        None | Some(Value::Null) => {}
        Some(s) => match s.as_str().map(str::parse) {
            Some(Ok(surface)) => ctx = ctx.surface(surface),
            _ => ctx = ctx.surface_unreadable(),
        },
    }
    match v.get("modality") {
        None | Some(Value::Null) => {}
        Some(m) => match m.as_str().map(str::parse) {
            Some(Ok(modality)) => ctx = ctx.modality(modality),
            _ => ctx = ctx.modality_unreadable(),
        },
    }
    if let Some(id) = string(&v, "id").or_else(|| string(&v, "message_id")) {
        ctx = ctx.message_id(&id);
    }
    Ok(Input {
        text: body,
        lang,
        account: string(&v, "account"),
        identity,
        conversation,
        context: ctx.build(),
    })
}

/// The first top-level key of the JSON object `text` that appears twice, if any.
fn duplicate_key(text: &str) -> Option<String> {
    struct Keys(Option<String>);
    impl<'de> serde::de::Visitor<'de> for Keys {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let (mut seen, mut first) = (std::collections::BTreeSet::new(), self.0);
            // Read the whole object: the deserializer checks that it ends.
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<serde::de::IgnoredAny>()?;
                if !seen.insert(key.clone()) && first.is_none() {
                    first = Some(key);
                }
            }
            Ok(first)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    serde::Deserializer::deserialize_map(&mut de, Keys(None))
        .ok()
        .flatten()
}

/// Reads `input` line by line as bytes, so a line that is not UTF-8 is still a line. A UTF-8 byte
/// order mark at the start of the input is skipped.
pub fn for_each_line(
    mut input: impl std::io::BufRead,
    mut f: impl FnMut(usize, &[u8]),
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        line += 1;
        let mut end = buf.len();
        while end > 0 && matches!(buf[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let start = if line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        f(line, &buf[start.min(end)..end]);
    }
}

/// A score as the examples print it: rounded to four decimals (the library keeps full precision).
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// An interest as the examples print it: `{"iab", "name", "score"}`, the score rounded.
pub fn interest_json(id: InterestId, score: f64) -> Value {
    json!({ "iab": id.iab_id(), "name": id.name(), "score": round4(score) })
}

/// A message's interests as the examples print them.
pub fn interests_json(interests: &[ScoredInterest]) -> Vec<Value> {
    interests
        .iter()
        .map(|s| interest_json(s.id(), s.score() as f64))
        .collect()
}

/// Which detector flagged each of `sensitive`: `{"health": {"lexicon": true, "model": 0.97}}`, the
/// model's probability (four decimals) when it flagged the category, else `null`.
pub fn detected_by(sensitive: SensitiveSet, c: &Classification) -> Value {
    let map = sensitive
        .iter()
        .map(|cat| {
            let model = c
                .sensitive_by_model()
                .contains(cat)
                .then(|| c.model().probability(cat).map(|p| round4(p as f64)))
                .flatten();
            let lexicon = c.sensitive_by_lexicon().contains(cat);
            (
                cat.name().to_owned(),
                json!({ "lexicon": lexicon, "model": model }),
            )
        })
        .collect::<serde_json::Map<_, _>>();
    Value::Object(map)
}
