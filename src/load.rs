//! Load: find the corpus files, read them, and parse TOML into raw, spanned records.
//!
//! Nothing is resolved here (names stay names); every value keeps its span so that resolve can
//! point at it. Every problem becomes a [`Finding`] with a code, and loading always goes on: a
//! broken table is skipped, the rest of its file is still read.

use crate::findings::Finding;
use crate::source::{FileId, Sources, Span};
use crate::suggest::did_you_mean;
use crate::time::Time;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Files larger than this are refused unread (overridable with `--max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A value could not be read; the problem has been reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct S<T> {
    pub v: T,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    Str(String),
    Num(f64),
    Range(f64, f64),
    Time(Time),
}

#[derive(Debug, Clone)]
pub struct RawEntity {
    pub id: S<String>,
    pub name: S<String>,
    pub kind: S<String>,
    pub aliases: Vec<S<String>>,
    pub part_of: Vec<S<String>>,
    pub speaks_for: Vec<S<String>>,
}

#[derive(Debug, Clone)]
pub struct RawReport {
    /// `None`: the claim file's stem.
    pub id: Option<S<String>>,
    pub stem: String,
    pub header: Span,
    pub title: S<String>,
    pub outlet: S<String>,
    pub via: Vec<S<String>>,
    pub published: S<Time>,
    pub url: Option<S<String>>,
    pub text_path: S<String>,
    /// The report text, when it could be read.
    pub text: Option<FileId>,
}

#[derive(Debug, Clone)]
pub struct RawClaim {
    pub id: S<String>,
    pub subject: S<String>,
    pub predicate: S<String>,
    pub value: Option<S<RawValue>>,
    pub negated: Option<S<bool>>,
    pub certainty: Option<S<String>>,
    pub source: Option<S<String>>,
    pub as_of: Option<S<Time>>,
    pub quote: S<String>,
    pub prefix: Option<S<String>>,
    pub suffix: Option<S<String>>,
    pub bound: Option<S<String>>,
    pub note: Option<S<String>>,
}

/// A claim file: an optional report header and its claims.
#[derive(Debug, Clone)]
pub struct RawClaimFile {
    pub file: FileId,
    pub report: Option<RawReport>,
    pub claims: Vec<RawClaim>,
}

#[derive(Debug, Clone)]
pub struct RawPredicate {
    pub name: S<String>,
    pub description: Option<S<String>>,
    pub subject_kinds: Vec<S<String>>,
    pub value_type: S<String>,
    pub values: Vec<S<String>>,
    pub cardinality: Option<S<String>>,
    pub progression: Vec<S<String>>,
    pub stable: Option<S<bool>>,
    pub growing: Option<S<bool>>,
    pub tolerance: Option<S<f64>>,
}

#[derive(Debug, Clone)]
pub struct RawPattern {
    pub predicate: S<String>,
    pub value: Option<S<RawValue>>,
    pub negated: Option<S<bool>>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct RawRule {
    pub id: S<String>,
    pub kind: S<String>,
    pub predicates: Option<Vec<S<String>>>,
    pub severity: Option<S<String>>,
    pub message: Option<S<String>>,
    pub help: Option<S<String>>,
    pub when: Option<RawPattern>,
    pub then: Option<RawPattern>,
}

#[derive(Debug, Clone)]
pub struct RawPack {
    pub name: String,
    pub predicates: Vec<RawPredicate>,
    pub rules: Vec<RawRule>,
}

/// Everything read from disk, before resolution.
#[derive(Debug, Default)]
pub struct RawCorpus {
    pub packs: Vec<RawPack>,
    pub entities: Vec<RawEntity>,
    pub claim_files: Vec<RawClaimFile>,
}

/// Where the corpus lives and how paths are shown.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The corpus root: report texts must lie inside it.
    pub root: PathBuf,
    /// Directories (or files) whose `*.toml` are claim and entity files.
    pub claim_dirs: Vec<PathBuf>,
    /// Directories (or files) of extra rule packs.
    pub rule_dirs: Vec<PathBuf>,
    pub max_file_size: u64,
}

/// Shows a path relative to the directory claimlint runs in when it can, with `/` separators.
pub fn display_path(path: &Path) -> String {
    display_path_from(std::env::current_dir().ok().as_deref(), path)
}

/// [`display_path`] relative to `cwd` (looked up once by callers that show many paths).
fn display_path_from(cwd: Option<&Path>, path: &Path) -> String {
    let shown = cwd.and_then(|cwd| path.strip_prefix(cwd).ok()).unwrap_or(path);
    let mut parts = Vec::new();
    for c in shown.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(parts.last().map(String::as_str), Some(p) if p != "..") {
                    parts.pop();
                } else {
                    parts.push("..".to_string());
                }
            }
            Component::RootDir => parts.push(String::new()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    if parts.is_empty() {
        ".".to_string()
    } else if parts == [""] {
        "/".to_string()
    } else {
        parts.join("/")
    }
}

/// Reads files under size and UTF-8 checks, and remembers what was read.
pub struct Reader<'a> {
    pub sources: &'a mut Sources,
    pub problems: &'a mut Vec<Finding>,
    pub max_file_size: u64,
    /// Canonical path → file, so a text two reports share is read once.
    read: HashMap<PathBuf, FileId>,
}

impl<'a> Reader<'a> {
    pub fn new(sources: &'a mut Sources, problems: &'a mut Vec<Finding>, max_file_size: u64) -> Self {
        Reader { sources, problems, max_file_size, read: HashMap::new() }
    }

    /// Reads a file as UTF-8 text. `cause` is where the path was named (a `text =` value), if
    /// anywhere: problems point there; otherwise they are reported without a place in a file.
    pub fn read(&mut self, path: &Path, cause: Option<Span>) -> Option<FileId> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(&id) = self.read.get(&canonical) {
            return Some(id);
        }
        let shown = display_path(path);
        match read_text(path, &shown, self.max_file_size) {
            Ok(text) => {
                let id = self.sources.add(shown, text);
                self.read.insert(canonical, id);
                Some(id)
            }
            Err(msg) => {
                self.problems.push(file_problem("unreadable-file", &shown, cause, self.sources, msg));
                None
            }
        }
    }
}

/// Reads a file as UTF-8 text of at most `max_file_size` bytes; `Err` says why it could not be.
fn read_text(path: &Path, shown: &str, max_file_size: u64) -> Result<String, String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot read `{shown}`: {}", io_reason(&e)))?;
    let meta = file.metadata().map_err(|e| format!("cannot read `{shown}`: {}", io_reason(&e)))?;
    if meta.is_dir() {
        return Err(format!("`{shown}` is a directory, not a file"));
    }
    if meta.len() > max_file_size {
        return Err(format!(
            "`{shown}` is {} bytes, over the limit of {max_file_size} bytes; it was not read",
            meta.len()
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).map_err(|e| format!("cannot read `{shown}`: {}", io_reason(&e)))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!("`{shown}` is not UTF-8 text: invalid byte at offset {at}")
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// A problem with a whole file: pointed at where it was named, or at an empty file of its own.
fn file_problem(code: &str, shown: &str, cause: Option<Span>, sources: &mut Sources, msg: String) -> Finding {
    let span = cause.unwrap_or_else(|| Span::new(sources.add(shown.to_string(), ""), 0..0));
    Finding::corpus(code, span, msg, "this file")
}

/// Every `*.toml` below `dir` (or `dir` itself if it is a file), sorted, without following links
/// that lead outside `root`.
pub fn find_toml_files(dir: &Path, root: &Path, reader: &mut Reader) -> Vec<PathBuf> {
    find_files(dir, root, reader, &["toml"])
}

/// Every file below `dir` whose extension is one of `extensions` (or `dir` itself if it is a
/// file), sorted, without following links that lead outside `root`.
pub fn find_files(dir: &Path, root: &Path, reader: &mut Reader, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    walk(dir, &canonical_root, reader, &mut out, 0, extensions);
    out.sort();
    out
}

fn walk(path: &Path, root: &Path, reader: &mut Reader, out: &mut Vec<PathBuf>, depth: usize, extensions: &[&str]) {
    let shown = display_path(path);
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        let p = file_problem(
            "unreadable-file",
            &shown,
            None,
            reader.sources,
            format!("cannot read `{shown}`: no such file or directory"),
        );
        reader.problems.push(p);
        return;
    };
    if meta.file_type().is_symlink() {
        match std::fs::canonicalize(path) {
            Ok(target) if target.starts_with(root) => {}
            Ok(_) => {
                let msg = format!("`{shown}` is a link to a place outside the corpus root; it was not read");
                let p = file_problem("outside-corpus", &shown, None, reader.sources, msg);
                reader.problems.push(p);
                return;
            }
            Err(_) => {
                let msg = format!("`{shown}` is a broken link");
                let p = file_problem("unreadable-file", &shown, None, reader.sources, msg);
                reader.problems.push(p);
                return;
            }
        }
    }
    if path.is_dir() {
        // Deep trees are almost certainly link loops; stop rather than recurse forever.
        if depth > 64 {
            return;
        }
        let Ok(entries) = std::fs::read_dir(path) else {
            let p = file_problem("unreadable-file", &shown, None, reader.sources, format!("cannot list `{shown}`"));
            reader.problems.push(p);
            return;
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            let name = child.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            let wanted = child.extension().is_some_and(|e| extensions.iter().any(|x| e == *x));
            if wanted || child.is_dir() {
                walk(&child, root, reader, out, depth + 1, extensions);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
}

/// Resolves `relative` against the directory of `base` and checks, without touching the file
/// system, that it stays inside `root`; then checks the real path (links) too.
pub fn confine(base_dir: &Path, relative: &str, root: &Path) -> Result<PathBuf, String> {
    let rel = Path::new(relative);
    if rel.is_absolute() {
        return Err(format!("`{relative}` is an absolute path; report texts are named relative to their claim file"));
    }
    let joined = base_dir.join(rel);
    let root_lexical = lexical(root);
    let lex = lexical(&joined);
    if !lex.starts_with(&root_lexical) {
        return Err(format!("`{relative}` leads outside the corpus root"));
    }
    if let (Ok(real), Ok(real_root)) = (std::fs::canonicalize(&joined), std::fs::canonicalize(root)) {
        if !real.starts_with(&real_root) {
            return Err(format!("`{relative}` is a link to a place outside the corpus root"));
        }
    }
    Ok(joined)
}

/// Normalises `.` and `..` without the file system (relative paths are taken from the cwd).
fn lexical(path: &Path) -> PathBuf {
    lexical_from(std::env::current_dir().ok().as_deref(), path)
}

// ---------------------------------------------------------------------------------------------
// The spanned TOML walker.

/// A TOML document being read: reports every problem into `problems`.
pub struct Doc<'p> {
    pub file: FileId,
    pub problems: &'p mut Vec<Finding>,
}

/// A table whose keys have been checked.
pub struct Fields<'t, 'i> {
    pub table: &'t DeTable<'i>,
    pub span: Span,
    /// What the table is, for messages: "claim", "report", "entity"…
    pub what: &'static str,
}

type Value<'i> = Spanned<DeValue<'i>>;

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'p> Doc<'p> {
    pub fn span(&self, r: std::ops::Range<usize>) -> Span {
        Span::new(self.file, r)
    }

    /// Parses a document, reporting every syntax error; what could be read is returned.
    pub fn parse<'i>(&mut self, text: &'i str) -> Spanned<DeTable<'i>> {
        let (table, errors) = DeTable::parse_recoverable(text);
        for e in errors {
            let r = e.span().unwrap_or(0..0);
            let msg = e.message().trim().to_string();
            let first = msg.lines().next().unwrap_or("invalid TOML").to_string();
            let mut f = Finding::corpus("toml-syntax", self.span(r), format!("invalid TOML: {first}"), first.clone());
            let rest: Vec<&str> = msg.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
            if !rest.is_empty() {
                f = f.with_help(rest.join("\n"));
            }
            self.problems.push(f);
        }
        table
    }

    fn problem(&mut self, code: &str, span: std::ops::Range<usize>, msg: String, label: impl Into<String>) {
        let f = Finding::corpus(code, self.span(span), msg, label);
        self.problems.push(f);
    }

    /// Checks that `value` is a table and that it has only `known` keys.
    pub fn fields<'t, 'i>(
        &mut self,
        value: &'t Value<'i>,
        what: &'static str,
        known: &[&str],
    ) -> Option<Fields<'t, 'i>> {
        let DeValue::Table(table) = value.get_ref() else {
            let t = type_name(value.get_ref());
            self.problem(
                "wrong-type",
                value.span(),
                format!("a {what} must be a table, found {t}"),
                "expected a table",
            );
            return None;
        };
        self.check_keys(table, what, known);
        Some(Fields { table, span: self.span(value.span()), what })
    }

    pub fn check_keys(&mut self, table: &DeTable, what: &str, known: &[&str]) {
        for (key, _) in table.iter() {
            let k: &str = key.get_ref();
            if !known.contains(&k) {
                let hint = did_you_mean(k, known.iter().copied());
                let msg = format!("unknown key `{k}` in {what}");
                let label = if hint.is_empty() { "unknown key".to_string() } else { hint.clone() };
                let mut f = Finding::corpus("unknown-key", self.span(key.span()), msg, label);
                f = f.with_help(format!("the keys of a {what} are: {}", known.join(", ")));
                self.problems.push(f);
            }
        }
    }

    fn get<'t, 'i>(f: &Fields<'t, 'i>, key: &str) -> Option<&'t Value<'i>> {
        f.table.get(key)
    }

    fn wrong_type(&mut self, f: &Fields, key: &str, v: &Value, expected: &str) {
        let found = type_name(v.get_ref());
        let msg = format!("`{key}` of a {} must be {expected}, found {found}", f.what);
        self.problem("wrong-type", v.span(), msg, format!("expected {expected}"));
    }

    pub fn missing(&mut self, f: &Fields, key: &str) {
        let msg = format!("{} is missing required key `{key}`", f.what);
        let mut span = f.span;
        // Point at the start of the table rather than underlining all of it.
        span.end = span.start.min(span.end);
        let f2 = Finding::corpus("missing-key", span, msg, format!("this {} has no `{key}`", f.what));
        self.problems.push(f2);
    }

    pub fn string(&mut self, f: &Fields, key: &str) -> Option<S<String>> {
        let v = Self::get(f, key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(S { v: s.to_string(), span: self.span(v.span()) }),
            _ => {
                self.wrong_type(f, key, v, "a string");
                None
            }
        }
    }

    /// A required string: reports `missing-key` when absent. `Err` marks the table as broken.
    pub fn required_string(&mut self, f: &Fields, key: &str) -> Result<S<String>, Reported> {
        if Self::get(f, key).is_none() {
            self.missing(f, key);
            return Err(Reported);
        }
        self.string(f, key).ok_or(Reported)
    }

    /// A list of strings (a single string is taken as a list of one).
    pub fn strings(&mut self, f: &Fields, key: &str) -> Result<Vec<S<String>>, Reported> {
        let Some(v) = Self::get(f, key) else { return Ok(Vec::new()) };
        match v.get_ref() {
            DeValue::String(s) => Ok(vec![S { v: s.to_string(), span: self.span(v.span()) }]),
            DeValue::Array(items) => {
                let mut out = Vec::new();
                let mut ok = true;
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(S { v: s.to_string(), span: self.span(item.span()) }),
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
            _ => {
                self.wrong_type(f, key, v, "an array of strings");
                Err(Reported)
            }
        }
    }

    pub fn boolean(&mut self, f: &Fields, key: &str) -> Result<Option<S<bool>>, Reported> {
        let Some(v) = Self::get(f, key) else { return Ok(None) };
        match v.get_ref() {
            DeValue::Boolean(b) => Ok(Some(S { v: *b, span: self.span(v.span()) })),
            _ => {
                self.wrong_type(f, key, v, "true or false");
                Err(Reported)
            }
        }
    }

    pub fn float(&mut self, f: &Fields, key: &str) -> Result<Option<S<f64>>, Reported> {
        let Some(v) = Self::get(f, key) else { return Ok(None) };
        match number(v.get_ref()) {
            Some(n) => Ok(Some(S { v: n, span: self.span(v.span()) })),
            None => {
                self.wrong_type(f, key, v, "a number");
                Err(Reported)
            }
        }
    }

    pub fn time(&mut self, f: &Fields, key: &str) -> Result<Option<S<Time>>, Reported> {
        let Some(v) = Self::get(f, key) else { return Ok(None) };
        let DeValue::Datetime(dt) = v.get_ref() else {
            let hint = match v.get_ref() {
                DeValue::String(s) => format!(" (write it unquoted, as a TOML date: {key} = {s})"),
                _ => String::new(),
            };
            let found = type_name(v.get_ref());
            let msg = format!("`{key}` of a {} must be a TOML date or datetime, found {found}{hint}", f.what);
            self.problem("wrong-type", v.span(), msg, "expected a date such as 2016-12-13");
            return Err(Reported);
        };
        match Time::from_toml(dt) {
            Ok(t) => Ok(Some(S { v: t, span: self.span(v.span()) })),
            Err(why) => {
                self.problem("invalid-value", v.span(), format!("`{key}` is not a valid date: {why}"), why);
                Err(Reported)
            }
        }
    }

    /// A claim or pattern value: a string, a number, a `[low, high]` range or a date.
    pub fn value(&mut self, f: &Fields, key: &str) -> Result<Option<S<RawValue>>, Reported> {
        let Some(v) = Self::get(f, key) else { return Ok(None) };
        let span = self.span(v.span());
        let raw = match v.get_ref() {
            DeValue::String(s) => RawValue::Str(s.to_string()),
            DeValue::Integer(_) | DeValue::Float(_) => match number(v.get_ref()) {
                Some(n) => RawValue::Num(n),
                None => {
                    self.problem("invalid-value", v.span(), "this number cannot be read".into(), "not a finite number");
                    return Err(Reported);
                }
            },
            DeValue::Datetime(dt) => match Time::from_toml(dt) {
                Ok(t) => RawValue::Time(t),
                Err(why) => {
                    self.problem("invalid-value", v.span(), format!("`{key}` is not a valid date: {why}"), why);
                    return Err(Reported);
                }
            },
            DeValue::Array(items) => {
                let nums: Vec<Option<f64>> = items.iter().map(|i| number(i.get_ref())).collect();
                match nums.as_slice() {
                    [Some(lo), Some(hi)] if lo <= hi => RawValue::Range(*lo, *hi),
                    [Some(_), Some(_)] => {
                        self.problem(
                            "invalid-value",
                            v.span(),
                            "a range's low end is above its high end".into(),
                            "expected [low, high]",
                        );
                        return Err(Reported);
                    }
                    _ => {
                        let msg = format!("`{key}` as an array must be a range of two numbers, [low, high]");
                        self.problem("invalid-value", v.span(), msg, "expected [low, high]");
                        return Err(Reported);
                    }
                }
            }
            other => {
                let msg = format!(
                    "`{key}` must be a string, a number, a [low, high] range or a date, found {}",
                    type_name(other)
                );
                self.problem("wrong-type", v.span(), msg, "unexpected type");
                return Err(Reported);
            }
        };
        Ok(Some(S { v: raw, span }))
    }

    /// An array of tables (`[[claim]]`), or nothing.
    pub fn tables<'t, 'i>(&mut self, top: &'t DeTable<'i>, key: &str) -> Vec<&'t Value<'i>> {
        let Some(v) = top.get(key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            DeValue::Table(_) => vec![v],
            other => {
                let msg = format!("`{key}` must be an array of tables ([[{key}]]), found {}", type_name(other));
                self.problem("wrong-type", v.span(), msg, "expected [[tables]]");
                Vec::new()
            }
        }
    }
}

fn number(v: &DeValue) -> Option<f64> {
    let n = match v {
        DeValue::Integer(i) => {
            let s = i.as_str().replace('_', "");
            i64::from_str_radix(&s, i.radix()).ok()? as f64
        }
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

// ---------------------------------------------------------------------------------------------
// File kinds.

pub const CLAIM_FILE_KEYS: &[&str] = &["report", "claim", "entity"];
pub const REPORT_KEYS: &[&str] = &["id", "title", "outlet", "via", "published", "url", "text"];
pub const CLAIM_KEYS: &[&str] = &[
    "id",
    "subject",
    "predicate",
    "value",
    "negated",
    "certainty",
    "source",
    "as-of",
    "quote",
    "prefix",
    "suffix",
    "bound",
    "note",
];
pub const ENTITY_KEYS: &[&str] = &["id", "name", "kind", "aliases", "part-of", "speaks-for"];
const PACK_KEYS: &[&str] = &["predicate", "rule"];
const PREDICATE_KEYS: &[&str] = &[
    "name",
    "description",
    "subject-kinds",
    "type",
    "values",
    "cardinality",
    "progression",
    "stable",
    "growing",
    "tolerance",
];
const RULE_KEYS: &[&str] = &["id", "kind", "predicates", "severity", "message", "help", "if", "then"];
const PATTERN_KEYS: &[&str] = &["predicate", "value", "negated"];

/// Reads one claim or entity file: `[report]`, `[[claim]]` and `[[entity]]` tables.
pub fn read_claim_file(path: &Path, layout: &Layout, reader: &mut Reader, out: &mut RawCorpus) {
    let Some(file) = reader.read(path, None) else { return };
    let text = reader.sources.get(file).text.clone();
    let (report, claims) = parse_claim_file(file, &text, path, &mut out.entities, reader.problems);
    let mut report = report;
    // Read the report text last, so its problems follow the file's own.
    if let Some(r) = report.as_mut() {
        read_report_text(r, path, layout, reader);
    }
    if report.is_some() || !claims.is_empty() {
        out.claim_files.push(RawClaimFile { file, report, claims });
    }
}

/// Parses a TOML claim file: its entities go to `entities`; its report (text not read) and claims
/// are returned.
fn parse_claim_file(
    file: FileId,
    text: &str,
    path: &Path,
    entities: &mut Vec<RawEntity>,
    problems: &mut Vec<Finding>,
) -> (Option<RawReport>, Vec<RawClaim>) {
    let mut doc = Doc { file, problems };
    let top = doc.parse(text);
    doc.check_keys(top.get_ref(), "claim file", CLAIM_FILE_KEYS);

    for e in doc.tables(top.get_ref(), "entity") {
        if let Some(ent) = read_entity(&mut doc, e) {
            entities.push(ent);
        }
    }
    let report = match top.get_ref().get("report") {
        Some(r) => read_report(&mut doc, r, path),
        None => None,
    };
    let claim_tables = doc.tables(top.get_ref(), "claim");
    if top.get_ref().get("report").is_none() && !claim_tables.is_empty() {
        let msg = "claims need a [report] table saying which report they come from".to_string();
        doc.problem("missing-key", 0..0, msg, "this file has [[claim]] but no [report]");
    }
    let claims: Vec<RawClaim> = claim_tables.into_iter().filter_map(|c| read_claim(&mut doc, c)).collect();
    (report, claims)
}

/// Reads the text of a report declared in the claim file at `path` (its `text` is relative to
/// that file), after checking that it lies inside the corpus root.
pub fn read_report_text(r: &mut RawReport, path: &Path, layout: &Layout, reader: &mut Reader) {
    let base = path.parent().unwrap_or(Path::new("."));
    match confine(base, &r.text_path.v, &layout.root) {
        Ok(p) => r.text = reader.read(&p, Some(r.text_path.span)),
        Err(why) => {
            let f = Finding::corpus(
                "outside-corpus",
                r.text_path.span,
                format!("{why}; it was not read"),
                "outside the corpus",
            )
            .with_help("report texts must lie inside the corpus root, next to or below the claims");
            reader.problems.push(f);
        }
    }
}

fn read_report(doc: &mut Doc, v: &Value, path: &Path) -> Option<RawReport> {
    let f = doc.fields(v, "report", REPORT_KEYS)?;
    let id = doc.string(&f, "id");
    let title = doc.required_string(&f, "title");
    let outlet = doc.required_string(&f, "outlet");
    let via = doc.strings(&f, "via");
    let published = doc.time(&f, "published");
    if f.table.get("published").is_none() {
        doc.missing(&f, "published");
    }
    let url = doc.string(&f, "url");
    let text_path = doc.required_string(&f, "text");
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Some(RawReport {
        id,
        stem,
        header: f.span,
        title: title.ok()?,
        outlet: outlet.ok()?,
        via: via.ok()?,
        published: published.ok()??,
        url,
        text_path: text_path.ok()?,
        text: None,
    })
}

fn read_claim(doc: &mut Doc, v: &Value) -> Option<RawClaim> {
    let f = doc.fields(v, "claim", CLAIM_KEYS)?;
    // Read every field before giving up, so that one run reports all of a claim's problems.
    let id = doc.required_string(&f, "id");
    let subject = doc.required_string(&f, "subject");
    let predicate = doc.required_string(&f, "predicate");
    let value = doc.value(&f, "value");
    let negated = doc.boolean(&f, "negated");
    let certainty = doc.string(&f, "certainty");
    let source = doc.string(&f, "source");
    let as_of = doc.time(&f, "as-of");
    let quote = doc.required_string(&f, "quote");
    let prefix = doc.string(&f, "prefix");
    let suffix = doc.string(&f, "suffix");
    let bound = doc.string(&f, "bound");
    let note = doc.string(&f, "note");
    let typed_ok = ["certainty", "source", "prefix", "suffix", "bound", "note"]
        .iter()
        .all(|k| f.table.get(*k).is_none_or(|v| matches!(v.get_ref(), DeValue::String(_))));
    if !typed_ok {
        return None;
    }
    Some(RawClaim {
        id: id.ok()?,
        subject: subject.ok()?,
        predicate: predicate.ok()?,
        value: value.ok()?,
        negated: negated.ok()?,
        certainty,
        source,
        as_of: as_of.ok()?,
        quote: quote.ok()?,
        prefix,
        suffix,
        bound,
        note,
    })
}

fn read_entity(doc: &mut Doc, v: &Value) -> Option<RawEntity> {
    let f = doc.fields(v, "entity", ENTITY_KEYS)?;
    let id = doc.required_string(&f, "id");
    let name = doc.required_string(&f, "name");
    let kind = doc.required_string(&f, "kind");
    let aliases = doc.strings(&f, "aliases");
    let part_of = doc.strings(&f, "part-of");
    let speaks_for = doc.strings(&f, "speaks-for");
    Some(RawEntity {
        id: id.ok()?,
        name: name.ok()?,
        kind: kind.ok()?,
        aliases: aliases.ok()?,
        part_of: part_of.ok()?,
        speaks_for: speaks_for.ok()?,
    })
}

/// Reads a rule pack from text (built-in packs are compiled in; others are read from disk).
pub fn read_pack(name: &str, file: FileId, text: &str, problems: &mut Vec<Finding>) -> RawPack {
    let mut doc = Doc { file, problems };
    let top = doc.parse(text);
    doc.check_keys(top.get_ref(), "rule pack", PACK_KEYS);
    let predicates =
        doc.tables(top.get_ref(), "predicate").into_iter().filter_map(|p| read_predicate(&mut doc, p)).collect();
    let rules = doc.tables(top.get_ref(), "rule").into_iter().filter_map(|r| read_rule(&mut doc, r)).collect();
    RawPack { name: name.to_string(), predicates, rules }
}

fn read_predicate(doc: &mut Doc, v: &Value) -> Option<RawPredicate> {
    let f = doc.fields(v, "predicate", PREDICATE_KEYS)?;
    let name = doc.required_string(&f, "name");
    let description = doc.string(&f, "description");
    let subject_kinds = doc.strings(&f, "subject-kinds");
    let value_type = doc.required_string(&f, "type");
    let values = doc.strings(&f, "values");
    let cardinality = doc.string(&f, "cardinality");
    let progression = doc.strings(&f, "progression");
    let stable = doc.boolean(&f, "stable");
    let growing = doc.boolean(&f, "growing");
    let tolerance = doc.float(&f, "tolerance");
    Some(RawPredicate {
        name: name.ok()?,
        description,
        subject_kinds: subject_kinds.ok()?,
        value_type: value_type.ok()?,
        values: values.ok()?,
        cardinality,
        progression: progression.ok()?,
        stable: stable.ok()?,
        growing: growing.ok()?,
        tolerance: tolerance.ok()?,
    })
}

fn read_rule(doc: &mut Doc, v: &Value) -> Option<RawRule> {
    let f = doc.fields(v, "rule", RULE_KEYS)?;
    let id = doc.required_string(&f, "id");
    let kind = doc.required_string(&f, "kind");
    let predicates = if f.table.get("predicates").is_some() { Some(doc.strings(&f, "predicates")) } else { None };
    let severity = doc.string(&f, "severity");
    let message = doc.string(&f, "message");
    let help = doc.string(&f, "help");
    let when = f.table.get("if").map(|p| read_pattern(doc, p, "`if` pattern"));
    let then = f.table.get("then").map(|p| read_pattern(doc, p, "`then` pattern"));
    Some(RawRule {
        id: id.ok()?,
        kind: kind.ok()?,
        predicates: match predicates {
            Some(p) => Some(p.ok()?),
            None => None,
        },
        severity,
        message,
        help,
        when: match when {
            Some(p) => Some(p?),
            None => None,
        },
        then: match then {
            Some(p) => Some(p?),
            None => None,
        },
    })
}

fn read_pattern(doc: &mut Doc, v: &Value, what: &'static str) -> Option<RawPattern> {
    let f = doc.fields(v, what, PATTERN_KEYS)?;
    let predicate = doc.required_string(&f, "predicate");
    let value = doc.value(&f, "value");
    let negated = doc.boolean(&f, "negated");
    Some(RawPattern { predicate: predicate.ok()?, value: value.ok()?, negated: negated.ok()?, span: f.span })
}

// ---------------------------------------------------------------------------------------------
// Reading many claim files at once.

/// One claim file read and parsed on a worker thread, waiting to be merged in file order.
struct LoadedFile {
    shown: String,
    /// Empty when the file could not be read (its problem then points at it).
    text: String,
    entities: Vec<RawEntity>,
    /// Reports with their claims; report texts are attached at the merge.
    claim_files: Vec<RawClaimFile>,
    /// The text read for each entry of `claim_files`, when it has a report whose text could be read.
    texts: Vec<Option<LoadedText>>,
    problems: Vec<Finding>,
}

struct LoadedText {
    /// The real path, so that a text two reports share is kept once.
    key: PathBuf,
    shown: String,
    text: String,
}

/// What the workers share: the corpus root, resolved once, and the real paths of the directories
/// report texts lie in, so that links are checked with one `lstat` per text rather than one
/// `readlink` per path component.
struct Confiner<'l> {
    layout: &'l Layout,
    cwd: Option<PathBuf>,
    root_lexical: PathBuf,
    root_real: Option<PathBuf>,
    real_dirs: std::sync::Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl Confiner<'_> {
    /// As [`confine`]: the path to read, and its real path (or its normalised one, when it does
    /// not exist).
    fn confine(&self, base_dir: &Path, relative: &str) -> Result<(PathBuf, PathBuf), String> {
        let rel = Path::new(relative);
        if rel.is_absolute() {
            return Err(format!(
                "`{relative}` is an absolute path; report texts are named relative to their claim file"
            ));
        }
        let joined = base_dir.join(rel);
        let lex = lexical_from(self.cwd.as_deref(), &joined);
        if !lex.starts_with(&self.root_lexical) {
            return Err(format!("`{relative}` leads outside the corpus root"));
        }
        let real = self.real_path(&lex);
        if let (Some(real), Some(root)) = (&real, &self.root_real) {
            if !real.starts_with(root) {
                return Err(format!("`{relative}` is a link to a place outside the corpus root"));
            }
        }
        Ok((joined, real.unwrap_or(lex)))
    }

    fn real_path(&self, lex: &Path) -> Option<PathBuf> {
        let (dir, name) = (lex.parent()?, lex.file_name()?);
        let cached = self.real_dirs.lock().ok().and_then(|dirs| dirs.get(dir).cloned());
        let real_dir = match cached {
            Some(real) => real,
            None => {
                let real = std::fs::canonicalize(dir).ok();
                if let Ok(mut dirs) = self.real_dirs.lock() {
                    dirs.insert(dir.to_path_buf(), real.clone());
                }
                real
            }
        }?;
        let candidate = real_dir.join(name);
        match std::fs::symlink_metadata(&candidate) {
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(&candidate).ok(),
            Ok(_) => Some(candidate),
            Err(_) => None,
        }
    }

    fn load(&self, file: FileId, path: &Path) -> LoadedFile {
        let shown = display_path_from(self.cwd.as_deref(), path);
        let mut out = LoadedFile {
            shown,
            text: String::new(),
            entities: Vec::new(),
            claim_files: Vec::new(),
            texts: Vec::new(),
            problems: Vec::new(),
        };
        match read_text(path, &out.shown, self.layout.max_file_size) {
            Ok(text) => out.text = text,
            Err(msg) => {
                out.problems.push(Finding::corpus("unreadable-file", Span::new(file, 0..0), msg, "this file"));
                return out;
            }
        }
        if path.extension().is_some_and(|e| e == "jsonl") {
            let parsed = crate::jsonl::parse(file, &out.text);
            out.entities = parsed.entities;
            out.claim_files = parsed.claim_files;
            out.problems = parsed.problems;
        } else {
            let (report, claims) = parse_claim_file(file, &out.text, path, &mut out.entities, &mut out.problems);
            if report.is_some() || !claims.is_empty() {
                out.claim_files.push(RawClaimFile { file, report, claims });
            }
        }
        let base = path.parent().unwrap_or(Path::new("."));
        for cf in &out.claim_files {
            let text = cf.report.as_ref().and_then(|r| self.report_text(base, r, &mut out.problems));
            out.texts.push(text);
        }
        out
    }

    /// Reads a report's text, as [`read_report_text`] does.
    fn report_text(&self, base: &Path, r: &RawReport, problems: &mut Vec<Finding>) -> Option<LoadedText> {
        let (path, key) = match self.confine(base, &r.text_path.v) {
            Ok(p) => p,
            Err(why) => {
                let f = Finding::corpus(
                    "outside-corpus",
                    r.text_path.span,
                    format!("{why}; it was not read"),
                    "outside the corpus",
                )
                .with_help("report texts must lie inside the corpus root, next to or below the claims");
                problems.push(f);
                return None;
            }
        };
        let shown = display_path_from(self.cwd.as_deref(), &path);
        match read_text(&path, &shown, self.layout.max_file_size) {
            Ok(text) => Some(LoadedText { key, shown, text }),
            Err(msg) => {
                problems.push(Finding::corpus("unreadable-file", r.text_path.span, msg, "this file"));
                None
            }
        }
    }
}

/// [`lexical`] relative to `cwd`.
fn lexical_from(cwd: Option<&Path>, path: &Path) -> PathBuf {
    let abs = if path.is_absolute() { path.to_path_buf() } else { cwd.unwrap_or(Path::new("")).join(path) };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Reads and parses claim files (`*.toml`, `*.jsonl`) and their report texts on all cores, then
/// adds them to the corpus in the order of `paths`, so that file ids, records and problems come
/// out the same whatever the number of threads.
pub fn read_claim_files(paths: &[PathBuf], layout: &Layout, reader: &mut Reader, out: &mut RawCorpus) {
    use rayon::prelude::*;
    let cwd = std::env::current_dir().ok();
    let confiner = Confiner {
        layout,
        root_lexical: lexical_from(cwd.as_deref(), &layout.root),
        root_real: std::fs::canonicalize(&layout.root).ok(),
        cwd,
        real_dirs: std::sync::Mutex::new(HashMap::new()),
    };
    // Claim file i becomes source `base + i`: the workers write that id into every span.
    let base = reader.sources.len();
    let loaded: Vec<LoadedFile> =
        paths.par_iter().enumerate().map(|(i, path)| confiner.load(FileId((base + i) as u32), path)).collect();
    let mut rest = Vec::with_capacity(loaded.len());
    for l in loaded {
        reader.sources.add(l.shown, l.text);
        rest.push((l.entities, l.claim_files, l.texts, l.problems));
    }
    for (entities, claim_files, texts, problems) in rest {
        reader.problems.extend(problems);
        out.entities.extend(entities);
        for (mut cf, text) in claim_files.into_iter().zip(texts) {
            if let (Some(r), Some(t)) = (cf.report.as_mut(), text) {
                let id = match reader.read.get(&t.key) {
                    Some(&id) => id,
                    None => {
                        let id = reader.sources.add(t.shown, t.text);
                        reader.read.insert(t.key, id);
                        id
                    }
                };
                r.text = Some(id);
            }
            out.claim_files.push(cf);
        }
    }
}
