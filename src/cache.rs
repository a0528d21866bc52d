//! The cache of `claimlint check` (DESIGN §10): a repeat run re-reads and re-resolves only the
//! claim files that changed.
//!
//! What is kept, per claim file: its parse problems and, for each report it holds, the raw
//! `[report]` table, the report text it names (where it was found, and a hash of its bytes),
//! and the claims resolved from it with the problems resolving found: exactly what parsing and
//! resolving the file gave, so that a file found unchanged is neither parsed nor resolved (its
//! quotes are not anchored again). Every file is still read, to be hashed and shown: a file is
//! taken from the cache only when its bytes, the path it is shown by, and the bytes and place of
//! every report text it names are those the entry was made from.
//!
//! What every entry depends on besides its own files is the run's *context*, which every cache
//! file names: the format of the cache, claimlint's version and the build itself (a hash of the
//! executable: a rebuilt claimlint starts afresh), the config and every rule pack loaded (their
//! paths and texts), where claims and packs are read from, and the tables claims are resolved
//! against (predicates, entities and their names). Anything else that makes a file resolve
//! differently is decided again on every run (a report id taken by another report: the file is
//! then parsed and resolved as if it had no entry).
//!
//! A cache file is trusted in nothing: it must begin with the magic and format number, name the
//! run's context, say its length, pass its checksum (XXH3-64), and decode; every entry must
//! decode and name only what exists (entities, predicates, values, spans inside their files, on
//! character boundaries). Anything else, and the file or the entry is ignored, as if there were
//! none: the output never depends on whether a cache was used.
//!
//! Layout: `DIR/claims-NN.bin`, the files spread over [`SHARDS`] files by a hash of their path,
//! so that a run after one file changed rewrites one cache file, not all. Each is written
//! whole beside itself and renamed into place, so a reader (another run at the same time) sees
//! the old file or the new one, never half of one. `DIR` holds a `.gitignore` of `*` and a
//! `CACHEDIR.TAG` (backup tools skip it), and may be deleted at any time.

use crate::codes::Code;
use crate::findings::{DerivationStep, Finding, Links, Location, Origin, Severity};
use crate::load::{RawReport, S};
use crate::model::*;
use crate::source::{FileId, Sources, Span};
use crate::time::{Date, Time};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64, Xxh3};

/// Where the cache of a check is kept, if anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CacheSetting {
    /// No cache is read or written (`--no-cache`; the library's default).
    #[default]
    Off,
    /// `ROOT/.claimlint-cache/` (the command line's default).
    InRoot,
    /// `--cache-dir DIR`.
    Dir(PathBuf),
}

impl CacheSetting {
    /// The cache directory for the corpus at `root`, if a cache is used.
    pub fn dir(&self, root: &Path) -> Option<PathBuf> {
        match self {
            CacheSetting::Off => None,
            CacheSetting::InRoot => Some(root.join(DIR_NAME)),
            CacheSetting::Dir(dir) => Some(dir.clone()),
        }
    }
}

/// The name of the cache directory under a corpus root.
pub const DIR_NAME: &str = ".claimlint-cache";
const MAGIC: &[u8; 16] = b"claimlint-cache\n";
/// The layout of cache files and entries: changed whenever what is stored changes.
const FORMAT: u32 = 1;
/// How many cache files the entries are spread over.
pub const SHARDS: usize = 64;
/// The signature of a cache directory (<https://bford.info/cachedir/>).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by claimlint.\n\
# For information about cache directory tags see https://bford.info/cachedir/\n";

// -- the context ------------------------------------------------------------------------------

/// Builds the hash of what every entry depends on besides its own files.
pub struct Context(Xxh3);

impl Context {
    /// Starts from the format, claimlint's version and the build; `None` when the build cannot
    /// be told (the executable cannot be read): no cache is then used.
    pub fn new() -> Option<Context> {
        let mut h = Xxh3::new();
        h.update(&FORMAT.to_le_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(&build()?.to_le_bytes());
        Some(Context(h))
    }
    /// Adds a piece of the context, delimited so that two pieces never read as one.
    pub fn add(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }
    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// A hash of the running executable, read once per process.
fn build() -> Option<u128> {
    static BUILD: std::sync::OnceLock<Option<u128>> = std::sync::OnceLock::new();
    *BUILD.get_or_init(|| {
        use std::io::Read;
        let mut exe = std::fs::File::open(std::env::current_exe().ok()?).ok()?;
        let mut build = Xxh3::new();
        let mut buffer = vec![0; 1 << 20];
        loop {
            match exe.read(&mut buffer) {
                Ok(0) => return Some(build.digest128()),
                Ok(n) => build.update(&buffer[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
    })
}

// -- what is stored ---------------------------------------------------------------------------

/// A span in one of an entry's files: 0 the claim file, 1 the report text.
#[derive(Serialize, Deserialize, Clone, Copy)]
struct LSpan {
    file: u8,
    start: u64,
    end: u64,
}

/// The files of an entry, as numbered in this run, with their texts (to check spans against).
#[derive(Clone, Copy)]
pub(crate) struct Files<'t> {
    pub(crate) claim: (FileId, &'t str),
    pub(crate) text: Option<(FileId, &'t str)>,
}

impl<'t> Files<'t> {
    /// The claim file `claim` and the report text `text` of `sources`.
    pub(crate) fn of(sources: &'t Sources, claim: FileId, text: Option<FileId>) -> Files<'t> {
        Files { claim: (claim, &sources.get(claim).text), text: text.map(|t| (t, &*sources.get(t).text)) }
    }
    fn local(&self, s: Span) -> Option<LSpan> {
        let file = if s.file == self.claim.0 {
            0
        } else if Some(s.file) == self.text.map(|t| t.0) {
            1
        } else {
            return None;
        };
        Some(LSpan { file, start: s.start as u64, end: s.end as u64 })
    }
    /// The span in this run's files, if it lies inside its file, on character boundaries.
    fn span(&self, l: &LSpan) -> Option<Span> {
        let (file, text) = match l.file {
            0 => self.claim,
            1 => self.text?,
            _ => return None,
        };
        let (start, end) = (usize::try_from(l.start).ok()?, usize::try_from(l.end).ok()?);
        (start <= end && text.get(start..end).is_some()).then_some(Span { file, start, end })
    }
}

/// `Some(None)` for nothing, `Some(Some(_))` for what `f` makes of something, `None` if it cannot.
fn maybe<T, U>(x: Option<T>, f: impl FnOnce(T) -> Option<U>) -> Option<Option<U>> {
    match x {
        None => Some(None),
        Some(v) => f(v).map(Some),
    }
}

#[derive(Serialize, Deserialize)]
struct CTime {
    year: i32,
    month: u8,
    day: u8,
    instant: Option<i64>,
    offset_minutes: Option<i16>,
    seconds_of_day: Option<u32>,
}

impl CTime {
    fn of(t: &Time) -> CTime {
        let Time { date: Date { year, month, day }, instant, offset_minutes, seconds_of_day } = *t;
        CTime { year, month, day, instant, offset_minutes, seconds_of_day }
    }
    fn get(&self) -> Option<Time> {
        let date = Date::new(self.year, self.month, self.day)?;
        Some(Time {
            date,
            instant: self.instant,
            offset_minutes: self.offset_minutes,
            seconds_of_day: self.seconds_of_day,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct CLocation {
    span: LSpan,
    label: String,
    claim: Option<u64>,
}

/// A problem found reading or resolving a file, every field of it.
#[derive(Serialize, Deserialize)]
struct CFinding {
    rule: String,
    kind: String,
    origin: u8,
    severity: u8,
    message: String,
    help: Option<String>,
    subject: Option<String>,
    predicate: Option<String>,
    claims: Vec<String>,
    claim_ids: Vec<u32>,
    locations: Vec<CLocation>,
    notes: Vec<String>,
    derivation: Vec<(String, String, String)>,
    value: Option<String>,
    fingerprint: u64,
    pairs: Vec<(u64, u64)>,
    pairs_total: u64,
    claims_total: u64,
    dispute: bool,
    links: [Vec<String>; 4],
}

impl CFinding {
    /// `None` when the finding points outside the entry's files (at an entity's declaration).
    fn of(f: &Finding, files: Files) -> Option<CFinding> {
        // Every field, by name: a field added to findings must be added here too.
        let Finding {
            rule,
            kind,
            origin,
            severity,
            message,
            help,
            subject,
            predicate,
            claims,
            claim_ids,
            locations,
            notes,
            derivation,
            value,
            fingerprint,
            pairs,
            pairs_total,
            claims_total,
            dispute,
            links,
        } = f;
        let Links { contested_by, answered_by, resolved_by, corrected_by } = links;
        let locations = locations
            .iter()
            .map(|Location { span, label, claim }| {
                Some(CLocation { span: files.local(*span)?, label: label.clone(), claim: claim.map(|c| c as u64) })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(CFinding {
            rule: rule.clone(),
            kind: kind.clone(),
            origin: match origin {
                Origin::Rule => 0,
                Origin::Corpus => 1,
                Origin::Config => 2,
            },
            severity: match severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Note => 2,
            },
            message: message.clone(),
            help: help.clone(),
            subject: subject.clone(),
            predicate: predicate.clone(),
            claims: claims.clone(),
            claim_ids: claim_ids.iter().map(|c| c.0).collect(),
            locations,
            notes: notes.clone(),
            derivation: derivation
                .iter()
                .map(|DerivationStep { claim, rule, from }| (claim.clone(), rule.clone(), from.clone()))
                .collect(),
            value: value.clone(),
            fingerprint: *fingerprint,
            pairs: pairs.iter().map(|&(a, b)| (a as u64, b as u64)).collect(),
            pairs_total: *pairs_total as u64,
            claims_total: *claims_total as u64,
            dispute: *dispute,
            links: [contested_by.clone(), answered_by.clone(), resolved_by.clone(), corrected_by.clone()],
        })
    }

    fn get(self, files: Files) -> Option<Finding> {
        let [contested_by, answered_by, resolved_by, corrected_by] = self.links;
        let locations = self
            .locations
            .into_iter()
            .map(|l| {
                let claim = l.claim.map(usize::try_from).transpose().ok()?;
                Some(Location { span: files.span(&l.span)?, label: l.label, claim })
            })
            .collect::<Option<Vec<_>>>()?;
        // Problems have a code: a finding claiming to be another is not one this cache made.
        Code::parse(&self.rule)?;
        Some(Finding {
            rule: self.rule,
            kind: self.kind,
            origin: match self.origin {
                0 => Origin::Rule,
                1 => Origin::Corpus,
                2 => Origin::Config,
                _ => return None,
            },
            severity: match self.severity {
                0 => Severity::Error,
                1 => Severity::Warning,
                2 => Severity::Note,
                _ => return None,
            },
            message: self.message,
            help: self.help,
            subject: self.subject,
            predicate: self.predicate,
            claims: self.claims,
            claim_ids: self.claim_ids.into_iter().map(ClaimId).collect(),
            locations,
            notes: self.notes,
            derivation: self
                .derivation
                .into_iter()
                .map(|(claim, rule, from)| DerivationStep { claim, rule, from })
                .collect(),
            value: self.value,
            fingerprint: self.fingerprint,
            pairs: self
                .pairs
                .into_iter()
                .map(|(a, b)| Some((usize::try_from(a).ok()?, usize::try_from(b).ok()?)))
                .collect::<Option<Vec<_>>>()?,
            pairs_total: usize::try_from(self.pairs_total).ok()?,
            claims_total: usize::try_from(self.claims_total).ok()?,
            dispute: self.dispute,
            links: Links { contested_by, answered_by, resolved_by, corrected_by },
        })
    }
}

fn findings_of(problems: &[Finding], files: Files) -> Option<Vec<CFinding>> {
    problems.iter().map(|f| CFinding::of(f, files)).collect()
}

fn findings_from(problems: Vec<CFinding>, files: Files) -> Option<Vec<Finding>> {
    problems.into_iter().map(|f| f.get(files)).collect()
}

#[derive(Serialize, Deserialize)]
enum CValue {
    None,
    Unstated,
    Enum(u16),
    Entity(u32),
    Number { low: f64, high: f64, bound: u8, range: bool },
    Date(CTime),
    Text(String),
}

#[derive(Serialize, Deserialize)]
enum CSpeaker {
    Entity(u32),
    Outlet(String),
}

/// A claim resolved, but for its report (numbered anew in every run).
#[derive(Serialize, Deserialize)]
struct CClaim {
    id: String,
    subject: u32,
    predicate: u32,
    value: CValue,
    negated: bool,
    certainty: u8,
    source: CSpeaker,
    as_of: CTime,
    quote: LSpan,
    decl: LSpan,
    note: Option<String>,
    derived: Option<(u32, String)>,
    corrects: Vec<u32>,
}

impl CClaim {
    fn of(c: &Claim, files: Files) -> Option<CClaim> {
        // Every field, by name: a field added to claims must be added here too.
        let Claim {
            report: _,
            id,
            subject,
            predicate,
            value,
            negated,
            certainty,
            source,
            as_of,
            quote,
            decl,
            note,
            derived,
            corrects,
        } = c;
        let value = match value {
            Value::None => CValue::None,
            Value::Unstated => CValue::Unstated,
            Value::Enum(i) => CValue::Enum(*i),
            Value::Entity(e) => CValue::Entity(e.0),
            Value::Number(Number { low, high, bound, range }) => CValue::Number {
                low: *low,
                high: *high,
                bound: match bound {
                    Bound::Exact => 0,
                    Bound::About => 1,
                    Bound::AtLeast => 2,
                    Bound::AtMost => 3,
                },
                range: *range,
            },
            Value::Date(t) => CValue::Date(CTime::of(t)),
            Value::Text(t) => CValue::Text(t.clone()),
        };
        Some(CClaim {
            id: id.clone(),
            subject: subject.0,
            predicate: predicate.0,
            value,
            negated: *negated,
            certainty: match certainty {
                Certainty::Certain => 0,
                Certainty::Probable => 1,
                Certainty::Possible => 2,
                Certainty::Unknown => 3,
            },
            source: match source {
                Speaker::Entity(e) => CSpeaker::Entity(e.0),
                Speaker::Outlet(o) => CSpeaker::Outlet(o.clone()),
            },
            as_of: CTime::of(as_of),
            quote: files.local(*quote)?,
            decl: files.local(*decl)?,
            note: note.clone(),
            derived: derived.as_ref().map(|d| (d.from.0, d.rule.clone())),
            corrects: corrects.iter().map(|c| c.0).collect(),
        })
    }

    /// The claim of `report`, if everything it names exists in `corpus`.
    fn get(self, report: ReportId, files: Files, corpus: &Corpus) -> Option<Claim> {
        let entity = |e: u32| ((e as usize) < corpus.entities.len()).then_some(EntityId(e));
        let predicate = ((self.predicate as usize) < corpus.predicates.len()).then_some(PredicateId(self.predicate))?;
        let value = match self.value {
            CValue::None => Value::None,
            CValue::Unstated => Value::Unstated,
            CValue::Enum(i) if (i as usize) < corpus.predicate(predicate).values.len() => Value::Enum(i),
            CValue::Enum(_) => return None,
            CValue::Entity(e) => Value::Entity(entity(e)?),
            CValue::Number { low, high, bound, range } => Value::Number(Number {
                low,
                high,
                bound: match bound {
                    0 => Bound::Exact,
                    1 => Bound::About,
                    2 => Bound::AtLeast,
                    3 => Bound::AtMost,
                    _ => return None,
                },
                range,
            }),
            CValue::Date(t) => Value::Date(t.get()?),
            CValue::Text(t) => Value::Text(t),
        };
        Some(Claim {
            report,
            id: self.id,
            subject: entity(self.subject)?,
            predicate,
            value,
            negated: self.negated,
            certainty: match self.certainty {
                0 => Certainty::Certain,
                1 => Certainty::Probable,
                2 => Certainty::Possible,
                3 => Certainty::Unknown,
                _ => return None,
            },
            source: match self.source {
                CSpeaker::Entity(e) => Speaker::Entity(entity(e)?),
                CSpeaker::Outlet(o) => Speaker::Outlet(o),
            },
            as_of: self.as_of.get()?,
            quote: files.span(&self.quote)?,
            decl: files.span(&self.decl)?,
            note: self.note,
            derived: self.derived.map(|(from, rule)| Derivation { from: ClaimId(from), rule }),
            corrects: self.corrects.into_iter().map(ClaimId).collect(),
        })
    }
}

#[derive(Serialize, Deserialize)]
struct CStr {
    v: String,
    span: LSpan,
}

impl CStr {
    fn of(s: &S<String>, files: Files) -> Option<CStr> {
        Some(CStr { v: s.v.clone(), span: files.local(s.span)? })
    }
    fn get(self, files: Files) -> Option<S<String>> {
        Some(S { v: self.v, span: files.span(&self.span)? })
    }
}

/// A claim file's `[report]` table as read.
#[derive(Serialize, Deserialize)]
struct CReport {
    id: Option<CStr>,
    stem: String,
    header: LSpan,
    title: CStr,
    outlet: CStr,
    via: Vec<CStr>,
    published: (CTime, LSpan),
    url: Option<CStr>,
    text_path: CStr,
}

impl CReport {
    fn of(r: &RawReport, files: Files) -> Option<CReport> {
        // Every field, by name: a field added to reports must be added here too.
        let RawReport { id, stem, header, title, outlet, via, published, url, text_path } = r;
        Some(CReport {
            id: maybe(id.as_ref(), |id| CStr::of(id, files))?,
            stem: stem.clone(),
            header: files.local(*header)?,
            title: CStr::of(title, files)?,
            outlet: CStr::of(outlet, files)?,
            via: via.iter().map(|v| CStr::of(v, files)).collect::<Option<_>>()?,
            published: (CTime::of(&published.v), files.local(published.span)?),
            url: maybe(url.as_ref(), |u| CStr::of(u, files))?,
            text_path: CStr::of(text_path, files)?,
        })
    }
    fn get(self, files: Files) -> Option<RawReport> {
        Some(RawReport {
            id: maybe(self.id, |id| id.get(files))?,
            stem: self.stem,
            header: files.span(&self.header)?,
            title: self.title.get(files)?,
            outlet: self.outlet.get(files)?,
            via: self.via.into_iter().map(|v| v.get(files)).collect::<Option<_>>()?,
            published: S { v: self.published.0.get()?, span: files.span(&self.published.1)? },
            url: maybe(self.url, |u| u.get(files))?,
            text_path: self.text_path.get(files)?,
        })
    }
}

/// The report text a report names: as named (and where), where it was found, how it is shown,
/// and a hash of its bytes.
#[derive(Serialize, Deserialize)]
struct CText {
    named: CStr,
    key: String,
    shown: String,
    hash: u128,
}

/// One report of a claim file (a TOML file holds one, a JSON Lines file one per line), with
/// what resolving its claims gave.
#[derive(Serialize, Deserialize)]
struct CPart {
    report_span: Option<LSpan>,
    report: CReport,
    name: Option<String>,
    text: CText,
    claims: Vec<CClaim>,
    problems: Vec<CFinding>,
}

/// What a claim file gave: the key of its entry is its path as read.
#[derive(Serialize, Deserialize)]
struct Entry {
    shown: String,
    hash: u128,
    problems: Vec<CFinding>,
    parts: Vec<CPart>,
}

// -- reading ----------------------------------------------------------------------------------

/// The cache of one run: the entries read, and those made in this run, to be written.
pub struct Cache {
    dir: PathBuf,
    context: u128,
    /// Claim file path → its shard and its entry, encoded.
    entries: HashMap<String, (usize, Vec<u8>)>,
    /// The entries read from each cache file, by path, to tell whether it must be rewritten.
    read: Vec<Vec<String>>,
}

/// The shard of a claim file's path.
fn shard_of(key: &str) -> usize {
    (xxh3_64(key.as_bytes()) % SHARDS as u64) as usize
}

fn shard_path(dir: &Path, shard: usize) -> PathBuf {
    dir.join(format!("claims-{shard:02}.bin"))
}

/// A cache file's entries: claim file path and entry, each encoded apart, so that an entry is
/// decoded only when its file is read, and kept as it is when its file is unchanged.
type Entries = Vec<(String, Vec<u8>)>;

/// Decodes a cache file, if it is one whole, undamaged, of this format and context. The layout:
/// the magic, the format (u32), the context (u128), the length of the rest (u64), the XXH3-64 of
/// the context and the rest (u64), then the rest: for each entry, its key and its bytes, each
/// after its length (u32). All little-endian.
fn decode_shard(bytes: &[u8], context: u128) -> Option<Entries> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (format, rest) = rest.split_first_chunk::<4>()?;
    let (made_in, rest) = rest.split_first_chunk::<16>()?;
    let (len, rest) = rest.split_first_chunk::<8>()?;
    let (sum, mut body) = rest.split_first_chunk::<8>()?;
    if u32::from_le_bytes(*format) != FORMAT
        || u128::from_le_bytes(*made_in) != context
        || u64::from_le_bytes(*len) != body.len() as u64
        || u64::from_le_bytes(*sum) != checksum(context, body)
    {
        return None;
    }
    let mut entries = Vec::new();
    let take = |body: &mut &[u8]| -> Option<Vec<u8>> {
        let (len, rest) = body.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        let (taken, rest) = rest.split_at_checked(len)?;
        *body = rest;
        Some(taken.to_vec())
    };
    while !body.is_empty() {
        let key = String::from_utf8(take(&mut body)?).ok()?;
        entries.push((key, take(&mut body)?));
    }
    Some(entries)
}

fn checksum(context: u128, body: &[u8]) -> u64 {
    let mut h = Xxh3::new();
    h.update(&context.to_le_bytes());
    h.update(body);
    h.digest()
}

fn encode_shard(context: u128, entries: &Entries) -> Option<Vec<u8>> {
    let mut body = Vec::with_capacity(entries.iter().map(|(k, e)| k.len() + e.len() + 8).sum());
    for (key, entry) in entries {
        for bytes in [key.as_bytes(), entry] {
            body.extend_from_slice(&u32::try_from(bytes.len()).ok()?.to_le_bytes());
            body.extend_from_slice(bytes);
        }
    }
    let mut out = Vec::with_capacity(body.len() + 52);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&context.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(context, &body).to_le_bytes());
    out.extend_from_slice(&body);
    Some(out)
}

impl Cache {
    /// Reads the cache in `dir` made in `context`; files that are missing, damaged or of another
    /// context are left out (and replaced when written).
    pub fn open(dir: PathBuf, context: u128) -> Cache {
        use rayon::prelude::*;
        let shards: Vec<Option<Entries>> = (0..SHARDS)
            .into_par_iter()
            .map(|i| std::fs::read(shard_path(&dir, i)).ok().and_then(|b| decode_shard(&b, context)))
            .collect();
        let mut entries = HashMap::new();
        let mut read = vec![Vec::new(); SHARDS];
        for (i, shard) in shards.into_iter().enumerate() {
            for (key, bytes) in shard.unwrap_or_default() {
                // An entry filed in the wrong cache file was not written by this cache.
                if shard_of(&key) == i {
                    read[i].push(key.clone());
                    entries.insert(key, (i, bytes));
                }
            }
        }
        Cache { dir, context, entries, read }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry of the claim file at `key`, if there is one made from these bytes (`hash`),
    /// shown as `shown`.
    pub(crate) fn lookup(&self, key: &str, shown: &str, hash: u128) -> Option<Hit> {
        let (_, bytes) = self.entries.get(key)?;
        let entry: Entry = postcard::from_bytes(bytes).ok()?;
        (entry.hash == hash && entry.shown == shown).then_some(Hit { entry })
    }
}

/// The hash claim files and report texts are known by.
pub fn hash(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// An entry found for a claim file, before its report texts are checked.
pub(crate) struct Hit {
    entry: Entry,
}

/// A report text as a cached report names it: as written, and where.
pub(crate) struct Named {
    pub(crate) text_path: S<String>,
    key: String,
    shown: String,
    hash: u128,
}

impl Named {
    /// Whether the text read now is the one the entry was made from.
    pub(crate) fn matches(&self, key: &Path, shown: &str, text: &str) -> bool {
        key.to_str() == Some(self.key.as_str()) && shown == self.shown && hash(text.as_bytes()) == self.hash
    }
}

impl Hit {
    /// The report texts the entry's reports name, in order, with their spans in `claim`; `None`
    /// if a span does not fit the file.
    pub(crate) fn texts(&self, claim: FileId, sources_text: &str) -> Option<Vec<Named>> {
        self.entry
            .parts
            .iter()
            .map(|p| {
                let l = &p.text.named.span;
                let (start, end) = (usize::try_from(l.start).ok()?, usize::try_from(l.end).ok()?);
                if l.file != 0 || start > end || sources_text.get(start..end).is_none() {
                    return None;
                }
                Some(Named {
                    text_path: S { v: p.text.named.v.clone(), span: Span { file: claim, start, end } },
                    key: p.text.key.clone(),
                    shown: p.text.shown.clone(),
                    hash: p.text.hash,
                })
            })
            .collect()
    }

    /// The file's parse problems, and its reports as read, their claims left for the resolver
    /// ([`CachedPart`]) and their texts not attached yet; `None` if anything does not fit the
    /// claim file `claim` (its text `text`).
    pub(crate) fn open(self, claim: FileId, text: &str, path: &Path) -> Option<(Vec<Finding>, Vec<CachedReport>)> {
        let files = Files { claim: (claim, text), text: None };
        let problems = findings_from(self.entry.problems, files)?;
        let mut parts = Vec::with_capacity(self.entry.parts.len());
        for (index, p) in self.entry.parts.into_iter().enumerate() {
            let cf = crate::load::RawClaimFile {
                file: claim,
                report_span: maybe(p.report_span, |s| files.span(&s))?,
                report: Some(p.report.get(files)?),
                text: None,
                claims: Vec::new(),
                name: p.name,
            };
            let part = CachedPart { path: path.to_path_buf(), index, claims: p.claims, problems: p.problems };
            parts.push((cf, part));
        }
        Some((problems, parts))
    }
}

/// A report of a cached claim file, as read (without its claims), and its claims resolved.
pub(crate) type CachedReport = (crate::load::RawClaimFile, CachedPart);

/// The claims of one report of a cached file, resolved, waiting for its report to be numbered.
pub struct CachedPart {
    /// The claim file and the report's place in it, to parse it again if its claims must be
    /// resolved again (its report id taken by another report in this run).
    pub(crate) path: PathBuf,
    pub(crate) index: usize,
    claims: Vec<CClaim>,
    problems: Vec<CFinding>,
}

impl CachedPart {
    /// The claims, of `report`, and problems, if they fit the files and tables of this run.
    pub(crate) fn open(
        &mut self,
        report: ReportId,
        files: Files,
        corpus: &Corpus,
    ) -> Option<(Vec<Claim>, Vec<Finding>)> {
        let claims = std::mem::take(&mut self.claims);
        let claims = claims.into_iter().map(|c| c.get(report, files, corpus)).collect::<Option<Vec<_>>>()?;
        Some((claims, findings_from(std::mem::take(&mut self.problems), files)?))
    }
}

/// What resolving one report of a file gave, as the cache keeps it.
pub struct Resolved {
    claims: Vec<CClaim>,
    problems: Vec<CFinding>,
}

impl Resolved {
    /// `None` if something points outside the files of the report.
    pub(crate) fn of(claims: &[Claim], problems: &[Finding], files: Files) -> Option<Resolved> {
        Some(Resolved {
            claims: claims.iter().map(|c| CClaim::of(c, files)).collect::<Option<_>>()?,
            problems: findings_of(problems, files)?,
        })
    }
}

// -- recording --------------------------------------------------------------------------------

/// What a claim file read afresh gave before its claims are resolved, to be recorded.
pub struct FileRecord {
    key: String,
    shown: String,
    hash: u128,
    problems: Vec<CFinding>,
    /// Its reports, in order; `None` for a report that cannot be kept (its text unread).
    parts: Vec<Option<PartRecord>>,
}

pub struct PartRecord {
    report_span: Option<LSpan>,
    report: CReport,
    name: Option<String>,
    text: CText,
}

impl FileRecord {
    /// The record of a claim file, if its path and problems can be kept.
    pub(crate) fn new(path: &Path, shown: &str, hash: u128, claim: FileId, problems: &[Finding]) -> Option<FileRecord> {
        Some(FileRecord {
            key: path.to_str()?.to_string(),
            shown: shown.to_string(),
            hash,
            problems: findings_of(problems, Files { claim: (claim, ""), text: None })?,
            parts: Vec::new(),
        })
    }

    /// Adds a report of the file: its claim file record as read, and its text, as named, found
    /// (`key`) and shown, with the bytes read.
    pub(crate) fn part(&mut self, cf: &crate::load::RawClaimFile, text: Option<(&S<String>, &Path, &str, &str)>) {
        let record = (|| {
            let (named, key, shown, bytes) = text?;
            let files = Files { claim: (cf.file, ""), text: None };
            Some(PartRecord {
                report_span: maybe(cf.report_span, |s| files.local(s))?,
                report: CReport::of(cf.report.as_ref()?, files)?,
                name: cf.name.clone(),
                text: CText {
                    named: CStr::of(named, files)?,
                    key: key.to_str()?.to_string(),
                    shown: shown.to_string(),
                    hash: hash(bytes.as_bytes()),
                },
            })
        })();
        self.parts.push(record);
    }

    pub fn parts(&self) -> usize {
        self.parts.len()
    }
}

/// The entries made in a run and the files taken from the cache, to write once the run is done.
#[derive(Default)]
pub struct Recorder {
    made: HashMap<String, Vec<u8>>,
    used: HashSet<String>,
}

impl Recorder {
    /// A file taken from the cache.
    pub fn used(&mut self, key: String) {
        self.used.insert(key);
    }

    /// Files read afresh, each with what resolving each of its reports gave (`None`: not kept),
    /// encoded on all cores.
    pub fn made(&mut self, files: Vec<(FileRecord, Vec<Option<Resolved>>)>) {
        use rayon::prelude::*;
        let made: Vec<(String, Vec<u8>)> =
            files.into_par_iter().filter_map(|(file, resolved)| encode(file, resolved)).collect();
        self.made.extend(made);
    }

    /// Writes the cache files whose entries changed: each holds the entries of this run's claim
    /// files (`paths`) taken from the cache or made afresh. Returns why it could not, if it could
    /// not.
    pub fn write(mut self, cache: Cache, paths: &[PathBuf]) -> Result<(), String> {
        let Cache { dir, context, mut entries, read } = cache;
        let mut shards: Vec<Vec<(String, Vec<u8>)>> = vec![Vec::new(); SHARDS];
        let mut changed = [false; SHARDS];
        for path in paths {
            let Some(key) = path.to_str() else { continue };
            let shard = shard_of(key);
            if let Some(bytes) = self.made.remove(key) {
                changed[shard] = true;
                shards[shard].push((key.to_string(), bytes));
            } else if self.used.contains(key) {
                if let Some((_, bytes)) = entries.remove(key) {
                    shards[shard].push((key.to_string(), bytes));
                }
            }
        }
        for (i, kept) in shards.iter().enumerate() {
            // Entries dropped (files gone, changed and not kept) change a file too.
            if kept.len() != read[i].len() {
                changed[i] = true;
            }
        }
        if !changed.iter().any(|&c| c) {
            return Ok(());
        }
        let fail = |what: &str, path: &Path, e: std::io::Error| format!("cannot {what} `{}`: {e}", path.display());
        std::fs::create_dir_all(&dir).map_err(|e| fail("create the cache directory", &dir, e))?;
        for (name, text) in
            [(".gitignore", "# Made by claimlint: the cache is never committed.\n*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)]
        {
            let path = dir.join(name);
            if !path.exists() {
                std::fs::write(&path, text).map_err(|e| fail("write", &path, e))?;
            }
        }
        for (i, entries) in shards.into_iter().enumerate() {
            if !changed[i] {
                continue;
            }
            let path = shard_path(&dir, i);
            if entries.is_empty() {
                // Nothing of this run's files is kept here: a file left would only be read for nothing.
                match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail("remove", &path, e)),
                    _ => continue,
                }
            }
            let Some(bytes) = encode_shard(context, &entries) else { continue };
            write_atomic(&path, &bytes).map_err(|e| fail("write", &path, e))?;
        }
        Ok(())
    }
}

/// The entry of a file read afresh, encoded, if every report of it can be kept.
fn encode(file: FileRecord, resolved: Vec<Option<Resolved>>) -> Option<(String, Vec<u8>)> {
    if file.parts.len() != resolved.len() {
        return None;
    }
    let mut parts = Vec::with_capacity(resolved.len());
    for (record, resolved) in file.parts.into_iter().zip(resolved) {
        let (r, resolved) = (record?, resolved?);
        parts.push(CPart {
            report_span: r.report_span,
            report: r.report,
            name: r.name,
            text: r.text,
            claims: resolved.claims,
            problems: resolved.problems,
        });
    }
    let entry = Entry { shown: file.shown, hash: file.hash, problems: file.problems, parts };
    Some((file.key, postcard::to_stdvec(&entry).ok()?))
}

/// Writes `bytes` to a file of its own beside `path`, then renames it into place: a reader sees
/// the old file or the new one whole, and of two runs writing at once, one wins.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        // Not synced to disk: a file cut short by a crash fails its checksum and is ignored.
        file.write_all(bytes)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
