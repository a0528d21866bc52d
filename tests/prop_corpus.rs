//! Property: a valid corpus gives the same findings whatever its files are called, wherever below
//! `claims/` they stand, and in whatever order its claims and entities are written.
//!
//! Each case writes one generated corpus twice — once plainly, once with every file renamed,
//! moved into subdirectories, and its tables reordered — checks both, and compares the findings
//! with paths replaced by what they point at (the quoted words and their labels).

use claimlint::check::{self, Settings};
use claimlint::findings::Finding;
use claimlint::source::Sources;
use proptest::prelude::*;
use std::path::Path;

/// Agreements the claims are about, sources who may speak, and the outlets reports come from.
const ENTITIES: &str = r#"
[[entity]]
id = "deal"
name = "the deal"
kind = "agreement"

[[entity]]
id = "truce"
name = "the truce"
kind = "agreement"

[[entity]]
id = "minister"
name = "the minister"
kind = "person"
speaks-for = ["government"]

[[entity]]
id = "government"
name = "the government"
kind = "body"

[[entity]]
id = "russia"
name = "Russia"
kind = "country"
"#;

const STATUSES: &[&str] = &["proposed", "negotiating", "agreed", "signed", "in-force", "collapsed"];
const CERTAINTIES: &[&str] = &["certain", "probable", "possible", "unknown"];
const OUTLETS: &[&str] = &["Reuters", "AFP", "Al Jazeera"];
const DATES: &[&str] = &["2016-12-13", "2016-12-13T09:45:00Z", "2016-12-13T18:00:00Z", "2016-12-14"];

#[derive(Debug, Clone)]
struct GenClaim {
    subject: &'static str,
    /// `None`: a guarantor claim (Russia guarantees the subject) instead of a status.
    status: Option<&'static str>,
    negated: bool,
    certainty: &'static str,
    minister: bool,
}

#[derive(Debug, Clone)]
struct GenReport {
    outlet: &'static str,
    published: &'static str,
    claims: Vec<GenClaim>,
}

fn claim() -> impl Strategy<Value = GenClaim> {
    (
        prop::sample::select(&["deal", "truce"][..]),
        prop::option::weighted(0.8, prop::sample::select(STATUSES)),
        any::<bool>(),
        prop::sample::select(CERTAINTIES),
        any::<bool>(),
    )
        .prop_map(|(subject, status, negated, certainty, minister)| GenClaim {
            subject,
            status,
            negated,
            certainty,
            minister,
        })
}

fn report() -> impl Strategy<Value = GenReport> {
    (prop::sample::select(OUTLETS), prop::sample::select(DATES), prop::collection::vec(claim(), 1..5))
        .prop_map(|(outlet, published, claims)| GenReport { outlet, published, claims })
}

/// How the second copy of the corpus is laid out.
#[derive(Debug, Clone)]
struct Shuffle {
    /// A permutation of the reports: the order their new names sort in.
    names: Vec<usize>,
    /// Reversed claim order, per report.
    reverse_claims: Vec<bool>,
    /// Subdirectory depth per report file.
    depth: Vec<usize>,
    reverse_entities: bool,
}

fn corpus() -> impl Strategy<Value = (Vec<GenReport>, Shuffle)> {
    prop::collection::vec(report(), 2..5).prop_flat_map(|reports| {
        let n = reports.len();
        let shuffle = (
            Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(0usize..3, n),
            any::<bool>(),
        )
            .prop_map(|(names, reverse_claims, depth, reverse_entities)| Shuffle {
                names,
                reverse_claims,
                depth,
                reverse_entities,
            });
        (Just(reports), shuffle)
    })
}

/// The sentence of the report text that claim `i` quotes; unique in the corpus.
fn sentence(r: usize, i: usize, c: &GenClaim) -> String {
    match c.status {
        Some(s) => format!("In report {r}, item {i}: the {} is {s}.", c.subject),
        None => format!("In report {r}, item {i}: Russia will guarantee the {}.", c.subject),
    }
}

fn claim_toml(r: usize, i: usize, c: &GenClaim) -> String {
    let (predicate, value) = match c.status {
        Some(s) => ("status", s),
        None => ("guarantor", "russia"),
    };
    let mut t = format!(
        "[[claim]]\nid = \"c{i}\"\nsubject = \"{}\"\npredicate = \"{predicate}\"\nvalue = \"{value}\"\n\
         negated = {}\ncertainty = \"{}\"\nquote = \"{}\"\n",
        c.subject,
        c.negated,
        c.certainty,
        sentence(r, i, c)
    );
    if c.minister {
        t.push_str("source = \"minister\"\n");
    }
    t
}

/// Writes the corpus below `root`; with `shuffle`, under other names, deeper, and reordered.
fn write(root: &Path, reports: &[GenReport], shuffle: Option<&Shuffle>) {
    let claims = root.join("claims");
    let put = |path: &Path, text: &str| {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    };
    let entities: Vec<&str> = ENTITIES.split("\n\n").collect();
    match shuffle {
        Some(s) if s.reverse_entities => {
            put(&claims.join("zz/people.toml"), &entities.iter().rev().cloned().collect::<Vec<_>>().join("\n\n"))
        }
        _ => put(&claims.join("entities.toml"), ENTITIES),
    }
    for (r, report) in reports.iter().enumerate() {
        let (dir, name) = match shuffle {
            None => (claims.clone(), format!("report-{r}")),
            Some(s) => {
                let mut dir = claims.clone();
                for d in 0..s.depth[r] {
                    dir = dir.join(format!("d{d}"));
                }
                (dir, format!("{}-renamed", s.names[r]))
            }
        };
        let text: String = report.claims.iter().enumerate().map(|(i, c)| sentence(r, i, c) + "\n").collect();
        put(&dir.join(format!("texts/{name}.txt")), &text);
        let mut toml = format!(
            "[report]\nid = \"report-{r}\"\ntitle = \"Report {r}\"\noutlet = \"{}\"\npublished = {}\n\
             text = \"texts/{name}.txt\"\n\n",
            report.outlet, report.published
        );
        let mut claims: Vec<String> = report.claims.iter().enumerate().map(|(i, c)| claim_toml(r, i, c)).collect();
        if shuffle.is_some_and(|s| s.reverse_claims[r]) {
            claims.reverse();
        }
        toml.push_str(&claims.join("\n"));
        put(&dir.join(format!("{name}.toml")), &toml);
    }
}

/// A finding with every path replaced by what it points at. Its claims and places are shown in
/// file order by design, so renaming files may reorder them: they are compared as sets.
fn normalise(f: &Finding, sources: &Sources) -> String {
    let claim = |l: &claimlint::findings::Location| l.claim_index().and_then(|i| f.claims.get(i));
    let mut places: Vec<String> =
        f.locations.iter().map(|l| format!("{:?} {:?} {:?}", sources.text(l.span), l.label, claim(l))).collect();
    places.sort();
    let mut claims = f.claims.clone();
    claims.sort();
    format!(
        "{} {} {} {:?} {:?} {:?} {:?} | {}",
        f.severity,
        f.rule,
        f.message,
        f.help,
        claims,
        f.notes,
        f.derivation,
        places.join(" | ")
    )
}

fn findings(root: &Path) -> Vec<String> {
    let outcome = check::run(&Settings::new(root));
    let mut out: Vec<String> = outcome.findings.iter().map(|f| normalise(f, &outcome.corpus.sources)).collect();
    out.sort();
    out
}

fn assert_same_findings(reports: &[GenReport], shuffle: &Shuffle) -> Result<(), TestCaseError> {
    let plain = tempfile::tempdir().expect("temp dir");
    let moved = tempfile::tempdir().expect("temp dir");
    write(plain.path(), reports, None);
    write(moved.path(), reports, Some(shuffle));
    let a = findings(plain.path());
    // A valid corpus: only rule findings, never a problem with the corpus itself.
    prop_assert!(a.iter().all(|f| !f.contains("corpus")), "{a:#?}");
    let b = findings(moved.path());
    let only_a: Vec<&String> = a.iter().filter(|f| !b.contains(f)).collect();
    let only_b: Vec<&String> = b.iter().filter(|f| !a.contains(f)).collect();
    prop_assert!(a == b, "only in the plain corpus: {only_a:#?}\nonly in the moved one: {only_b:#?}");
    Ok(())
}

/// Found by the property below: a finding named the first hedge in load order, so reading the
/// reports in another order changed its message.
#[test]
fn a_finding_does_not_depend_on_which_report_was_read_first() {
    let c = |subject, status, negated, certainty, minister| GenClaim { subject, status, negated, certainty, minister };
    let reports = [
        GenReport {
            outlet: "Reuters",
            published: "2016-12-13",
            claims: vec![c("deal", Some("proposed"), false, "unknown", true)],
        },
        GenReport {
            outlet: "Reuters",
            published: "2016-12-13T09:45:00Z",
            claims: vec![
                c("deal", Some("in-force"), false, "unknown", true),
                c("deal", Some("in-force"), false, "probable", false),
                c("deal", Some("in-force"), false, "certain", false),
            ],
        },
    ];
    let shuffle =
        Shuffle { names: vec![1, 0], reverse_claims: vec![false, true], depth: vec![0, 0], reverse_entities: true };
    if let Err(e) = assert_same_findings(&reports, &shuffle) {
        panic!("{e}");
    }
}

proptest! {
    // No failure file: a failure found here becomes a named test instead.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn renaming_moving_and_reordering_files_changes_no_finding((reports, shuffle) in corpus()) {
        assert_same_findings(&reports, &shuffle)?;
    }
}
