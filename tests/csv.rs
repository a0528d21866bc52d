//! CSV claim files through the command line: one corpus written as TOML, as JSON Lines and as CSV
//! checks identically, and every problem of a CSV file is reported at its cell (row, column and
//! byte span) while the other rows are still checked.

mod common;

use common::{code, copy_tree, repo, run, scratch, write};
use serde_json::Value;
use std::path::Path;

/// `claimlint check --format json` run in `dir`: exit code and the JSON output.
fn check(dir: &Path) -> (i32, Value) {
    let out = run(dir, &["check", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    (code(&out), json)
}

/// A TOML value as a CSV cell writes it: lists `;`-separated, a range `low-high`.
fn cell(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(items) if items.iter().all(|i| i.is_str()) => {
            items.iter().filter_map(|i| i.as_str()).collect::<Vec<_>>().join(";")
        }
        toml::Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("-"),
        toml::Value::Table(_) => panic!("no table is a cell"),
    }
}

/// RFC 4180 quoting, where a cell needs it.
fn quoted(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.trim() != s {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A TOML value as JSON, dates as RFC 3339 strings.
fn json(v: &toml::Value) -> Value {
    match v {
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(json).collect()),
        toml::Value::Table(t) => Value::Object(t.iter().map(|(k, v)| (k.clone(), json(v))).collect()),
        other => serde_json::to_value(other).expect("a plain value"),
    }
}

/// The report claim files of `claims` (TOML), rewritten as one `.jsonl` file and as one `.csv`
/// file; the entity files are kept as they are.
fn rewrite(claims: &Path) -> (Vec<String>, String, String) {
    let mut names: Vec<_> = std::fs::read_dir(claims).expect("claims").map(|e| e.expect("entry").path()).collect();
    names.sort();
    let (mut reports, mut lines, mut rows) = (Vec::new(), Vec::new(), Vec::new());
    let mut columns: Vec<String> = Vec::new();
    for path in names.iter().filter(|p| p.extension().is_some_and(|e| e == "toml")) {
        let table: toml::Table = std::fs::read_to_string(path).expect("read").parse().expect("TOML");
        let Some(toml::Value::Table(report)) = table.get("report") else { continue };
        reports.push(path.file_name().expect("name").to_string_lossy().into_owned());
        let mut report = report.clone();
        let stem = path.file_stem().expect("stem").to_string_lossy().into_owned();
        report.entry("id").or_insert(toml::Value::String(stem));
        let claims = table.get("claim").and_then(|c| c.as_array()).cloned().unwrap_or_default();
        let mut line = serde_json::Map::new();
        line.insert("report".into(), json(&toml::Value::Table(report.clone())));
        line.insert("claim".into(), json(&toml::Value::Array(claims.clone())));
        lines.push(Value::Object(line).to_string());
        for claim in &claims {
            let mut row: Vec<(String, String)> = report.iter().map(|(k, v)| (format!("report-{k}"), cell(v))).collect();
            let claim = claim.as_table().expect("a claim table");
            row.extend(claim.iter().map(|(k, v)| (k.clone(), cell(v))));
            for (column, _) in &row {
                if !columns.contains(column) {
                    columns.push(column.clone());
                }
            }
            rows.push(row);
        }
    }
    let mut csv = columns.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(",") + "\r\n";
    for row in rows {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| row.iter().find(|(k, _)| k == c).map(|(_, v)| quoted(v)).unwrap_or_default())
            .collect();
        csv += &(cells.join(",") + "\r\n");
    }
    (reports, lines.join("\n") + "\n", csv)
}

/// The findings without what depends on the claim files' names and format: the paths of
/// locations in claim files.
fn comparable(json: &Value) -> Value {
    let mut json = json.clone();
    for finding in json["findings"].as_array_mut().into_iter().flatten() {
        for location in finding["locations"].as_array_mut().into_iter().flatten() {
            let path = location["path"].as_str().unwrap_or_default();
            if !path.ends_with(".txt") {
                location["path"] = Value::Null;
            }
        }
    }
    json
}

#[test]
fn the_example_corpus_checks_the_same_as_toml_json_lines_and_csv() {
    let toml_dir = scratch("csv-parity-toml");
    copy_tree(&repo().join("claims"), &toml_dir.join("claims"));
    let (reports, jsonl, csv) = rewrite(&toml_dir.join("claims"));
    assert_eq!(reports.len(), 3, "the three seed reports");
    let mut outputs = vec![check(&toml_dir)];
    for (name, file, text) in [("jsonl", "claims/reports.jsonl", &jsonl), ("csv", "claims/reports.csv", &csv)] {
        let dir = scratch(&format!("csv-parity-{name}"));
        copy_tree(&repo().join("claims"), &dir.join("claims"));
        for report in &reports {
            std::fs::remove_file(dir.join("claims").join(report)).expect("TOML claim file removed");
        }
        write(&dir.join(file), text.as_bytes());
        outputs.push(check(&dir));
    }
    let (toml_code, toml_json) = &outputs[0];
    assert!(toml_json["findings"].as_array().is_some_and(|f| f.len() > 5), "{toml_json}");
    for (name, (code, json)) in ["JSON Lines", "CSV"].iter().zip(&outputs[1..]) {
        assert_eq!(code, toml_code, "{name}");
        assert_eq!(comparable(json), comparable(toml_json), "{name} checks differently from TOML");
    }
}

const ENTITIES: &str = r#"
[[entity]]
id = "deal"
name = "the deal"
kind = "agreement"
aliases = ["the accord"]

[[entity]]
id = "attack"
name = "the attack"
kind = "event"
"#;

const TEXT: &str = "Officials said the deal was agreed on Tuesday. At least 120 people were killed.\n";

fn corpus(name: &str, csv: &[u8]) -> std::path::PathBuf {
    let dir = scratch(name);
    write(&dir.join("claims/entities.toml"), ENTITIES.as_bytes());
    write(&dir.join("claims/texts/a.txt"), TEXT.as_bytes());
    write(&dir.join("claims/log.csv"), csv);
    dir
}

/// Each finding's code, the text it points at in the CSV file and its line and column.
fn problems(json: &Value, csv: &[u8]) -> Vec<(String, String, u64, u64)> {
    let mut out = Vec::new();
    for f in json["findings"].as_array().into_iter().flatten() {
        let l = &f["locations"][0];
        if l["path"] != "claims/log.csv" {
            continue;
        }
        let (offset, length) = (l["offset"].as_u64().unwrap() as usize, l["length"].as_u64().unwrap() as usize);
        let text = String::from_utf8_lossy(&csv[offset..offset + length]).into_owned();
        out.push((
            f["rule"].as_str().unwrap().to_string(),
            text,
            l["line"].as_u64().unwrap(),
            l["column"].as_u64().unwrap(),
        ));
    }
    out.sort_by_key(|p| (p.2, p.3));
    out
}

const HEADER: &str =
    "report-id,report-title,report-outlet,report-published,report-text,id,subject,predicate,value,negated,quote\n";

#[test]
fn a_good_log_checks_with_ranges_lists_dates_and_booleans() {
    let csv = "\u{feff}id,subject,predicate,value,negated,bound,quote,report-via,report-id,report-title,report-outlet,report-published,report-text\r\n\
        agreed,the accord,status,agreed,FALSE,,the deal was agreed,AFP; AP,a,A,Reuters,2016-12-13T09:45:00Z,texts/a.txt\r\n\
        toll,attack,killed,120,,at-least,\"At least 120 people\",,a,,,,\r\n\
        range,attack,killed,100-300,false,,\"120 people were killed\",,a,,,,\r\n";
    let dir = corpus("csv-good", csv.as_bytes());
    let (status, json) = check(&dir);
    assert_eq!(json["summary"]["claims"], 3, "{json}");
    assert!(problems(&json, csv.as_bytes()).is_empty(), "{json}");
    assert_eq!(status, 0, "{json}");
}

#[test]
fn each_problem_is_reported_at_its_cell_and_the_other_rows_are_still_read() {
    let csv = [
        HEADER,
        "a,A,Reuters,2016-12-13,texts/a.txt,ok,deal,status,agreed,,the deal was agreed\n",
        // An inconsistent report title: the row is left out.
        "a,Another,Reuters,,,,deal,status,agreed,,the deal was agreed\n",
        // A quote inside a cell that is not quoted.
        "a,,,,,bad\"id,deal,status,agreed,,x\n",
        // A boolean that is not one, a value that is not a number, an unknown predicate.
        "a,,,,,neg,deal,status,agreed,yes,the deal was agreed\n",
        "a,,,,,toll,attack,killed,\"8,000\",,120 people\n",
        "a,,,,,pred,deal,statos,agreed,,the deal was agreed\n",
        // Too few cells.
        "a,,,,,short,deal\n",
        // A missing quote: pointed at its empty cell.
        "a,,,,,noquote,deal,status,agreed,,\n",
        // Not UTF-8.
        "a,,,,,latin,deal,status,agreed,,caf\u{e9}\n",
        // A quoted cell never closed: reported, and reading starts again on the next line.
        "a,,,,,open,deal,status,agreed,,\"the deal\n",
        "a,,,,,last,attack,killed,120,,120 people\n",
    ]
    .concat();
    let latin = csv.replace("caf\u{e9}", "caf\u{1}");
    let mut bytes = latin.into_bytes();
    let at = bytes.iter().position(|&b| b == 1).expect("the marker");
    bytes[at] = 0xE9;
    let dir = corpus("csv-cells", &bytes);
    let (status, json) = check(&dir);
    assert_eq!(status, 2, "{json}");
    let found = problems(&json, &bytes);
    let expected: Vec<(&str, &str, u64, u64)> = vec![
        ("inconsistent-report", "Another", 3, 3),
        ("csv-syntax", "\"", 4, 10),
        ("wrong-type", "yes", 5, 30),
        ("invalid-value", "\"8,000\"", 6, 26),
        ("unknown-predicate", "statos", 7, 17),
        ("csv-syntax", "a,,,,,short,deal", 8, 1),
        ("missing-key", "", 9, 35),
        ("csv-syntax", "\u{fffd}", 10, 36),
        ("csv-syntax", "\"", 11, 32),
    ];
    let found: Vec<(&str, &str, u64, u64)> =
        found.iter().map(|(c, t, l, col)| (c.as_str(), t.as_str(), *l, *col)).collect();
    assert_eq!(found, expected, "{json:#}");
    // The good rows are still checked: `ok` and `last`.
    assert_eq!(json["summary"]["claims"], 2, "{json}");
}

#[test]
fn a_mistyped_column_is_an_error_with_a_suggestion() {
    let csv = HEADER.replace(",quote", ",quot").replace("report-title", "title")
        + "a,A,Reuters,2016-12-13,texts/a.txt,ok,deal,status,agreed,,x\n";
    let dir = corpus("csv-columns", csv.as_bytes());
    let out = run(&dir, &["check", "--format", "short"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(code(&out), 2, "{stdout}");
    assert!(stdout.contains("claims/log.csv:1:11: error[unknown-key]: unknown column `title`"), "{stdout}");
    let json = check(&dir).1;
    let unknown: Vec<String> = json["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"] == "unknown-key")
        .map(|f| format!("{} / {}", f["message"].as_str().unwrap(), f["locations"][0]["column"]))
        .collect();
    assert_eq!(unknown, ["unknown column `title` / 11", "unknown column `quot` / 95"], "{json:#}");
    let human = run(&dir, &["check"]);
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(human.contains("did you mean `quote`?"), "{human}");
    assert!(human.contains("did you mean `report-title`?"), "{human}");
}

/// Loads `bytes` as a CSV claim file (and `text` as its report) from memory on the standard
/// packs, runs every rule and renders every format: nothing panics, and every span lies inside
/// its file on character boundaries.
fn load_anything(bytes: &[u8], text: &str) {
    use claimlint::render::{self, Format, Run};
    use claimlint::{graph, load, packs, resolve, rules};
    use clap::ValueEnum;
    let mut sources = claimlint::source::Sources::default();
    let (mut problems, mut raw) = (Vec::new(), load::RawCorpus::default());
    for (name, pack) in packs::BUILTIN {
        let file = sources.add(format!("<built-in>/rules/{name}.toml"), *pack);
        raw.packs.push(load::read_pack(name, file, pack, &mut problems));
    }
    load::read_claim_bytes(Path::new("claims/f.csv"), bytes, Some(text), &mut sources, &mut problems, &mut raw);
    let corpus = resolve::resolve(raw, sources, &mut problems);
    let mut findings = rules::run(&corpus, &graph::EntityGraph::build(&corpus.entities));
    findings.extend(problems);
    claimlint::findings::sort(&mut findings, &corpus.sources);
    for f in &findings {
        for l in &f.locations {
            let t = corpus.sources.get(l.span.file).text();
            assert!(l.span.start <= l.span.end && l.span.end <= t.len(), "{}: {:?}", f.rule, l.span);
            assert!(t.is_char_boundary(l.span.start) && t.is_char_boundary(l.span.end), "{}: {:?}", f.rule, l.span);
        }
    }
    let run = Run {
        sources: &corpus.sources,
        view: claimlint::view::View::of(&corpus),
        findings: &findings,
        allowed: &[],
        baselined: &[],
    };
    for format in Format::value_variants() {
        let options = render::Options { color: false, width: 80, show_allowed: true, ..Default::default() };
        render::render(*format, &run, &mut Vec::new(), &options).expect("rendered");
    }
}

/// Pieces of CSV claim files, so that generated input reaches past the header and the cells.
const PIECES: &[&[u8]] = &[
    b",",
    b"\"",
    b"\"\"",
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b";",
    b"-",
    b"a",
    b"deal",
    b"status",
    b"agreed",
    b"killed",
    b"100-300",
    b"1e999",
    b"true",
    b"FALSE",
    b"2016-12-13",
    b"2016-02-30",
    b"texts/a.txt",
    b"report-id",
    b"quote",
    b"report-title",
    b"\xc3\xa9",
    b"\xff",
    b"\xe2\x80",
    b"\xef\xbb\xbf",
    b"the deal was agreed",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..Default::default() })]
    #[test]
    fn any_csv_loads_without_panicking(
        rows in proptest::collection::vec(proptest::collection::vec(proptest::sample::select(PIECES), 0..24), 0..6),
        with_header in proptest::bool::ANY,
    ) {
        let mut bytes = if with_header { HEADER.as_bytes().to_vec() } else { Vec::new() };
        for row in rows {
            bytes.extend(row.concat());
            bytes.push(b'\n');
        }
        load_anything(&bytes, "the deal was agreed; 100 to 300 were killed");
    }
}

/// The README's example of a CSV claim file reads without a problem in the example corpus.
#[test]
fn the_readme_example_reads_cleanly() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let start = readme.find("```csv\n").expect("a csv block in the README") + "```csv\n".len();
    let block = &readme[start..start + readme[start..].find("```").expect("its end")];
    let dir = scratch("csv-readme");
    copy_tree(&repo().join("claims"), &dir.join("claims"));
    std::fs::remove_file(dir.join("claims/turkey-talking-to-russia.toml")).expect("removed");
    write(&dir.join("claims/log.csv"), block.as_bytes());
    let (status, json) = check(&dir);
    let problems: Vec<&Value> =
        json["findings"].as_array().into_iter().flatten().filter(|f| f["kind"] == "corpus").collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert_ne!(status, 2);
    assert!(block.lines().count() >= 3, "a header and two rows");
}

/// The claims of a report that cannot be read are listed under the report's own `report-id`.
#[test]
fn claims_of_a_broken_report_go_by_its_report_id() {
    let csv = format!("{HEADER}sheet,A title,,2016-12-13,texts/a.txt,c,deal,status,agreed,,the deal was agreed\n");
    let dir = corpus("csv-broken-report", csv.as_bytes());
    let (status, json) = check(&dir);
    assert_eq!(status, 2);
    let unchecked: Vec<&Value> =
        json["findings"].as_array().into_iter().flatten().filter(|f| f["rule"] == "unchecked-claims").collect();
    assert_eq!(unchecked.len(), 1, "{json:#}");
    assert_eq!(unchecked[0]["claims"], serde_json::json!(["sheet#c"]));
    assert_eq!(
        unchecked[0]["message"],
        "the claim of report `sheet` is not checked: its [report] table could not be read"
    );
}
