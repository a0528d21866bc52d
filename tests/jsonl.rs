//! JSON Lines claim files through the command line: the same findings as TOML, and every broken
//! line reported with its code and place while the good lines are still checked.

mod common;

use common::{code, run, scratch, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn corpus(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(name);
    for (path, text) in files {
        write(&dir.join(path), text.as_bytes());
    }
    dir
}

/// `claimlint check --format json` run in the corpus root: exit code and findings.
fn check(dir: &Path) -> (i32, Vec<Value>) {
    let out = run(dir, &["check", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    (code(&out), json["findings"].as_array().cloned().unwrap_or_default())
}

const ENTITIES: &str = r#"
[[entity]]
id = "deal"
name = "the deal"
kind = "agreement"
aliases = ["the accord"]
"#;

const TEXT_A: &str = "Officials said the deal was agreed on Tuesday.\n";
const TEXT_B: &str = "A senior official said no agreement has yet been reached.\n";

fn texts() -> [(&'static str, &'static str); 3] {
    [("claims/entities.toml", ENTITIES), ("claims/texts/a.txt", TEXT_A), ("claims/texts/b.txt", TEXT_B)]
}

#[test]
fn a_json_lines_corpus_checks_like_its_toml_twin() {
    let jsonl = concat!(
        r#"{"report":{"id":"a","title":"A","outlet":"Reuters","published":"2016-12-13","text":"texts/a.txt"},"#,
        r#""claim":[{"id":"agreed","subject":"the accord","predicate":"status","value":"agreed","quote":"the deal was agreed"}]}"#,
        "\n\n",
        r#"{"report":{"id":"b","title":"B","outlet":"AFP","published":"2016-12-13T09:45:00Z","text":"texts/b.txt"},"#,
        r#""claim":[{"id":"none","subject":"deal","predicate":"status","value":"agreed","negated":true,"#,
        r#""quote":"no agreement has yet been reached"}]}"#,
        "\n"
    );
    let toml_a = "[report]\nid = \"a\"\ntitle = \"A\"\noutlet = \"Reuters\"\npublished = 2016-12-13\ntext = \"texts/a.txt\"\n\n\
        [[claim]]\nid = \"agreed\"\nsubject = \"the accord\"\npredicate = \"status\"\nvalue = \"agreed\"\nquote = \"the deal was agreed\"\n";
    let toml_b = "[report]\nid = \"b\"\ntitle = \"B\"\noutlet = \"AFP\"\npublished = 2016-12-13T09:45:00Z\ntext = \"texts/b.txt\"\n\n\
        [[claim]]\nid = \"none\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nnegated = true\nquote = \"no agreement has yet been reached\"\n";
    let [e, a, b] = texts();
    let j = corpus("jsonl-twin-json", &[e, a, b, ("claims/reports.jsonl", jsonl)]);
    let t = corpus("jsonl-twin-toml", &[e, a, b, ("claims/a.toml", toml_a), ("claims/b.toml", toml_b)]);
    let (jcode, jfindings) = check(&j);
    let (tcode, tfindings) = check(&t);
    assert_eq!((jcode, tcode), (1, 1));
    assert_eq!(jfindings.len(), 1, "{jfindings:#?}");
    assert_eq!(jfindings[0]["rule"], "negation");
    assert_eq!(jfindings[0]["claims"], serde_json::json!(["a#agreed", "b#none"]));
    // Paths are shown relative to each corpus root, where claimlint runs.
    assert_eq!(jfindings, tfindings);
}

/// The finding with `code` whose primary location is on `line`: (column, label).
fn at(findings: &[Value], code: &str, line: u64) -> Option<(u64, String)> {
    findings.iter().find_map(|f| {
        let loc = &f["locations"][0];
        (f["rule"] == code && loc["line"] == line && loc["path"].as_str().is_some_and(|p| p.ends_with("reports.jsonl")))
            .then(|| (loc["column"].as_u64().unwrap_or(0), loc["label"].as_str().unwrap_or("").to_string()))
    })
}

#[test]
fn broken_lines_are_reported_at_their_place_and_good_lines_still_checked() {
    let lines = [
        // 1, 2: good, and contradicting each other.
        r#"{"report":{"id":"a","title":"A","outlet":"Reuters","published":"2016-12-13","text":"texts/a.txt"},"claim":[{"id":"agreed","subject":"deal","predicate":"status","value":"agreed","quote":"the deal was agreed"}]}"#,
        r#"{"report":{"id":"b","title":"B","outlet":"AFP","published":"2016-12-13","text":"texts/b.txt"},"claim":[{"id":"none","subject":"deal","predicate":"status","value":"agreed","negated":true,"quote":"no agreement has yet been reached"}]}"#,
        // 3: cut short.
        r#"{"report": {"id": "c", "title": "#,
        // 4: a misspelt key.
        r#"{"report":{"id":"d","title":"D","outlet":"X","published":"2016-12-13","text":"texts/a.txt"},"claim":[{"id":"x","subject":"deal","predicate":"status","value":"agreed","negatd":true,"quote":"the deal was agreed"}]}"#,
        // 5: no id.
        r#"{"report":{"title":"E","outlet":"X","published":"2016-12-13","text":"texts/a.txt"}}"#,
        // 6: a date as a number.
        r#"{"report":{"id":"f","title":"F","outlet":"X","published":20161213,"text":"texts/a.txt"}}"#,
        // 7: no such day.
        r#"{"report":{"id":"g","title":"G","outlet":"X","published":"2016-02-30","text":"texts/a.txt"}}"#,
        // 8: not an object.
        r#"["report"]"#,
        // 9: a repeated key.
        r#"{"report":{"id":"h","id":"i"}}"#,
    ];
    let jsonl = lines.join("\n") + "\n";
    let [e, a, b] = texts();
    let dir = corpus("jsonl-broken", &[e, a, b, ("claims/reports.jsonl", &jsonl)]);
    let (code, findings) = check(&dir);
    assert_eq!(code, 2, "{findings:#?}");

    let syntax = at(&findings, "json-syntax", 3).expect("line 3: json-syntax");
    assert_eq!(syntax.0, lines[2].len() as u64 + 1, "at the end of the line: {syntax:?}");
    let typo = at(&findings, "unknown-key", 4).expect("line 4: unknown-key");
    assert_eq!(typo.0, lines[3].find("\"negatd\"").map_or(0, |c| c as u64 + 1));
    assert!(typo.1.contains("negated"), "a did-you-mean: {typo:?}");
    assert!(at(&findings, "missing-key", 5).is_some(), "line 5: missing-key");
    let number = at(&findings, "wrong-type", 6).expect("line 6: wrong-type");
    assert_eq!(number.0, lines[5].find("20161213").map_or(0, |c| c as u64 + 1));
    assert!(at(&findings, "invalid-value", 7).is_some(), "line 7: invalid-value");
    assert_eq!(at(&findings, "wrong-type", 8).map(|w| w.0), Some(1), "line 8: wrong-type");
    assert!(at(&findings, "json-syntax", 9).is_some(), "line 9: json-syntax for the repeated key");

    // The good lines are still checked; the claim with the misspelt key is read without it.
    let negation = findings.iter().find(|f| f["rule"] == "negation").expect("the negation is still found");
    assert_eq!(negation["claims"], serde_json::json!(["a#agreed", "d#x", "b#none"]));
}
