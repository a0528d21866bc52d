//! Helpers shared by the CLI tests: run the built binary, and make scratch corpora.
//!
//! The binary is run with `std::process::Command` rather than a CLI-testing crate: the tests need
//! full control of the working directory and environment (paths are shown relative to the
//! directory claimlint runs in; `NO_COLOR`, `COLUMNS` and `RAYON_NUM_THREADS` change output or
//! scheduling), and insta already snapshots what they print.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, where the example corpus lives.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture corpus under `tests/corpora/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/corpora").join(name)
}

/// The binary, run in `dir` with a fixed, colourless environment.
pub fn claimlint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimlint"));
    cmd.current_dir(dir).env("NO_COLOR", "1").env("COLUMNS", "100").env_remove("CI");
    // No cache written into the repository's corpora (tests/cache.rs tests it).
    cmd.env("CLAIMLINT_NO_CACHE", "1").env_remove("CLAIMLINT_CACHE_DIR");
    cmd
}

/// Runs `claimlint ARGS` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    claimlint(dir).args(args).output().expect("the claimlint binary runs")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("claimlint exited normally, not by a signal")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// An empty scratch directory for one test, under Cargo's per-target temporary directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("claimlint-tests").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("old scratch directory removed");
    }
    std::fs::create_dir_all(&dir).expect("scratch directory created");
    dir
}

/// Copies every file below `from` into `to`, keeping relative paths.
pub fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        write(&to.join(rel), &bytes);
    }
}

/// Every file below `dir`, as (relative path, bytes), sorted by path.
pub fn read_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("directory listed") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("below the root").to_path_buf();
                out.push((rel, std::fs::read(&path).expect("file read")));
            }
        }
    }
    out.sort();
    out
}

pub fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("parent directory created");
    }
    std::fs::write(path, bytes).expect("file written");
}

/// The CLI names of every output format (`human`, `short`, …), from `--format`'s own list, so a
/// format added to the binary is tested in every format test without editing them.
pub fn formats() -> Vec<String> {
    use clap::ValueEnum;
    let names: Vec<String> = claimlint::render::Format::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect();
    assert!(names.len() >= 5, "`--format` lists its formats: {names:?}");
    names
}

/// The SARIF output with the tool's version redacted, so snapshots survive a release.
pub fn redact_version(sarif: &str) -> String {
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    assert_eq!(sarif.matches(&version).count(), 1, "the driver's version appears once");
    sarif.replace(&version, "\"version\": \"[version]\"")
}
