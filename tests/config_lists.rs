//! `claims` and `rules` in claimlint.toml (issue: hostile input, item 9; DESIGN §5 v2): arrays
//! only, a directory named twice read once, and an empty `claims` an error rather than a pass.

mod common;

use common::*;
use std::path::PathBuf;

/// A copy of the example corpus with `config` as its claimlint.toml.
fn example_with(name: &str, config: &str) -> PathBuf {
    let dir = scratch(name);
    copy_tree(&repo().join("claims"), &dir.join("claims"));
    write(&dir.join("claimlint.toml"), config.as_bytes());
    dir
}

fn json(dir: &std::path::Path) -> (i32, serde_json::Value) {
    let out = run(dir, &["check", ".", "--format", "json"]);
    (code(&out), serde_json::from_str(&stdout(&out)).expect("JSON output"))
}

#[test]
fn a_directory_named_twice_is_read_once() {
    let once = example_with("config-claims-once", "claims = [\"claims\"]\n");
    let twice = example_with("config-claims-twice", "claims = [\"claims\", \"./claims/\", \"claims/reports/..\"]\n");
    let (code_once, once) = json(&once);
    let (code_twice, twice) = json(&twice);
    assert_eq!(code_once, 1, "the example corpus has an error");
    assert_eq!(code_twice, code_once);
    assert!(twice == once, "reading `claims` three times changes nothing:\n{twice:#}");
    assert_eq!(twice["summary"]["reports"], 3);
    let nested = example_with("config-claims-nested", "claims = [\"claims\", \"claims/reports\"]\n");
    let (code_nested, nested) = json(&nested);
    assert_eq!(code_nested, code_once);
    assert!(nested == once, "a directory inside another named is read once too:\n{nested:#}");
}

#[test]
fn claims_as_a_string_is_a_type_error_at_its_value() {
    let dir = example_with("config-claims-string", "claims = \"claims\"\n");
    let out = run(&dir, &["check", ".", "--format", "short"]);
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    assert!(text.contains("claimlint.toml:1:10: error[wrong-type]: `claims` must be an array of paths"), "{text}");
    let out = run(&dir, &["check", ".", "--format", "human"]);
    assert!(stdout(&out).contains("write `claims = [\"claims\"]`"), "{}", stdout(&out));
    let rules = example_with("config-rules-string", "rules = \"claims\"\n");
    let text = stdout(&run(&rules, &["check", ".", "--format", "short"]));
    assert!(text.contains("error[wrong-type]: `rules` must be an array of paths"), "{text}");
}

#[test]
fn an_empty_claims_list_is_an_error_not_a_pass() {
    let dir = example_with("config-claims-empty", "claims = []\n");
    let out = run(&dir, &["check", ".", "--format", "short"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(stdout(&out).contains("claimlint.toml:1:10: error[invalid-value]: `claims` is empty"), "{}", stdout(&out));
    let rules = example_with("config-rules-empty", "rules = []\n");
    assert_eq!(code(&run(&rules, &["check", "."])), 1, "no extra rule packs is fine");
}
