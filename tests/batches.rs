//! Claim files are parsed and resolved a batch at a time, after the files that may declare
//! entities (see `load::ClaimFiles`). Whatever the batching, every entity is known before any
//! claim is resolved, and report ids stay unique across batches.

mod common;

use common::*;
use std::path::Path;

const TEXT: &str = "Port deal agreed. There is no agreement on the port deal.\n";

/// A report file `claims/<name>.toml` saying `value` (negated or not) about `subject`.
fn report(dir: &Path, name: &str, id: &str, subject: &str, negated: bool, quote: &str) {
    let claim = format!(
        "[report]\nid = \"{id}\"\ntitle = \"t\"\noutlet = \"Wire\"\npublished = 2020-01-01\ntext = \"text.txt\"\n\n\
         [[claim]]\nid = \"c1\"\nsubject = \"{subject}\"\npredicate = \"status\"\nvalue = \"agreed\"\n\
         negated = {negated}\nquote = \"{quote}\"\n"
    );
    write(&dir.join(format!("claims/{name}.toml")), claim.as_bytes());
}

fn json(dir: &Path) -> (i32, serde_json::Value) {
    let out = run(dir, &["check", "--format", "json"]);
    assert_eq!(stderr(&out), "");
    (code(&out), serde_json::from_str(&stdout(&out)).expect("JSON output"))
}

fn rules(findings: &serde_json::Value) -> Vec<String> {
    let mut rules: Vec<String> = findings["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_string())
        .collect();
    rules.sort();
    rules
}

/// Entities declared in a file sorted after the claims that use them, including under keys
/// spelled with quotes or escapes, in TOML and JSON Lines alike.
#[test]
fn entities_declared_anywhere_are_known_to_every_claim() {
    let dir = scratch("batches-entities");
    write(&dir.join("claims/text.txt"), TEXT.as_bytes());
    report(&dir, "a-agreed", "a", "port deal", false, "Port deal agreed");
    report(&dir, "b-denied", "b", "harbour-body", true, "no agreement on the port deal");
    // `[["entity"]]`, then the same key spelled with a unicode escape, after the claims.
    let toml = "[[\"entity\"]]\nid = \"port-deal\"\nname = \"the port deal\"\nkind = \"agreement\"\n\
                aliases = [\"port deal\"]\n\n[[\"\\u0065ntity\"]]\nid = \"harbour-body\"\nname = \"Harbour body\"\n\
                kind = \"body\"\n";
    write(&dir.join("claims/z-entities.toml"), toml.as_bytes());
    let (code, out) = json(&dir);
    // `harbour-body` is a body, not an agreement: the status claim about it is an invalid value,
    // which proves the entity was read; `port deal` resolves through its alias.
    assert_eq!(rules(&out), ["invalid-value"], "{out:#}");
    assert_eq!(code, 2);

    // The same in JSON Lines: an escaped `entity` key on the last line of the last file.
    let dir = scratch("batches-entities-jsonl");
    write(&dir.join("claims/text.txt"), TEXT.as_bytes());
    report(&dir, "a-agreed", "a", "port deal", false, "Port deal agreed");
    report(&dir, "b-denied", "b", "port-deal", true, "no agreement on the port deal");
    let jsonl = "{\"\\u0065ntity\": {\"id\": \"port-deal\", \"name\": \"the port deal\", \"kind\": \"agreement\", \
                 \"aliases\": [\"port deal\"]}}\n";
    write(&dir.join("claims/z-entities.jsonl"), jsonl.as_bytes());
    let (code, out) = json(&dir);
    assert_eq!(rules(&out), ["negation"], "{out:#}");
    assert_eq!(code, 1);
}

/// More report files than one batch holds: a report id taken in the first batch is still taken
/// in the last, a text shared by every report is read once, and claims in every batch are checked.
#[test]
fn report_ids_stay_unique_across_batches() {
    let dir = scratch("batches-many");
    write(&dir.join("claims/text.txt"), TEXT.as_bytes());
    let entities = "[[entity]]\nid = \"port-deal\"\nname = \"the port deal\"\nkind = \"agreement\"\n";
    write(&dir.join("claims/entities.toml"), entities.as_bytes());
    const FILES: usize = 5000;
    for i in 0..FILES {
        let id = if i == FILES - 1 { "r00000".to_string() } else { format!("r{i:05}") };
        // The last file denies the deal; every other one agrees. The last one's report id is the
        // first one's, so its claim is not checked and nothing contradicts.
        let denies = i == FILES - 1;
        let quote = if denies { "no agreement on the port deal" } else { "Port deal agreed" };
        report(&dir, &format!("r{i:05}"), &id, "port-deal", denies, quote);
    }
    let (_, out) = json(&dir);
    assert_eq!(rules(&out), ["duplicate-id", "unchecked-claims"], "{out:#}");
    assert_eq!(out["summary"]["claims"], FILES - 1);
    assert_eq!(out["summary"]["reports"], FILES - 1);
    let dup = &out["findings"].as_array().expect("findings")[0];
    let places: Vec<&str> =
        dup["locations"].as_array().expect("locations").iter().map(|l| l["path"].as_str().expect("path")).collect();
    assert!(places.contains(&"claims/r00000.toml") && places.contains(&"claims/r04999.toml"), "{dup:#}");

    // Make the last file's id its own: its denial now contradicts the 4,999 agreements.
    report(&dir, "r04999", "r04999", "port-deal", true, "no agreement on the port deal");
    let (code, out) = json(&dir);
    assert_eq!(code, 1);
    assert_eq!(out["summary"]["claims"], FILES);
    let negation = out["findings"].as_array().expect("findings").iter().find(|f| f["rule"] == "negation");
    let negation = negation.expect("a negation");
    // A finding lists at most 4096 claims and counts them all (DESIGN §4 v2).
    let claims = negation["claims"].as_array().expect("claims").len();
    assert_eq!(claims, 4096, "a finding lists at most 4096 claims");
    assert_eq!(negation["claims_total"], FILES, "every report's claim, from every batch, is in the one finding");
    assert!(
        negation["claims"].as_array().expect("claims").iter().any(|c| c == "r04999#c1"),
        "the denial every pair holds is listed: {}",
        negation["claims"]
    );
}
