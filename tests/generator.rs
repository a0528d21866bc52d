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

use common::{code, read_tree, run, scratch};
use gen_corpus::{generate, Config, Format, Manifest};
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
