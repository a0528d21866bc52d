//! `claimlint check` end to end on small corpora of real events: the al-Ahli hospital blast
//! (a toll of "at least 500", then 471, then an estimate of 100–300; an air strike according to
//! one side, a misfired rocket according to the other) and an arrest reported, denied by the
//! police the same day, and made two days later.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const ENTITIES: &str = r#"
[[entity]]
id = "al-ahli-hospital-blast"
name = "the al-Ahli hospital blast"
kind = "event"

[[entity]]
id = "israeli-air-force"
name = "Israeli Air Force"
kind = "group"

[[entity]]
id = "islamic-jihad"
name = "Palestinian Islamic Jihad"
kind = "group"
aliases = ["Islamic Jihad"]

[[entity]]
id = "gaza-health-ministry"
name = "Gaza health ministry"
kind = "body"

[[entity]]
id = "idf"
name = "Israel Defense Forces"
kind = "body"
aliases = ["Israeli military"]

[[entity]]
id = "suspect-arrest"
name = "the arrest of the suspect"
kind = "event"

[[entity]]
id = "police"
name = "the police"
kind = "body"
"#;

/// (report id, published, text, claims TOML)
type Report = (&'static str, &'static str, &'static str, &'static str);

const BLAST: &[Report] = &[
    (
        "strike",
        "2023-10-17",
        "GAZA, Oct 17 - An Israeli air strike on the al-Ahli hospital killed at least 500 people, the Gaza health ministry said.\n",
        r#"
[[claim]]
id = "toll"
subject = "al-ahli-hospital-blast"
predicate = "killed"
value = 500
bound = "at-least"
source = "gaza-health-ministry"
quote = "killed at least 500 people"

[[claim]]
id = "air-strike"
subject = "al-ahli-hospital-blast"
predicate = "responsible"
value = "israeli-air-force"
quote = "An Israeli air strike"
"#,
    ),
    (
        "rocket",
        "2023-10-18",
        "JERUSALEM, Oct 18 - The Israeli military said the blast was caused by a misfired rocket launched by Islamic Jihad. The Gaza health ministry put the toll at 471.\n",
        r#"
[[claim]]
id = "rocket"
subject = "al-ahli-hospital-blast"
predicate = "responsible"
value = "Islamic Jihad"
source = "Israeli military"
quote = "a misfired rocket launched by Islamic Jihad"

[[claim]]
id = "toll"
subject = "al-ahli-hospital-blast"
predicate = "killed"
value = 471
source = "gaza-health-ministry"
quote = "put the toll at 471"
"#,
    ),
    (
        "estimate",
        "2023-10-24",
        "WASHINGTON, Oct 24 - U.S. intelligence estimates that between 100 and 300 people were killed in the hospital explosion.\n",
        r#"
[[claim]]
id = "estimate"
subject = "al-ahli-hospital-blast"
predicate = "killed"
value = [100, 300]
quote = "between 100 and 300 people were killed"
"#,
    ),
];

const ARREST: &[Report] = &[
    (
        "arrested",
        "2024-03-06T09:00:00Z",
        "A suspect was arrested on Wednesday morning, the paper reported.\n",
        r#"
[[claim]]
id = "arrested"
subject = "suspect-arrest"
predicate = "occurred"
quote = "A suspect was arrested"
"#,
    ),
    (
        "denied",
        "2024-03-06",
        "Police said on Wednesday that no arrest has been made.\n",
        r#"
[[claim]]
id = "no-arrest"
subject = "suspect-arrest"
predicate = "occurred"
negated = true
source = "police"
quote = "no arrest has been made"
"#,
    ),
    (
        "made",
        "2024-03-08",
        "A suspect was arrested on Friday, police said.\n",
        r#"
[[claim]]
id = "made"
subject = "suspect-arrest"
predicate = "occurred"
source = "police"
quote = "A suspect was arrested on Friday"
"#,
    ),
];

fn corpus(name: &str, reports: &[Report]) -> PathBuf {
    let root = std::env::temp_dir().join(format!("claimlint-time-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let claims = root.join("claims");
    std::fs::create_dir_all(claims.join("reports")).expect("mkdir");
    std::fs::write(claims.join("entities.toml"), ENTITIES).expect("write");
    for (id, published, text, body) in reports {
        std::fs::write(claims.join("reports").join(format!("{id}.txt")), text).expect("write");
        let header = format!(
            "[report]\ntitle = \"{id}\"\noutlet = \"Outlet {id}\"\npublished = {published}\ntext = \"reports/{id}.txt\"\n"
        );
        std::fs::write(claims.join(format!("{id}.toml")), header + body).expect("write");
    }
    root
}

fn check_json(root: &Path) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(["check", "--format", "json"])
        .arg(root)
        .output()
        .expect("claimlint runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    (out.status.code().expect("exit code"), json)
}

fn findings<'a>(json: &'a Value, kind: &str) -> Vec<&'a Value> {
    json["findings"].as_array().expect("findings").iter().filter(|f| f["kind"] == kind).collect()
}

#[test]
fn the_hospital_blast() {
    let root = corpus("blast", BLAST);
    let (code, json) = check_json(&root);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["summary"]["claims"], 5, "derived claims are not counted");

    let regression = findings(&json, "regression");
    assert_eq!(regression.len(), 1, "{json:#}");
    // The earliest claim first (the primary), the others in file order.
    assert_eq!(regression[0]["claims"], serde_json::json!(["strike#toll", "estimate#estimate", "rocket#toll"]));
    assert_eq!(
        regression[0]["message"],
        "the number killed in \"the al-Ahli hospital blast\" goes backwards: at least 500 → 471 → 100–300"
    );

    let conflict = findings(&json, "conflict");
    assert_eq!(conflict.len(), 1, "air strike or misfired rocket: {json:#}");
    assert_eq!(conflict[0]["predicate"], "responsible");
    assert!(findings(&json, "numeric").is_empty(), "time-ordered figures are regression's: {json:#}");

    // Every report implies the blast happened; the note shows how, underlining the quotes.
    let corroboration = findings(&json, "corroboration");
    assert_eq!(corroboration.len(), 1, "{json:#}");
    let derivation = corroboration[0]["derivation"].as_array().expect("derivation");
    assert_eq!(derivation.len(), 3, "{json:#}");
    assert!(
        derivation.contains(&serde_json::json!({
            "claim": "strike#air-strike>responsible-means-occurred",
            "rule": "responsible-means-occurred",
            "from": "strike#air-strike"
        })),
        "{json:#}"
    );
    // The derived claim underlines the words it comes from: "An Israeli air strike".
    let locations = corroboration[0]["locations"].as_array().expect("locations");
    let strike =
        locations.iter().find(|l| l["claim"] == "strike#air-strike>responsible-means-occurred").expect("located");
    assert_eq!(
        (strike["line"].as_u64(), strike["column"].as_u64(), strike["length"].as_u64()),
        (Some(1), Some(16), Some(21))
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn the_same_toll_on_the_same_day_is_numeric() {
    let mut same_day: Vec<Report> = BLAST[..2].to_vec();
    same_day[1].1 = "2023-10-17";
    let root = corpus("same-day", &same_day);
    let (_, json) = check_json(&root);
    let numeric = findings(&json, "numeric");
    assert_eq!(numeric.len(), 1, "{json:#}");
    assert_eq!(
        numeric[0]["message"],
        "reports give incompatible figures for the number killed in \"the al-Ahli hospital blast\": 471 vs at least 500"
    );
    assert!(findings(&json, "regression").is_empty(), "{json:#}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn the_arrest_denied_then_made() {
    // Reported in the morning, denied that day (a date only: it coincides), made on Friday.
    let root = corpus("arrest", ARREST);
    let (code, json) = check_json(&root);
    assert_eq!(code, 1);
    let negation = findings(&json, "negation");
    assert_eq!(negation.len(), 1, "{json:#}");
    // The denial came first: it is the primary claim.
    assert_eq!(negation[0]["claims"], serde_json::json!(["denied#no-arrest", "arrested#arrested"]));
    assert!(findings(&json, "regression").is_empty(), "the denial and the arrest on Friday are an update: {json:#}");

    // Given the denial a time after the report, it takes the arrest back: a regression.
    let mut later: Vec<Report> = ARREST.to_vec();
    later[1].1 = "2024-03-06T18:00:00Z";
    let root2 = corpus("arrest-later", &later);
    let (_, json) = check_json(&root2);
    assert!(findings(&json, "negation").is_empty(), "{json:#}");
    let regression = findings(&json, "regression");
    assert_eq!(regression.len(), 1, "{json:#}");
    assert_eq!(
        regression[0]["message"],
        "whether \"the arrest of the suspect\" happened goes backwards: happened → NOT happened"
    );
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_dir_all(&root2);
}
