//! The one strict reader of the crate's TAB-separated data files.
//!
//! Every embedded file (taxonomy, sensitive mapping, lexicons, stop words, frequent words,
//! confusables, region codes) and every lexicon a host adds is read through [`records`]: lines starting
//! with `#` and blank lines are skipped, every other line is one record, and every problem is reported
//! with the file, the 1-based line and, where it concerns one field, the 1-based column. Nothing is
//! silently dropped: a loader either takes a record or fails with a [`TsvError`].

use std::fmt;

/// The most fields a record may have; no data file needs more.
pub(crate) const MAX_FIELDS: usize = 8;

/// What is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TsvError {
    pub(crate) file: String,
    pub(crate) line: usize,
    /// 1-based; `None` when the problem is the line as a whole.
    pub(crate) column: Option<usize>,
    pub(crate) message: String,
}

impl fmt::Display for TsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, line {}", self.file, self.line)?;
        if let Some(c) = self.column {
            write!(f, ", column {c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// One data line: its number and its fields (trimmed of surrounding spaces).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    file: &'a str,
    line: usize,
    len: usize,
    fields: [&'a str; MAX_FIELDS],
}

impl<'a> Record<'a> {
    /// The 1-based line number.
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// The fields, in order.
    pub(crate) fn fields(&self) -> &[&'a str] {
        &self.fields[..self.len]
    }

    /// Exactly `N` fields, else an error naming the count.
    pub(crate) fn exactly<const N: usize>(&self) -> Result<[&'a str; N], TsvError> {
        <[&'a str; N]>::try_from(self.fields()).map_err(|_| {
            self.error(
                None,
                format!("expected {N} columns, found {}", self.fields().len()),
            )
        })
    }

    /// Field `column` (0-based) parsed as `T`; the error names the 1-based column and the parser's reason.
    pub(crate) fn parse<T>(&self, column: usize) -> Result<T, TsvError>
    where
        T: std::str::FromStr,
        T::Err: fmt::Display,
    {
        let field = self.fields().get(column).copied().unwrap_or_default();
        field
            .parse()
            .map_err(|e: T::Err| self.error(Some(column), e.to_string()))
    }

    /// An error at this line, and at `column` (0-based) when given.
    pub(crate) fn error(&self, column: Option<usize>, message: impl Into<String>) -> TsvError {
        TsvError {
            file: self.file.to_owned(),
            line: self.line,
            column: column.map(|c| c + 1),
            message: message.into(),
        }
    }
}

/// The records of `text` (named `file` in errors), after `skip` header lines. A line with more than
/// [`MAX_FIELDS`] fields is an error, never cut short.
pub(crate) fn records<'a>(
    file: &'a str,
    text: &'a str,
    skip: usize,
) -> impl Iterator<Item = Result<Record<'a>, TsvError>> + 'a {
    text.lines()
        .enumerate()
        .skip(skip)
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(move |(n, l)| {
            let mut r = Record {
                file,
                line: n + 1,
                len: 0,
                fields: [""; MAX_FIELDS],
            };
            for field in l.split('\t') {
                match r.fields.get_mut(r.len) {
                    Some(slot) => *slot = field.trim(),
                    None => {
                        return Err(r.error(None, format!("more than {MAX_FIELDS} columns")));
                    }
                }
                r.len += 1;
            }
            Ok(r)
        })
}

/// How many records `text` has after `skip` header lines: its lines that are neither comments nor
/// blank. The integrity test compares every loader's count with this.
#[cfg(test)]
pub(crate) fn record_lines(text: &str, skip: usize) -> usize {
    text.lines()
        .skip(skip)
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_comments_and_blank_lines_and_names_the_line() {
        let text = "# head\n\na\tb\n  \nc\td\te\n";
        let recs: Vec<_> = records("f.tsv", text, 0).map(Result::unwrap).collect();
        assert_eq!(recs.len(), 2);
        assert_eq!((recs[0].line(), recs[0].fields()), (3, &["a", "b"][..]));
        assert_eq!(recs[1].line(), 5);
        let e = recs[1].exactly::<2>().unwrap_err();
        assert_eq!(e.to_string(), "f.tsv, line 5: expected 2 columns, found 3");
        let e = recs[0].parse::<u8>(1).unwrap_err();
        assert_eq!(e.column, Some(2));
        assert!(e.to_string().starts_with("f.tsv, line 3, column 2: "));
        assert_eq!(record_lines(text, 0), 2);
    }

    #[test]
    fn too_many_columns_is_an_error_not_a_cut() {
        let line = ["x"; MAX_FIELDS + 1].join("\t");
        let err = records("f", &line, 0).next().unwrap().unwrap_err();
        assert_eq!(err.line, 1);
    }
}
