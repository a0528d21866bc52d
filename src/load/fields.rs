//! The field readers, written once for every claim-file format: a format's values implement
//! [`FieldValue`], and [`FieldReader`] reads tables and fields of them into raw records, checking
//! keys and types and reporting every problem (`unknown-key`, `missing-key`, `wrong-type`,
//! `invalid-value`) at its span. Each format checks the same keys in the same way; what differs
//! between formats on purpose is said by each one's [`FieldValue`] implementation.

use super::raw::{RawValue, Reported, S};
use crate::codes::Code;
use crate::findings::{too_many_problems, Finding, MAX_PER_CODE};
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use crate::time::Time;
use std::collections::HashMap;
use std::ops::Range;

/// "a" or "an", for the kind of record named after it in a message ("an entity", "a claim").
pub(super) fn article(what: &str) -> &'static str {
    if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// A value in a claim file, as the field readers see it: a TOML value, or a JSON value on a line
/// of a `.jsonl` file. The readers ([`FieldReader::string`], [`FieldReader::time`]…) are written once against
/// this, so that both formats check the same keys in the same way. What differs between the
/// formats on purpose is said by each one's implementation: how messages name types, whether a
/// date is a value of its own (TOML) or a string (JSON), whether one string may stand for a list.
pub trait FieldValue: Sized {
    /// A TOML table, or the members of a JSON object.
    type Table: ?Sized;

    /// What a table is called where one is expected: in the message, and in its label.
    const TABLE: (&'static str, &'static str);
    /// What a date is called in the message for a claim value of none of the allowed types.
    const DATE: &'static str;
    /// Whether one string stands for a list of one where a list of strings is expected
    /// (`via = "AFP"` in TOML); JSON asks for the array.
    const STRING_IS_A_LIST: bool;
    /// The message and label for claims without a report to say which one they come from.
    const NO_REPORT: (&'static str, &'static str);
    /// Whether a claim value is text whose type its predicate decides when the claim is resolved
    /// ([`RawValue::Text`]: a CSV cell, where `100-300` is a range for a number predicate and a
    /// word for an enum); otherwise a value's own type says what it is.
    const VALUE_TYPED_BY_PREDICATE: bool = false;

    /// The byte range of the value's text in its file.
    fn span(&self) -> Range<usize>;
    /// The value's type as messages name it: "a string", "an array"…
    fn type_name(&self) -> &'static str;
    fn kind(&self) -> Kind<'_, Self>;
    fn get<'t>(table: &'t Self::Table, key: &str) -> Option<&'t Self>;
    /// The keys of `table`, with the byte range of each.
    fn keys(table: &Self::Table) -> impl Iterator<Item = (&str, Range<usize>)>;
    /// The value read where a date is expected: `None` when it is of a type no date is written
    /// as (reported as the wrong type), otherwise the date or why there is no such date. A date
    /// is a value of its own unless the format says otherwise (JSON writes it as a string).
    fn as_time(&self) -> Option<Result<Time, &'static str>> {
        match self.kind() {
            Kind::Date(date) => Some(date),
            _ => None,
        }
    }
    /// The date a claim value written as the string `s` stands for, if it stands for one: none
    /// unless the format says otherwise (JSON writes dates as strings).
    fn date_in_string(_s: &str) -> Option<Result<Time, &'static str>> {
        None
    }
    /// The message and label for the value of the date key `key` of a `what`, of another type.
    fn not_a_date(&self, key: &str, what: &str) -> (String, &'static str);
    /// The label under a date that does not exist: by default, why.
    fn invalid_date_label(why: &'static str) -> &'static str {
        why
    }
    /// The message and label for the value of `key` (`claim`, `entity`), which holds no tables.
    fn not_tables(&self, key: &str) -> (String, &'static str);
    /// Where to point at the missing key `key` of `table`, if the format has a place for it (a
    /// CSV row's empty cell in that column); by default, the start of the table.
    fn missing_at(_table: &Self::Table, _key: &str) -> Option<Range<usize>> {
        None
    }
}

/// A value's kind, as far as the field readers tell values apart.
pub enum Kind<'v, V: FieldValue> {
    Str(&'v str),
    Bool(bool),
    /// A number; `None` when it is not finite (`1e999`).
    Number(Option<f64>),
    /// A TOML date or datetime, or why there is no such date (JSON writes dates as strings).
    Date(Result<Time, &'static str>),
    Array(&'v [V]),
    Table(&'v V::Table),
    /// JSON's `null`, which no key takes.
    Null,
}

/// The reader of one document's fields (a TOML file, or one line of a JSON Lines file): reads
/// tables and values into raw records and reports every problem into `problems`.
pub struct FieldReader<'p> {
    pub file: FileId,
    pub problems: &'p mut Vec<Finding>,
    /// Where the parser found syntax errors, as (start, the furthest end of any error starting
    /// at or before it), sorted: a value the parser already complained about (an impossible date
    /// it half-read) is not reported a second time as the wrong type or value.
    syntax_errors: Vec<(usize, usize)>,
    /// The UTC offset (minutes east) of the datetimes written without one in the claim file being
    /// read: its report's `offset` (DESIGN §3 v2), once read; `None`: UTC.
    pub offset: Option<i16>,
    /// Problems reported so far by code. Those beyond [`MAX_PER_CODE`] are not kept, only
    /// counted (a file of a million empty `[[claim]]` tables made four million findings, 2.8 GB
    /// for 8 MiB), in a `too-many-problems` note when the reader is done.
    reported: HashMap<String, usize>,
}

impl Drop for FieldReader<'_> {
    fn drop(&mut self) {
        let mut over: Vec<(&String, usize)> =
            self.reported.iter().filter(|(_, &n)| n > MAX_PER_CODE).map(|(r, &n)| (r, n - MAX_PER_CODE)).collect();
        over.sort_unstable();
        for (rule, n) in over {
            if let Some(code) = Code::parse(rule) {
                self.problems.push(too_many_problems(self.file, code, n));
            }
        }
    }
}

/// A table whose keys have been checked.
pub struct Fields<'t, V: FieldValue> {
    pub table: &'t V::Table,
    pub span: Span,
    /// What the table is, for messages: "claim", "report", "entity"…
    pub what: &'static str,
}

impl<'t, V: FieldValue> Fields<'t, V> {
    pub fn get(&self, key: &str) -> Option<&'t V> {
        V::get(self.table, key)
    }
}

impl<'p> FieldReader<'p> {
    pub fn new(file: FileId, problems: &'p mut Vec<Finding>) -> Self {
        FieldReader { file, problems, syntax_errors: Vec::new(), offset: None, reported: HashMap::new() }
    }

    pub fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.file, r)
    }

    /// Notes where the parser reported syntax errors (byte ranges of the file), so that no
    /// problem is reported again where one of them points.
    pub fn note_syntax_errors(&mut self, mut spans: Vec<(usize, usize)>) {
        spans.sort_unstable();
        let mut furthest = 0;
        self.syntax_errors = spans
            .into_iter()
            .map(|(start, end)| {
                furthest = furthest.max(end);
                (start, furthest)
            })
            .collect();
    }

    /// Reports a problem, unless the parser already reported one where it points.
    fn push(&mut self, f: Finding) {
        let Some(at) = f.primary().map(|l| l.span) else { return self.keep(f) };
        // An error overlaps `at` when it starts before `at` ends (a point: at or before it) and
        // ends after `at` starts; of the errors starting early enough, test the furthest end.
        let early = if at.is_empty() {
            self.syntax_errors.partition_point(|&(start, _)| start <= at.start)
        } else {
            self.syntax_errors.partition_point(|&(start, _)| start < at.end)
        };
        let overlaps =
            early.checked_sub(1).and_then(|i| self.syntax_errors.get(i)).is_some_and(|&(_, end)| end > at.start);
        if !overlaps {
            self.keep(f);
        }
    }

    /// Keeps a problem, up to [`MAX_PER_CODE`] of its code; beyond, it is only counted.
    fn keep(&mut self, f: Finding) {
        let n = match self.reported.get_mut(f.rule.as_str()) {
            Some(n) => n,
            None => self.reported.entry(f.rule.clone()).or_default(),
        };
        *n += 1;
        if *n <= MAX_PER_CODE {
            self.problems.push(f);
        }
    }

    pub(super) fn problem(&mut self, code: Code, span: Range<usize>, msg: String, label: impl Into<String>) {
        let f = Finding::corpus(code, self.span(span), msg, label);
        self.push(f);
    }

    /// Checks that `value` is a table and that it has only `known` keys.
    pub fn fields<'t, V: FieldValue>(
        &mut self,
        value: &'t V,
        what: &'static str,
        known: &[&str],
    ) -> Option<Fields<'t, V>> {
        let Kind::Table(table) = value.kind() else {
            let (expected, label) = V::TABLE;
            let msg = format!("{} {what} must be {expected}, found {}", article(what), value.type_name());
            self.problem(Code::WrongType, value.span(), msg, label);
            return None;
        };
        self.check_keys::<V>(table, what, known);
        Some(Fields { table, span: self.span(value.span()), what })
    }

    pub(super) fn check_keys<V: FieldValue>(&mut self, table: &V::Table, what: &str, known: &[&str]) {
        for (key, span) in V::keys(table) {
            if !known.contains(&key) {
                let hint = did_you_mean(key, known.iter().copied());
                let label = if hint.is_empty() { "unknown key".to_string() } else { hint };
                let f =
                    Finding::corpus(Code::UnknownKey, self.span(span), format!("unknown key `{key}` in {what}"), label)
                        .with_help(format!("the keys of {} {what} are: {}", article(what), known.join(", ")));
                self.push(f);
            }
        }
    }

    fn wrong_type<V: FieldValue>(&mut self, f: &Fields<V>, key: &str, v: &V, expected: &str) {
        let msg = format!("`{key}` of {} {} must be {expected}, found {}", article(f.what), f.what, v.type_name());
        self.problem(Code::WrongType, v.span(), msg, format!("expected {expected}"));
    }

    pub fn missing<V: FieldValue>(&mut self, f: &Fields<V>, key: &str) {
        let msg = format!("{} is missing required key `{key}`", f.what);
        // Point at the start of the table rather than underlining all of it.
        let at = match V::missing_at(f.table, key) {
            Some(r) => self.span(r),
            None => Span { end: f.span.start, ..f.span },
        };
        self.push(Finding::corpus(Code::MissingKey, at, msg, format!("this {} has no `{key}`", f.what)));
    }

    /// An optional string: `Err` when it is there with another type (reported).
    pub fn string<V: FieldValue>(&mut self, f: &Fields<V>, key: &str) -> Result<Option<S<String>>, Reported> {
        let Some(v) = f.get(key) else { return Ok(None) };
        match v.kind() {
            Kind::Str(s) => Ok(Some(S { v: s.to_string(), span: self.span(v.span()) })),
            _ => {
                self.wrong_type(f, key, v, "a string");
                Err(Reported)
            }
        }
    }

    /// A required string: reports `missing-key` when absent. `Err` marks the table as broken.
    pub fn required_string<V: FieldValue>(&mut self, f: &Fields<V>, key: &str) -> Result<S<String>, Reported> {
        self.string(f, key)?.ok_or_else(|| {
            self.missing(f, key);
            Reported
        })
    }

    /// A list of strings (in TOML, a single string is taken as a list of one).
    pub fn strings<V: FieldValue>(&mut self, f: &Fields<V>, key: &str) -> Result<Vec<S<String>>, Reported> {
        let Some(v) = f.get(key) else { return Ok(Vec::new()) };
        let items = match v.kind() {
            Kind::Array(items) => items,
            Kind::Str(s) if V::STRING_IS_A_LIST => return Ok(vec![S { v: s.to_string(), span: self.span(v.span()) }]),
            _ => {
                self.wrong_type(f, key, v, "an array of strings");
                return Err(Reported);
            }
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match item.kind() {
                Kind::Str(s) => out.push(S { v: s.to_string(), span: self.span(item.span()) }),
                _ => {
                    self.wrong_type(f, key, item, "a string");
                    ok = false;
                }
            }
        }
        if ok {
            Ok(out)
        } else {
            Err(Reported)
        }
    }

    pub fn boolean<V: FieldValue>(&mut self, f: &Fields<V>, key: &str) -> Result<Option<S<bool>>, Reported> {
        let Some(v) = f.get(key) else { return Ok(None) };
        match v.kind() {
            Kind::Bool(b) => Ok(Some(S { v: b, span: self.span(v.span()) })),
            _ => {
                self.wrong_type(f, key, v, "true or false");
                Err(Reported)
            }
        }
    }

    pub fn float<V: FieldValue>(&mut self, f: &Fields<V>, key: &str) -> Result<Option<S<f64>>, Reported> {
        let Some(v) = f.get(key) else { return Ok(None) };
        match v.kind() {
            Kind::Number(Some(n)) => Ok(Some(S { v: n, span: self.span(v.span()) })),
            _ => {
                self.wrong_type(f, key, v, "a number");
                Err(Reported)
            }
        }
    }

    /// A date or datetime: a TOML date, or a JSON string in RFC 3339 form.
    pub fn time<V: FieldValue>(&mut self, f: &Fields<V>, key: &str) -> Result<Option<S<Time>>, Reported> {
        let Some(v) = f.get(key) else { return Ok(None) };
        let Some(time) = v.as_time() else {
            let (msg, label) = v.not_a_date(key, f.what);
            self.problem(Code::WrongType, v.span(), msg, label);
            return Err(Reported);
        };
        match time {
            Ok(t) => Ok(Some(S { v: t.in_offset(self.offset), span: self.span(v.span()) })),
            Err(why) => {
                let msg = format!("`{key}` is not a valid date: {why}");
                self.problem(Code::InvalidValue, v.span(), msg, V::invalid_date_label(why));
                Err(Reported)
            }
        }
    }

    /// A claim or pattern value: a string, a number, a `[low, high]` range or a date.
    pub fn value<V: FieldValue>(&mut self, f: &Fields<V>, key: &str) -> Result<Option<S<RawValue>>, Reported> {
        let Some(v) = f.get(key) else { return Ok(None) };
        let kind = match v.kind() {
            Kind::Str(s) if V::VALUE_TYPED_BY_PREDICATE => {
                return Ok(Some(S { v: RawValue::Text(s.to_string()), span: self.span(v.span()) }))
            }
            Kind::Str(s) => V::date_in_string(s).map_or(Kind::Str(s), Kind::Date),
            kind => kind,
        };
        let raw = match kind {
            Kind::Date(Ok(t)) => RawValue::Time(t.in_offset(self.offset)),
            Kind::Date(Err(why)) => {
                self.problem(Code::InvalidValue, v.span(), format!("`{key}` is not a valid date: {why}"), why);
                return Err(Reported);
            }
            Kind::Str(s) => RawValue::Str(s.to_string()),
            Kind::Number(Some(n)) => RawValue::Num(n),
            Kind::Number(None) => {
                let msg = "this number cannot be held exactly: integers must lie within ±2^53 (9007199254740992) and floats must be finite".into();
                self.problem(Code::InvalidValue, v.span(), msg, "not a figure claimlint can hold");
                return Err(Reported);
            }
            Kind::Array(items) => {
                let ends = match items {
                    [lo, hi] => finite(lo).zip(finite(hi)),
                    _ => None,
                };
                match ends {
                    Some((lo, hi)) if lo <= hi => RawValue::Range(lo, hi),
                    Some(_) => {
                        let msg = "a range's low end is above its high end".to_string();
                        self.problem(Code::InvalidValue, v.span(), msg, "expected [low, high]");
                        return Err(Reported);
                    }
                    None => {
                        let msg = format!("`{key}` as an array must be a range of two numbers, [low, high]");
                        self.problem(Code::InvalidValue, v.span(), msg, "expected [low, high]");
                        return Err(Reported);
                    }
                }
            }
            Kind::Bool(_) | Kind::Table(_) | Kind::Null => {
                let msg = format!(
                    "`{key}` must be a string, a number, a [low, high] range or {}, found {}",
                    V::DATE,
                    v.type_name()
                );
                self.problem(Code::WrongType, v.span(), msg, "unexpected type");
                return Err(Reported);
            }
        };
        Ok(Some(S { v: raw, span: self.span(v.span()) }))
    }

    /// The tables under `key`: an array of them (`[[claim]]`), or one table, or none.
    pub fn tables<'t, V: FieldValue>(&mut self, f: &Fields<'t, V>, key: &str) -> &'t [V] {
        let Some(v) = f.get(key) else { return &[] };
        match v.kind() {
            Kind::Array(items) => items,
            Kind::Table(_) => std::slice::from_ref(v),
            _ => {
                let (msg, label) = v.not_tables(key);
                self.problem(Code::WrongType, v.span(), msg, label);
                &[]
            }
        }
    }
}

/// A finite number, or `None` (a range's end must be one).
fn finite<V: FieldValue>(v: &V) -> Option<f64> {
    match v.kind() {
        Kind::Number(n) => n,
        _ => None,
    }
}
