//! The standard packs' vocabulary (DESIGN §3, v2): the predicates DESIGN's table names, with
//! their type, cardinality and behaviour over time; status with `approved` and `suspended`; the
//! relations each entity predicate entails along; a phrase on every predicate; an example claim
//! for every predicate that loads as it is; and the checks of the pack keys `entails`, `optional`
//! and `phrase` (a bad pack per case in tests/bad-packs/, reported at its place, exit 2).

use claimlint::check::{self, Settings};
use claimlint::explain;
use claimlint::model::{Corpus, Predicate, Relation, ValueType};
use claimlint::packs::{self, PackSettings};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn standard() -> Corpus {
    let (packs, problems) = packs::load(&PackSettings {
        dirs: Vec::new(),
        default_rules: true,
        max_file_size: claimlint::load::DEFAULT_MAX_FILE_SIZE,
    });
    assert!(problems.is_empty(), "{problems:?}");
    packs
}

fn predicate<'c>(packs: &'c Corpus, name: &str) -> &'c Predicate {
    let id = packs.predicate_names.get(name).unwrap_or_else(|| panic!("the standard packs declare `{name}`"));
    packs.predicate(*id)
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn claimlint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .expect("claimlint runs")
}

/// DESIGN §3's table: name, type, cardinality one, stable, growing.
const TABLE: &[(&str, ValueType, bool, bool, bool)] = &[
    ("status", ValueType::Enum, true, false, false),
    ("party", ValueType::Entity, false, false, false),
    ("guarantor", ValueType::Entity, false, false, false),
    ("mediator", ValueType::Entity, false, false, false),
    ("covers", ValueType::Entity, false, false, false),
    ("takes-effect", ValueType::Date, true, true, false),
    ("scheduled", ValueType::Date, true, false, false),
    ("occurred", ValueType::None, true, false, false),
    ("responsible", ValueType::Entity, true, true, false),
    ("ordered-by", ValueType::Entity, false, false, false),
    ("location", ValueType::Entity, true, true, false),
    ("launched-from", ValueType::Entity, true, true, false),
    ("weapon", ValueType::Entity, true, true, false),
    ("cause", ValueType::Text, true, true, false),
    ("works-for", ValueType::Entity, false, false, false),
    ("killed", ValueType::Number, true, false, true),
    ("injured", ValueType::Number, true, false, true),
    ("evacuated", ValueType::Number, true, false, true),
    ("displaced", ValueType::Number, true, false, true),
    ("arrested", ValueType::Number, true, false, true),
    ("released", ValueType::Number, true, false, true),
    ("missing", ValueType::Number, true, false, false),
];

#[test]
fn the_standard_packs_declare_design_s_vocabulary() {
    let packs = standard();
    for &(name, value_type, one, stable, growing) in TABLE {
        let p = predicate(&packs, name);
        assert_eq!(p.value_type, value_type, "{name}: type");
        if value_type != ValueType::None {
            assert_eq!(p.one, one, "{name}: cardinality");
        }
        assert_eq!(p.stable, stable, "{name}: stable");
        assert_eq!(p.growing, growing, "{name}: growing");
        if value_type == ValueType::Number {
            assert!(p.count, "{name}: a count of people is a whole number");
            assert!(p.tolerance > 0.0, "{name}: figures get the tolerance of the others");
        }
        assert!(!p.description.is_empty(), "{name}: no description");
        assert!(!p.triggers.is_empty(), "{name}: `claimlint draft` has no trigger for it");
    }
}

#[test]
fn status_has_the_v2_stages_optional_and_terminal_values() {
    let packs = standard();
    let status = predicate(&packs, "status");
    let values: Vec<&str> = status.values.iter().map(String::as_str).collect();
    assert_eq!(
        values,
        [
            "proposed",
            "negotiating",
            "agreed",
            "signed",
            "approved",
            "in-force",
            "ended",
            "suspended",
            "collapsed",
            "rejected"
        ]
    );
    let name = |i: &u16| status.values[*i as usize].as_str();
    let stages: Vec<&str> = status.progression.iter().map(name).collect();
    assert_eq!(stages, ["proposed", "negotiating", "agreed", "signed", "approved", "in-force", "ended"]);
    let optional: Vec<&str> = status.optional.iter().map(name).collect();
    assert_eq!(optional, ["signed", "approved"]);
    for terminal in ["suspended", "collapsed", "rejected"] {
        let i = status.values.iter().position(|v| v == terminal).expect("a value") as u16;
        assert!(!status.progression.contains(&i), "{terminal} stands outside the progression");
    }
}

#[test]
fn entity_predicates_entail_along_the_relations_design_names() {
    let packs = standard();
    let along = |name: &str| -> Vec<Relation> {
        match name {
            "responsible" | "ordered-by" | "party" | "guarantor" | "mediator" => vec![Relation::SpeaksFor],
            "location" | "launched-from" => vec![Relation::PartOf],
            _ => Vec::new(),
        }
    };
    for p in packs.predicates.iter().filter(|p| p.pack != "consistency") {
        assert_eq!(p.entails, along(&p.name), "{}: entails", p.name);
        if p.value_type != ValueType::Entity {
            assert!(p.entails.is_empty(), "{}: only entity values entail", p.name);
        }
    }
    // Every name DESIGN gives is an entity predicate of the packs.
    for name in ["responsible", "ordered-by", "party", "guarantor", "mediator", "location", "launched-from"] {
        assert_eq!(predicate(&packs, name).value_type, ValueType::Entity, "{name}");
    }
}

#[test]
fn every_standard_predicate_has_a_phrase_that_reads_as_english() {
    let packs = standard();
    assert!(!packs.predicates.is_empty());
    for p in &packs.predicates {
        let phrase = p.phrase.as_deref().unwrap_or_else(|| panic!("`{}` has no phrase", p.name));
        assert!(phrase.contains("{subject}"), "{}: {phrase}", p.name);
        assert_eq!(phrase, phrase.trim(), "{}", p.name);
        assert!(phrase.starts_with(char::is_lowercase), "{}: a phrase goes inside a sentence: {phrase}", p.name);
        // The default "the {predicate} of {subject}" reads only where the name is a noun: not
        // "the occurred of", "the responsible of", "the works-for of".
        if !["status", "cause"].contains(&p.name.as_str()) {
            assert!(!phrase.starts_with(&format!("the {} of", p.name)), "{}: {phrase}", p.name);
        }
        let said = p.phrase("\"the deal\"");
        assert!(said.contains("\"the deal\"") && !said.contains("{subject}"), "{said}");
        for message in [format!("reports disagree on {said}"), format!("open question: {said}")] {
            assert!(!message.contains(" a event") && !message.contains("  "), "{message}");
        }
    }
    assert_eq!(predicate(&packs, "occurred").phrase("the blast"), "whether the blast happened");
    assert_eq!(predicate(&packs, "responsible").phrase("the blast"), "who was responsible for the blast");
    assert_eq!(predicate(&packs, "killed").phrase("the blast"), "the number killed in the blast");
}

/// A corpus holding one report whose only claim is `claim` (TOML), with the entities it names of
/// the kinds given.
fn corpus_of(claim: &str, entities: &[(&str, &str)], pack: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let claims = dir.path().join("claims");
    std::fs::create_dir_all(claims.join("reports")).expect("claims/reports");
    let mut toml = String::new();
    for (id, kind) in entities {
        toml.push_str(&format!("[[entity]]\nid = \"{id}\"\nname = \"{id}\"\nkind = \"{kind}\"\n\n"));
    }
    std::fs::write(claims.join("entities.toml"), toml).expect("entities");
    std::fs::write(claims.join("reports/r.txt"), "It said the words of the report that say it, and more.\n")
        .expect("text");
    let report = "[report]\ntitle = \"A report\"\noutlet = \"Example News\"\npublished = 2016-12-13\n\
                  text = \"reports/r.txt\"\n\n";
    std::fs::write(claims.join("r.toml"), format!("{report}{claim}")).expect("claim file");
    if let Some(pack) = pack {
        std::fs::create_dir_all(dir.path().join("rules")).expect("rules");
        std::fs::write(dir.path().join("rules/local.toml"), pack).expect("pack");
    }
    dir
}

/// The settings of a check of `dir`, with its own pack when it has one.
fn settings(dir: &Path) -> Settings {
    let mut settings = Settings::new(dir);
    if dir.join("rules").is_dir() {
        settings.rules = vec![dir.join("rules")];
    }
    settings
}

/// The subject and (for an entity predicate) the value an example claim names.
fn named(example: &str) -> (String, Option<String>) {
    let table: toml::Table = example.parse().unwrap_or_else(|e| panic!("not TOML ({e}):\n{example}"));
    let claim = &table["claim"].as_array().expect("[[claim]]")[0];
    let subject = claim["subject"].as_str().expect("a subject").to_string();
    (subject, claim.get("value").and_then(|v| v.as_str()).map(str::to_string))
}

fn assert_loads_clean(p: &Predicate, example: &str, pack: Option<&str>) {
    let (subject, value) = named(example);
    let kind = p.subject_kinds.first().map_or("event", String::as_str);
    let mut entities = vec![(subject.as_str(), kind)];
    if let (ValueType::Entity, Some(v)) = (p.value_type, value.as_deref()) {
        entities.push((v, "place"));
    }
    let dir = corpus_of(example, &entities, pack);
    let outcome = check::run(&settings(dir.path()));
    let problems: Vec<&str> = outcome
        .findings
        .iter()
        .filter(|f| f.origin == claimlint::findings::Origin::Corpus)
        .map(|f| f.message.as_str())
        .collect();
    assert!(problems.is_empty(), "{}: the example does not load:\n{example}\n{problems:?}", p.name);
    assert_eq!(outcome.corpus.claims.len(), 1, "{}: {example}", p.name);
}

#[test]
fn every_predicate_s_example_claim_loads_as_it_is() {
    let packs = standard();
    for p in &packs.predicates {
        let example = explain::example_claim(p);
        let (_, value) = named(&example);
        assert_eq!(value.is_none(), matches!(p.value_type, ValueType::None | ValueType::Number | ValueType::Date));
        assert_loads_clean(p, &example, None);
    }
}

#[test]
fn a_corpus_pack_predicate_gets_an_example_claim_too() {
    let pack = r#"
[[predicate]]
name = "vessel-flag"
description = "the state a ship sails under"
subject-kinds = ["vessel"]
type = "enum"
values = ["panama", "liberia"]
"#;
    let dir = corpus_of("", &[], Some(pack));
    let outcome = check::run(&settings(dir.path()));
    let p = outcome.corpus.predicate(outcome.corpus.predicate_names["vessel-flag"]);
    let example = explain::example_claim(p);
    assert!(example.contains("subject = \"some-vessel\""), "{example}");
    assert!(example.contains("value = \"panama\""), "{example}");
    assert_loads_clean(p, &example, Some(pack));
    let out = claimlint(&["explain", "vessel-flag", "--rules", &dir.path().join("rules").to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("phrase:      the vessel-flag of {subject} (the default)"), "{stdout}");
    assert!(stdout.contains(&example), "{stdout}");
}

#[test]
fn explain_shows_a_predicate_s_vocabulary_and_an_example() {
    let out = claimlint(&["explain", "status"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for line in [
        "type:        enum",
        "cardinality: one",
        "values:      proposed, negotiating, agreed, signed, approved, in-force, ended, suspended, collapsed, rejected",
        "progression: proposed → negotiating → agreed → [signed] → [approved] → in-force → ended",
        "optional:    signed, approved",
        "terminal:    suspended, collapsed, rejected",
        "subjects:    agreement",
        "phrase:      the status of {subject}",
        "## Example claim",
        "predicate = \"status\"",
        "value = \"agreed\"",
    ] {
        assert!(stdout.contains(line), "explain status lacks {line:?}:\n{stdout}");
    }
    let out = claimlint(&["explain", "responsible"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("entails:     along speaks-for"), "{stdout}");
    assert!(stdout.contains("phrase:      who was responsible for {subject}"), "{stdout}");
    let out = claimlint(&["explain", "covers"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("entails:     — (a value asserts only itself)"), "{stdout}");
    let out = claimlint(&["explain", "released"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("type:        number (a count: whole numbers ≥ 0)"), "{stdout}");
    assert!(stdout.contains("over time:   growing; tolerance 0.05"), "{stdout}");
    assert!(stdout.contains("value = 12"), "{stdout}");
}

#[test]
fn explain_and_rules_escape_what_a_pack_says() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("p.toml"),
        "[[predicate]]\nname = \"yield\"\ndescription = \"kilograms\\u001b[2J of explosive\"\n\
         subject-kinds = [\"dev\\u202eice\"]\ntype = \"number\"\n",
    )
    .expect("pack");
    let rules = dir.path().to_string_lossy().to_string();
    for args in [vec!["explain", "yield", "--rules", &rules], vec!["rules", "--rules", &rules]] {
        let out = claimlint(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'), "{args:?}: {stdout:?}");
        assert!(stdout.contains("dev\\u{202e}ice"), "{args:?}: {stdout}");
    }
}

/// The bad packs of tests/bad-packs/: each case's diagnostic, at its place.
const BAD_PACKS: &[(&str, &str)] = &[
    ("entails-not-entity", "7:12: error[invalid-value]: only entity predicates `entails` other values"),
    (
        "entails-unknown-relation",
        "7:26: error[invalid-value]: `entails` names relations (part-of, speaks-for), found `located-in`",
    ),
    (
        "optional-not-a-stage",
        "9:24: error[invalid-value]: optional stage `vetoed` is not a stage of the predicate's progression",
    ),
    ("phrase-without-subject", "5:10: error[invalid-value]: a `phrase` names its subject: write `{subject}` in it"),
];

#[test]
fn bad_pack_keys_are_reported_at_their_place_and_exit_2() {
    for (case, expected) in BAD_PACKS {
        let dir = format!("tests/bad-packs/{case}");
        let out = claimlint(&["rules", "--rules", &dir]);
        assert_eq!(out.status.code(), Some(2), "{case}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{case}: one problem:\n{stderr}");
        assert!(stderr.contains(&format!("{dir}/pack.toml:{expected}")), "{case}:\n{stderr}");
        // A check with the pack: exit 2, the diagnostic in JSON at the same place, and the corpus's
        // claims still checked.
        let out = claimlint(&["check", ".", "--rules", &dir, "--format", "json"]);
        assert_eq!(out.status.code(), Some(2), "{case}");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let found: Vec<&Value> =
            v["findings"].as_array().expect("findings").iter().filter(|f| f["rule"] == "invalid-value").collect();
        assert_eq!(found.len(), 1, "{case}: {found:#?}");
        let at = &found[0]["locations"][0];
        let (line, column) = expected.split_once(": ").expect("a place").0.split_once(':').expect("line:column");
        assert!(at["path"].as_str().expect("a path").ends_with(&format!("{case}/pack.toml")), "{at}");
        assert_eq!(at["line"].to_string(), line, "{case}");
        assert_eq!(at["column"].to_string(), column, "{case}");
        assert_eq!(v["summary"]["claims"], 69, "{case}: the example corpus is still checked");
    }
}

#[test]
fn the_readme_table_of_the_vocabulary_is_generated_from_the_packs() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let begin = readme.find("<!-- vocabulary:begin").expect("vocabulary:begin marker");
    let begin = begin + readme[begin..].find('\n').expect("end of marker line") + 1;
    let end = readme.find("<!-- vocabulary:end -->").expect("vocabulary:end marker");
    let expected = explain::vocabulary_table(&standard());
    if readme[begin..end] != expected {
        std::fs::write(std::env::temp_dir().join("claimlint-vocabulary-table.md"), &expected).expect("write");
    }
    assert_eq!(&readme[begin..end], expected, "replace the README's table with:\n{expected}");
}

#[test]
fn the_readme_shows_explain_of_a_predicate_as_it_prints() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let command = "$ claimlint explain works-for\n";
    let start = readme.find(command).expect("the README shows `claimlint explain works-for`") + command.len();
    let end = start + readme[start..].find("\n````").expect("the end of the block") + 1;
    let out = claimlint(&["explain", "works-for"]);
    assert_eq!(&readme[start..end], String::from_utf8_lossy(&out.stdout));
}

/// `released` and `missing` are counts like the other figures (DESIGN §3 v2: whole numbers ≥ 0, a
/// range's low end not above its high end), and an entity of kind `weapon` is a `weapon` value.
#[test]
fn released_and_missing_are_checked_as_counts_and_a_weapon_entity_is_a_value() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let claims = dir.path().join("claims");
    std::fs::create_dir_all(claims.join("reports")).expect("claims/reports");
    std::fs::write(
        claims.join("entities.toml"),
        "[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n\n\
         [[entity]]\nid = \"flood\"\nname = \"the flood\"\nkind = \"event\"\n\n\
         [[entity]]\nid = \"buk\"\nname = \"a Buk missile\"\nkind = \"weapon\"\n",
    )
    .expect("entities");
    std::fs::write(claims.join("reports/r.txt"), "Hamas released 13 hostages. Dozens are missing. It was a Buk.\n")
        .expect("text");
    let claim = |id: &str, subject: &str, predicate: &str, value: &str, quote: &str| {
        format!(
            "[[claim]]\nid = \"{id}\"\nsubject = \"{subject}\"\npredicate = \"{predicate}\"\nvalue = {value}\nquote = \"{quote}\"\n\n"
        )
    };
    let file = [
        "[report]\ntitle = \"t\"\noutlet = \"o\"\npublished = 2023-11-24\ntext = \"reports/r.txt\"\n\n".to_string(),
        claim("half", "deal", "released", "12.5", "Hamas released 13 hostages"),
        claim("negative", "flood", "missing", "-3", "Dozens are missing"),
        claim("backwards", "flood", "missing", "[30, 20]", "Dozens are missing"),
        claim("whole", "deal", "released", "13", "Hamas released 13 hostages"),
        claim("weapon", "flood", "weapon", "\"buk\"", "It was a Buk"),
    ]
    .concat();
    std::fs::write(claims.join("r.toml"), &file).expect("claim file");
    let out = claimlint(&["check", &dir.path().to_string_lossy(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let invalid: Vec<(u64, &str)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "invalid-value")
        .map(|f| (f["locations"][0]["line"].as_u64().unwrap_or(0), f["message"].as_str().unwrap_or("")))
        .collect();
    let line_of = |id: &str| {
        let at = file.find(&format!("id = \"{id}\"")).expect("the claim");
        file[at..].find("value = ").map(|v| file[..at + v].lines().count() as u64 + 1).expect("its value")
    };
    assert_eq!(
        invalid,
        [
            (line_of("half"), "`released` counts people or things: its figures are whole numbers"),
            (line_of("negative"), "figures cannot be negative"),
            (line_of("backwards"), "a range's low end is above its high end"),
        ]
    );
    assert_eq!(v["summary"]["claims"], 2, "the whole count and the weapon load");
}
