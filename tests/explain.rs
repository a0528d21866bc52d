//! `claimlint explain` and `claimlint rules` as a user runs them, and the README's rule table,
//! which must stay the text the kinds' documentation generates. Their exact output for an unknown
//! name and the standard packs' listing are case files: tests/cmd/explain-*.toml, rules.toml.

use claimlint::explain;
use claimlint::model::RuleKind;
use claimlint::packs::{self, PackSettings};
use std::path::PathBuf;
use std::process::Command;

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

fn claimlint(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlint")).args(args).output().expect("claimlint runs");
    Output {
        code: out.status.code().expect("an exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

fn standard() -> claimlint::model::Corpus {
    let (packs, problems) = packs::load(&PackSettings {
        dirs: Vec::new(),
        default_rules: true,
        max_file_size: claimlint::load::DEFAULT_MAX_FILE_SIZE,
    });
    assert!(problems.is_empty(), "{problems:?}");
    packs
}

/// A fresh directory under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("claimlint-explain-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

#[test]
fn every_kind_rule_code_and_predicate_is_explained() {
    let packs = standard();
    let mut names: Vec<String> = RuleKind::ALL.iter().map(|k| k.as_str().to_string()).collect();
    names.extend(explain::CODES.iter().map(|d| d.name.to_string()));
    names.extend(packs.rules.iter().map(|r| r.id.clone()));
    names.extend(packs.predicates.iter().map(|p| p.name.clone()));
    for name in names {
        let out = claimlint(&["explain", &name]);
        assert_eq!(out.code, 0, "explain {name}: {}", out.stderr);
        assert!(out.stdout.contains(&name), "explain {name}:\n{}", out.stdout);
        assert!(out.stderr.is_empty(), "explain {name}: {}", out.stderr);
    }
}

#[test]
fn a_kind_is_explained_in_every_section() {
    for kind in ["regression", "numeric", "implies"] {
        let out = claimlint(&["explain", kind]);
        assert_eq!(out.code, 0);
        for section in ["## What it does", "## Why it matters", "## Example", "## How to fix or accept it"] {
            assert!(out.stdout.contains(section), "explain {kind} lacks {section}:\n{}", out.stdout);
        }
    }
    let out = claimlint(&["explain", "quote-not-found"]);
    assert!(out.stdout.starts_with("# quote-not-found\n"), "{}", out.stdout);
}

#[test]
fn a_rule_is_explained_with_its_settings_and_its_kind() {
    let out = claimlint(&["explain", "killed-means-occurred"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("# rule `killed-means-occurred` (pack `inference`)"), "{}", out.stdout);
    assert!(out.stdout.contains("killed (any value) ⇒ occurred"), "{}", out.stdout);
    assert!(out.stdout.contains("\n# implies\n"), "{}", out.stdout);
}

#[test]
fn rules_lists_the_loaded_predicates_and_rules() {
    let out = claimlint(&["rules"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let packs = standard();
    for p in &packs.predicates {
        assert!(out.stdout.lines().any(|l| l.starts_with(&format!("  {} ", p.name))), "{}: {}", p.name, out.stdout);
    }
    for r in &packs.rules {
        assert!(out.stdout.lines().any(|l| l.starts_with(&format!("  {} ", r.id))), "{}: {}", r.id, out.stdout);
    }
}

#[test]
fn rules_and_explain_read_a_corpus_pack() {
    let dir = scratch("pack");
    std::fs::write(
        dir.join("local.toml"),
        r#"
[[predicate]]
name = "yield"
description = "the explosive charge of a device, in kilograms"
type = "number"
stable = true
tolerance = 0.1

[[rule]]
id = "yield-numeric"
kind = "numeric"
predicates = ["yield"]
severity = "warning"
"#,
    )
    .expect("write");
    let dir_s = dir.to_string_lossy().to_string();
    let out = claimlint(&["rules", "--rules", &dir_s]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rule = out.stdout.lines().find(|l| l.starts_with("  yield-numeric ")).expect("the pack's rule");
    assert!(rule.contains("warning") && rule.contains("local") && rule.ends_with("yield"), "{rule}");
    let out = claimlint(&["explain", "yield", "--rules", &dir_s]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("over time:   stable; tolerance 0.1"), "{}", out.stdout);
    // Without the standard packs, only the corpus's own are listed.
    let out = claimlint(&["rules", "--no-default-rules", "--rules", &dir_s]);
    assert!(!out.stdout.contains("killed"), "{}", out.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_pack_is_reported_and_exits_2() {
    let dir = scratch("broken");
    std::fs::write(dir.join("bad.toml"), "[[rule]]\nid = \"x\"\nkind = \"regresion\"\n").expect("write");
    let out = claimlint(&["rules", "--rules", &dir.to_string_lossy()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bad.toml:3:8: error[invalid-value]: unknown rule kind `regresion`"), "{}", out.stderr);
    assert!(out.stdout.contains("  conflict "), "what could be read is still listed: {}", out.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

#[test]
fn the_readme_table_of_kinds_is_generated_from_their_docs() {
    let readme = readme();
    let begin = readme.find("<!-- kinds:begin").expect("kinds:begin marker");
    let begin = begin + readme[begin..].find('\n').expect("end of marker line") + 1;
    let end = readme.find("<!-- kinds:end -->").expect("kinds:end marker");
    let expected = explain::readme_table();
    assert_eq!(&readme[begin..end], expected, "replace the README's table with:\n{expected}");
    for k in RuleKind::ALL {
        assert!(readme.contains(explain::kind_doc(k).summary), "{k}");
    }
}

#[test]
fn the_readme_names_every_built_in_code_and_command() {
    let readme = readme();
    for d in explain::CODES {
        assert!(readme.contains(&format!("`{}`", d.name)), "README does not name `{}`", d.name);
    }
    for command in ["claimlint explain", "claimlint rules"] {
        assert!(readme.contains(command), "README does not document {command}");
    }
}
