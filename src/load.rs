//! Load: find the corpus files, read them, and parse TOML into raw, spanned records.
//!
//! Nothing is resolved here (names stay names); every value keeps its span so that resolve can
//! point at it. Every problem becomes a [`Finding`] with a code, and loading always goes on: a
//! broken table is skipped, the rest of its file is still read. The field and record readers are
//! written once, against [`FieldValue`], and read JSON Lines claim files ([`crate::jsonl`]) too.

use crate::findings::Finding;
use crate::source::{FileId, Sources, Span};
use crate::suggest::did_you_mean;
use crate::time::Time;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
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
}

#[derive(Debug, Clone)]
pub struct RawClaim {
    pub id: S<String>,
    pub subject: S<String>,
    pub predicate: S<String>,
    pub value: Option<S<RawValue>>,
    pub negated: Option<S<bool>>,
    // The optional keys are boxed: most claims leave most of them out, and a million raw claims
    // are all in memory at once (a `S<String>` is 48 bytes, its box 8).
    pub certainty: Option<Box<S<String>>>,
    pub source: Option<Box<S<String>>>,
    pub as_of: Option<Box<S<Time>>>,
    pub quote: S<String>,
    pub prefix: Option<Box<S<String>>>,
    pub suffix: Option<Box<S<String>>>,
    pub bound: Option<Box<S<String>>>,
    pub note: Option<Box<S<String>>>,
}

/// A claim file: an optional report header and its claims.
///
/// Its claims are checked only when `report` and `text` are both there; otherwise they are still
/// resolved, so that each of their own problems is reported, and their loss is reported too.
#[derive(Debug, Clone)]
pub struct RawClaimFile {
    pub file: FileId,
    /// Where the file's `[report]` table stands, whether or not it could be read.
    pub report_span: Option<Span>,
    /// The `[report]` table, when every key it needs could be read.
    pub report: Option<RawReport>,
    /// The report text, when `text` names a file that could be read (even if the rest of
    /// `[report]` could not: its claims' quotes can still be looked for).
    pub text: Option<FileId>,
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
    /// The ids of entities declared but not read (their problems are reported): a claim naming
    /// one is told so, rather than that no such entity exists.
    pub broken_entities: Vec<S<String>>,
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

/// "a" or "an", for the kind of record named after it in a message ("an entity", "a claim").
fn article(what: &str) -> &'static str {
    if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
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
        match read_limited(path, &shown, self.max_file_size) {
            Ok(bytes) => {
                let id = add_text(self.sources, self.problems, shown, bytes, cause)?;
                self.read.insert(canonical, id);
                Some(id)
            }
            Err(msg) => {
                let p = file_problem("unreadable-file", &shown, cause, self.sources, msg);
                self.problems.push(p);
                None
            }
        }
    }
}

/// The bytes of a regular file no larger than `max` bytes. Anything else (a directory, a pipe or
/// device that would block or never end, a file over the limit) is refused before it is read.
fn read_limited(path: &Path, shown: &str, max: u64) -> Result<Vec<u8>, String> {
    match read_limited_unless_link(path, shown, max, true)? {
        Some(bytes) => Ok(bytes),
        None => Err(format!("cannot read `{shown}`: a link")),
    }
}

/// A file opened for reading, or the link that stands at its path (when links are not followed).
enum Opened {
    File(std::fs::File),
    Link,
}

/// Opens `path` for reading. On Unix it is opened without blocking (a pipe with no writer would
/// otherwise hang the run in `open`), and the file's kind and size are then asked of the open
/// file: one lookup of the path rather than two, for each of a large corpus's files. Unless
/// `follow`, a link at the path is not followed but reported as [`Opened::Link`].
#[cfg(unix)]
fn open_for_read(path: &Path, follow: bool) -> std::io::Result<Opened> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
    if !follow {
        flags |= libc::O_NOFOLLOW;
    }
    match std::fs::OpenOptions::new().read(true).custom_flags(flags).open(path) {
        Ok(file) => Ok(Opened::File(file)),
        Err(e) if !follow && e.raw_os_error() == Some(libc::ELOOP) => Ok(Opened::Link),
        Err(e) => Err(e),
    }
}

/// Elsewhere the path is looked at first, so that nothing but a regular file is opened.
#[cfg(not(unix))]
fn open_for_read(path: &Path, follow: bool) -> std::io::Result<Opened> {
    if !follow && std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Ok(Opened::Link);
    }
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    std::fs::File::open(path).map(Opened::File)
}

/// [`read_limited`], or `None` when `follow` is off and a link stands at `path`.
fn read_limited_unless_link(path: &Path, shown: &str, max: u64, follow: bool) -> Result<Option<Vec<u8>>, String> {
    use std::io::Read;
    let over = |len: u64| format!("`{shown}` is {len} bytes, over the limit of {max} bytes; it was not read");
    let cannot = |e: std::io::Error| format!("cannot read `{shown}`: {}", io_reason(&e));
    let file = match open_for_read(path, follow).map_err(cannot)? {
        Opened::File(file) => file,
        Opened::Link => return Ok(None),
    };
    let meta = file.metadata().map_err(cannot)?;
    if meta.is_dir() {
        return Err(format!("`{shown}` is a directory, not a file"));
    }
    if !meta.is_file() {
        return Err(format!("`{shown}` is not a regular file (a pipe, socket or device); it was not read"));
    }
    if meta.len() > max {
        return Err(over(meta.len()));
    }
    // The size can change between the check and the read: never hold more than the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read `{shown}`: {}", io_reason(&e)))?;
    if bytes.len() as u64 > max {
        return Err(format!("`{shown}` grew past the limit of {max} bytes while it was read; it was not read"));
    }
    Ok(Some(bytes))
}

/// Adds `bytes` as the text of `shown`, or reports that it is not UTF-8. Text that is not UTF-8
/// is still added, decoded lossily, so that the problem can point at the line and column of the
/// first bad byte (offsets before it are those of the file); nothing further reads it.
fn add_text(
    sources: &mut Sources,
    problems: &mut Vec<Finding>,
    shown: String,
    bytes: Vec<u8>,
    cause: Option<Span>,
) -> Option<FileId> {
    match String::from_utf8(bytes) {
        Ok(text) => Some(sources.add(shown, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let msg = format!("`{shown}` is not UTF-8 text: invalid byte at offset {at}");
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = sources.add(shown, lossy);
            let here = Span::new(file, at..at);
            let f = match cause {
                Some(cause) => Finding::corpus("unreadable-file", cause, msg, "not UTF-8 text")
                    .with_location(here, format!("invalid UTF-8 at byte {at}")),
                None => Finding::corpus("unreadable-file", here, msg, format!("invalid UTF-8 at byte {at}")),
            }
            .with_help("claimlint reads UTF-8 only; convert the file (e.g. `iconv -f latin1 -t utf-8`)");
            problems.push(f);
            None
        }
    }
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
/// that lead outside `root`. A file reached twice (through a link) is listed once, under the
/// first of its paths in sorted order, so that it is not read as two files declaring the same ids.
pub fn find_toml_files(dir: &Path, root: &Path, reader: &mut Reader) -> Vec<PathBuf> {
    find_files(dir, root, reader, &["toml"])
}

/// As [`find_toml_files`], for files whose extension is one of `extensions`.
pub fn find_files(dir: &Path, root: &Path, reader: &mut Reader, extensions: &[&str]) -> Vec<PathBuf> {
    let mut walk = Walk {
        root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        extensions,
        reader,
        found: Vec::new(),
        dirs_seen: HashSet::new(),
        links: false,
    };
    walk.visit(dir, 0);
    let links = walk.links;
    let mut found = walk.found;
    // The walk lists each directory's entries in order, depth first: the paths come out sorted.
    if !found.is_sorted() {
        found.sort();
    }
    // Without links, no file is reached twice: the real path of each (a system call per path
    // component, a tenth of the run on a corpus of small files) is looked up only with them.
    if links {
        let mut seen = HashSet::new();
        found.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    }
    found
}

/// How many directories deep the walk goes below a claims directory.
const MAX_DEPTH: usize = 64;

struct Walk<'r, 'a> {
    /// Canonical corpus root.
    root: PathBuf,
    /// Extensions of the files listed.
    extensions: &'r [&'r str],
    reader: &'r mut Reader<'a>,
    found: Vec<PathBuf>,
    /// Canonical directories already listed: a link to an ancestor is a loop, not more files.
    dirs_seen: HashSet<PathBuf>,
    /// Whether a link was followed: then one file may have been listed under two paths.
    links: bool,
}

impl Walk<'_, '_> {
    fn problem(&mut self, code: &str, shown: &str, msg: String) {
        let p = file_problem(code, shown, None, self.reader.sources, msg);
        self.reader.problems.push(p);
    }

    fn visit(&mut self, path: &Path, depth: usize) {
        // The path as shown is only needed for a problem: most files have none.
        let shown = || display_path(path);
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            let shown = shown();
            self.problem("unreadable-file", &shown, format!("cannot read `{shown}`: no such file or directory"));
            return;
        };
        let is_dir = if meta.file_type().is_symlink() {
            self.links = true;
            match std::fs::canonicalize(path) {
                Ok(target) if target.starts_with(&self.root) => target.is_dir(),
                Ok(_) => {
                    let shown = shown();
                    let msg = format!("`{shown}` is a link to a place outside the corpus root; it was not read");
                    self.problem("outside-corpus", &shown, msg);
                    return;
                }
                Err(_) => {
                    let shown = shown();
                    self.problem("unreadable-file", &shown, format!("`{shown}` is a broken link"));
                    return;
                }
            }
        } else {
            meta.is_dir()
        };
        if !is_dir {
            self.found.push(path.to_path_buf());
            return;
        }
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !self.dirs_seen.insert(canonical) {
            return;
        }
        // A tree this deep is implausible; stop rather than exhaust the stack, and say so.
        if depth > MAX_DEPTH {
            let shown = shown();
            let msg = format!("`{shown}` is more than {MAX_DEPTH} directories deep; nothing below it was read");
            self.problem("unreadable-file", &shown, msg);
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                let shown = shown();
                self.problem("unreadable-file", &shown, format!("cannot list `{shown}`: {}", io_reason(&e)));
                return;
            }
        };
        let mut children = Vec::new();
        for entry in entries {
            match entry {
                // The entry's type comes with the listing on most file systems: no `stat` per
                // file to tell the directories (and links, looked at when visited) apart.
                Ok(e) => children.push((e.path(), e.file_type().ok())),
                Err(e) => {
                    let shown = shown();
                    self.problem("unreadable-file", &shown, format!("cannot list `{shown}`: {}", io_reason(&e)))
                }
            }
        }
        // Siblings differ in their names only: comparing those is comparing the paths, without
        // walking every component of both for each comparison.
        children.sort_by(|a, b| a.0.file_name().cmp(&b.0.file_name()));
        for (child, kind) in children {
            if child.file_name().is_some_and(|n| n.as_encoded_bytes().starts_with(b".")) {
                continue;
            }
            let wanted = child.extension().is_some_and(|e| self.extensions.iter().any(|x| e == *x));
            let file = kind.is_some_and(|k| k.is_file());
            if wanted && file {
                // A plain file, as the listing says: no need to look at it again.
                self.found.push(child);
            } else if wanted || (!file && child.is_dir()) {
                self.visit(&child, depth + 1);
            }
        }
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

/// [`lexical`], relative paths taken from `cwd`.
pub(crate) fn lexical_from(cwd: Option<&Path>, path: &Path) -> PathBuf {
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

// ---------------------------------------------------------------------------------------------
// The spanned field readers, written once for both claim-file formats.

/// A value in a claim file, as the field readers see it: a TOML value, or a JSON value on a line
/// of a `.jsonl` file. The readers ([`Doc::string`], [`Doc::time`]…) are written once against
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

/// A document being read (a TOML file, or one line of a JSON Lines file): reports every problem
/// into `problems`.
pub struct Doc<'p> {
    pub file: FileId,
    pub problems: &'p mut Vec<Finding>,
    /// Where the parser found syntax errors, as (start, the furthest end of any error starting
    /// at or before it), sorted: a value the parser already complained about (an impossible date
    /// it half-read) is not reported a second time as the wrong type or value.
    syntax_errors: Vec<(usize, usize)>,
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

impl<'p> Doc<'p> {
    pub fn new(file: FileId, problems: &'p mut Vec<Finding>) -> Self {
        Doc { file, problems, syntax_errors: Vec::new() }
    }

    pub fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.file, r)
    }

    /// Parses a TOML document, reporting every syntax error; what could be read is returned.
    pub fn parse<'i>(&mut self, text: &'i str) -> Spanned<DeTable<'i>> {
        let (table, errors) = DeTable::parse_recoverable(text);
        let mut seen = HashSet::new();
        let mut spans = Vec::new();
        for e in errors {
            let mut r = within(text, e.span().unwrap_or(0..0));
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
            let msg = e.message().trim().to_string();
            let first = msg.lines().next().unwrap_or("invalid TOML").to_string();
            let mut f =
                Finding::corpus("toml-syntax", self.span(r.clone()), format!("invalid TOML: {first}"), first.clone());
            let rest: Vec<&str> = msg.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
            if !rest.is_empty() {
                f = f.with_help(rest.join("\n"));
            }
            // Recovery can report one error many times over (each of 80 unclosed arrays ends at
            // the end of the file): say each once.
            if seen.insert((r.start, r.end, msg)) {
                self.problems.push(f);
                spans.push((r.start, r.end));
            }
        }
        spans.sort_unstable();
        let mut furthest = 0;
        self.syntax_errors = spans
            .into_iter()
            .map(|(start, end)| {
                furthest = furthest.max(end);
                (start, furthest)
            })
            .collect();
        table
    }

    /// Reports a problem, unless the parser already reported one where it points.
    fn push(&mut self, f: Finding) {
        let Some(at) = f.primary().map(|l| l.span) else { return self.problems.push(f) };
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
            self.problems.push(f);
        }
    }

    fn problem(&mut self, code: &str, span: Range<usize>, msg: String, label: impl Into<String>) {
        let f = Finding::corpus(code, self.span(span), msg, label);
        self.push(f);
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

    /// Checks that `value` is a table and that it has only `known` keys.
    pub fn fields<'t, V: FieldValue>(
        &mut self,
        value: &'t V,
        what: &'static str,
        known: &[&str],
    ) -> Option<Fields<'t, V>> {
        let Kind::Table(table) = value.kind() else {
            let (expected, label) = V::TABLE;
            let msg = format!("a {what} must be {expected}, found {}", value.type_name());
            self.problem("wrong-type", value.span(), msg, label);
            return None;
        };
        self.check_keys::<V>(table, what, known);
        Some(Fields { table, span: self.span(value.span()), what })
    }

    fn check_keys<V: FieldValue>(&mut self, table: &V::Table, what: &str, known: &[&str]) {
        for (key, span) in V::keys(table) {
            if !known.contains(&key) {
                let hint = did_you_mean(key, known.iter().copied());
                let label = if hint.is_empty() { "unknown key".to_string() } else { hint };
                let f =
                    Finding::corpus("unknown-key", self.span(span), format!("unknown key `{key}` in {what}"), label)
                        .with_help(format!("the keys of {} {what} are: {}", article(what), known.join(", ")));
                self.push(f);
            }
        }
    }

    fn wrong_type<V: FieldValue>(&mut self, f: &Fields<V>, key: &str, v: &V, expected: &str) {
        let msg = format!("`{key}` of {} {} must be {expected}, found {}", article(f.what), f.what, v.type_name());
        self.problem("wrong-type", v.span(), msg, format!("expected {expected}"));
    }

    pub fn missing<V: FieldValue>(&mut self, f: &Fields<V>, key: &str) {
        let msg = format!("{} is missing required key `{key}`", f.what);
        // Point at the start of the table rather than underlining all of it.
        let at = Span { end: f.span.start, ..f.span };
        self.push(Finding::corpus("missing-key", at, msg, format!("this {} has no `{key}`", f.what)));
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
            self.problem("wrong-type", v.span(), msg, label);
            return Err(Reported);
        };
        match time {
            Ok(t) => Ok(Some(S { v: t, span: self.span(v.span()) })),
            Err(why) => {
                let msg = format!("`{key}` is not a valid date: {why}");
                self.problem("invalid-value", v.span(), msg, V::invalid_date_label(why));
                Err(Reported)
            }
        }
    }

    /// A claim or pattern value: a string, a number, a `[low, high]` range or a date.
    pub fn value<V: FieldValue>(&mut self, f: &Fields<V>, key: &str) -> Result<Option<S<RawValue>>, Reported> {
        let Some(v) = f.get(key) else { return Ok(None) };
        let kind = match v.kind() {
            Kind::Str(s) => V::date_in_string(s).map_or(Kind::Str(s), Kind::Date),
            kind => kind,
        };
        let raw = match kind {
            Kind::Date(Ok(t)) => RawValue::Time(t),
            Kind::Date(Err(why)) => {
                self.problem("invalid-value", v.span(), format!("`{key}` is not a valid date: {why}"), why);
                return Err(Reported);
            }
            Kind::Str(s) => RawValue::Str(s.to_string()),
            Kind::Number(Some(n)) => RawValue::Num(n),
            Kind::Number(None) => {
                self.problem("invalid-value", v.span(), "this number cannot be read".into(), "not a finite number");
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
                        self.problem("invalid-value", v.span(), msg, "expected [low, high]");
                        return Err(Reported);
                    }
                    None => {
                        let msg = format!("`{key}` as an array must be a range of two numbers, [low, high]");
                        self.problem("invalid-value", v.span(), msg, "expected [low, high]");
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
                self.problem("wrong-type", v.span(), msg, "unexpected type");
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
                self.problem("wrong-type", v.span(), msg, label);
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

// ---------------------------------------------------------------------------------------------
// TOML values.

/// A TOML value and its span.
pub type Value<'i> = Spanned<DeValue<'i>>;

/// TOML names its own types in messages; dates are values of their own; one string may stand
/// for a list of one.
impl<'i> FieldValue for Value<'i> {
    type Table = DeTable<'i>;
    const TABLE: (&'static str, &'static str) = ("a table", "expected a table");
    const DATE: &'static str = "a date";
    const STRING_IS_A_LIST: bool = true;
    const NO_REPORT: (&'static str, &'static str) =
        ("claims need a [report] table saying which report they come from", "this file has [[claim]] but no [report]");

    fn span(&self) -> Range<usize> {
        Spanned::span(self)
    }

    fn type_name(&self) -> &'static str {
        match self.get_ref() {
            DeValue::String(_) => "a string",
            DeValue::Integer(_) => "an integer",
            DeValue::Float(_) => "a float",
            DeValue::Boolean(_) => "a boolean",
            DeValue::Datetime(_) => "a datetime",
            DeValue::Array(_) => "an array",
            DeValue::Table(_) => "a table",
        }
    }

    fn kind(&self) -> Kind<'_, Self> {
        match self.get_ref() {
            DeValue::String(s) => Kind::Str(s),
            DeValue::Integer(_) | DeValue::Float(_) => Kind::Number(number(self.get_ref())),
            DeValue::Boolean(b) => Kind::Bool(*b),
            DeValue::Datetime(dt) => Kind::Date(Time::from_toml(dt)),
            DeValue::Array(items) => Kind::Array(items),
            DeValue::Table(table) => Kind::Table(table),
        }
    }

    fn get<'t>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Self> {
        table.get(key)
    }

    fn keys<'t>(table: &'t DeTable<'i>) -> impl Iterator<Item = (&'t str, Range<usize>)> {
        table.iter().map(|(key, _)| (key.get_ref().as_ref(), key.span()))
    }

    fn not_a_date(&self, key: &str, what: &str) -> (String, &'static str) {
        // A date in quotes is a string: say how to write it.
        let hint = match self.get_ref() {
            DeValue::String(s) => format!(" (write it unquoted, as a TOML date: {key} = {s})"),
            _ => String::new(),
        };
        let msg = format!(
            "`{key}` of {} {what} must be a TOML date or datetime, found {}{hint}",
            article(what),
            self.type_name()
        );
        (msg, "expected a date such as 2016-12-13")
    }

    fn not_tables(&self, key: &str) -> (String, &'static str) {
        let msg = format!("`{key}` must be an array of tables ([[{key}]]), found {}", self.type_name());
        (msg, "expected [[tables]]")
    }
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

fn number(v: &DeValue) -> Option<f64> {
    let n = match v {
        DeValue::Integer(i) => {
            let s = i.as_str().replace('_', "");
            match i64::from_str_radix(&s, i.radix()) {
                Ok(n) => n as f64,
                // Beyond i64 a decimal figure is still a figure (if an implausible one).
                Err(_) if i.radix() == 10 => s.parse::<f64>().ok()?,
                Err(_) => return None,
            }
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

/// A report text named outside the corpus root, at the `text` value that names it.
fn outside_corpus(span: Span, why: &str) -> Finding {
    Finding::corpus("outside-corpus", span, format!("{why}; it was not read"), "outside the corpus")
        .with_help("report texts must lie inside the corpus root, next to or below the claims")
}

/// Reads one claim file from memory instead of disk, as if it stood at `path`: the loader as the
/// fuzz targets and property tests drive it. The text its `[report]` names is `report_text`
/// (`None`: as if it could not be read); nothing is read from disk and no path is confined.
pub fn read_claim_bytes(
    path: &Path,
    bytes: &[u8],
    report_text: Option<&str>,
    sources: &mut Sources,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
) {
    let Some(file) = add_text(sources, problems, display_path(path), bytes.to_vec(), None) else { return };
    let text = sources.get(file).text.clone();
    let mut attach = |claim_file: &mut RawClaimFile, text_path: Option<S<String>>| {
        if let (Some(text_path), Some(report_text)) = (text_path, report_text) {
            let named = path.parent().unwrap_or(Path::new(".")).join(&text_path.v);
            claim_file.text = Some(sources.add(display_path(&named), report_text));
        }
    };
    // A `.jsonl` file holds a claim file per line; every report of it is given `report_text`.
    if path.extension().is_some_and(|e| e == "jsonl") {
        let first = out.claim_files.len();
        let text_paths = crate::jsonl::parse(file, &text, problems, out);
        for (claim_file, text_path) in out.claim_files[first..].iter_mut().zip(text_paths) {
            attach(claim_file, text_path);
        }
        return;
    }
    let Some((mut claim_file, text_path)) = parse_claim_file(file, &text, path, problems, out) else { return };
    attach(&mut claim_file, text_path);
    out.claim_files.push(claim_file);
}

/// Parses a claim file's tables, as [`read_claim_file`] reads them.
fn parse_claim_file(
    file: FileId,
    text: &str,
    path: &Path,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
) -> Option<(RawClaimFile, Option<S<String>>)> {
    let mut doc = Doc::new(file, problems);
    let parsed = doc.parse(text);
    let top = doc.document(&parsed, "claim file", CLAIM_FILE_KEYS);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    read_claim_file(&mut doc, &top, Some(stem), out)
}

/// Reads the records of a claim file whose top-level keys are `top`: a TOML file's tables, or
/// the objects on one line of a JSON Lines file. Entities go straight to `out`. The claim file is
/// returned with the `text` its report names (to be read by the caller), unless it holds neither
/// a report nor claims. `stem` names a report without an `id`: a TOML file's stem. A line of a
/// JSON Lines file has no name of its own, so there (`None`) the `id` is required.
pub fn read_claim_file<V: FieldValue>(
    doc: &mut Doc,
    top: &Fields<V>,
    stem: Option<String>,
    out: &mut RawCorpus,
) -> Option<(RawClaimFile, Option<S<String>>)> {
    for e in doc.tables(top, "entity") {
        match read_entity(doc, e) {
            Ok(entity) => out.entities.push(entity),
            Err(Some(id)) => out.broken_entities.push(id),
            Err(None) => {}
        }
    }
    let report_value = top.get("report");
    let (report, text_path) = match report_value {
        Some(r) => read_report(doc, r, stem),
        None => (None, None),
    };
    let claim_values = doc.tables(top, "claim");
    if let (None, Some(first)) = (report_value, claim_values.first()) {
        let (msg, label) = V::NO_REPORT;
        doc.problem("missing-key", first.span(), msg.to_string(), label);
    }
    // Claims whose report cannot be read are still kept: resolve reports each of their own
    // problems, and that they cannot be checked.
    let claims: Vec<RawClaim> = claim_values.iter().filter_map(|c| read_claim(doc, c)).collect();
    if report_value.is_none() && claims.is_empty() {
        return None;
    }
    let report_span = report_value.map(|r| doc.span(r.span()));
    Some((RawClaimFile { file: doc.file, report_span, report, text: None, claims }, text_path))
}

/// The report, when all of it could be read, and its `text` whenever that could.
fn read_report<V: FieldValue>(doc: &mut Doc, v: &V, stem: Option<String>) -> (Option<RawReport>, Option<S<String>>) {
    let Some(f) = doc.fields(v, "report", REPORT_KEYS) else { return (None, None) };
    // Read every field before giving up, so that one run reports all of a report's problems.
    let id = match stem {
        Some(_) => doc.string(&f, "id"),
        None => doc.required_string(&f, "id").map(Some),
    };
    let title = doc.required_string(&f, "title");
    let outlet = doc.required_string(&f, "outlet");
    let via = doc.strings(&f, "via");
    let published = doc.time(&f, "published");
    if f.get("published").is_none() {
        doc.missing(&f, "published");
    }
    let url = doc.string(&f, "url");
    let text_path = doc.required_string(&f, "text").ok();
    let report = (|| {
        // An optional string of the wrong type is reported and left out; the report is still
        // read, so that its claims are checked in the same run, in either format.
        let (id, url) = (id.unwrap_or(None), url.unwrap_or(None));
        // Without a stem, the `id` that names the report was required.
        let stem = stem.or_else(|| id.as_ref().map(|id| id.v.clone()))?;
        Some(RawReport {
            id,
            stem,
            header: f.span,
            title: title.ok()?,
            outlet: outlet.ok()?,
            via: via.ok()?,
            published: published.ok()??,
            url,
            text_path: text_path.clone()?,
        })
    })();
    (report, text_path)
}

fn read_claim<V: FieldValue>(doc: &mut Doc, v: &V) -> Option<RawClaim> {
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
    Some(RawClaim {
        id: id.ok()?,
        subject: subject.ok()?,
        predicate: predicate.ok()?,
        value: value.ok()?,
        negated: negated.ok()?,
        certainty: certainty.ok()?.map(Box::new),
        source: source.ok()?.map(Box::new),
        as_of: as_of.ok()?.map(Box::new),
        quote: quote.ok()?,
        prefix: prefix.ok()?.map(Box::new),
        suffix: suffix.ok()?.map(Box::new),
        bound: bound.ok()?.map(Box::new),
        note: note.ok()?.map(Box::new),
    })
}

/// An entity, or the id of one that could not be read (if even that could not: `Err(None)`).
fn read_entity<V: FieldValue>(doc: &mut Doc, v: &V) -> Result<RawEntity, Option<S<String>>> {
    let f = doc.fields(v, "entity", ENTITY_KEYS).ok_or(None)?;
    // Every key is read even when `id` cannot be, so that all of an entity's problems are
    // reported in one run, in either format.
    let id = doc.required_string(&f, "id");
    let name = doc.required_string(&f, "name");
    let kind = doc.required_string(&f, "kind");
    let aliases = doc.strings(&f, "aliases");
    let part_of = doc.strings(&f, "part-of");
    let speaks_for = doc.strings(&f, "speaks-for");
    let id = id.map_err(|_| None)?;
    match (name, kind, aliases, part_of, speaks_for) {
        (Ok(name), Ok(kind), Ok(aliases), Ok(part_of), Ok(speaks_for)) => {
            Ok(RawEntity { id, name, kind, aliases, part_of, speaks_for })
        }
        _ => Err(Some(id)),
    }
}

/// Reads a rule pack from text (built-in packs are compiled in; others are read from disk).
pub fn read_pack(name: &str, file: FileId, text: &str, problems: &mut Vec<Finding>) -> RawPack {
    let mut doc = Doc::new(file, problems);
    let parsed = doc.parse(text);
    let top = doc.document(&parsed, "rule pack", PACK_KEYS);
    let predicates = doc.tables(&top, "predicate").iter().filter_map(|p| read_predicate(&mut doc, p)).collect();
    let rules = doc.tables(&top, "rule").iter().filter_map(|r| read_rule(&mut doc, r)).collect();
    RawPack { name: name.to_string(), predicates, rules }
}

fn read_predicate(doc: &mut Doc, v: &Value) -> Option<RawPredicate> {
    let f = doc.fields(v, "predicate", PREDICATE_KEYS)?;
    let name = doc.required_string(&f, "name");
    let description = doc.string(&f, "description").ok().flatten();
    let subject_kinds = doc.strings(&f, "subject-kinds");
    let value_type = doc.required_string(&f, "type");
    let values = doc.strings(&f, "values");
    let cardinality = doc.string(&f, "cardinality").ok().flatten();
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
    let predicates = f.get("predicates").map(|_| doc.strings(&f, "predicates"));
    let severity = doc.string(&f, "severity").ok().flatten();
    let message = doc.string(&f, "message").ok().flatten();
    let help = doc.string(&f, "help").ok().flatten();
    let when = f.get("if").map(|p| read_pattern(doc, p, "`if` pattern"));
    let then = f.get("then").map(|p| read_pattern(doc, p, "`then` pattern"));
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

/// A file read on a worker thread: its text, or the bytes that are not UTF-8 (reported at the
/// merge, which adds them to the sources), or why it could not be read.
enum Read {
    /// Already in the form [`Sources`] keeps: the copy into an `Arc` is made on the worker, and
    /// the bytes read are freed there, rather than every file being held twice until merged.
    Text(std::sync::Arc<str>),
    NotUtf8(Vec<u8>),
    Failed(String),
}

fn read_on_worker(path: &Path, shown: &str, max: u64) -> Read {
    read_on_worker_unless_link(path, shown, max, true).unwrap_or_else(|| Read::Failed(format!("cannot read `{shown}`")))
}

/// [`read_on_worker`], or `None` when `follow` is off and a link stands at `path`.
fn read_on_worker_unless_link(path: &Path, shown: &str, max: u64, follow: bool) -> Option<Read> {
    Some(match read_limited_unless_link(path, shown, max, follow) {
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => Read::Text(text.into()),
            Err(e) => Read::NotUtf8(e.into_bytes()),
        },
        Ok(None) => return None,
        Err(msg) => Read::Failed(msg),
    })
}

/// A report text read on a worker: where it is named, its real path (to read a text that two
/// reports share once), the path shown, and what was read.
type TextRead = (Span, PathBuf, String, Read);

/// One claim file parsed on a worker thread, its report texts read, waiting to be merged in file
/// order.
struct Parsed {
    /// Entities and claim files (one, or one per line of a `.jsonl` file), texts not attached.
    raw: RawCorpus,
    /// For each claim file of `raw`, the text its report names.
    texts: Vec<Option<TextRead>>,
    problems: Vec<Finding>,
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
                return Err(self.outside(relative));
            }
        }
        Ok((joined, real.unwrap_or(lex)))
    }

    fn outside(&self, relative: &str) -> String {
        format!("`{relative}` is a link to a place outside the corpus root")
    }

    /// The real path of `lex`'s directory (looked up once per directory) joined with its file
    /// name. Whether the file itself is a link is found when it is opened (see
    /// [`Confiner::report_text`]): one lookup of its path rather than two.
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
        Some(real_dir.join(name))
    }

    /// Parses a claim file that was read (as `file`) and reads the report texts it names.
    fn parse(&self, file: FileId, path: &Path, text: &str) -> Parsed {
        let mut out = Parsed { raw: RawCorpus::default(), texts: Vec::new(), problems: Vec::new() };
        let mut text_paths = Vec::new();
        if path.extension().is_some_and(|e| e == "jsonl") {
            text_paths = crate::jsonl::parse(file, text, &mut out.problems, &mut out.raw);
        } else if let Some((claim_file, text_path)) =
            parse_claim_file(file, text, path, &mut out.problems, &mut out.raw)
        {
            out.raw.claim_files.push(claim_file);
            text_paths.push(text_path);
        }
        let base = path.parent().unwrap_or(Path::new("."));
        for text_path in text_paths {
            let text = text_path.and_then(|t| self.report_text(base, &t, &mut out.problems));
            out.texts.push(text);
        }
        out
    }

    /// Reads the text a report names, once it is confined to the corpus root.
    fn report_text(&self, base: &Path, text_path: &S<String>, problems: &mut Vec<Finding>) -> Option<TextRead> {
        match self.confine(base, &text_path.v) {
            Ok((path, key)) => {
                let shown = display_path_from(self.cwd.as_deref(), &path);
                let max = self.layout.max_file_size;
                if let Some(read) = read_on_worker_unless_link(&key, &shown, max, false) {
                    return Some((text_path.span, key, shown, read));
                }
                // The text is a link: it is read where it leads, if that is inside the root, and
                // known by that real path (so that a text reached two ways is read once).
                let target = std::fs::canonicalize(&key).unwrap_or(key);
                if self.root_real.as_ref().is_some_and(|root| !target.starts_with(root)) {
                    problems.push(outside_corpus(text_path.span, &self.outside(&text_path.v)));
                    return None;
                }
                let read = read_on_worker(&target, &shown, max);
                Some((text_path.span, target, shown, read))
            }
            Err(why) => {
                problems.push(outside_corpus(text_path.span, &why));
                None
            }
        }
    }
}

/// Adds a file read on a worker to the sources, reporting why if it could not be read, exactly
/// as [`Reader::read`] does.
fn add_read(reader: &mut Reader, shown: String, read: Read, cause: Option<Span>) -> Option<FileId> {
    match read {
        Read::Text(text) => Some(reader.sources.add(shown, text)),
        Read::NotUtf8(bytes) => add_text(reader.sources, reader.problems, shown, bytes, cause),
        Read::Failed(msg) => {
            let p = file_problem("unreadable-file", &shown, cause, reader.sources, msg);
            reader.problems.push(p);
            None
        }
    }
}

/// Claim files are parsed, their report texts read and their claims resolved a batch at a time,
/// so that the raw records of only one batch exist at once (at a million claims, all of them
/// would take about a gigabyte). A batch is consecutive files up to this many bytes of claim
/// files, or [`BATCH_FILES`] files: enough work to keep every core busy.
const BATCH_BYTES: usize = 16 << 20;
const BATCH_FILES: usize = 4096;

/// Whether a claim file may declare entities: whether its text holds the key `entity`, or an
/// escape that could spell it in a quoted key (`\u`, `\U`, or TOML 1.1's `\x`). Entities must be
/// known before any claim is resolved; the files that may declare them are parsed first, and
/// the rest, most files, only when their batch comes.
fn may_declare_entities(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"entity").is_some()
        || memchr::memchr_iter(b'\\', bytes).any(|i| matches!(bytes.get(i + 1), Some(b'u' | b'U' | b'x')))
}

/// A claim file read, waiting for its batch: its text, or what it held if it was parsed early.
struct Waiting {
    file: FileId,
    path: PathBuf,
    text: std::sync::Arc<str>,
    parsed: Option<Parsed>,
}

/// The claim files (`*.toml`, `*.jsonl`) of a corpus, read on all cores and added to the sources
/// in the order of their paths, so that file ids, records and problems come out the same whatever
/// the number of threads. Their claims come out a batch at a time ([`ClaimFiles::next_batch`]).
pub struct ClaimFiles<'l> {
    confiner: Confiner<'l>,
    waiting: std::collections::VecDeque<Waiting>,
    /// Real path → file, so that a text two reports share is added once.
    texts: HashMap<PathBuf, FileId>,
}

impl<'l> ClaimFiles<'l> {
    /// Reads every claim file in `paths`, and parses those that may declare entities: their
    /// entities go to `out` now, in file order; their claims wait for their batch.
    pub fn read(paths: &[PathBuf], layout: &'l Layout, reader: &mut Reader, out: &mut RawCorpus) -> ClaimFiles<'l> {
        use rayon::prelude::*;
        let cwd = std::env::current_dir().ok();
        let confiner = Confiner {
            layout,
            root_lexical: lexical_from(cwd.as_deref(), &layout.root),
            root_real: std::fs::canonicalize(&layout.root).ok(),
            cwd,
            real_dirs: std::sync::Mutex::new(HashMap::new()),
        };
        // Claim file i becomes source `base + i` (each adds exactly one source, read or not): the
        // workers write that id into every span.
        let base = reader.sources.len();
        let read: Vec<(String, Read, Option<Parsed>)> = paths
            .par_iter()
            .enumerate()
            .map(|(i, path)| {
                let shown = display_path_from(confiner.cwd.as_deref(), path);
                let read = read_on_worker(path, &shown, layout.max_file_size);
                let parsed = match &read {
                    Read::Text(text) if may_declare_entities(text) => {
                        Some(confiner.parse(FileId((base + i) as u32), path, text))
                    }
                    _ => None,
                };
                (shown, read, parsed)
            })
            .collect();
        let mut waiting = std::collections::VecDeque::with_capacity(read.len());
        for (i, ((shown, read, mut parsed), path)) in read.into_iter().zip(paths).enumerate() {
            let text = match &read {
                Read::Text(text) => Some(text.clone()),
                _ => None,
            };
            add_read(reader, shown, read, None);
            if let Some(p) = &mut parsed {
                out.entities.append(&mut p.raw.entities);
                out.broken_entities.append(&mut p.raw.broken_entities);
            }
            if let Some(text) = text {
                waiting.push_back(Waiting { file: FileId((base + i) as u32), path: path.clone(), text, parsed });
            }
        }
        ClaimFiles { confiner, waiting, texts: HashMap::new() }
    }

    /// Parses the next batch of claim files (those not parsed yet) and reads their report texts,
    /// on all cores; then adds the texts to the sources and every problem to `problems`, in file
    /// order. `None` once every file has been given out.
    pub fn next_batch(&mut self, sources: &mut Sources, problems: &mut Vec<Finding>) -> Option<Vec<RawClaimFile>> {
        use rayon::prelude::*;
        let mut bytes = 0;
        let mut batch = Vec::new();
        while bytes < BATCH_BYTES && batch.len() < BATCH_FILES {
            let Some(w) = self.waiting.pop_front() else { break };
            bytes += w.text.len();
            batch.push(w);
        }
        if batch.is_empty() {
            return None;
        }
        let confiner = &self.confiner;
        let parsed: Vec<Parsed> = batch
            .into_par_iter()
            .map(|w| w.parsed.unwrap_or_else(|| confiner.parse(w.file, &w.path, &w.text)))
            .collect();
        let mut reader = Reader {
            sources,
            problems,
            max_file_size: self.confiner.layout.max_file_size,
            read: std::mem::take(&mut self.texts),
        };
        let mut claim_files = Vec::new();
        for p in parsed {
            // Entities were taken when the file was read; a file parsed only now holds none.
            debug_assert!(p.raw.entities.is_empty() && p.raw.broken_entities.is_empty());
            reader.problems.extend(p.problems);
            for (mut cf, text) in p.raw.claim_files.into_iter().zip(p.texts) {
                if let Some((cause, key, shown, read)) = text {
                    cf.text = match reader.read.get(&key) {
                        Some(&id) => Some(id),
                        None => {
                            let id = add_read(&mut reader, shown, read, Some(cause));
                            if let Some(id) = id {
                                reader.read.insert(key, id);
                            }
                            id
                        }
                    };
                }
                claim_files.push(cf);
            }
        }
        self.texts = reader.read;
        Some(claim_files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `toml` as a claim file and `jsonl` as a JSON Lines claim file, each on its own:
    /// what each holds, and the messages of its problems.
    fn read_both(toml: &str, jsonl: &str) -> [(RawCorpus, Vec<String>); 2] {
        let mut sources = Sources::default();
        let (mut toml_raw, mut toml_problems) = (RawCorpus::default(), Vec::new());
        read_claim_bytes(Path::new("r.toml"), toml.as_bytes(), None, &mut sources, &mut toml_problems, &mut toml_raw);
        let (mut jsonl_raw, mut jsonl_problems) = (RawCorpus::default(), Vec::new());
        let file = sources.add("r.jsonl".to_string(), jsonl);
        crate::jsonl::parse(file, jsonl, &mut jsonl_problems, &mut jsonl_raw);
        let messages = |problems: Vec<Finding>| problems.into_iter().map(|f| f.message).collect();
        [(toml_raw, messages(toml_problems)), (jsonl_raw, messages(jsonl_problems))]
    }

    const TOML_REPORT: &str =
        "[report]\nid = \"r\"\ntitle = \"T\"\noutlet = \"O\"\npublished = 2016-12-13\ntext = \"r.txt\"\n";
    const JSON_REPORT: &str = r#""id": "r", "title": "T", "outlet": "O", "published": "2016-12-13", "text": "r.txt""#;

    #[test]
    fn one_string_is_a_list_of_one_in_toml_only() {
        let [(toml, toml_problems), (jsonl, jsonl_problems)] = read_both(
            &format!("{TOML_REPORT}via = \"AFP\"\n"),
            &format!(r#"{{"report": {{{JSON_REPORT}, "via": "AFP"}}}}"#),
        );
        let via = toml.claim_files[0].report.as_ref().map(|r| r.via.iter().map(|v| v.v.as_str()).collect::<Vec<_>>());
        assert_eq!((via, toml_problems), (Some(vec!["AFP"]), vec![]));
        assert!(jsonl.claim_files[0].report.is_none());
        assert_eq!(jsonl_problems, ["`via` of a report must be an array of strings, found a string"]);
    }

    /// Both formats keep a report whose `url` has the wrong type (its claims are still checked),
    /// and report every problem of an entity whose `id` cannot be read.
    #[test]
    fn the_formats_agree_on_a_mistyped_url_and_an_entity_without_id() {
        let [(toml, toml_problems), (jsonl, jsonl_problems)] =
            read_both(&format!("{TOML_REPORT}url = 5\n"), &format!(r#"{{"report": {{{JSON_REPORT}, "url": 5}}}}"#));
        assert!(toml.claim_files[0].report.as_ref().is_some_and(|r| r.url.is_none()));
        assert!(jsonl.claim_files[0].report.as_ref().is_some_and(|r| r.url.is_none()));
        assert_eq!(toml_problems, ["`url` of a report must be a string, found an integer"]);
        assert_eq!(jsonl_problems, ["`url` of a report must be a string, found a number"]);

        let [(toml, toml_problems), (jsonl, jsonl_problems)] =
            read_both("[[entity]]\nname = 3\n", r#"{"entity": {"name": 3}}"#);
        assert!(toml.entities.is_empty() && toml.broken_entities.is_empty());
        assert!(jsonl.entities.is_empty() && jsonl.broken_entities.is_empty());
        assert_eq!(
            toml_problems,
            jsonl_problems.iter().map(|p| p.replace("a number", "an integer")).collect::<Vec<_>>()
        );
        assert_eq!(
            jsonl_problems,
            [
                "entity is missing required key `id`",
                "`name` of an entity must be a string, found a number",
                "entity is missing required key `kind`",
            ]
        );
    }

    #[test]
    fn files_that_may_declare_entities_are_told_apart() {
        for text in [
            "[[entity]]\nid = \"a\"\n",
            "[[\"entity\"]]\n",
            "entity = [{ id = \"a\" }]\n",
            "[[\"\\u0065ntity\"]]\n",
            "[[\"\\U00000065ntity\"]]\n",
            "{\"\\u0065ntity\": {}}\n",
            "[[\"\\x65ntity\"]]\n",
        ] {
            assert!(may_declare_entities(text), "{text}");
        }
        for text in [
            "[report]\nid = \"r\"\n\n[[claim]]\nquote = \"an \\\"Entity\\\"\\n\"\n",
            "{\"report\": {\"id\": \"r\"}, \"claim\": []}\n",
            "",
            "\\",
        ] {
            assert!(!may_declare_entities(text), "{text}");
        }
    }
}
