//! Figures are held exactly or refused (issue: hostile input, item 10; DESIGN §3 v2): an integer
//! beyond what a figure holds exactly was silently rounded (99999999999999999999999999 to 1e26,
//! 9007199254740993 to …992), 1.7e308 was printed as 309 digits, and a toll of 0.5 was accepted.

mod common;

use common::*;
use std::path::Path;

fn corpus(dir: &Path, values: &[&str]) {
    write(&dir.join("claims/reports/t.txt"), b"The toll rose.\n");
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"blast\"\nname = \"the blast\"\nkind = \"event\"\n");
    let mut toml = String::from(
        "[report]\nid = \"r\"\ntitle = \"t\"\noutlet = \"O\"\npublished = 2016-12-13\ntext = \"reports/t.txt\"\n",
    );
    for (i, v) in values.iter().enumerate() {
        toml.push_str(&format!(
            "\n[[claim]]\nid = \"c{i}\"\nsubject = \"blast\"\npredicate = \"killed\"\nvalue = {v}\nquote = \"The toll rose\"\n"
        ));
    }
    write(&dir.join("claims/r.toml"), toml.as_bytes());
}

fn short(dir: &Path) -> (i32, String) {
    let out = run(dir, &["check", ".", "--format", "short"]);
    (code(&out), stdout(&out))
}

#[test]
fn figures_that_cannot_be_held_exactly_are_refused_at_their_place() {
    let dir = scratch("numbers-refused");
    corpus(&dir, &["99999999999999999999999999", "9007199254740993", "0.5", "[0.5, 2]", "-3", "1e400"]);
    let (code, text) = short(&dir);
    assert_eq!(code, 2, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "one problem per claim:\n{text}");
    assert!(
        lines[0].starts_with("claims/r.toml:12:9: error[invalid-value]: this number cannot be held exactly"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("claims/r.toml:19:9: error[invalid-value]: this number cannot be held exactly"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("claims/r.toml:26:9: error[invalid-value]: `killed` counts people or things"),
        "{text}"
    );
    assert!(
        lines[3].starts_with("claims/r.toml:33:9: error[invalid-value]: `killed` counts people or things"),
        "{text}"
    );
    assert!(lines[4].starts_with("claims/r.toml:40:9: error[invalid-value]: figures cannot be negative"), "{text}");
    assert!(
        lines[5].starts_with("claims/r.toml:47:9: error[invalid-value]: this number cannot be held exactly"),
        "{text}"
    );
}

#[test]
fn figures_held_exactly_are_shown_as_written() {
    let dir = scratch("numbers-shown");
    corpus(&dir, &["9007199254740992", "1.7e308", "12"]);
    let (code, text) = short(&dir);
    // Tolls given on one day without times are a warning (DESIGN §4 v2); the run still reports it.
    assert_eq!(code, 0, "{text}");
    assert!(text.ends_with(": 12 vs 9007199254740992 vs 1.7e308\n"), "not 309 digits: {text}");
}

#[test]
fn json_lines_figures_follow_the_same_rules() {
    let dir = scratch("numbers-jsonl");
    write(&dir.join("claims/reports/t.txt"), b"The toll rose.\n");
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"blast\"\nname = \"the blast\"\nkind = \"event\"\n");
    let claim = |id: &str, v: &str| {
        format!(r#"{{"id":"{id}","subject":"blast","predicate":"killed","value":{v},"quote":"The toll rose"}}"#)
    };
    let line = format!(
        r#"{{"report":{{"id":"r","title":"t","outlet":"O","published":"2016-12-13","text":"reports/t.txt"}},"claim":[{},{},{}]}}"#,
        claim("big", "9007199254740993"),
        claim("half", "0.5"),
        claim("ok", "3")
    );
    write(&dir.join("claims/r.jsonl"), format!("{line}\n").as_bytes());
    let (code, text) = short(&dir);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("error[invalid-value]: this number cannot be held exactly"), "{text}");
    assert!(text.contains("error[invalid-value]: `killed` counts people or things"), "{text}");
}
