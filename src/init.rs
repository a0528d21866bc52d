//! `claimlint init [DIR]`: writes a starting corpus that `claimlint check DIR` passes: a config,
//! an entities file, one example report with its claims, and a CI workflow. It never overwrites
//! a file: if any of them exists, nothing is written.

use std::io;
use std::path::{Path, PathBuf};

/// The files `init` writes, relative to its directory, and their contents.
pub const FILES: &[(&str, &str)] = &[
    ("claimlint.toml", include_str!("init/claimlint.toml")),
    ("claims/entities.toml", include_str!("init/entities.toml")),
    ("claims/example-report.toml", include_str!("init/example-report.toml")),
    ("claims/reports/example-report.txt", include_str!("init/example-report.txt")),
    (".github/workflows/claimlint.yml", include_str!("init/claimlint.yml")),
];

/// Why `init` wrote nothing, or stopped.
#[derive(Debug)]
pub enum Error {
    /// These files exist already; nothing was written.
    Exists(Vec<PathBuf>),
    /// A file or directory could not be written (files written before it are listed).
    Io { path: PathBuf, error: io::Error, written: Vec<PathBuf> },
}

/// Writes the starting corpus into `dir` (created if missing); returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let paths: Vec<PathBuf> = FILES.iter().map(|(p, _)| dir.join(p)).collect();
    let existing: Vec<PathBuf> = paths.iter().filter(|p| p.symlink_metadata().is_ok()).cloned().collect();
    if !existing.is_empty() {
        return Err(Error::Exists(existing));
    }
    let mut written = Vec::new();
    for (path, (_, contents)) in paths.iter().zip(FILES) {
        let result = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| {
            use std::io::Write;
            // `create_new`: a file that appeared since the check above is still not overwritten.
            let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
            file.write_all(contents.as_bytes())
        });
        match result {
            Ok(()) => written.push(path.clone()),
            Err(error) => return Err(Error::Io { path: path.clone(), error, written }),
        }
    }
    Ok(written)
}
