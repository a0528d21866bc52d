//! The v2 reference evaluator (tests/reference/v2.rs) on hand-made cases taken from DESIGN v2's
//! own examples, each asserting exactly what the reference finds: it is checked against DESIGN
//! here, and the engine is checked against it in tests/prop_reference.rs.
//!
//! Every case is a real corpus (report texts, quotes, the test pack tests/reference/v2-pack.toml),
//! so `the_engine_agrees_on_every_hand_made_case` runs the engine on the same files and compares.
//! finding by finding.

mod common;
mod reference;

use common::*;
use reference::v2::{Finding, Severity};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const ENTITIES: &str = r#"
[[entity]]
id = "russia"
name = "Russia"
kind = "country"
aliases = ["Moscow"]

[[entity]]
id = "putin"
name = "Vladimir Putin"
kind = "person"
speaks-for = ["russia"]

[[entity]]
id = "kremlin-spokesman"
name = "Kremlin spokesman"
kind = "person"
speaks-for = ["putin"]

[[entity]]
id = "ukraine"
name = "Ukraine"
kind = "country"

[[entity]]
id = "kyiv-official"
name = "a Ukrainian official"
kind = "person"
speaks-for = ["ukraine"]

[[entity]]
id = "kyiv-minister"
name = "Ukraine's interior minister"
kind = "person"
speaks-for = ["ukraine"]

[[entity]]
id = "rebels"
name = "the rebels"
kind = "group"

[[entity]]
id = "army"
name = "the army"
kind = "group"

[[entity]]
id = "donetsk-region"
name = "Donetsk region"
kind = "place"

[[entity]]
id = "grabovo"
name = "Grabovo"
kind = "place"
part-of = ["donetsk-region"]

[[entity]]
id = "kharkiv"
name = "Kharkiv"
kind = "place"

[[entity]]
id = "health-ministry"
name = "the health ministry"
kind = "body"

[[entity]]
id = "crash"
name = "the crash"
kind = "event"

[[entity]]
id = "strike"
name = "the strike"
kind = "event"

[[entity]]
id = "death"
name = "the death"
kind = "event"

[[entity]]
id = "deal"
name = "the deal"
kind = "agreement"

[[entity]]
id = "truce"
name = "the truce"
kind = "agreement"
"#;

/// A report: id, `published`, outlet, and its claims as `key = value` lines joined by `;`.
struct R(&'static str, &'static str, &'static str, &'static [&'static str]);

/// Writes the corpus: the test pack, the entities, each report with its claims (ids c1, c2, …)
/// and a text holding each claim's quote.
fn corpus(name: &str, reports: &[R]) -> PathBuf {
    // Per test: `the_engine_agrees_on_every_hand_made_case` writes every case again while the
    // case's own test may be reading it, on another thread (a test thread is named after its
    // test).
    let test = std::thread::current().name().unwrap_or("main").replace(|c: char| !c.is_ascii_alphanumeric(), "-");
    let dir = scratch(&format!("reference-v2-{name}-{test}"));
    write(&dir.join("rules/v2.toml"), include_bytes!("reference/v2-pack.toml"));
    write(&dir.join("claimlint.toml"), b"default-rules = false\nrules = [\"rules\"]\n");
    write(&dir.join("claims/entities.toml"), ENTITIES.as_bytes());
    for R(id, published, outlet, claims) in reports {
        let mut toml = format!(
            "[report]\nid = \"{id}\"\ntitle = \"Report {id}\"\noutlet = \"{outlet}\"\npublished = {published}\ntext = \"reports/{id}.txt\"\n"
        );
        let mut text = String::new();
        for (i, c) in claims.iter().enumerate() {
            let n = i + 1;
            let _ = write!(toml, "\n[[claim]]\nid = \"c{n}\"\n{}\n", c.replace("; ", "\n"));
            let _ = writeln!(toml, "quote = \"Quote {n} of {id}.\"");
            let _ = writeln!(text, "Quote {n} of {id}.");
        }
        write(&dir.join(format!("claims/{id}.toml")), toml.as_bytes());
        write(&dir.join(format!("claims/reports/{id}.txt")), text.as_bytes());
    }
    dir
}

fn reference_of(dir: &Path) -> Vec<Finding> {
    reference::read(&[&dir.join("rules/v2.toml")], &dir.join("claims")).findings_v2()
}

/// One line per finding: `kind severity subject.predicate [claims] pairs=[a>b] dispute links`.
fn show(findings: &[Finding]) -> Vec<String> {
    let list = |s: &std::collections::BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(" ");
    let mut out: Vec<String> = findings
        .iter()
        .map(|f| {
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            let mut s = format!("{} {severity} {}.{} [{}]", f.kind, f.subject, f.predicate, list(&f.claims));
            if !f.pairs.is_empty() {
                let pairs: Vec<String> = f.pairs.iter().map(|(a, b)| format!("{a}>{b}")).collect();
                let _ = write!(s, " pairs=[{}]", pairs.join(" "));
            }
            if f.dispute {
                s += " dispute";
            }
            for (key, links) in [
                ("contested_by", &f.contested_by),
                ("answered_by", &f.answered_by),
                ("resolved_by", &f.resolved_by),
                ("corrected_by", &f.corrected_by),
            ] {
                if !links.is_empty() {
                    let _ = write!(s, " {key}=[{}]", list(links));
                }
            }
            s
        })
        .collect();
    out.sort();
    out
}

fn assert_findings(dir: &Path, expected: &[&str]) {
    let got = show(&reference_of(dir));
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(got, expected, "\nreference (left) and the expected findings (right) differ");
}

// --- The cases ---------------------------------------------------------------------------------

/// "Putin is responsible" (Putin speaks for Russia) asserts "Russia is responsible": no conflict,
/// and Russia is corroborated from three origins (Putin from one only is not reported).
fn putin_russia_agree() -> PathBuf {
    corpus(
        "putin-russia-agree",
        &[
            R("a", "2014-07-18", "Outlet A", &["subject = 'crash'; predicate = 'responsible'; value = 'putin'"]),
            R("b", "2014-07-18", "Outlet B", &["subject = 'crash'; predicate = 'responsible'; value = 'Russia'"]),
            R("c", "2014-07-19", "Outlet C", &["subject = 'crash'; predicate = 'responsible'; value = 'Moscow'"]),
        ],
    )
}

/// Denying Russia meets an assertion of Putin; denying Putin says nothing about Russia.
fn putin_russia_denials() -> PathBuf {
    corpus(
        "putin-russia-denials",
        &[
            R(
                "a",
                "2014-07-18",
                "Outlet A",
                &[
                    "subject = 'crash'; predicate = 'responsible'; value = 'putin'",
                    "subject = 'strike'; predicate = 'responsible'; value = 'russia'",
                ],
            ),
            R(
                "b",
                "2014-07-20",
                "Outlet B",
                &[
                    "subject = 'crash'; predicate = 'responsible'; value = 'russia'; negated = true",
                    "subject = 'strike'; predicate = 'responsible'; value = 'putin'; negated = true",
                ],
            ),
        ],
    )
}

/// "It struck Grabovo" asserts "it struck Donetsk region" (location entails along part-of); Kharkiv
/// conflicts with both. `covers` entails along nothing: covering Grabovo is not covering the region.
fn grabovo_donetsk() -> PathBuf {
    corpus(
        "grabovo-donetsk",
        &[
            R(
                "a",
                "2014-07-17",
                "Outlet A",
                &[
                    "subject = 'crash'; predicate = 'location'; value = 'grabovo'",
                    "subject = 'deal'; predicate = 'covers'; value = 'grabovo'",
                ],
            ),
            R(
                "b",
                "2014-07-18",
                "Outlet B",
                &[
                    "subject = 'crash'; predicate = 'location'; value = 'donetsk-region'",
                    "subject = 'deal'; predicate = 'covers'; value = 'donetsk-region'; negated = true",
                ],
            ),
            R("c", "2014-07-19", "Outlet C", &["subject = 'crash'; predicate = 'location'; value = 'kharkiv'"]),
        ],
    )
}

/// A ceasefire announced for 8:30 that began at 11:15: `scheduled` never meets `takes-effect`; two
/// different actual times conflict (stable: error); two announced times of one day conflict as a
/// warning.
fn scheduled_vs_actual() -> PathBuf {
    corpus(
        "scheduled-vs-actual",
        &[
            R(
                "a",
                "2016-12-29",
                "Outlet A",
                &["subject = 'truce'; predicate = 'scheduled'; value = 2016-12-30T08:30:00Z"],
            ),
            R(
                "b",
                "2016-12-30",
                "Outlet B",
                &["subject = 'truce'; predicate = 'takes-effect'; value = 2016-12-30T11:15:00Z"],
            ),
            R(
                "c",
                "2016-12-31",
                "Outlet C",
                &["subject = 'truce'; predicate = 'takes-effect'; value = 2016-12-30T12:00:00Z"],
            ),
            R(
                "d",
                "2016-12-29",
                "Outlet D",
                &["subject = 'truce'; predicate = 'scheduled'; value = 2016-12-30T10:00:00Z"],
            ),
        ],
    )
}

/// A death announced on Friday, left unconfirmed by the family's spokeswoman the same day,
/// confirmed on Saturday: the Friday hedge is a tension with Friday's announcement only, and the
/// open question is answered (a note naming Saturday's claim). Who is responsible, a stable
/// predicate, hedged on Friday and asserted on Saturday: resolved too, no tension.
fn friday_hedge_saturday_confirmation() -> PathBuf {
    corpus(
        "friday-hedge",
        &[
            R(
                "fri",
                "2024-02-16",
                "Outlet A",
                &[
                    "subject = 'death'; predicate = 'occurred'",
                    "subject = 'death'; predicate = 'occurred'; certainty = 'unknown'; source = 'kyiv-official'",
                    "subject = 'death'; predicate = 'responsible'; value = 'army'; certainty = 'unknown'",
                ],
            ),
            R(
                "sat",
                "2024-02-17",
                "Outlet B",
                &[
                    "subject = 'death'; predicate = 'occurred'",
                    "subject = 'death'; predicate = 'responsible'; value = 'army'",
                ],
            ),
        ],
    )
}

/// A hedge after a firm claim reopens the question: a tension, and an open question not answered.
fn later_hedge() -> PathBuf {
    corpus(
        "later-hedge",
        &[
            R("fri", "2024-02-16", "Outlet A", &["subject = 'death'; predicate = 'cause'; value = 'a blood clot'"]),
            R(
                "sat",
                "2024-02-17",
                "Outlet B",
                &["subject = 'death'; predicate = 'cause'; value = 'a blood clot'; certainty = 'unknown'"],
            ),
        ],
    )
}

/// An open question with no candidate ("it is not known who fired") is not answered by denying one
/// candidate, and is by a later assertion.
fn open_question_without_value() -> PathBuf {
    corpus(
        "open-question",
        &[
            R("q", "2024-03-01", "Outlet A", &["subject = 'strike'; predicate = 'responsible'; certainty = 'unknown'"]),
            R(
                "deny",
                "2024-03-02",
                "Outlet B",
                &["subject = 'strike'; predicate = 'responsible'; value = 'rebels'; negated = true"],
            ),
            R("answer", "2024-03-03", "Outlet C", &["subject = 'strike'; predicate = 'responsible'; value = 'army'"]),
            // The same question about the crash, never answered: denying a candidate leaves it open.
            R(
                "q2",
                "2024-03-01",
                "Outlet A",
                &[
                    "subject = 'crash'; predicate = 'responsible'; certainty = 'unknown'",
                    "subject = 'crash'; predicate = 'responsible'; certainty = 'unknown'",
                ],
            ),
            R(
                "deny2",
                "2024-03-04",
                "Outlet B",
                &["subject = 'crash'; predicate = 'responsible'; value = 'rebels'; negated = true"],
            ),
        ],
    )
}

/// A dispute relayed by one report (Ukraine blames the rebels, Russia blames the army): a warning
/// naming the report, settled into a note once a later report asserts one side. That later report
/// contradicts the other side across reports: an error. One voice contradicting itself (two
/// officials of Ukraine) keeps the full severity.
fn dispute_settled() -> PathBuf {
    corpus(
        "dispute",
        &[
            R(
                "relay",
                "2014-07-18",
                "Outlet A",
                &[
                    "subject = 'crash'; predicate = 'responsible'; value = 'rebels'; source = 'kyiv-official'",
                    "subject = 'crash'; predicate = 'responsible'; value = 'army'; source = 'kremlin-spokesman'",
                    "subject = 'strike'; predicate = 'location'; value = 'grabovo'; source = 'kyiv-official'",
                    "subject = 'strike'; predicate = 'location'; value = 'kharkiv'; source = 'kyiv-minister'",
                ],
            ),
            R("later", "2014-07-25", "Outlet B", &["subject = 'crash'; predicate = 'responsible'; value = 'rebels'"]),
            // An unsettled dispute on another subject: one step milder than an error.
            R(
                "open",
                "2014-07-18",
                "Outlet C",
                &[
                    "subject = 'death'; predicate = 'occurred'; source = 'kyiv-official'",
                    "subject = 'death'; predicate = 'occurred'; negated = true; source = 'putin'",
                ],
            ),
        ],
    )
}

/// Tolls that rise through a night: a figure dated by day against one with a time that day is a
/// warning; two figures with times are ordered (the higher later: an update; lower later:
/// regression); equal times, an error.
fn tolls() -> PathBuf {
    corpus(
        "tolls",
        &[
            R(
                "evening",
                "2023-10-17T20:00:00Z",
                "Outlet A",
                &[
                    "subject = 'strike'; predicate = 'killed'; value = 300; as-of = 2023-10-17",
                    "subject = 'crash'; predicate = 'killed'; value = 30",
                    "subject = 'death'; predicate = 'killed'; value = 30",
                ],
            ),
            R(
                "night",
                "2023-10-17T23:00:00Z",
                "Outlet B",
                &[
                    "subject = 'strike'; predicate = 'killed'; value = 500",
                    "subject = 'crash'; predicate = 'killed'; value = 45",
                    "subject = 'death'; predicate = 'killed'; value = 45; as-of = 2023-10-17T20:00:00Z",
                ],
            ),
            R("next-day", "2023-10-18", "Outlet C", &["subject = 'crash'; predicate = 'killed'; value = 20"]),
        ],
    )
}

/// A toll revised down by the voice that gave it: a warning; lowered by another voice: an error.
fn revised_down() -> PathBuf {
    corpus(
        "revised-down",
        &[
            R(
                "first",
                "2023-10-17",
                "Outlet A",
                &[
                    "subject = 'strike'; predicate = 'killed'; value = 500; source = 'health-ministry'",
                    "subject = 'crash'; predicate = 'killed'; value = 500; source = 'health-ministry'",
                ],
            ),
            R(
                "revised",
                "2023-10-19",
                "Outlet B",
                &[
                    "subject = 'strike'; predicate = 'killed'; value = 471; source = 'health-ministry'",
                    "subject = 'crash'; predicate = 'killed'; value = 300; source = 'kyiv-official'",
                ],
            ),
        ],
    )
}

/// "In force" corroborates "agreed" (it asserts the earlier stages that are not optional); "signed"
/// is optional and not asserted by "in force". A terminal value conflicts at a coinciding time only
/// with in-force, not with an earlier stage.
fn stages() -> PathBuf {
    corpus(
        "stages",
        &[
            R(
                "a",
                "2016-12-13",
                "Outlet A",
                &[
                    "subject = 'deal'; predicate = 'status'; value = 'in-force'",
                    "subject = 'truce'; predicate = 'status'; value = 'agreed'",
                ],
            ),
            R(
                "b",
                "2016-12-13",
                "Outlet B",
                &[
                    "subject = 'deal'; predicate = 'status'; value = 'agreed'",
                    "subject = 'truce'; predicate = 'status'; value = 'suspended'",
                ],
            ),
            R(
                "c",
                "2016-12-13",
                "Outlet C",
                &[
                    "subject = 'deal'; predicate = 'status'; value = 'collapsed'",
                    "subject = 'deal'; predicate = 'status'; value = 'signed'; negated = true",
                ],
            ),
        ],
    )
}

/// "Sunday" twice and "Sunday 08:30" once corroborate Sunday (three origins), not 08:30; a second
/// time that Sunday is a different fact and conflicts with 08:30 (stable).
fn sunday() -> PathBuf {
    corpus(
        "sunday",
        &[
            R("a", "2016-12-28", "Outlet A", &["subject = 'truce'; predicate = 'takes-effect'; value = 2017-01-01"]),
            R("b", "2016-12-28", "Outlet B", &["subject = 'truce'; predicate = 'takes-effect'; value = 2017-01-01"]),
            R(
                "c",
                "2016-12-28",
                "Outlet C",
                &["subject = 'truce'; predicate = 'takes-effect'; value = 2017-01-01T08:30:00Z"],
            ),
            R(
                "d",
                "2016-12-29",
                "Outlet D",
                &["subject = 'truce'; predicate = 'takes-effect'; value = 2017-01-01T09:00:00Z"],
            ),
        ],
    )
}

/// One instant written in two offsets on two days: 23:30 at UTC-12 on the 31st is 11:30 UTC on
/// New Year's Day. The two claims are one fact (DESIGN §4 v2: a timed claim supports its
/// instant), so two outlets corroborate it; a third time that day conflicts with both, and
/// corroborates the day with the claim that writes the instant on it.
fn one_instant_two_days() -> PathBuf {
    corpus(
        "one-instant-two-days",
        &[
            R(
                "a",
                "2016-12-28",
                "Outlet A",
                &["subject = 'truce'; predicate = 'takes-effect'; value = 2016-12-31T23:30:00-12:00"],
            ),
            R(
                "b",
                "2016-12-28",
                "Outlet B",
                &["subject = 'truce'; predicate = 'takes-effect'; value = 2017-01-01T11:30:00Z"],
            ),
            R(
                "c",
                "2016-12-29",
                "Outlet C",
                &["subject = 'truce'; predicate = 'takes-effect'; value = 2017-01-01T09:00:00Z"],
            ),
        ],
    )
}

/// A claim corrected by a later version of the story takes part in nothing; the conflict it would
/// have made is one `corrected` note naming the correction.
fn corrected() -> PathBuf {
    corpus(
        "corrected",
        &[
            R("first", "2024-01-10", "Outlet A", &["subject = 'strike'; predicate = 'responsible'; value = 'army'"]),
            R("wrong", "2024-01-10", "Outlet B", &["subject = 'strike'; predicate = 'responsible'; value = 'rebels'"]),
            R(
                "fixed",
                "2024-01-11",
                "Outlet B",
                &["subject = 'strike'; predicate = 'responsible'; value = 'army'; corrects = ['wrong#c1']"],
            ),
        ],
    )
}

/// Local times (§3 v2): a datetime written without an offset is in the report's `offset`, and its
/// day is its date as written. 23:30 at +03:00 is 20:30 UTC; 01:00 on the 18th at +03:00 is still
/// the 17th in UTC, but its day is the 18th. (Equal instants, equal `published`: the pair is
/// ordered by report id.)
fn local_times() -> PathBuf {
    let dir = corpus(
        "local-times",
        &[
            R(
                "utc",
                "2023-10-17T20:30:00Z",
                "Outlet A",
                &[
                    "subject = 'strike'; predicate = 'killed'; value = 100",
                    "subject = 'crash'; predicate = 'killed'; value = 100; as-of = 2023-10-17",
                ],
            ),
            R(
                "local",
                "2023-10-17T23:30:00",
                "Outlet B",
                &[
                    "subject = 'strike'; predicate = 'killed'; value = 200",
                    "subject = 'crash'; predicate = 'killed'; value = 200; as-of = 2023-10-18T01:00:00",
                ],
            ),
        ],
    );
    // The report of local times declares its offset.
    let path = dir.join("claims/local.toml");
    let text = std::fs::read_to_string(&path).expect("the report file");
    write(&path, text.replacen("[report]\n", "[report]\noffset = \"+03:00\"\n", 1).as_bytes());
    dir
}

/// A figure that is not growing (people missing fall as they are found): a lower later figure is
/// no regression, and two figures of one day disagree at full severity. A probable claim makes a
/// contradiction a warning; a many-valued predicate (`ordered-by`) never conflicts.
fn severities() -> PathBuf {
    corpus(
        "severities",
        &[
            R(
                "a",
                "2024-05-01",
                "Outlet A",
                &[
                    "subject = 'crash'; predicate = 'missing'; value = 40",
                    "subject = 'strike'; predicate = 'responsible'; value = 'army'; certainty = 'probable'",
                    "subject = 'strike'; predicate = 'ordered-by'; value = 'putin'",
                ],
            ),
            R(
                "b",
                "2024-05-01",
                "Outlet B",
                &[
                    "subject = 'crash'; predicate = 'missing'; value = 30",
                    "subject = 'strike'; predicate = 'responsible'; value = 'rebels'",
                    "subject = 'strike'; predicate = 'ordered-by'; value = 'ukraine'",
                ],
            ),
            R("c", "2024-05-03", "Outlet C", &["subject = 'crash'; predicate = 'missing'; value = 12"]),
        ],
    )
}

#[test]
fn putin_and_russia_agree_and_russia_is_corroborated() {
    assert_findings(&putin_russia_agree(), &["corroboration note crash.responsible [a#c1 b#c1 c#c1]"]);
}

#[test]
fn denying_russia_meets_putin_and_denying_putin_does_not_meet_russia() {
    assert_findings(&putin_russia_denials(), &["negation error crash.responsible [a#c1 b#c1] pairs=[a#c1>b#c1]"]);
}

#[test]
fn grabovo_is_in_donetsk_region_and_kharkiv_is_not() {
    assert_findings(
        &grabovo_donetsk(),
        &[
            "conflict error crash.location [a#c1 b#c1 c#c1] pairs=[a#c1>c#c1 b#c1>c#c1]",
            "corroboration note crash.location [a#c1 b#c1] contested_by=[c#c1]",
        ],
    );
}

#[test]
fn scheduled_never_meets_takes_effect_and_two_actual_times_conflict() {
    assert_findings(
        &scheduled_vs_actual(),
        &[
            "conflict error truce.takes-effect [b#c1 c#c1] pairs=[b#c1>c#c1]",
            "conflict warning truce.scheduled [a#c1 d#c1] pairs=[a#c1>d#c1]",
            // A timed claim supports its day too: both sides agree on the day.
            "corroboration note truce.scheduled [a#c1 d#c1]",
            "corroboration note truce.takes-effect [b#c1 c#c1]",
        ],
    );
}

#[test]
fn a_friday_hedge_is_resolved_by_saturdays_confirmation() {
    assert_findings(
        &friday_hedge_saturday_confirmation(),
        &[
            "certainty warning death.occurred [fri#c1 fri#c2] pairs=[fri#c1>fri#c2]",
            "corroboration note death.occurred [fri#c1 sat#c1]",
            "unresolved note death.occurred [fri#c1 fri#c2 sat#c1] answered_by=[sat#c1]",
            "unresolved note death.responsible [fri#c3 sat#c2] answered_by=[sat#c2]",
        ],
    );
}

#[test]
fn a_later_hedge_on_a_stable_predicate_is_a_tension() {
    assert_findings(
        &later_hedge(),
        &[
            "certainty warning death.cause [fri#c1 sat#c1] pairs=[fri#c1>sat#c1]",
            "unresolved warning death.cause [fri#c1 sat#c1]",
        ],
    );
}

#[test]
fn an_open_question_without_a_value_is_answered_only_by_an_assertion() {
    assert_findings(
        &open_question_without_value(),
        &[
            "unresolved note strike.responsible [answer#c1 deny#c1 q#c1] answered_by=[answer#c1]",
            "unresolved warning crash.responsible [deny2#c1 q2#c1 q2#c2]",
        ],
    );
}

#[test]
fn a_dispute_in_one_report_is_milder_and_settled_by_a_later_report() {
    assert_findings(
        &dispute_settled(),
        &[
            "conflict error crash.responsible [later#c1 relay#c2] pairs=[relay#c2>later#c1]",
            "conflict error strike.location [relay#c3 relay#c4] pairs=[relay#c3>relay#c4]",
            "conflict note crash.responsible [relay#c1 relay#c2] pairs=[relay#c1>relay#c2] dispute resolved_by=[later#c1]",
            "corroboration note crash.responsible [later#c1 relay#c1] contested_by=[relay#c2]",
            "negation warning death.occurred [open#c1 open#c2] pairs=[open#c1>open#c2] dispute",
        ],
    );
}

#[test]
fn tolls_rising_through_a_day_are_a_warning_and_with_times_are_ordered() {
    assert_findings(
        &tolls(),
        &[
            "numeric warning strike.killed [evening#c1 night#c1] pairs=[evening#c1>night#c1]",
            "numeric error death.killed [evening#c3 night#c3] pairs=[evening#c3>night#c3]",
            "regression error crash.killed [evening#c2 next-day#c1 night#c2] \
             pairs=[evening#c2>next-day#c1 night#c2>next-day#c1]",
        ],
    );
}

#[test]
fn a_toll_revised_down_by_its_own_voice_is_a_warning() {
    assert_findings(
        &revised_down(),
        &[
            "regression warning strike.killed [first#c1 revised#c1] pairs=[first#c1>revised#c1]",
            "regression error crash.killed [first#c2 revised#c2] pairs=[first#c2>revised#c2]",
        ],
    );
}

#[test]
fn in_force_corroborates_agreed_and_terminal_values_meet_only_in_force() {
    assert_findings(
        &stages(),
        &[
            "conflict error deal.status [a#c1 c#c1] pairs=[a#c1>c#c1]",
            "corroboration note deal.status [a#c1 b#c1] contested_by=[c#c1]",
        ],
    );
}

#[test]
fn sunday_twice_and_sunday_at_0830_corroborate_sunday_only() {
    assert_findings(
        &sunday(),
        &[
            "conflict error truce.takes-effect [c#c1 d#c1] pairs=[c#c1>d#c1]",
            "corroboration note truce.takes-effect [a#c1 b#c1 c#c1 d#c1]",
        ],
    );
}

#[test]
fn one_instant_written_on_two_days_is_one_fact() {
    assert_findings(
        &one_instant_two_days(),
        &[
            "conflict error truce.takes-effect [a#c1 b#c1 c#c1] pairs=[a#c1>c#c1 b#c1>c#c1]",
            "corroboration note truce.takes-effect [a#c1 b#c1] contested_by=[c#c1]",
            // The day as written: b and c on New Year's Day.
            "corroboration note truce.takes-effect [b#c1 c#c1] contested_by=[a#c1]",
        ],
    );
}

#[test]
fn a_corrected_claim_leaves_a_note_instead_of_a_conflict() {
    assert_findings(
        &corrected(),
        &[
            "corrected note strike.responsible [first#c1 fixed#c1 wrong#c1] pairs=[first#c1>wrong#c1 wrong#c1>fixed#c1] corrected_by=[fixed#c1]",
            "corroboration note strike.responsible [first#c1 fixed#c1]",
        ],
    );
}

#[test]
fn local_times_are_read_in_the_reports_offset_and_dated_as_written() {
    assert_findings(&local_times(), &["numeric error strike.killed [local#c1 utc#c1] pairs=[local#c1>utc#c1]"]);
}

#[test]
fn a_figure_that_falls_is_no_regression_and_probable_claims_soften() {
    assert_findings(
        &severities(),
        &[
            "conflict warning strike.responsible [a#c2 b#c2] pairs=[a#c2>b#c2]",
            "numeric error crash.missing [a#c1 b#c1] pairs=[a#c1>b#c1]",
        ],
    );
}

/// Until the v2 engine lands (the lead turns this on): the engine's JSON findings on every
/// hand-made case are the reference's, finding by finding.
#[test]
fn the_engine_agrees_on_every_hand_made_case() {
    type Case = fn() -> PathBuf;
    let cases: [(&str, Case); 16] = [
        ("putin_russia_agree", putin_russia_agree),
        ("putin_russia_denials", putin_russia_denials),
        ("grabovo_donetsk", grabovo_donetsk),
        ("scheduled_vs_actual", scheduled_vs_actual),
        ("friday_hedge", friday_hedge_saturday_confirmation),
        ("later_hedge", later_hedge),
        ("open_question", open_question_without_value),
        ("dispute", dispute_settled),
        ("tolls", tolls),
        ("revised_down", revised_down),
        ("stages", stages),
        ("sunday", sunday),
        ("one_instant_two_days", one_instant_two_days),
        ("corrected", corrected),
        ("local_times", local_times),
        ("severities", severities),
    ];
    let mut failures = Vec::new();
    for (name, case) in cases {
        let dir = case();
        let out = run(&dir, &["check", "--format", "json"]);
        if code(&out) == 2 {
            let short = run(&dir, &["check", "--format", "short"]);
            failures.push(format!("{name}: the engine cannot read the corpus:\n{}", stdout(&short)));
            continue;
        }
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON output");
        let engine = reference::v2::engine(&doc);
        let mut expected = reference_of(&dir);
        reference::v2::reports_of_links(&mut expected, &engine);
        if show(&engine) != show(&expected) {
            failures.push(format!("{name}:\n  engine:    {:#?}\n  reference: {:#?}", show(&engine), show(&expected)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
