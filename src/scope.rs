//! What `claimlint check PATH...` reports on: a whole corpus, or some claim files of one.
//!
//! A directory is a corpus root, as it always was. Claim files (as a pre-commit hook or an editor
//! names the files just edited) are checked in their corpus, as `ruff check file.py` uses its
//! project's config: the corpus root is found from the files ([`corpus_root`]), the whole corpus
//! is read and checked from there exactly as `claimlint check ROOT` would, and only what concerns
//! the files is reported ([`narrow`]): a claim of a named file cannot be checked against the
//! other reports without them, but their own findings are not the files' business.

use crate::config;
use crate::findings::{Allowed, Finding, Origin};
use crate::load::{claim_file_patterns, display_path, is_claim_file_name};
use crate::model::{Corpus, EntityId, Value};
use crate::source::FileId;
pub use crate::view::FileScope;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// What the command line asks `check` to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A corpus root (or a path that is not there, reported as an unreadable corpus as it always
    /// was): every finding is reported.
    Corpus(PathBuf),
    /// Claim files of the corpus at `root`: the corpus is checked whole and what concerns the
    /// files is reported.
    Files { root: PathBuf, files: Vec<PathBuf> },
}

/// Turns the paths of `claimlint check [PATH]...` into what to check, or says, one message per
/// problem, why they cannot be checked together: several directories, a directory with files,
/// files of different corpora, paths that are neither files nor directories, or files that
/// cannot be claim files. No path: the current directory.
pub fn target(paths: &[PathBuf]) -> Result<Target, Vec<String>> {
    let [first, ..] = paths else { return Ok(Target::Corpus(PathBuf::from("."))) };
    if paths.len() == 1 && !first.is_file() {
        // A directory is a corpus root; a path that is not there is read as one, and reported as
        // an unreadable corpus in the run's own output format, as before files were accepted.
        return Ok(Target::Corpus(first.clone()));
    }
    let mut problems = Vec::new();
    let (mut dirs, mut files, mut others) = (Vec::new(), Vec::new(), Vec::new());
    for path in paths {
        let shown = display_path(path);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => dirs.push(shown),
            Ok(m) if m.is_file() && is_claim_file_name(path) => files.push(path.clone()),
            Ok(m) if m.is_file() => {
                let why = if path.extension().is_some_and(|e| e == "txt") {
                    "; a report text is checked with the claim file that names it"
                } else {
                    ""
                };
                let patterns = claim_file_patterns();
                problems.push(format!("`{shown}` is not a claim file: claim files are {patterns}{why}"));
                others.push(shown);
            }
            Ok(_) => {
                problems.push(format!("`{shown}` is not a file or a directory"));
                others.push(shown);
            }
            Err(e) => {
                let reason = match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
                    std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                    _ => e.to_string(),
                };
                problems.push(format!("cannot check `{shown}`: {reason}"));
                others.push(shown);
            }
        }
    }
    match dirs.as_slice() {
        [] => {}
        [dir] => {
            let named: Vec<String> = files.iter().map(|f| display_path(f)).chain(others).collect();
            problems.push(format!(
                "`{dir}` is a directory, a corpus root, and cannot be checked together with files ({}); \
                 name either one corpus root or claim files of one corpus",
                quoted(&named)
            ));
        }
        [a, b] => problems.push(format!("`{a}` and `{b}` are both directories: check one corpus root at a time")),
        _ => problems.push(format!("{} are all directories: check one corpus root at a time", quoted(&dirs))),
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let cwd = absolute(&cwd, Path::new(""));
    let roots: Vec<PathBuf> = files.iter().map(|f| corpus_root(&absolute(&cwd, f))).collect();
    if roots.iter().any(|r| *r != roots[0]) {
        let each: Vec<String> = files
            .iter()
            .zip(&roots)
            .map(|(f, r)| format!("`{}` (corpus root `{}`)", display_path(f), display_path(r)))
            .collect();
        problems.push(format!("the files lie in different corpora: {}; check one corpus at a time", each.join(", ")));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some(root) = roots.into_iter().next() else { return Err(vec!["no claim file to check".to_string()]) };
    // Relative paths in, relative paths out: the root found above the current directory is
    // named `../..`, so that paths in the output stay relative as they are for `check ../..`.
    let root = if first.is_relative() { relative_to(&root, &cwd) } else { root };
    Ok(Target::Files { root, files })
}

/// `a`, `b` as `` `a`, `b` ``.
fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// The corpus root of a claim file (an absolute, normalised path): the nearest directory above it
/// holding a `claimlint.toml`; else the parent of the nearest directory above it named `claims`;
/// else the file's own directory.
pub fn corpus_root(file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or(file);
    if let Some(root) = dir.ancestors().find(|d| d.join(config::FILE_NAME).is_file()) {
        return root.to_path_buf();
    }
    let claims = dir.ancestors().find(|d| d.file_name().is_some_and(|n| n == "claims"));
    match claims.and_then(Path::parent) {
        Some(root) => root.to_path_buf(),
        None => dir.to_path_buf(),
    }
}

/// `path` made absolute against `cwd` and normalised without asking the file system (`.` dropped,
/// `..` taking off the name before it): links are not followed, so that the corpus root is
/// found where the user sees the file, and paths compare without a system call each.
pub(crate) fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    crate::load::lexical_from(Some(cwd), path)
}

/// `path` relative to `base` (both absolute and normalised): `.`, `claims`, `../..`.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let (p, b): (Vec<Component>, Vec<Component>) = (path.components().collect(), base.components().collect());
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        // Nothing in common (another drive): there is no relative path.
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c);
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// How the files named on the command line stand in their corpus, once its claim files are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// A file that configures every check was named (`claimlint.toml`, the config given with
    /// `--config`, a rule pack the corpus loads): every finding may change with it, so the whole
    /// corpus is reported.
    Whole,
    /// Claim files of the corpus, as their paths are shown (sorted, each once).
    Files(Vec<String>),
}

/// Finds the files named among the corpus's claim files (`claim_paths`) and the files that
/// configure the run (`run_wide`), comparing normalised paths, then real paths for what is left
/// (a file reached through a link). `Err`: the files that are neither.
pub fn select(files: &[PathBuf], claim_paths: &[PathBuf], run_wide: &[PathBuf]) -> Result<Selection, Vec<PathBuf>> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let by_path: HashMap<PathBuf, usize> =
        claim_paths.iter().enumerate().map(|(i, p)| (absolute(&cwd, p), i)).collect();
    let run_wide_abs: Vec<PathBuf> = run_wide.iter().map(|p| absolute(&cwd, p)).collect();
    let (mut whole, mut chosen, mut unmatched) = (false, Vec::new(), Vec::new());
    for file in files {
        let abs = absolute(&cwd, file);
        if file.file_name().is_some_and(|n| n == config::FILE_NAME) || run_wide_abs.contains(&abs) {
            whole = true;
        } else if let Some(&i) = by_path.get(&abs) {
            chosen.push(i);
        } else if let Some(i) = same_file(file, claim_paths) {
            chosen.push(i);
        } else if same_file(file, run_wide).is_some() {
            whole = true;
        } else {
            unmatched.push(file.clone());
        }
    }
    if !unmatched.is_empty() {
        return Err(unmatched);
    }
    if whole {
        return Ok(Selection::Whole);
    }
    let mut shown: Vec<String> = chosen.into_iter().map(|i| display_path(&claim_paths[i])).collect();
    shown.sort();
    shown.dedup();
    Ok(Selection::Files(shown))
}

/// The index of the path in `paths` that is `file` once links are followed: those of the same
/// name first (a real path costs a system call per directory), then any.
fn same_file(file: &Path, paths: &[PathBuf]) -> Option<usize> {
    let real = std::fs::canonicalize(file).ok()?;
    let is_it = |p: &PathBuf| std::fs::canonicalize(p).is_ok_and(|r| r == real);
    let same_name = |p: &PathBuf| p.file_name() == file.file_name();
    paths.iter().position(|p| same_name(p) && is_it(p)).or_else(|| paths.iter().position(|p| !same_name(p) && is_it(p)))
}

/// Keeps the findings and allowed findings that concern the claim files `files` (paths as shown):
/// those that involve one of their claims, or that point into one of them, into a report text one
/// of their reports names, or into a file that configures every run (sources before
/// `run_wide`: the config and rule packs, read before any claim file). A finding that points
/// nowhere and involves no claim is kept: nothing says it is another file's.
pub fn narrow(
    corpus: &Corpus,
    root: &Path,
    files: Vec<String>,
    run_wide: usize,
    findings: Vec<Finding>,
    mut allowed: Vec<Allowed>,
) -> (Vec<Finding>, Vec<Allowed>, FileScope) {
    let sources = &corpus.sources;
    let in_files: Vec<bool> =
        (0..sources.len()).map(|i| files.binary_search(&sources.get(FileId(i as u32)).path).is_ok()).collect();
    let in_reports: Vec<bool> = corpus.reports.iter().map(|r| in_files[r.file.0 as usize]).collect();
    // An entity file named (`claimlint check claims/entities.toml`) concerns its entities: the
    // claims about them, or with one of them as value, whichever report makes them.
    let declared: Vec<bool> = corpus.entities.iter().map(|e| in_files[e.span.file.0 as usize]).collect();
    let is_declared = |e: EntityId| declared.get(e.0 as usize).is_some_and(|&d| d);
    let in_claims: Vec<bool> = corpus
        .claims
        .iter()
        .map(|c| {
            in_reports[c.report.0 as usize]
                || is_declared(c.subject)
                || matches!(c.value, Value::Entity(e) if is_declared(e))
        })
        .collect();
    let declared_ids: std::collections::HashSet<&str> =
        corpus.entities.iter().filter(|e| in_files[e.span.file.0 as usize]).map(|e| e.id.as_str()).collect();
    let mut shown = in_files;
    for s in shown.iter_mut().take(run_wide) {
        *s = true;
    }
    for (r, _) in corpus.reports.iter().zip(&in_reports).filter(|(_, &here)| here) {
        shown[r.text.0 as usize] = true;
    }
    let concerns = |f: &Finding| {
        f.locations.iter().any(|l| shown.get(l.span.file.0 as usize).is_some_and(|&s| s))
            // Derived claims (ids past the corpus's) point at their origin's quote, seen above.
            || f.claim_ids.iter().any(|c| in_claims.get(c.0 as usize).is_some_and(|&here| here))
            // A finding about derived claims only, about a declared entity.
            || f.subject.as_deref().is_some_and(|s| declared_ids.contains(s))
            || (f.locations.is_empty() && f.claims.is_empty())
    };
    let (findings, elsewhere): (Vec<Finding>, Vec<Finding>) = findings.into_iter().partition(|f| concerns(f));
    allowed.retain(|a| concerns(&a.finding));
    let scope = FileScope {
        root: display_path(root),
        files,
        reports: {
            let mut involved = in_reports.clone();
            for (c, _) in corpus.claims.iter().zip(&in_claims).filter(|(_, &here)| here) {
                involved[c.report.0 as usize] = true;
            }
            involved.iter().filter(|&&here| here).count()
        },
        claims: in_claims.iter().filter(|&&here| here).count(),
        corpus_reports: corpus.reports.len(),
        corpus_claims: corpus.claims.len(),
        problems_elsewhere: elsewhere.iter().filter(|f| f.origin == Origin::Corpus).count(),
    };
    (findings, allowed, scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_and_made_relative_without_the_file_system() {
        let cwd = Path::new("/corpus/claims/reports");
        assert_eq!(absolute(cwd, Path::new("a.toml")), Path::new("/corpus/claims/reports/a.toml"));
        assert_eq!(absolute(cwd, Path::new("./../x/../b.toml")), Path::new("/corpus/claims/b.toml"));
        assert_eq!(absolute(cwd, Path::new("/elsewhere/./c.toml")), Path::new("/elsewhere/c.toml"));
        assert_eq!(relative_to(Path::new("/corpus"), cwd), Path::new("../.."));
        assert_eq!(relative_to(cwd, cwd), Path::new("."));
        assert_eq!(relative_to(Path::new("/corpus/claims/reports/x"), cwd), Path::new("x"));
        assert_eq!(relative_to(Path::new("/other/place"), cwd), Path::new("../../../other/place"));
    }

    #[test]
    fn the_root_of_a_file_under_claims_is_the_parent_of_claims() {
        // Nothing below this made-up root exists, so no claimlint.toml is found on the way up.
        let root = Path::new("/nonexistent-claimlint-test");
        assert_eq!(corpus_root(&root.join("claims/reports/a.toml")), root);
        assert_eq!(corpus_root(&root.join("claims/a.toml")), root);
        assert_eq!(corpus_root(&root.join("notes/a.toml")), root.join("notes"));
    }
}
