//! Property: on small generated corpora, the engine and the naive reference evaluator
//! (tests/reference/) agree on which claims each rule kind but `implies` finds, folded into the
//! same sets per subject and predicate.
//!
//! Corpora are small on purpose — two subjects of each kind, a few values, three days with two
//! times of day, every certainty and both polarities — so that claims meet often and every rule
//! has pairs to find. They load the news vocabulary and one rule of each kind, and no `implies`
//! rule, which the reference does not model.

mod common;
mod reference;

use common::*;
use proptest::prelude::*;
use std::fmt::Write;
use std::path::Path;

const ENTITIES: &str = r#"
[[entity]]
id = "deal-1"
name = "First Deal"
kind = "agreement"
aliases = ["the accord"]

[[entity]]
id = "deal-2"
name = "Second Deal"
kind = "agreement"

[[entity]]
id = "blast-1"
name = "The Blast"
kind = "event"
aliases = ["the explosion"]

[[entity]]
id = "blast-2"
name = "The Second Blast"
kind = "event"

[[entity]]
id = "army"
name = "The Army"
kind = "group"
aliases = ["soldiers"]

[[entity]]
id = "militia"
name = "The Militia"
kind = "group"

[[entity]]
id = "city"
name = "The City"
kind = "place"

[[entity]]
id = "old-town"
name = "The Old Town"
kind = "place"
part-of = ["the city"]
"#;

/// The rules: one of each kind the reference evaluates, with default settings.
const RULES: &str = r#"
[[rule]]
id = "conflict"
kind = "conflict"

[[rule]]
id = "negation"
kind = "negation"

[[rule]]
id = "numeric"
kind = "numeric"

[[rule]]
id = "certainty"
kind = "certainty"

[[rule]]
id = "regression"
kind = "regression"

[[rule]]
id = "unresolved"
kind = "unresolved"

[[rule]]
id = "corroboration"
kind = "corroboration"
"#;

/// How each entity may be named in a claim: by id, name (in another case) or alias.
const NAMES: &[(&str, &[&str])] = &[
    ("deal-1", &["deal-1", "FIRST DEAL", "the accord"]),
    ("deal-2", &["deal-2", "second deal"]),
    ("blast-1", &["blast-1", "the blast", "The Explosion"]),
    ("blast-2", &["blast-2", "The Second Blast"]),
    ("army", &["army", "THE ARMY", "soldiers"]),
    ("militia", &["militia", "The Militia"]),
    ("city", &["city", "the city"]),
    ("old-town", &["old-town", "The Old Town"]),
];

/// Times: three days, each as a date and at two times of day.
const TIMES: &[&str] =
    &["2016-12-13", "2016-12-13T09:00:00Z", "2016-12-13T18:00:00Z", "2016-12-14", "2016-12-14T09:00:00Z", "2016-12-15"];
const STATUSES: &[&str] =
    &["proposed", "negotiating", "agreed", "signed", "in-force", "ended", "collapsed", "rejected"];
const CERTAINTIES: &[&str] = &["certain", "probable", "possible", "unknown"];
const FIGURES: &[u32] = &[90, 95, 100, 106, 120, 200];
const BOUNDS: &[&str] = &["exact", "about", "at-least", "at-most", "range"];

/// (predicate, the subjects it applies to): agreements for the first four, events for the rest.
const PREDICATES: &[&str] =
    &["status", "destination", "guarantor", "takes-effect", "responsible", "location", "killed", "occurred"];

#[derive(Debug, Clone)]
struct GenClaim {
    predicate: usize,
    /// Which of the two subjects of the predicate's kind.
    subject: usize,
    /// An index into the predicate's values (taken modulo their number).
    value: usize,
    bound: usize,
    negated: bool,
    certainty: usize,
    report: usize,
    as_of: Option<usize>,
    /// How entities are named (modulo the number of their names).
    naming: usize,
}

fn gen_claim() -> impl Strategy<Value = GenClaim> {
    // Half the claims are statuses: progressions, terminal values and denials make the richest
    // cases (a stage denied after a collapse), and they need several claims on one subject.
    let predicate = prop_oneof![1 => 0..PREDICATES.len(), 1 => Just(0usize)];
    (
        predicate,
        0..2usize,
        0..8usize,
        0..BOUNDS.len(),
        any::<bool>(),
        0..CERTAINTIES.len(),
        0..3usize,
        proptest::option::weighted(0.2, 0..TIMES.len()),
        0..3usize,
    )
        .prop_map(|(predicate, subject, value, bound, negated, certainty, report, as_of, naming)| GenClaim {
            predicate,
            subject,
            value,
            bound,
            negated,
            certainty,
            report,
            as_of,
            naming,
        })
}

fn name(id: &str, naming: usize) -> &'static str {
    let names = NAMES.iter().find(|(i, _)| *i == id).expect("a generated entity").1;
    names[naming % names.len()]
}

/// The `subject`, `predicate` and `value` (and `bound`) lines of a claim.
fn claim_lines(c: &GenClaim) -> String {
    let predicate = PREDICATES[c.predicate];
    let subject = if c.predicate < 4 { ["deal-1", "deal-2"] } else { ["blast-1", "blast-2"] }[c.subject];
    let mut out = format!("subject = \"{}\"\npredicate = \"{predicate}\"\n", name(subject, c.naming));
    let entity = |choices: &[&str]| format!("value = \"{}\"\n", name(choices[c.value % choices.len()], c.naming));
    out += &match predicate {
        "status" => format!("value = \"{}\"\n", STATUSES[c.value % STATUSES.len()]),
        "destination" => entity(&["city", "old-town", "militia"]),
        "guarantor" | "responsible" => entity(&["army", "militia"]),
        "location" => entity(&["city", "old-town"]),
        "takes-effect" => format!("value = {}\n", TIMES[c.value % TIMES.len()]),
        "killed" => {
            let v = FIGURES[c.value % FIGURES.len()];
            match BOUNDS[c.bound] {
                "exact" => format!("value = {v}\n"),
                "range" => format!("value = [{v}, {}]\n", v * 3 / 2),
                bound => format!("value = {v}\nbound = \"{bound}\"\n"),
            }
        }
        _ => String::new(),
    };
    out
}

/// Writes the corpus: entities, three reports (r0..r2, published at `published`), the claims.
fn write_corpus(dir: &Path, published: &[usize; 3], claims: &[GenClaim]) {
    let news = std::fs::read(repo().join("rules/news.toml")).expect("the news vocabulary");
    write(&dir.join("rules/news.toml"), &news);
    write(&dir.join("rules/kinds.toml"), RULES.as_bytes());
    write(&dir.join("claimlint.toml"), b"default-rules = false\nrules = [\"rules\"]\n");
    write(&dir.join("claims/entities.toml"), ENTITIES.as_bytes());
    for (r, time) in published.iter().enumerate() {
        let mut toml = format!(
            "[report]\nid = \"r{r}\"\ntitle = \"Report {r}\"\noutlet = \"Outlet {r}\"\npublished = {}\ntext = \"reports/r{r}.txt\"\n",
            TIMES[*time]
        );
        let mut text = String::new();
        for (i, c) in claims.iter().enumerate().filter(|(_, c)| c.report == r) {
            let _ = write!(toml, "\n[[claim]]\nid = \"c{i}\"\n{}", claim_lines(c));
            if c.negated {
                toml += "negated = true\n";
            }
            let _ = writeln!(toml, "certainty = \"{}\"", CERTAINTIES[c.certainty]);
            if let Some(t) = c.as_of {
                let _ = writeln!(toml, "as-of = {}", TIMES[t]);
            }
            let _ = writeln!(toml, "quote = \"Quote of c{i}.\"");
            let _ = writeln!(text, "Quote of c{i}.");
        }
        write(&dir.join(format!("claims/r{r}.toml")), toml.as_bytes());
        write(&dir.join(format!("claims/reports/r{r}.txt")), text.as_bytes());
    }
}

proptest! {
    // Each case runs the binary once: 128 cases take about five seconds. Rarer shapes (a stage
    // denied after a terminal value) need a few hundred; `PROPTEST_CASES=1000` runs more.
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_and_the_reference_find_the_same_claims(
        published in [0..TIMES.len(), 0..TIMES.len(), 0..TIMES.len()],
        claims in proptest::collection::vec(gen_claim(), 2..12),
    ) {
        let dir = scratch("prop-reference");
        write_corpus(&dir, &published, &claims);
        let out = run(&dir, &["check", "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON output");
        prop_assert!(code(&out) != 2, "the generated corpus has problems:\n{doc:#}");

        let corpus = reference::read(&[&dir.join("rules/news.toml")], &dir.join("claims"));
        let expected = corpus.folded();
        let found = reference::engine(&doc);
        prop_assert_eq!(found, expected, "engine (left) and reference (right) differ on {:#?}", corpus.claims);
    }
}

/// The reference is not vacuous: on a corpus where each kind has a pair, it finds them all.
#[test]
fn the_reference_finds_each_kind() {
    let at = |t: &str| TIMES.iter().position(|x| *x == t).expect("a time");
    let claim = |predicate: &str, value: usize, negated: bool, certainty: &str, report: usize| GenClaim {
        predicate: PREDICATES.iter().position(|p| *p == predicate).expect("a predicate"),
        subject: 0,
        value,
        bound: 0,
        negated,
        certainty: CERTAINTIES.iter().position(|c| *c == certainty).expect("a certainty"),
        report,
        as_of: None,
        naming: report,
    };
    let claims = [
        // conflict: in force and collapsed (status 4 and 6) on one day.
        claim("status", 4, false, "certain", 0),
        claim("status", 6, false, "certain", 1),
        // negation: in force says agreed (2) was reached; r1 denies it the same day.
        claim("status", 2, true, "certain", 1),
        // numeric: 100 against 200 on one day; regression: 90 in r2, a day later.
        claim("killed", 2, false, "certain", 0),
        claim("killed", 5, false, "certain", 1),
        claim("killed", 0, false, "certain", 2),
        // certainty and unresolved: the army guarantees, and it is open whether it does;
        // corroboration: r2 says it guarantees too.
        claim("guarantor", 0, false, "certain", 0),
        claim("guarantor", 0, false, "unknown", 1),
        claim("guarantor", 0, false, "certain", 2),
    ];
    let published = [at("2016-12-13"), at("2016-12-13"), at("2016-12-14")];
    let dir = scratch("reference-finds-each-kind");
    write_corpus(&dir, &published, &claims);
    let corpus = reference::read(&[&dir.join("rules/news.toml")], &dir.join("claims"));
    let expected = corpus.folded();
    let kinds: std::collections::BTreeSet<&str> = expected.keys().map(|(k, _, _)| k.as_str()).collect();
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), {
        let mut all = reference::KINDS.to_vec();
        all.sort();
        all
    });
    let out = run(&dir, &["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON output");
    assert_eq!(reference::engine(&doc), expected);
}
