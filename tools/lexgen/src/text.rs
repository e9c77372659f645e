//! Reading source files and normalising their names the way the matcher reads text.

use std::collections::BTreeSet;
use std::path::Path;

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The term as the matcher reads it (the crate's fold: lower case, diacritics and hyphens gone), when
/// it is one to `max_words` words of letters and no acronym ("ATIII" reads like the leetspeak
/// "a7iii"); `None` otherwise.
pub fn normal(term: &str, max_words: usize) -> Option<String> {
    let raw: Vec<&str> = term.split_whitespace().collect();
    let ok = !raw.is_empty()
        && raw.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                && w.chars().next().is_some_and(char::is_alphabetic)
                && w.chars().last().is_some_and(char::is_alphabetic)
                // An acronym: two capitals or more, nothing in lower case.
                && (w.chars().filter(|c| c.is_uppercase()).count() < 2
                    || w.chars().any(char::is_lowercase))
        });
    if !ok {
        return None;
    }
    folded_words(term, max_words)
}

/// The folded words of `term` joined by one space, when there are one to `max_words` of them and
/// all are ASCII letters.
pub fn folded_words(term: &str, max_words: usize) -> Option<String> {
    let folded = chat_interests::fold(term);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let letters = words
        .iter()
        .all(|w| w.bytes().all(|b| b.is_ascii_lowercase()));
    (!words.is_empty() && words.len() <= max_words && letters).then(|| words.join(" "))
}

/// Column `column` of every data line of a TSV file, folded like the matcher reads it.
pub fn column(path: &Path, column: usize) -> BTreeSet<String> {
    read(path)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').nth(column))
        .map(|t| chat_interests::fold(t).trim().to_owned())
        .collect()
}

/// The records of a delimited file with `"`-quoted fields, which may hold the delimiter, quotes
/// (`""`) and line breaks; records of one field (blank lines) are skipped.
pub fn delimited_rows(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let row = rows.last_mut().expect("one row");
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                row.last_mut().expect("one field").push('"');
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => row.push(String::new()),
            '\n' if !quoted => rows.push(vec![String::new()]),
            '\r' if !quoted => {}
            c => row.last_mut().expect("one field").push(c),
        }
    }
    rows.retain(|r| r.len() > 1);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_their_delimiters() {
        assert_eq!(
            delimited_rows(r#"DB1;"a | b (x;y)";"say ""hi""";"#, ';'),
            [["DB1", "a | b (x;y)", "say \"hi\"", ""]]
        );
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let rows = delimited_rows("a,b\n\"x, \"\"y\"\"\",\"two\nlines\"\n", ',');
        assert_eq!(rows, [vec!["a", "b"], vec!["x, \"y\"", "two\nlines"]]);
    }

    #[test]
    fn acronyms_and_digits_are_no_terms() {
        assert_eq!(
            normal("Morbid obesity", 3).as_deref(),
            Some("morbid obesity")
        );
        assert_eq!(normal("ATIII", 3), None);
        assert_eq!(normal("alpha-1 antitrypsin", 3), None);
        assert_eq!(normal("a b c d", 3), None);
    }
}
