//! Messages a newcomer can act on (DESIGN §9): hints for the common TOML mistakes, and a subject
//! of the wrong kind answered with the entities of the right kind.

mod common;

use common::{code, run, scratch, write};
use serde_json::Value;

const ENTITIES: &str = "[[entity]]\nid = \"aleppo-deal\"\nname = \"the Aleppo deal\"\nkind = \"agreement\"\n\n\
    [[entity]]\nid = \"countrywide-ceasefire\"\nname = \"the countrywide ceasefire\"\nkind = \"agreement\"\n\n\
    [[entity]]\nid = \"siege\"\nname = \"the siege\"\nkind = \"event\"\n";

const TEXT: &str = "The siege ended after 8000 people were evacuated and the deal was agreed.\n";

/// `claimlint check --format json` on a corpus whose one claim file is `claims` (after a report
/// header): exit code, and each finding's rule, message and help.
fn check(name: &str, claims: &str) -> (i32, Vec<(String, String, String)>) {
    let dir = scratch(name);
    write(&dir.join("claims/entities.toml"), ENTITIES.as_bytes());
    write(&dir.join("claims/reports/a.txt"), TEXT.as_bytes());
    let header = "[report]\ntitle = \"A\"\noutlet = \"Reuters\"\npublished = 2016-12-13\ntext = \"reports/a.txt\"\n\n";
    write(&dir.join("claims/a.toml"), format!("{header}{claims}").as_bytes());
    let out = run(&dir, &["check", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let findings = json["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("message"), s("help"))
        })
        .collect();
    (code(&out), findings)
}

fn claim(value_line: &str) -> String {
    format!("[[claim]]\nid = \"c\"\nsubject = \"siege\"\npredicate = \"evacuated\"\n{value_line}\nquote = \"8000 people were evacuated\"\n")
}

#[test]
fn a_number_with_a_thousands_separator_gets_a_hint() {
    let (status, findings) = check("messages-thousands", &claim("value = 8,000"));
    assert_eq!(status, 2);
    let (rule, _, help) = &findings[0];
    assert_eq!(rule, "toml-syntax");
    assert_eq!(help, "write numbers without a thousands separator: `value = 8000` (or `8_000`, with TOML's `_`)");
}

#[test]
fn an_unquoted_word_gets_a_hint() {
    let claims = "[[claim]]\nid = \"c\"\nsubject = \"aleppo-deal\"\npredicate = \"status\"\nvalue = agreed\nquote = \"the deal was agreed\"\n";
    let (status, findings) = check("messages-unquoted", claims);
    assert_eq!(status, 2);
    assert_eq!(findings[0].0, "toml-syntax");
    assert_eq!(findings[0].2, "text is written in double quotes: `value = \"agreed\"`");
}

#[test]
fn a_string_never_closed_gets_a_hint() {
    let claims = "[[claim]]\nid = \"c\"\nsubject = \"aleppo-deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nquote = \"the deal was agreed\nnote = \"x\"\n";
    let (status, findings) = check("messages-unclosed", claims);
    assert_eq!(status, 2);
    assert_eq!(findings[0].0, "toml-syntax");
    assert_eq!(findings[0].2, "close the string on the same line: `quote = \"the deal was agreed\"`");
}

#[test]
fn a_subject_of_the_wrong_kind_is_answered_with_the_entities_of_the_right_kind() {
    let claims = "[[claim]]\nid = \"c\"\nsubject = \"siege\"\npredicate = \"status\"\nvalue = \"agreed\"\nquote = \"the deal was agreed\"\n";
    let (status, findings) = check("messages-kind", claims);
    assert_eq!(status, 2);
    let (rule, message, help) = findings.iter().find(|f| f.0 == "invalid-value").expect("invalid-value");
    assert_eq!(rule, "invalid-value");
    assert_eq!(message, "`status` applies to subjects of kind agreement, but `siege` is an event");
    assert_eq!(
        help,
        "entities of kind agreement: `aleppo-deal`, `countrywide-ceasefire`; is the claim about one of them?"
    );
}

/// Issue 12: an empty quote is not "words not in the report", and a quote that occurs but not
/// with its `prefix` is not labelled as if its words were missing.
#[test]
fn an_empty_quote_and_a_prefix_that_does_not_fit_say_what_is_wrong() {
    let check_quote = |name: &str, quote_lines: &str| -> (Vec<(String, String)>, Vec<String>) {
        let dir = scratch(name);
        write(&dir.join("claims/entities.toml"), ENTITIES.as_bytes());
        write(&dir.join("claims/reports/a.txt"), TEXT.as_bytes());
        let claims = format!(
            "[report]\ntitle = \"A\"\noutlet = \"Reuters\"\npublished = 2016-12-13\ntext = \"reports/a.txt\"\n\n\
             [[claim]]\nid = \"c\"\nsubject = \"aleppo-deal\"\npredicate = \"status\"\nvalue = \"agreed\"\n{quote_lines}\n"
        );
        write(&dir.join("claims/a.toml"), claims.as_bytes());
        let out = run(&dir, &["check", "--format", "json"]);
        assert_eq!(code(&out), 2);
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        let f = json["findings"].as_array().into_iter().flatten().find(|f| f["kind"] == "corpus").expect("a finding");
        let rule_message = vec![(f["rule"].as_str().unwrap().to_string(), f["message"].as_str().unwrap().to_string())];
        let labels =
            f["locations"].as_array().unwrap().iter().map(|l| l["label"].as_str().unwrap_or("").to_string()).collect();
        (rule_message, labels)
    };
    let (found, labels) = check_quote("messages-empty-quote", "quote = \"\"");
    assert_eq!(found[0].0, "invalid-value");
    assert_eq!(found[0].1, "the quote of claim `c` is empty: a claim quotes the words of its report that make it");
    assert_eq!(labels, ["no words quoted"]);

    let (found, labels) = check_quote("messages-prefix", "quote = \"the deal was agreed\"\nprefix = \"when \"");
    assert_eq!(found[0].0, "quote-not-found");
    assert_eq!(labels, ["these words occur, but not with this prefix or suffix", "occurrence 1"]);
}
