//! Hostile input loses nothing that can be read (issue: hostile input): a line of a JSON Lines
//! file that is not UTF-8 takes only itself out, not the file.

mod common;

use common::*;

#[test]
fn a_json_lines_line_that_is_not_utf8_is_left_out_alone() {
    let dir = scratch("jsonl-not-utf8");
    write(&dir.join("claims/reports/t.txt"), b"The deal was agreed. No deal yet.\n");
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n");
    let line = |report: &str, title: &[u8], negated: bool, quote: &str| -> Vec<u8> {
        let mut l = format!(r#"{{"report":{{"id":"{report}","title":""#).into_bytes();
        l.extend_from_slice(title);
        l.extend_from_slice(
            format!(
                r#"","outlet":"{report}","published":"2016-12-13","text":"reports/t.txt"}},"claim":[{{"id":"c","subject":"deal","predicate":"status","value":"agreed","negated":{negated},"quote":"{quote}"}}]}}"#
            )
            .as_bytes(),
        );
        l.push(b'\n');
        l
    };
    let mut file = line("a", b"Latin-1 \xe9t\xe9", false, "The deal was agreed");
    file.extend(line("b", b"fine", true, "No deal yet"));
    file.extend(line("c", b"fine", false, "The deal was agreed"));
    write(&dir.join("claims/log.jsonl"), &file);
    let out = run(&dir, &["check", ".", "--format", "short"]);
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    assert!(
        text.contains("claims/log.jsonl:1:38: error[unreadable-file]: line 1 of `claims/log.jsonl` is not UTF-8 text: invalid byte at offset 37; the line was left out"),
        "{text}"
    );
    assert!(text.contains("error[negation]"), "lines 2 and 3 are still read and checked: {text}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&dir, &["check", ".", "--format", "json"]))).unwrap();
    assert_eq!(json["summary"]["reports"], 2, "{json:#}");
}
