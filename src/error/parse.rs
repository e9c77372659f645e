//! Errors of the value types' text forms and ranges (the bottom layer: no other crate module is used).

use thiserror::Error;

/// Longest part of a bad input kept in an error: errors stay small even when the input was huge.
const MAX_ECHO_CHARS: usize = 64;

/// A value in text form could not be parsed (a category, region, surface, language, date or id).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid {what}: {value:?}{}", hint.map(|h| format!(" ({h})")).unwrap_or_default())]
pub struct ParseError {
    what: &'static str,
    value: String,
    hint: Option<&'static str>,
}

impl ParseError {
    pub(crate) fn new(what: &'static str, value: &str) -> Self {
        Self {
            what,
            value: value.chars().take(MAX_ECHO_CHARS).collect(),
            hint: None,
        }
    }

    pub(crate) fn with_hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    /// What kind of value was expected, e.g. `"region"`.
    pub fn expected(&self) -> &'static str {
        self.what
    }

    /// The input (at most its first 64 characters).
    pub fn input(&self) -> &str {
        &self.value
    }
}

/// A number is outside the range its type can hold (e.g. an instant outside years 1 to 9999).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{what} {value} is outside {range}")]
pub struct RangeError {
    what: &'static str,
    value: i64,
    range: &'static str,
}

impl RangeError {
    pub(crate) fn new(what: &'static str, value: i64, range: &'static str) -> Self {
        Self { what, value, range }
    }

    /// What the number was, e.g. `"instant (Unix seconds)"`.
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The number given.
    pub fn value(&self) -> i64 {
        self.value
    }
}
