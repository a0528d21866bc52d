//! JSON Lines claim files (`*.jsonl`): one report per line, for corpora written by extraction
//! pipelines.
//!
//! A line is an object with the keys of a TOML claim file: `report` (an object), `claim` (an array
//! of objects) and `entity` (an array of objects, or one object). Its records are read by the
//! shared schema ([`schema::read_claim_file`]), through [`FieldValue`]: field names, types
//! and checks, the records produced and the problem codes (`unknown-key`, `missing-key`,
//! `wrong-type`, `invalid-value`) are those of TOML files; malformed JSON is `json-syntax`. Two
//! differences follow from the format: a report's `id` is required (a file holds many reports, so
//! its stem cannot name them), and dates are strings in RFC 3339 form (`"2016-12-13"`,
//! `"2016-12-13T09:45:00Z"`) — a claim `value` that is such a string is a date.
//!
//! Every value keeps the byte span of its text in the file ([`super::json`]), so diagnostics
//! underline it in the `.jsonl` file as they would in a TOML file. A broken line is reported and
//! skipped; every other line is still read.

use super::fields::{FieldReader, FieldValue, Kind};
use super::json::{parse_value_in, Json, JsonValue, Member, Scratch};
use super::raw::{RawCorpus, S};
use super::schema;
use crate::codes::Code;
use crate::findings::{too_many_problems, Finding, MAX_PER_CODE};
use crate::source::{FileId, Span};
use crate::time::Time;
use std::ops::Range;
use std::path::Path;

/// The code of a line that is not valid JSON.
pub const SYNTAX_ERROR: Code = Code::JsonSyntax;

/// Whether a JSON Lines claim file may declare entities: whether its text holds the key `entity`,
/// or a `\u` escape that could spell it in a key (JSON has no other escape that could).
pub fn may_declare_entities(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"entity").is_some()
        || memchr::memchr_iter(b'\\', bytes).any(|i| bytes.get(i + 1) == Some(&b'u'))
}

/// Parses a JSON Lines claim file into `out`: its entities, and a claim file for each line that
/// holds a report or claims. Returns, for each of those claim files in turn, the `text` its report
/// names: report texts are read by the caller, as for TOML claim files (even when the rest of the
/// report could not be read: its quotes can still be looked for). A line has no name of its own
/// (the file's `path` names none of its reports).
pub fn parse_claim_file(
    file: FileId,
    text: &str,
    _path: &Path,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
) -> Vec<Option<S<String>>> {
    let mut texts = Vec::new();
    let mut start = 0;
    // Syntax errors are counted as they come, not held: a file of a million broken lines must
    // cost what a hundred do (the other codes are capped when the file is done).
    let mut syntax_errors = 0;
    let mut scratch = Scratch::default();
    for line in text.split_inclusive('\n') {
        let offset = start;
        start += line.len();
        // A byte-order mark may open the file; it is not part of the first line's JSON.
        let (line, offset) = match line.strip_prefix('\u{feff}') {
            Some(rest) if offset == 0 => (rest, offset + '\u{feff}'.len_utf8()),
            _ => (line, offset),
        };
        // Without its line break, so that an error at the end of a line is placed on that line.
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        match parse_value_in(line, offset, &mut scratch) {
            Ok(value) => {
                let mut doc = FieldReader::new(file, problems);
                let Some(top) = doc.fields(&value, "line", schema::CLAIM_FILE_KEYS) else { continue };
                if let Some((claim_file, text_path)) = schema::read_claim_file(&mut doc, &top, None, out) {
                    out.claim_files.push(claim_file);
                    texts.push(text_path);
                }
            }
            Err(_) if syntax_errors >= MAX_PER_CODE => syntax_errors += 1,
            Err(e) => {
                syntax_errors += 1;
                let msg = format!("invalid JSON: {}", e.message);
                let f = Finding::corpus(SYNTAX_ERROR, Span::new(file, e.span), msg, e.message).with_help(
                    "each line of a .jsonl claim file is one JSON object: {\"report\": {…}, \"claim\": […]}",
                );
                problems.push(f);
            }
        }
    }
    if syntax_errors > MAX_PER_CODE {
        problems.push(too_many_problems(file, SYNTAX_ERROR, syntax_errors - MAX_PER_CODE));
    }
    texts
}

/// [`parse_claim_file`] on a file's bytes, which need not all be UTF-8: a line that is not is
/// reported at its first bad byte and left out (its bytes read as spaces, so every other offset
/// stays the file's), and every other line is still read.
pub fn parse_claim_bytes(
    file: FileId,
    bytes: &[u8],
    path: &Path,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
) -> Vec<Option<S<String>>> {
    let mut text = bytes.to_vec();
    let mut start = 0;
    while start < text.len() {
        let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i);
        if let Err(e) = std::str::from_utf8(&text[start..end]) {
            let bad = start + e.valid_up_to();
            let msg = format!("this line is not UTF-8 text (invalid byte at offset {bad}); it was left out");
            problems.push(
                Finding::corpus(Code::UnreadableFile, Span::new(file, bad..bad), msg, format!("invalid UTF-8 at byte {bad}"))
                    .with_help("claimlint reads UTF-8 only; the other lines of the file are still read. Convert the line (e.g. `iconv -f latin1 -t utf-8`)"),
            );
            text[start..end].fill(b' ');
        }
        start = end + 1;
    }
    // Every line is UTF-8 now.
    let text = String::from_utf8_lossy(&text);
    parse_claim_file(file, &text, path, problems, out)
}

/// JSON names its own types in messages; dates are strings in RFC 3339 form; a list is always an
/// array.
impl<'a> FieldValue for Json<'a> {
    type Table = [Member<'a>];
    const TABLE: (&'static str, &'static str) = ("a JSON object", "expected an object");
    const DATE: &'static str = "a date string";
    const STRING_IS_A_LIST: bool = false;
    const NO_REPORT: (&'static str, &'static str) = (
        "claims need a `report` object on their line saying which report they come from",
        "this line has `claim` but no `report`",
    );

    fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    fn type_name(&self) -> &'static str {
        match self.v {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "a boolean",
            JsonValue::Number(_) => "a number",
            JsonValue::String(_) => "a string",
            JsonValue::Array(_) => "an array",
            JsonValue::Object(_) => "an object",
        }
    }

    fn kind(&self) -> Kind<'_, Self> {
        match &self.v {
            JsonValue::Null => Kind::Null,
            JsonValue::Bool(b) => Kind::Bool(*b),
            JsonValue::Number(n) => Kind::Number(number(n)),
            JsonValue::String(s) => Kind::Str(s),
            JsonValue::Array(items) => Kind::Array(items),
            JsonValue::Object(members) => Kind::Table(members.as_slice()),
        }
    }

    fn get<'t>(members: &'t [Member<'a>], key: &str) -> Option<&'t Self> {
        members.iter().find(|m| m.key == key).map(|m| &m.value)
    }

    fn keys<'t>(members: &'t [Member<'a>]) -> impl Iterator<Item = (&'t str, Range<usize>)> {
        members.iter().map(|m| (m.key.as_ref(), m.key_span.clone()))
    }

    fn as_time(&self) -> Option<Result<Time, &'static str>> {
        match &self.v {
            JsonValue::String(s) => Some(parse_time(s)),
            _ => None,
        }
    }

    fn date_in_string(s: &str) -> Option<Result<Time, &'static str>> {
        looks_like_date(s).then(|| parse_time(s))
    }

    fn not_a_date(&self, key: &str, what: &str) -> (String, &'static str) {
        let msg = format!(
            "`{key}` of {} {what} must be a date string such as \"2016-12-13\" or \"2016-12-13T09:45:00Z\", found {}",
            super::fields::article(what),
            self.type_name()
        );
        (msg, "expected a date string")
    }

    fn invalid_date_label(_why: &'static str) -> &'static str {
        "expected a date such as \"2016-12-13\""
    }

    fn not_tables(&self, key: &str) -> (String, &'static str) {
        (format!("`{key}` must be an array of objects, found {}", self.type_name()), "expected [{…}, …]")
    }
}

/// A JSON number as a figure: finite, and an integer (written without `.` or an exponent) only
/// where a figure holds it exactly, as in TOML.
fn number(n: &str) -> Option<f64> {
    if !n.contains(['.', 'e', 'E']) {
        let i = n.parse::<i64>().ok()?;
        return (i.unsigned_abs() <= crate::model::MAX_EXACT_INTEGER as u64).then_some(i as f64);
    }
    n.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether a string is written as an RFC 3339 date or datetime (`2016-12-13`,
/// `2016-12-13T09:45:00Z`): such a claim value is read as a date.
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && (b.len() == 10
            || (matches!(b.get(10), Some(b'T' | b't' | b' ')) && digits(11..13) && b.get(13) == Some(&b':')))
}

/// A date or datetime string, as TOML writes them unquoted (RFC 3339, with a date). A datetime
/// without an offset is left [`Time::local`], for its claim file's `offset` to place.
pub fn parse_time(s: &str) -> Result<Time, &'static str> {
    if !looks_like_date(s) {
        return Err("expected a date such as 2016-12-13 or a datetime such as 2016-12-13T09:45:00Z");
    }
    let dt: toml::value::Datetime = s.parse().map_err(|_| "not a valid RFC 3339 date or datetime")?;
    Time::from_toml_written(&dt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc3339_strings() {
        assert_eq!(parse_time("2016-12-13").unwrap().to_string(), "2016-12-13");
        assert_eq!(parse_time("2016-12-13T18:00:00+03:00").unwrap().to_string(), "2016-12-13T18:00+03:00");
        assert!(parse_time("2016-02-30").is_err());
        assert!(parse_time("13/12/2016").is_err());
        assert!(parse_time("09:45:00").is_err());
        assert!(looks_like_date("2016-12-13T09:45:00Z"));
        assert!(!looks_like_date("2016-12-13-talks"));
        assert!(!looks_like_date("agreed"));
    }

    #[test]
    fn files_that_may_declare_entities_are_told_apart() {
        for text in ["{\"entity\": {\"id\": \"a\"}}\n", "{\"\\u0065ntity\": {}}\n"] {
            assert!(may_declare_entities(text), "{text}");
        }
        for text in ["{\"report\": {\"id\": \"r\"}, \"claim\": []}\n", "{\"q\": \"an \\\"Entity\\\"\\n\"}", "", "\\"] {
            assert!(!may_declare_entities(text), "{text}");
        }
    }
}
