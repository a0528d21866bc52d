//! The command line as CI uses it: where the corpus is read from, `claimlint.toml` (allow,
//! allowed findings and `--show-allowed`, unused-allow, severity overrides, fail-on, config
//! errors), `--config`, `--rules`, exit codes, and a reader that goes away early.

mod common;

use common::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// The harbour fixture (a negation error, a certainty and an unresolved warning) copied into a
/// scratch directory, with `config` as its claimlint.toml when given.
fn harbour(name: &str, config: Option<&str>) -> PathBuf {
    let dir = scratch(name);
    copy_tree(&fixture("harbour"), &dir);
    if let Some(config) = config {
        write(&dir.join("claimlint.toml"), config.as_bytes());
    }
    dir
}

fn short(dir: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check", "--format", "short"];
    args.extend(extra);
    let out = run(dir, &args);
    assert_eq!(stderr(&out), "", "nothing on stderr");
    (code(&out), stdout(&out))
}

#[test]
fn without_config_errors_fail_the_run() {
    let dir = harbour("no-config", None);
    let (code, out) = short(&dir, &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("harbour_short", out);
}

#[test]
fn reads_the_corpus_from_a_path_or_the_current_directory() {
    let dir = harbour("path-or-cwd", None);
    let (here_code, here) = short(&dir, &[]);
    let parent = dir.parent().expect("scratch has a parent");
    let (there_code, there) = short(parent, &["path-or-cwd"]);
    assert_eq!(here_code, there_code);
    // Paths are shown relative to the directory claimlint runs in.
    let prefixed: String = here.lines().map(|l| format!("path-or-cwd/{l}\n")).collect();
    assert_eq!(there, prefixed);
    assert!(here.starts_with("claims/reports/"), "{here}");
}

#[test]
fn fail_on_from_the_command_line_and_the_config() {
    // `--fail-on never` alone: tests/cmd/check-fail-on-never.toml.
    let dir = harbour("fail-on-config", Some("fail-on = \"never\"\n"));
    assert_eq!(short(&dir, &[]).0, 0, "the config's fail-on applies");
    assert_eq!(short(&dir, &["--fail-on", "error"]).0, 1, "the command line wins over the config");
    // With the error allowed, only warnings are left: they fail only at `warning` or below.
    let allow = "[[allow]]\nrule = \"negation\"\nreason = \"the union denies what the authority announced\"\n";
    let dir = harbour("fail-on-warnings", Some(allow));
    assert_eq!(short(&dir, &[]).0, 0);
    assert_eq!(short(&dir, &["--fail-on", "warning"]).0, 1);
    assert_eq!(short(&dir, &["--fail-on", "note"]).0, 1);
}

#[test]
fn allow_accepts_a_known_finding() {
    let config = r#"
[[allow]]
rule = "negation"
claims = ["evening-post#no-agreement", "morning-wire#agreed"]
reason = "the union disputes the authority's announcement; both are reported as said"
"#;
    let dir = harbour("allow", Some(config));
    let (code, out) = short(&dir, &[]);
    assert_eq!(code, 0, "the only error is accepted: {out}");
    assert!(!out.contains("[negation]"), "{out}");
    assert!(out.contains("warning[certainty]"), "other findings stay: {out}");
    assert!(!out.contains("unused-allow"), "{out}");
}

#[test]
fn allow_by_kind_and_one_claim() {
    // A kind names every rule of that kind; one claim picks the findings that involve it.
    let config = "[[allow]]\nrule = \"unresolved\"\nclaims = [\"evening-post#council-open\"]\nreason = \"open\"\n";
    let dir = harbour("allow-kind", Some(config));
    let (code, out) = short(&dir, &[]);
    assert_eq!(code, 1);
    assert!(!out.contains("[unresolved]"), "{out}");
    assert!(out.contains("[certainty]"), "{out}");
}

/// Accepts the harbour fixture's negation error, naming both its claims.
const ALLOW_NEGATION: &str = r#"[[allow]]
rule = "negation"
claims = ["evening-post#no-agreement", "morning-wire#agreed"]
reason = "the union disputes the authority's announcement; both are reported as said"
"#;

/// The closing summary line of human output.
fn summary_line(dir: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check"];
    args.extend(extra);
    let out = run(dir, &args);
    assert_eq!(stderr(&out), "", "nothing on stderr");
    (code(&out), stdout(&out).lines().last().unwrap_or_default().to_string())
}

#[test]
fn an_allowed_error_passes_the_run_and_is_counted_apart() {
    let dir = harbour("allowed-counted", Some(ALLOW_NEGATION));
    let (code, line) = summary_line(&dir, &[]);
    assert_eq!(code, 0, "the allowed error fails nothing: {line}");
    assert_eq!(line, "checked 2 reports, 4 claims: 0 errors, 2 warnings, 0 notes, 1 allowed");
    // Without the allow the same corpus fails, and the line has no `allowed` at all.
    let dir = harbour("allowed-none", None);
    let (code, line) = summary_line(&dir, &[]);
    assert_eq!(code, 1);
    assert_eq!(line, "checked 2 reports, 4 claims: 1 error, 2 warnings, 0 notes");
}

#[test]
fn allowed_findings_fail_no_threshold() {
    // Every finding allowed: nothing is left to fail even `--fail-on note`.
    let config = "[[allow]]\nrule = \"negation\"\nreason = \"disputed\"\n\n\
                  [[allow]]\nrule = \"certainty\"\nreason = \"hedged\"\n\n\
                  [[allow]]\nrule = \"unresolved\"\nreason = \"open\"\n";
    let dir = harbour("allowed-all", Some(config));
    let (code, line) = summary_line(&dir, &["--fail-on", "note"]);
    assert_eq!(code, 0, "{line}");
    assert_eq!(line, "checked 2 reports, 4 claims: no findings, 3 allowed");
    let (code, out) = short(&dir, &["--fail-on", "note"]);
    assert_eq!((code, out.as_str()), (0, ""), "short output has no summary line, and lists no allowed finding");
}

#[test]
fn show_allowed_prints_the_allowed_findings_marked_with_their_reason() {
    let dir = harbour("show-allowed", Some(ALLOW_NEGATION));
    let (status, out) = short(&dir, &[]);
    assert_eq!(status, 0);
    assert!(!out.contains("[negation]"), "not printed by default: {out}");
    let (status, out) = short(&dir, &["--show-allowed"]);
    assert_eq!(status, 0, "showing them fails nothing either");
    insta::assert_snapshot!("show_allowed_short", out);
    let human = run(&dir, &["check", "--show-allowed"]);
    assert_eq!(code(&human), 0);
    insta::assert_snapshot!("show_allowed_human", stdout(&human));
}

#[test]
fn an_unused_allow_is_reported_beside_an_allowed_finding() {
    let config = format!("{ALLOW_NEGATION}\n[[allow]]\nrule = \"conflict\"\nreason = \"stale\"\n");
    let dir = harbour("allowed-and-unused", Some(&config));
    let (code, out) = short(&dir, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("claimlint.toml:6:1: warning[unused-allow]: an allow entry for `conflict`"), "{out}");
    assert!(!out.contains("[negation]"), "{out}");
    let (_, line) = summary_line(&dir, &[]);
    assert_eq!(line, "checked 2 reports, 4 claims: 0 errors, 3 warnings, 0 notes, 1 allowed");
}

#[test]
fn an_allow_that_matches_nothing_is_reported() {
    let config = r#"
[[allow]]
rule = "negation"
claims = ["evening-post#no-agreemnt"]
reason = "a typo in the claim name: this accepts nothing"

[[allow]]
rule = "conflict"
reason = "there is no conflict to accept"
"#;
    let dir = harbour("unused-allow", Some(config));
    let (code, out) = short(&dir, &[]);
    assert_eq!(code, 1, "the negation error is still there");
    insta::assert_snapshot!("unused_allow_short", out);
    let human = run(&dir, &["check"]);
    insta::assert_snapshot!("unused_allow_human", stdout(&human));
}

#[test]
fn unused_allow_is_a_warning_unless_set_otherwise() {
    let base =
        "[[allow]]\nrule = \"negation\"\nreason = \"accepted\"\n\n[[allow]]\nrule = \"conflict\"\nreason = \"stale\"\n";
    let dir = harbour("unused-allow-warning", Some(base));
    let (code, out) = short(&dir, &[]);
    assert_eq!(code, 0, "an unused allow alone does not fail at the default fail-on: {out}");
    assert!(out.contains("warning[unused-allow]"), "{out}");
    assert_eq!(short(&dir, &["--fail-on", "warning"]).0, 1);

    let dir = harbour("unused-allow-error", Some(&format!("[severity]\nunused-allow = \"error\"\n{base}")));
    let (code, out) = short(&dir, &[]);
    assert_eq!(code, 1);
    assert!(out.contains("error[unused-allow]"), "{out}");

    let dir = harbour("unused-allow-off", Some(&format!("[severity]\nunused-allow = \"off\"\n{base}")));
    let (code, out) = short(&dir, &["--fail-on", "warning"]);
    assert_eq!(code, 1, "the warnings of the corpus remain");
    assert!(!out.contains("unused-allow"), "{out}");
}

#[test]
fn severity_overrides_by_rule_and_kind() {
    let dir = harbour("severity", Some("[severity]\nnegation = \"warning\"\ncertainty = \"off\"\n"));
    let (code, out) = short(&dir, &[]);
    assert_eq!(code, 0, "the only error is now a warning: {out}");
    assert!(out.contains("warning[negation]"), "{out}");
    assert!(!out.contains("[certainty]"), "an `off` rule reports nothing: {out}");
    assert!(out.contains("warning[unresolved]"), "{out}");
    assert_eq!(short(&dir, &["--fail-on", "warning"]).0, 1);

    let dir = harbour("severity-note", Some("[severity]\nnegation = \"note\"\nunresolved = \"error\"\n"));
    let (code, out) = short(&dir, &[]);
    assert_eq!(code, 1);
    assert!(out.contains("note[negation]") && out.contains("error[unresolved]"), "{out}");
}

#[test]
fn a_rule_id_wins_over_its_kind() {
    // A second negation rule from the corpus's own pack, loaded with --rules.
    let dir = harbour("severity-id", Some("[severity]\nnegation = \"note\"\nstrict-status = \"error\"\n"));
    let pack = r#"
[[rule]]
id = "strict-status"
kind = "negation"
predicates = ["status"]
severity = "warning"
"#;
    write(&dir.join("packs/strict.toml"), pack.as_bytes());
    let (code, out) = short(&dir, &["--rules", "packs"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("note[negation]"), "{out}");
    assert!(out.contains("error[strict-status]"), "{out}");

    // The same pack named in the config instead.
    let config = "rules = [\"packs\"]\n[severity]\nnegation = \"off\"\nstrict-status = \"note\"\n";
    write(&dir.join("claimlint.toml"), config.as_bytes());
    let (code, out) = short(&dir, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("note[strict-status]") && !out.contains("[negation]"), "{out}");
}

#[test]
fn config_errors_are_reported_all_at_once_and_exit_2() {
    let config = r#"fail_on = "warning"
default-rules = "yes"
claims = ["claims", "../elsewhere", "missing"]

[severity]
negaton = "off"
certainty = "loud"
quote-not-found = "off"
unresolved = 3

[[allow]]
rule = "negation"
claims = ["no-report-here"]

[[allow]]
rule = "corroboration"
reason = "  "
"#;
    let dir = harbour("config-errors", Some(config));
    let (status, out) = short(&dir, &[]);
    assert_eq!(status, 2);
    insta::assert_snapshot!("config_errors_short", out);
    // Nothing valid is lost: the corpus is still checked, with what of the config could be read.
    assert!(out.contains("error[negation]"), "{out}");
    let human = run(&dir, &["check"]);
    assert_eq!(code(&human), 2);
    insta::assert_snapshot!("config_errors_human", stdout(&human));
}

#[test]
fn config_from_the_command_line() {
    let dir = harbour("config-flag", None);
    // Paths in a config are relative to its own directory, and may reach the rest of the corpus.
    write(
        &dir.join("ci/strict.toml"),
        b"claims = [\"../claims\"]\nfail-on = \"warning\"\n[severity]\nnegation = \"off\"\n",
    );
    let (code, out) = short(&dir, &["--config", "ci/strict.toml"]);
    assert_eq!(code, 1, "fail-on = warning from the named config: {out}");
    assert!(!out.contains("[negation]"), "{out}");

    let (code, out) = short(&dir, &["--config", "ci/missing.toml"]);
    assert_eq!(code, 2);
    assert!(out.contains("error[unreadable-file]: cannot read `ci/missing.toml`"), "{out}");
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly() {
    // Enough findings to overflow any pipe buffer, so the write must meet the closed pipe.
    let dir = scratch("broken-pipe");
    let mut claims =
        String::from("[report]\ntitle = \"t\"\noutlet = \"o\"\npublished = 2016-12-13\ntext = \"r.txt\"\n");
    for i in 0..3000 {
        claims.push_str(&format!("\n[[claim]]\nid = \"c{i}\"\nsubjet = \"x\"\n"));
    }
    write(&dir.join("claims/r.toml"), claims.as_bytes());
    write(&dir.join("claims/r.txt"), b"text");
    for format in formats() {
        let mut child = claimlint(&dir)
            .args(["check", "--format", &format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("claimlint starts");
        drop(child.stdout.take());
        let mut err = String::new();
        child.stderr.take().expect("stderr is piped").read_to_string(&mut err).expect("stderr read");
        let status = child.wait().expect("claimlint ends");
        assert_eq!(err, "", "{format}: nothing on stderr");
        // The corpus has errors: the status says so even though the output was cut short, so a
        // pipeline under `set -o pipefail` still fails.
        assert_eq!(status.code(), Some(2), "{format}");
    }
}
