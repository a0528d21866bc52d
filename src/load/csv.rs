//! CSV claim files (`*.csv`): claim logs kept in a spreadsheet, one claim per row.
//!
//! RFC 4180, UTF-8 (a byte-order mark may open the file), a header row naming the columns. The
//! columns are the claim fields (`id`, `subject`, `predicate`, `value`, …) and the report fields
//! prefixed `report-` (`report-id`, `report-title`, …), in any order. The rows of one report
//! (one `report-id`; rows without one belong to the report named after the file's stem) repeat
//! its report fields, or leave them empty; a row whose report cell differs from the one an
//! earlier row of that report gave is `inconsistent-report` at the cell, and is left out.
//!
//! Cells are text, read by column: lists (`report-via`) are `;`-separated, booleans (`negated`)
//! are `true`/`false`, dates are RFC 3339 (`2016-12-13`, `2016-12-13T09:45:00Z`), and a `value`
//! is read by its predicate's type when the claim is resolved ([`RawValue::Text`]: `100-300` is
//! a range for a number predicate). An empty cell is an absent field; spaces around a cell's text
//! are not part of it. The records are read by the shared schema ([`schema::read_claim_file`])
//! through [`FieldValue`], so the checks and codes are those of TOML and JSON Lines files, and
//! every diagnostic points at its cell.
//!
//! A row that is not valid CSV, or not UTF-8 text, is `csv-syntax` at its place and left out;
//! every other row is still read. The fields of each record are found by `csv-core` (the parser of
//! the `csv` crate), which reports how many input bytes each took: that is each cell's span. It
//! accepts any input; the strictness of RFC 4180 is checked here on each cell's bytes.
//!
//! [`RawValue::Text`]: super::raw::RawValue::Text

use super::fields::{FieldReader, FieldValue, Fields, Kind};
use super::raw::{RawCorpus, S};
use super::schema::{self, CLAIM_KEYS, REPORT_KEYS};
use crate::codes::Code;
use crate::findings::Finding;
use crate::source::FileId;
use crate::suggest::did_you_mean;
use crate::time::Time;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

/// The code of a row that is not valid CSV.
pub const SYNTAX_ERROR: Code = Code::CsvSyntax;

/// A CSV claim file declares no entities: its columns are the fields of claims and reports.
pub fn may_declare_entities(_text: &str) -> bool {
    false
}

/// The prefix of the columns of report fields.
const REPORT_PREFIX: &str = "report-";

/// Parses a CSV claim file into `out`: a claim file for each report its rows name, in the order
/// they first appear. Returns, for each, the `text` its report names (read by the caller).
pub fn parse_claim_file(
    file: FileId,
    text: &str,
    path: &Path,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
) -> Vec<Option<S<String>>> {
    parse_claim_bytes(file, text.as_bytes(), path, problems, out)
}

/// [`parse_claim_file`] on a file's bytes, which need not all be UTF-8: a row that is not is
/// reported at its first bad byte and left out, and every other row is still read.
pub fn parse_claim_bytes(
    file: FileId,
    bytes: &[u8],
    path: &Path,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
) -> Vec<Option<S<String>>> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut doc = FieldReader::new(file, problems);
    let tables = Tables::read(&mut doc, bytes, &stem);
    let mut texts = Vec::new();
    for (key, report, claims, span) in tables.groups {
        let claims = Cell { v: Value::Rows(claims), span: span.clone() };
        let top = Row {
            fields: vec![
                Field { key: "report", key_span: span.clone(), value: report },
                Field { key: "claim", key_span: span.clone(), value: claims },
            ],
            empty: Vec::new(),
        };
        let top: Fields<Cell> = Fields { table: &top, span: doc.span(span), what: "claim file" };
        if let Some((claim_file, text_path)) = schema::read_claim_file(&mut doc, &top, Some(key), out) {
            out.claim_files.push(claim_file);
            texts.push(text_path);
        }
    }
    texts
}

// -- records ------------------------------------------------------------------------------------

/// One record of the file: each cell's bytes (quotes included), or why it is not valid CSV.
struct Record {
    span: Range<usize>,
    cells: Vec<Range<usize>>,
    error: Option<SyntaxError>,
}

struct SyntaxError {
    at: Range<usize>,
    message: String,
    label: &'static str,
}

/// The records of `bytes`, in order. csv-core finds where each field ends (a delimiter or a
/// record terminator outside quotes); each cell is then checked against RFC 4180. A quoted cell
/// never closed would swallow the rest of the file: its record is reported, and reading starts
/// again on the line after its opening quote, so that the rows after it are still read.
fn records(bytes: &[u8]) -> Vec<Record> {
    let mut out = Vec::new();
    let mut pos = if bytes.starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
    let mut reader = csv_core::Reader::new();
    // The unescaped output is not used (cells are read from their bytes): a small buffer, which
    // csv-core fills and refills, suffices.
    let mut sink = [0u8; 1024];
    let mut cells: Vec<Range<usize>> = Vec::new();
    let mut field_start = pos;
    loop {
        let at_end = pos == bytes.len();
        let (result, read, _) = reader.read_field(&bytes[pos..], &mut sink);
        pos += read;
        match result {
            csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => continue,
            csv_core::ReadFieldResult::End => break,
            csv_core::ReadFieldResult::Field { record_end } => {
                let mut start = field_start;
                if cells.is_empty() {
                    // The line breaks before a record (blank lines, the `\n` of a `\r\n`) are
                    // read as part of its first field.
                    while start < pos && matches!(bytes[start], b'\r' | b'\n') {
                        start += 1;
                    }
                }
                // Without the delimiter or the line break that ended it (none at the end of
                // the file).
                let end = if !at_end && pos > start { pos - 1 } else { pos };
                cells.push(start..end.max(start));
                field_start = pos;
                if !record_end {
                    continue;
                }
                let cells = std::mem::take(&mut cells);
                let span = cells.first().map_or(0, |c| c.start)..cells.last().map_or(0, |c| c.end);
                let error = cells.iter().find_map(|c| check_cell(bytes, c.clone()));
                if let Some(SyntaxError { at, label: UNCLOSED, .. }) = &error {
                    // Start again after the line of the opening quote.
                    let next = memchr::memchr(b'\n', &bytes[at.start..]).map_or(bytes.len(), |n| at.start + n + 1);
                    let span = span.start..next.max(span.start);
                    out.push(Record { span, cells, error });
                    pos = next;
                    field_start = next;
                    reader = csv_core::Reader::new();
                    continue;
                }
                if !(cells.len() == 1 && cells[0].is_empty() && error.is_none()) {
                    out.push(Record { span, cells, error });
                }
            }
        }
    }
    out
}

const UNCLOSED: &str = "this quote is never closed";

/// What breaks RFC 4180 in the cell `cell` of `bytes`, if anything: a quoted cell is closed and
/// nothing follows its closing quote; a cell not quoted holds no quote.
fn check_cell(bytes: &[u8], cell: Range<usize>) -> Option<SyntaxError> {
    let raw = &bytes[cell.clone()];
    if raw.first() == Some(&b'"') {
        let mut i = 1;
        while i < raw.len() {
            if raw[i] == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                if i + 1 < raw.len() {
                    let at = cell.start + i + 1..cell.end;
                    return Some(SyntaxError {
                        at,
                        message: "text after the closing quote of a cell".into(),
                        label: "after the closing quote",
                    });
                }
                return None;
            }
            i += 1;
        }
        return Some(SyntaxError {
            at: cell.start..cell.start + 1,
            message: "a quoted cell is never closed: its quote swallows the rest of the file".into(),
            label: UNCLOSED,
        });
    }
    memchr::memchr(b'"', raw).map(|i| SyntaxError {
        at: cell.start + i..cell.start + i + 1,
        message: "a quote inside a cell that does not start with one".into(),
        label: "unexpected quote",
    })
}

/// A cell's text (without its quotes, `""` read as `"`, spaces around it left out) and the span
/// diagnostics point at: its text, or for a quoted cell the quotes and all. The cell is of a row
/// that is UTF-8 text, and begins and ends at ASCII bytes, so it is UTF-8 text too.
fn cell_text(bytes: &[u8], cell: Range<usize>) -> (Cow<'_, str>, Range<usize>) {
    let raw = std::str::from_utf8(&bytes[cell.clone()]).unwrap_or_default();
    let trimmed = raw.trim();
    let start = cell.start + (raw.len() - raw.trim_start().len());
    let span = start..start + trimmed.len();
    match trimmed.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => {
            let inner = inner.trim();
            let value =
                if inner.contains("\"\"") { Cow::Owned(inner.replace("\"\"", "\"")) } else { Cow::Borrowed(inner) };
            (value, span)
        }
        None => (Cow::Borrowed(trimmed), span),
    }
}

// -- columns ------------------------------------------------------------------------------------

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Text,
    /// `true` or `false`.
    Bool,
    /// An RFC 3339 date or datetime.
    Date,
    /// `;`-separated.
    List,
    /// A claim value, read by its predicate's type when the claim is resolved.
    Value,
}

fn shape(key: &str) -> Shape {
    match key {
        "negated" => Shape::Bool,
        "published" | "as-of" => Shape::Date,
        "via" | "corrects" => Shape::List,
        "value" => Shape::Value,
        _ => Shape::Text,
    }
}

/// A column: the field it holds, of a report or of a claim, and where its header cell is.
#[derive(Debug, Clone)]
struct Column {
    key: &'static str,
    report: bool,
    header: Range<usize>,
}

/// The column named `name`, if it is one.
fn column(name: &str) -> Option<(&'static str, bool)> {
    if let Some(key) = name.strip_prefix(REPORT_PREFIX) {
        return REPORT_KEYS.iter().find(|k| **k == key).map(|k| (*k, true));
    }
    CLAIM_KEYS.iter().find(|k| **k == name).map(|k| (*k, false))
}

/// Every column name, claim fields then report fields: for messages and suggestions, and the
/// header `claimlint draft --format csv` writes.
pub fn column_names() -> Vec<String> {
    let claim = CLAIM_KEYS.iter().map(|k| k.to_string());
    claim.chain(REPORT_KEYS.iter().map(|k| format!("{REPORT_PREFIX}{k}"))).collect()
}

// -- tables -------------------------------------------------------------------------------------

/// A cell, or a table built from cells, as the field readers see it.
pub struct Cell<'a> {
    v: Value<'a>,
    span: Range<usize>,
}

enum Value<'a> {
    Text(Cow<'a, str>, Shape),
    /// The items of a list cell.
    List(Vec<Cell<'a>>),
    /// A claim (one row) or a report (the report cells of its rows).
    Table(Row<'a>),
    /// The claims of a report.
    Rows(Vec<Cell<'a>>),
}

/// The fields of a claim or a report: its non-empty cells, and where its empty ones are.
pub struct Row<'a> {
    fields: Vec<Field<'a>>,
    empty: Vec<(&'static str, Range<usize>)>,
}

struct Field<'a> {
    key: &'static str,
    key_span: Range<usize>,
    value: Cell<'a>,
}

/// A report cell a row gave: the row's number, the cell's text and its span.
type Given<'a> = (usize, Cow<'a, str>, Range<usize>);

/// The rows of one report.
struct Group<'a> {
    /// The report's id, or the file's stem.
    key: String,
    /// The report's cells so far, by column, with the row that gave each.
    given: Vec<Option<Given<'a>>>,
    /// The first row's cells: where a report field none of the rows gives is pointed at.
    first: Vec<Range<usize>>,
    claims: Vec<Cell<'a>>,
    /// The first row's span.
    span: Range<usize>,
}

/// What a column of the header is.
#[derive(Debug, Clone)]
enum Slot {
    Read(Column),
    /// Named, but not read (an unknown or repeated name, reported at the header).
    Ignored,
    /// Without a name (a sheet's trailing empty column): a cell in it is reported, once.
    Unnamed {
        reported: bool,
    },
}

/// The report, with its claims, of each group of rows, in the order the groups first appear.
struct Tables<'a> {
    groups: Vec<(String, Cell<'a>, Vec<Cell<'a>>, Range<usize>)>,
}

impl<'a> Tables<'a> {
    fn read(doc: &mut FieldReader, bytes: &'a [u8], stem: &str) -> Tables<'a> {
        let mut groups: Vec<Group<'a>> = Vec::new();
        let mut rows = records(bytes).into_iter().enumerate().map(|(i, r)| (i + 1, r));
        // The header: the first record.
        let Some((_, header)) = rows.next() else { return Tables { groups: Vec::new() } };
        if !valid(doc, bytes, &header, 1) {
            return Tables { groups: Vec::new() };
        }
        let mut slots = header_slots(doc, bytes, &header);
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (n, record) in rows {
            if !valid(doc, bytes, &record, n) {
                continue;
            }
            if record.cells.len() != slots.len() {
                let msg = format!("row {n} has {} cells, but the header has {}", record.cells.len(), slots.len());
                let label = if record.cells.len() > slots.len() { "too many cells" } else { "too few cells" };
                let f = Finding::corpus(SYNTAX_ERROR, doc.span(record.span.clone()), msg, label).with_help(
                    "every row has one cell per column of the header; a cell holding a comma is written in double quotes",
                );
                doc.problems.push(f);
                continue;
            }
            row(doc, bytes, &mut slots, &record, n, stem, &mut by_key, &mut groups);
        }
        let groups = groups
            .into_iter()
            .map(|mut group| {
                let mut report = Row { fields: Vec::new(), empty: Vec::new() };
                for (i, slot) in slots.iter().enumerate() {
                    let Slot::Read(column) = slot else { continue };
                    if !column.report {
                        continue;
                    }
                    match group.given[i].take() {
                        Some((_, text, span)) => report.fields.push(Field {
                            key: column.key,
                            key_span: column.header.clone(),
                            value: cell(column.key, text, span),
                        }),
                        None => report.empty.push((column.key, group.first[i].clone())),
                    }
                }
                let report = Cell { v: Value::Table(report), span: group.span.clone() };
                (group.key, report, group.claims, group.span)
            })
            .collect();
        Tables { groups }
    }
}

/// Reads row `n` (`record`, valid CSV and UTF-8) into the group of its report.
#[allow(clippy::too_many_arguments)]
fn row<'a>(
    doc: &mut FieldReader,
    bytes: &'a [u8],
    slots: &mut [Slot],
    record: &Record,
    n: usize,
    stem: &str,
    by_key: &mut HashMap<String, usize>,
    groups: &mut Vec<Group<'a>>,
) {
    let cells: Vec<(Cow<'a, str>, Range<usize>)> = record.cells.iter().map(|c| cell_text(bytes, c.clone())).collect();
    if cells.iter().all(|(t, _)| t.is_empty()) {
        // An empty row of a sheet.
        return;
    }
    let mut claim = Row { fields: Vec::new(), empty: Vec::new() };
    let mut report_id = None;
    for (slot, (value, span)) in slots.iter_mut().zip(&cells) {
        let column = match slot {
            Slot::Read(column) => column,
            Slot::Unnamed { reported } => {
                if !value.is_empty() && !*reported {
                    *reported = true;
                    let msg = format!("row {n} has text in a column the header gives no name");
                    let f = Finding::corpus(Code::UnknownKey, doc.span(span.clone()), msg, "a column without a name")
                        .with_help("name the column in the header, or empty it; its cells are not read");
                    doc.problems.push(f);
                }
                continue;
            }
            Slot::Ignored => continue,
        };
        if column.report {
            if column.key == "id" && !value.is_empty() {
                report_id = Some(value.to_string());
            }
        } else if value.is_empty() {
            claim.empty.push((column.key, span.clone()));
        } else {
            let value = cell(column.key, value.clone(), span.clone());
            claim.fields.push(Field { key: column.key, key_span: column.header.clone(), value });
        }
    }
    let key = report_id.unwrap_or_else(|| stem.to_string());
    let g = *by_key.entry(key.clone()).or_insert_with(|| {
        groups.push(Group {
            key,
            given: vec![None; slots.len()],
            first: cells.iter().map(|(_, span)| span.clone()).collect(),
            claims: Vec::new(),
            span: record.span.clone(),
        });
        groups.len() - 1
    });
    let group = &mut groups[g];
    // inconsistent(row, column) :- given(earlier, column, a), given(row, column, b), a != b.
    let mut consistent = true;
    for (i, (slot, (value, span))) in slots.iter().zip(&cells).enumerate() {
        let Slot::Read(column) = slot else { continue };
        let Some((row, first, first_span)) = group.given[i].as_ref().filter(|_| column.report) else { continue };
        if value.is_empty() || first == value {
            continue;
        }
        let name = format!("{REPORT_PREFIX}{}", column.key);
        let msg = format!("`{name}` of report `{}` is `{value}` in row {n}, but `{first}` in row {row}", group.key);
        let f =
            Finding::corpus(Code::InconsistentReport, doc.span(span.clone()), msg, format!("differs from row {row}"))
                .with_location(doc.span(first_span.clone()), format!("row {row} gives `{first}`"))
                .with_help("the rows of one report repeat its report cells, or leave them empty; this row is left out");
        doc.problems.push(f);
        consistent = false;
    }
    if !consistent {
        return;
    }
    for (i, (slot, (value, span))) in slots.iter().zip(&cells).enumerate() {
        let report = matches!(slot, Slot::Read(c) if c.report);
        if report && !value.is_empty() && group.given[i].is_none() {
            group.given[i] = Some((n, value.clone(), span.clone()));
        }
    }
    if !claim.fields.is_empty() {
        group.claims.push(Cell { v: Value::Table(claim), span: record.span.clone() });
    }
}

/// Whether `record` (row `n`) is valid CSV and UTF-8 text; if not, reports why.
fn valid(doc: &mut FieldReader, bytes: &[u8], record: &Record, n: usize) -> bool {
    let what = if n == 1 { "the header".to_string() } else { format!("row {n}") };
    if let Some(e) = &record.error {
        let help = "a cell holding a comma, a quote or a line break is written in double quotes, each quote in it doubled: \"he said \"\"no\"\"\"";
        let msg = format!("invalid CSV in {what}: {}", e.message);
        doc.problems.push(Finding::corpus(SYNTAX_ERROR, doc.span(e.at.clone()), msg, e.label).with_help(help));
        return false;
    }
    let Err(e) = std::str::from_utf8(&bytes[record.span.clone()]) else { return true };
    let at = record.span.start + e.valid_up_to();
    let len = e.error_len().unwrap_or(1).min(bytes.len() - at);
    let bad: Vec<String> = bytes[at..at + len].iter().map(|b| format!("0x{b:02X}")).collect();
    let msg = format!("{what} is not UTF-8 text: invalid byte {} at offset {at}", bad.join(" "));
    let f = Finding::corpus(SYNTAX_ERROR, doc.span(at..at + len), msg, "not UTF-8").with_help(
        "claimlint reads UTF-8 only: save the sheet as \"CSV UTF-8\", or convert the file (e.g. `iconv -f latin1 -t utf-8`)",
    );
    doc.problems.push(f);
    false
}

/// What each column of the header is, reporting unknown and repeated names.
fn header_slots(doc: &mut FieldReader, bytes: &[u8], header: &Record) -> Vec<Slot> {
    let names = column_names();
    let mut slots: Vec<Slot> = Vec::new();
    for c in &header.cells {
        let (name, span) = cell_text(bytes, c.clone());
        if name.is_empty() {
            slots.push(Slot::Unnamed { reported: false });
            continue;
        }
        let Some((key, report)) = column(&name) else {
            let mut hint = did_you_mean(&name, names.iter().map(String::as_str));
            if hint.is_empty() && REPORT_KEYS.contains(&name.as_ref()) {
                hint = format!("did you mean `{REPORT_PREFIX}{name}`?");
            }
            let label = if hint.is_empty() { "unknown column".to_string() } else { hint };
            let f = Finding::corpus(Code::UnknownKey, doc.span(span), format!("unknown column `{name}`"), label)
                .with_help(format!("the columns of a CSV claim file are: {}", names.join(", ")));
            doc.problems.push(f);
            slots.push(Slot::Ignored);
            continue;
        };
        let earlier = slots.iter().find_map(|slot| match slot {
            Slot::Read(col) if col.key == key && col.report == report => Some(col.header.clone()),
            _ => None,
        });
        if let Some(first) = earlier {
            let f =
                Finding::corpus(SYNTAX_ERROR, doc.span(span), format!("column `{name}` is named twice"), "named again")
                    .with_location(doc.span(first), "first named here")
                    .with_help("only the first column of a name is read; remove or rename the other");
            doc.problems.push(f);
            slots.push(Slot::Ignored);
            continue;
        }
        slots.push(Slot::Read(Column { key, report, header: span }));
    }
    slots
}

/// The cell of column `key` holding `text` at `span`.
fn cell<'a>(key: &str, text: Cow<'a, str>, span: Range<usize>) -> Cell<'a> {
    let shape = shape(key);
    if shape != Shape::List {
        return Cell { v: Value::Text(text, shape), span };
    }
    // Each item keeps its own span: the offsets of `text` are those of the file unless the cell
    // was quoted with a doubled quote inside (then the items point at the whole cell).
    let quoted = text.len() + 2 == span.len();
    let plain = text.len() == span.len() || quoted;
    let base = span.start + usize::from(quoted);
    let mut items = Vec::new();
    let mut offset = 0;
    for part in text.split(';') {
        let start = offset + (part.len() - part.trim_start().len());
        offset += part.len() + 1;
        let item = part.trim();
        if item.is_empty() {
            continue;
        }
        let item_span = if plain { base + start..base + start + item.len() } else { span.clone() };
        let v = match &text {
            Cow::Borrowed(t) => Cow::Borrowed(&t[start..start + item.len()]),
            Cow::Owned(_) => Cow::Owned(item.to_string()),
        };
        items.push(Cell { v: Value::Text(v, Shape::Text), span: item_span });
    }
    Cell { v: Value::List(items), span }
}

/// CSV cells are text, read by their column: messages name what a cell holds.
impl<'a> FieldValue for Cell<'a> {
    type Table = Row<'a>;
    const TABLE: (&'static str, &'static str) = ("a row", "expected a row");
    const DATE: &'static str = "a date";
    const STRING_IS_A_LIST: bool = true;
    const NO_REPORT: (&'static str, &'static str) =
        ("claims need the `report-…` columns saying which report they come from", "this row has no report");
    const VALUE_TYPED_BY_PREDICATE: bool = true;

    fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    fn type_name(&self) -> &'static str {
        match &self.v {
            Value::Text(..) => "other text",
            Value::List(_) => "a list",
            Value::Table(_) => "a row",
            Value::Rows(_) => "rows",
        }
    }

    fn kind(&self) -> Kind<'_, Self> {
        match &self.v {
            Value::Text(t, Shape::Bool) if t.eq_ignore_ascii_case("true") => Kind::Bool(true),
            Value::Text(t, Shape::Bool) if t.eq_ignore_ascii_case("false") => Kind::Bool(false),
            Value::Text(t, _) => Kind::Str(t),
            Value::List(items) => Kind::Array(items),
            Value::Table(row) => Kind::Table(row),
            Value::Rows(rows) => Kind::Array(rows),
        }
    }

    fn get<'t>(row: &'t Row<'a>, key: &str) -> Option<&'t Self> {
        row.fields.iter().find(|f| f.key == key).map(|f| &f.value)
    }

    fn keys<'t>(row: &'t Row<'a>) -> impl Iterator<Item = (&'t str, Range<usize>)> {
        row.fields.iter().map(|f| (f.key, f.key_span.clone()))
    }

    fn as_time(&self) -> Option<Result<Time, &'static str>> {
        match &self.v {
            Value::Text(t, _) => Some(super::jsonl::parse_time(t)),
            _ => None,
        }
    }

    fn not_a_date(&self, key: &str, what: &str) -> (String, &'static str) {
        let msg = format!(
            "`{key}` of {} {what} must be a date such as 2016-12-13, found {}",
            super::fields::article(what),
            self.type_name()
        );
        (msg, "expected a date such as 2016-12-13")
    }

    fn invalid_date_label(_why: &'static str) -> &'static str {
        "expected a date such as 2016-12-13 or 2016-12-13T09:45:00Z"
    }

    fn not_tables(&self, key: &str) -> (String, &'static str) {
        (format!("`{key}` must be rows, found {}", self.type_name()), "expected rows")
    }

    fn missing_at(row: &Row<'a>, key: &str) -> Option<Range<usize>> {
        row.empty.iter().find(|(k, _)| *k == key).map(|(_, span)| span.clone())
    }
}
