//! The message columns every function reads, in one order, and how a row becomes a message context.
//!
//! `text, lang, at, region, age, surface, linked, message_id`: strings may be `Utf8`, `LargeUtf8` or
//! `Utf8View` (what DataFusion reads from Parquet), `at` any timestamp, `age` any integer. Values
//! that cannot be read fail closed through the policy, as in the core crate's JSON Lines contract:
//! an unreadable region or time is left out (and denied), an unreadable age or surface is marked so.

use std::sync::Arc;

use chat_interests::{Language, MessageContext, Timestamp};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Int64Array, StringArray, TimestampSecondArray,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{Result, plan_err};

/// What a column must hold.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    Time,
    Int,
    Bool,
}

/// The message columns, by name, in argument order.
const MESSAGE: [(&str, Kind); 8] = [
    ("text", Kind::Str),
    ("lang", Kind::Str),
    ("at", Kind::Time),
    ("region", Kind::Str),
    ("age", Kind::Int),
    ("surface", Kind::Str),
    ("linked", Kind::Bool),
    ("message_id", Kind::Str),
];

/// The argument names of the message columns, for documentation and errors.
pub(crate) fn message_names() -> String {
    MESSAGE.map(|(name, _)| name).join(", ")
}

fn utc_seconds() -> DataType {
    DataType::Timestamp(TimeUnit::Second, Some(Arc::from("UTC")))
}

/// The type an argument of `kind` is read as, or `None` when `given` cannot be.
fn coerce(kind: Kind, given: &DataType) -> Option<DataType> {
    use DataType::*;
    let ok = match kind {
        Kind::Str => matches!(given, Utf8 | LargeUtf8 | Utf8View | Null),
        Kind::Time => matches!(given, Timestamp(_, _) | Null),
        Kind::Int => given.is_integer() || *given == Null,
        Kind::Bool => matches!(given, Boolean | Null),
    };
    ok.then(|| match kind {
        Kind::Str => Utf8,
        Kind::Time => utc_seconds(),
        Kind::Int => Int64,
        Kind::Bool => Boolean,
    })
}

/// The types `function`'s arguments are read as: `leading` string columns (such as the profile key)
/// followed by the message columns.
pub(crate) fn coerce_types(
    function: &str,
    leading: &[&str],
    given: &[DataType],
) -> Result<Vec<DataType>> {
    let kinds: Vec<(&str, Kind)> = leading
        .iter()
        .map(|&name| (name, Kind::Str))
        .chain(MESSAGE)
        .collect();
    if given.len() != kinds.len() {
        let names: Vec<&str> = kinds.iter().map(|(name, _)| *name).collect();
        return plan_err!(
            "{function} takes {} arguments ({}), not {}",
            kinds.len(),
            names.join(", "),
            given.len()
        );
    }
    let mut out = Vec::with_capacity(given.len());
    for (i, ((name, kind), t)) in kinds.iter().zip(given).enumerate() {
        match coerce(*kind, t) {
            Some(target) => out.push(target),
            None => {
                let wanted = match kind {
                    Kind::Str => "a string",
                    Kind::Time => "a timestamp",
                    Kind::Int => "an integer",
                    Kind::Bool => "a boolean",
                };
                return plan_err!(
                    "{function}: argument {} ({name}) must be {wanted}, not {t}",
                    i + 1
                );
            }
        }
    }
    Ok(out)
}

/// One batch of message columns, read row by row.
pub(crate) struct Messages {
    text: StringArray,
    lang: StringArray,
    at: TimestampSecondArray,
    region: StringArray,
    age: Int64Array,
    surface: StringArray,
    linked: BooleanArray,
    message_id: StringArray,
}

/// `array` as `target` (a no-op when the planner has already coerced it).
fn as_type(array: &ArrayRef, target: &DataType) -> Result<ArrayRef> {
    if array.data_type() == target {
        Ok(Arc::clone(array))
    } else {
        Ok(cast(array, target)?)
    }
}

impl Messages {
    /// The message columns from `arrays` (exactly eight, as [`coerce_types`] made them).
    pub(crate) fn new(arrays: &[ArrayRef]) -> Result<Self> {
        let [text, lang, at, region, age, surface, linked, message_id] = arrays else {
            return plan_err!("expected the 8 message columns ({})", message_names());
        };
        let s = |a: &ArrayRef| -> Result<StringArray> {
            Ok(as_type(a, &DataType::Utf8)?.as_string::<i32>().clone())
        };
        Ok(Self {
            text: s(text)?,
            lang: s(lang)?,
            at: as_type(at, &utc_seconds())?
                .as_primitive::<datafusion::arrow::datatypes::TimestampSecondType>()
                .clone(),
            region: s(region)?,
            age: as_type(age, &DataType::Int64)?
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .clone(),
            surface: s(surface)?,
            linked: as_type(linked, &DataType::Boolean)?.as_boolean().clone(),
            message_id: s(message_id)?,
        })
    }

    /// Number of rows.
    pub(crate) fn len(&self) -> usize {
        self.text.len()
    }

    /// Row `i`'s text (`None` when null: the row is no message) and language hint.
    pub(crate) fn text(&self, i: usize) -> Option<(&str, Option<Language>)> {
        let text = self.text.is_valid(i).then(|| self.text.value(i))?;
        let lang = str_at(&self.lang, i).and_then(|l| l.parse().ok());
        Some((text, lang))
    }

    /// Row `i`'s context.
    pub(crate) fn context(&self, i: usize) -> MessageContext {
        let mut ctx =
            MessageContext::builder().linked(self.linked.is_valid(i) && self.linked.value(i));
        if self.at.is_valid(i)
            && let Ok(at) = Timestamp::from_unix_seconds(self.at.value(i))
        {
            ctx = ctx.at(at);
        }
        if let Some(Ok(region)) = str_at(&self.region, i).map(str::parse) {
            ctx = ctx.region(region);
        }
        if self.age.is_valid(i) {
            match u16::try_from(self.age.value(i)) {
                Ok(age) => ctx = ctx.age(age),
                Err(_) => ctx = ctx.age_unreadable(),
            }
        }
        match str_at(&self.surface, i).map(str::parse) {
            None => {}
            Some(Ok(surface)) => ctx = ctx.surface(surface),
            Some(Err(_)) => ctx = ctx.surface_unreadable(),
        }
        if let Some(id) = str_at(&self.message_id, i) {
            ctx = ctx.message_id(id);
        }
        ctx.build()
    }
}

/// Row `i` of a string column, `None` when null.
pub(crate) fn str_at(a: &StringArray, i: usize) -> Option<&str> {
    a.is_valid(i).then(|| a.value(i))
}
