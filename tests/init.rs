//! `claimlint init`: the starting corpus checks clean, and a second init refuses, writing
//! nothing.

use std::process::Command;

fn claimlint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimlint")).args(args).output().expect("claimlint runs")
}

#[test]
fn the_scaffold_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let run = claimlint(&["init", root.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    for (path, contents) in claimlint::init::FILES {
        assert_eq!(std::fs::read_to_string(root.join(path)).unwrap(), *contents, "{path}");
    }
    assert!(root.join(".github/workflows/claimlint.yml").is_file());
    let check = claimlint(&["check", root.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&check.stderr));
    assert!(stdout.contains("1 report, 5 claims"), "{stdout}");
}

#[test]
fn a_second_init_refuses_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert_eq!(claimlint(&["init", root.to_str().unwrap()]).status.code(), Some(0));
    std::fs::write(root.join("claims/entities.toml"), "# edited\n").unwrap();
    let run = claimlint(&["init", root.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("claims/entities.toml` exists") && stderr.contains("never overwrites"), "{stderr}");
    assert_eq!(std::fs::read_to_string(root.join("claims/entities.toml")).unwrap(), "# edited\n");
}

#[test]
fn one_existing_file_stops_every_file_from_being_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("claimlint.toml"), "fail-on = \"never\"\n").unwrap();
    let run = claimlint(&["init", root.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(!root.join("claims").exists());
    assert_eq!(std::fs::read_to_string(root.join("claimlint.toml")).unwrap(), "fail-on = \"never\"\n");
}
