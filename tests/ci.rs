//! What CI relies on (issue 13, DESIGN §5 v2): a finding keeps its identity when newer reports
//! join it; baselines; `--output-file`, `--statistics`, `-q`; the JUnit, GitLab and rdjson formats
//! validated against their schemas (vendored under tests/schemas/, see its README); shell
//! completions and the man page; and SARIF as Microsoft's SARIF Multitool validates it, when the
//! tool is installed.
//!
//! Tests that need an external tool (`xmllint`, the SARIF Multitool) say loudly when they skip;
//! with `CLAIMLINT_REQUIRE_TOOLS=1` (as `.ci/run` sets) a missing tool fails them instead.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const GITLAB_SCHEMA: &str = include_str!("schemas/gitlab-code-quality.json");
const RDJSON_SCHEMA: &str = include_str!("schemas/rdjson-DiagnosticResult.json");

/// The harbour fixture, copied so that reports can be added.
fn harbour(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_tree(&fixture("harbour"), &dir);
    dir
}

/// A report published the evening after the harbour reports, which says the truce was agreed: it
/// joins the negation between the evening post and the morning wire. Its id sorts first, so that
/// only time can keep it from becoming the primary claim.
fn add_late_report(dir: &Path) {
    write(&dir.join("claims/reports/aaa-late.txt"), b"Late edition: the harbour truce was agreed, officials said.\n");
    write(
        &dir.join("claims/aaa-late.toml"),
        b"[report]\nid = \"aaa-late\"\ntitle = \"Late edition\"\noutlet = \"Late Gazette\"\n\
          published = 2016-12-12T21:00:00Z\ntext = \"reports/aaa-late.txt\"\n\n\
          [[claim]]\nid = \"agreed-late\"\nsubject = \"harbour-truce\"\npredicate = \"status\"\nvalue = \"agreed\"\n\
          quote = \"the harbour truce was agreed\"\n",
    );
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = run(dir, &[&["check", "--format", "json"], args].concat());
    assert!(code(&out) < 2, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON output")
}

fn format_json(dir: &Path, format: &str) -> Value {
    let out = run(dir, &["check", "--format", format]);
    assert!(code(&out) < 2, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{format} output is JSON: {e}"))
}

fn validator(schema: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(schema).expect("the vendored schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn assert_valid(schema: &str, doc: &Value, what: &str) {
    let v = validator(schema);
    let errors: Vec<String> = v.iter_errors(doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} does not validate:\n{}", errors.join("\n"));
}

/// Whether a test may skip when `tool` is missing; says so loudly either way.
fn skip_without(tool: &str) -> bool {
    if std::env::var_os("CLAIMLINT_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
        panic!("{tool} is required (CLAIMLINT_REQUIRE_TOOLS=1) but was not found");
    }
    eprintln!("SKIPPED: {tool} is not installed; this check did not run");
    true
}

// -- finding identity -------------------------------------------------------------------------

/// The negation's primary location and fingerprint, as (path, line, column, fingerprint).
fn negation_in_json(dir: &Path) -> (String, u64, u64, String, usize) {
    let json = json(dir, &[]);
    let f = json["findings"].as_array().expect("findings").iter().find(|f| f["rule"] == "negation").cloned();
    let f = f.expect("the negation finding");
    let loc = &f["locations"][0];
    (
        loc["path"].as_str().unwrap_or_default().to_string(),
        loc["line"].as_u64().unwrap_or_default(),
        loc["column"].as_u64().unwrap_or_default(),
        f["fingerprint"].as_str().expect("a fingerprint").to_string(),
        f["claims"].as_array().map_or(0, Vec::len),
    )
}

fn negation_in_sarif(dir: &Path) -> (String, u64, String) {
    let log = format_json(dir, "sarif");
    let r = log["runs"][0]["results"].as_array().expect("results").iter().find(|r| r["ruleId"] == "negation").cloned();
    let r = r.expect("the negation result");
    let at = &r["locations"][0]["physicalLocation"];
    (
        at["artifactLocation"]["uri"].as_str().unwrap_or_default().to_string(),
        at["region"]["startLine"].as_u64().unwrap_or_default(),
        r["partialFingerprints"]["claimlint/v2"].as_str().expect("a v2 fingerprint").to_string(),
    )
}

fn negation_in_gitlab(dir: &Path) -> (String, u64, String) {
    let issues = format_json(dir, "gitlab");
    let i = issues.as_array().expect("issues").iter().find(|i| i["check_name"] == "negation").cloned();
    let i = i.expect("the negation issue");
    (
        i["location"]["path"].as_str().unwrap_or_default().to_string(),
        i["location"]["lines"]["begin"].as_u64().unwrap_or_default(),
        i["fingerprint"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn a_newer_report_joining_a_finding_moves_neither_its_place_nor_its_fingerprint() {
    let dir = harbour("identity");
    let (json_before, sarif_before, gitlab_before) =
        (negation_in_json(&dir), negation_in_sarif(&dir), negation_in_gitlab(&dir));
    add_late_report(&dir);
    let (json_after, sarif_after, gitlab_after) =
        (negation_in_json(&dir), negation_in_sarif(&dir), negation_in_gitlab(&dir));
    assert_eq!(json_after.4, json_before.4 + 1, "the late claim joined the finding");
    assert_eq!(json_before.0, "claims/reports/evening-post.txt", "the earliest claim is primary");
    assert_eq!(json_after.0..=json_after.3.clone(), json_before.0..=json_before.3.clone());
    assert_eq!((json_after.1, json_after.2), (json_before.1, json_before.2));
    assert_eq!(sarif_after, sarif_before);
    assert_eq!(gitlab_after, gitlab_before);
    // The three formats carry the same identity.
    assert_eq!(sarif_before.2, json_before.3);
    assert_eq!(gitlab_before.2, json_before.3);
}

#[test]
fn an_earlier_claim_joining_becomes_the_primary() {
    let dir = harbour("identity-earlier");
    let before = negation_in_json(&dir);
    write(&dir.join("claims/reports/aaa-early.txt"), b"Early: the harbour truce was agreed.\n");
    write(
        &dir.join("claims/aaa-early.toml"),
        b"[report]\nid = \"aaa-early\"\ntitle = \"Early\"\noutlet = \"Early Bird\"\npublished = 2016-12-11\n\
          text = \"reports/aaa-early.txt\"\n\n[[claim]]\nid = \"agreed\"\nsubject = \"harbour-truce\"\n\
          predicate = \"status\"\nvalue = \"agreed\"\nas-of = 2016-12-12\nquote = \"the harbour truce was agreed\"\n",
    );
    let after = negation_in_json(&dir);
    assert_eq!(after.4, before.4 + 1, "the early claim joined the finding");
    // Same as-of, an earlier `published`: by definition the new primary, and a new identity.
    assert_eq!(after.0, "claims/reports/aaa-early.txt");
    assert_ne!(after.3, before.3);
}

#[test]
fn github_annotates_every_claim_of_a_finding() {
    let dir = harbour("github-every-claim");
    add_late_report(&dir);
    let out = run(&dir, &["check", "--format", "github"]);
    let text = stdout(&out);
    let negation: Vec<&str> = text.lines().filter(|l| l.contains("title=claimlint (negation)")).collect();
    assert_eq!(negation.len(), 3, "{text}");
    for file in ["evening-post.txt", "morning-wire.txt", "aaa-late.txt"] {
        assert!(negation.iter().any(|l| l.contains(&format!("file=claims/reports/{file},"))), "{file}: {text}");
    }
}

// -- baseline ---------------------------------------------------------------------------------

#[test]
fn a_baseline_sets_the_past_aside_and_reports_what_is_new() {
    let dir = harbour("baseline");
    let baseline = dir.join("claimlint-baseline.json");
    // Writing the baseline accepts every current finding: the run passes.
    let out = run(&dir, &["check", "--write-baseline", "claimlint-baseline.json", "--format", "short"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "", "everything is baselined");
    let written: Value = serde_json::from_slice(&std::fs::read(&baseline).expect("baseline written")).expect("JSON");
    assert_eq!(written["version"], 1);
    let listed = written["findings"].as_array().expect("findings").len();
    assert!(listed >= 2, "{written}");

    // The same corpus against it: nothing new, every finding counted as baselined.
    let out = run(&dir, &["check", "--baseline", "claimlint-baseline.json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).ends_with(&format!("no findings, {listed} baselined\n")), "{}", stdout(&out));
    let j = json(&dir, &["--baseline", "claimlint-baseline.json"]);
    assert_eq!(j["summary"]["baselined"], listed);
    assert_eq!(j["findings"].as_array().map(Vec::len), Some(0));
    assert!(j.get("baselined").is_none(), "listed only with --show-baselined");

    // A newer report joining the old negation is no new finding; a new contradiction is.
    add_late_report(&dir);
    write(&dir.join("claims/reports/council.txt"), b"The City Council will not guarantee the truce.\n");
    write(
        &dir.join("claims/council.toml"),
        b"[report]\nid = \"council\"\ntitle = \"Council\"\noutlet = \"Council News\"\npublished = 2016-12-12\n\
          text = \"reports/council.txt\"\n\n[[claim]]\nid = \"no-guarantee\"\nsubject = \"harbour-truce\"\n\
          predicate = \"guarantor\"\nvalue = \"city-council\"\nnegated = true\n\
          quote = \"The City Council will not guarantee the truce\"\n",
    );
    let j = json(&dir, &["--baseline", "claimlint-baseline.json"]);
    let rules: Vec<&str> =
        j["findings"].as_array().expect("findings").iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(rules.contains(&"negation"), "the council's denial is new: {rules:?}");
    let statuses: Vec<&Value> =
        j["findings"].as_array().expect("findings").iter().filter(|f| f["rule"] == "negation").collect();
    assert_eq!(statuses.len(), 1, "the old negation stays baselined: {j:#}");
    assert_eq!(statuses[0]["subject"], "harbour-truce");
    assert_eq!(statuses[0]["predicate"], "guarantor");
    let out = run(&dir, &["check", "--baseline", "claimlint-baseline.json", "--format", "short"]);
    assert_eq!(code(&out), 1, "a new error fails the run: {}", stdout(&out));

    // --show-baselined lists the rest, marked, in every format that lists findings.
    let j = json(&dir, &["--baseline", "claimlint-baseline.json", "--show-baselined"]);
    let shown = j["baselined"].as_array().expect("baselined listed");
    assert_eq!(shown.len() as u64, j["summary"]["baselined"].as_u64().unwrap_or_default());
    assert!(shown.iter().any(|f| f["rule"] == "negation" && f["predicate"] == "status"), "{shown:?}");
    let short = stdout(&run(
        &dir,
        &["check", "--baseline", "claimlint-baseline.json", "--show-baselined", "--format", "short"],
    ));
    assert!(short.lines().any(|l| l.contains("error[negation]") && l.ends_with("(baselined)")), "{short}");
    let sarif: Value = serde_json::from_str(&stdout(&run(
        &dir,
        &["check", "--baseline", "claimlint-baseline.json", "--show-baselined", "--format", "sarif"],
    )))
    .expect("SARIF");
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["baselineState"].as_str())
        .collect();
    assert!(states.contains(&"new") && states.contains(&"unchanged"), "{states:?}");
}

#[test]
fn a_bad_baseline_is_refused_with_its_place() {
    let dir = harbour("baseline-bad");
    write(&dir.join("b.json"), b"{\"version\": 1,\n  \"findings\": [{\"fingerprint\": 12}]}\n");
    let out = run(&dir, &["check", "--baseline", "b.json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with("claimlint: b.json: line 2, column"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let out = run(&dir, &["check", "--baseline", "missing.json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot read the baseline `missing.json`"), "{}", stderr(&out));
}

#[test]
fn no_baseline_is_written_from_a_corpus_that_cannot_be_read() {
    let dir = harbour("baseline-broken-corpus");
    write(&dir.join("claims/broken.toml"), b"[report\n");
    let out = run(&dir, &["check", "--write-baseline", "b.json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no baseline written"), "{}", stderr(&out));
    assert!(!dir.join("b.json").exists());
}

// -- output file, statistics, quiet -----------------------------------------------------------

#[test]
fn output_file_is_written_whole_and_stdout_stays_empty() {
    let dir = harbour("output-file");
    let out = run(&dir, &["check", "--format", "sarif", "--output-file", "out.sarif"]);
    assert_eq!(code(&out), 1, "the exit code is the check's");
    assert_eq!(stdout(&out), "");
    let expected = stdout(&run(&dir, &["check", "--format", "sarif"]));
    assert_eq!(std::fs::read_to_string(dir.join("out.sarif")).expect("written"), expected);
    // Nothing is left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("listed")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains("out.sarif"))
        .collect();
    assert_eq!(names, ["out.sarif"]);
}

#[test]
fn an_output_file_that_cannot_be_written_fails_without_leaving_anything() {
    let dir = harbour("output-file-bad");
    let out = run(&dir, &["check", "--output-file", "no-such-dir/out.json", "--format", "json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot write `no-such-dir/out.json`"), "{}", stderr(&out));
    assert!(!dir.join("no-such-dir").exists());
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = fixture("harbour");
    let out = run(&dir, &["check", "--statistics"]);
    assert_eq!(code(&out), 1, "the exit code is the check's");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines.iter().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["1", "error", "negation", "(negation)"]));
    assert_eq!(lines[3], "3 findings from 3 rules");
    let quiet = stdout(&run(&dir, &["check", "--statistics", "-q"]));
    assert_eq!(quiet.lines().count(), 3, "{quiet}");
    let j: Value =
        serde_json::from_str(&stdout(&run(&dir, &["check", "--statistics", "--format", "json"]))).expect("JSON");
    let total: u64 = j["statistics"].as_array().expect("rows").iter().filter_map(|r| r["count"].as_u64()).sum();
    assert_eq!(total, 3, "{j}");
}

#[test]
fn quiet_prints_the_findings_and_nothing_else() {
    let dir = fixture("harbour");
    let loud = stdout(&run(&dir, &["check"]));
    let quiet = stdout(&run(&dir, &["check", "--quiet"]));
    assert!(loud.ends_with("3 findings\n") || loud.contains("checked 2 reports"), "{loud}");
    let summary = loud.lines().last().expect("a summary line");
    assert!(summary.starts_with("checked "), "{summary}");
    assert_eq!(format!("{quiet}{summary}\n"), loud);
}

// -- formats against their schemas ------------------------------------------------------------

#[test]
fn gitlab_validates_against_the_documented_format() {
    for dir in [repo(), fixture("harbour")] {
        let doc = format_json(&dir, "gitlab");
        assert_valid(GITLAB_SCHEMA, &doc, "gitlab");
        let issues = doc.as_array().expect("issues");
        assert!(!issues.is_empty());
        let mut fingerprints: Vec<&str> = issues.iter().filter_map(|i| i["fingerprint"].as_str()).collect();
        fingerprints.sort_unstable();
        fingerprints.dedup();
        assert_eq!(fingerprints.len(), issues.len(), "GitLab needs a fingerprint per issue");
    }
    // So that validating means something.
    let mut bad = format_json(&fixture("harbour"), "gitlab");
    bad[0]["severity"] = Value::from("error");
    assert!(!validator(GITLAB_SCHEMA).is_valid(&bad));
}

#[test]
fn rdjson_validates_against_reviewdogs_schema() {
    for dir in [repo(), fixture("harbour")] {
        let doc = format_json(&dir, "rdjson");
        assert_valid(RDJSON_SCHEMA, &doc, "rdjson");
        assert!(!doc["diagnostics"].as_array().expect("diagnostics").is_empty());
    }
    let doc = format_json(&fixture("harbour"), "rdjson");
    let negation =
        doc["diagnostics"].as_array().expect("diagnostics").iter().find(|d| d["code"]["value"] == "negation");
    let negation = negation.expect("the negation");
    assert_eq!(negation["severity"], "ERROR");
    assert_eq!(negation["related_locations"].as_array().map(Vec::len), Some(1));
    let mut bad = doc.clone();
    bad["diagnostics"][0]["severity"] = Value::from("FATAL");
    assert!(!validator(RDJSON_SCHEMA).is_valid(&bad));
}

/// Runs `xmllint --schema` on `xml`; `None` when xmllint is not installed.
fn xmllint(xml: &str, name: &str) -> Option<(bool, String)> {
    let dir = scratch(name);
    let file = dir.join("out.xml");
    write(&file, xml.as_bytes());
    let schema = repo().join("tests/schemas/JUnit.xsd");
    let out =
        std::process::Command::new("xmllint").args(["--noout", "--schema"]).arg(&schema).arg(&file).output().ok()?;
    Some((out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned()))
}

#[test]
fn junit_validates_against_the_junit_schema() {
    let dir = fixture("harbour");
    let out = run(&dir, &["check", "--format", "junit"]);
    assert_eq!(code(&out), 1);
    let xml = stdout(&out);
    // One failing test for the error, at or above the default fail-on; the rest pass.
    assert_eq!(xml.matches("<failure ").count(), 1, "{xml}");
    assert!(xml.contains("<testsuite package=\"claimlint\" id=\"0\" name=\"certainty\""), "{xml}");
    let never = stdout(&run(&dir, &["check", "--format", "junit", "--fail-on", "note"]));
    assert_eq!(never.matches("<failure ").count(), 3, "{never}");
    let allowed_dir = harbour("junit-allowed");
    write(
        &allowed_dir.join("claimlint.toml"),
        b"[[allow]]\nrule = \"negation\"\nclaims = [\"morning-wire#agreed\"]\nreason = \"said <so> & so\"\n",
    );
    let allowed = stdout(&run(&allowed_dir, &["check", "--format", "junit"]));
    assert!(allowed.contains("<skipped message=\"allowed: said &lt;so&gt; &amp; so\"/>"), "{allowed}");
    for (name, xml) in [("junit-xsd", &xml), ("junit-xsd-allowed", &allowed)] {
        match xmllint(xml, name) {
            None => {
                skip_without("xmllint (Debian's libxml2-utils)");
                return;
            }
            Some((valid, errors)) => assert!(valid, "JUnit output does not validate:\n{errors}\n{xml}"),
        }
    }
    // So that validating means something: a testcase without its required `time`.
    let broken = xml.replacen(" time=\"0\"/>", "/>", 1);
    let (valid, _) = xmllint(&broken, "junit-xsd-broken").expect("xmllint ran above");
    assert!(!valid, "the schema rejects a testcase without time");
}

// -- SARIF as the reference validator sees it ------------------------------------------------

/// The SARIF Multitool: `SARIF_MULTITOOL` if set, else one npm installed under `.ci/tools` (as
/// `.ci/run` does), else `Sarif.Multitool` on the PATH.
fn multitool() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SARIF_MULTITOOL") {
        return Some(PathBuf::from(path));
    }
    let local = repo().join(".ci/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    if local.is_file() {
        return Some(local);
    }
    let on_path = std::process::Command::new("Sarif.Multitool").arg("--version").output().ok()?;
    on_path.status.success().then(|| PathBuf::from("Sarif.Multitool"))
}

#[test]
fn sarif_passes_the_sarif_multitool_without_errors_or_warnings() {
    let Some(tool) = multitool() else {
        skip_without("the SARIF Multitool (npm @microsoft/sarif-multitool-linux)");
        return;
    };
    let scratch_dir = scratch("sarif-multitool");
    let allowed = harbour("sarif-multitool-allowed");
    write(
        &allowed.join("claimlint.toml"),
        b"[[allow]]\nrule = \"negation\"\nclaims = [\"morning-wire#agreed\"]\nreason = \"reported as said\"\n",
    );
    for (name, dir) in [("example", repo()), ("harbour", fixture("harbour")), ("allowed", allowed)] {
        let out = run(&dir, &["check", "--format", "sarif"]);
        let file = scratch_dir.join(format!("{name}.sarif"));
        write(&file, &out.stdout);
        let report = std::process::Command::new(&tool)
            .args(["validate", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note"])
            .arg(&file)
            .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
            .output()
            .expect("the SARIF Multitool runs");
        let text = String::from_utf8_lossy(&report.stdout).into_owned() + &String::from_utf8_lossy(&report.stderr);
        let problems: Vec<&str> = text.lines().filter(|l| l.contains(": error ") || l.contains(": warning ")).collect();
        assert!(problems.is_empty(), "{name}: the SARIF Multitool reports:\n{}", problems.join("\n"));
        assert!(report.status.success() && text.contains("Analysis completed successfully"), "{name}:\n{text}");
    }
}

// -- completions and the man page -------------------------------------------------------------

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let dir = repo();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef claimlint"),
        ("fish", "complete -c claimlint"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = run(&dir, &["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("write-baseline"), "{shell} completes the options");
        if shell != "powershell" {
            assert!(script.contains("rdjson"), "{shell} completes the formats");
        }
    }
    let out = run(&dir, &["completions", "tcsh"]);
    assert_eq!(code(&out), 2, "an unknown shell is a usage error");
    let out = run(&dir, &["man"]);
    assert_eq!(code(&out), 0);
    let page = stdout(&out);
    assert!(page.contains(".TH claimlint 1"), "{page}");
    assert!(page.contains("check") && page.contains("explain"), "the subcommands are listed");
}

// -- checking an entity file ------------------------------------------------------------------

#[test]
fn checking_the_entity_file_reports_what_concerns_its_entities() {
    let out = run(&repo(), &["check", "claims/entities.toml", "--format", "json", "--fail-on", "never"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let whole = json(&repo(), &["--fail-on", "never"]);
    // Every entity of the example corpus is declared there: every finding concerns one.
    assert_eq!(j["findings"].as_array().map(Vec::len), whole["findings"].as_array().map(Vec::len));
    assert_eq!(j["summary"]["reports"], whole["summary"]["reports"], "{}", j["summary"]);
    assert!(j["summary"]["claims"].as_u64().unwrap_or_default() > 0);

    // In the harbour corpus, an entity file declaring only the city council concerns the
    // guarantor question and not the status negation.
    let dir = harbour("entity-file");
    let entities = std::fs::read_to_string(dir.join("claims/entities.toml")).expect("entities");
    let (rest, council) = entities.split_once("[[entity]]\nid = \"city-council\"").expect("the council");
    write(&dir.join("claims/entities.toml"), rest.as_bytes());
    write(&dir.join("claims/council.toml"), format!("[[entity]]\nid = \"city-council\"{council}").as_bytes());
    let out = run(&dir, &["check", "claims/council.toml", "--format", "short"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "the negation is not the council's: {text}{}", stderr(&out));
    assert!(text.contains("[unresolved]") && !text.contains("[negation]"), "{text}");
    let human = stdout(&run(&dir, &["check", "claims/council.toml"]));
    assert!(human.contains("checked 2 of 2 reports, 2 claims"), "{human}");
}
