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
        text.contains("claims/log.jsonl:1:38: error[unreadable-file]: this line is not UTF-8 text (invalid byte at offset 37); it was left out"),
        "{text}"
    );
    assert!(text.contains("error[negation]"), "lines 2 and 3 are still read and checked: {text}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&dir, &["check", ".", "--format", "json"]))).unwrap();
    assert_eq!(json["summary"]["reports"], 2, "{json:#}");
}

/// A claim file of `=` lines: 1.5 million diagnostics and 1.6 GB before the cap.
#[test]
fn a_file_yields_at_most_a_hundred_problems_of_one_code() {
    let dir = scratch("too-many-problems");
    write(&dir.join("claims/noise.toml"), "=\n".repeat(20_000).as_bytes());
    write(&dir.join("claims/tables.toml"), "[[claim]]\n=\n".repeat(150).as_bytes());
    write(&dir.join("claims/noise.jsonl"), "x\n".repeat(20_000).as_bytes());
    let out = run(&dir, &["check", ".", "--format", "json"]);
    assert_eq!(code(&out), 2);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    let count = |file: &str, rule: &str| {
        findings.iter().filter(|f| f["rule"] == rule && f["locations"][0]["path"] == file).count()
    };
    // One broken table: its first error, which counts the rest (they follow from it).
    assert_eq!(count("claims/noise.toml", "toml-syntax"), 1);
    assert_eq!(count("claims/tables.toml", "toml-syntax"), 100);
    assert_eq!(count("claims/noise.jsonl", "json-syntax"), 100);
    let notes: Vec<&str> =
        findings.iter().filter(|f| f["rule"] == "too-many-problems").map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes.contains(&"19900 more `json-syntax` problems in this file are not shown"), "{notes:?}");
    assert!(notes.contains(&"50 more `toml-syntax` problems in this file are not shown"), "{notes:?}");
    assert!(findings.iter().all(|f| f["rule"] != "too-many-problems" || f["severity"] == "note"));
}

/// One typo no longer swallows the rest of its file: a missing `]` gave 22 cascading errors and
/// lost every later claim; an unterminated `"""` was reported at the end of the file.
#[test]
fn a_broken_table_takes_out_only_itself() {
    let dir = scratch("toml-recovery");
    write(&dir.join("claims/reports/t.txt"), b"The deal was agreed. No deal yet. Talks go on.\n");
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n");
    let file = |id: &str, broken: &str| {
        format!(
            "[report]\nid = \"{id}\"\ntitle = \"t\"\noutlet = \"{id}\"\npublished = 2016-12-13\ntext = \"reports/t.txt\"\n\n\
             [[claim]]\nid = \"broken\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\n{broken}\n\
             quote = \"The deal was agreed\"\n\n\
             [[claim]]\nid = \"talks\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"negotiating\"\nquote = \"Talks go on\"\n\n\
             [[claim]]\nid = \"denied\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nnegated = true\nquote = \"No deal yet\"\n"
        )
    };
    write(&dir.join("claims/array.toml"), file("array", "note = [\"x\",").as_bytes());
    write(&dir.join("claims/string.toml"), file("string", "note = \"\"\"never closed").as_bytes());
    let out = run(&dir, &["check", ".", "--format", "short"]);
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    let syntax: Vec<&str> = text.lines().filter(|l| l.contains("[toml-syntax]")).collect();
    assert_eq!(syntax.len(), 2, "one error per broken table:\n{text}");
    assert!(syntax[0].starts_with("claims/array.toml:14:1: error[toml-syntax]"), "{text}");
    assert_eq!(
        syntax[1],
        "claims/string.toml:13:8: error[toml-syntax]: invalid TOML: this multi-line string (\"\"\") is never closed"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&dir, &["check", ".", "--format", "json"]))).unwrap();
    assert_eq!(json["summary"]["claims"], 4, "the two claims after each broken one are read and checked");
}

/// `text = ""` said "`claims` is a directory"; `title = 5` dropped every claim of its report.
#[test]
fn an_empty_text_is_named_and_a_mistyped_title_drops_no_claim() {
    let dir = scratch("report-fields");
    write(&dir.join("claims/reports/t.txt"), b"The deal was agreed. No deal yet.\n");
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n");
    let report = |id: &str, title: &str, text: &str, negated: bool, quote: &str| {
        format!(
            "[report]\nid = \"{id}\"\ntitle = {title}\noutlet = \"{id}\"\npublished = 2016-12-13\ntext = \"{text}\"\n\n\
             [[claim]]\nid = \"c\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nnegated = {negated}\nquote = \"{quote}\"\n"
        )
    };
    write(&dir.join("claims/a.toml"), report("a", "5", "reports/t.txt", false, "The deal was agreed").as_bytes());
    write(&dir.join("claims/b.toml"), report("b", "\"B\"", "reports/t.txt", true, "No deal yet").as_bytes());
    write(&dir.join("claims/c.toml"), report("c", "\"C\"", "", true, "No deal yet").as_bytes());
    let out = run(&dir, &["check", ".", "--format", "short"]);
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    assert!(text.contains("claims/a.toml:3:9: error[wrong-type]: `title` of a report must be a string"), "{text}");
    assert!(text.contains("error[negation]"), "the claim of the report with a mistyped title is checked: {text}");
    assert!(text.contains("claims/c.toml:6:8: error[invalid-value]: `text` is empty"), "{text}");
    assert!(!text.contains("is a directory"), "{text}");
}

/// Big garbage costs what its tokens cost, not what its errors would (issue 12): and still every
/// valid claim around it is read, each broken table is reported where it breaks with the exact
/// count of the errors after it, and a million-fold `[report]` gives its first hundred places and
/// the right count of the rest.
#[test]
fn big_garbage_keeps_its_places_its_counts_and_the_claims_around_it() {
    let dir = scratch("big-garbage");
    write(&dir.join("claims/reports/t.txt"), b"The deal was agreed. No deal yet.\n");
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n");
    let claim = |id: &str, negated: bool, quote: &str| {
        format!("[[claim]]\nid = \"{id}\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nnegated = {negated}\nquote = \"{quote}\"\n")
    };
    let head = "[report]\noutlet = \"A\"\npublished = 2016-12-13\ntext = \"reports/t.txt\"\n";
    let lines = 200_000;
    let file = format!(
        "{head}{}[[claim]]\nid = \"c2\"\n{}{}",
        claim("c1", false, "The deal was agreed"),
        "=\n".repeat(lines),
        claim("c3", true, "No deal yet")
    );
    let first_eq = file[..file.find("\n=\n").unwrap()].lines().count() + 1;
    write(&dir.join("claims/garbage.toml"), file.as_bytes());
    write(&dir.join("claims/reports.toml"), "[report]\n".repeat(150_000).as_bytes());
    let out = run(&dir, &["check", ".", "--format", "json"]);
    assert_eq!(code(&out), 2);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    let of = |file: &str, rule: &str| -> Vec<&serde_json::Value> {
        findings.iter().filter(|f| f["rule"] == rule && f["locations"][0]["path"] == file).collect()
    };
    let syntax = of("claims/garbage.toml", "toml-syntax");
    assert_eq!(syntax.len(), 1, "{syntax:#?}");
    assert_eq!(
        (&syntax[0]["locations"][0]["line"], &syntax[0]["locations"][0]["column"]),
        (&first_eq.into(), &1.into())
    );
    let help = syntax[0]["help"].as_str().unwrap_or_default();
    assert!(help.contains(&format!("({} more errors in this table", 2 * lines - 1)), "{help}");
    let negation: Vec<_> = findings.iter().filter(|f| f["kind"] == "negation").collect();
    assert_eq!(negation.len(), 1, "c1 and c3, on either side of the garbage, are checked: {json:#}");
    assert_eq!(negation[0]["claims"], serde_json::json!(["garbage#c1", "garbage#c3"]));

    let duplicates = of("claims/reports.toml", "toml-syntax");
    assert_eq!(duplicates.len(), 100);
    for (i, f) in duplicates.iter().enumerate() {
        assert_eq!(f["message"], "invalid TOML: duplicate key `report`, first defined on line 1");
        assert_eq!((&f["locations"][0]["line"], &f["locations"][0]["column"]), (&(i + 2).into(), &2.into()));
    }
    let notes: Vec<&str> =
        findings.iter().filter(|f| f["rule"] == "too-many-problems").filter_map(|f| f["message"].as_str()).collect();
    assert_eq!(notes, ["149899 more `toml-syntax` problems in this file are not shown"]);
}

/// Problems beyond the cap are counted as they are found, not kept until the file is read (a
/// file of a million empty `[[claim]]` tables made four million findings first): the count in
/// the note stays that of every problem.
#[test]
fn problems_beyond_the_cap_are_counted_not_kept() {
    let dir = scratch("empty-claims");
    write(&dir.join("claims/empty.toml"), "[[claim]]\n".repeat(1000).as_bytes());
    let out = run(&dir, &["check", ".", "--format", "json"]);
    assert_eq!(code(&out), 2);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    let missing: Vec<_> = findings.iter().filter(|f| f["rule"] == "missing-key").collect();
    assert_eq!(missing.len(), 100);
    // Four required keys of each claim, and the file's `[report]`.
    let notes: Vec<&str> =
        findings.iter().filter(|f| f["rule"] == "too-many-problems").filter_map(|f| f["message"].as_str()).collect();
    assert_eq!(notes, ["3901 more `missing-key` problems in this file are not shown"]);
}

/// Issue 12, item 7: `subject = = "deal"` is one syntax error at the second `=`, not also a
/// `wrong-type … found an integer` at 1:1 for the value the parser made up.
#[test]
fn a_doubled_equals_sign_is_one_error_at_its_place() {
    let dir = scratch("doubled-equals");
    write(&dir.join("claims/reports/t.txt"), b"The deal was agreed.\n");
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n");
    let file = "[report]\ntitle = \"T\"\noutlet = \"A\"\npublished = 2016-12-13\ntext = \"reports/t.txt\"\n\n[[claim]]\nid = \"c\"\n\
                subject = = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nquote = \"The deal was agreed\"\n";
    write(&dir.join("claims/a.toml"), file.as_bytes());
    let out = run(&dir, &["check", ".", "--format", "short"]);
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    let errors: Vec<&str> = text.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(errors.len(), 1, "{text}");
    assert!(errors[0].starts_with("claims/a.toml:9:11: error[toml-syntax]: invalid TOML: extra `=`"), "{text}");
}

/// A rule pack is recovered table by table as a claim file is: garbage in one `[[rule]]` is one
/// error at its place, counted, and the rules around it are still loaded.
#[test]
fn a_garbage_rule_in_a_pack_takes_out_only_itself() {
    let dir = scratch("pack-garbage");
    let pack = format!(
        "[[rule]]\nid = \"first-rule\"\nkind = \"negation\"\npredicates = [\"status\"]\n\n[[rule]]\nid = \"broken\"\n{}\n\
         [[rule]]\nid = \"last-rule\"\nkind = \"conflict\"\npredicates = [\"status\"]\n",
        "=\n".repeat(100_000)
    );
    write(&dir.join("packs/p.toml"), pack.as_bytes());
    let out = run(&dir, &["rules", "--rules", "packs"]);
    assert_eq!(code(&out), 2);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    let syntax: Vec<&str> = text.lines().filter(|l| l.contains("toml-syntax")).collect();
    assert_eq!(syntax, ["packs/p.toml:8:1: error[toml-syntax]: invalid TOML: unquoted keys cannot be empty, expected letters, numbers, `-`, `_`"]);
    assert!(text.contains("first-rule") && text.contains("last-rule"), "{text}");
}

/// Places nested 170 deep, the blast located at each by its own report: every entity reaching
/// more than 64 others is `relation-limit` at its `part-of`, capped at 100 per file, and keeps no
/// relation; the 65 places within the limit still entail one another (no conflict among them),
/// and every claim is still checked. Nested 5,000 deep, this took 38 s and 6 GB before the limit.
#[test]
fn places_nested_beyond_the_limit_lose_their_relations_and_nothing_else() {
    const N: usize = 170;
    let dir = scratch("relation-limit");
    write(&dir.join("claims/t.txt"), b"It happened there.\n");
    let mut lines = String::from("{\"entity\":{\"id\":\"blast\",\"name\":\"Blast\",\"kind\":\"event\"}}\n");
    for i in 0..N {
        let up = if i == 0 { String::new() } else { format!(r#","part-of":["p{}"]"#, i - 1) };
        lines.push_str(&format!("{{\"entity\":{{\"id\":\"p{i}\",\"name\":\"Place {i}\",\"kind\":\"place\"{up}}}}}\n"));
    }
    for i in 0..N {
        lines.push_str(&format!(
            r#"{{"report":{{"id":"r{i}","title":"R{i}","outlet":"O{i}","published":"2023-10-17","text":"t.txt"}},"claim":[{{"id":"c","subject":"blast","predicate":"location","value":"p{i}","quote":"It happened there"}}]}}"#
        ));
        lines.push('\n');
    }
    write(&dir.join("claims/claims.jsonl"), lines.as_bytes());
    let out = run(&dir, &["check", ".", "--format", "json"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    let limited: Vec<&serde_json::Value> = findings.iter().filter(|f| f["rule"] == "relation-limit").collect();
    // p65 reaches p64 … p0, 65 others: it and every place inside it are beyond the limit.
    assert_eq!(limited.len(), 100);
    assert!(limited[0]["message"].as_str().unwrap().starts_with("entity `p65` reaches more than 64 entities"));
    let loc = &limited[0]["locations"][0];
    assert_eq!((loc["line"].as_u64(), loc["label"].as_str()), (Some(67), Some("`p65` is part of `p64`")), "{loc:#}");
    let note = findings.iter().find(|f| f["rule"] == "too-many-problems").expect("the rest counted");
    assert!(note["message"].as_str().unwrap().starts_with("5 more `relation-limit`"), "{note:#}");
    // p0 … p64 nest and hold together; each of the 105 places beyond the limit holds with none.
    let conflict: Vec<&serde_json::Value> = findings.iter().filter(|f| f["rule"] == "conflict").collect();
    assert_eq!(conflict.len(), 1, "{conflict:#?}");
    let (inside, beyond) = (65u64, (N - 65) as u64);
    assert_eq!(conflict[0]["pairs_total"].as_u64(), Some(beyond * inside + beyond * (beyond - 1) / 2));
    assert_eq!(json["summary"]["claims"], N as u64, "{:#}", json["summary"]);
}
