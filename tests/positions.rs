//! Lines and columns are those an editor shows, whatever the report text's line endings or byte
//! order mark (issue: hostile input, item 7): CRLF and CR-only texts, and a UTF-8 BOM.

mod common;

use common::*;
use std::path::Path;

/// A corpus of a report whose text is `text` and whose claim, quoting `quote`, denies what a
/// second, plain report asserts: the negation finding shows the quote's place.
fn corpus(dir: &Path, text: &[u8], quote: &str) {
    write(&dir.join("claims/reports/a.txt"), text);
    write(&dir.join("claims/reports/b.txt"), b"The deal was agreed.\n");
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n");
    let a = format!(
        "[report]\nid = \"a\"\ntitle = \"A\"\noutlet = \"A\"\npublished = 2016-12-13\ntext = \"reports/a.txt\"\n\n\
         [[claim]]\nid = \"no\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nnegated = true\n\
         quote = {quote:?}\n"
    );
    write(&dir.join("claims/a.toml"), a.as_bytes());
    write(
        &dir.join("claims/b.toml"),
        b"[report]\nid = \"b\"\ntitle = \"B\"\noutlet = \"B\"\npublished = 2016-12-13\ntext = \"reports/b.txt\"\n\n\
          [[claim]]\nid = \"yes\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nquote = \"The deal was agreed\"\n",
    );
}

/// The location of claim `a#no` in the JSON output: (line, column, end_line, end_column).
fn place(dir: &Path) -> (u64, u64, u64, u64) {
    let out = run(dir, &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let locations = json["findings"][0]["locations"].as_array().expect("a finding with locations");
    let l = locations.iter().find(|l| l["claim"] == "a#no").expect("the claim's location");
    let n = |k: &str| l[k].as_u64().expect("a number");
    (n("line"), n("column"), n("end_line"), n("end_column"))
}

fn human(dir: &Path) -> String {
    stdout(&run(dir, &["check", ".", "--format", "human"]))
}

#[test]
fn a_quote_across_crlf_lines_is_on_the_lines_an_editor_shows() {
    let dir = scratch("positions-crlf");
    corpus(
        &dir,
        b"Talks went on.\r\nBut no agreement\r\nhas yet been reached.\r\n",
        "no agreement has yet been reached",
    );
    assert_eq!(place(&dir), (2, 5, 3, 21));
    let out = human(&dir);
    assert!(out.contains(" 2 │ ╭─▶ But no agreement\n 3 │ ├─▶ has yet been reached."), "{out}");
    assert!(!out.contains('\r') && !out.contains("\\u{d}"), "{out}");
}

#[test]
fn cr_only_line_endings_count_as_lines() {
    let dir = scratch("positions-cr");
    corpus(&dir, b"Talks went on.\rBut no agreement has yet been reached.\r", "no agreement has yet been reached");
    assert_eq!(place(&dir), (2, 5, 2, 38));
    let out = human(&dir);
    assert!(out.contains("[claims/reports/a.txt:2:5]"), "{out}");
    assert!(out.contains(" 2 │ But no agreement has yet been reached."), "{out}");
    assert!(!out.contains('\r') && !out.contains(" 0 │"), "{out}");
}

#[test]
fn a_byte_order_mark_is_no_column() {
    let dir = scratch("positions-bom");
    corpus(&dir, "\u{feff}No agreement has yet been reached.\n".as_bytes(), "No agreement has yet been reached");
    assert_eq!(place(&dir), (1, 1, 1, 34));
    let out = human(&dir);
    assert!(out.contains("[claims/reports/a.txt:1:1]"), "{out}");
    assert!(out.contains(" 1 │ No agreement"), "{out}");
}
