//! Big TOML files, read a part at a time so that memory stays a small multiple of the file
//! (DESIGN §5 v2: 32 times the bytes read plus a fixed base).
//!
//! The `toml` crate parses a document whole: it lexes the text into a vector of tokens (24 bytes
//! each, up to one a byte), turns them into a vector of events, then builds the tables — tens of
//! bytes a byte for dense input (64 MiB of `a = 1` lines took 3.3 GB). A file bigger than [`BIG`]
//! is therefore cut, at the start of a line outside any array, inline table or multi-line string,
//! into parts of about [`PART`] bytes: whole sections (a `[report]`, `[[claim]]` or `[[entity]]`
//! header and its lines) side by side, and a section bigger than that at its top-level lines.
//! Each part is parsed alone (and recovered alone when broken, as `toml_recovery` recovers a
//! file), turned into a compact document of its own ([`Node`]) with spans in the file's
//! coordinates and the values of keys nobody reads dropped, and merged into the document of the
//! file with TOML's rules for tables defined in several places: arrays of tables grow, a table
//! named in a header path or by dotted keys is extended, anything else defined twice is a
//! `duplicate key`. The field readers then read that document as they read a parsed one.
//!
//! A part cut inside a section is parsed after the header lines it continues (the section's own
//! header and the last header line before the cut), copied in front of it: its keys land in the
//! same table as in the file. Those copied keys only lead the way into the table ([`Entry`]'s
//! `copied`), they define nothing.
//!
//! One key/value can be cut nowhere: one holding more than [`MAX_VALUE_TOKENS`] tokens (a
//! million-element array) is not read, with a `toml-syntax` error, and neither is the rest of its
//! table; a long string is one token and costs nothing.
//!
//! What a file read in parts does not tell that one parsed whole would: inside the value of an
//! unknown key (which is only named), a key defined again in a later part (`x.a = 1` … `x.a = 2`,
//! more than a part apart); and, of a table defined twice across parts, how many errors follow
//! the first.

use super::fields::{FieldValue, Kind};
use super::toml_recovery::{self, SyntaxError, Tables};
use super::toml_value::{number, Value};
use crate::time::Time;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;
use toml_parser::lexer::TokenKind;
use toml_parser::Source;

/// A TOML file bigger than this is read a part at a time; one up to this size is parsed whole,
/// which costs at most a few tens of megabytes.
pub(super) const BIG: usize = 1 << 20;

/// About how big a part is: parsing one whole costs tens of bytes a byte, a few megabytes.
const PART: usize = 128 << 10;

/// The most tokens one key/value may hold (about 30 MB to parse, however they are written).
pub(super) const MAX_VALUE_TOKENS: usize = 1 << 18;

/// Which tables of a kind of document are read, and so which values must be kept: the keys of
/// the top-level table, and for some of them (tables, or arrays of tables) the keys of each table.
/// Every other value of a known key is kept whole; the value of an unknown key is only named.
pub(super) struct Shape {
    pub sections: &'static Tables,
    pub top: &'static [&'static str],
    pub tables: &'static [(&'static str, &'static [&'static str])],
}

/// A value of a document read in parts, its span in the file.
#[derive(Debug)]
pub struct Node {
    span: Range<usize>,
    v: Val,
}

#[derive(Debug)]
enum Val {
    Str(String),
    /// A number, `None` when no figure holds it exactly; and its type's name.
    Number(Option<f64>, &'static str),
    Bool(bool),
    Date(Result<Time, &'static str>),
    Array(Vec<Node>),
    Table(Table),
    /// The value of a key nobody reads: only its type's name is kept.
    Dropped(&'static str),
}

/// A table: its entries in the order they came, sorted by key when the document is complete
/// (the order of the `toml` crate's tables), with an index while it is being built and big.
#[derive(Debug, Default)]
pub struct Table {
    entries: Vec<(String, Entry)>,
    /// Boxed so that a table without one (most are small) takes 8 bytes for it, not 48: a file
    /// of a million empty `[[claim]]` tables holds a million tables.
    #[allow(clippy::box_collection)]
    index: Option<Box<HashMap<String, usize>>>,
}

#[derive(Debug)]
struct Entry {
    key_span: Range<usize>,
    /// A key of the header lines copied in front of a part: it leads into a table, and its span is
    /// not a place in the file.
    copied: bool,
    value: Node,
}

/// Tables up to this many entries are searched one by one.
const INDEXED: usize = 16;

impl Table {
    fn position(&self, key: &str) -> Option<usize> {
        if let Some(index) = &self.index {
            return index.get(key).copied();
        }
        self.entries.iter().position(|(k, _)| k == key)
    }

    fn push(&mut self, key: String, entry: Entry) {
        if self.entries.len() == INDEXED {
            self.index = Some(Box::new(self.entries.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect()));
        }
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        }
        self.entries.push((key, entry));
    }

    /// Sorts the entries by key, as the `toml` crate's tables are, and drops the index.
    fn finish(&mut self) {
        self.index = None;
        self.entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, e) in &mut self.entries {
            e.value.finish();
        }
    }
}

impl Node {
    fn finish(&mut self) {
        match &mut self.v {
            Val::Table(t) => t.finish(),
            Val::Array(items) => items.iter_mut().for_each(Node::finish),
            _ => {}
        }
    }

    /// The complete top-level table.
    pub fn table(&self) -> Option<&Table> {
        match &self.v {
            Val::Table(t) => Some(t),
            _ => None,
        }
    }
}

/// A big file read: its document, and its syntax errors as `toml_recovery` reports them.
pub(super) struct Read {
    pub doc: Node,
    /// The first errors, in file order, and how many more there were (their places are in
    /// `broken`, so nothing is reported again where they are).
    pub errors: Vec<SyntaxError>,
    pub more_errors: usize,
    pub broken: Vec<Range<usize>>,
    /// The most bytes parsed at once (a part and the header lines copied in front of it): what
    /// bounds the memory a read takes besides the document.
    // Read by the tests, which check that no read parses more than a part and a line at once.
    #[cfg_attr(not(test), allow(dead_code))]
    pub largest: usize,
}

/// How many syntax errors are kept with their messages; more are only counted.
const KEPT_ERRORS: usize = 4 * crate::findings::MAX_PER_CODE;

struct Reading<'t> {
    text: &'t str,
    /// Where the sections of the file start.
    starts: Vec<usize>,
    shape: &'static Shape,
    limits: Limits,
    root: Table,
    errors: Vec<SyntaxError>,
    more_errors: usize,
    broken: Vec<Range<usize>>,
    largest: usize,
}

impl Reading<'_> {
    fn error(&mut self, at: Range<usize>, message: Cow<'static, str>) {
        if self.errors.len() < KEPT_ERRORS {
            self.errors.push((at, message));
        } else {
            self.more_errors += 1;
            self.broken.push(at);
        }
    }
}

/// How big a part is and how many tokens one key/value may hold: [`PART`] and
/// [`MAX_VALUE_TOKENS`], smaller in tests.
#[derive(Clone, Copy)]
pub(super) struct Limits {
    pub part: usize,
    pub value_tokens: usize,
}

pub(super) const LIMITS: Limits = Limits { part: PART, value_tokens: MAX_VALUE_TOKENS };

/// The limits a claim file of `len` bytes is read within: none (parsed whole) up to [`BIG`],
/// else [`LIMITS`]. `CLAIMLINT_TOML_PART=N` reads any claim file bigger than `N` bytes in parts
/// of about `N` bytes, with at most `N` tokens to a key/value: the fuzz target
/// `claim_file_parts` reaches the parts reader that way with small inputs.
pub(super) fn limits_for(len: usize) -> Option<Limits> {
    static PART_FROM_ENV: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    let from_env = *PART_FROM_ENV
        .get_or_init(|| std::env::var("CLAIMLINT_TOML_PART").ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0));
    match from_env {
        Some(n) => (len > n).then_some(Limits { part: n, value_tokens: n }),
        None => (len > BIG).then_some(LIMITS),
    }
}

/// Reads a big TOML file of `shape` a part at a time.
pub(super) fn read(text: &str, shape: &'static Shape, limits: Limits) -> Read {
    let starts = toml_recovery::section_starts(text, shape.sections);
    let mut r = Reading {
        text,
        starts: Vec::new(),
        shape,
        limits,
        root: Table::default(),
        errors: Vec::new(),
        more_errors: 0,
        broken: Vec::new(),
        largest: 0,
    };
    let part = limits.part;
    r.starts = starts;
    // Sections side by side, up to about PART bytes, are parsed together.
    let mut group: Option<Range<usize>> = None;
    for i in 0..r.starts.len() {
        let start = r.starts[i];
        let end = r.starts.get(i + 1).copied().unwrap_or(text.len());
        if end - start > part {
            if let Some(g) = group.take() {
                r.part(g, "");
            }
            r.section(start..end);
            continue;
        }
        match &mut group {
            Some(g) if end - g.start <= part => g.end = end,
            _ => {
                if let Some(g) = group.replace(start..end) {
                    r.part(g, "");
                }
            }
        }
    }
    if let Some(g) = group.take() {
        r.part(g, "");
    }
    r.starts = Vec::new();
    let mut doc = Node { span: 0..0, v: Val::Table(std::mem::take(&mut r.root)) };
    doc.finish();
    r.broken.sort_unstable_by_key(|b| (b.start, b.end));
    Read { doc, errors: r.errors, more_errors: r.more_errors, broken: r.broken, largest: r.largest }
}

/// Where a line ends, its line break included.
fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |n| from + n + 1)
}

impl Reading<'_> {
    /// Reads a section bigger than a part at its top-level lines, a part at a time. A section
    /// whose first line is a header (all but text before the first header) has that line copied
    /// in front of each part after its first.
    ///
    /// Once a part is broken, the rest of the section is not read (as when a file is recovered
    /// whole), and nothing is reported missing from it; its syntax errors are still counted, a
    /// part at a time, in the message of the first.
    fn section(&mut self, s: Range<usize>) {
        let text = self.text;
        let headed = text[s.clone()].trim_start_matches([' ', '\t']).starts_with('[');
        let own_header = headed.then(|| s.start..line_end(text, s.start));
        let source = Source::new(&text[s.clone()]);
        let mut depth = 0usize;
        let mut part_start = s.start;
        // The header lines the part starting at `part_start` continues.
        let mut prefix = String::new();
        // The last header line after the section's own, and where the current line starts.
        let mut sub_header: Option<Range<usize>> = None;
        let mut line_start = s.start;
        let mut first_token = true;
        let mut header_line = false;
        let mut since_line = 0usize;
        // Once broken: the first error's index in `errors` (if kept), and the errors counted after.
        let mut broken: Option<Broken> = None;
        for token in source.lex() {
            let end = s.start + token.span().end();
            since_line += 1;
            match token.kind() {
                TokenKind::Whitespace => continue,
                TokenKind::LeftSquareBracket => {
                    header_line |= first_token && depth == 0;
                    depth += 1;
                }
                TokenKind::LeftCurlyBracket => depth += 1,
                TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => depth = depth.saturating_sub(1),
                TokenKind::Newline if depth == 0 => {
                    if header_line && line_start != s.start {
                        sub_header = Some(line_start..end);
                    }
                    if end - part_start >= self.limits.part && end < s.end {
                        match &mut broken {
                            Some(b) => {
                                b.counted += self.count(part_start..end);
                                b.rest = true;
                            }
                            None => broken = self.broken_part(part_start..end, &prefix),
                        }
                        part_start = end;
                        prefix.clear();
                        for h in own_header.iter().chain(&sub_header) {
                            prefix.push_str(&text[h.clone()]);
                        }
                    }
                    line_start = end;
                    first_token = true;
                    header_line = false;
                    since_line = 0;
                    continue;
                }
                _ => {}
            }
            first_token = false;
            if since_line > self.limits.value_tokens {
                // One key/value too big to read: what comes before it is read, it and the rest
                // of the table are not.
                if broken.is_none() && (part_start == line_start || self.part(part_start..line_start, &prefix)) {
                    self.too_big(line_start..end);
                }
                self.broken.push(s);
                return;
            }
        }
        match &mut broken {
            Some(b) if part_start < s.end => {
                b.counted += self.count(part_start..s.end);
                b.rest = true;
            }
            None if part_start < s.end => broken = self.broken_part(part_start..s.end, &prefix),
            _ => {}
        }
        let Some(b) = broken else { return };
        self.broken.push(s);
        let Some(i) = b.first else { return };
        let message = if b.document && b.rest {
            // A key defined twice, say: what only the document shows is not counted after it.
            uncounted(&self.errors[i].1)
        } else if b.counted > 0 {
            recount(&self.errors[i].1, b.counted)
        } else {
            None
        };
        if let Some(message) = message {
            self.errors[i].1 = message.into();
        }
    }

    /// The syntax errors of the part of the file at `range`, counted.
    fn count(&mut self, range: Range<usize>) -> usize {
        self.largest = self.largest.max(range.len());
        toml_recovery::syntax_errors(&self.text[range], 0, 1).1
    }

    /// Reads a part of a section: `None` when it is whole.
    fn broken_part(&mut self, range: Range<usize>, prefix: &str) -> Option<Broken> {
        let before = self.errors.len();
        if self.part(range.clone(), prefix) {
            return None;
        }
        let first = (before..self.errors.len()).min_by_key(|&i| self.errors[i].0.start);
        Some(Broken { first, counted: 0, rest: false, document: self.count(range) == 0 })
    }

    /// Reports the key/value of which `read` has been read so far as too big, or its syntax
    /// error when it has one before the last line read (an array never closed reads on).
    fn too_big(&mut self, read: Range<usize>) {
        let text = self.text;
        let last_line = text[..read.end].rfind('\n').map_or(0, |n| n + 1);
        let (errors, _) = toml_recovery::syntax_errors(&text[read.clone()], read.start, 1);
        let first_line = read.start..line_end(text, read.start).min(read.end);
        let first_line = first_line.start..first_line.start + text[first_line].trim_end().len();
        match errors.into_iter().next().filter(|(at, _)| at.start < last_line) {
            Some((at, message)) => {
                let message = format!("{message}\n(the rest of this table is not read)");
                self.error(at, message.into());
            }
            None => {
                let message = format!(
                    "this key/value is too big: more than {} TOML tokens, more than one key and its value may hold\n\
                     (the rest of this table is not read)",
                    self.limits.value_tokens
                );
                self.error(first_line, message.into());
            }
        }
    }

    /// Parses the part of the file at `range`, after the header lines `prefix` it continues, and
    /// merges it into the document. Returns whether the rest of its section is to be read: not
    /// when the part is broken (as the rest of a broken section is not read when a file is
    /// recovered whole).
    ///
    /// A key the part defines again (one defined in an earlier part) is a `duplicate key`, and
    /// the part is read again without the rest of that key's section from its line on: as
    /// `toml_recovery` leaves out the rest of a table from its first error.
    fn part(&mut self, range: Range<usize>, prefix: &str) -> bool {
        let text = self.text;
        let Some(base) = range.start.checked_sub(prefix.len()) else { return self.part(range, "") };
        let copied = prefix.len();
        let mut part: Cow<str> = if prefix.is_empty() {
            Cow::Borrowed(&text[range.clone()])
        } else {
            Cow::Owned(format!("{prefix}{}", &text[range.clone()]))
        };
        self.largest = self.largest.max(part.len());
        let at = |r: &Range<usize>| (r.start.max(copied) + base)..(r.end.max(copied) + base);
        let mut whole = true;
        for round in 0.. {
            let table = match DeTable::parse(&part) {
                Ok(parsed) => convert_top(parsed.get_ref(), base, copied, self.shape),
                Err(_) => {
                    let r = toml_recovery::recover(&part, self.shape.sections);
                    // Once recovered, a part is read again only with more of it blanked: its
                    // errors are not found again (once recovery cannot do without the parser's
                    // own, they could be).
                    if round == 0 {
                        for (range, message) in &r.errors {
                            self.error(at(range), message.clone());
                        }
                    }
                    self.broken.extend(r.broken.iter().map(at));
                    whole = false;
                    let parsed = DeTable::parse(&r.text).unwrap_or_else(|_| DeTable::parse_recoverable(&r.text).0);
                    let table = convert_top(parsed.get_ref(), base, copied, self.shape);
                    drop(parsed);
                    part = Cow::Owned(r.text);
                    table
                }
            };
            let Some(twice) = conflict(&self.root, &table, text) else {
                merge(&mut self.root, table, text);
                break;
            };
            drop(table);
            self.error(twice.clone(), Cow::Borrowed("duplicate key"));
            whole = false;
            // Left out: the rest of the section from the line defining the key again (after a
            // few rounds, the rest of the part).
            // (A key of the copied header lines stands for the table the part continues: then
            // all of the part is left out.)
            let at = twice.start.max(range.start);
            let from = text[..at].rfind('\n').map_or(0, |n| n + 1).max(range.start);
            let i = self.starts.partition_point(|&s| s <= at);
            let section = self.starts[i.saturating_sub(1)]..self.starts.get(i).copied().unwrap_or(text.len());
            let to = if round < MAX_ROUNDS { section.end.min(range.end) } else { range.end };
            let to = to.max(from);
            // As when a file is recovered whole, nothing is reported missing from that table.
            self.broken.push(section.clone());
            let mut bytes = part.into_owned().into_bytes();
            bytes[from - base..to - base].fill(b' ');
            // Blanked from the start of a line to the start of one (or the end): still UTF-8.
            part = Cow::Owned(String::from_utf8(bytes).unwrap_or_default());
        }
        whole
    }
}

/// A section broken in one of its parts.
struct Broken {
    /// The index in `errors` of the part's first error, if kept.
    first: Option<usize>,
    /// The syntax errors of the section after the broken part.
    counted: usize,
    /// Whether the section goes on after the broken part.
    rest: bool,
    /// Whether the part has no syntax error: its first error is one only the document shows.
    document: bool,
}

const TAIL: &str = " in this table after this one, which may follow from it)";

/// The message of a section's first error that counts the errors after it in its part, without
/// the count, as `toml_recovery` words it when it does not count them: `None` when it counts none.
fn uncounted(message: &str) -> Option<String> {
    let (first, tail) = message.rsplit_once("\n(")?;
    tail.ends_with(TAIL).then(|| format!("{first}\n(more errors in this table after this one may follow from it)"))
}

/// The message of a section's first error, with `more` errors counted after it besides those it
/// counts: `None` when it counts none (a string never closed, an error of the document).
fn recount(message: &str, more: usize) -> Option<String> {
    let (first, had) = match message.rsplit_once("\n(") {
        Some((first, tail)) if tail.ends_with(TAIL) => {
            let n = tail.split(' ').next().unwrap_or_default();
            (first, if n == "one" { 1 } else { n.parse().ok()? })
        }
        _ if message.starts_with("this multi-line string") || message.contains("\n(") => return None,
        _ => (message, 0),
    };
    let n = had + more;
    Some(if n == 1 { format!("{first}\n(one more error{TAIL}") } else { format!("{first}\n({n} more errors{TAIL}") })
}

/// How many times a part is read again without a key defined twice, before the rest of it is
/// left out at once.
const MAX_ROUNDS: usize = 16;

/// The top-level table of a part, in the file's coordinates (`base` is where the part's text
/// starts in the file; its first `copied` bytes are copied header lines).
fn convert_top(t: &DeTable, base: usize, copied: usize, shape: &Shape) -> Table {
    let mut out = Table::default();
    for (key, value) in t.iter() {
        let name: &str = key.get_ref();
        let node = if !shape.top.contains(&name) {
            dropped(value, base)
        } else if let Some((_, keys)) = shape.tables.iter().find(|(n, _)| *n == name) {
            match value.get_ref() {
                DeValue::Table(t) => {
                    Node { span: shift(value.span(), base), v: Val::Table(convert(t, base, copied, Some(keys))) }
                }
                DeValue::Array(items) => Node {
                    span: shift(value.span(), base),
                    v: Val::Array(
                        items
                            .iter()
                            .map(|item| match item.get_ref() {
                                DeValue::Table(t) => Node {
                                    span: shift(item.span(), base),
                                    v: Val::Table(convert(t, base, copied, Some(keys))),
                                },
                                _ => whole(item, base, copied),
                            })
                            .collect(),
                    ),
                },
                _ => whole(value, base, copied),
            }
        } else {
            whole(value, base, copied)
        };
        out.push(name.to_string(), entry(key, node, base, copied));
    }
    out
}

fn entry(key: &Spanned<Cow<str>>, value: Node, base: usize, copied: usize) -> Entry {
    Entry { key_span: shift(key.span(), base), copied: key.span().start < copied, value }
}

fn shift(r: Range<usize>, base: usize) -> Range<usize> {
    r.start + base..r.end + base
}

/// A table's entries, those of keys not in `keys` (when given) only named.
fn convert(t: &DeTable, base: usize, copied: usize, keys: Option<&[&str]>) -> Table {
    let mut out = Table::default();
    for (key, value) in t.iter() {
        let name: &str = key.get_ref();
        let node = match keys {
            Some(keys) if !keys.contains(&name) => dropped(value, base),
            _ => whole(value, base, copied),
        };
        out.push(name.to_string(), entry(key, node, base, copied));
    }
    out
}

fn dropped(v: &Value, base: usize) -> Node {
    Node { span: shift(v.span(), base), v: Val::Dropped(FieldValue::type_name(v)) }
}

fn whole(v: &Value, base: usize, copied: usize) -> Node {
    let span = shift(v.span(), base);
    let v = match v.get_ref() {
        DeValue::String(s) => Val::Str(s.to_string()),
        DeValue::Integer(_) | DeValue::Float(_) => Val::Number(number(v.get_ref()), FieldValue::type_name(v)),
        DeValue::Boolean(b) => Val::Bool(*b),
        DeValue::Datetime(dt) => Val::Date(Time::from_toml_written(dt)),
        DeValue::Array(items) => Val::Array(items.iter().map(|i| whole(i, base, copied)).collect()),
        DeValue::Table(t) => Val::Table(convert(t, base, copied, None)),
    };
    Node { span, v }
}

/// How a key was defined, as its line in the file shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Def {
    /// `key = value`
    Value,
    /// `key.more = value`: a table of dotted keys.
    Dotted,
    /// `[key.more]` or `[[key.more]]`: a table on the way to the one the header defines.
    HeaderPath,
    /// `[key]`
    HeaderTable,
    /// `[[key]]`
    HeaderArray,
}

/// How the key at `span` of `text` is defined. A line is looked at only this far back.
fn def(text: &str, span: &Range<usize>) -> Def {
    let after = text.get(span.end..).unwrap_or_default().trim_start_matches([' ', '\t']);
    let from = span.start.saturating_sub(4096);
    let mut from = (from..=span.start).find(|&i| text.is_char_boundary(i)).unwrap_or(span.start);
    if let Some(n) = text[from..span.start].rfind('\n') {
        from += n + 1;
    }
    let before = text[from..span.start].trim_start_matches([' ', '\t']);
    if !before.starts_with('[') {
        return if after.starts_with('.') { Def::Dotted } else { Def::Value };
    }
    if after.starts_with('.') {
        Def::HeaderPath
    } else if before.starts_with("[[") {
        Def::HeaderArray
    } else {
        Def::HeaderTable
    }
}

#[derive(Clone, Copy)]
enum Join {
    /// Arrays of tables: the tables of the part come after those before.
    Append,
    /// The part adds to a table (or to the last table of an array of tables).
    Into,
    /// Defined twice.
    Twice,
}

/// How a key defined in a part joins the same key defined before, as TOML would define both in
/// one document.
fn join(have: &Entry, e: &Entry, text: &str) -> Join {
    if e.copied {
        return Join::Into;
    }
    match (def(text, &have.key_span), def(text, &e.key_span)) {
        (Def::HeaderArray, Def::HeaderArray) => Join::Append,
        (Def::HeaderArray | Def::HeaderTable | Def::HeaderPath, Def::HeaderPath)
        | (Def::HeaderPath, Def::HeaderTable)
        | (Def::Dotted, Def::Dotted) => Join::Into,
        _ => Join::Twice,
    }
}

/// The first key (by place) of the table `from` (of a part) that the table `into` (of the file
/// so far) already defines in a way TOML does not allow to define again.
fn conflict(into: &Table, from: &Table, text: &str) -> Option<Range<usize>> {
    let mut first: Option<Range<usize>> = None;
    for (key, e) in &from.entries {
        let Some(i) = into.position(key) else { continue };
        let have = &into.entries[i].1;
        let found = match (join(have, e, text), &have.value.v, &e.value.v) {
            (Join::Twice, _, _) => Some(e.key_span.clone()),
            // Not read: what it holds is not looked into.
            (_, Val::Dropped(_), _) => None,
            (Join::Append, Val::Array(_), Val::Array(_)) => None,
            (Join::Into, Val::Table(have), Val::Table(more)) => conflict(have, more, text),
            (Join::Into, Val::Array(have), Val::Table(more)) => match have.last().map(|n| &n.v) {
                Some(Val::Table(last)) => conflict(last, more, text),
                _ => Some(e.key_span.clone()),
            },
            (Join::Into, Val::Array(have), Val::Array(more)) => {
                match (have.last().map(|n| &n.v), more.first().map(|n| &n.v)) {
                    (Some(Val::Table(last)), Some(Val::Table(first))) => conflict(last, first, text),
                    (_, None) => None,
                    _ => Some(e.key_span.clone()),
                }
            }
            _ => Some(e.key_span.clone()),
        };
        if let Some(found) = found {
            if first.as_ref().is_none_or(|f| found.start < f.start) {
                first = Some(found);
            }
        }
    }
    first
}

/// Merges the table `from` (of a part) into `into` (of the file so far), as TOML would define
/// the same keys in one document; [`conflict`] has found no key defined twice.
fn merge(into: &mut Table, from: Table, text: &str) {
    for (key, e) in from.entries {
        let Some(i) = into.position(&key) else {
            // A copied key leads into a table that a broken part before left out: nothing to add to.
            if !e.copied {
                into.push(key, e);
            }
            continue;
        };
        let have = &mut into.entries[i].1;
        let join = join(have, &e, text);
        match (join, &mut have.value.v, e.value.v) {
            (Join::Into, Val::Table(have), Val::Table(more)) => merge(have, more, text),
            (Join::Into, Val::Array(have), Val::Table(more)) => {
                if let Some(Val::Table(last)) = have.last_mut().map(|n| &mut n.v) {
                    merge(last, more, text);
                }
            }
            (Join::Into, Val::Array(have), Val::Array(more)) => {
                // The copied `[[name]]` header's table continues the last one; more may follow.
                let mut more = more.into_iter();
                if let (Some(Val::Table(last)), Some(Node { v: Val::Table(first), .. })) =
                    (have.last_mut().map(|n| &mut n.v), more.next())
                {
                    merge(last, first, text);
                }
                have.extend(more);
            }
            (Join::Append, Val::Array(have), Val::Array(more)) => have.extend(more),
            _ => {}
        }
    }
}

/// A document read in parts has TOML's types and messages: the same as [`Value`]'s.
impl FieldValue for Node {
    type Table = Table;
    const TABLE: (&'static str, &'static str) = <Value as FieldValue>::TABLE;
    const DATE: &'static str = <Value as FieldValue>::DATE;
    const STRING_IS_A_LIST: bool = <Value as FieldValue>::STRING_IS_A_LIST;
    const NO_REPORT: (&'static str, &'static str) = <Value as FieldValue>::NO_REPORT;

    fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    fn type_name(&self) -> &'static str {
        match &self.v {
            Val::Str(_) => "a string",
            Val::Number(_, name) | Val::Dropped(name) => name,
            Val::Bool(_) => "a boolean",
            Val::Date(_) => "a datetime",
            Val::Array(_) => "an array",
            Val::Table(_) => "a table",
        }
    }

    fn kind(&self) -> Kind<'_, Self> {
        match &self.v {
            Val::Str(s) => Kind::Str(s),
            Val::Number(n, _) => Kind::Number(*n),
            Val::Bool(b) => Kind::Bool(*b),
            Val::Date(d) => Kind::Date(*d),
            Val::Array(items) => Kind::Array(items),
            Val::Table(t) => Kind::Table(t),
            // Never read: a dropped value is one of a key that is reported as unknown.
            Val::Dropped(_) => Kind::Null,
        }
    }

    fn get<'t>(table: &'t Table, key: &str) -> Option<&'t Self> {
        let i = table.entries.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        Some(&table.entries[i].1.value)
    }

    fn keys(table: &Table) -> impl Iterator<Item = (&str, Range<usize>)> {
        table.entries.iter().map(|(k, e)| (k.as_str(), e.key_span.clone()))
    }

    fn not_a_date(&self, key: &str, what: &str) -> (String, &'static str) {
        let hint = match &self.v {
            Val::Str(s) => format!(" (write it unquoted, as a TOML date: {key} = {s})"),
            _ => String::new(),
        };
        let msg = format!(
            "`{key}` of {} {what} must be a TOML date or datetime, found {}{hint}",
            super::fields::article(what),
            self.type_name()
        );
        (msg, "expected a date such as 2016-12-13")
    }

    fn not_tables(&self, key: &str) -> (String, &'static str) {
        let msg = format!("`{key}` must be an array of tables ([[{key}]]), found {}", self.type_name());
        (msg, "expected [[tables]]")
    }
}
