//! The floor under `claimlint check`: read every file of a corpus and parse it, and nothing else.
//!
//! `cargo run --release --example bare_parse -- DIR`
//!
//! Every `*.toml` below DIR is parsed with the `toml` crate's own parser (`DeTable::parse`, the
//! layer under `toml::from_str`), every line of every `*.jsonl` with `serde_json` into a
//! `serde_json::Value`, and every other file is read as UTF-8 text (the report texts). Files are
//! read and parsed in parallel on rayon's pool, as claimlint reads them, so the two are timed on
//! equal terms. It prints what it read, so that none of the work can be optimised away.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use rayon::prelude::*;
use std::path::{Path, PathBuf};

#[derive(Default, Clone, Copy)]
struct Tally {
    files: usize,
    bytes: usize,
    /// Top-level TOML keys and JSON lines parsed.
    records: usize,
    errors: usize,
}

impl Tally {
    fn add(self, o: Tally) -> Tally {
        Tally {
            files: self.files + o.files,
            bytes: self.bytes + o.bytes,
            records: self.records + o.records,
            errors: self.errors + o.errors,
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e != "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn parse(path: &Path) -> Tally {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Tally { files: 1, errors: 1, ..Tally::default() };
    };
    let mut t = Tally { files: 1, bytes: text.len(), ..Tally::default() };
    match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => match toml::de::DeTable::parse(&text) {
            Ok(table) => t.records += table.get_ref().len(),
            Err(_) => t.errors += 1,
        },
        Some("jsonl") => {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                match serde_json::from_str::<serde_json::Value>(line) {
                    Ok(_) => t.records += 1,
                    Err(_) => t.errors += 1,
                }
            }
        }
        _ => {}
    }
    t
}

fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: bare_parse DIR");
        return std::process::ExitCode::from(2);
    };
    let mut files = Vec::new();
    if let Err(e) = walk(Path::new(&dir), &mut files) {
        eprintln!("bare_parse: {e}");
        return std::process::ExitCode::from(2);
    }
    files.sort();
    let t = files.par_iter().map(|p| parse(p)).reduce(Tally::default, Tally::add);
    println!("{} files, {} bytes, {} records parsed, {} errors", t.files, t.bytes, t.records, t.errors);
    std::process::ExitCode::SUCCESS
}
