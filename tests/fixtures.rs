//! The rule kinds by example: one small corpus per kind under `tests/fixtures/<kind>/` (and
//! `standard/`, every standard pack at once), with the findings expected of it beside it in
//! `expected.snap`. Each claim file opens with a comment naming the case it stands for (a test of
//! `src/rules/*.rs`) and whether it fires; each case has subjects of its own, so cases never meet.
//!
//! The test runs `claimlint check <fixture> --format json` on every fixture directory and
//! compares a summary of each finding (severity, kind, rule, subject, predicate, claims with their
//! labels, message, notes, derivation) with the snapshot. To add a case, add its claim and report files and accept
//! the new snapshot after reading it (`cargo insta review`).

mod common;

use common::*;
use serde_json::Value;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The kinds that must each have a fixture of their own name.
const KINDS: [&str; 8] =
    ["conflict", "negation", "regression", "numeric", "certainty", "unresolved", "corroboration", "implies"];

/// How many of a finding's claims the summary lists; a fold of hundreds is summed up by count.
const LISTED_CLAIMS: usize = 12;

fn fixtures() -> Vec<PathBuf> {
    let root = repo().join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fixtures is listed")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.join("claims").is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn name(dir: &Path) -> String {
    dir.file_name().expect("a fixture has a name").to_string_lossy().into_owned()
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str).collect()
}

/// One block per finding, in output order, after the run's exit code and counts.
fn summary(code: i32, doc: &Value) -> String {
    let mut out = String::new();
    let s = &doc["summary"];
    let _ = writeln!(
        out,
        "exit {code}: {} reports, {} claims; {} errors, {} warnings, {} notes",
        s["reports"], s["claims"], s["errors"], s["warnings"], s["notes"]
    );
    for f in doc["findings"].as_array().expect("findings") {
        let text = |k: &str| f[k].as_str().unwrap_or("-").to_string();
        let _ = writeln!(
            out,
            "\n{} {} (rule `{}`) on {} / {}",
            text("severity"),
            text("kind"),
            text("rule"),
            text("subject"),
            text("predicate")
        );
        let claims = strings(&f["claims"]);
        // Each claim with the label under its quote: who said what, when.
        let label = |c: &str| {
            let locations = f["locations"].as_array().into_iter().flatten();
            locations.filter(|l| l["claim"] == c).find_map(|l| l["label"].as_str()).unwrap_or("-").to_string()
        };
        for c in claims.iter().take(LISTED_CLAIMS) {
            let _ = writeln!(out, "  claim {c}: {}", label(c));
        }
        if claims.len() > LISTED_CLAIMS {
            let _ = writeln!(out, "  … {} claims in all", claims.len());
        }
        let _ = writeln!(out, "  message: {}", text("message"));
        for n in strings(&f["notes"]) {
            let _ = writeln!(out, "  note: {n}");
        }
        for step in f["derivation"].as_array().into_iter().flatten() {
            let _ = writeln!(
                out,
                "  derived: {} from {} by `{}`",
                step["claim"].as_str().unwrap_or("-"),
                step["from"].as_str().unwrap_or("-"),
                step["rule"].as_str().unwrap_or("-")
            );
        }
    }
    out
}

/// The reports none of whose claims any finding involves: the fixture's non-firing cases.
fn quiet_reports(dir: &Path, doc: &Value) -> Vec<String> {
    let involved: Vec<&str> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| strings(&f["claims"]))
        .filter_map(|c| c.split_once('#').map(|(report, _)| report))
        .collect();
    let mut reports: Vec<String> = std::fs::read_dir(dir.join("claims"))
        .expect("claims/ is listed")
        .filter_map(|e| e.ok()?.path().file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|stem| stem != "entities" && stem != "reports")
        .filter(|stem| !involved.contains(&stem.as_str()))
        .collect();
    reports.sort();
    reports
}

#[test]
fn every_kind_has_a_fixture() {
    let names: Vec<String> = fixtures().iter().map(|d| name(d)).collect();
    for kind in KINDS {
        assert!(names.iter().any(|n| n == kind), "no tests/fixtures/{kind}/ among {names:?}");
    }
}

#[test]
fn each_fixture_gives_the_findings_beside_it() {
    let dirs = fixtures();
    assert!(dirs.len() >= KINDS.len(), "{dirs:?}");
    for dir in dirs {
        let fixture = name(&dir);
        let out = run(&dir, &["check", "--format", "json"]);
        assert_eq!(stderr(&out), "", "{fixture}: nothing on stderr");
        let code = code(&out);
        let doc: Value = serde_json::from_str(&stdout(&out)).expect("JSON output");
        // Exit 2 would mean the fixture itself is broken (a typo in a claim, a missing quote).
        assert!(code == 0 || code == 1, "{fixture}: exit {code}, the corpus has problems:\n{doc:#}");
        let findings = doc["findings"].as_array().expect("findings");
        if KINDS.contains(&fixture.as_str()) {
            // `implies` reports nothing itself: its derived claims show in the other kinds' findings.
            let fired = if fixture == "implies" {
                findings.iter().any(|f| !f["derivation"].as_array().is_none_or(Vec::is_empty))
            } else {
                findings.iter().any(|f| f["kind"] == fixture.as_str())
            };
            assert!(fired, "{fixture}: no case fires");
            assert!(!quiet_reports(&dir, &doc).is_empty(), "{fixture}: no case is silent");
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!("claimlint check tests/fixtures/{fixture} --format json, summed up"));
        settings.bind(|| insta::assert_snapshot!("expected", summary(code, &doc)));
    }
}
