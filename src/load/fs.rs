//! The file system: reading files under a size limit without blocking or following what must not
//! be followed, walking the claim and rule directories, showing paths, and confining the paths a
//! corpus names to its root.
//!
//! Every problem becomes a [`Finding`] (`unreadable-file`, `outside-corpus`) and the run goes on.

use crate::codes::Code;
use crate::findings::Finding;
use crate::model::FastMap;
use crate::source::{FileId, Sources, Span};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Files larger than this are refused unread (overridable with `--max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Shows a path relative to the directory claimlint runs in when it can, with `/` separators.
pub fn display_path(path: &Path) -> String {
    display_path_from(std::env::current_dir().ok().as_deref(), path)
}

/// [`display_path`] relative to `cwd` (looked up once by callers that show many paths).
pub(super) fn display_path_from(cwd: Option<&Path>, path: &Path) -> String {
    let shown = cwd.and_then(|cwd| path.strip_prefix(cwd).ok()).unwrap_or(path);
    // On Unix a path that is UTF-8 text is split on `/` as `components` splits it (empty parts
    // and `.` dropped), borrowing its parts: a report text's path shown cost a string per part.
    #[cfg(unix)]
    if let Some(text) = shown.to_str() {
        let mut parts: Vec<&str> = Vec::new();
        if text.starts_with('/') {
            parts.push("");
        }
        for part in text.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if matches!(parts.last(), Some(&p) if p != "..") {
                        parts.pop();
                    } else {
                        parts.push("..");
                    }
                }
                other => parts.push(other),
            }
        }
        return match parts.as_slice() {
            [] => ".".to_string(),
            [""] => "/".to_string(),
            _ => parts.join("/"),
        };
    }
    display_components(shown)
}

/// A path shown by its components, with `/` separators, `.` dropped and `..` applied where it
/// can be.
fn display_components(shown: &Path) -> String {
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
    pub(super) read: FastMap<PathBuf, FileId>,
}

impl<'a> Reader<'a> {
    pub fn new(sources: &'a mut Sources, problems: &'a mut Vec<Finding>, max_file_size: u64) -> Self {
        Reader { sources, problems, max_file_size, read: FastMap::default() }
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
                let p = file_problem(Code::UnreadableFile, &shown, cause, self.sources, msg);
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
pub(super) fn add_text(
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
                Some(cause) => Finding::corpus(Code::UnreadableFile, cause, msg, "not UTF-8 text")
                    .with_location(here, format!("invalid UTF-8 at byte {at}")),
                None => Finding::corpus(Code::UnreadableFile, here, msg, format!("invalid UTF-8 at byte {at}")),
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
fn file_problem(code: Code, shown: &str, cause: Option<Span>, sources: &mut Sources, msg: String) -> Finding {
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
    fn problem(&mut self, code: Code, shown: &str, msg: String) {
        let p = file_problem(code, shown, None, self.reader.sources, msg);
        self.reader.problems.push(p);
    }

    fn visit(&mut self, path: &Path, depth: usize) {
        // The path as shown is only needed for a problem: most files have none.
        let shown = || display_path(path);
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            let shown = shown();
            self.problem(Code::UnreadableFile, &shown, format!("cannot read `{shown}`: no such file or directory"));
            return;
        };
        let is_dir = if meta.file_type().is_symlink() {
            self.links = true;
            match std::fs::canonicalize(path) {
                Ok(target) if target.starts_with(&self.root) => target.is_dir(),
                Ok(_) => {
                    let shown = shown();
                    let msg = format!("`{shown}` is a link to a place outside the corpus root; it was not read");
                    self.problem(Code::OutsideCorpus, &shown, msg);
                    return;
                }
                Err(_) => {
                    let shown = shown();
                    self.problem(Code::UnreadableFile, &shown, format!("`{shown}` is a broken link"));
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
            self.problem(Code::UnreadableFile, &shown, msg);
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                let shown = shown();
                self.problem(Code::UnreadableFile, &shown, format!("cannot list `{shown}`: {}", io_reason(&e)));
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
                    self.problem(Code::UnreadableFile, &shown, format!("cannot list `{shown}`: {}", io_reason(&e)))
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

// ---------------------------------------------------------------------------------------------
// Confinement to the corpus root.

/// The corpus root, as paths named in the corpus (report texts, the config's directories) are
/// confined to it: a pull request that edits a claim file or the config must not make claimlint
/// read, and print, files elsewhere on the machine. A path is confined lexically first (`..`
/// must not climb out), then by its real path (a link must not lead out). The root is resolved
/// once, and so are the real paths of the directories report texts lie in, so that a large
/// corpus's links are checked with one lookup per directory rather than one per path component.
pub struct Confinement {
    cwd: Option<PathBuf>,
    root_lexical: PathBuf,
    root_real: Option<PathBuf>,
    /// Lexical directory → its real path (`None`: it does not exist), shared by the workers.
    real_dirs: Mutex<FastMap<PathBuf, Option<PathBuf>>>,
}

impl Confinement {
    pub fn new(root: &Path) -> Self {
        let cwd = std::env::current_dir().ok();
        Confinement {
            root_lexical: lexical_from(cwd.as_deref(), root),
            root_real: std::fs::canonicalize(root).ok(),
            cwd,
            real_dirs: Mutex::new(FastMap::default()),
        }
    }

    /// The directory claimlint runs in, looked up once.
    pub fn cwd(&self) -> Option<&Path> {
        self.cwd.as_deref()
    }

    /// `relative` resolved against `base_dir`, and its lexical form, if it stays lexically
    /// inside the root.
    fn lexically(&self, base_dir: &Path, relative: &str) -> Result<(PathBuf, PathBuf), String> {
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
        Ok((joined, lex))
    }

    /// Resolves `relative` against `base_dir` and checks that it stays inside the root, lexically
    /// and then by its real path (links, the last one included).
    pub fn confine(&self, base_dir: &Path, relative: &str) -> Result<PathBuf, String> {
        let (joined, _) = self.lexically(base_dir, relative)?;
        if let (Ok(real), Some(root)) = (std::fs::canonicalize(&joined), &self.root_real) {
            if !real.starts_with(root) {
                return Err(self.link_outside(relative));
            }
        }
        Ok(joined)
    }

    /// As [`Confinement::confine`], but only the directory of the path is looked up (once per
    /// directory): the path to read, and its real path (or its normalised one, when it does not
    /// exist). Whether the file itself is a link is for the caller to find when it opens it
    /// without following links, then asking [`Confinement::holds_real`]: one lookup of its path
    /// rather than two.
    pub fn confine_dir(&self, base_dir: &Path, relative: &str) -> Result<(PathBuf, PathBuf), String> {
        let (joined, lex) = self.lexically(base_dir, relative)?;
        let real = self.real_path(&lex);
        if let (Some(real), Some(root)) = (&real, &self.root_real) {
            if !real.starts_with(root) {
                return Err(self.link_outside(relative));
            }
        }
        Ok((joined, real.unwrap_or(lex)))
    }

    /// Whether a real path lies inside the root (when the root has a real path at all).
    pub fn holds_real(&self, real: &Path) -> bool {
        self.root_real.as_ref().is_none_or(|root| real.starts_with(root))
    }

    /// Why `relative` was refused, when a link takes it outside the root.
    pub fn link_outside(&self, relative: &str) -> String {
        format!("`{relative}` is a link to a place outside the corpus root")
    }

    /// The real path of `lex`'s directory (looked up once per directory) joined with its file
    /// name.
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
}

/// Resolves `relative` against `base_dir` and checks that it stays inside `root`: see
/// [`Confinement::confine`].
pub fn confine(base_dir: &Path, relative: &str, root: &Path) -> Result<PathBuf, String> {
    Confinement::new(root).confine(base_dir, relative)
}

/// A report text named outside the corpus root, at the `text` value that names it.
pub(super) fn outside_corpus(span: Span, why: &str) -> Finding {
    Finding::corpus(Code::OutsideCorpus, span, format!("{why}; it was not read"), "outside the corpus")
        .with_help("report texts must lie inside the corpus root, next to or below the claims")
}

/// Normalises `.` and `..` without the file system, relative paths taken from `cwd`.
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
// Reading on worker threads.

/// A file read on a worker thread: its text, or the bytes that are not UTF-8 (reported at the
/// merge, which adds them to the sources), or why it could not be read.
pub(super) enum WorkerRead {
    /// Already in the form [`Sources`] keeps: the copy into an `Arc` is made on the worker, and
    /// the bytes read are freed there, rather than every file being held twice until merged.
    Text(Arc<str>),
    NotUtf8(Vec<u8>),
    Failed(String),
}

pub(super) fn read_on_worker(path: &Path, shown: &str, max: u64) -> WorkerRead {
    read_on_worker_unless_link(path, shown, max, true)
        .unwrap_or_else(|| WorkerRead::Failed(format!("cannot read `{shown}`")))
}

/// [`read_on_worker`], or `None` when `follow` is off and a link stands at `path`.
pub(super) fn read_on_worker_unless_link(path: &Path, shown: &str, max: u64, follow: bool) -> Option<WorkerRead> {
    Some(match read_limited_unless_link(path, shown, max, follow) {
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => WorkerRead::Text(text.into()),
            Err(e) => WorkerRead::NotUtf8(e.into_bytes()),
        },
        Ok(None) => return None,
        Err(msg) => WorkerRead::Failed(msg),
    })
}

/// Adds a file read on a worker (from `origin`, when its text is its bytes) to the sources, reporting why if it could not be
/// read, exactly as [`Reader::read`] does. A text read as it is may be released once its claims
/// are resolved, and read again from `origin` ([`Sources::release`]).
pub(super) fn add_read(
    reader: &mut Reader,
    shown: String,
    read: WorkerRead,
    cause: Option<Span>,
    origin: Option<&Path>,
) -> Option<FileId> {
    match read {
        WorkerRead::Text(text) => Some(match origin {
            Some(origin) => reader.sources.add_read(shown, text, origin.to_path_buf()),
            None => reader.sources.add(shown, text),
        }),
        WorkerRead::NotUtf8(bytes) => add_text(reader.sources, reader.problems, shown, bytes, cause),
        WorkerRead::Failed(msg) => {
            let p = file_problem(Code::UnreadableFile, &shown, cause, reader.sources, msg);
            reader.problems.push(p);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_as_their_components_say() {
        let parts = ["", ".", "..", "a", "b.txt", "..x", ".hidden", "é"];
        let mut paths = vec![String::new()];
        for _ in 0..4 {
            let mut longer = Vec::new();
            for p in &paths {
                for part in parts {
                    longer.push(format!("{p}{part}"));
                    longer.push(format!("{p}{part}/"));
                }
            }
            paths = longer;
        }
        for p in paths.iter().chain([&"/a/../..".to_string(), &"//a//b/".to_string()]) {
            let path = Path::new(p.as_str());
            assert_eq!(display_path_from(None, path), display_components(path), "{p:?}");
        }
        let cwd = Path::new("/work/corpus");
        assert_eq!(display_path_from(Some(cwd), Path::new("/work/corpus/claims/../texts/a.txt")), "texts/a.txt");
    }
}
