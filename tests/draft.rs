//! `claimlint draft`: every quote anchors, each kind of cue is read, the JSON has the shape of
//! DESIGN §9, a file is never overwritten, and the draft of each example report loads with no
//! error other than its marked blanks.

use claimlint::check::{self, Settings};
use claimlint::draft::{self, CueKind, DraftClaim, DraftValue, Options};
use claimlint::findings::Origin;
use claimlint::model::{Bound, Certainty};
use claimlint::quote::{self, Anchor};
use claimlint::time::Date;
use std::path::Path;
use std::process::Command;

const DRAFT_SCHEMA: &str = include_str!("schemas/draft.schema.json");

const EXAMPLES: &[(&str, &str)] = &[
    ("turkey-talking-to-russia", "2016-12-13"),
    ("turkey-confirms-ceasefire", "2016-12-13"),
    ("countrywide-ceasefire-plan", "2016-12-29"),
];

fn claimlint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimlint")).args(args).output().expect("claimlint runs")
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_quote_of_every_example_draft_anchors_where_it_says() {
    let outcome = check::run(&Settings::new(repo()));
    for (id, published) in EXAMPLES {
        let text = std::fs::read_to_string(repo().join(format!("claims/reports/{id}.txt"))).unwrap();
        let options = Options {
            id: id.to_string(),
            text_path: format!("reports/{id}.txt"),
            outlet: None,
            published: Some(draft::parse_published(published).unwrap()),
        };
        let d = draft::draft(&text, &outcome.corpus, &options);
        assert!(d.claims.len() >= 10, "{id}: only {} claims drafted", d.claims.len());
        let schema: serde_json::Value = serde_json::from_str(DRAFT_SCHEMA).expect("the schema is JSON");
        let json = draft::output::json(&d);
        assert!(jsonschema::validator_for(&schema).expect("the schema compiles").is_valid(&json), "{id}: {json:#}");
        let folded = quote::fold(&text);
        for c in &d.claims {
            let anchor = quote::anchor(&folded, &c.quote, c.prefix.as_deref(), c.suffix.as_deref());
            assert_eq!(anchor, Anchor::Found(c.offset, c.offset + c.length), "{id}#{}: {:?}", c.id, c.quote);
            assert_eq!(&text[c.offset..c.offset + c.length], c.quote);
            assert!(c.cues.iter().any(|q| q.kind == CueKind::Trigger), "{id}#{} has no trigger cue", c.id);
            for q in &c.cues {
                assert_eq!(&text[q.offset..q.offset + q.text.len()], q.text, "{id}#{}: cue at its offset", c.id);
            }
        }
    }
}

#[test]
fn the_draft_of_each_example_report_loads_with_no_error_but_its_marked_blanks() {
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims");
    std::fs::create_dir_all(claims.join("reports")).unwrap();
    std::fs::copy(repo().join("claims/entities.toml"), claims.join("entities.toml")).unwrap();
    for (id, published) in EXAMPLES {
        let text = claims.join(format!("reports/{id}.txt"));
        std::fs::copy(repo().join(format!("claims/reports/{id}.txt")), &text).unwrap();
        let output = claims.join(format!("{id}.toml"));
        let run = claimlint(&[
            "draft",
            text.to_str().unwrap(),
            "--published",
            published,
            "--output",
            output.to_str().unwrap(),
        ]);
        assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    }
    let outcome = check::run(&Settings::new(dir.path()));
    assert_eq!(outcome.corpus.reports.len(), 3);
    assert!(outcome.corpus.claims.len() >= 20, "{} claims load", outcome.corpus.claims.len());
    let mut blanks = 0;
    for f in outcome.findings.iter().filter(|f| f.origin == Origin::Corpus) {
        let at = f.primary().expect("a load error has a place");
        let file = outcome.corpus.sources.get(at.span.file);
        let written = &file.text()[at.span.start..at.span.end];
        assert_eq!(written, "\"?\"", "{}: {} ({})", file.path, f.message, f.rule);
        blanks += 1;
    }
    assert!(blanks > 0, "the example drafts leave some subjects blank");
}

/// A corpus of two countries, a place and an agreement, and a report in news style.
fn small_corpus() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims");
    std::fs::create_dir_all(claims.join("reports")).unwrap();
    std::fs::write(
        claims.join("entities.toml"),
        r#"
[[entity]]
id = "northland"
name = "Northland"
kind = "country"

[[entity]]
id = "southland"
name = "Southland"
kind = "country"

[[entity]]
id = "riverton-truce"
name = "the Riverton truce"
kind = "agreement"

[[entity]]
id = "riverton-shelling"
name = "the shelling of Riverton"
kind = "event"
"#,
    )
    .unwrap();
    let text = "Northland and Southland in talks on Riverton truce\n\n\
        RIVERTON (Example News) - The Riverton truce has not been agreed, a senior Northland official said on Monday.\n\n\
        At least 12 people were killed in the shelling of Riverton yesterday, according to a hospital director.\n\n\
        “We are on the verge of an agreement with Southland on the Riverton truce,” the official said.\n\n\
        Unconfirmed reports said the Riverton truce had been signed.\n\n\
        It is unclear whether the Riverton truce will take effect on Thursday.\n"
        .to_string();
    std::fs::write(claims.join("reports/riverton.txt"), &text).unwrap();
    (dir, text)
}

fn draft_small() -> (String, draft::Draft) {
    let (dir, text) = small_corpus();
    let outcome = check::run(&Settings::new(dir.path()));
    let options = Options {
        id: "riverton".into(),
        text_path: "reports/riverton.txt".into(),
        outlet: None,
        published: Some(draft::parse_published("2024-03-05").unwrap()),
    };
    let d = draft::draft(&text, &outcome.corpus, &options);
    (text, d)
}

fn find<'d>(d: &'d draft::Draft, predicate: &str, words: &str) -> &'d DraftClaim {
    d.claims
        .iter()
        .find(|c| c.predicate == predicate && c.quote.contains(words))
        .unwrap_or_else(|| panic!("no {predicate} claim quoting {words:?} in {:#?}", d.claims))
}

fn has_cue(c: &DraftClaim, kind: CueKind, text: &str) -> bool {
    c.cues.iter().any(|q| q.kind == kind && q.text == text)
}

#[test]
fn the_report_header_comes_from_the_headline_and_the_dateline() {
    let (_, d) = draft_small();
    assert_eq!(d.report.title.as_deref(), Some("Northland and Southland in talks on Riverton truce"));
    assert_eq!(d.report.outlet.as_deref(), Some("Example News"));
}

#[test]
fn a_negation_cue_negates_the_trigger_in_its_scope() {
    let (_, d) = draft_small();
    let c = find(&d, "status", "has not been agreed");
    assert_eq!(c.value, Some(DraftValue::Enum("agreed".into())));
    assert_eq!(c.subject.as_deref(), Some("riverton-truce"));
    assert!(c.negated);
    assert!(has_cue(c, CueKind::Negation, "not"), "{:?}", c.cues);
}

#[test]
fn attribution_names_the_speaker_and_a_quotation_keeps_it() {
    let (_, d) = draft_small();
    let c = find(&d, "status", "has not been agreed");
    assert_eq!(c.source, Some(Some("senior-northland-official".into())));
    assert!(d.entities.iter().any(|e| e.id == "senior-northland-official" && e.kind.as_deref() == Some("person")));
    // "“…,” the official said": the official named before, not a new one.
    let q = find(&d, "status", "verge of an agreement");
    assert_eq!(q.source, Some(Some("senior-northland-official".into())));
    assert!(q.cues.iter().any(|c| c.kind == CueKind::Attribution));
    // The near miss: "on the verge of an agreement" is no agreement yet.
    let agreed = d
        .claims
        .iter()
        .find(|c| c.quote.contains("verge") && c.value == Some(DraftValue::Enum("agreed".into())))
        .expect("an agreed claim quoting the verge");
    assert!(agreed.negated);
    // "according to a hospital director": a stub.
    let k = find(&d, "killed", "At least 12");
    assert_eq!(k.source, Some(Some("hospital-director".into())));
}

#[test]
fn numbers_carry_their_bound_and_dates_resolve_against_publication() {
    let (_, d) = draft_small();
    let k = find(&d, "killed", "At least 12");
    assert_eq!(k.value, Some(DraftValue::Number(12.0, 12.0)));
    assert_eq!(k.bound, Some(Bound::AtLeast));
    assert_eq!(k.subject.as_deref(), Some("riverton-shelling"));
    assert!(has_cue(k, CueKind::Bound, "At least") && has_cue(k, CueKind::Number, "12"), "{:?}", k.cues);
    // Published Tuesday 5 March 2024: "yesterday" is the 4th.
    assert_eq!(k.as_of, Some(Date { year: 2024, month: 3, day: 4 }));
    assert!(has_cue(k, CueKind::Date, "yesterday"));
    // "will take effect on Thursday": the Thursday after publication.
    let t = find(&d, "takes-effect", "Thursday");
    assert_eq!(t.value, Some(DraftValue::Date(Date { year: 2024, month: 3, day: 7 })));
}

#[test]
fn hedge_cues_set_the_certainty() {
    let (_, d) = draft_small();
    let signed = find(&d, "status", "had been signed");
    assert_eq!(signed.certainty, Certainty::Possible);
    assert!(has_cue(signed, CueKind::Hedge, "Unconfirmed"), "{:?}", signed.cues);
    let open = find(&d, "takes-effect", "unclear whether");
    assert_eq!(open.certainty, Certainty::Unknown);
    assert!(!open.negated, "\"not clear\"-style hedges are not negations");
    let plain = find(&d, "status", "has not been agreed");
    assert_eq!(plain.certainty, Certainty::Certain);
}

#[test]
fn json_has_the_shape_of_design_9() {
    let (dir, text) = small_corpus();
    let report = dir.path().join("claims/reports/riverton.txt");
    let run = claimlint(&["draft", report.to_str().unwrap(), "--published", "2024-03-05", "--format", "json"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["claims", "entities", "report", "version"]);
    assert_eq!(v["version"], 1);
    assert_eq!(v["report"]["text"], "reports/riverton.txt");
    assert_eq!(v["report"]["published"], "2024-03-05");
    let claims = v["claims"].as_array().unwrap();
    assert!(!claims.is_empty());
    let mut expected = [
        "id",
        "subject",
        "predicate",
        "value",
        "negated",
        "certainty",
        "source",
        "as-of",
        "bound",
        "quote",
        "offset",
        "length",
        "cues",
    ]
    .map(String::from)
    .to_vec();
    expected.sort();
    for c in claims {
        assert_eq!(keys(c), expected);
        let (offset, length) = (c["offset"].as_u64().unwrap() as usize, c["length"].as_u64().unwrap() as usize);
        assert_eq!(&text[offset..offset + length], c["quote"].as_str().unwrap());
        for cue in c["cues"].as_array().unwrap() {
            assert_eq!(keys(cue), ["kind", "offset", "text"]);
        }
    }
    let schema: serde_json::Value = serde_json::from_str(DRAFT_SCHEMA).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // What it cannot tell is `null`, never a placeholder string.
    assert!(claims.iter().all(|c| c["subject"] != "?" && c["value"] != "?"));
    assert!(v["entities"].as_array().unwrap().iter().any(|e| e["id"] == "hospital-director"));
}

#[test]
fn csv_has_the_columns_the_csv_reader_reads() {
    let (dir, _) = small_corpus();
    let report = dir.path().join("claims/reports/riverton.txt");
    let run = claimlint(&["draft", report.to_str().unwrap(), "--published", "2024-03-05", "--format", "csv"]);
    assert_eq!(run.status.code(), Some(0));
    let out = String::from_utf8(run.stdout).unwrap();
    let header = out.lines().next().unwrap();
    assert_eq!(
        header,
        "id,subject,predicate,value,negated,certainty,source,as-of,quote,prefix,suffix,bound,corrects,note,\
         report-id,report-title,report-outlet,report-via,report-published,report-offset,report-url,report-text"
    );
    assert!(out.lines().count() > 3);
    assert!(String::from_utf8_lossy(&run.stderr).contains("unknown name: hospital director"));
    // The draft loads as a CSV claim file: no column is unknown, every row has every cell.
    std::fs::write(dir.path().join("claims/riverton.csv"), &out).unwrap();
    let check = claimlint(&["check", dir.path().to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let syntax: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| ["csv-syntax", "unknown-key"].contains(&f["rule"].as_str().unwrap()))
        .collect();
    assert!(syntax.is_empty(), "{syntax:#?}");
}

#[test]
fn draft_never_overwrites_a_file() {
    let (dir, _) = small_corpus();
    let report = dir.path().join("claims/reports/riverton.txt");
    let output = dir.path().join("claims/riverton.toml");
    std::fs::write(&output, "# mine\n").unwrap();
    let run = claimlint(&["draft", report.to_str().unwrap(), "--output", output.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("never overwrites"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "# mine\n");
    // A new file is written, and is a claim file of the corpus that loads.
    let fresh = dir.path().join("claims/riverton-draft.toml");
    let run = claimlint(&[
        "draft",
        report.to_str().unwrap(),
        "--published",
        "2024-03-05",
        "--output",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0));
    let written = std::fs::read_to_string(&fresh).unwrap();
    assert!(written.contains("text = \"reports/riverton.txt\""), "{written}");
    assert!(written.contains("# cues: "));
}

#[test]
fn bad_arguments_are_refused_with_exit_2() {
    let run = claimlint(&["draft", "no/such/report.txt"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("cannot read `no/such/report.txt`"));
    let (dir, _) = small_corpus();
    let report = dir.path().join("claims/reports/riverton.txt");
    let run = claimlint(&["draft", report.to_str().unwrap(), "--published", "13/12/2016"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--published: `13/12/2016` is not a date"));
}

/// The held-out corpus `draft_eval` is also measured on (README) stays a corpus that checks.
#[test]
fn the_held_out_corpus_checks_without_errors() {
    let outcome = check::run(&Settings::new(repo().join("tests/corpora/draft-heldout")));
    assert!(!outcome.corpus_errors(), "{:?}", outcome.findings.iter().map(|f| &f.message).collect::<Vec<_>>());
    assert_eq!(outcome.corpus.claims.len(), 10);
}

mod any_text {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of news language and of hostile text, to be strung together.
    const PIECES: &[&str] = &[
        "Turkey",
        "said",
        "according to",
        "“",
        "”",
        "\"",
        ",",
        ".",
        " ",
        "\n\n",
        "no agreement",
        "not",
        "at least",
        "12",
        "34,000",
        "yesterday",
        "Monday",
        "Dec.",
        "U.S.",
        "Mr.",
        "ceasefire",
        "deal was agreed",
        "killed",
        "he said",
        "the official",
        "(Reuters) -",
        "ANKARA",
        "é",
        "\u{202E}",
        "\u{0}",
        "…",
        "...",
        "n’t",
        "—",
        "-",
        "between 100 and 300",
        "may",
        "unclear whether",
        "reportedly",
        "the",
        "Aleppo",
        "’s",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Whatever the text, the draft does not panic, every quote anchors where it says, and
        /// every output format is produced.
        #[test]
        fn any_text_drafts_and_every_quote_anchors(
            picks in proptest::collection::vec((0..PIECES.len(), any::<bool>(), "\\PC{0,3}"), 0..60)
        ) {
            let mut text = String::new();
            for (i, space, noise) in picks {
                text.push_str(PIECES[i]);
                if space { text.push(' '); } else { text.push_str(&noise); }
            }
            let outcome = corpus();
            let options = Options {
                id: "r".into(),
                text_path: "r.txt".into(),
                outlet: None,
                published: Some(draft::parse_published("2016-12-13").unwrap()),
            };
            let d = draft::draft(&text, outcome, &options);
            let folded = quote::fold(&text);
            for c in &d.claims {
                let anchor = quote::anchor(&folded, &c.quote, c.prefix.as_deref(), c.suffix.as_deref());
                prop_assert_eq!(anchor, Anchor::Found(c.offset, c.offset + c.length));
            }
            let toml = draft::output::toml(&d);
            prop_assert!(toml.parse::<toml::Table>().is_ok(), "{}", toml);
            let _ = draft::output::json(&d);
            let _ = draft::output::csv(&d);
        }
    }

    fn corpus() -> &'static claimlint::model::Corpus {
        static CORPUS: std::sync::OnceLock<claimlint::check::Outcome> = std::sync::OnceLock::new();
        &CORPUS.get_or_init(|| check::run(&Settings::new(repo()))).corpus
    }
}

#[test]
fn a_pack_trigger_is_checked_where_it_is_written() {
    let (dir, _) = small_corpus();
    let packs = dir.path().join("packs");
    std::fs::create_dir_all(&packs).unwrap();
    std::fs::write(
        packs.join("mine.toml"),
        r#"
[[predicate]]
name = "verdict"
type = "enum"
values = ["guilty", "acquitted"]
triggers = ["guilty: convicted", "cleared", "acquited: acquitted"]

[[predicate]]
name = "fined"
type = "number"
triggers = ["Fined"]
"#,
    )
    .unwrap();
    let mut settings = Settings::new(dir.path());
    settings.rules = vec![packs];
    let outcome = check::run(&settings);
    let messages: Vec<&str> =
        outcome.findings.iter().filter(|f| f.origin == Origin::Corpus).map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "a trigger of an enum predicate names its value: `\"<value>: cleared\"`",
            "trigger value `acquited` is not one of the predicate's values",
            "trigger `Fined` must be lowercase words (a word may end in `*`)",
        ]
    );
}

/// DESIGN v2's vocabulary, drafted from the sentences a fact-checker would write it from.
#[test]
fn the_v2_vocabulary_is_drafted_from_news_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims");
    std::fs::create_dir_all(claims.join("reports")).unwrap();
    let entity = |id: &str, name: &str, kind: &str| {
        format!("[[entity]]\nid = \"{id}\"\nname = \"{name}\"\nkind = \"{kind}\"\n\n")
    };
    let entities = [
        entity("hamas", "Hamas", "group"),
        entity("israeli-cabinet", "the Israeli cabinet", "body"),
        entity("hostage-deal", "the hostage deal", "agreement"),
        entity("gaza-truce", "the Gaza truce", "agreement"),
        entity("covenant-school", "the Covenant School", "body"),
        entity("victim-mother", "his mother", "person"),
        entity("mh17-crash", "the MH17 crash", "event"),
        entity("buk-missile", "a Buk missile", "weapon"),
        entity("pervomaiskyi", "Pervomaiskyi", "place"),
        entity("defence-minister", "the defence minister", "person"),
        entity("convoy-strike", "the strike on the convoy", "event"),
        entity("flood", "the flood", "event"),
        entity("port-shelling", "the shelling of the port", "event"),
        entity("navalny-death", "Navalny's death", "event"),
    ]
    .concat()
    .replace("name = \"the Israeli cabinet\"", "name = \"the Israeli cabinet\"\naliases = [\"the cabinet\"]")
    .replace("name = \"the Covenant School\"", "name = \"the Covenant School\"\naliases = [\"the school\"]")
    .replace("name = \"the MH17 crash\"", "name = \"the MH17 crash\"\naliases = [\"MH17\"]");
    std::fs::write(claims.join("entities.toml"), entities).unwrap();
    let text = "Hostages freed under Gaza deal\n\n\
        GAZA (Example News) - Hamas released 13 hostages under the hostage deal on Friday.\n\n\
        The cabinet approved the hostage deal late on Wednesday.\n\n\
        The Gaza truce was suspended on Saturday.\n\n\
        The Gaza truce will take effect at 8:30 on Thursday.\n\n\
        The Gaza truce began at 11:15 a.m. local time (0815 GMT).\n\n\
        In the flood two people were killed at 9:45 on Friday.\n\n\
        His mother worked as a teacher at the school, police said.\n\n\
        MH17 was shot down by a Buk missile fired from Pervomaiskyi.\n\n\
        The strike on the convoy was ordered by the defence minister.\n\n\
        The defence minister ordered the shelling of the port.\n\n\
        At least 12 people are still missing after the flood.\n\n\
        Navalny's death was caused by a blood clot, the prison service said.\n";
    std::fs::write(claims.join("reports/r.txt"), text).unwrap();
    let outcome = check::run(&Settings::new(dir.path()));
    assert!(!outcome.corpus_errors(), "{:?}", outcome.findings.iter().map(|f| &f.message).collect::<Vec<_>>());
    let options = Options {
        id: "r".into(),
        text_path: "reports/r.txt".into(),
        outlet: None,
        published: Some(draft::parse_published("2023-11-24").unwrap()),
    };
    let d = draft::draft(text, &outcome.corpus, &options);
    let entity = |id: &str| Some(DraftValue::Entity(id.into()));

    let released = find(&d, "released", "13 hostages");
    assert_eq!(released.value, Some(DraftValue::Number(13.0, 13.0)));
    assert_eq!(released.subject.as_deref(), Some("hostage-deal"), "a figure under a deal is the deal's");
    let approved = d
        .claims
        .iter()
        .find(|c| c.predicate == "status" && c.value == Some(DraftValue::Enum("approved".into())))
        .expect("status approved");
    assert!(approved.quote.contains("cabinet approved") && !approved.negated, "{approved:?}");
    assert_eq!(approved.subject.as_deref(), Some("hostage-deal"));
    let suspended = find(&d, "status", "was suspended");
    assert_eq!(suspended.value, Some(DraftValue::Enum("suspended".into())));
    assert_eq!(suspended.subject.as_deref(), Some("gaza-truce"));
    // "at 8:30" stays inside the clause; the schedule is 8:30 (local time) on the Thursday after
    // publication.
    let scheduled = find(&d, "scheduled", "at 8:30 on Thursday");
    let thursday = Date { year: 2023, month: 11, day: 30 };
    assert_eq!(scheduled.value, Some(DraftValue::DateTime { date: thursday, minutes: 8 * 60 + 30, utc: false }));
    assert!(has_cue(scheduled, CueKind::Date, "8:30") && has_cue(scheduled, CueKind::Date, "Thursday"));
    // A time given again in GMT is the one drafted; a time without a day is on the day of
    // publication.
    let began = find(&d, "takes-effect", "began at 11:15");
    let friday = Date { year: 2023, month: 11, day: 24 };
    assert_eq!(began.value, Some(DraftValue::DateTime { date: friday, minutes: 8 * 60 + 15, utc: true }));
    // The digits of a time are not a figure.
    let killed = find(&d, "killed", "killed at 9:45");
    assert_eq!(killed.value, Some(DraftValue::Number(2.0, 2.0)));
    let works = find(&d, "works-for", "teacher at the school");
    assert_eq!((works.subject.as_deref(), &works.value), (Some("victim-mother"), &entity("covenant-school")));
    let weapon = find(&d, "weapon", "Buk missile");
    assert_eq!((weapon.subject.as_deref(), &weapon.value), (Some("mh17-crash"), &entity("buk-missile")));
    let from = find(&d, "launched-from", "fired from");
    assert_eq!((from.subject.as_deref(), &from.value), (Some("mh17-crash"), &entity("pervomaiskyi")));
    let ordered = find(&d, "ordered-by", "ordered by");
    assert_eq!((ordered.subject.as_deref(), &ordered.value), (Some("convoy-strike"), &entity("defence-minister")));
    let ordered = find(&d, "ordered-by", "ordered the shelling");
    assert_eq!((ordered.subject.as_deref(), &ordered.value), (Some("port-shelling"), &entity("defence-minister")));
    let missing = find(&d, "missing", "still missing");
    assert_eq!((missing.subject.as_deref(), &missing.value), (Some("flood"), &Some(DraftValue::Number(12.0, 12.0))));
    assert_eq!(missing.bound, Some(Bound::AtLeast));
    let cause = find(&d, "cause", "blood clot");
    assert_eq!(cause.subject.as_deref(), Some("navalny-death"));
    assert_eq!(cause.value, Some(DraftValue::Text("a blood clot".into())));
    // The draft loads: every claim resolves against the packs it was drafted from.
    std::fs::write(claims.join("r.toml"), draft::output::toml(&d)).unwrap();
    let outcome = check::run(&Settings::new(dir.path()));
    let problems: Vec<&str> = outcome
        .findings
        .iter()
        .filter(|f| f.origin == Origin::Corpus)
        .map(|f| f.message.as_str())
        .filter(|m| !m.contains("\"?\"") && !m.contains("`?`"))
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
}
