//! JSON Lines claim files (`*.jsonl`): one report per line, for corpora written by extraction
//! pipelines.
//!
//! A line is an object with the keys of a TOML claim file: `report` (an object), `claim` (an array
//! of objects) and `entity` (an array of objects, or one object). Its records are read by the TOML
//! loader's own readers ([`load::read_claim_file`]), through [`FieldValue`]: field names, types
//! and checks, the records produced and the problem codes (`unknown-key`, `missing-key`,
//! `wrong-type`, `invalid-value`) are those of TOML files; malformed JSON is `json-syntax`. Two
//! differences follow from the format: a report's `id` is required (a file holds many reports, so
//! its stem cannot name them), and dates are strings in RFC 3339 form (`"2016-12-13"`,
//! `"2016-12-13T09:45:00Z"`) — a claim `value` that is such a string is a date.
//!
//! Every value keeps the byte span of its text in the file, so diagnostics underline it in the
//! `.jsonl` file as they would in a TOML file. JSON is read by a small parser here rather than
//! `serde_json`, which keeps no positions. A broken line is reported and skipped; every other line
//! is still read.

use crate::findings::Finding;
use crate::load::{self, Doc, FieldValue, Kind, RawCorpus, S};
use crate::source::{FileId, Span};
use crate::time::Time;
use std::borrow::Cow;
use std::ops::Range;

// ---------------------------------------------------------------------------------------------
// A spanned JSON value.

/// A JSON value and the byte range of its text in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Json<'a> {
    pub v: JsonValue<'a>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue<'a> {
    Null,
    Bool(bool),
    /// A number as written (always valid JSON number syntax).
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    /// Members in file order; keys are unique (a repeated key is a syntax error).
    Object(Vec<Member<'a>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Range<usize>,
    pub value: Json<'a>,
}

/// A JSON syntax error at a byte offset of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Range<usize>,
}

/// Nesting deeper than this is refused: claim files are two levels deep, and a bound keeps a
/// hostile line from exhausting the stack.
const MAX_DEPTH: usize = 64;

/// Parses one JSON document; `offset` is where `text` starts in its file (spans are file offsets).
pub fn parse_value(text: &str, offset: usize) -> Result<Json<'_>, SyntaxError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, offset };
    p.skip_ws();
    let v = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error("unexpected text after the end of the JSON value", p.pos..p.bytes.len()));
    }
    Ok(v)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    offset: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, message: impl Into<String>, at: Range<usize>) -> SyntaxError {
        SyntaxError { message: message.into(), span: at.start + self.offset..at.end + self.offset }
    }

    fn here(&self) -> Range<usize> {
        // One character (not byte) wide, so the span never splits a UTF-8 sequence.
        let len = self.text[self.pos..].chars().next().map_or(0, char::len_utf8);
        self.pos..self.pos + len
    }

    fn span(&self, start: usize) -> Range<usize> {
        start + self.offset..self.pos + self.offset
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn unexpected(&self, expected: &str) -> SyntaxError {
        match self.text[self.pos..].chars().next() {
            None => self.error(format!("unexpected end of line, expected {expected}"), self.pos..self.pos),
            Some(c) => self.error(format!("unexpected `{}`, expected {expected}", c.escape_debug()), self.here()),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("nested more than {MAX_DEPTH} levels deep"), self.here()));
        }
        let start = self.pos;
        let v = match self.bytes.get(self.pos) {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => JsonValue::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.literal("true", JsonValue::Bool(true))?,
            Some(b'f') => self.literal("false", JsonValue::Bool(false))?,
            Some(b'n') => self.literal("null", JsonValue::Null)?,
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Json { v, span: self.span(start) })
    }

    fn literal(&mut self, word: &str, v: JsonValue<'a>) -> Result<JsonValue<'a>, SyntaxError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.unexpected("a value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<JsonValue<'a>, SyntaxError> {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.unexpected("a digit")),
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.unexpected("a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.unexpected("a digit in the exponent"));
            }
        }
        Ok(JsonValue::Number(&self.text[start..self.pos]))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let start = self.pos;
        let digits = self.text.get(self.pos..self.pos + 4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match digits.and_then(|h| u32::from_str_radix(h, 16).ok()) {
            Some(n) => {
                self.pos += 4;
                Ok(n)
            }
            None => Err(self.error("`\\u` must be followed by four hex digits", start.saturating_sub(2)..start)),
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        // Borrow the text as it is unless an escape forces a copy.
        let mut owned: Option<String> = None;
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(self.error("unterminated string", open..self.pos));
            };
            match b {
                b'"' => {
                    let s = match owned {
                        Some(s) => Cow::Owned(s),
                        None => Cow::Borrowed(&self.text[start..self.pos]),
                    };
                    self.pos += 1;
                    return Ok(s);
                }
                b'\\' => {
                    let buf = owned.get_or_insert_with(|| self.text[start..self.pos].to_string());
                    let esc = self.pos;
                    let c = match self.bytes.get(self.pos + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 2;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A high surrogate must be followed by an escaped low one.
                                if !self.text[self.pos..].starts_with("\\u") {
                                    return Err(self.error("unpaired UTF-16 surrogate in `\\u` escape", esc..self.pos));
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.error("unpaired UTF-16 surrogate in `\\u` escape", esc..self.pos));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            let Some(c) = char::from_u32(code) else {
                                return Err(self.error("unpaired UTF-16 surrogate in `\\u` escape", esc..self.pos));
                            };
                            buf.push(c);
                            continue;
                        }
                        _ => {
                            self.pos += 1;
                            return Err(
                                self.error("invalid escape in string", esc..esc + 2.min(self.bytes.len() - esc))
                            );
                        }
                    };
                    buf.push(c);
                    self.pos += 2;
                }
                0x00..=0x1F => {
                    return Err(self.error(
                        "control character in string (write it as an escape, such as \\n)",
                        self.pos..self.pos + 1,
                    ))
                }
                _ => {
                    // Copy the run up to the next quote, backslash or control character at once.
                    let run_end = self.bytes[self.pos..]
                        .iter()
                        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                        .map_or(self.bytes.len(), |n| self.pos + n);
                    if let Some(buf) = owned.as_mut() {
                        buf.push_str(&self.text[self.pos..run_end]);
                    }
                    self.pos = run_end;
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<JsonValue<'a>, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(JsonValue::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(JsonValue::Array(items));
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue<'a>, SyntaxError> {
        self.pos += 1;
        let mut members: Vec<Member<'a>> = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(JsonValue::Object(members));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.unexpected("a key in double quotes"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = self.span(key_start);
            if members.iter().any(|m| m.key == key) {
                return Err(SyntaxError { message: format!("duplicate key `{key}`"), span: key_span });
            }
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.unexpected("`:`"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push(Member { key, key_span, value });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JsonValue::Object(members));
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// From JSON to raw records.

/// Parses a JSON Lines claim file into `out`: its entities, and a claim file for each line that
/// holds a report or claims. Returns, for each of those claim files in turn, the `text` its report
/// names: report texts are read by the caller, as for TOML claim files (even when the rest of the
/// report could not be read: its quotes can still be looked for).
pub fn parse(file: FileId, text: &str, problems: &mut Vec<Finding>, out: &mut RawCorpus) -> Vec<Option<S<String>>> {
    let mut texts = Vec::new();
    let mut start = 0;
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
        match parse_value(line, offset) {
            Ok(value) => {
                let mut doc = Doc::new(file, problems);
                let Some(top) = doc.fields(&value, "line", load::CLAIM_FILE_KEYS) else { continue };
                if let Some((claim_file, text_path)) = load::read_claim_file(&mut doc, &top, None, out) {
                    out.claim_files.push(claim_file);
                    texts.push(text_path);
                }
            }
            Err(e) => {
                let msg = format!("invalid JSON: {}", e.message);
                let f = Finding::corpus("json-syntax", Span::new(file, e.span), msg, e.message).with_help(
                    "each line of a .jsonl claim file is one JSON object: {\"report\": {…}, \"claim\": […]}",
                );
                problems.push(f);
            }
        }
    }
    texts
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
            "`{key}` of a {what} must be a date string such as \"2016-12-13\" or \"2016-12-13T09:45:00Z\", found {}",
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

fn number(n: &str) -> Option<f64> {
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

/// A date or datetime string, as TOML writes them unquoted (RFC 3339, with a date).
pub fn parse_time(s: &str) -> Result<Time, &'static str> {
    if !looks_like_date(s) {
        return Err("expected a date such as 2016-12-13 or a datetime such as 2016-12-13T09:45:00Z");
    }
    let dt: toml::value::Datetime = s.parse().map_err(|_| "not a valid RFC 3339 date or datetime")?;
    Time::from_toml(&dt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(s: &str) -> Json<'_> {
        parse_value(s, 0).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    /// The same document through serde_json, the reference.
    fn same_as_serde(s: &str) {
        fn convert(j: &Json) -> serde_json::Value {
            match &j.v {
                JsonValue::Null => serde_json::Value::Null,
                JsonValue::Bool(b) => serde_json::Value::Bool(*b),
                JsonValue::Number(n) => serde_json::from_str(n).expect("a number serde reads"),
                JsonValue::String(s) => serde_json::Value::String(s.to_string()),
                JsonValue::Array(a) => serde_json::Value::Array(a.iter().map(convert).collect()),
                JsonValue::Object(m) => {
                    serde_json::Value::Object(m.iter().map(|m| (m.key.to_string(), convert(&m.value))).collect())
                }
            }
        }
        let reference: serde_json::Value = serde_json::from_str(s).expect("valid JSON");
        assert_eq!(convert(&parse_ok(s)), reference, "{s}");
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for s in [
            r#"{"a": [1, -2.5e3, 0, 1E+2, 0.25], "b": {"c": null, "d": true, "e": false}}"#,
            r#"["plain", "esc\"aped\\ \/ \b\f\n\r\t", "\u00e9\u201c", "\ud83d\ude00 ok", ""]"#,
            "  {\"k\" :\t\"v\" }  ",
            r#""“typographic” ’quotes’ stay as they are""#,
            "[[[[]]], {}]",
        ] {
            same_as_serde(s);
        }
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for s in [
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "-",
            "1e",
            "tru",
            "\"abc",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "\"a\u{1}b\"",
            "{\"a\":1,}",
            "[1] 2",
            "{a:1}",
            "\"\\u12\"",
        ] {
            assert!(serde_json::from_str::<serde_json::Value>(s).is_err(), "serde accepts {s}");
            assert!(parse_value(s, 0).is_err(), "accepted {s}");
        }
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert!(parse_value(&deep, 0).is_err());
    }

    #[test]
    fn spans_are_file_offsets_of_each_value() {
        let line = r#"{"id": "no-deal", "n": [100, 300]}"#;
        let v = parse_value(line, 1000).unwrap();
        let JsonValue::Object(m) = &v.v else { panic!() };
        assert_eq!(v.span, 1000..1000 + line.len());
        assert_eq!(&line[m[0].key_span.start - 1000..m[0].key_span.end - 1000], "\"id\"");
        assert_eq!(&line[m[0].value.span.start - 1000..m[0].value.span.end - 1000], "\"no-deal\"");
        assert_eq!(&line[m[1].value.span.start - 1000..m[1].value.span.end - 1000], "[100, 300]");
    }

    #[test]
    fn errors_point_at_the_offending_character_without_splitting_it() {
        let e = parse_value("[1, é]", 10).unwrap_err();
        assert_eq!(e.span, 14..16);
        assert!(e.message.contains("`é`"), "{}", e.message);
        let e = parse_value(r#"{"a": 1, "a": 2}"#, 0).unwrap_err();
        assert!(e.message.contains("duplicate key `a`"), "{}", e.message);
        assert_eq!(e.span, 9..12);
    }

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
}
