//! The raw records: what the loader reads from claim files and rule packs, before anything is
//! resolved. Names stay names and every value keeps the span it was written at, so that resolve
//! can point at it.

use crate::source::{FileId, Span};
use crate::time::Time;
use std::path::PathBuf;

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
    /// Text whose type the claim's predicate decides when it is resolved (a CSV cell: `100-300`
    /// is a range for a number predicate, `2016-12-13` a date for a date predicate).
    Text(String),
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
    /// `offset`: minutes east of UTC of the file's datetimes written without one, already placed
    /// in it (`None`: UTC).
    pub offset: Option<i16>,
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
    /// `corrects`: names of the claims this one corrects, `<report>#<claim>` or a claim of the
    /// same report; `None` when it names none.
    pub corrects: Option<Box<Vec<S<String>>>>,
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
    /// The name its claims go by when the report cannot be read: the name the format gives a
    /// report without an `id` (a TOML file's stem, a CSV report's `report-id`), if any.
    pub name: Option<String>,
    /// The report's `offset` (minutes east of UTC; `None`: UTC), when it could be read: where a
    /// datetime value written as text (a CSV cell, typed when resolved) is placed.
    pub offset: Option<i16>,
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
    pub count: Option<S<bool>>,
    pub tolerance: Option<S<f64>>,
    /// Words that `claimlint draft` reads as stating this predicate (`"agreed: deal"` for an
    /// enum value).
    pub triggers: Vec<S<String>>,
    /// How messages name the predicate: `"who was responsible for {subject}"`.
    pub phrase: Option<S<String>>,
    /// Entity values: relations along which a value entails others (`part-of`, `speaks-for`).
    pub entails: Vec<S<String>>,
    /// Progressions: stages a later stage does not assert.
    pub optional: Vec<S<String>>,
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
