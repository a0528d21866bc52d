//! Hostile corpus text never reaches a terminal, a CI log or a SARIF viewer as anything but text
//! (issue: hostile input, items 2–4; DESIGN §5 v2 "output is safe whatever the corpus holds").
//!
//! A corpus whose names, quotes, report texts and file names hold escape sequences, workflow
//! commands and bidirectional overrides is checked in every terminal format, and its output is
//! searched for what must not be there. A property test then does the same for generated text.

mod common;

use common::*;
use proptest::prelude::*;
use std::path::Path;

/// Whether `c` may appear in `human`/`short` output or on stderr: anything but a C0 or C1 control
/// character (the line feed aside) or a bidirectional mark, embedding, override or isolate.
fn allowed_in_output(c: char) -> bool {
    !((c.is_control() && c != '\n')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

fn assert_printable(what: &str, text: &str) {
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| !allowed_in_output(c)) {
        panic!("{what} holds U+{:04X} at byte {i}:\n{text}", c as u32);
    }
}

/// How many annotations `github` writes for the findings of a `json` run: one per claim location
/// of a finding about claims (each side of a contradiction is annotated in its own file), one for
/// a finding without claims.
fn annotations(json: &str) -> usize {
    let json: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    findings
        .iter()
        .map(|f| match f["claims"].as_array().map(Vec::len) {
            Some(n) if n > 0 => f["locations"].as_array().map_or(1, Vec::len),
            _ => 1,
        })
        .sum()
}

/// Every line of `github` output is one workflow command claimlint meant to write.
fn assert_only_annotations(text: &str, annotations: usize) {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), annotations, "one line per annotation:\n{text}");
    for line in lines {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
            "not an annotation: {line:?}"
        );
    }
}

/// A corpus of two contradicting reports whose every name and text is hostile.
fn hostile_corpus(dir: &Path, text_name: &str, name: &str, quote_noise: &str) {
    let entities = format!(
        "[[entity]]\nid = \"deal\"\nname = {name:?}\nkind = \"agreement\"\n\n\
         [[entity]]\nid = \"speaker\"\nname = \"a\\u0007b\\bc\\rd\\u202Ee\"\nkind = \"person\"\n"
    );
    write(&dir.join("claims/entities.toml"), toml_escapes(&entities).as_bytes());
    let quote = format!("the deal{quote_noise} was agreed");
    write(&dir.join("claims/reports").join(text_name), format!("Officials said {quote} on Monday.\n").as_bytes());
    write(&dir.join("claims/reports/b.txt"), b"No agreement \x1b[2J has been reached.\n");
    let a = format!(
        "[report]\nid = \"a\"\ntitle = \"t\"\noutlet = \"Out\\u001Blet\"\npublished = 2016-12-13\n\
         text = {:?}\n\n[[claim]]\nid = \"agreed\"\nsubject = \"deal\"\npredicate = \"status\"\n\
         value = \"agreed\"\nsource = \"speaker\"\nquote = {:?}\n",
        format!("reports/{text_name}"),
        quote
    );
    write(&dir.join("claims/a.toml"), toml_escapes(&a).as_bytes());
    write(
        &dir.join("claims/b.toml"),
        b"[report]\nid = \"b\"\ntitle = \"t\"\noutlet = \"B\"\npublished = 2016-12-13\ntext = \"reports/b.txt\"\n\n\
          [[claim]]\nid = \"not-agreed\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\n\
          negated = true\nquote = \"No agreement \\u001B[2J has been reached\"\n",
    );
}

/// Rust's `{:?}` writes `\u{1b}`; TOML wants `\u001B`.
fn toml_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\\u{") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').expect("closed escape") + i;
        let code = u32::from_str_radix(&rest[i + 3..end], 16).expect("hex");
        out.push_str(&format!("\\U{code:08X}"));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn check(dir: &Path, format: &str) -> (String, String) {
    let out = run(dir, &["check", ".", "--format", format]);
    assert!(code(&out) <= 1, "the hostile corpus loads cleanly:\n{}", stderr(&out));
    (stdout(&out), stderr(&out))
}

#[test]
fn escape_sequences_and_overrides_reach_no_terminal() {
    let dir = scratch("hostile-terminal");
    hostile_corpus(
        &dir,
        "osc\u{1b}]8;;http://evil.example/\u{7}.txt",
        "x\u{7}\u{8}\r\u{202e}y",
        "\u{1b}]8;;http://evil.example/\u{7}",
    );
    for format in ["human", "short"] {
        let (out, err) = check(&dir, format);
        assert!(out.contains("error[negation]"), "{format}: the contradiction is still reported:\n{out}");
        assert!(out.contains("\\u{7}"), "{format}: control characters are shown escaped:\n{out}");
        assert_printable(format, &out);
        assert_printable("stderr", &err);
    }
    let (out, _) = check(&dir, "human");
    assert!(out.contains("\\u{202e}"), "the override in the entity name is shown escaped:\n{out}");
}

#[test]
fn no_file_name_or_rule_id_starts_a_workflow_command() {
    let dir = scratch("hostile-workflow");
    hostile_corpus(&dir, "a\n::error file=x::pwned.txt", "the deal", "");
    write(
        &dir.join("packs/evil.toml"),
        b"[[rule]]\nid = \"x\\n::error::pwned\"\nkind = \"negation\"\npredicates = [\"status\"]\n",
    );
    let out = run(&dir, &["check", ".", "--format", "short", "--rules", "packs"]);
    let short = stdout(&out);
    assert!(short.lines().count() >= 2, "{short}");
    for line in short.lines() {
        assert!(!line.starts_with("::"), "a line of short output starts a workflow command: {line:?}");
    }
    assert!(short.contains("a\\u{a}::error file=x::pwned.txt"), "{short}");
    assert!(short.contains("[x\\u{a}::error::pwned]"), "{short}");
    let github = run(&dir, &["check", ".", "--format", "github", "--rules", "packs"]);
    let json = run(&dir, &["check", ".", "--format", "json", "--rules", "packs"]);
    assert_only_annotations(&stdout(&github), annotations(&stdout(&json)));
}

#[test]
fn refusals_on_stderr_escape_what_they_name() {
    let dir = scratch("hostile-refusal");
    let name = "a\n::error::pwned\u{1b}[2J.toml";
    let out = run(&dir, &["check", name]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_printable("stderr", &err);
    for line in err.lines() {
        assert!(!line.starts_with("::"), "{err}");
    }
    let out = run(&dir, &["check", ".", "--format", "github", "--rules", "a\n::error::x"]);
    for line in stderr(&out).lines().chain(stdout(&out).lines()) {
        assert!(!line.starts_with("::error::x"), "{line:?}");
    }
}

#[test]
fn sarif_messages_escape_brackets_and_backslashes() {
    let dir = scratch("hostile-sarif");
    hostile_corpus(&dir, "a.txt", "x \\[click\\](https://evil.example/)", "");
    let (sarif, _) = check(&dir, "sarif");
    let log: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let text = results.iter().map(|r| r["message"]["text"].as_str().unwrap_or_default()).collect::<Vec<_>>().join("\n");
    assert!(text.contains(r"x \\\[click\\\](https://evil.example/)"), "{text}");
    // Outside claimlint's own links (`[path:line](i)`), every bracket is escaped.
    for (i, _) in text.match_indices("](https://evil") {
        assert_eq!(&text[i - 1..i], "\\", "an unescaped bracket before a link target: {text}");
    }
}

/// Strings of text mixed with the characters hostile input uses.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            "[a-z ]{1,6}",
            Just("\u{1b}[2J".to_string()),
            Just("\u{1b}]8;;http://e/\u{7}".to_string()),
            Just("\n::error::x".to_string()),
            Just("\r".to_string()),
            Just("\u{202e}".to_string()),
            Just("\u{85}\u{9b}".to_string()),
            Just("\t\u{8}\u{0}".to_string()),
        ],
        1..5,
    );
    pieces.prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the names and quotes hold, `human` and `short` output and stderr hold no control
    /// character or override, `short` is one line per finding, and `github` only annotations.
    #[test]
    fn output_is_printable_whatever_the_corpus_holds(name in hostile_text(), noise in hostile_text()) {
        let dir = scratch("hostile-prop");
        let noise = noise.replace('\0', "");
        hostile_corpus(&dir, "a.txt", &name.replace('\0', ""), &noise);
        let json = run(&dir, &["check", ".", "--format", "json"]);
        let findings = stdout(&json).matches("\"rule\": ").count();
        for format in ["human", "short"] {
            let out = run(&dir, &["check", ".", "--format", format]);
            assert_printable(format, &stdout(&out));
            assert_printable("stderr", &stderr(&out));
            if format == "short" {
                prop_assert_eq!(stdout(&out).lines().count(), findings);
            }
        }
        let github = run(&dir, &["check", ".", "--format", "github"]);
        assert_only_annotations(&stdout(&github), annotations(&stdout(&json)));
    }
}

/// A corpus where one finding involves `n` claims, alternating between asserting and denying,
/// half of them quoting the same words (one span) and half quoting words of their own line.
fn crowded_corpus(dir: &Path, n: usize) {
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n");
    let mut text = String::from("The deal was agreed.\n");
    for i in 0..n {
        text.push_str(&format!("Line {i}: no deal.\n"));
    }
    write(&dir.join("claims/reports/t.txt"), text.as_bytes());
    let mut toml = String::from(
        "[report]\nid = \"r\"\ntitle = \"t\"\noutlet = \"O\"\npublished = 2016-12-13\ntext = \"reports/t.txt\"\n",
    );
    for i in 0..n {
        let (negated, quote) = if i % 2 == 0 {
            ("false", "The deal was agreed".to_string())
        } else {
            ("true", format!("Line {i}: no deal"))
        };
        toml.push_str(&format!(
            "\n[[claim]]\nid = \"c{i}\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\n\
             negated = {negated}\nquote = \"{quote}\"\nprefix = \"{}\"\n",
            if i % 2 == 0 { "" } else { "\\n" }
        ));
    }
    write(&dir.join("claims/r.toml"), toml.as_bytes());
}

#[test]
fn human_output_of_a_crowded_finding_stays_small() {
    let dir = scratch("hostile-crowded");
    crowded_corpus(&dir, 2000);
    let out = run(&dir, &["check", ".", "--format", "human"]);
    let text = stdout(&out);
    assert!(text.contains("error[negation]"), "{}", &text[..text.len().min(2000)]);
    assert!(text.contains("more places are not drawn here"), "{}", &text[..text.len().min(4000)]);
    assert!(text.contains("and 997 more"), "claims quoting the same words share one label");
    assert!(text.len() < 20_000, "{} bytes of output for one finding", text.len());
}

#[test]
fn a_long_quote_is_shown_cut_to_the_width() {
    let dir = scratch("hostile-long-quote");
    let long = "word ".repeat(20_000);
    let long = long.trim_end();
    write(&dir.join("claims/entities.toml"), b"[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n");
    write(&dir.join("claims/reports/a.txt"), format!("Agreed: {long}.\n").as_bytes());
    write(&dir.join("claims/reports/b.txt"), b"No deal.\n");
    let report = |id: &str, negated: bool, quote: &str| {
        format!(
            "[report]\nid = \"{id}\"\ntitle = \"t\"\noutlet = \"{id}\"\npublished = 2016-12-13\ntext = \"reports/{id}.txt\"\n\n\
             [[claim]]\nid = \"c\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nnegated = {negated}\nquote = \"{quote}\"\n"
        )
    };
    write(&dir.join("claims/a.toml"), report("a", false, long).as_bytes());
    write(&dir.join("claims/b.toml"), report("b", true, "No deal").as_bytes());
    let text = stdout(&run(&dir, &["check", ".", "--format", "human"]));
    assert!(text.contains("error[negation]"), "{}", &text[..text.len().min(2000)]);
    assert!(text.len() < 5_000, "a 100 kB quote gave {} bytes of output", text.len());
}
