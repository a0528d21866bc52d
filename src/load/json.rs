//! JSON with positions: the spanned JSON value a line of a JSON Lines claim file is read into
//! (see [`super::jsonl`]). JSON is read by this small parser rather than `serde_json`, which
//! keeps no positions: every value keeps the byte span of its text in the file, so diagnostics
//! underline it as they would in a TOML file.

use std::borrow::Cow;
use std::ops::Range;

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
    parse_value_in(text, offset, &mut Scratch::default())
}

/// Where the members of the objects and the items of the arrays being read are gathered, each
/// object or array then moved into a vector of its exact size: one allocation each, rather than
/// a vector grown (and copied) as its members come. Reused from document to document (the lines
/// of a JSON Lines file), it is allocated once.
#[derive(Default)]
pub struct Scratch<'a> {
    members: Vec<Member<'a>>,
    items: Vec<Json<'a>>,
}

/// [`parse_value`], gathering members and items in `scratch`.
pub fn parse_value_in<'a>(text: &'a str, offset: usize, scratch: &mut Scratch<'a>) -> Result<Json<'a>, SyntaxError> {
    // What a failed document left behind is not part of this one.
    scratch.members.clear();
    scratch.items.clear();
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, offset, scratch };
    p.skip_ws();
    let v = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error("unexpected text after the end of the JSON value", p.pos..p.bytes.len()));
    }
    Ok(v)
}

struct Parser<'a, 's> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    offset: usize,
    scratch: &'s mut Scratch<'a>,
}

impl<'a> Parser<'a, '_> {
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
                    // The quote or backslash is found with SIMD (`memchr2`), and the run checked
                    // for control characters in one branch-free pass: a byte at a time, this loop
                    // was a twentieth of a run.
                    let rest = &self.bytes[self.pos..];
                    let run = &rest[..memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len())];
                    let control = run.iter().fold(false, |any, &c| any | (c < 0x20));
                    let run_len =
                        if control { run.iter().position(|&c| c < 0x20).unwrap_or(run.len()) } else { run.len() };
                    let run_end = self.pos + run_len;
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
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(JsonValue::Array(Vec::new()));
        }
        // This array's items are gathered above those of the arrays it is inside.
        let first = self.scratch.items.len();
        loop {
            self.skip_ws();
            let item = self.value(depth + 1)?;
            self.scratch.items.push(item);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(JsonValue::Array(self.scratch.items.drain(first..).collect()));
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue<'a>, SyntaxError> {
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(JsonValue::Object(Vec::new()));
        }
        // This object's members are gathered above those of the objects it is inside.
        let first = self.scratch.members.len();
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.unexpected("a key in double quotes"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = self.span(key_start);
            if self.scratch.members[first..].iter().any(|m| m.key == key) {
                return Err(SyntaxError { message: format!("duplicate key `{key}`"), span: key_span });
            }
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.unexpected("`:`"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            self.scratch.members.push(Member { key, key_span, value });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JsonValue::Object(self.scratch.members.drain(first..).collect()));
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }
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
}
