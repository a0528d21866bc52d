//! Every output format, snapshotted on the example corpus and on the harbour fixture (also with
//! its error allowed); SARIF is also validated against the SARIF 2.1.0 schema and checked for
//! what code scanning relies on, allowed findings as suppressed results included.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// The SARIF 2.1.0 schema, vendored (see tests/schemas/README.md).
const SARIF_SCHEMA: &str = include_str!("schemas/sarif-schema-2.1.0.json");

/// `claimlint check --format FORMAT` in `dir`, with its exit code; SARIF's version redacted.
fn output(dir: &Path, format: &str) -> (i32, String) {
    let out = run(dir, &["check", "--format", format]);
    assert_eq!(stderr(&out), "", "{format}: nothing on stderr");
    let text = stdout(&out);
    (code(&out), if format == "sarif" { redact_version(&text) } else { text })
}

#[test]
fn example_corpus_in_every_format() {
    // Run in the repository root with no path: `claimlint check` reads ./claims.
    for format in formats() {
        let (status, text) = output(&repo(), &format);
        assert_eq!(status, 1, "{format}: the example corpus has a contradiction");
        insta::assert_snapshot!(format!("example_{format}"), text);
    }
}

#[test]
fn harbour_in_every_format() {
    for format in formats() {
        let (status, text) = output(&fixture("harbour"), &format);
        assert_eq!(status, 1, "{format}");
        insta::assert_snapshot!(format!("harbour_{format}"), text);
    }
}

/// The harbour fixture with its negation error accepted by an `[[allow]]` (at line 2 of the config).
fn harbour_allowed(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    copy_tree(&fixture("harbour"), &dir);
    let config = "# The union's denial is reported as said.\n[[allow]]\nrule = \"negation\"\n\
                  claims = [\"morning-wire#agreed\"]\nreason = \"disputed [by the union]; reported as said\"\n";
    write(&dir.join("claimlint.toml"), config.as_bytes());
    dir
}

#[test]
fn harbour_with_an_allow_in_every_format() {
    let dir = harbour_allowed("formats-allowed");
    for format in formats() {
        let (status, text) = output(&dir, &format);
        assert_eq!(status, 0, "{format}: the only error is allowed");
        insta::assert_snapshot!(format!("harbour_allowed_{format}"), text);
    }
}

#[test]
fn json_lists_allowed_findings_apart_from_the_findings() {
    let json: Value = serde_json::from_str(&output(&harbour_allowed("json-allowed"), "json").1).expect("JSON");
    let summary = &json["summary"];
    assert_eq!((summary["errors"].as_u64(), summary["allowed"].as_u64()), (Some(0), Some(1)), "{summary}");
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 2);
    assert!(findings.iter().all(|f| f["rule"] != "negation" && f.get("allow").is_none()), "{findings:?}");
    let allowed = json["allowed"].as_array().expect("allowed");
    assert_eq!(allowed.len(), 1);
    let a = &allowed[0];
    // An allowed finding has every field of a finding, and the entry that accepts it.
    assert_eq!((a["rule"].as_str(), a["severity"].as_str()), (Some("negation"), Some("error")));
    assert_eq!(a["locations"].as_array().map(Vec::len), Some(2));
    let allow = &a["allow"];
    assert_eq!(allow["reason"], "disputed [by the union]; reported as said");
    assert_eq!(allow["path"], "claimlint.toml");
    assert_eq!((allow["line"].as_u64(), allow["column"].as_u64()), (Some(2), Some(1)));
    assert_eq!((allow["end_line"].as_u64(), allow["end_column"].as_u64()), (Some(2), Some(10)));
    assert_eq!((allow["offset"].as_u64(), allow["length"].as_u64()), (Some(42), Some(9)));

    let none: Value = serde_json::from_str(&output(&fixture("harbour"), "json").1).expect("JSON");
    assert_eq!(none["summary"]["allowed"], 0);
    assert_eq!(none["allowed"], Value::Array(Vec::new()), "always there, empty without allows");
}

#[test]
fn sarif_marks_an_allowed_finding_as_suppressed_and_validates() {
    let log = sarif(&harbour_allowed("sarif-allowed"));
    validate(&log);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 3, "the allowed finding is a result too");
    let suppressed: Vec<&Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 1, "only the allowed finding has suppressions");
    let result = suppressed[0];
    assert_eq!((result["ruleId"].as_str(), result["level"].as_str()), (Some("negation"), Some("error")));
    let suppressions = result["suppressions"].as_array().expect("suppressions");
    assert_eq!(suppressions.len(), 1);
    let s = &suppressions[0];
    assert_eq!(s["kind"], "external", "the allow lives in claimlint.toml, not in the report");
    assert_eq!(s["status"], "accepted");
    assert_eq!(s["justification"], "disputed [by the union]; reported as said");
    let at = &s["location"]["physicalLocation"];
    assert_eq!(at["artifactLocation"]["uri"], "claimlint.toml");
    assert_eq!(at["region"]["startLine"], 2);
    assert_eq!(at["region"]["snippet"]["text"], "[[allow]]");
    // The same alert as before it was allowed: viewers see it suppressed, not a new one.
    let before = sarif(&fixture("harbour"));
    let fingerprint = |r: &Value| r["partialFingerprints"]["claimlint/v2"].as_str().unwrap_or_default().to_string();
    let unallowed = before["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "negation")
        .map(fingerprint)
        .expect("the negation result");
    assert_eq!(fingerprint(result), unallowed);
}

#[test]
fn the_validator_checks_suppressions() {
    // So that validating a log with suppressions means something: a kind the schema does not
    // know is rejected.
    let mut log = sarif(&harbour_allowed("sarif-allowed-invalid"));
    let result = log["runs"][0]["results"]
        .as_array_mut()
        .and_then(|r| r.iter_mut().find(|r| r.get("suppressions").is_some()))
        .expect("a suppressed result");
    result["suppressions"][0]["kind"] = Value::from("inConfig");
    let schema: Value = serde_json::from_str(SARIF_SCHEMA).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    assert!(!validator.is_valid(&log));
}

#[test]
fn github_does_not_annotate_allowed_findings() {
    let github = output(&harbour_allowed("github-allowed"), "github").1;
    // The two findings left, each annotated at both of its claims.
    assert_eq!(github.lines().count(), 4, "{github}");
    assert!(!github.contains("negation") && !github.starts_with("::error"), "{github}");
}

fn validate(sarif: &Value) {
    let schema: Value = serde_json::from_str(SARIF_SCHEMA).expect("the vendored schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator.iter_errors(sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
}

fn sarif(dir: &Path) -> Value {
    let out = run(dir, &["check", "--format", "sarif"]);
    serde_json::from_slice(&out.stdout).expect("SARIF output is JSON")
}

#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    // So that a passing validation means something.
    let mut log = sarif(&fixture("harbour"));
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    let schema: Value = serde_json::from_str(SARIF_SCHEMA).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    assert!(!validator.is_valid(&log));
}

#[test]
fn sarif_validates_against_the_schema() {
    validate(&sarif(&fixture("harbour")));
    validate(&sarif(&repo()));
}

#[test]
fn sarif_with_corpus_and_config_findings_validates() {
    let dir = scratch("sarif-config");
    copy_tree(&fixture("harbour"), &dir);
    let config = "[severity]\nnegaton = \"off\"\n\n[[allow]]\nrule = \"conflict\"\nreason = \"stale\"\n";
    write(&dir.join("claimlint.toml"), config.as_bytes());
    write(&dir.join("claims/broken.toml"), b"[report\ntitle = 1\n");
    let log = sarif(&dir);
    validate(&log);
    let rules: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    for code in ["unknown-rule", "unused-allow", "toml-syntax"] {
        assert!(rules.contains(&code), "{code} has a rule entry: {rules:?}");
    }
}

#[test]
fn sarif_has_what_code_scanning_relies_on() {
    let log = sarif(&fixture("harbour"));
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    // One entry per rule, each with its kind's explain text.
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    let negation = rules.iter().find(|r| r["id"] == "negation").expect("negation rule");
    let full = negation["fullDescription"]["text"].as_str().expect("fullDescription");
    assert!(full.starts_with("# negation") && full.contains("## Why it matters"), "{full}");

    let results = run["results"].as_array().expect("results");
    let mut fingerprints = Vec::new();
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert_eq!(r["locations"].as_array().map(Vec::len), Some(1));
        fingerprints.push(r["partialFingerprints"]["claimlint/v2"].as_str().expect("fingerprint").to_string());
    }
    let mut unique = fingerprints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), fingerprints.len(), "fingerprints tell findings apart");

    // The negation: the primary claim is the location, the other claim a related location, and
    // the 🚢 before the morning quote (two UTF-16 units, one character) shifts its column.
    let negation = results.iter().find(|r| r["ruleId"] == "negation").expect("negation result");
    let related = negation["relatedLocations"].as_array().expect("related locations");
    assert_eq!(related.len(), 1);
    let region = &related[0]["physicalLocation"]["region"];
    assert_eq!(related[0]["physicalLocation"]["artifactLocation"]["uri"], "claims/reports/morning-wire.txt");
    assert_eq!(region["snippet"]["text"], "A truce was agreed overnight");
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(3), Some(31)));
}

#[test]
fn short_says_one_line_per_finding_and_github_one_per_claim() {
    let dir = fixture("harbour");
    let json: Value = serde_json::from_str(&output(&dir, "json").1).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    let short = output(&dir, "short").1;
    let github = output(&dir, "github").1;
    assert_eq!(short.lines().count(), findings.len());
    // Every claim location of a finding is annotated, so a pull request that adds one side of a
    // contradiction sees it in its own file; each annotation names the finding.
    let mut lines = github.lines();
    for f in findings {
        let command = match f["severity"].as_str() {
            Some("error") => "::error ",
            Some("warning") => "::warning ",
            _ => "::notice ",
        };
        let locations = f["locations"].as_array().expect("locations");
        for (i, _) in locations.iter().enumerate() {
            let line = lines.next().expect("an annotation per location");
            assert!(line.starts_with(command), "{line}");
            let title =
                format!("title=claimlint ({}) {}/{}::", f["rule"].as_str().unwrap_or_default(), i + 1, locations.len());
            assert!(line.contains(&title), "{line} names the finding: {title}");
            assert!(line.contains(&f["message"].as_str().unwrap_or_default().replace('%', "%25")), "{line}");
        }
        // GitHub counts columns in UTF-16 units, like SARIF; short and JSON count characters.
        let loc = &f["locations"][0];
        let prefix = format!("{}:{}:{}: ", loc["path"].as_str().unwrap_or_default(), loc["line"], loc["column"]);
        assert!(short.lines().any(|l| l.starts_with(&prefix)), "{prefix}");
    }
    assert_eq!(lines.next(), None, "{github}");
    assert!(github.contains("file=claims/reports/evening-post.txt,line=3,col=67,endLine=3,endColumn=115,"), "{github}");
}

#[test]
fn sarif_fingerprints_ignore_where_the_claims_moved() {
    // Text added above a quote moves it down a line; the alert must stay the same alert.
    let dir = scratch("sarif-fingerprints");
    copy_tree(&fixture("harbour"), &dir);
    let before = sarif(&dir);
    let text = dir.join("claims/reports/evening-post.txt");
    let moved = format!("An added first line.\n{}", std::fs::read_to_string(&text).expect("report text"));
    write(&text, moved.as_bytes());
    let after = sarif(&dir);
    let key = |log: &Value| -> Vec<(String, u64, String)> {
        log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap_or_default().to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap_or_default(),
                    r["partialFingerprints"]["claimlint/v2"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let (b, a) = (key(&before), key(&after));
    assert_eq!(b.len(), a.len());
    for (b, a) in b.iter().zip(&a) {
        assert_eq!(b.0, a.0);
        assert_eq!(b.1 + 1, a.1, "the line moved");
        assert_eq!(b.2, a.2, "the fingerprint did not");
    }
}
