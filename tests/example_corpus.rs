//! Acceptance tests on the example corpus (`claims/`, DESIGN §7): the findings it must produce,
//! the ones it must not, and exact quote locations in the JSON output. Its output in every format
//! is snapshotted by tests/formats.rs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn claimlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(args)
        .current_dir(dir)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .output()
        .expect("run claimlint")
}

fn json(dir: &Path) -> serde_json::Value {
    let out = claimlint(dir, &["check", "--format", "json"]);
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn findings<'a>(doc: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    doc["findings"].as_array().expect("findings").iter().filter(|f| f["kind"] == kind).collect()
}

fn claims_of(f: &serde_json::Value) -> Vec<String> {
    f["claims"].as_array().expect("claims").iter().map(|c| c.as_str().expect("a claim ref").to_string()).collect()
}

#[test]
fn the_aleppo_deal_is_contradicted_across_the_two_reports_of_the_13th() {
    let doc = json(&repo());
    let aleppo: Vec<_> = findings(&doc, "negation")
        .into_iter()
        .chain(findings(&doc, "conflict"))
        .filter(|f| f["subject"] == "aleppo-evacuation-deal")
        .collect();
    assert_eq!(aleppo.len(), 1, "one finding, said once: {aleppo:#?}");
    let f = aleppo[0];
    assert_eq!(f["severity"], "error");
    let claims = claims_of(f);
    assert!(claims.iter().any(|c| c.starts_with("turkey-confirms-ceasefire#")), "{claims:?}");
    assert!(claims.iter().any(|c| c.starts_with("turkey-talking-to-russia#")), "{claims:?}");
    let quotes: Vec<String> = quoted_words(f);
    for words in ["a ceasefire deal was agreed", "no agreement has yet been reached"] {
        assert!(quotes.iter().any(|q| q == words), "{words:?} not among {quotes:?}");
    }
}

#[test]
fn the_countrywide_ceasefire_is_a_certainty_tension_and_iran_is_an_open_question() {
    let doc = json(&repo());
    let certainty: Vec<_> =
        findings(&doc, "certainty").into_iter().filter(|f| f["subject"] == "syria-countrywide-ceasefire").collect();
    assert_eq!(certainty.len(), 1, "{certainty:#?}");
    assert_eq!(certainty[0]["severity"], "warning");
    let quotes = quoted_words(certainty[0]);
    assert!(quotes.iter().any(|q| q.contains("unconfirmed reports")), "{quotes:?}");
    assert!(quotes.iter().any(|q| q.contains("on the verge of an agreement")), "{quotes:?}");

    let open: Vec<_> = findings(&doc, "unresolved")
        .into_iter()
        .filter(|f| f["subject"] == "syria-countrywide-ceasefire" && f["predicate"] == "guarantor")
        .collect();
    assert_eq!(open.len(), 1, "{open:#?}");
    let labels: Vec<&str> =
        open[0]["locations"].as_array().unwrap().iter().filter_map(|l| l["label"].as_str()).collect();
    assert!(labels.iter().any(|l| l.contains("open whether Iran")), "{labels:?}");
    assert!(labels.iter().any(|l| l.ends_with(": Russia")), "shown with the other guarantors: {labels:?}");
}

#[test]
fn independent_outlets_corroborate_what_cavusoglu_and_officials_said() {
    let doc = json(&repo());
    let notes = findings(&doc, "corroboration");
    assert!(notes.len() >= 3, "{notes:#?}");
    for f in &notes {
        assert_eq!(f["severity"], "note");
        let reports: std::collections::BTreeSet<String> =
            claims_of(f).iter().map(|c| c.split('#').next().unwrap_or_default().to_string()).collect();
        assert!(reports.len() >= 2, "corroboration needs two reports: {f:#?}");
    }
    let intends = notes.iter().find(|f| f["predicate"] == "intends").expect("Turkey would intensify talks");
    let said = intends["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap_or("").contains("Cavusoglu"));
    assert!(said, "both reports attribute it to Cavusoglu: {intends:#?}");
}

#[test]
fn nothing_links_the_eastern_aleppo_deal_to_the_countrywide_ceasefire() {
    let doc = json(&repo());
    for f in doc["findings"].as_array().unwrap() {
        let claims = claims_of(f);
        let plan = claims.iter().any(|c| c.starts_with("countrywide-ceasefire-plan#"));
        let aleppo = claims
            .iter()
            .any(|c| c.starts_with("turkey-talking-to-russia#") || c.starts_with("turkey-confirms-ceasefire#"));
        if f["subject"] == "aleppo-evacuation-deal" || f["subject"] == "syria-countrywide-ceasefire" {
            assert!(!(plan && aleppo), "a finding joins the two ceasefires: {f:#?}");
        }
    }
}

/// The words each location of a finding cuts out of its file by `offset` and `length`.
fn quoted_words(f: &serde_json::Value) -> Vec<String> {
    f["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let text = std::fs::read(repo().join(l["path"].as_str().unwrap())).unwrap();
            let (offset, length) = (l["offset"].as_u64().unwrap() as usize, l["length"].as_u64().unwrap() as usize);
            String::from_utf8(text[offset..offset + length].to_vec()).unwrap()
        })
        .collect()
}

/// Folds whitespace runs and typographic quotes, as quote matching does.
fn fold(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            '–' | '—' => '-',
            c => c,
        })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn json_offsets_cut_out_exactly_the_quoted_words() {
    // Every claim's quote, from the claim files themselves.
    let mut quotes = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(repo().join("claims")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let table: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
            let Some(report) = table.get("report") else { continue };
            let id = report
                .get("id")
                .and_then(|v| v.as_str())
                .map(String::from)
                .unwrap_or_else(|| path.file_stem().unwrap().to_string_lossy().into_owned());
            for c in table.get("claim").and_then(|c| c.as_array()).into_iter().flatten() {
                quotes.insert(format!("{id}#{}", c["id"].as_str().unwrap()), c["quote"].as_str().unwrap().to_string());
            }
        }
    }
    let doc = json(&repo());
    let mut checked = 0;
    for f in doc["findings"].as_array().unwrap() {
        for (l, words) in f["locations"].as_array().unwrap().iter().zip(quoted_words(f)) {
            let claim = l["claim"].as_str().expect("rule findings locate claims");
            // A derived claim (`<report>#<claim>><rule>`) underlines the quote it was derived from.
            let origin = claim.split('>').next().unwrap_or(claim);
            assert_eq!(fold(&words), fold(&quotes[origin]), "{claim} at {l}");
            // Lines and columns agree with the offset.
            let text = std::fs::read_to_string(repo().join(l["path"].as_str().unwrap())).unwrap();
            let before = &text[..l["offset"].as_u64().unwrap() as usize];
            assert_eq!(l["line"].as_u64().unwrap() as usize, before.matches('\n').count() + 1);
            let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(l["column"].as_u64().unwrap() as usize, col);
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} locations checked");
}

/// Copies the example corpus into a fresh directory.
fn copy_corpus(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            let dest = to.join(p.file_name().unwrap());
            if p.is_dir() {
                copy(&p, &dest);
            } else {
                std::fs::copy(&p, &dest).unwrap();
            }
        }
    }
    copy(&repo().join("claims"), &to.join("claims"));
}

#[test]
fn publication_times_turn_the_aleppo_contradiction_into_an_update() {
    let dir = std::env::temp_dir().join(format!("claimlint-update-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_corpus(&dir);
    // The Reuters report came out in the morning, the confirmation in the evening (DESIGN §7).
    for (file, time) in [
        ("turkey-talking-to-russia.toml", "2016-12-13T09:45:00Z"),
        ("turkey-confirms-ceasefire.toml", "2016-12-13T18:00:00Z"),
    ] {
        let path = dir.join("claims").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("published = 2016-12-13\n"), "{file} is dated by day");
        std::fs::write(&path, text.replace("published = 2016-12-13\n", &format!("published = {time}\n"))).unwrap();
    }
    let doc = json(&dir);
    let aleppo_errors: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["subject"] == "aleppo-evacuation-deal" && f["severity"] == "error")
        .collect();
    assert!(aleppo_errors.is_empty(), "an update, not a contradiction: {aleppo_errors:#?}");
    let out = claimlint(&dir, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "no error left");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exit_codes_follow_fail_on() {
    let code = |args: &[&str]| claimlint(&repo(), args).status.code();
    assert_eq!(code(&["check", "--format", "json"]), Some(1));
    assert_eq!(code(&["check", "--format", "json", "--fail-on", "never"]), Some(0));
    assert_eq!(code(&["check", "--format", "json", "--fail-on", "note"]), Some(1));
    assert_eq!(code(&["check", "--no-such-flag"]), Some(2), "a bad command line is exit 2");
}
