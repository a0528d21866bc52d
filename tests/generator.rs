//! The corpus generator's planted findings are all found, and nothing else is.
//!
//! The generator (`examples/gen_corpus.rs`, included here as a module) writes claims consistent
//! with a hidden true history, plus planted contradictions and hedges listed in its manifest. A
//! correct check reports each planted item under the planted rule, and no error or warning that
//! involves no planted claim. The same corpus written as TOML and as JSON Lines checks the same.

mod common;
#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;
mod reference;

use common::{code, read_tree, repo, run, scratch};
use gen_corpus::{generate, generate_with, Config, Format, Manifest, V2Options};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn gen(name: &str, claims: usize, seed: u64, format: Format) -> (PathBuf, Manifest) {
    let out = scratch(name);
    let manifest = generate(&Config { claims, out: out.clone(), seed, format }).expect("the generator runs");
    (out, manifest)
}

/// `claimlint check --format json` run in the corpus root: exit code and output.
fn check(dir: &Path) -> (i32, Value) {
    let out = run(dir, &["check", "--format", "json"]);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    });
    (code(&out), json)
}

fn claims_of(f: &Value) -> BTreeSet<String> {
    f["claims"].as_array().into_iter().flatten().filter_map(|c| c.as_str().map(String::from)).collect()
}

fn assert_planted_findings_exactly(manifest: &Manifest, output: &Value) {
    let findings = output["findings"].as_array().expect("findings");
    let corpus: Vec<&Value> = findings.iter().filter(|f| f["kind"] == "corpus").collect();
    assert!(corpus.is_empty(), "the generated corpus has problems: {corpus:#?}");
    assert_eq!(output["summary"]["claims"], manifest.claims);
    assert_eq!(output["summary"]["reports"], manifest.reports);

    for p in &manifest.planted {
        let want: BTreeSet<String> = p.claims.iter().cloned().collect();
        // An open question a later claim answers is a note naming the answer (DESIGN §4 v2).
        let severity_fits = |f: &Value| {
            f["severity"] == p.severity
                || (p.rule == "unresolved"
                    && f["severity"] == "note"
                    && f["answered_by"].as_array().is_some_and(|a| !a.is_empty()))
        };
        let found = findings.iter().any(|f| f["rule"] == p.rule && severity_fits(f) && claims_of(f).is_superset(&want));
        assert!(found, "planted {} ({}) not found: {:?}", p.rule, p.what, p.claims);
    }
    let planted: BTreeSet<String> = manifest.planted.iter().flat_map(|p| p.claims.iter().cloned()).collect();
    for f in findings.iter().filter(|f| f["severity"] != "note") {
        assert!(
            !claims_of(f).is_disjoint(&planted),
            "a {} {} that nothing planted: {}",
            f["severity"],
            f["rule"],
            serde_json::to_string_pretty(f).unwrap_or_default()
        );
    }
}

#[test]
fn every_planted_finding_is_found_and_nothing_else() {
    let (dir, manifest) = gen("gen-planted-toml", 2_000, 7, Format::Toml);
    let kinds: BTreeSet<&str> = manifest.planted.iter().map(|p| p.rule).collect();
    for kind in ["conflict", "negation", "certainty", "unresolved", "numeric"] {
        assert!(kinds.contains(kind), "nothing of kind {kind} was planted: {kinds:?}");
    }
    let (code, output) = check(&dir);
    assert_eq!(code, 1, "planted errors fail the check");
    assert_planted_findings_exactly(&manifest, &output);
}

#[test]
fn json_lines_and_toml_corpora_check_the_same() {
    let (toml_dir, toml_manifest) = gen("gen-same-toml", 1_500, 11, Format::Toml);
    let (jsonl_dir, jsonl_manifest) = gen("gen-same-jsonl", 1_500, 11, Format::Jsonl);
    let (toml_code, toml_out) = check(&toml_dir);
    let (jsonl_code, jsonl_out) = check(&jsonl_dir);
    assert_planted_findings_exactly(&jsonl_manifest, &jsonl_out);
    assert_eq!(toml_code, jsonl_code);
    assert_eq!(serde_json::to_string(&toml_manifest.planted).ok(), serde_json::to_string(&jsonl_manifest.planted).ok());
    // Quotes point into the same report texts, shown relative to each corpus root.
    assert_eq!(toml_out, jsonl_out);
}

#[test]
fn the_same_seed_writes_the_same_corpus_and_another_seed_another() {
    let (a, _) = gen("gen-seed-a", 600, 3, Format::Jsonl);
    let (b, _) = gen("gen-seed-b", 600, 3, Format::Jsonl);
    let (c, _) = gen("gen-seed-c", 600, 4, Format::Jsonl);
    assert!(read_tree(&a) == read_tree(&b), "same seed, different corpus");
    assert!(read_tree(&a) != read_tree(&c), "different seeds, same corpus");
    // Regenerating into an earlier corpus replaces it; any other non-empty directory is refused.
    let again = generate(&Config { claims: 600, out: a.clone(), seed: 3, format: Format::Jsonl });
    assert!(again.is_ok());
    let refused = generate(&Config { claims: 10, out: a.join("claims"), seed: 3, format: Format::Toml });
    assert!(refused.is_err());
}

// --- v2 ----------------------------------------------------------------------------------------

fn gen_v2(name: &str, claims: usize, seed: u64, v2_keys: bool) -> (PathBuf, Manifest) {
    let out = scratch(name);
    let config = Config { claims, out: out.clone(), seed, format: Format::Toml };
    let manifest = generate_with(&config, &V2Options { v2: true, v2_keys }).expect("the generator runs");
    (out, manifest)
}

/// No error or warning brings together what a silent situation holds apart.
fn assert_silent(manifest: &Manifest, output: &Value) {
    let findings = output["findings"].as_array().expect("findings");
    for s in &manifest.silent {
        let want: BTreeSet<String> = s.claims.iter().cloned().collect();
        let fired =
            findings.iter().find(|f| f["rule"] == s.rule && f["severity"] != "note" && claims_of(f).is_superset(&want));
        assert!(fired.is_none(), "{} fired on a silent situation ({}): {:#?}", s.rule, s.what, fired);
    }
}

/// The reference's v2 findings on a corpus, in the shape of the engine's JSON output.
fn reference_output(dir: &Path, manifest: &Manifest) -> Value {
    let pack = repo().join("tests/reference/v2-news.toml");
    let corpus = reference::read(&[&pack], &dir.join("claims"));
    let findings: Vec<Value> = corpus
        .findings_v2()
        .into_iter()
        .map(|f| {
            let severity = match f.severity {
                reference::v2::Severity::Error => "error",
                reference::v2::Severity::Warning => "warning",
                reference::v2::Severity::Note => "note",
            };
            serde_json::json!({"rule": f.rule, "kind": f.kind, "severity": severity, "claims": f.claims})
        })
        .collect();
    let reports = corpus.claims.iter().map(|c| c.report.as_str()).collect::<BTreeSet<_>>().len();
    assert_eq!(reports, manifest.reports);
    serde_json::json!({"summary": {"claims": corpus.claims.len(), "reports": reports}, "findings": findings})
}

/// With `--v2`, the generator plants each v2 situation, and the naive reference evaluator, reading
/// DESIGN v2's standard vocabulary (tests/reference/v2-news.toml), finds every planted finding,
/// no error or warning that nothing planted, and nothing on a silent situation.
#[test]
fn v2_situations_are_planted_and_the_reference_finds_them_and_nothing_else() {
    let (dir, manifest) = gen_v2("gen-v2-reference", 10_000, 7, true);
    let whats: Vec<&str> = manifest.planted.iter().map(|p| p.what.as_str()).collect();
    for situation in [
        "start date unclear, answered later",
        "start date doubted later",
        "two start times announced",
        "suspended the day it came into force",
        "its commander named",
        "a dispute relayed",
        "a dispute settled later",
        "one ministry blames two groups",
        "toll rising through the night",
        "toll revised down by its ministry",
        "then corrected",
        "who did it, answered later",
    ] {
        assert!(whats.iter().any(|w| w.contains(situation)), "nothing planted for `{situation}`");
    }
    assert!(manifest.silent.len() >= 2, "{:?}", manifest.silent);
    let output = reference_output(&dir, &manifest);
    assert_planted_findings_exactly(&manifest, &output);
    assert_silent(&manifest, &output);
}

/// Until the v2 standard packs and engine land (the lead turns this on; with the v2 loader, also
/// `v2_keys`): the engine finds the v2 situations and nothing else.
#[test]
#[ignore = "until the v2 standard packs and engine land"]
fn v2_situations_are_found_by_the_engine_and_nothing_else() {
    let (dir, manifest) = gen_v2("gen-v2-engine", 10_000, 7, false);
    let (code, output) = check(&dir);
    assert_eq!(code, 1, "planted errors fail the check");
    assert_planted_findings_exactly(&manifest, &output);
    assert_silent(&manifest, &output);
}

#[test]
fn v2_generation_is_deterministic_and_off_by_default() {
    let (a, ma) = gen_v2("gen-v2-seed-a", 3_000, 3, true);
    let (b, _) = gen_v2("gen-v2-seed-b", 3_000, 3, true);
    assert!(read_tree(&a) == read_tree(&b), "same seed, different corpus");
    assert!(!ma.silent.is_empty() || ma.planted.iter().any(|p| p.rule == "corrected"), "{:#?}", ma.planted);
    // Without --v2, no v2 situation: nothing silent, no schedule, no correction.
    let (c, mc) = gen("gen-v2-off", 3_000, 3, Format::Toml);
    assert!(mc.silent.is_empty());
    let texts: String = read_tree(&c.join("claims"))
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    assert!(!texts.contains("\"scheduled\"") && !texts.contains("corrects"), "v2 claims without --v2");
}
