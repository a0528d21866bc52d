//! The GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml): the action's
//! shell steps run here with the environment variables GitHub Actions sets (`GITHUB_ACTION_PATH`,
//! `GITHUB_OUTPUT`, `GITHUB_PATH`, `RUNNER_TEMP`, `RUNNER_OS`…), and the examples use only the
//! inputs and hooks that exist.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn text(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The directory holding the built binary, first on PATH.
fn path_with(first: &Path) -> std::ffi::OsString {
    std::env::join_paths(
        std::iter::once(first.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .expect("PATH joins")
}

fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_claimlint")).parent().expect("bin dir").to_path_buf()
}

/// What the runner gives a step: its files for outputs and PATH additions, a temporary
/// directory, the action's checkout.
struct Runner {
    dir: PathBuf,
    temp: PathBuf,
    output: PathBuf,
    path_file: PathBuf,
}

impl Runner {
    fn new(name: &str) -> Runner {
        let dir = scratch(name);
        let temp = dir.join("runner-temp");
        std::fs::create_dir_all(&temp).expect("runner temp");
        Runner { output: dir.join("github-output"), path_file: dir.join("github-path"), temp, dir }
    }

    fn step(&self, script: &str, workspace: &Path, path: &std::ffi::OsStr, env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new("bash");
        cmd.arg(repo().join("action").join(script))
            .current_dir(workspace)
            .env_clear()
            .env("PATH", path)
            .env("HOME", &self.dir)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", repo())
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_OUTPUT", &self.output)
            .env("GITHUB_PATH", &self.path_file)
            .env("RUNNER_TEMP", &self.temp)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("bash runs")
    }

    /// The step outputs written so far, `name=value` lines.
    fn outputs(&self) -> Vec<(String, String)> {
        std::fs::read_to_string(&self.output)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
            .collect()
    }

    fn output(&self, name: &str) -> Option<String> {
        self.outputs().into_iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

#[test]
fn the_action_runs_its_scripts_with_its_inputs() {
    let action = text("action.yml");
    assert!(action.contains("using: composite"), "a composite action");
    for script in ["key.sh", "install.sh", "check.sh"] {
        assert!(action.contains(&format!("run: '\"$GITHUB_ACTION_PATH/action/{script}\"'")), "{script}");
        assert!(repo().join("action").join(script).is_file());
    }
    for input in ["path", "format", "fail-on", "baseline", "sarif"] {
        assert!(action.contains(&format!("\n  {input}:\n")), "input {input}");
        assert!(action.contains(&format!("${{{{ inputs.{input} }}}}")), "input {input} is used");
    }
    assert!(action.contains("uses: actions/cache@v4") && action.contains("key: ${{ steps.key.outputs.key }}"));
    assert!(action.contains("uses: github/codeql-action/upload-sarif@v3"));
}

#[test]
fn the_cache_key_follows_the_version() {
    let runner = Runner::new("action-key");
    let out = runner.step("key.sh", &runner.dir, &path_with(&bin_dir()), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(runner.output("version").as_deref(), Some(version));
    let key = runner.output("key").expect("a key");
    assert!(key.starts_with(&format!("claimlint-Linux-X64-{version}-")), "{key}");
    assert_eq!(key.len(), format!("claimlint-Linux-X64-{version}-").len() + 16, "{key}");
}

#[test]
fn install_uses_the_cached_binary_or_builds_from_the_action_path() {
    let runner = Runner::new("action-install");
    let root = runner.temp.join("claimlint");
    // A cargo that records how it was called, standing in for a build of minutes.
    let fake = runner.dir.join("fake-bin");
    write(&fake.join("cargo"), b"#!/bin/sh\necho \"$@\" > \"$RUNNER_TEMP/cargo-args\"\n");
    make_executable(&fake.join("cargo"));
    let env = [("CLAIMLINT_ROOT", root.to_str().expect("UTF-8")), ("CLAIMLINT_VERSION", env!("CARGO_PKG_VERSION"))];

    // Nothing cached: cargo installs from the action's own checkout.
    let out = runner.step("install.sh", &runner.dir, &path_with(&fake), &env);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let args = std::fs::read_to_string(runner.temp.join("cargo-args")).expect("cargo ran");
    assert_eq!(args.trim(), format!("install --locked --path {} --root {}", repo().display(), root.display()));
    let added = std::fs::read_to_string(&runner.path_file).expect("GITHUB_PATH written");
    assert_eq!(added, format!("{}/bin\n", root.display()));

    // Cached at this version: no build.
    std::fs::remove_file(runner.temp.join("cargo-args")).expect("removed");
    std::fs::create_dir_all(root.join("bin")).expect("bin");
    std::fs::copy(env!("CARGO_BIN_EXE_claimlint"), root.join("bin/claimlint")).expect("copied");
    let out = runner.step("install.sh", &runner.dir, &path_with(&fake), &env);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("restored from the cache"));
    assert!(!runner.temp.join("cargo-args").exists(), "cargo did not run");

    // Cached at another version: built again.
    let other = [env[0], ("CLAIMLINT_VERSION", "99.0.0")];
    let out = runner.step("install.sh", &runner.dir, &path_with(&fake), &other);
    assert!(out.status.success());
    assert!(runner.temp.join("cargo-args").exists(), "cargo ran for the new version");
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn check_annotates_writes_sarif_and_gates() {
    let runner = Runner::new("action-check");
    let workspace = runner.dir.join("workspace");
    copy_tree(&fixture("harbour"), &workspace);
    let env = [
        ("CLAIMLINT_PATHS", "."),
        ("CLAIMLINT_FORMAT", "github"),
        ("CLAIMLINT_FAIL_ON", ""),
        ("CLAIMLINT_BASELINE", ""),
        ("CLAIMLINT_SARIF", "true"),
    ];
    let out = runner.step("check.sh", &workspace, &path_with(&bin_dir()), &env);
    let log = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "the negation fails the step: {log}");
    assert!(log.starts_with("::error file=claims/reports/evening-post.txt,"), "{log}");
    assert_eq!(runner.output("exit-code").as_deref(), Some("1"));
    let sarif = runner.output("sarif-file").expect("a SARIF file");
    let log: serde_json::Value = serde_json::from_slice(&std::fs::read(&sarif).expect("SARIF written")).expect("JSON");
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(3));

    // With a baseline of today's findings, the step passes.
    let runner = Runner::new("action-check-baseline");
    let out = run(&workspace, &["check", "--write-baseline", "claimlint-baseline.json"]);
    assert_eq!(code(&out), 0);
    let env = [
        ("CLAIMLINT_PATHS", "claims/evening-post.toml"),
        ("CLAIMLINT_FORMAT", "short"),
        ("CLAIMLINT_FAIL_ON", "note"),
        ("CLAIMLINT_BASELINE", "claimlint-baseline.json"),
        ("CLAIMLINT_SARIF", "false"),
    ];
    let out = runner.step("check.sh", &workspace, &path_with(&bin_dir()), &env);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(runner.output("exit-code").as_deref(), Some("0"));
    assert_eq!(runner.output("sarif-file"), None);

    // An unreadable baseline stops the step with exit code 2.
    let env = [("CLAIMLINT_BASELINE", "missing.json"), ("CLAIMLINT_SARIF", "true")];
    let out = runner.step("check.sh", &workspace, &path_with(&bin_dir()), &env);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(runner.output("exit-code").as_deref(), Some("2"));
}

#[test]
fn the_examples_use_the_action_and_the_hook_as_they_are() {
    let action = text("action.yml");
    let workflow = text("examples/github-actions.yml");
    let with = workflow.split_once("        with:\n").expect("the action's inputs").1;
    for line in with.lines().take_while(|l| l.starts_with("          ")) {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let input = line.split_once(':').expect("an input").0;
        assert!(action.contains(&format!("\n  {input}:\n")), "the example's input `{input}` is one of the action's");
    }
    let hooks = text(".pre-commit-hooks.yaml");
    assert!(hooks.contains("- id: claimlint\n") && hooks.contains("language: rust\n"));
    let config = text("examples/pre-commit-config.yaml");
    assert!(config.contains("- id: claimlint\n"));
}

#[test]
fn the_hook_checks_the_files_it_is_given() {
    // What pre-commit runs: the hook's entry with the staged files after it.
    let hooks = text(".pre-commit-hooks.yaml");
    let entry = hooks.lines().find_map(|l| l.trim().strip_prefix("entry: ")).expect("an entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("claimlint"));
    let args: Vec<&str> = words.chain(["claims/evening-post.toml", "claims/entities.toml"]).collect();
    let out = run(&fixture("harbour"), &args);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).contains("evening-post.txt:3:67: error[negation]"), "{}", stdout(&out));
}

#[test]
fn the_hook_manifest_passes_pre_commits_own_check() {
    let Ok(out) =
        Command::new("pre-commit").args(["validate-manifest", ".pre-commit-hooks.yaml"]).current_dir(repo()).output()
    else {
        eprintln!("SKIPPED: pre-commit is not installed; `pre-commit validate-manifest` did not run");
        return;
    };
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
