//! Report and claim ids are plain names (issue: hostile input, item 8; DESIGN §3 v2): report
//! `a#b` with claim `c1` and report `a` with claim `b#c1` were both `a#b#c1`, with no diagnostic.

mod common;

use common::*;

fn report(dir: &std::path::Path, file: &str, id: Option<&str>, claim: &str) {
    let id_line = id.map_or(String::new(), |id| format!("id = {id:?}\n"));
    let toml = format!(
        "[report]\n{id_line}title = \"t\"\noutlet = \"O\"\npublished = 2016-12-13\ntext = \"reports/t.txt\"\n\n\
         [[claim]]\nid = {claim:?}\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nquote = \"agreed\"\n"
    );
    write(&dir.join("claims").join(file), toml.as_bytes());
}

#[test]
fn ids_that_could_collide_are_invalid() {
    let dir = scratch("ids-collide");
    write(&dir.join("claims/reports/t.txt"), b"The deal was agreed.\n");
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n");
    report(&dir, "one.toml", Some("a#b"), "c1");
    report(&dir, "two.toml", Some("a"), "b#c1");
    report(&dir, "three.toml", Some("fine.id_2-x"), "ok.1");
    report(&dir, "my report.toml", None, "ok");
    let out = run(&dir, &["check", ".", "--format", "short"]);
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    assert!(text.contains("claims/one.toml:2:6: error[invalid-id]: report id `a#b` is not a plain name"), "{text}");
    assert!(text.contains("claims/two.toml:9:6: error[invalid-id]: claim id `b#c1` is not a plain name"), "{text}");
    assert!(text.contains("error[invalid-id]: report id `my report` is not a plain name"), "{text}");
    assert!(
        text.contains(
            "error[unchecked-claims]: the claim of report `a#b` is not checked: its report id is not a plain name"
        ),
        "{text}"
    );
    assert!(!text.contains("fine.id_2-x"), "a plain id is fine: {text}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&dir, &["check", ".", "--format", "json"]))).unwrap();
    assert_eq!(json["summary"]["claims"], 1, "the claim with a plain id, of a report with one, is checked: {json:#}");
    assert_eq!(json["summary"]["reports"], 2, "reports `a` and `fine.id_2-x`: {json:#}");
}
