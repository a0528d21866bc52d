//! The cache of `claimlint check` (DESIGN §10): a repeat run re-reads and re-resolves only the
//! claim files that changed.
//!
//! What is kept, per claim file: its parse problems and, for each report it holds, the raw
//! `[report]` table, the report text it names (where it was found, and a hash of its bytes),
//! and the claims resolved from it with the problems resolving found, the `corrects` its claims
//! give (names checked, not looked up) and the ids of its claims left out: exactly what parsing
//! and resolving the file gave, so that a file found unchanged is neither parsed nor resolved (its
//! quotes are not anchored again). What depends on other claim files is not kept but done again
//! in every run, for cached files as for the others: numbering reports (a report id taken by an
//! earlier report) and looking up the claims a `corrects` names (at the end of resolving). Every file is still read, to be hashed and shown: a file is
//! taken from the cache only when its bytes, the path it is shown by, and the bytes and place of
//! every report text it names are those the entry was made from.
//!
//! What every entry depends on besides its own files is the run's *context*, which every cache
//! file names: the format of the cache, claimlint's version and the build itself (a hash of the
//! executable: a rebuilt claimlint starts afresh), the config and every rule pack loaded (their
//! paths and texts), where claims and packs are read from, and the tables claims are resolved
//! against (predicates, entities and their names). Anything else that makes a file resolve
//! differently is decided again on every run (a report id taken by another report: the file is
//! then parsed and resolved as if it had no entry). Predicates are part of the tables with every
//! field (`phrase`, `entails`, `optional` included), and packs are hashed whole besides.
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
//! the old file or the new one, never half of one. The rules' findings are kept beside them,
//! per part of the corpus, in `DIR/findings-NN.bin` ([`rules`]). `DIR` holds a `.gitignore` of `*` and a
//! `CACHEDIR.TAG` (backup tools skip it), and may be deleted at any time.

mod entry;
pub mod rules;
mod stored;

use entry::Hit;
pub use entry::{CachedPart, FileRecord, Resolution};
pub use stored::hash;
pub(crate) use stored::Files;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

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
/// The layout of cache files and entries: changed whenever what is stored changes (2: reports'
/// `offset`, times' `local`, and each report's corrections and claims left out; 3: claims without
/// the dead `decl` span of their `id`).
const FORMAT: u32 = 3;
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
    let mut body = checked_body(bytes, MAGIC, FORMAT, context)?;
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

/// The rest of a cache file after its header, if the file is whole and undamaged, of this
/// `magic` and `format`, and made in `context`: the magic, the format (u32), the context (u128),
/// the length of the rest (u64) and the XXH3-64 of the context and the rest (u64), little-endian.
pub(super) fn checked_body<'b>(bytes: &'b [u8], magic: &[u8; 16], format: u32, context: u128) -> Option<&'b [u8]> {
    let rest = bytes.strip_prefix(magic.as_slice())?;
    let (made_with, rest) = rest.split_first_chunk::<4>()?;
    let (made_in, rest) = rest.split_first_chunk::<16>()?;
    let (len, rest) = rest.split_first_chunk::<8>()?;
    let (sum, body) = rest.split_first_chunk::<8>()?;
    let whole = u32::from_le_bytes(*made_with) == format
        && u128::from_le_bytes(*made_in) == context
        && u64::from_le_bytes(*len) == body.len() as u64
        && u64::from_le_bytes(*sum) == checksum(context, body);
    whole.then_some(body)
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
    Some(with_header(MAGIC, FORMAT, context, &body))
}

/// A cache file of `body`, after the header [`checked_body`] reads.
pub(super) fn with_header(magic: &[u8; 16], format: u32, context: u128, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 52);
    out.extend_from_slice(magic);
    out.extend_from_slice(&format.to_le_bytes());
    out.extend_from_slice(&context.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(context, body).to_le_bytes());
    out.extend_from_slice(body);
    out
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
        let entry: stored::Entry = postcard::from_bytes(bytes).ok()?;
        (entry.hash == hash && entry.shown == shown).then_some(Hit { entry })
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
    pub fn made(&mut self, files: Vec<(FileRecord, Vec<Option<Resolution>>)>) {
        use rayon::prelude::*;
        let made: Vec<(String, Vec<u8>)> =
            files.into_par_iter().filter_map(|(file, resolved)| entry::encode(file, resolved)).collect();
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
