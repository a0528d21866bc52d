//! Reading many claim files at once: the claim files of a corpus are read on all cores and
//! parsed a batch at a time, so that the raw records of only one batch exist at once, and come
//! out in the order of their paths whatever the number of threads.

use super::formats::Format;
use super::fs::{
    add_read, display_path_from, outside_corpus, read_on_worker, read_on_worker_unless_link, Confinement, Reader,
    WorkerRead,
};
use super::raw::{Layout, RawClaimFile, RawCorpus, S};
use crate::cache::{self, Cache, CachedPart, FileRecord};
use crate::findings::Finding;
use crate::model::FastMap;
use crate::source::{FileId, Sources, Span};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A report text read on a worker: where it is named, its real path (to read a text that two
/// reports share once), the path shown, and what was read.
type TextRead = (Span, PathBuf, String, WorkerRead);

/// One claim file parsed on a worker thread, its report texts read, waiting to be merged in file
/// order.
struct Parsed {
    /// Entities and claim files (one, or one per line of a `.jsonl` file), texts not attached.
    raw: RawCorpus,
    /// For each claim file of `raw`, the text its report names.
    texts: Vec<Option<TextRead>>,
    /// For each claim file of `raw`, the text its report names, as written, and the hash of its
    /// bytes, when it was read (kept only when the run records a cache).
    named: Vec<Option<(S<String>, u128)>>,
    problems: Vec<Finding>,
}

/// What the workers share: the layout, the corpus root that report texts are confined to, and
/// the cache, if one is used.
struct Workers<'l> {
    layout: &'l Layout,
    root: Confinement,
    cache: Option<&'l Cache>,
}

impl Workers<'_> {
    /// Parses a claim file that was read (as `file`), in the format its path says, and reads the
    /// report texts it names.
    /// `not_utf8`: the file's bytes, when they are not all UTF-8 text and its format reads such
    /// a file record by record (`text` then is only what is shown).
    fn parse(&self, file: FileId, path: &Path, text: &str, not_utf8: Option<&[u8]>) -> Parsed {
        let mut out = Parsed { raw: RawCorpus::default(), texts: Vec::new(), named: Vec::new(), problems: Vec::new() };
        let format = Format::of(path);
        let text_paths = match (not_utf8, format.parse_not_utf8) {
            (Some(bytes), Some(parse)) => parse(file, bytes, path, &mut out.problems, &mut out.raw),
            _ => (format.parse)(file, text, path, &mut out.problems, &mut out.raw),
        };
        crate::findings::cap_per_code(&mut out.problems, 0, file);
        let base = path.parent().unwrap_or(Path::new("."));
        // A text that many records of one file name (the lines of a JSON Lines file, the reports
        // of a CSV log) is read once: 20,000 reports naming one 500 KB text took 10 GB and 34 s
        // when each read it again. Keyed by the path as written (one file, one base directory).
        let mut read_here: FastMap<String, (PathBuf, String, Arc<str>, Option<u128>)> = FastMap::default();
        for text_path in text_paths {
            let mut named = None;
            let text = text_path.and_then(|t| {
                if let Some((key, shown, text, hash)) = read_here.get(&t.v) {
                    named = hash.map(|h| (t.clone(), h));
                    return Some((t.span, key.clone(), shown.clone(), WorkerRead::Text(text.clone())));
                }
                let read = self.report_text(base, &t, &mut out.problems);
                if let Some((_, key, shown, WorkerRead::Text(text))) = &read {
                    // Hashed once for the cache, here on a worker, however many reports name it.
                    let hash = self.cache.is_some().then(|| cache::hash(text.as_bytes()));
                    named = hash.map(|h| (t.clone(), h));
                    read_here.insert(t.v.clone(), (key.clone(), shown.clone(), text.clone(), hash));
                }
                read
            });
            out.texts.push(text);
            if self.cache.is_some() {
                out.named.push(named);
            }
        }
        out
    }

    /// A claim file as its cache entry has it, if there is one made from the same bytes, shown
    /// the same, whose report texts are still where they were, with the same bytes: its problems
    /// and reports (their texts read, not attached yet).
    fn cached(&self, w: &Waiting, hash: u128) -> Option<Cached> {
        let key = w.path.to_str()?;
        let hit = self.cache?.lookup(key, &w.shown, hash)?;
        let base = w.path.parent().unwrap_or(Path::new("."));
        let mut texts = Vec::new();
        // As in `parse`: a text that many reports of the file name is read and hashed once.
        let mut read_here: FastMap<String, (PathBuf, String, Arc<str>, u128)> = FastMap::default();
        for named in hit.texts(w.file, &w.text)? {
            let (key, shown, text, hash) = match read_here.get(&named.text_path.v) {
                Some(known) => known.clone(),
                None => {
                    let mut problems = Vec::new();
                    let (_, key, shown, read) = self.report_text(base, &named.text_path, &mut problems)?;
                    let WorkerRead::Text(text) = read else { return None };
                    if !problems.is_empty() {
                        return None;
                    }
                    let known = (key, shown, text.clone(), cache::hash(text.as_bytes()));
                    read_here.insert(named.text_path.v.clone(), known.clone());
                    known
                }
            };
            if !named.matches(&key, &shown, hash) {
                return None;
            }
            texts.push((named.text_path.span, key, shown, WorkerRead::Text(text)));
        }
        let (problems, parts) = hit.open(w.file, &w.text, &w.path)?;
        Some(Cached { key: key.to_string(), problems, parts, texts })
    }

    /// Reads the text a report names, once it is confined to the corpus root.
    fn report_text(&self, base: &Path, text_path: &S<String>, problems: &mut Vec<Finding>) -> Option<TextRead> {
        match self.root.confine_dir(base, &text_path.v) {
            Ok((path, key)) => {
                let shown = display_path_from(self.root.cwd(), &path);
                let max = self.layout.max_file_size;
                if let Some(read) = read_on_worker_unless_link(&key, &shown, max, false) {
                    return Some((text_path.span, key, shown, read));
                }
                // The text is a link: it is read where it leads, if that is inside the root, and
                // known by that real path (so that a text reached two ways is read once).
                let target = std::fs::canonicalize(&key).unwrap_or(key);
                if !self.root.holds_real(&target) {
                    problems.push(outside_corpus(text_path.span, &self.root.link_outside(&text_path.v)));
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

/// Claim files are parsed, their report texts read and their claims resolved a batch at a time,
/// so that the raw records of only one batch exist at once (at a million claims, all of them
/// would take about a gigabyte). A batch is consecutive files up to this many bytes of claim
/// files, or [`BATCH_FILES`] files: enough work to keep every core busy.
const BATCH_BYTES: usize = 16 << 20;
const BATCH_FILES: usize = 4096;

/// A claim file read, waiting for its batch: its text, or what it held if it was parsed early.
struct Waiting {
    file: FileId,
    path: PathBuf,
    /// The path shown.
    shown: String,
    text: Arc<str>,
    /// The bytes of a file that is not all UTF-8 text, read record by record by its format.
    not_utf8: Option<Arc<[u8]>>,
    parsed: Option<Parsed>,
}

/// The claim files of a corpus (of every format), read on all cores and added to the sources
/// in the order of their paths, so that file ids, records and problems come out the same whatever
/// the number of threads. Their claims come out a batch at a time ([`ClaimFiles::next_batch`]).
pub struct ClaimFiles<'l> {
    workers: Workers<'l>,
    /// Whether what each claim file gives is recorded for the cache.
    record: bool,
    waiting: VecDeque<Waiting>,
    /// Real path → file, so that a text two reports share is added once.
    texts: FastMap<PathBuf, FileId>,
}

impl<'l> ClaimFiles<'l> {
    /// Reads every claim file in `paths`, and parses those that may declare entities: their
    /// entities go to `out` now, in file order; their claims wait for their batch.
    pub fn read(paths: &[PathBuf], layout: &'l Layout, reader: &mut Reader, out: &mut RawCorpus) -> ClaimFiles<'l> {
        use rayon::prelude::*;
        let workers = Workers { layout, root: Confinement::new(&layout.root), cache: None };
        // Claim file i becomes source `base + i` (each adds exactly one source, read or not): the
        // workers write that id into every span.
        let base = reader.sources.len();
        let read: Vec<(String, WorkerRead, Option<Parsed>)> = paths
            .par_iter()
            .enumerate()
            .map(|(i, path)| {
                let shown = display_path_from(workers.root.cwd(), path);
                let read = read_on_worker(path, &shown, layout.max_file_size);
                let parsed = match &read {
                    WorkerRead::Text(text) if (Format::of(path).may_declare_entities)(text) => {
                        Some(workers.parse(FileId((base + i) as u32), path, text, None))
                    }
                    _ => None,
                };
                (shown, read, parsed)
            })
            .collect();
        let mut waiting = VecDeque::with_capacity(read.len());
        for (i, ((shown, mut read, mut parsed), path)) in read.into_iter().zip(paths).enumerate() {
            // A file that is not all UTF-8 text, in a format that reads its records one by one:
            // shown with its bad bytes substituted, parsed from its bytes.
            let mut not_utf8 = None;
            if let WorkerRead::NotUtf8(bytes) = &mut read {
                if Format::of(path).parse_not_utf8.is_some() {
                    let bytes: Arc<[u8]> = std::mem::take(bytes).into();
                    read = WorkerRead::Text(super::formats::substitute_not_utf8(&bytes).into());
                    not_utf8 = Some(bytes);
                }
            }
            let text = match &read {
                WorkerRead::Text(text) => Some(text.clone()),
                _ => None,
            };
            // A text read with its bad bytes substituted is not the file's: it is never released.
            add_read(reader, shown.clone(), read, None, not_utf8.is_none().then_some(path.as_path()));
            if let Some(p) = &mut parsed {
                out.entities.append(&mut p.raw.entities);
                out.broken_entities.append(&mut p.raw.broken_entities);
            }
            if let Some(text) = text {
                let file = FileId((base + i) as u32);
                waiting.push_back(Waiting { file, path: path.clone(), shown, text, not_utf8, parsed });
            }
        }
        ClaimFiles { workers, record: false, waiting, texts: FastMap::default() }
    }

    /// Takes the claim files that have an entry in `cache` from it (unless they changed), and
    /// records what the others give, for the cache to be written once the run is done (see
    /// [`ClaimFiles::next_batch_cached`]). Files that may declare entities are always read
    /// afresh: their entities are part of what every entry depends on.
    pub fn use_cache(&mut self, cache: &'l Cache) {
        self.workers.cache = Some(cache);
        self.record = true;
    }

    /// Parses the next batch of claim files (those not parsed yet) and reads their report texts,
    /// on all cores; then adds the texts to the sources and every problem to `problems`, in file
    /// order. `None` once every file has been given out.
    pub fn next_batch(&mut self, sources: &mut Sources, problems: &mut Vec<Finding>) -> Option<Vec<RawClaimFile>> {
        self.next_batch_cached(sources, problems).map(|b| b.files)
    }

    /// [`ClaimFiles::next_batch`], with the claims of the files taken from the cache resolved
    /// already (their claim files come without claims), and what the others gave, to record.
    pub fn next_batch_cached(&mut self, sources: &mut Sources, problems: &mut Vec<Finding>) -> Option<Batch> {
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
        let workers = &self.workers;
        let record = self.record;
        let got: Vec<Got> = batch
            .into_par_iter()
            .map(|mut w| {
                // A file parsed early may declare entities; one not UTF-8 is read record by record.
                let hash =
                    (record && w.parsed.is_none() && w.not_utf8.is_none()).then(|| cache::hash(w.text.as_bytes()));
                if let Some(cached) = hash.and_then(|hash| workers.cached(&w, hash)) {
                    return Got::Cached(cached);
                }
                let parsed = w.parsed.take();
                let parsed = parsed.unwrap_or_else(|| workers.parse(w.file, &w.path, &w.text, w.not_utf8.as_deref()));
                let record = hash.map(|hash| (w.file, w.path, w.shown, hash));
                Got::Parsed(parsed, record)
            })
            .collect();
        let mut reader = Reader {
            sources,
            problems,
            max_file_size: self.workers.layout.max_file_size,
            read: std::mem::take(&mut self.texts),
        };
        let mut out = Batch { files: Vec::new(), cached: Vec::new(), records: Vec::new(), used: Vec::new() };
        for got in got {
            match got {
                Got::Parsed(p, record) => {
                    // Entities were taken when the file was read; a file parsed only now holds none.
                    debug_assert!(p.raw.entities.is_empty() && p.raw.broken_entities.is_empty());
                    let mut record = record
                        .and_then(|(file, path, shown, hash)| FileRecord::new(&path, &shown, hash, file, &p.problems));
                    let first = out.files.len();
                    reader.problems.extend(p.problems);
                    let mut named = p.named.into_iter();
                    for (mut cf, text) in p.raw.claim_files.into_iter().zip(p.texts) {
                        if let Some(r) = &mut record {
                            let read = named.next().flatten().zip(text.as_ref());
                            r.part(
                                &cf,
                                read.map(|((n, hash), (_, key, shown, _))| (n, key.as_path(), shown.as_str(), hash)),
                            );
                        }
                        if let Some((cause, key, shown, read)) = text {
                            cf.text = attach(&mut reader, cause, key, shown, read);
                        }
                        out.files.push(cf);
                        out.cached.push(None);
                    }
                    if let Some(r) = record {
                        out.records.push((r, first..out.files.len()));
                    }
                }
                Got::Cached(c) => {
                    reader.problems.extend(c.problems);
                    for ((mut cf, part), (cause, key, shown, read)) in c.parts.into_iter().zip(c.texts) {
                        cf.text = attach(&mut reader, cause, key, shown, read);
                        out.files.push(cf);
                        out.cached.push(Some(part));
                    }
                    out.used.push(c.key);
                }
            }
        }
        self.texts = reader.read;
        Some(out)
    }
}

/// Adds a report text read on a worker to the sources, once: a text two reports name is added
/// where it is first named.
fn attach(reader: &mut Reader, cause: Span, key: PathBuf, shown: String, read: WorkerRead) -> Option<FileId> {
    match reader.read.get(&key) {
        Some(&id) => Some(id),
        None => {
            let id = add_read(reader, shown, read, Some(cause), Some(&key));
            if let Some(id) = id {
                reader.read.insert(key, id);
            }
            id
        }
    }
}

/// A claim file of a batch: parsed (with what to record of it, when a cache is used), or taken
/// from the cache.
enum Got {
    Parsed(Parsed, Option<(FileId, PathBuf, String, u128)>),
    Cached(Cached),
}

/// A claim file taken from the cache: its problems, its reports (their claims resolved, in
/// `CachedPart`) and the texts they name, read.
struct Cached {
    key: String,
    problems: Vec<Finding>,
    parts: Vec<(RawClaimFile, CachedPart)>,
    texts: Vec<TextRead>,
}

/// A batch of claim files, as [`ClaimFiles::next_batch_cached`] gives it.
pub struct Batch {
    /// Each report of the claim files, in order.
    pub files: Vec<RawClaimFile>,
    /// For each of `files`, its claims resolved, when its file was taken from the cache.
    pub cached: Vec<Option<CachedPart>>,
    /// The claim files read afresh that the cache may keep, with their reports in `files`.
    pub records: Vec<(FileRecord, std::ops::Range<usize>)>,
    /// The claim files taken from the cache, by path.
    pub used: Vec<String>,
}
