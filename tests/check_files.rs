//! `claimlint check FILE...`: claim files checked in their corpus, as a pre-commit hook or an
//! editor names the files just edited. The corpus root is found from the files, the whole corpus
//! is checked, and only what concerns the files is reported; a directory is still a corpus root.
//! A path that does not exist: tests/cmd/check-missing-*.toml.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A third harbour report, about the same truce, that agrees with both others: nothing in it is
/// wrong, though the corpus it joins has a contradiction.
const QUAY: &str = r#"[report]
title = "Quay reopens"
outlet = "Harbour Gazette"
published = 2016-12-12
text = "reports/quay.txt"

[[claim]]
id = "party"
subject = "harbour ceasefire"
predicate = "party"
value = "Port Authority"
quote = "the Port Authority signed"
"#;
const QUAY_TEXT: &str = "Quay reopens\n\nThe truce that the Port Authority signed holds, the gazette says.\n";

/// The harbour fixture (its two reports contradict each other) with the quay report beside them.
fn harbour_with_quay(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_tree(&fixture("harbour"), &dir);
    write(&dir.join("claims/quay.toml"), QUAY.as_bytes());
    write(&dir.join("claims/reports/quay.txt"), QUAY_TEXT.as_bytes());
    dir
}

/// `claimlint check ARGS --format short` in `dir`: exit code, stdout, stderr.
fn short(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check", "--format", "short"];
    all.extend(args);
    let out = run(dir, &all);
    (code(&out), stdout(&out), stderr(&out))
}

/// `claimlint check ARGS --format json` in `dir`: exit code and the parsed output.
fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let out = run(dir, &all);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&out), stderr(&out)));
    (code(&out), v)
}

fn findings(v: &Value) -> Vec<Value> {
    v["findings"].as_array().cloned().unwrap_or_default()
}

fn rules(v: &Value) -> Vec<String> {
    findings(v).iter().filter_map(|f| f["rule"].as_str().map(str::to_string)).collect()
}

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or_default()
}

#[test]
fn one_report_shows_the_negation_that_involves_it_with_both_quotes() {
    let out = run(&fixture("harbour"), &["check", "claims/evening-post.toml"]);
    assert_eq!(code(&out), 1, "the negation fails the run");
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    // Both quotes, the other report's too: the claim is checked against the whole corpus.
    assert!(text.contains("error[negation]"), "{text}");
    assert!(text.contains("there has been no agreement on the harbour truce"), "{text}");
    assert!(text.contains("A truce was agreed overnight"), "{text}");
    assert_eq!(last_line(&text), "checked 1 of 2 reports, 2 claims: 1 error, 2 warnings, 0 notes");
    insta::assert_snapshot!("evening_post_human", text);
}

#[test]
fn names_resolve_against_the_corpus_entities() {
    for file in ["claims/evening-post.toml", "claims/morning-wire.toml"] {
        let (status, v) = json(&fixture("harbour"), &[file]);
        assert_eq!(status, 1, "{file}");
        let rules = rules(&v);
        assert!(!rules.iter().any(|r| r == "unknown-entity" || r == "outside-corpus"), "{file}: {rules:?}");
        assert!(rules.iter().any(|r| r == "negation"), "{file}: {rules:?}");
    }
}

/// The paths a finding points at, in JSON output.
fn paths(f: &Value) -> BTreeSet<String> {
    let locations = f["locations"].as_array().cloned().unwrap_or_default();
    locations.iter().filter_map(|l| l["path"].as_str().map(str::to_string)).collect()
}

/// The claim files of the example corpus, and the report text each names (`claims/reports/…`).
fn example_claim_files() -> Vec<(String, Option<String>)> {
    let mut files: Vec<(String, Option<String>)> = read_tree(&repo().join("claims"))
        .into_iter()
        .filter(|(rel, _)| rel.extension().is_some_and(|e| e == "toml"))
        .map(|(rel, bytes)| {
            let table: toml::Table = String::from_utf8(bytes).expect("UTF-8").parse().expect("valid TOML");
            let text = table.get("report").and_then(|r| r.get("text")).and_then(|t| t.as_str());
            let rel = rel.to_string_lossy().into_owned();
            (format!("claims/{rel}"), text.map(|t| format!("claims/{t}")))
        })
        .collect();
    files.sort();
    files
}

/// The ids of the entities a file of the example corpus declares.
fn declared_entities(file: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(repo().join(file)).expect("claim file");
    let table: toml::Table = text.parse().expect("valid TOML");
    let entities = table.get("entity").and_then(|e| e.as_array()).cloned().unwrap_or_default();
    entities.iter().filter_map(|e| e.get("id")?.as_str().map(str::to_string)).collect()
}

#[test]
fn each_file_of_the_example_corpus_gets_exactly_the_findings_that_concern_it() {
    let (whole_status, whole) = json(&repo(), &[]);
    assert_eq!(whole_status, 1);
    let all = findings(&whole);
    let files = example_claim_files();
    assert!(files.len() >= 4, "{files:?}");
    let mut reported = BTreeSet::new();
    for (file, text) in &files {
        let (status, v) = json(&repo(), &[file]);
        // The same findings as the whole corpus's that point into the file or the text it names,
        // in the same order.
        let here: BTreeSet<String> = [Some(file.clone()), text.clone()].into_iter().flatten().collect();
        // An entity file concerns the findings about its entities too (issue 13, item 7).
        let declared = declared_entities(file);
        let about = |f: &Value| f["subject"].as_str().is_some_and(|s| declared.contains(s));
        let expected: Vec<Value> = all.iter().filter(|f| !paths(f).is_disjoint(&here) || about(f)).cloned().collect();
        assert_eq!(findings(&v), expected, "{file}");
        let fails = expected.iter().any(|f| f["severity"] == "error");
        assert_eq!(status, i32::from(fails), "{file}");
        let summary = &v["summary"];
        assert_eq!(summary["files"], serde_json::json!([file]), "{file}");
        assert_eq!(summary["corpus"]["reports"], whole["summary"]["reports"], "{file}");
        assert_eq!(summary["corpus"]["claims"], whole["summary"]["claims"], "{file}");
        assert_eq!(summary["corpus"]["problems_elsewhere"], 0, "{file}");
        reported.extend(expected.iter().map(Value::to_string));
    }
    // Every finding of the corpus concerns one of its files.
    assert_eq!(reported.len(), all.len());
    // Claims and reports are those of the file; the entities file, which declares every entity of
    // the corpus, concerns every claim (each is about one of its entities).
    let (_, entities) = json(&repo(), &["claims/entities.toml"]);
    let whole_counts = (whole["summary"]["reports"].as_u64(), whole["summary"]["claims"].as_u64());
    assert_eq!((entities["summary"]["reports"].as_u64(), entities["summary"]["claims"].as_u64()), whole_counts);
    let per_file: u64 = files
        .iter()
        .filter(|(file, _)| !file.ends_with("entities.toml"))
        .map(|(file, _)| json(&repo(), &[file]).1["summary"]["claims"].as_u64().unwrap_or_default())
        .sum();
    assert_eq!(Some(per_file), whole["summary"]["claims"].as_u64(), "each claim is counted in its own file");
}

#[test]
fn a_file_whose_claims_are_fine_passes_though_the_corpus_has_an_error_elsewhere() {
    let dir = harbour_with_quay("fine-file");
    let (status, out, err) = short(&dir, &[]);
    assert_eq!(status, 1, "the corpus has the negation: {out}");
    let (status, out, err_file) = short(&dir, &["claims/quay.toml"]);
    assert_eq!((status, out.as_str(), err_file.as_str()), (0, "", ""), "nothing concerns the quay report");
    assert_eq!(err, "");
    let out = run(&dir, &["check", "claims/quay.toml"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "checked 1 of 3 reports, 1 claim: no findings\n");
}

/// A claim of the quay report that names no entity and quotes words its text does not hold.
const BROKEN_CLAIM: &str = r#"
[[claim]]
id = "broken"
subject = "the harbor truce"
predicate = "status"
value = "agreed"
quote = "a truce was signed"
"#;

#[test]
fn a_broken_claim_in_the_file_is_reported_and_exits_2() {
    let dir = harbour_with_quay("broken-claim");
    write(&dir.join("claims/quay.toml"), format!("{QUAY}{BROKEN_CLAIM}").as_bytes());
    let (status, out, err) = short(&dir, &["claims/quay.toml"]);
    assert_eq!(status, 2, "{out}");
    assert_eq!(err, "", "every problem is in the file: nothing is left unshown");
    insta::assert_snapshot!("broken_claim_short", out);
}

#[test]
fn problems_in_other_files_are_not_shown_but_the_run_exits_2_and_says_why() {
    let dir = harbour_with_quay("broken-elsewhere");
    write(&dir.join("claims/quay.toml"), format!("{QUAY}{BROKEN_CLAIM}").as_bytes());
    let (status, out, err) = short(&dir, &["claims/evening-post.toml"]);
    assert_eq!(status, 2, "the corpus could not be fully read: {out}");
    assert!(out.contains("error[negation]"), "{out}");
    assert!(!out.contains("quay"), "the quay report's problems are not this file's: {out}");
    assert_eq!(
        err,
        "claimlint: the corpus could not be fully read: 2 problems in its other files are not shown here \
         (`claimlint check .` shows them)\n"
    );
    let (status, v) = json(&dir, &["claims/evening-post.toml"]);
    assert_eq!(status, 2);
    assert_eq!(v["summary"]["corpus"]["problems_elsewhere"], 2);
    assert_eq!(v["summary"]["errors"], 1, "the negation only");
    // The whole corpus shows them.
    let (status, out, err) = short(&dir, &[]);
    assert_eq!((status, err.as_str()), (2, ""));
    assert!(out.contains("claims/quay.toml") && out.contains("error[unknown-entity]"), "{out}");
}

#[test]
fn several_files_of_one_corpus() {
    let dir = harbour_with_quay("several");
    let (status, v) = json(&dir, &["claims/quay.toml", "claims/evening-post.toml"]);
    assert_eq!(status, 1, "the evening post's negation");
    assert_eq!(v["summary"]["files"], serde_json::json!(["claims/evening-post.toml", "claims/quay.toml"]));
    assert_eq!((v["summary"]["reports"].as_u64(), v["summary"]["claims"].as_u64()), (Some(2), Some(3)));
    // Both reports of the contradiction: exactly the whole corpus's findings, counted as theirs.
    let (_, whole, _) = short(&dir, &[]);
    let (status, both, err) = short(&dir, &["claims/morning-wire.toml", "claims/evening-post.toml"]);
    assert_eq!((status, err.as_str()), (1, ""));
    assert_eq!(both, whole);
    let out = run(&dir, &["check", "claims/morning-wire.toml", "claims/evening-post.toml"]);
    assert_eq!(last_line(&stdout(&out)), "checked 2 of 3 reports, 4 claims: 1 error, 2 warnings, 0 notes");
    // A file named twice, or under two spellings, is one file.
    let (_, twice, _) = short(&dir, &["claims/evening-post.toml", "./claims/../claims/evening-post.toml"]);
    let (_, once, _) = short(&dir, &["claims/evening-post.toml"]);
    assert_eq!(twice, once);
}

#[test]
fn files_of_different_corpora_are_refused() {
    let a = harbour_with_quay("corpus-a");
    let b = harbour_with_quay("corpus-b");
    let parent = a.parent().expect("scratch has a parent");
    let (status, out, err) = short(parent, &["corpus-a/claims/quay.toml", "corpus-b/claims/quay.toml"]);
    assert_eq!((status, out.as_str()), (2, ""), "nothing is checked");
    assert_eq!(
        err,
        "claimlint: the files lie in different corpora: `corpus-a/claims/quay.toml` (corpus root `corpus-a`), \
         `corpus-b/claims/quay.toml` (corpus root `corpus-b`); check one corpus at a time\n"
    );
    assert!(b.is_dir());
}

#[test]
fn a_directory_with_files_or_another_directory_is_refused() {
    let dir = harbour_with_quay("mixed");
    let (status, out, err) = short(&dir, &["claims/quay.toml", "claims"]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "claimlint: `claims` is a directory, a corpus root, and cannot be checked together with files \
         (`claims/quay.toml`); name either one corpus root or claim files of one corpus\n"
    );
    let (status, out, err) = short(&dir, &[".", "claims"]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert_eq!(err, "claimlint: `.` and `claims` are both directories: check one corpus root at a time\n");
}

#[test]
fn a_directory_is_still_a_corpus_root() {
    let dir = harbour_with_quay("directory");
    let parent = dir.parent().expect("scratch has a parent");
    let (here_status, here, here_err) = short(&dir, &[]);
    let (there_status, there, there_err) = short(parent, &["directory"]);
    assert_eq!((here_status, there_status), (1, 1));
    assert_eq!((here_err.as_str(), there_err.as_str()), ("", ""));
    let prefixed: String = here.lines().map(|l| format!("directory/{l}\n")).collect();
    assert_eq!(there, prefixed);
    let out = run(&dir, &["check", "."]);
    assert_eq!(last_line(&stdout(&out)), "checked 3 reports, 5 claims: 1 error, 2 warnings, 0 notes");
    // JSON says nothing of files for a whole corpus.
    let (_, v) = json(&dir, &["."]);
    let keys: BTreeSet<&str> =
        v["summary"].as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    assert_eq!(keys, BTreeSet::from(["reports", "claims", "errors", "warnings", "notes", "allowed", "baselined"]));
}

#[test]
fn a_file_outside_any_corpus_is_checked_with_the_files_beside_it() {
    // A temporary directory: no `claimlint.toml` or `claims` directory above it.
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("loose");
    let entities = "[[entity]]\nid = \"harbour-truce\"\nname = \"the harbour truce\"\nkind = \"agreement\"\n";
    let report = |id: &str, negated: bool, quote: &str| {
        format!(
            "[report]\ntitle = \"{id}\"\noutlet = \"{id}\"\npublished = 2016-12-12\ntext = \"{id}.txt\"\n\n\
             [[claim]]\nid = \"status\"\nsubject = \"the harbour truce\"\npredicate = \"status\"\nvalue = \"agreed\"\n\
             negated = {negated}\nquote = \"{quote}\"\n"
        )
    };
    write(&dir.join("entities.toml"), entities.as_bytes());
    write(&dir.join("a.toml"), report("a", false, "the truce was agreed").as_bytes());
    write(&dir.join("a.txt"), b"Officials said the truce was agreed.\n");
    write(&dir.join("b.toml"), report("b", true, "no agreement yet").as_bytes());
    write(&dir.join("b.txt"), b"The union said there was no agreement yet.\n");
    let (status, out, err) = short(&dir, &["a.toml"]);
    assert_eq!((status, err.as_str()), (1, ""), "{out}");
    assert_eq!(
        out,
        "a.txt:1:16: error[negation]: reports disagree on the status of \"the harbour truce\": one says agreed, \
         another denies it\n"
    );
    // The same from anywhere, by an absolute path: paths in the output are then absolute too.
    let absolute = dir.join("a.toml");
    let (status, out, _) = short(tmp.path(), &[absolute.to_str().expect("UTF-8 path")]);
    assert_eq!(status, 1);
    assert!(out.starts_with("loose/a.txt:1:16: error[negation]"), "{out}");
}

#[test]
fn a_file_in_a_subdirectory_finds_its_corpus_above_the_current_directory() {
    let dir = harbour_with_quay("from-below");
    let (status, out, err) = short(&dir.join("claims/reports"), &["../evening-post.toml"]);
    assert_eq!((status, err.as_str()), (1, ""));
    // Relative paths in, relative paths out.
    assert!(out.starts_with("../../claims/reports/evening-post.txt:3:67: error[negation]"), "{out}");
    // The corpus root of a file is the nearest directory holding a claimlint.toml, whatever it
    // is called: here the claims directory itself, whose claims are read from itself (it has no
    // `claims/`). Its config is read as the config, not as a claim file too.
    write(&dir.join("claims/claimlint.toml"), b"fail-on = \"never\"\n");
    let (status, out, err) = short(&dir, &["claims/evening-post.toml"]);
    assert_eq!((status, err.as_str()), (0, ""), "the config of claims/ applies: {out}");
    assert!(out.starts_with("claims/reports/evening-post.txt:3:67: error[negation]"), "{out}");
    let (status, whole, err) = short(&dir, &["claims"]);
    assert_eq!((status, err.as_str()), (0, ""));
    assert!(!whole.contains("claimlint.toml"), "{whole}");
}

#[test]
fn rule_packs_inside_the_claims_are_not_read_as_claim_files() {
    let dir = harbour_with_quay("packs-in-claims");
    write(&dir.join("claimlint.toml"), b"rules = [\"claims/packs\"]\n");
    write(&dir.join("claims/packs/strict.toml"), b"[[rule]]\nid = \"strict\"\nkind = \"negation\"\n");
    let (status, out, err) = short(&dir, &[]);
    assert_eq!((status, err.as_str()), (1, ""), "{out}");
    assert!(out.contains("error[strict]") && !out.contains("unknown-key"), "{out}");
}

#[test]
fn files_that_are_not_claim_files_of_the_corpus_are_refused() {
    let dir = harbour_with_quay("not-claims");
    // The config makes the directory the corpus root of every file below it, `notes/` too.
    write(&dir.join("claimlint.toml"), b"");
    write(&dir.join("notes/quay.toml"), QUAY.as_bytes());
    let (status, out, err) = short(&dir, &["notes/quay.toml"]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "claimlint: `notes/quay.toml` is not one of the claim files of the corpus at `.`, which are read from \
         `claims`\n"
    );
    let (status, out, err) = short(&dir, &["claims/reports/quay.txt"]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "claimlint: `claims/reports/quay.txt` is not a claim file: claim files are `*.toml`, `*.jsonl` or `*.csv`; a \
         report text is checked with the claim file that names it\n"
    );
}

#[test]
fn the_config_and_rule_packs_stand_for_the_whole_corpus() {
    let dir = harbour_with_quay("config-file");
    write(&dir.join("claimlint.toml"), b"rules = [\"packs\"]\n");
    write(&dir.join("packs/strict.toml"), b"[[rule]]\nid = \"strict\"\nkind = \"negation\"\n");
    let (status, whole, _) = short(&dir, &[]);
    assert_eq!(status, 1);
    assert!(whole.contains("error[strict]"), "the pack is loaded: {whole}");
    for named in [&["claimlint.toml"][..], &["packs/strict.toml"], &["claims/quay.toml", "claimlint.toml"]] {
        let (status, out, err) = short(&dir, named);
        assert_eq!((status, out.as_str(), err.as_str()), (1, whole.as_str(), ""), "{named:?}");
    }
}

#[test]
fn config_problems_are_shown_whatever_the_file() {
    let dir = harbour_with_quay("config-problems");
    write(&dir.join("claimlint.toml"), b"fail_on = \"never\"\n");
    let (status, out, err) = short(&dir, &["claims/quay.toml"]);
    assert_eq!((status, err.as_str()), (2, ""));
    assert!(out.starts_with("claimlint.toml:1:1: error[unknown-key]: unknown key `fail_on` in config"), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn allowed_findings_are_those_of_the_file() {
    let dir = harbour_with_quay("allowed");
    let allow = "[[allow]]\nrule = \"negation\"\nreason = \"the union disputes the announcement\"\n";
    write(&dir.join("claimlint.toml"), allow.as_bytes());
    let out = run(&dir, &["check", "claims/evening-post.toml"]);
    assert_eq!(code(&out), 0);
    assert_eq!(last_line(&stdout(&out)), "checked 1 of 3 reports, 2 claims: 0 errors, 2 warnings, 0 notes, 1 allowed");
    let out = run(&dir, &["check", "claims/quay.toml"]);
    assert_eq!(stdout(&out), "checked 1 of 3 reports, 1 claim: no findings\n", "the allow is used, elsewhere");
}

#[test]
fn a_json_lines_file_is_checked_with_all_its_reports() {
    let dir = harbour_with_quay("jsonl");
    std::fs::remove_file(dir.join("claims/quay.toml")).expect("removed");
    let line = concat!(
        r#"{"report":{"id":"quay","title":"Quay reopens","outlet":"Harbour Gazette","published":"2016-12-12","#,
        r#""text":"reports/quay.txt"},"claim":[{"id":"party","subject":"harbour ceasefire","predicate":"party","#,
        r#""value":"Port Authority","quote":"the Port Authority signed"},"#,
        r#"{"id":"denied","subject":"harbour-truce","predicate":"status","value":"agreed","negated":true,"#,
        r#""quote":"holds"}]}"#,
        "\n"
    );
    write(&dir.join("claims/quay.jsonl"), line.as_bytes());
    let (status, v) = json(&dir, &["claims/quay.jsonl"]);
    assert_eq!(status, 1);
    assert_eq!((v["summary"]["reports"].as_u64(), v["summary"]["claims"].as_u64()), (Some(1), Some(2)));
    let negation: Vec<Value> = findings(&v).into_iter().filter(|f| f["rule"] == "negation").collect();
    assert_eq!(negation.len(), 1, "{v:#}");
    let claims = negation[0]["claims"].to_string();
    assert!(claims.contains("quay#denied") && claims.contains("morning-wire#agreed"), "{claims}");
}
