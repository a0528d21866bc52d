//! The input side of DESIGN v2 (§3), in every claim-file format (TOML, JSON Lines, CSV): a
//! report's `offset` for datetimes written without one, `corrects`, open questions without a
//! value, and `relation-cycle`. Each works end to end (exit code and JSON findings of `claimlint
//! check`, or the resolved corpus), and each bad input is reported at its place with exit 2.

mod common;

use claimlint::check::{run as check_corpus, Settings};
use claimlint::model::{Certainty, Corpus, Value};
use common::{code, run, scratch, write};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

const ENTITIES: &str = r#"
[[entity]]
id = "deal"
name = "the deal"
kind = "agreement"

[[entity]]
id = "idlib"
name = "Idlib"
kind = "place"

[[entity]]
id = "turkey"
name = "Turkey"
kind = "country"
"#;

const TEXT_A: &str = "Fighters will be taken to Idlib, an official said. Where they go is not yet known.\n";
const TEXT_B: &str = "Fighters will go to Turkey, officials said.\n";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Toml,
    Jsonl,
    Csv,
}

const FORMATS: [Format; 3] = [Format::Toml, Format::Jsonl, Format::Csv];

/// A claim of report `a`: (key, value) pairs, values as TOML writes them.
type Fields<'a> = &'a [(&'a str, &'a str)];

/// Report `a` (outlet Agency A, text `texts/a.txt`) with `report` fields besides those, and
/// `claims`, written in `format` as `claims/a.<ext>`. Values are TOML literals (`"x"`, a date,
/// `["x", "y"]`); JSON Lines gets them as strings and string arrays, CSV as cells.
fn report_a(dir: &Path, format: Format, report: Fields, claims: &[Fields]) -> PathBuf {
    let base: &[(&str, &str)] =
        &[("id", "\"a\""), ("title", "\"A\""), ("outlet", "\"Agency A\""), ("text", "\"texts/a.txt\"")];
    let report: Vec<(&str, &str)> = base.iter().chain(report).copied().collect();
    let (name, text) = match format {
        Format::Toml => {
            let mut s = String::from("[report]\n");
            for (k, v) in &report {
                s += &format!("{k} = {v}\n");
            }
            for claim in claims {
                s += "\n[[claim]]\n";
                for (k, v) in *claim {
                    s += &format!("{k} = {v}\n");
                }
            }
            ("a.toml", s)
        }
        Format::Jsonl => {
            let object = |fields: &[(&str, &str)]| -> Json {
                fields.iter().map(|(k, v)| (k.to_string(), json_value(v))).collect::<serde_json::Map<_, _>>().into()
            };
            let claims: Vec<Json> = claims.iter().map(|c| object(c)).collect();
            let line = serde_json::json!({ "report": object(&report), "claim": claims });
            ("a.jsonl", format!("{line}\n"))
        }
        Format::Csv => {
            let mut columns: Vec<String> = report.iter().map(|(k, _)| format!("report-{k}")).collect();
            for claim in claims {
                for (k, _) in *claim {
                    if !columns.iter().any(|c| c == k) {
                        columns.push(k.to_string());
                    }
                }
            }
            let mut s = columns.join(",") + "\n";
            for claim in claims {
                let cells: Vec<String> = columns
                    .iter()
                    .map(|c| {
                        let v = match c.strip_prefix("report-") {
                            Some(k) => report.iter().find(|(rk, _)| *rk == k).map(|(_, v)| *v),
                            None => claim.iter().find(|(ck, _)| ck == c).map(|(_, v)| *v),
                        };
                        v.map(csv_cell).unwrap_or_default()
                    })
                    .collect();
                s += &(cells.join(",") + "\n");
            }
            ("a.csv", s)
        }
    };
    let path = dir.join("claims").join(name);
    write(&path, text.as_bytes());
    path
}

/// A TOML literal as JSON: strings stay strings, dates become RFC 3339 strings, arrays of
/// strings arrays.
fn json_value(v: &str) -> Json {
    let parsed: toml::Table = format!("v = {v}").parse().expect("a TOML literal");
    match &parsed["v"] {
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => items.iter().map(|i| Json::String(i.as_str().unwrap().to_string())).collect(),
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Boolean(b) => Json::Bool(*b),
        other => panic!("no such literal in these tests: {other:?}"),
    }
}

/// A TOML literal as a CSV cell: lists `;`-separated.
fn csv_cell(v: &str) -> String {
    let parsed: toml::Table = format!("v = {v}").parse().expect("a TOML literal");
    let cell = match &parsed["v"] {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(items) => items.iter().map(|i| i.as_str().unwrap()).collect::<Vec<_>>().join(";"),
        toml::Value::String(s) => s.clone(),
        other => panic!("no such literal in these tests: {other:?}"),
    };
    if cell.contains([',', '"']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// A corpus with the entities, both texts and report `b` (TOML, as-of 05:30 UTC: Turkey).
fn corpus(name: &str) -> PathBuf {
    let dir = scratch(name);
    write(&dir.join("claims/entities.toml"), ENTITIES.as_bytes());
    write(&dir.join("claims/texts/a.txt"), TEXT_A.as_bytes());
    write(&dir.join("claims/texts/b.txt"), TEXT_B.as_bytes());
    let b = "[report]\ntitle = \"B\"\noutlet = \"Agency B\"\npublished = 2024-06-01\ntext = \"texts/b.txt\"\n\n\
             [[claim]]\nid = \"dest\"\nsubject = \"deal\"\npredicate = \"destination\"\nvalue = \"turkey\"\n\
             as-of = 2024-06-01T05:30:00Z\nquote = \"Fighters will go to Turkey\"\n";
    write(&dir.join("claims/b.toml"), b.as_bytes());
    dir
}

/// `claimlint check --format json` in `dir`: exit code and output.
fn check(dir: &Path) -> (i32, Json) {
    let out = run(dir, &["check", "--format", "json"]);
    (code(&out), serde_json::from_slice(&out.stdout).expect("JSON output"))
}

fn findings<'j>(json: &'j Json, rule: &str) -> Vec<&'j Json> {
    json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == rule).collect()
}

/// The text a finding's first location points at in `file`, and its line.
fn at(dir: &Path, finding: &Json) -> (String, String, u64) {
    let l = &finding["locations"][0];
    let path = l["path"].as_str().unwrap().to_string();
    let bytes = std::fs::read(dir.join(&path)).unwrap();
    let (offset, length) = (l["offset"].as_u64().unwrap() as usize, l["length"].as_u64().unwrap() as usize);
    (path, String::from_utf8_lossy(&bytes[offset..offset + length]).into_owned(), l["line"].as_u64().unwrap())
}

const DEST_IDLIB: &[(&str, &str)] = &[
    ("id", "\"dest\""),
    ("subject", "\"deal\""),
    ("predicate", "\"destination\""),
    ("value", "\"idlib\""),
    ("quote", "\"Fighters will be taken to Idlib\""),
];

fn with<'a>(base: Fields<'a>, more: Fields<'a>) -> Vec<(&'a str, &'a str)> {
    base.iter().chain(more).copied().collect()
}

fn corpus_of(dir: &Path) -> Corpus {
    check_corpus(&Settings::new(dir)).corpus
}

// -- offset -------------------------------------------------------------------------------------

/// 08:30 at +03:00 is 05:30 UTC: Idlib at that instant conflicts with Turkey at 05:30Z. Written
/// without the report's offset, 08:30 is UTC and the two claims do not coincide; a datetime with
/// its own offset keeps it.
#[test]
fn a_report_offset_places_its_datetimes_in_every_format() {
    for format in FORMATS {
        for (case, report, claim, conflict) in [
            ("as-of", &[("published", "2024-06-01"), ("offset", "\"+03:00\"")][..], "2024-06-01T08:30:00", true),
            ("published", &[("published", "2024-06-01T08:30:00"), ("offset", "\"+03:00\"")][..], "", true),
            ("utc", &[("published", "2024-06-01")][..], "2024-06-01T08:30:00", false),
            ("own", &[("published", "2024-06-01"), ("offset", "\"+03:00\"")][..], "2024-06-01T08:30:00Z", false),
        ] {
            let dir = corpus(&format!("offset-{format:?}-{case}"));
            let as_of = [("as-of", claim)];
            let claim = if claim.is_empty() { DEST_IDLIB.to_vec() } else { with(DEST_IDLIB, &as_of) };
            report_a(&dir, format, report, &[&claim]);
            let (status, json) = check(&dir);
            let conflicts = findings(&json, "conflict");
            assert_eq!(json["summary"]["claims"], 2, "{format:?} {case}: {json:#}");
            assert_eq!(conflicts.len(), usize::from(conflict), "{format:?} {case}: {json:#}");
            assert_eq!(status, if conflict { 1 } else { 0 }, "{format:?} {case}: {json:#}");
            let corpus = corpus_of(&dir);
            let a = corpus.claims.iter().find(|c| corpus.report(c.report).id == "a").unwrap();
            let expected = match case {
                "utc" => "2024-06-01T08:30Z",
                "own" => "2024-06-01T08:30Z",
                _ => "2024-06-01T08:30+03:00",
            };
            assert_eq!(a.as_of.to_string(), expected, "{format:?} {case}");
        }
    }
}

/// A datetime value (of a date predicate) written without an offset is placed in it too; in CSV
/// the cell is typed when the claim is resolved.
#[test]
fn a_report_offset_places_datetime_values() {
    for format in FORMATS {
        let dir = corpus(&format!("offset-value-{format:?}"));
        let claim: &[(&str, &str)] = &[
            ("id", "\"when\""),
            ("subject", "\"deal\""),
            ("predicate", "\"takes-effect\""),
            ("value", "2024-06-02T12:00:00"),
            ("quote", "\"Fighters will be taken to Idlib\""),
        ];
        report_a(&dir, format, &[("published", "2024-06-01"), ("offset", "\"-04:30\"")], &[claim]);
        let corpus = corpus_of(&dir);
        let a = corpus.claims.iter().find(|c| &*c.id == "when").unwrap_or_else(|| panic!("{format:?}"));
        let Value::Date(t) = a.value else { panic!("{format:?}: {:?}", a.value) };
        assert_eq!(t.to_string(), "2024-06-02T12:00-04:30", "{format:?}");
        assert_eq!(
            t.instant,
            Some(claimlint::time::Date::new(2024, 6, 2).unwrap().days_since_epoch() * 86400 + 16 * 3600 + 1800)
        );
    }
}

#[test]
fn a_bad_offset_is_reported_at_its_value_with_exit_2() {
    for format in FORMATS {
        for bad in ["+3:00", "+24:00", "+03:60", "UTC", "0300"] {
            let dir = corpus(&format!("offset-bad-{format:?}-{}", bad.replace(':', "")));
            let literal = format!("\"{bad}\"");
            report_a(&dir, format, &[("published", "2024-06-01"), ("offset", &literal)], &[DEST_IDLIB]);
            let (status, json) = check(&dir);
            assert_eq!(status, 2, "{format:?} {bad}: {json:#}");
            let invalid = findings(&json, "invalid-value");
            assert_eq!(invalid.len(), 1, "{format:?} {bad}: {json:#}");
            let (path, text, line) = at(&dir, invalid[0]);
            let shown = if format == Format::Csv { bad.to_string() } else { literal.clone() };
            assert_eq!(text, shown, "{format:?} {bad}: the value itself");
            assert!(path.starts_with("claims/a."), "{path}");
            assert_eq!(
                line,
                if format == Format::Toml {
                    7
                } else {
                    if format == Format::Csv {
                        2
                    } else {
                        1
                    }
                }
            );
            let message = invalid[0]["message"].as_str().unwrap();
            assert!(message.contains("must be a UTC offset such as +03:00, -05:30 or Z"), "{message}");
            // Its report is left out, and so, listed, are its claims.
            assert_eq!(findings(&json, "unchecked-claims").len(), 1, "{format:?} {bad}: {json:#}");
        }
    }
}

#[test]
fn a_misspelt_offset_key_gets_did_you_mean() {
    let dir = corpus("offset-misspelt");
    report_a(&dir, Format::Toml, &[("published", "2024-06-01"), ("ofset", "\"+03:00\"")], &[DEST_IDLIB]);
    let (status, json) = check(&dir);
    assert_eq!(status, 2);
    let unknown = findings(&json, "unknown-key");
    assert_eq!(unknown.len(), 1, "{json:#}");
    assert_eq!(unknown[0]["locations"][0]["label"], "did you mean `offset`?", "{json:#}");
    let dir = corpus("offset-misspelt-csv");
    report_a(&dir, Format::Csv, &[("published", "2024-06-01"), ("offst", "\"+03:00\"")], &[DEST_IDLIB]);
    let (status, json) = check(&dir);
    assert_eq!(status, 2);
    let unknown = findings(&json, "unknown-key");
    assert_eq!(unknown[0]["locations"][0]["label"], "did you mean `report-offset`?", "{json:#}");
}

#[test]
fn a_misspelt_corrects_key_gets_did_you_mean_in_every_format() {
    for format in FORMATS {
        let dir = corpus(&format!("corrects-misspelt-{format:?}"));
        let claim = with(DEST_IDLIB, &[("correct", "[\"b#dest\"]")]);
        report_a(&dir, format, &[("published", "2024-06-01")], &[&claim]);
        let (status, json) = check(&dir);
        assert_eq!(status, 2, "{format:?}");
        let unknown = findings(&json, "unknown-key");
        assert_eq!(unknown.len(), 1, "{format:?}: {json:#}");
        assert_eq!(unknown[0]["locations"][0]["label"], "did you mean `corrects`?", "{format:?}: {json:#}");
    }
}

// -- corrects -----------------------------------------------------------------------------------

/// `corrects` names `<report>#<claim>` or a claim of the same report; each resolves to the claim.
#[test]
fn corrects_resolves_to_claims_of_any_report_in_every_format() {
    for format in FORMATS {
        let dir = corpus(&format!("corrects-{format:?}"));
        let fix: &[(&str, &str)] = &[
            ("id", "\"fix\""),
            ("subject", "\"deal\""),
            ("predicate", "\"destination\""),
            ("value", "\"idlib\""),
            ("quote", "\"an official said\""),
            ("corrects", "[\"dest\", \"b#dest\"]"),
        ];
        report_a(&dir, format, &[("published", "2024-06-01")], &[DEST_IDLIB, fix]);
        let (status, json) = check(&dir);
        assert!(findings(&json, "invalid-value").is_empty() && status != 2, "{format:?}: {json:#}");
        let corpus = corpus_of(&dir);
        let fix = corpus.claims.iter().find(|c| &*c.id == "fix").unwrap();
        let mut names: Vec<String> = fix.corrects().iter().map(|&c| corpus.claim_ref(c)).collect();
        names.sort();
        assert_eq!(names, ["a#dest", "b#dest"], "{format:?}");
        assert!(corpus.claims.iter().filter(|c| &*c.id != "fix").all(|c| c.corrects().is_empty()));
        if format == Format::Toml {
            // The claim graph draws each correction.
            let graph: Json = serde_json::from_slice(&run(&dir, &["graph", "--format", "json"]).stdout).unwrap();
            let mut corrects: Vec<(&str, &str)> = graph["edges"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["kind"] == "corrects")
                .map(|e| (e["from"].as_str().unwrap(), e["to"].as_str().unwrap()))
                .collect();
            corrects.sort();
            assert_eq!(corrects, [("claim:a#fix", "claim:a#dest"), ("claim:a#fix", "claim:b#dest")], "{graph:#}");
        }
    }
}

/// An unknown name is `invalid-value` at the name with the closest claim; a claim naming itself is
/// `invalid-value`; a name that is not `<report>#<claim>` is `invalid-id`; all with exit 2, and the
/// good names of the same list still resolve.
#[test]
fn bad_corrects_names_are_reported_at_each_name() {
    for format in FORMATS {
        let dir = corpus(&format!("corrects-bad-{format:?}"));
        let fix: &[(&str, &str)] = &[
            ("id", "\"fix\""),
            ("subject", "\"deal\""),
            ("predicate", "\"destination\""),
            ("value", "\"idlib\""),
            ("quote", "\"an official said\""),
            ("corrects", "[\"b#dst\", \"fix\", \"bb#dest\", \"zz#dest\", \"a b\", \"b#\", \"dest\"]"),
        ];
        report_a(&dir, format, &[("published", "2024-06-01")], &[DEST_IDLIB, fix]);
        let (status, json) = check(&dir);
        assert_eq!(status, 2, "{format:?}: {json:#}");
        let mut seen: Vec<(String, String, String)> = Vec::new();
        for f in findings(&json, "invalid-value").into_iter().chain(findings(&json, "invalid-id")) {
            let (_, text, _) = at(&dir, f);
            let label = f["locations"][0]["label"].as_str().unwrap().to_string();
            seen.push((text.trim_matches('"').to_string(), f["rule"].as_str().unwrap().to_string(), label));
        }
        seen.sort();
        let expected = [
            ("a b", "invalid-id", "not a claim name"),
            ("b#", "invalid-id", "not a claim name"),
            ("b#dst", "invalid-value", "did you mean `b#dest`?"),
            ("bb#dest", "invalid-value", "did you mean `b`?"),
            ("fix", "invalid-value", "this claim itself"),
            ("zz#dest", "invalid-value", "no such claim"),
        ];
        let expected: Vec<(String, String, String)> =
            expected.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
        assert_eq!(seen, expected, "{format:?}: {json:#}");
        let corpus = corpus_of(&dir);
        let fix = corpus.claims.iter().find(|c| &*c.id == "fix").unwrap();
        assert_eq!(fix.corrects().iter().map(|&c| corpus.claim_ref(c)).collect::<Vec<_>>(), ["a#dest"], "{format:?}");
    }
}

/// A name of a claim left out with a problem of its own is no second problem.
#[test]
fn naming_a_broken_claim_is_not_a_second_problem() {
    let dir = corpus("corrects-broken");
    let broken: &[(&str, &str)] = &[
        ("id", "\"broken\""),
        ("subject", "\"deal\""),
        ("predicate", "\"destination\""),
        ("value", "\"nowhere\""),
        ("quote", "\"Idlib\""),
    ];
    let fix = with(DEST_IDLIB, &[("corrects", "[\"broken\"]")]);
    report_a(&dir, Format::Toml, &[("published", "2024-06-01")], &[broken, &fix]);
    let (status, json) = check(&dir);
    assert_eq!(status, 2);
    let rules: Vec<&str> = json["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"unknown-entity"), "{json:#}");
    assert!(!rules.contains(&"invalid-value"), "only the broken claim's own problem: {json:#}");
}

// -- open questions without a value ---------------------------------------------------------------

#[test]
fn an_unknown_claim_may_leave_out_its_value_in_every_format() {
    for format in FORMATS {
        let dir = corpus(&format!("unstated-{format:?}"));
        let open: &[(&str, &str)] = &[
            ("id", "\"open\""),
            ("subject", "\"deal\""),
            ("predicate", "\"destination\""),
            ("certainty", "\"unknown\""),
            ("quote", "\"Where they go is not yet known\""),
        ];
        let not_unknown: &[(&str, &str)] = &[
            ("id", "\"sure\""),
            ("subject", "\"deal\""),
            ("predicate", "\"destination\""),
            ("certainty", "\"probable\""),
            ("quote", "\"an official said\""),
        ];
        report_a(&dir, format, &[("published", "2024-06-01")], &[open, not_unknown]);
        let (status, json) = check(&dir);
        assert_eq!(status, 2, "{format:?}: {json:#}");
        let missing = findings(&json, "missing-key");
        assert_eq!(missing.len(), 1, "{format:?}: {json:#}");
        assert!(missing[0]["message"].as_str().unwrap().starts_with("claim `sure` is missing required key `value`"));
        let corpus = corpus_of(&dir);
        let open = corpus.claims.iter().find(|c| &*c.id == "open").expect("the open question is read");
        assert_eq!((open.value.clone(), open.certainty), (Value::Unstated, Certainty::Unknown), "{format:?}");
        assert_eq!(corpus.value_text(open.predicate, &open.value), "(no value given)");
        // Every output format shows it without failing.
        for output in ["human", "short", "json", "sarif", "html", "github", "junit"] {
            let out = run(&dir, &["check", "--format", output]);
            assert_eq!(code(&out), 2, "{format:?} {output}");
            if output == "html" {
                // The fact-checker's view says what the claim is, not a placeholder value.
                assert!(String::from_utf8_lossy(&out.stdout).contains("open question (no value)"), "{format:?}");
            }
        }
    }
}

// -- relation-cycle -------------------------------------------------------------------------------

const CYCLE: &str = r#"
[[entity]]
id = "ministry"
name = "the ministry"
kind = "body"
part-of = ["government"]

[[entity]]
id = "government"
name = "the government"
kind = "body"
speaks-for = ["spokesman"]

[[entity]]
id = "spokesman"
name = "the spokesman"
kind = "person"
part-of = ["ministry"]

[[entity]]
id = "self"
name = "itself"
kind = "body"
part-of = ["self"]

[[entity]]
id = "town"
name = "the town"
kind = "place"
part-of = ["country"]

[[entity]]
id = "country"
name = "the country"
kind = "country"
"#;

#[test]
fn a_cycle_through_part_of_and_speaks_for_is_reported_once_in_order() {
    let mut outputs = Vec::new();
    let files = [
        ("one", vec![("entities.toml".to_string(), CYCLE.to_string())]),
        ("split", split(CYCLE)),
        ("jsonl", vec![("entities.jsonl".to_string(), jsonl(CYCLE))]),
    ];
    for (name, files) in files {
        let dir = scratch(&format!("cycle-{name}"));
        for (file, text) in &files {
            write(&dir.join("claims").join(file), text.as_bytes());
        }
        let (status, json) = check(&dir);
        assert_eq!(status, 2, "{json:#}");
        let cycles = findings(&json, "relation-cycle");
        let mut messages: Vec<&str> = cycles.iter().map(|f| f["message"].as_str().unwrap()).collect();
        messages.sort();
        assert_eq!(
            messages,
            [
                "entity `self` is related to itself: `self` part-of `self`",
                "the relations of 3 entities form a cycle: `government` speaks-for `spokesman` part-of `ministry` part-of `government`",
            ],
            "{json:#}"
        );
        let three = cycles.iter().find(|f| f["message"].as_str().unwrap().contains("3 entities")).unwrap();
        let labels: Vec<&str> =
            three["locations"].as_array().unwrap().iter().map(|l| l["label"].as_str().unwrap()).collect();
        let mut sorted = labels.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            [
                "`government` speaks for `spokesman`",
                "`ministry` is part of `government`",
                "`spokesman` is part of `ministry`"
            ]
        );
        let self_loop = cycles.iter().find(|f| f["message"].as_str().unwrap().contains("itself")).unwrap();
        assert_eq!(at(&dir, self_loop).1, "\"self\"");
        outputs.push(messages.iter().map(|m| m.to_string()).collect::<Vec<_>>());
    }
    assert!(outputs.iter().all(|o| *o == outputs[0]), "the same whatever the files and format: {outputs:?}");
}

/// The entities of `toml` as a JSON Lines file, one entity a line, last first.
fn jsonl(toml: &str) -> String {
    let table: toml::Table = toml.parse().unwrap();
    let entities = table["entity"].as_array().unwrap();
    entities.iter().rev().map(|e| serde_json::json!({ "entity": e }).to_string() + "\n").collect()
}

/// The entities of `toml`, one file each, named so that they are read in reverse order.
fn split(toml: &str) -> Vec<(String, String)> {
    let parts: Vec<&str> = toml.split("\n[[entity]]").filter(|p| !p.trim().is_empty()).collect();
    let n = parts.len();
    parts.into_iter().enumerate().map(|(i, p)| (format!("e{}.toml", n - i), format!("[[entity]]{p}"))).collect()
}
