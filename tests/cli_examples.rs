//! The examples under `examples/` work as the README says, and the README shows them as they are.

mod common;

use common::*;
use std::process::Command;

#[test]
fn the_example_config_applies_to_the_example_corpus() {
    let out = run(&repo(), &["check", "--config", "examples/claimlint.toml", "--format", "short"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "the Aleppo contradiction still fails the run: {text}");
    assert!(text.contains("error[negation]"), "{text}");
    assert!(text.contains("note[unresolved]"), "[severity] unresolved = note: {text}");
    assert!(!text.contains("[corroboration]"), "[severity] corroboration = off: {text}");
    assert!(!text.contains("[certainty]"), "the allow accepts the certainty warning: {text}");
    assert!(!text.contains("unused-allow"), "{text}");
}

/// Runs examples/ci.sh in `dir` with the built claimlint first on PATH.
fn ci_sh(dir: &std::path::Path) -> std::process::Output {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_claimlint")).parent().expect("bin dir").to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .expect("PATH joins");
    Command::new("sh")
        .arg(repo().join("examples/ci.sh"))
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs")
}

#[test]
fn the_shell_ci_example_gates_on_the_exit_status() {
    let dir = scratch("ci-sh");
    copy_tree(&fixture("harbour"), &dir);
    let out = ci_sh(&dir);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.starts_with("claims/reports/evening-post.txt:3:67: error[negation]"), "{text}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("claimlint.json")).expect("artefact written")).expect("JSON");
    assert_eq!(json["summary"]["errors"], 1);

    write(&dir.join("claimlint.toml"), b"fail-on = \"sometimes\"\n");
    let out = ci_sh(&dir);
    assert_eq!(code(&out), 2, "an unreadable config stops the step");
    assert!(stdout(&out).contains("error[invalid-value]: unknown `fail-on` level `sometimes`"), "{}", stdout(&out));
}

/// The first fenced block of `lang` after `heading` in the README.
fn readme_block(heading: &str, lang: &str) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let section = readme.split_once(heading).map(|(_, rest)| rest).unwrap_or_else(|| panic!("no {heading}"));
    let fence = format!("```{lang}\n");
    let start = section.find(&fence).unwrap_or_else(|| panic!("no {lang} block under {heading}")) + fence.len();
    let len = section[start..].find("```").expect("closed block");
    section[start..start + len].to_string()
}

#[test]
fn the_readme_shows_the_examples_as_they_are() {
    let file = |p: &str| std::fs::read_to_string(repo().join(p)).expect("example file");
    assert_eq!(readme_block("\n## CI\n", "yaml"), file("examples/github-actions.yml"));
    assert_eq!(readme_block("\n## CI\n", "sh"), file("examples/ci.sh"));
    assert_eq!(readme_block("\n### pre-commit\n", "yaml"), file("examples/pre-commit-config.yaml"));
    assert_eq!(readme_block("\n## Configuration\n", "toml"), file("examples/claimlint.toml"));
}
