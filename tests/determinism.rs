//! Output is byte-identical whatever order the file system lists files in, whatever the files
//! are called (where ids are explicit), whatever order tables stand in, and whatever the number
//! of threads: a copy of a corpus written the other way round must print exactly the same.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A copy of the corpus at `src` (its `claims/` and any `claimlint.toml`) written in path order.
fn copy_in_order(src: &Path, name: &str) -> PathBuf {
    let dir = scratch(name);
    for (rel, bytes) in corpus_files(src) {
        write(&dir.join(rel), &bytes);
    }
    dir
}

fn corpus_files(src: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> =
        read_tree(&src.join("claims")).into_iter().map(|(rel, b)| (Path::new("claims").join(rel), b)).collect();
    if let Ok(config) = std::fs::read(src.join("claimlint.toml")) {
        files.push((PathBuf::from("claimlint.toml"), config));
    }
    files
}

/// The same corpus written the other way round: files created in reverse order, claim files
/// whose report id is explicit renamed so that they sort in reverse, and the tables of every
/// claim file in reverse order.
fn copy_reversed(src: &Path, name: &str) -> PathBuf {
    let dir = scratch(name);
    let mut files = corpus_files(src);
    let count = files.len();
    let mut renamed = 0;
    for (i, (rel, bytes)) in files.iter_mut().enumerate() {
        let is_claim_file = rel.starts_with("claims") && rel.extension().is_some_and(|e| e == "toml");
        if !is_claim_file {
            continue;
        }
        let text = String::from_utf8(bytes.clone()).expect("claim files are UTF-8");
        *bytes = reverse_tables(&text).into_bytes();
        if explicit_report_id(&text) || !text.contains("[report]") {
            let file_name = rel.file_name().and_then(|n| n.to_str()).expect("file name").to_string();
            rel.set_file_name(format!("{:03}-{file_name}", count - i));
            renamed += 1;
        }
    }
    assert!(renamed >= 2, "at least two claim files are renamed, so their order changes");
    for (rel, bytes) in files.iter().rev() {
        write(&dir.join(rel), bytes);
    }
    dir
}

/// Whether a claim file's `[report]` names its id (else the file name is the id).
fn explicit_report_id(text: &str) -> bool {
    let table: toml::Table = text.parse().expect("claim files of the corpus are valid TOML");
    table.get("report").and_then(|r| r.get("id")).is_some()
}

/// Reverses the order of a TOML file's tables (`[report]`, `[[claim]]`, `[[entity]]`), keeping
/// each table's comments and keys with it and the file's leading comments first.
fn reverse_tables(text: &str) -> String {
    let mut head: Vec<&str> = Vec::new();
    let mut tables: Vec<Vec<&str>> = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with('[') {
            // Comment lines just above a header belong to the table below them.
            let previous = tables.last_mut().unwrap_or(&mut head);
            let split = previous.iter().rposition(|l| !l.starts_with('#')).map_or(0, |i| i + 1);
            let comments = previous.split_off(split);
            tables.push(comments);
        }
        tables.last_mut().unwrap_or(&mut head).push(line);
    }
    let mut out: String = head.concat();
    for t in tables.iter().rev() {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(t.concat().trim_end_matches('\n'));
        out.push('\n');
    }
    out
}

fn outputs(dir: &Path, threads: &str, extra: &[&str]) -> Vec<(String, i32, Vec<u8>)> {
    formats()
        .into_iter()
        .map(|format| {
            let out = claimlint(dir)
                .args(["check", "--format", &format])
                .args(extra)
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .expect("claimlint runs");
            assert!(out.stderr.is_empty(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
            (format, code(&out), out.stdout)
        })
        .collect()
}

fn assert_same_output(src: &Path, name: &str, extra: &[&str]) {
    let ordered = copy_in_order(src, &format!("{name}-ordered"));
    let reversed = copy_reversed(src, &format!("{name}-reversed"));
    let reference = outputs(&ordered, "1", extra);
    assert!(reference.iter().all(|(_, _, out)| !out.is_empty()));
    for (dir, threads) in [(&ordered, "2"), (&reversed, "1"), (&reversed, "2")] {
        for ((format, code, out), (_, ref_code, ref_out)) in outputs(dir, threads, extra).iter().zip(&reference) {
            assert_eq!(code, ref_code, "{name} {format}, {threads} threads: exit code");
            assert!(
                out == ref_out,
                "{name} {format}, {threads} threads: output differs\n--- in order ---\n{}\n--- reversed ---\n{}",
                String::from_utf8_lossy(ref_out),
                String::from_utf8_lossy(out)
            );
        }
    }
}

#[test]
fn reversing_a_claim_files_tables_keeps_it_valid() {
    let text = "# head\n\n[report]\nid = \"r\"\n\n# the first\n[[claim]]\nid = \"a\"\n\n[[claim]]\nid = \"b\"\n";
    let reversed = reverse_tables(text);
    assert_eq!(
        reversed,
        "# head\n\n[[claim]]\nid = \"b\"\n\n# the first\n[[claim]]\nid = \"a\"\n\n[report]\nid = \"r\"\n"
    );
    assert!(explicit_report_id(&reversed));
}

#[test]
fn the_harbour_fixture_prints_the_same_however_it_is_written() {
    assert_same_output(&fixture("harbour"), "harbour", &[]);
}

#[test]
fn the_example_corpus_prints_the_same_however_it_is_written() {
    assert_same_output(&repo(), "example", &[]);
}

#[test]
fn allowed_findings_print_the_same_however_the_corpus_is_written() {
    // Every corroboration note of the example corpus allowed by one entry, and the certainty
    // warning by another: several allowed findings, in every format and listed by human and short.
    let src = scratch("allowed-src");
    for (rel, bytes) in corpus_files(&repo()) {
        write(&src.join(rel), &bytes);
    }
    let config = "[[allow]]\nrule = \"corroboration\"\nreason = \"agreement is not news\"\n\n\
                  [[allow]]\nrule = \"certainty\"\nreason = \"the report calls them unconfirmed\"\n";
    write(&src.join("claimlint.toml"), config.as_bytes());
    let json = claimlint(&src).args(["check", "--format", "json"]).output().expect("claimlint runs");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert!(json["summary"]["allowed"].as_u64().is_some_and(|n| n >= 3), "{}", json["summary"]);
    assert_same_output(&src, "allowed", &["--show-allowed"]);
}
