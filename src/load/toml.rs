//! TOML: claim files (`*.toml`, a `[report]`, `[[claim]]` and `[[entity]]` tables), rule packs
//! and the config. TOML is parsed with error recovery (every syntax error is reported as
//! `toml-syntax`, and what could be read is still read); its values are read by the shared field
//! readers through [`FieldValue`].

use super::fields::{FieldReader, Fields};
use super::raw::{RawClaimFile, RawCorpus, RawPack, S};
use super::schema;
use super::toml_big;
use super::toml_recovery;
use super::toml_value::Value;
use crate::codes::Code;
use crate::findings::{too_many_problems, Finding, MAX_PER_CODE};
use crate::source::FileId;
use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;
use toml::de::DeTable;
use toml::Spanned;

/// The code of a TOML syntax error.
pub const SYNTAX_ERROR: Code = Code::TomlSyntax;

/// How a big claim file is read a part at a time: its sections, and the tables read of it.
static CLAIM_SHAPE: toml_big::Shape = toml_big::Shape {
    sections: &toml_recovery::CLAIM_FILE,
    top: schema::CLAIM_FILE_KEYS,
    tables: &[("report", schema::REPORT_KEYS), ("claim", schema::CLAIM_KEYS), ("entity", schema::ENTITY_KEYS)],
};

/// How a big rule pack is read a part at a time.
static PACK_SHAPE: toml_big::Shape = toml_big::Shape {
    sections: &toml_recovery::PACK_OR_CONFIG,
    top: schema::PACK_KEYS,
    tables: &[("predicate", schema::PREDICATE_KEYS), ("rule", schema::RULE_KEYS)],
};

/// Parses a TOML claim file's tables into `out`: its entities, and the claim file unless it holds
/// neither a report nor claims. Returns the `text` the claim file's report names (none, or one):
/// report texts are read by the caller. A report without an `id` is named after the file's stem.
pub fn parse_claim_file(
    file: FileId,
    text: &str,
    path: &Path,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
) -> Vec<Option<S<String>>> {
    parse_claim_file_with(file, text, path, problems, out, toml_big::limits_for(text.len()))
}

/// [`parse_claim_file`], read a part at a time within `limits` when given.
fn parse_claim_file_with(
    file: FileId,
    text: &str,
    path: &Path,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
    limits: Option<toml_big::Limits>,
) -> Vec<Option<S<String>>> {
    let mut doc = FieldReader::new(file, problems);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // A big file is read a part at a time (see `toml_big`): parsed whole, a dense one would cost
    // tens of bytes a byte.
    if let Some(limits) = limits {
        let read = doc.read_big(text, &CLAIM_SHAPE, limits);
        let top = doc.big_document(&read.doc, "claim file", schema::CLAIM_FILE_KEYS);
        return claim_file(schema::read_claim_file(&mut doc, &top, Some(stem), out), out);
    }
    // A well-formed file is parsed once. One with a syntax error is recovered table by table
    // (see `toml_recovery`): the rest of it is read without the broken part.
    let recovered: toml_recovery::Recovered;
    let parsed = match DeTable::parse(text) {
        Ok(table) => table,
        Err(_) => {
            recovered = toml_recovery::recover(text, &toml_recovery::CLAIM_FILE);
            let errors = recovered.errors.iter().map(|(r, m)| (r.clone(), m.as_ref()));
            doc.report_syntax_errors(text, errors, &recovered.broken, 0);
            // Recovery leaves no error, unless a file is broken across its tables in more places
            // than it follows one by one: then the parser's own recovery reads what it can.
            let text = recovered.text.as_str();
            DeTable::parse(text).unwrap_or_else(|_| DeTable::parse_recoverable(text).0)
        }
    };
    let top = doc.document(&parsed, "claim file", schema::CLAIM_FILE_KEYS);
    claim_file(schema::read_claim_file(&mut doc, &top, Some(stem), out), out)
}

/// Keeps the claim file read, if any, and returns the `text` its report names.
fn claim_file(read: Option<(RawClaimFile, Option<S<String>>)>, out: &mut RawCorpus) -> Vec<Option<S<String>>> {
    match read {
        Some((claim_file, text_path)) => {
            out.claim_files.push(claim_file);
            vec![text_path]
        }
        None => Vec::new(),
    }
}

/// Reads a rule pack from text (built-in packs are compiled in; others are read from disk).
pub fn read_pack(name: &str, file: FileId, text: &str, problems: &mut Vec<Finding>) -> RawPack {
    let limits = (text.len() > toml_big::BIG).then_some(toml_big::LIMITS);
    read_pack_with(name, file, text, problems, limits)
}

/// [`read_pack`], read a part at a time within `limits` when given.
fn read_pack_with(
    name: &str,
    file: FileId,
    text: &str,
    problems: &mut Vec<Finding>,
    limits: Option<toml_big::Limits>,
) -> RawPack {
    let mut doc = FieldReader::new(file, problems);
    if let Some(limits) = limits {
        let read = doc.read_big(text, &PACK_SHAPE, limits);
        let top = doc.big_document(&read.doc, "rule pack", schema::PACK_KEYS);
        return schema::read_pack_file(&mut doc, &top, name);
    }
    let mut recovered = None;
    let parsed = doc.parse(text, &mut recovered);
    let top = doc.document(&parsed, "rule pack", schema::PACK_KEYS);
    schema::read_pack_file(&mut doc, &top, name)
}

/// Whether a TOML claim file may declare entities: whether its text holds the key `entity`, or
/// an escape that could spell it in a quoted key (`\u`, `\U`, or TOML 1.1's `\x`).
pub fn may_declare_entities(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"entity").is_some()
        || memchr::memchr_iter(b'\\', bytes).any(|i| matches!(bytes.get(i + 1), Some(b'u' | b'U' | b'x')))
}

/// TOML documents: parsed here, their fields read by the shared readers.
impl FieldReader<'_> {
    /// Parses the config (or a small rule pack), reporting its syntax errors; what could be read
    /// is returned. A broken one is recovered table by table as a claim file is (see
    /// `toml_recovery`), so that garbage costs its tokens, not its errors; the text read instead
    /// (the file's, its broken parts blanked) is kept in `recovered`, which the table borrows.
    /// A config bigger than [`toml_big::BIG`] is refused unread: parsed whole it could cost tens
    /// of bytes a byte, and no config comes near that size.
    pub fn parse<'i>(&mut self, text: &'i str, recovered: &'i mut Option<String>) -> Spanned<DeTable<'i>> {
        if text.len() > toml_big::BIG {
            let msg = format!(
                "this file is too big to be a config: {} bytes, more than {} MiB; it is not read",
                text.len(),
                toml_big::BIG >> 20
            );
            self.problems.push(Finding::corpus(Code::UnreadableFile, self.span(0..0), msg, "too big"));
            return Spanned::new(0..0, DeTable::new());
        }
        if let Ok(table) = DeTable::parse(text) {
            return table;
        }
        let r = toml_recovery::recover(text, &toml_recovery::PACK_OR_CONFIG);
        let errors = r.errors.iter().map(|(range, m)| (range.clone(), m.as_ref()));
        self.report_syntax_errors(text, errors, &r.broken, 0);
        let text: &'i str = recovered.insert(r.text).as_str();
        // Recovery leaves no error, unless a file is broken across its tables in more places
        // than it follows one by one: then the parser's own recovery reads what it can.
        DeTable::parse(text).unwrap_or_else(|_| DeTable::parse_recoverable(text).0)
    }

    /// Reads a TOML file bigger than [`toml_big::BIG`] a part at a time, reporting its syntax
    /// errors.
    fn read_big(&mut self, text: &str, shape: &'static toml_big::Shape, limits: toml_big::Limits) -> toml_big::Read {
        let read = toml_big::read(text, shape, limits);
        let errors = read.errors.iter().map(|(r, m)| (r.clone(), m.as_ref()));
        self.report_syntax_errors(text, errors, &read.broken, read.more_errors);
        read
    }

    /// The top-level table of a document read in parts, its keys checked (as [`Self::document`]).
    fn big_document<'t>(
        &mut self,
        top: &'t toml_big::Node,
        what: &'static str,
        known: &[&str],
    ) -> Fields<'t, toml_big::Node> {
        static EMPTY: std::sync::LazyLock<toml_big::Table> = std::sync::LazyLock::new(Default::default);
        let table = top.table().unwrap_or(&EMPTY);
        self.check_keys::<toml_big::Node>(table, what, known);
        Fields { table, span: self.span(0..0), what }
    }

    /// Reports syntax errors (at most [`MAX_PER_CODE`] a file, then one `too-many-problems`
    /// note counting the rest and `more` errors not given), and notes their places and the
    /// `broken` tables, so that no problem is reported again where the parser already complained.
    pub(super) fn report_syntax_errors<'m>(
        &mut self,
        text: &str,
        errors: impl Iterator<Item = (Range<usize>, &'m str)>,
        broken: &[Range<usize>],
        more: usize,
    ) {
        // Recovery can report one error many times over (each of 80 unclosed arrays ends at the
        // end of the file): each is said once. Kept as hashes: a file can hold millions.
        let mut seen = HashSet::new();
        let mut spans: Vec<(usize, usize)> = broken.iter().map(|r| (r.start, r.end)).collect();
        let mut shown = 0;
        let mut more = more;
        for (span, message) in errors {
            let mut r = within(text, span);
            // An error "at" a line break (an unclosed `[table`) is shown on the character before
            // it: a label on the break itself would fall off the end of the line.
            let at_break = text.get(r.start..).is_some_and(|t| t.is_empty() || t.starts_with(['\n', '\r']));
            if text.get(r.clone()).is_some_and(|t| t.trim().is_empty()) && at_break {
                let before = text.get(..r.start).and_then(|t| t.char_indices().next_back());
                r = match before {
                    Some((i, c)) if !c.is_whitespace() => i..r.start,
                    _ => r.start..r.start,
                };
            }
            let msg = message.trim();
            let hash = std::hash::BuildHasher::hash_one(seen.hasher(), msg);
            if !seen.insert((r.start, r.end, hash)) {
                continue;
            }
            spans.push((r.start, r.end));
            if shown == MAX_PER_CODE {
                more += 1;
                continue;
            }
            shown += 1;
            let mut first = msg.lines().next().unwrap_or("invalid TOML").to_string();
            let mut label = first.clone();
            let mut rest: Vec<String> =
                msg.lines().skip(1).filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
            if first == "duplicate key" {
                // Name the key, and where it was first defined when that can be told.
                let key = crate::printable::escape(text.get(r.clone()).unwrap_or_default());
                first = format!("duplicate key `{key}`");
                label.clone_from(&first);
                if let Some(line) = first_definition(text, r.clone()) {
                    first = format!("{first}, first defined on line {line}");
                    rest.insert(0, format!("a key is defined once in its table; line {line} already defines `{key}`"));
                }
            }
            let mut f = Finding::corpus(SYNTAX_ERROR, self.span(r.clone()), format!("invalid TOML: {first}"), label);
            if let Some(hint) = mistake_hint(text, r.start) {
                f = f.with_help(hint);
            } else if !rest.is_empty() {
                f = f.with_help(rest.join("\n"));
            }
            self.problems.push(f);
        }
        if more > 0 {
            self.problems.push(too_many_problems(self.file, SYNTAX_ERROR, more));
        }
        self.note_syntax_errors(spans);
    }

    /// The top-level table of a TOML document, its keys checked. It has no header to point at:
    /// a key missing from it is pointed at the start of the file.
    pub fn document<'t, 'i>(
        &mut self,
        top: &'t Spanned<DeTable<'i>>,
        what: &'static str,
        known: &[&str],
    ) -> Fields<'t, Value<'i>> {
        self.check_keys::<Value>(top.get_ref(), what, known);
        Fields { table: top.get_ref(), span: self.span(0..0), what }
    }
}

/// The line (1-based) on which the key or table that a `duplicate key` error at `at` names was
/// first defined: for a table header, the first header naming the same table; for a key, the
/// line of its table (since the last header) that defines the same key. `None` when neither is
/// found (a key inside an inline table).
fn first_definition(text: &str, at: Range<usize>) -> Option<usize> {
    let line_start = text.get(..at.start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text.get(at.start..)?.find('\n').map_or(text.len(), |i| at.start + i);
    let line = text.get(line_start..line_end)?;
    let compact = |l: &str| -> String {
        let code = l.split('#').next().unwrap_or_default();
        code.chars().filter(|c| !c.is_whitespace()).collect()
    };
    let line_of = |offset: usize| text[..offset].bytes().filter(|&b| b == b'\n').count() + 1;
    let before = &text[..line_start];
    if line.trim_start().starts_with('[') {
        // A table header: the first header naming the same table, from the top of the file.
        let me = compact(line);
        let mut offset = 0;
        for l in before.split_inclusive('\n') {
            if l.trim_start().starts_with('[') && compact(l) == me {
                return Some(line_of(offset));
            }
            offset += l.len();
        }
        return None;
    }
    // A key: the same key (everything before its `=`) on an earlier line of the same table.
    let key = compact(text.get(line_start..at.end)?);
    let mut end = line_start;
    for l in before.split_inclusive('\n').rev() {
        let start = end - l.len();
        if l.trim_start().starts_with('[') {
            return None;
        }
        if l.split_once('=').is_some_and(|(k, _)| compact(k) == key) {
            return Some(line_of(start));
        }
        end = start;
    }
    None
}

/// A hint for the mistakes a newcomer makes most on a `key = value` line, for a syntax error at
/// `at` on that line: a number written with thousands separators (`value = 8,000`), a word
/// written without quotes (`value = agreed`), a string never closed (`quote = "no agreement`).
fn mistake_hint(text: &str, at: usize) -> Option<String> {
    let at = at.min(text.len());
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text.get(at..)?.find('\n').map_or(text.len(), |i| at + i);
    let line = text.get(start..end)?.trim_end_matches('\r');
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let bare_key = |k: &str| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !bare_key(key) {
        return None;
    }
    let value = value.trim();
    if let Some(rest) = value.strip_prefix('"').filter(|_| !value.starts_with("\"\"\"")) {
        // A string still open at the end of its line (no quote closes it that a backslash does
        // not escape).
        let mut escaped = false;
        let closed = rest.chars().any(|c| {
            let close = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            close
        });
        return (!closed).then(|| format!("close the string on the same line: `{key} = {value}\"`"));
    }
    // Without a comment after it.
    let value = value.split('#').next().unwrap_or("").trim();
    let groups: Vec<&str> = value.split(',').collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let first = groups[0].strip_prefix('-').unwrap_or(groups[0]);
    if groups.len() > 1 && digits(first) && first.len() <= 3 && groups[1..].iter().all(|g| g.len() == 3 && digits(g)) {
        return Some(format!(
            "write numbers without a thousands separator: `{key} = {}` (or `{}`, with TOML's `_`)",
            value.replace(',', ""),
            value.replace(',', "_")
        ));
    }
    let word = value.chars().next().is_some_and(char::is_alphabetic)
        && value.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '\''))
        && !matches!(value, "true" | "false" | "inf" | "nan");
    word.then(|| format!("text is written in double quotes: `{key} = \"{value}\"`"))
}

/// `range` moved inside `text` and onto character boundaries, so that a span from the parser's
/// error recovery can never point past the end of the file or into the middle of a character.
fn within(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_mistakes_get_a_hint() {
        let hint = |line: &str| mistake_hint(line, line.find('=').unwrap() + 2);
        assert_eq!(
            hint("value = 8,000").as_deref(),
            Some("write numbers without a thousands separator: `value = 8000` (or `8_000`, with TOML's `_`)")
        );
        assert_eq!(hint("value = 1,250,000 # toll").as_deref().map(|h| h.contains("`value = 1250000`")), Some(true));
        assert_eq!(hint("value = agreed").as_deref(), Some("text is written in double quotes: `value = \"agreed\"`"));
        assert_eq!(
            hint("source = senior Turkish official").as_deref(),
            Some("text is written in double quotes: `source = \"senior Turkish official\"`")
        );
        assert_eq!(
            hint("quote = \"no agreement").as_deref(),
            Some("close the string on the same line: `quote = \"no agreement\"`")
        );
        for fine in ["quote = \"a \\\" b\" x", "value = 8,00", "value = [1, 2]", "a.b = c d"] {
            assert_eq!(hint(fine), None, "{fine}");
        }
    }

    #[test]
    fn files_that_may_declare_entities_are_told_apart() {
        for text in [
            "[[entity]]\nid = \"a\"\n",
            "[[\"entity\"]]\n",
            "entity = [{ id = \"a\" }]\n",
            "[[\"\\u0065ntity\"]]\n",
            "[[\"\\U00000065ntity\"]]\n",
            "[[\"\\x65ntity\"]]\n",
        ] {
            assert!(may_declare_entities(text), "{text}");
        }
        for text in ["[report]\nid = \"r\"\n\n[[claim]]\nquote = \"an \\\"Entity\\\"\\n\"\n", "", "\\"] {
            assert!(!may_declare_entities(text), "{text}");
        }
    }
}

/// A big file is read a part at a time (`toml_big`): whatever the cuts, it gives what the same
/// file parsed whole gives — claims, entities and every problem at its place.
#[cfg(test)]
mod in_parts {
    use super::*;
    use crate::source::Sources;

    /// The claim files, entities and problems read of `text`, whole or in parts within `limits`.
    fn read(text: &str, limits: Option<toml_big::Limits>) -> (String, Vec<String>) {
        let mut sources = Sources::default();
        let file = sources.add("x.toml".to_string(), text);
        let (mut problems, mut out) = (Vec::new(), RawCorpus::default());
        let texts = parse_claim_file_with(file, text, Path::new("x.toml"), &mut problems, &mut out, limits);
        // How many errors follow the first of a table is not told alike: read in parts, a table
        // defined twice across parts, or a key defined twice in a table longer than a part, does
        // not count them.
        let uncounted = |p: String| match p.find("\\n(") {
            Some(i) if p[i..].contains(" in this table after this one") => {
                let end = p[i..].find(")").map_or(p.len(), |e| i + e + 1);
                format!("{}{}", &p[..i], &p[end..])
            }
            _ => p,
        };
        let mut problems: Vec<String> = problems.iter().map(|p| uncounted(format!("{p:?}"))).collect();
        problems.sort();
        (format!("{:?}\n{:?}\n{texts:?}", out.claim_files, out.entities), problems)
    }

    fn same_in_parts(text: &str) {
        let whole = read(text, None);
        for part in [1, 2, 7, 30, 100, 400] {
            let limits = toml_big::Limits { part, value_tokens: 1 << 20 };
            let parts = read(text, Some(limits));
            assert_eq!(whole.0, parts.0, "parts of {part} bytes:\n{text}");
            assert_eq!(whole.1, parts.1, "parts of {part} bytes:\n{text}");
        }
    }

    /// Files of one shape repeated, about `size` bytes: blank lines, comments, empty tables, one
    /// key again and again, one table of many keys, inline tables, long dotted keys; and a
    /// well-formed file with its report last.
    fn shapes(size: usize) -> Vec<(&'static str, String)> {
        let lines = |f: &dyn Fn(usize) -> String| {
            let mut text = String::new();
            for i in 0.. {
                if text.len() >= size {
                    break;
                }
                text.push_str(&f(i));
            }
            text
        };
        let claim = |i: usize| {
            format!("\n[[claim]]\nid = \"c{i}\"\nsubject = \"s\"\npredicate = \"status\"\nvalue = \"agreed\"\nquote = \"q\"\n")
        };
        vec![
            ("blank lines", "\n".repeat(size)),
            ("comments", "# a comment\n".repeat(size / 12)),
            ("empty claims", "[[claim]]\n".repeat(size / 10)),
            ("empty entities", "[[entity]]\n".repeat(size / 11)),
            ("one key again", "a = 1\n".repeat(size / 6)),
            ("one claim of many keys", format!("[[claim]]\n{}", lines(&|i| format!("k{i} = {i}\n")))),
            ("a report of many keys", format!("[report]\n{}", lines(&|i| format!("k{i}.x = [{i}]\n")))),
            ("inline tables", lines(&|i| format!("t{i} = {{ a = 1, b = [2] }}\n"))),
            ("long dotted keys", lines(&|i| format!("k{i}{} = 1\n", ".a".repeat(30)))),
            ("empty claims, dotted", lines(&|i| format!("[[claim]]\nx.y{} = 1\n", i % 3))),
            ("claims, report last", format!("{}{REPORT}", lines(&claim))),
        ]
    }

    #[test]
    fn every_shape_reads_the_same_in_parts_and_a_part_at_a_time() {
        for (shape, text) in shapes(48 << 10) {
            let whole = read(&text, None);
            let limits = toml_big::Limits { part: 1 << 10, value_tokens: 1 << 20 };
            assert_eq!(whole, read(&text, Some(limits)), "{shape}");
            // Parsed a part at a time: never more than a part and a line (with a header) at once.
            let parts = toml_big::read(&text, &CLAIM_SHAPE, limits);
            assert!(parts.largest <= 2 << 10, "{shape}: {} bytes parsed at once", parts.largest);
        }
        let (claims, problems) = read(&shapes(48 << 10).pop().unwrap().1, Some(toml_big::LIMITS));
        assert!(claims.contains("\"c299\""), "every claim is read");
        assert_eq!(problems, Vec::<String>::new());
    }

    /// A rule pack reads the same in parts: the standard packs, and one of them broken.
    #[test]
    fn a_rule_pack_reads_the_same_in_parts() {
        for (name, text) in crate::packs::BUILTIN {
            for text in [text.to_string(), text.replacen("[[rule]]", "[[rule]]\nid = [", 1)] {
                let read = |limits| {
                    let mut problems = Vec::new();
                    let pack = read_pack_with(name, FileId(0), &text, &mut problems, limits);
                    let mut problems: Vec<String> = problems.iter().map(|p| format!("{p:?}")).collect();
                    problems.sort();
                    (format!("{pack:?}"), problems)
                };
                let whole = read(None);
                for part in [1, 50, 1000] {
                    assert_eq!(whole, read(Some(toml_big::Limits { part, value_tokens: 1 << 20 })), "{name}, {part}");
                }
            }
        }
    }

    /// One key/value too big to read (a million-element array) is a syntax error; the rest of its
    /// table is not read, every other table is.
    #[test]
    fn a_value_too_big_to_read_is_reported_and_the_rest_is_read() {
        let limits = toml_big::Limits { part: 1 << 10, value_tokens: 1 << 12 };
        let array = format!("x = [\n{}]\n", "1,\n".repeat(5000));
        let after = "[[claim]]\nid = \"b\"\nsubject = \"s\"\npredicate = \"p\"\nquote = \"q\"\n";
        let text = format!("{REPORT}[[claim]]\nid = \"a\"\n{array}subject = \"s\"\n{after}");
        let (claims, problems) = read(&text, Some(limits));
        assert!(claims.contains("\"b\""), "{claims}");
        assert!(!claims.contains("\"a\""), "{claims}");
        let at = text.find("x = [").unwrap();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("this key/value is too big: more than 4096 TOML tokens"), "{problems:#?}");
        assert!(problems[0].contains(&format!("start: {at}, end: {}", at + 5)), "{problems:#?}");
        // An array never closed is its syntax error, not a value too big.
        let text = format!("{REPORT}[[claim]]\nid = \"a\"\nx = [1,\n{}", "k = 1\n".repeat(5000));
        let (_, problems) = read(&text, Some(limits));
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("invalid TOML: ") && !problems[0].contains("too big"), "{problems:#?}");
    }

    const REPORT: &str = "# a claim file\n[report]\nid = \"r\"\ntitle = \"T\"\noutlet = \"O\"\nvia = [\"AFP\",\n  \"AP\"]\npublished = 2016-12-13\noffset = \"+03:00\"\ntext = \"r.txt\"\n\n";
    const CLAIMS: &str = "[[entity]]\nid = \"e\"\nname = \"E\"\nkind = \"country\"\naliases = [\"x\"]\n\n\
        [[claim]]\nid = \"c1\"\nsubject = \"s\"\npredicate = \"status\"\nvalue = [100, 300]\nas-of = 2016-12-13T09:47:00\n\
        quote = \"\"\"multi\n[[claim]]\nline\"\"\"\nnote = 'lit'\nextra.a = 1\nextra.b = 2\n[claim.sub]\nx = 1\n[claim.sub2]\ny = 2\nz.w = 3\n\n\
        [[claim]]\nid = \"c2\"  # the second\nsubject = \"s\"\nquote = \"q\"\nbogus = { a = 1, b = [1, 2] }\nwrapped = [\n  1,\n  2,\n]\n\
        [[claim.items]]\na = 1\n[[claim.items]]\nb = 2\nc = 3\n\n[[entity]]\nid = \"f\"\nname = \"F\"\nkind = \"x\"\n";

    #[test]
    fn a_well_formed_file_reads_the_same_in_parts() {
        same_in_parts(&format!("{REPORT}{CLAIMS}"));
        same_in_parts(&format!("{CLAIMS}{REPORT}"));
        same_in_parts(&format!("{REPORT}{CLAIMS}").replace('\n', "\r\n"));
        same_in_parts(&format!("x.a = 1\nx.b = 2\nfoo = 3\n[bar]\nq = 1\n{REPORT}[bar.baz]\nr = 2\n{CLAIMS}"));
        // A table of an earlier section, extended after another section.
        same_in_parts(&format!("{REPORT}{CLAIMS}[claim.late]\nz = 1\n[report.more]\nw = 1\n"));
        same_in_parts(&format!("{REPORT}[[claim]]\n{}", (0..50).map(|i| format!("k{i} = {i}\n")).collect::<String>()));
    }

    #[test]
    fn a_broken_file_reads_the_same_in_parts() {
        for broken in [
            "[[claim]]\nid = \"a\"\nsubject = \"s\"\nid = \"b\"\nquote = \"q\"\n",
            "[[claim]]\nid = \"a\"\nnote = [\"x\",\n\n[[claim]]\nid = \"b\"\n",
            "[[claim]]\nid = \"a\"\nquote = \"never closed\nsubject = \"s\"\n",
            "[[claim]]\nid = \"a\"\nvalue = 8,000\nquote = \"q\"\n",
            "[[claim]]\nid = \"a\"\nnote = \"\"\"never closed\n\n[[claim]]\nid = \"b\"\n",
            "[report]\nid = \"again\"\n",
            "[[claim]]\nid = \"a\"\n[claim.x]\nq = 1\n[claim.x]\nq = 2\n",
            "[[claim]]\nid = \"a\"\nx.a = 1\nx = 2\n",
        ] {
            same_in_parts(&format!("{REPORT}{broken}{CLAIMS}"));
        }
        same_in_parts(&format!("claim = 5\n{REPORT}{CLAIMS}"));
    }
}
