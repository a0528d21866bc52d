//! Quotes pasted from the web (DESIGN §3 v2): they anchor in a text that differs from them only in
//! what a reader cannot see, and the place found is the text's own bytes; a quote that still does
//! not anchor is told what differs.

mod common;

use common::{code, run, scratch, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

const ENTITIES: &str = "[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n";

/// A corpus of one report with `text` and one claim quoting `quote`.
fn corpus(name: &str, text: &str, quote: &str) -> PathBuf {
    let dir = scratch(name);
    write(&dir.join("claims/entities.toml"), ENTITIES.as_bytes());
    write(&dir.join("claims/reports/a.txt"), text.as_bytes());
    let claims = format!(
        "[report]\ntitle = \"A\"\noutlet = \"Reuters\"\npublished = 2016-12-13\ntext = \"reports/a.txt\"\n\n\
         [[claim]]\nid = \"c\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nquote = {}\n",
        toml_string(quote)
    );
    write(&dir.join("claims/a.toml"), claims.as_bytes());
    dir
}

/// A TOML basic string holding `s`, every character outside ASCII as an escape.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out + "\""
}

fn check(dir: &Path) -> (i32, Value) {
    let out = run(dir, &["check", "--format", "json"]);
    (code(&out), serde_json::from_slice(&out.stdout).expect("JSON output"))
}

#[test]
fn what_text_from_the_web_hides_does_not_stop_a_quote_anchoring() {
    // (report text, quote, the words of the text the quote stands for)
    let cases = [
        (
            "They said the caf\u{e9} deal was agreed.",
            "the cafe\u{301} deal was agreed",
            "the caf\u{e9} deal was agreed",
        ),
        (
            "They said the cafe\u{301} deal was agreed.",
            "the caf\u{e9} deal was agreed",
            "the cafe\u{301} deal was agreed",
        ),
        ("A cease\u{ad}fire deal was agreed.", "A ceasefire deal was agreed", "A cease\u{ad}fire deal was agreed"),
        ("A ceasefire deal was agreed.", "A cease\u{ad}fire deal was agreed", "A ceasefire deal was agreed"),
        ("No\u{200b} deal was \u{200d}agreed\u{feff} yet.", "No deal was agreed", "No\u{200b} deal was \u{200d}agreed"),
        (
            "\u{202a}The deal was agreed\u{202c} on Tuesday.",
            "The deal was agreed on Tuesday",
            "The deal was agreed\u{202c} on Tuesday",
        ),
        (
            "\u{2066}Talks went on\u{2069}\u{2026} and a deal was agreed.",
            "Talks went on... and a deal",
            "Talks went on\u{2069}\u{2026} and a deal",
        ),
        ("Talks went on... and a deal was agreed.", "Talks went on\u{2026} and a deal", "Talks went on... and a deal"),
    ];
    for (i, (text, quote, words)) in cases.into_iter().enumerate() {
        let dir = corpus(&format!("quotes-web-{i}"), text, quote);
        let (status, json) = check(&dir);
        assert_eq!(status, 0, "{quote:?} in {text:?}: {json:#}");
        assert_eq!(json["summary"]["claims"], 1, "{json}");
        // The quote is underlined at the text's own words: a second claim denies the first, and
        // the finding shows both places.
        let claims = std::fs::read_to_string(dir.join("claims/a.toml")).expect("claims");
        let denial = format!(
            "{claims}\n[[claim]]\nid = \"d\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nnegated = true\nquote = \"{}\"\n",
            text.split_whitespace().last().expect("a last word").trim_end_matches('.')
        );
        write(&dir.join("claims/a.toml"), denial.as_bytes());
        let (_, json) = check(&dir);
        let locations = json["findings"][0]["locations"].as_array().cloned().unwrap_or_default();
        let spans: Vec<String> = locations
            .iter()
            .map(|l| {
                let (o, n) = (l["offset"].as_u64().unwrap() as usize, l["length"].as_u64().unwrap() as usize);
                text[o..o + n].to_string()
            })
            .collect();
        assert!(spans.iter().any(|s| s == words), "{quote:?} in {text:?}: {spans:?}");
    }
}

/// The help of the one `quote-not-found` finding, and the text its second location points at.
fn not_found(text: &str, quote: &str, name: &str) -> (String, String) {
    let dir = corpus(name, text, quote);
    let (status, json) = check(&dir);
    assert_eq!(status, 2, "{json:#}");
    let f = json["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["rule"] == "quote-not-found")
        .unwrap_or_else(|| panic!("no quote-not-found: {json:#}"));
    let l = &f["locations"][1];
    let (o, n) = (l["offset"].as_u64().unwrap_or(0) as usize, l["length"].as_u64().unwrap_or(0) as usize);
    (f["help"].as_str().unwrap_or_default().to_string(), text.get(o..o + n).unwrap_or_default().to_string())
}

#[test]
fn a_quote_that_differs_only_by_case_says_so_and_points_at_the_words() {
    let text = "Officials said on Tuesday that The Ceasefire Deal Was Agreed after talks.";
    let (help, words) = not_found(text, "the ceasefire deal was agreed", "quotes-case");
    assert_eq!(words, "The Ceasefire Deal Was Agreed");
    assert!(help.contains("only if case is ignored"), "{help}");
    assert!(help.contains("\"The Ceasefire Deal Was Agreed\""), "{help}");
}

#[test]
fn a_character_the_fold_does_not_know_is_named_by_code_point() {
    // U+02BC MODIFIER LETTER APOSTROPHE looks like an apostrophe, but is a letter.
    let text = "The minister said: we're on the verge of an agreement with Russia.";
    let (help, words) = not_found(text, "we\u{2bc}re on the verge of an agreement", "quotes-codepoint");
    assert_eq!(help, "the quote has U+02BC where the report has `'`; quote the report's own words exactly");
    assert!(words.contains("on the verge of an agreement"), "{words}");
    // A Cyrillic letter among Latin ones.
    let (help, _) = not_found(text, "we're on the v\u{435}rge of an agreement", "quotes-cyrillic");
    assert_eq!(help, "the quote has U+0435 where the report has `e`; quote the report's own words exactly");
}
