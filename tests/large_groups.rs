//! Groups of thousands of claims about one fact (issue 12, item 11; DESIGN §5 v2: evaluation
//! never goes through all pairs of a group). The kinds join classes of claims and count their
//! pairs as products; these tests hold them to exact counts that follow from how the corpora are
//! built, in every shape the join treats apart: one day, distinct instants, times read in order,
//! a dispute one report relays, and claims dated by day beside timed ones. Tests never assert on
//! time: the counts here would take minutes to enumerate pair by pair in a debug build, and that
//! is what the join avoids.

mod common;

use common::*;
use serde_json::Value;
use std::fmt::Write;

/// One JSON Lines file of one-claim reports about the deal, each `(report, published, negated,
/// certainty, source)`; every report names one text.
fn corpus(name: &str, claims: &[(String, String, bool, &str, &str)]) -> std::path::PathBuf {
    let dir = scratch(name);
    write(&dir.join("claims/text.txt"), b"A deal was agreed. No deal was agreed. Perhaps not.\n");
    let mut lines = String::new();
    lines.push_str(r#"{"entity":{"id":"deal","name":"Deal","kind":"agreement"}}"#);
    lines.push('\n');
    for source in ["minister", "rebel-commander"] {
        let _ = writeln!(lines, r#"{{"entity":{{"id":"{source}","name":"{source}","kind":"person"}}}}"#);
    }
    let mut records = Vec::new();
    for (i, (report, published, negated, certainty, source)) in claims.iter().enumerate() {
        let quote = match (*negated, *certainty) {
            (_, "possible") => "Perhaps not",
            (true, _) => "No deal was agreed",
            (false, _) => "A deal was agreed",
        };
        let source = if source.is_empty() { String::new() } else { format!(r#","source":"{source}""#) };
        let claim = format!(
            r#"{{"id":"c{i}","subject":"deal","predicate":"status","value":"agreed","negated":{negated},"certainty":"{certainty}"{source},"quote":"{quote}"}}"#
        );
        records.push((report.as_str(), published.as_str(), claim));
    }
    write_reports(&mut lines, records);
    write(&dir.join("claims/claims.jsonl"), lines.as_bytes());
    dir
}

/// Appends one record per report, with every claim of it, in the order reports first appear:
/// `(report, published, claim)`, each report naming the text `text.txt`.
fn write_reports(lines: &mut String, claims: Vec<(&str, &str, String)>) {
    let mut reports: Vec<(&str, &str, Vec<String>)> = Vec::new();
    for (report, published, claim) in claims {
        match reports.iter_mut().find(|r| r.0 == report) {
            Some(r) => r.2.push(claim),
            None => reports.push((report, published, vec![claim])),
        }
    }
    for (i, (report, published, claims)) in reports.iter().enumerate() {
        let _ = writeln!(
            lines,
            r#"{{"report":{{"id":"{report}","title":"Report {i}","outlet":"Outlet {i}","published":"{published}","text":"text.txt"}},"claim":[{}]}}"#,
            claims.join(",")
        );
    }
}

fn findings(dir: &std::path::Path) -> Vec<Value> {
    let out = run(dir, &["check", "--format", "json"]);
    assert!(code(&out) < 2, "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("JSON output");
    doc["findings"].as_array().expect("findings").clone()
}

fn of_kind<'f>(findings: &'f [Value], rule: &str) -> Vec<&'f Value> {
    findings.iter().filter(|f| f["rule"] == rule).collect()
}

fn total(f: &Value, key: &str) -> u64 {
    f[key].as_u64().unwrap_or_else(|| panic!("{key} in {f:#}"))
}

/// 2,000 assertions and 2,000 denials on one day: one negation of 4,000,000 pairs, of which the
/// first 4,096 are listed, over every claim.
#[test]
fn one_day_of_assertions_and_denials_is_one_negation_counted_in_full() {
    const N: usize = 2000;
    let claims: Vec<_> =
        (0..2 * N).map(|i| (format!("r{i:05}"), "2016-12-13".to_string(), i % 2 == 1, "certain", "")).collect();
    let findings = findings(&corpus("large-one-day", &claims));
    let negation = of_kind(&findings, "negation");
    assert_eq!(negation.len(), 1, "{negation:#?}");
    let f = negation[0];
    assert_eq!(total(f, "pairs_total"), (N * N) as u64);
    assert_eq!(total(f, "claims_total"), (2 * N) as u64);
    assert_eq!(f["severity"], "error");
    let pairs = f["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 4096, "the first 4,096 pairs are listed");
    // The first pairs listed are the earliest assertion's, against the denials in group order.
    let claims = f["claims"].as_array().expect("claims");
    let first = &claims[pairs[0][0].as_u64().expect("index") as usize];
    assert_eq!(first, "r00000#c0", "{:?}", &pairs[..3]);
}

/// Claims at distinct instants, an assertion then a denial each second: no two coincide except
/// each second's pair, so negation finds one finding per second; and every denial is later than
/// every earlier assertion, so regression counts N(N+1)/2 pairs in one finding.
#[test]
fn claims_read_in_time_order_are_counted_by_a_sweep() {
    const N: usize = 1500;
    let time = |second: usize| format!("2016-12-13T10:{:02}:{:02}Z", second / 60, second % 60);
    let claims: Vec<_> = (0..2 * N).map(|i| (format!("r{i:05}"), time(i / 2), i % 2 == 1, "certain", "")).collect();
    let findings = findings(&corpus("large-sweep", &claims));
    assert_eq!(of_kind(&findings, "negation").len(), N, "one negation per second");
    let regression = of_kind(&findings, "regression");
    assert_eq!(regression.len(), 1, "{regression:#?}");
    // The denial of second m is later than the assertions of seconds 0..m: m pairs, and its own
    // second's assertion is not earlier, so it is no regression.
    assert_eq!(total(regression[0], "pairs_total"), (N * (N - 1) / 2) as u64);
    assert_eq!(
        total(regression[0], "claims_total"),
        (2 * N - 2) as u64,
        "the first assertion's denial and the last assertion pair with nothing later"
    );
}

/// Firm claims, then hedges at the same time or later: a hedge reopens every firm claim not later
/// than it (`certainty` reads times not strictly: a hedge at the same time counts).
#[test]
fn hedges_later_than_firm_claims_are_counted_by_a_sweep() {
    const N: usize = 1500;
    // Second m: one assertion, and one hedge ("possibly not") at the same second.
    let time = |second: usize| format!("2016-12-14T10:{:02}:{:02}+02:00", second / 60, second % 60);
    let claims: Vec<_> = (0..2 * N)
        .map(|i| {
            let hedge = i % 2 == 1;
            (format!("r{i:05}"), time(i / 2), hedge, if hedge { "possible" } else { "certain" }, "")
        })
        .collect();
    let findings = findings(&corpus("large-hedges", &claims));
    let certainty = of_kind(&findings, "certainty");
    assert_eq!(certainty.len(), 1, "{certainty:#?}");
    // The hedge of second m meets the assertions of seconds 0..=m.
    assert_eq!(total(certainty[0], "pairs_total"), (N * (N + 1) / 2) as u64);
    assert_eq!(total(certainty[0], "claims_total"), (2 * N) as u64);
}

/// One report relaying two sources that are not one voice, 1,000 claims each way, beside 1,000
/// denials in reports of their own: the dispute's pairs are only the relayed ones, the rest are
/// one plain negation, and neither finding lists a pair of the other.
#[test]
fn a_dispute_one_report_relays_is_counted_apart_from_the_others() {
    const N: usize = 1000;
    let mut claims: Vec<_> = Vec::new();
    for i in 0..N {
        claims.push(("relay".to_string(), "2016-12-13".to_string(), false, "certain", "minister"));
        claims.push(("relay".to_string(), "2016-12-13".to_string(), true, "certain", "rebel-commander"));
        claims.push((format!("own{i:04}"), "2016-12-13".to_string(), true, "certain", ""));
    }
    let findings = findings(&corpus("large-dispute", &claims));
    let negation = of_kind(&findings, "negation");
    let dispute: Vec<_> = negation.iter().filter(|f| f["dispute"] == true).collect();
    let plain: Vec<_> = negation.iter().filter(|f| f["dispute"] != true).collect();
    assert_eq!((dispute.len(), plain.len()), (1, 1), "{negation:#?}");
    assert_eq!(total(dispute[0], "pairs_total"), (N * N) as u64);
    assert_eq!(dispute[0]["severity"], "warning", "a dispute is one step milder");
    // The relayed assertions against the denials in reports of their own.
    assert_eq!(total(plain[0], "pairs_total"), (N * N) as u64);
    assert_eq!(total(plain[0], "claims_total"), (2 * N) as u64);
    assert_eq!(plain[0]["severity"], "error");
}

/// Claims dated by day beside timed ones: a day coincides with every time on it, two times only
/// when they are one instant (whatever day they are written on).
#[test]
fn days_meet_every_time_on_them_and_times_only_their_instant() {
    const N: usize = 600;
    let mut claims: Vec<_> = Vec::new();
    for i in 0..N {
        // Assertions dated by day; denials at distinct times that day; one more denial written
        // the next day in another offset, at the instant of the first timed denial.
        claims.push((format!("a{i:04}"), "2016-12-13".to_string(), false, "certain", ""));
        claims.push((format!("d{i:04}"), format!("2016-12-13T10:{:02}:{:02}Z", i / 60, i % 60), true, "certain", ""));
    }
    claims.push(("late".to_string(), "2016-12-14T00:00:00+14:00".to_string(), true, "certain", ""));
    claims.push(("late-assert".to_string(), "2016-12-13T10:00:00Z".to_string(), false, "certain", ""));
    let findings = findings(&corpus("large-mixed", &claims));
    let negation = of_kind(&findings, "negation");
    assert_eq!(negation.len(), 1, "{negation:#?}");
    // Every day-dated assertion meets every denial of that day (not `late`, written on the 14th),
    // and the timed assertion meets the denial at 10:00:00 and `late`, at the same instant.
    assert_eq!(total(negation[0], "pairs_total"), (N * N + 2) as u64);
    assert_eq!(total(negation[0], "claims_total"), (2 * N + 2) as u64);
}

/// A figure claim for [`figures_corpus`]: `(report, published, value, source)`.
type FigureClaim = (String, String, u64, &'static str);

/// One JSON Lines file of reports giving tolls of one blast (`killed`, tolerance 5%).
fn figures_corpus(name: &str, claims: &[FigureClaim]) -> std::path::PathBuf {
    figures_corpus_of_voices(name, claims, |_| None)
}

/// As [`figures_corpus`], each source speaking for the governments `government` names, if any
/// (several separated by commas).
fn figures_corpus_of_voices(
    name: &str,
    claims: &[FigureClaim],
    government: impl Fn(&str) -> Option<String>,
) -> std::path::PathBuf {
    let dir = scratch(name);
    write(&dir.join("claims/text.txt"), b"Many people were killed.\n");
    let mut lines = String::from("{\"entity\":{\"id\":\"blast\",\"name\":\"Blast\",\"kind\":\"event\"}}\n");
    let mut sources: Vec<&str> =
        ["minister", "rebel-commander"].into_iter().chain(claims.iter().map(|c| c.3)).collect();
    sources.sort_unstable();
    sources.dedup();
    let mut governments: Vec<String> = sources
        .iter()
        .filter_map(|s| government(s))
        .flat_map(|g| g.split(',').map(str::to_string).collect::<Vec<_>>())
        .collect();
    governments.sort_unstable();
    governments.dedup();
    for g in &governments {
        let _ = writeln!(lines, r#"{{"entity":{{"id":"{g}","name":"{g}","kind":"organisation"}}}}"#);
    }
    for source in sources.into_iter().filter(|s| !s.is_empty()) {
        let speaks_for = government(source)
            .map(|g| {
                format!(r#","speaks-for":{}"#, serde_json::to_string(&g.split(',').collect::<Vec<_>>()).expect("ids"))
            })
            .unwrap_or_default();
        let _ = writeln!(lines, r#"{{"entity":{{"id":"{source}","name":"{source}","kind":"person"{speaks_for}}}}}"#);
    }
    let mut records = Vec::new();
    for (i, (report, published, value, source)) in claims.iter().enumerate() {
        let source = if source.is_empty() { String::new() } else { format!(r#","source":"{source}""#) };
        let claim = format!(
            r#"{{"id":"c{i}","subject":"blast","predicate":"killed","value":{value}{source},"quote":"people were killed"}}"#
        );
        records.push((report.as_str(), published.as_str(), claim));
    }
    write_reports(&mut lines, records);
    write(&dir.join("claims/claims.jsonl"), lines.as_bytes());
    dir
}

/// The pairs of figures the interval rule and the times make, counted one by one: (plain,
/// dispute) pairs, and how many claims are in a pair. Times are `YYYY-MM-DD` or
/// `YYYY-MM-DDTHH:MM:SSZ`: a day meets every time on it, two times only the same time.
fn figure_pairs(claims: &[FigureClaim]) -> (u64, u64, u64) {
    let apart = |a: u64, b: u64| {
        let (low, high) = (a.min(b) as f64, a.max(b) as f64);
        high - low > 0.05 * high + 1e-9 * high.max(1.0)
    };
    let meet = |s: &str, t: &str| match (s.len(), t.len()) {
        (10, 10) | (20, 20) => s == t,
        _ => s[..10] == t[..10],
    };
    let (mut plain, mut dispute) = (0, 0);
    let mut in_pair = vec![false; claims.len()];
    for (i, a) in claims.iter().enumerate() {
        for (j, b) in claims.iter().enumerate().skip(i + 1) {
            if meet(&a.1, &b.1) && apart(a.2, b.2) {
                if a.0 == b.0 && a.3 != b.3 {
                    dispute += 1;
                } else {
                    plain += 1;
                }
                in_pair[i] = true;
                in_pair[j] = true;
            }
        }
    }
    (plain, dispute, in_pair.iter().filter(|&&p| p).count() as u64)
}

/// Thousands of distinct tolls of one blast on one day: every two that lie apart are a pair, and
/// the join finds them by sorting the figures, not by testing every two distinct values (which
/// for 20,000 figures took 46 s).
#[test]
fn distinct_figures_on_one_day_are_counted_in_full() {
    const N: u64 = 3000;
    // A permutation of 1..=N, so that the group's order is not the figures'.
    let claims: Vec<FigureClaim> =
        (0..N).map(|i| (format!("r{i:05}"), "2016-12-13".to_string(), 1 + (i * 7919) % N, "")).collect();
    let (plain, dispute, in_pair) = figure_pairs(&claims);
    assert_eq!(dispute, 0);
    let findings = findings(&figures_corpus("large-figures", &claims));
    let numeric = of_kind(&findings, "numeric");
    assert_eq!(numeric.len(), 1, "{numeric:#?}");
    assert_eq!(total(numeric[0], "pairs_total"), plain);
    assert_eq!(total(numeric[0], "claims_total"), in_pair);
    // Tolls rise during a day: figures dated by day only are a warning.
    assert_eq!(numeric[0]["severity"], "warning");
    assert_eq!(numeric[0]["pairs"].as_array().map(Vec::len), Some(4096));
    assert!(of_kind(&findings, "regression").is_empty(), "no time orders figures of one day");
}

/// Distinct tolls dated by day and at times of that day, with one report relaying two sources'
/// figures: pairs of one report are a dispute, counted apart from the rest, and times meet only
/// their own instant.
#[test]
fn distinct_figures_at_times_and_in_a_dispute_are_counted_apart() {
    const N: u64 = 900;
    let mut claims: Vec<FigureClaim> = Vec::new();
    for i in 0..N {
        claims.push((format!("d{i:04}"), "2016-12-13".to_string(), 1 + (i * 7919) % N, ""));
        let time = format!("2016-12-13T10:00:{:02}Z", i % 20);
        claims.push((format!("t{i:04}"), time, 1 + (i * 104_729) % (2 * N), ""));
    }
    for i in 0..150 {
        claims.push(("relay".to_string(), "2016-12-13".to_string(), 10 + i, "minister"));
        claims.push(("relay".to_string(), "2016-12-13".to_string(), 1000 + 3 * i, "rebel-commander"));
    }
    let (plain, dispute, _) = figure_pairs(&claims);
    assert!(dispute > 0 && plain > 0);
    let findings = findings(&figures_corpus("large-figures-times", &claims));
    let numeric = of_kind(&findings, "numeric");
    let sum = |dispute: bool| -> u64 {
        numeric.iter().filter(|f| (f["dispute"] == true) == dispute).map(|f| total(f, "pairs_total")).sum()
    };
    assert_eq!((sum(false), sum(true)), (plain, dispute), "{numeric:#?}");
    // The plain pairs take the room for listed pairs; the dispute still names one of its own.
    assert!(numeric.iter().all(|f| f["pairs"].as_array().is_some_and(|p| !p.is_empty())), "{numeric:#?}");
    // Two figures at one instant are an error; a dispute is one step milder than its pairs.
    assert!(numeric.iter().any(|f| f["severity"] == "error"));
}

/// One JSON Lines file of one-claim reports giving a cause of one blast (`cause`, a stable text
/// predicate): `(value, negated)` per report.
fn causes_corpus(name: &str, claims: &[(String, bool)]) -> std::path::PathBuf {
    let dir = scratch(name);
    write(&dir.join("claims/text.txt"), b"The cause was given.\n");
    let mut lines = String::from("{\"entity\":{\"id\":\"blast\",\"name\":\"Blast\",\"kind\":\"event\"}}\n");
    for (i, (value, negated)) in claims.iter().enumerate() {
        let _ = writeln!(
            lines,
            r#"{{"report":{{"id":"r{i:05}","title":"Report {i}","outlet":"Outlet {i}","published":"2016-12-13","text":"text.txt"}},"claim":[{{"id":"c","subject":"blast","predicate":"cause","value":"{value}","negated":{negated},"quote":"The cause was given"}}]}}"#
        );
    }
    write(&dir.join("claims/claims.jsonl"), lines.as_bytes());
    dir
}

/// Thousands of distinct causes of one event, a few given twice: every two claims with different
/// causes conflict. The join ranks the causes and sorts them (every two distinct values took a
/// test before: 20,000 causes took 60 s).
#[test]
fn distinct_causes_are_one_conflict_counted_in_full() {
    const N: u64 = 3000;
    // Causes 0..N, and the first 100 again.
    let claims: Vec<(String, bool)> = (0..N + 100).map(|i| (format!("cause {}", i % N), false)).collect();
    let findings = findings(&causes_corpus("large-causes", &claims));
    let conflict = of_kind(&findings, "conflict");
    assert_eq!(conflict.len(), 1, "{conflict:#?}");
    let n = N + 100;
    assert_eq!(total(conflict[0], "pairs_total"), n * (n - 1) / 2 - 100);
    assert_eq!(total(conflict[0], "claims_total"), n);
}

/// Thousands of findings of one pair each in one group (each cause asserted and denied): the
/// first 4,096 pairs are listed in the findings they belong to, and every later finding still
/// lists its own pair, rather than none.
#[test]
fn every_finding_lists_a_pair_when_the_listed_pairs_run_out() {
    const N: usize = 5000;
    let claims: Vec<(String, bool)> = (0..2 * N).map(|i| (format!("cause {}", i / 2), i % 2 == 1)).collect();
    let findings = findings(&causes_corpus("large-negations", &claims));
    let negation = of_kind(&findings, "negation");
    assert_eq!(negation.len(), N);
    for f in negation {
        assert_eq!(total(f, "pairs_total"), 1);
        assert_eq!(f["pairs"], serde_json::json!([[0, 1]]), "{f:#}");
        assert!(f["notes"].as_array().is_some_and(|n| n.is_empty()), "{f:#}");
    }
}

/// The regressions the interval rule and the times make, counted one by one: pairs of a figure
/// and a later one more than 5% below it. A time is later than a time by instant, than a day
/// (or a day than anything) by date.
fn regressions(claims: &[FigureClaim]) -> u64 {
    let later = |a: &str, b: &str| if a.len() == 20 && b.len() == 20 { b > a } else { b[..10] > a[..10] };
    let below = |a: u64, b: u64| b < a && (a - b) as f64 > 0.05 * a as f64 + 1e-9 * (a as f64).max(1.0);
    let mut n = 0;
    for a in claims {
        for b in claims {
            if later(&a.1, &b.1) && below(a.2, b.2) {
                n += 1;
            }
        }
    }
    n
}

/// Thousands of distinct tolls over three days, some at times of day: every later figure more
/// than the tolerance below an earlier one is a regression. The sweep in time order counts them
/// (every two distinct figures with one later took a test before), and one source lowering its
/// own figures is one step milder.
#[test]
fn distinct_figures_over_days_are_regressions_counted_in_full() {
    const N: u64 = 1200;
    for source in ["", "minister"] {
        let mut claims: Vec<FigureClaim> = Vec::new();
        for i in 0..N {
            claims.push((format!("d{i:04}"), format!("2016-12-{}", 13 + i % 3), 1 + (i * 7919) % N, source));
            let time = format!("2016-12-14T{:02}:00:00Z", i % 24);
            claims.push((format!("t{i:04}"), time, 1 + (i * 104_729) % (2 * N), source));
        }
        let expected = regressions(&claims);
        assert!(expected > 0);
        let findings = findings(&figures_corpus("large-regressions", &claims));
        let regression = of_kind(&findings, "regression");
        let counted: u64 = regression.iter().map(|f| total(f, "pairs_total")).sum();
        assert_eq!(counted, expected, "source {source:?}");
        let severity = if source.is_empty() { "error" } else { "warning" };
        assert!(regression.iter().all(|f| f["severity"] == severity), "source {source:?}: {regression:#?}");
    }
}

/// A claim of [`places_corpus`]: `(value, negated, certainty, published)`, the value an entity
/// id, a date, or none.
type PlaceClaim = (String, bool, &'static str, String);

/// One JSON Lines file of one-claim reports on one predicate of the blast (an event), with the
/// places given as `(id, region)`: each place `part-of` its region, regions part of the country.
fn places_corpus(
    name: &str,
    predicate: &str,
    places: &[(String, String)],
    claims: &[PlaceClaim],
) -> std::path::PathBuf {
    let places: Vec<(String, Vec<String>)> = places.iter().map(|(p, r)| (p.clone(), vec![r.clone()])).collect();
    border_places_corpus(name, predicate, &places, claims)
}

/// [`places_corpus`] with each place `part-of` one region or more.
fn border_places_corpus(
    name: &str,
    predicate: &str,
    places: &[(String, Vec<String>)],
    claims: &[PlaceClaim],
) -> std::path::PathBuf {
    let dir = scratch(name);
    write(&dir.join("claims/text.txt"), b"It was said. It was not known.\n");
    let mut lines = String::from("{\"entity\":{\"id\":\"blast\",\"name\":\"Blast\",\"kind\":\"event\"}}\n");
    lines.push_str("{\"entity\":{\"id\":\"country\",\"name\":\"Country\",\"kind\":\"place\"}}\n");
    // The regions: what places are part of that is not itself one of the places.
    let mut regions: Vec<&String> = places.iter().flat_map(|p| &p.1).collect();
    regions.sort();
    regions.dedup();
    regions.retain(|r| !places.iter().any(|p| &p.0 == *r));
    for region in regions {
        let _ = writeln!(
            lines,
            r#"{{"entity":{{"id":"{region}","name":"{region}","kind":"place","part-of":["country"]}}}}"#
        );
    }
    for (place, regions) in places {
        let regions = serde_json::to_string(regions).expect("ids");
        let _ =
            writeln!(lines, r#"{{"entity":{{"id":"{place}","name":"{place}","kind":"place","part-of":{regions}}}}}"#);
    }
    for (i, (value, negated, certainty, published)) in claims.iter().enumerate() {
        let value = if value.is_empty() { String::new() } else { format!(r#""value":"{value}","#) };
        let _ = writeln!(
            lines,
            r#"{{"report":{{"id":"r{i:05}","title":"Report {i}","outlet":"Outlet {i}","published":"{published}","text":"text.txt"}},"claim":[{{"id":"c","subject":"blast","predicate":"{predicate}",{value}"negated":{negated},"certainty":"{certainty}","quote":"It was said"}}]}}"#
        );
    }
    write(&dir.join("claims/claims.jsonl"), lines.as_bytes());
    dir
}

/// What an entity entails along `part-of` in [`places_corpus`] (places by region): itself, its
/// region, the country.
fn entails(regions: &std::collections::HashMap<&str, &str>, a: &str, b: &str) -> bool {
    a == b || b == "country" || regions.get(a) == Some(&b)
}

fn regions(places: &[(String, String)]) -> std::collections::HashMap<&str, &str> {
    places.iter().map(|p| (p.0.as_str(), p.1.as_str())).collect()
}

/// Thousands of villages given as where the blast took place, beside their regions and the
/// country: two places conflict unless one lies within the other. The places' nesting is a
/// forest, so the join sorts them as nested intervals (every two distinct places took a test
/// before: 20,000 villages took 28 s).
#[test]
fn villages_regions_and_the_country_are_one_conflict_counted_in_full() {
    const N: usize = 1500;
    let places: Vec<(String, String)> = (0..N).map(|i| (format!("v{i:04}"), format!("region-{}", i % 3))).collect();
    let day = || "2016-12-13".to_string();
    let mut claims: Vec<PlaceClaim> = places.iter().map(|p| (p.0.clone(), false, "certain", day())).collect();
    for i in 0..120 {
        let value = if i % 4 == 3 { "country".to_string() } else { format!("region-{}", i % 4) };
        claims.push((value, false, "certain", day()));
    }
    let (regions, mut expected) = (regions(&places), 0u64);
    for (i, a) in claims.iter().enumerate() {
        for b in &claims[i + 1..] {
            expected += u64::from(!entails(&regions, &a.0, &b.0) && !entails(&regions, &b.0, &a.0));
        }
    }
    let findings = findings(&places_corpus("large-villages", "location", &places, &claims));
    let conflict = of_kind(&findings, "conflict");
    assert_eq!(conflict.len(), 1, "{conflict:#?}");
    assert_eq!(total(conflict[0], "pairs_total"), expected);
    // The country holds every place: it is in no pair.
    assert_eq!(total(conflict[0], "claims_total"), (N + 90) as u64);
}

/// Thousands of scheduled times on three days, and the days themselves, all said on one day: two
/// values conflict unless they are one instant or a day and a time on it; two times of one day
/// are a warning (a schedule can move), other days an error. The join nests days and times as
/// intervals, and counts the milder pairs at the start of each suffix apart.
#[test]
fn scheduled_times_and_days_are_counted_in_full_with_their_severity() {
    const N: usize = 2400;
    let value = |i: usize| {
        let day = 1 + i % 3;
        if i % 10 == 0 {
            format!("2017-01-0{day}")
        } else {
            format!("2017-01-0{day}T{:02}:{:02}:00Z", (i / 3) % 24, (i / 72) % 60)
        }
    };
    let pairs = |values: &[String]| {
        let mut n = 0u64;
        for (i, a) in values.iter().enumerate() {
            for b in &values[i + 1..] {
                let day_and_time = (a.len() == 10 || b.len() == 10) && a[..10] == b[..10];
                n += u64::from(a != b && !day_and_time);
            }
        }
        n
    };
    for one_day in [false, true] {
        let values: Vec<String> =
            (0..N).map(value).filter(|v| !one_day || (v.len() > 10 && &v[..10] == "2017-01-01")).collect();
        let claims: Vec<PlaceClaim> =
            values.iter().map(|v| (v.clone(), false, "certain", "2016-12-13".to_string())).collect();
        let findings = findings(&places_corpus("large-schedule", "scheduled", &[], &claims));
        let conflict = of_kind(&findings, "conflict");
        assert_eq!(conflict.len(), 1, "{conflict:#?}");
        assert_eq!(total(conflict[0], "pairs_total"), pairs(&values), "one day: {one_day}");
        let severity = if one_day { "warning" } else { "error" };
        assert_eq!(conflict[0]["severity"], severity, "one day: {one_day}");
    }
}

/// Villages of three regions given as where the blast took place, beside their regions and the
/// country, a few of them border villages in two regions. A border village's entailments are
/// not a chain, so no one nesting places it: the places are sorted in layers, its two regions
/// in two of them (one border village sent the whole group to the class join before). The
/// pairs are counted as brute force counts them, and the output is the pair-by-pair join's, to
/// the listed pair.
#[test]
fn border_villages_are_sorted_in_layers_beside_the_nested_places() {
    let region = |i: usize| format!("region-{}", i % 3);
    let places: Vec<(String, Vec<String>)> = (0..900)
        .map(|i| {
            let mut regions = vec![region(i)];
            if i % 100 == 7 {
                regions.push(region(i + 1));
            }
            (format!("v{i:04}"), regions)
        })
        .collect();
    places_with_their_regions_conflict_in_full("large-border-villages", &places, 3);
}

/// Every village in two of twelve regions, some of them through a town in two regions, given
/// as where the blast took place: no nesting says which hold together, so the places are
/// sorted in layers, each a forest, an entity of a layer holding together with one of each
/// later layer at most (twelve regions, each two of them sharing villages, take twelve layers).
/// Counted as brute force counts, and the output is the pair-by-pair join's.
#[test]
fn villages_each_in_two_regions_are_sorted_in_layers() {
    let region = |i: usize| format!("region-{}", i % 12);
    let mut places: Vec<(String, Vec<String>)> = (0..900)
        .map(|i| {
            let up =
                if i % 9 == 0 { vec![format!("town-{}", i % 7)] } else { vec![region(i), region(i + 1 + i / 12 % 11)] };
            (format!("v{i:04}"), up)
        })
        .collect();
    places.extend((0..7).map(|k| (format!("town-{k}"), vec![region(k), region(k + 5)])));
    places_with_their_regions_conflict_in_full("large-villages-in-two-regions", &places, 12);
}

/// Each of `places` (with what it is part of) given as where the blast took place, on one of
/// two days, beside 60 claims on the `regions` regions `region-0`… and the country: the
/// conflict's pairs are counted as brute force counts them (two places conflict unless one is
/// part of the other, transitively; where a thing took place does not change, so the days do
/// not count), and the output is the pair-by-pair join's, to the listed pair.
fn places_with_their_regions_conflict_in_full(name: &str, places: &[(String, Vec<String>)], regions: usize) {
    let day = |i: usize| format!("2016-12-{}", 13 + i % 2);
    let mut claims: Vec<PlaceClaim> =
        places.iter().enumerate().map(|(i, p)| (p.0.clone(), false, "certain", day(i))).collect();
    for i in 0..60 {
        let value = if i % 4 == 3 { "country".to_string() } else { format!("region-{}", i % regions) };
        claims.push((value, false, "certain", day(i)));
    }
    let parents: std::collections::HashMap<&str, &[String]> = places.iter().map(|p| (p.0.as_str(), &p.1[..])).collect();
    let within = |a: &str, b: &str| {
        let mut seen = vec![a.to_string()];
        let mut next = 0;
        while next < seen.len() {
            let place = seen[next].clone();
            next += 1;
            let up: Vec<String> = match parents.get(place.as_str()) {
                Some(up) => up.to_vec(),
                None if place.starts_with("region") => vec!["country".to_string()],
                None => Vec::new(),
            };
            for p in up {
                if !seen.contains(&p) {
                    seen.push(p);
                }
            }
        }
        seen.iter().any(|p| p == b)
    };
    let mut expected = 0u64;
    for (i, a) in claims.iter().enumerate() {
        for b in &claims[i + 1..] {
            expected += u64::from(!within(&a.0, &b.0) && !within(&b.0, &a.0));
        }
    }
    let dir = border_places_corpus(name, "location", places, &claims);
    assert_counted_as_pair_by_pair(&dir, "conflict", expected);
}

/// Scheduled times on three days beside the days themselves, a few instants written in two
/// offsets on two days (23:30 at UTC-12 on the 1st is 11:30 UTC on the 2nd). Such an instant's
/// two times hold together, each with its own day only, so the nested days and times are exact
/// only among days apart from the next two: the dates are sorted in three layers by day, and
/// between layers by instant (one such instant sent the whole group to the class join before).
/// Counted as brute force counts, and the output is the pair-by-pair join's.
#[test]
fn an_instant_written_on_two_days_is_sorted_in_layers_by_day() {
    const N: usize = 1200;
    let value = |i: usize| match i % 100 {
        5 => "2017-01-01T23:30:00-12:00".to_string(),
        6 => "2017-01-02T11:30:00Z".to_string(),
        _ if i % 10 == 0 => format!("2017-01-0{}", 1 + i % 3),
        _ => format!("2017-01-0{}T{:02}:{:02}:00Z", 1 + i % 3, (i / 3) % 24, (i / 72) % 60),
    };
    // A time's instant in minutes, from its date, time and offset.
    let instant = |v: &str| -> Option<i64> {
        let minutes = |t: &str| -> i64 { t[..2].parse::<i64>().unwrap() * 60 + t[3..5].parse::<i64>().unwrap() };
        if v.len() == 10 {
            return None;
        }
        let day: i64 = v[8..10].parse().unwrap();
        let offset = match &v[19..] {
            "Z" => 0,
            o => (if o.starts_with('-') { -1 } else { 1 }) * minutes(&o[1..]),
        };
        Some(day * 1440 + minutes(&v[11..16]) - offset)
    };
    let values: Vec<String> = (0..N).map(value).collect();
    let mut expected = 0u64;
    for (i, a) in values.iter().enumerate() {
        for b in &values[i + 1..] {
            let day_and_time = (a.len() == 10 || b.len() == 10) && a[..10] == b[..10];
            let one_instant = instant(a).is_some() && instant(a) == instant(b);
            expected += u64::from(a != b && !day_and_time && !one_instant);
        }
    }
    let claims: Vec<PlaceClaim> =
        values.iter().map(|v| (v.clone(), false, "certain", "2016-12-13".to_string())).collect();
    let dir = places_corpus("large-two-day-instant", "scheduled", &[], &claims);
    let conflict = of_kind(&findings(&dir), "conflict").into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(conflict.len(), 1, "{conflict:#?}");
    assert_eq!(total(&conflict[0], "pairs_total"), expected);
    let (joined, pairwise) = json_both_ways(&dir);
    assert!(joined == pairwise, "the join and the pair-by-pair evaluation differ");
}

/// Firm claims on places and later hedges on villages: a hedge opposes a firm claim its value
/// bears on (an assertion of a village or anything within it; a denial of the village or of
/// anything it lies within), or names nothing while the firm claim asserts. The join looks each
/// firm claim's hedges up by value, both ways along `part-of` (every firm claim took a test
/// against every distinct hedged value before).
#[test]
fn hedges_on_distinct_places_are_looked_up_by_value_and_counted_in_full() {
    const N: usize = 900;
    let places: Vec<(String, String)> = (0..N).map(|i| (format!("v{i:04}"), format!("region-{}", i % 3))).collect();
    let mut claims: Vec<PlaceClaim> = Vec::new();
    for (i, (village, region)) in places.iter().enumerate() {
        let firm = match i % 4 {
            0 => (village.clone(), false),
            1 => (region.clone(), true),
            2 => (village.clone(), true),
            _ => ("country".to_string(), i % 8 == 3),
        };
        claims.push((firm.0, firm.1, "certain", format!("2016-12-{}", 13 + i % 3)));
        let hedge = match i % 5 {
            0 => (String::new(), false, "unknown"),
            1 | 2 => (places[(i * 7) % N].0.clone(), false, "unknown"),
            3 => (places[(i * 11) % N].0.clone(), true, "possible"),
            _ => (places[(i * 13) % N].0.clone(), false, "possible"),
        };
        claims.push((hedge.0, hedge.1, hedge.2, format!("2016-12-{}", 14 + i % 2)));
    }
    let regions = regions(&places);
    let bears_on = |f: &PlaceClaim, fact: &str| {
        if f.1 {
            entails(&regions, fact, &f.0)
        } else {
            entails(&regions, &f.0, fact)
        }
    };
    let mut expected = 0u64;
    for f in claims.iter().filter(|c| c.2 == "certain") {
        for h in claims.iter().filter(|c| c.2 != "certain" && c.3 >= f.3) {
            expected += u64::from(match (h.2, h.0.is_empty()) {
                ("unknown", true) => !f.1,
                ("unknown", false) => bears_on(f, &h.0),
                _ => f.1 != h.1 && bears_on(f, &h.0),
            });
        }
    }
    let findings = findings(&places_corpus("large-place-hedges", "location", &places, &claims));
    let certainty = of_kind(&findings, "certainty");
    let counted: u64 = certainty.iter().map(|f| total(f, "pairs_total")).sum();
    assert!(expected > 10_000, "{expected}");
    assert_eq!(counted, expected);
}

/// Hundreds of open questions in one group: each lists the claims asking it and at most 64
/// others (the answers first), counts the rest in `claims_total`, and names at most 64 answers,
/// saying how many more there are. Listing the whole group with every question grew with the
/// square of the group (20,000 claims gave 6 GB of JSON).
#[test]
fn open_questions_of_one_group_list_a_bounded_context() {
    const N: usize = 120;
    let places: Vec<(String, String)> = (0..N).map(|i| (format!("v{i:04}"), format!("region-{}", i % 2))).collect();
    let mut claims: Vec<PlaceClaim> = Vec::new();
    for (village, _) in &places {
        claims.push((village.clone(), false, "unknown", "2016-12-13".to_string()));
        claims.push((village.clone(), false, "certain", "2016-12-12".to_string()));
    }
    // Later denials of region 0 answer every question about a village in it.
    for _ in 0..90 {
        claims.push(("region-0".to_string(), true, "certain", "2016-12-14".to_string()));
    }
    let findings = findings(&places_corpus("large-questions", "location", &places, &claims));
    let unresolved = of_kind(&findings, "unresolved");
    assert_eq!(unresolved.len(), N);
    for f in &unresolved {
        assert_eq!(total(f, "claims_total"), claims.len() as u64, "{f:#}");
        assert_eq!(f["claims"].as_array().map(Vec::len), Some(65), "{f:#}");
        let notes = f["notes"].as_array().expect("notes");
        let note = notes[0].as_str().expect("a note");
        if f["severity"] == "note" {
            // 90 answers, 64 named, and every one of them among the claims listed.
            let answered_by = f["answered_by"].as_array().expect("answered_by");
            assert_eq!(answered_by.len(), 64, "{f:#}");
            assert!(answered_by.iter().all(|a| f["claims"].as_array().is_some_and(|c| c.contains(a))), "{f:#}");
            assert!(note.starts_with("answered by ") && note.ends_with("; and 26 more"), "{note}");
        } else {
            assert!(
                note.starts_with("stated around it: ") && note.ends_with(&format!("; and {} more", claims.len() - 65)),
                "{note}"
            );
        }
    }
    assert_eq!(unresolved.iter().filter(|f| f["severity"] == "note").count(), N / 2);
}

/// One report quoting hundreds of sources on one toll, each a few times, beside other reports:
/// every two figures of two sources that lie apart are a dispute the report relays, those of
/// one source plain pairs. No two of the sources are one voice, so the join keeps them apart as
/// it keeps reports apart (the sources of a report were joined two by two: 5,000 sources took
/// 5.5 s).
#[test]
fn a_report_quoting_hundreds_of_sources_is_counted_in_full() {
    const N: u64 = 400;
    let source = |i: u64| -> &'static str { Box::leak(format!("p{:03}", i % N).into_boxed_str()) };
    let mut claims: Vec<FigureClaim> = Vec::new();
    for i in 0..3 * N {
        claims.push(("relay".to_string(), "2016-12-13".to_string(), 1 + (i * 7919) % (3 * N), source(i)));
    }
    for i in 0..200 {
        claims.push((format!("r{i:03}"), "2016-12-13".to_string(), 1 + (i * 104_729) % (3 * N), ""));
    }
    let (plain, dispute, _) = figure_pairs(&claims);
    assert!(dispute > 100_000 && plain > 10_000, "{plain} {dispute}");
    let findings = findings(&figures_corpus("large-sources", &claims));
    let numeric = of_kind(&findings, "numeric");
    let sum = |dispute: bool| -> u64 {
        numeric.iter().filter(|f| (f["dispute"] == true) == dispute).map(|f| total(f, "pairs_total")).sum()
    };
    assert_eq!((sum(false), sum(true)), (plain, dispute), "{numeric:#?}");
}

/// The officials `o000`… of ten governments `g0`…`g9`, official `i` speaking for `g{i % 10}`.
fn official(i: u64) -> &'static str {
    Box::leak(format!("o{i:03}").into_boxed_str())
}

fn government_of_official(source: &str) -> Option<String> {
    let i: u64 = source.strip_prefix('o')?.parse().ok()?;
    Some(format!("g{}", i % 10))
}

/// The output of `check --format json`, and of the pair-by-pair join the tests compare with.
fn json_both_ways(dir: &std::path::Path) -> (String, String) {
    let out = run(dir, &["check", "--format", "json"]);
    assert!(code(&out) < 2, "{}", stderr(&out));
    let reference = claimlint(dir)
        .args(["check", "--format", "json"])
        .env("CLAIMLINT_PAIRWISE_UP_TO", "1000000000")
        .output()
        .expect("claimlint runs");
    (stdout(&out), stdout(&reference))
}

/// Asserts that the findings of `kind` in `dir` count `expected` pairs in all, and that the
/// output is the pair-by-pair join's, to the listed pair.
fn assert_counted_as_pair_by_pair(dir: &std::path::Path, kind: &str, expected: u64) {
    let findings = findings(dir);
    let counted: u64 = of_kind(&findings, kind).iter().map(|f| total(f, "pairs_total")).sum();
    assert_eq!(counted, expected, "{kind} pairs");
    let (joined, pairwise) = json_both_ways(dir);
    assert!(joined == pairwise, "the join and the pair-by-pair evaluation differ");
}

/// One report (`relay`) quoting each of [`OFFICIALS`] officials twice on one toll, beside
/// `others` reports of one figure each, all on one day.
fn a_report_quoting_officials(others: u64) -> Vec<FigureClaim> {
    let mut claims: Vec<FigureClaim> = Vec::new();
    for i in 0..2 * OFFICIALS {
        claims.push((
            "relay".to_string(),
            "2016-12-13".to_string(),
            1 + (i * 7919) % (2 * OFFICIALS),
            official(i % OFFICIALS),
        ));
    }
    for i in 0..others {
        claims.push((format!("r{i:03}"), "2016-12-13".to_string(), 1 + (i * 104_729) % (2 * OFFICIALS), ""));
    }
    claims
}

/// How many officials [`a_report_quoting_officials`] quotes.
const OFFICIALS: u64 = 300;

/// One report quoting hundreds of officials of ten governments on one toll: two officials of
/// one government are one voice, so their figures apart are plain pairs, and those of two
/// governments a dispute. Sharing a voice sorts the sources into ten classes, which the join
/// keeps apart as it keeps reports apart (the sources were joined two by two when any two shared
/// a voice), and the output is what the pair-by-pair join gives, to the listed pair.
#[test]
fn a_report_quoting_officials_of_ten_governments_is_counted_in_full() {
    let claims = a_report_quoting_officials(100);
    // One voice is one government: a dispute is a pair of one report and two governments.
    let voice = |c: &FigureClaim| government_of_official(c.3).unwrap_or_else(|| c.3.to_string());
    let voiced: Vec<FigureClaim> =
        claims.iter().map(|c| (c.0.clone(), c.1.clone(), c.2, &*Box::leak(voice(c).into_boxed_str()))).collect();
    let (plain, dispute, _) = figure_pairs(&voiced);
    assert!(dispute > 10_000 && plain > 10_000, "{plain} {dispute}");
    let dir = figures_corpus_of_voices("large-voices", &claims, government_of_official);
    let findings = findings(&dir);
    let numeric = of_kind(&findings, "numeric");
    let sum = |dispute: bool| -> u64 {
        numeric.iter().filter(|f| (f["dispute"] == true) == dispute).map(|f| total(f, "pairs_total")).sum()
    };
    assert_eq!((sum(false), sum(true)), (plain, dispute), "{numeric:#?}");
    let (joined, pairwise) = json_both_ways(&dir);
    assert!(joined == pairwise, "the join and the pair-by-pair evaluation differ");
}

/// Falling tolls over days from officials of ten governments: a regression by one government
/// lowering its own figure is one step milder. The sweep in time order counts partners of the
/// later figure's own voice (it ran only where no two sources shared a voice), and its output is
/// the pair-by-pair join's, to the listed pair.
#[test]
fn regressions_by_officials_of_ten_governments_are_counted_in_full() {
    falling_tolls_by_officials("large-voices-regression", 40, government_of_official);
}

/// 400 tolls over five days, each given by one of `officials` officials ([`official`]), who speak
/// for the governments `government` names: the regressions are counted as brute force counts,
/// and the output is the pair-by-pair join's.
fn falling_tolls_by_officials(name: &str, officials: u64, government: fn(&str) -> Option<String>) {
    const N: u64 = 400;
    let claims: Vec<FigureClaim> = (0..N)
        .map(|i| (format!("d{i:04}"), format!("2016-12-{}", 10 + i % 5), 1 + (i * 7919) % N, official(i % officials)))
        .collect();
    let expected = regressions(&claims);
    assert!(expected > 1000, "{expected}");
    let dir = figures_corpus_of_voices(name, &claims, government);
    assert_counted_as_pair_by_pair(&dir, "regression", expected);
}

/// Official `i` of [`official`] speaking for `g{i % 10}`, and every 50th (from the 7th) also for
/// another government, a different one each time: a bridge, one voice with the officials of two
/// governments.
fn governments_with_bridges(source: &str) -> Option<String> {
    let i: u64 = source.strip_prefix('o')?.parse().ok()?;
    Some(if i % 50 == 7 { format!("g{},g{}", i % 10, (i / 50 + 1 + i) % 10) } else { format!("g{}", i % 10) })
}

/// One report quoting hundreds of officials of ten governments on one toll, a few of them
/// speaking for two: sharing a voice no longer sorts the sources into classes, so the bridges
/// are left out of the classes and joined source by source, and the others are still joined
/// by class (the whole report was joined two by two before). The output is the pair-by-pair
/// join's, to the listed pair, and bridges' claims are in disputes and in plain findings.
#[test]
fn a_report_quoting_officials_and_a_few_bridges_between_them_is_counted_in_full() {
    let claims = a_report_quoting_officials(60);
    let dir = figures_corpus_of_voices("large-voices-bridges", &claims, governments_with_bridges);
    let (joined, pairwise) = json_both_ways(&dir);
    assert!(joined == pairwise, "the join and the pair-by-pair evaluation differ");
    let findings = findings(&dir);
    let numeric = of_kind(&findings, "numeric");
    for dispute in [false, true] {
        let with_bridge = numeric.iter().filter(|f| (f["dispute"] == true) == dispute).any(|f| {
            f["claims"].as_array().expect("claims").iter().any(|c| {
                let i = c.as_str().and_then(|c| c.strip_prefix("relay#c")).and_then(|i| i.parse::<u64>().ok());
                i.is_some_and(|i| (i % OFFICIALS) % 50 == 7)
            })
        });
        assert!(with_bridge, "no {} finding holds a bridge's claim", if dispute { "dispute" } else { "plain" });
    }
}

/// Falling tolls over days from officials of ten governments, a few speaking for two: the
/// sweep in time order runs over the officials sharing a voice sorts into classes, and the
/// bridges' claims are joined class by class (the whole group went to the class join before).
/// The output is the pair-by-pair join's, to the listed pair.
#[test]
fn regressions_by_officials_and_a_few_bridges_between_them_are_counted_in_full() {
    falling_tolls_by_officials("large-voices-regression-bridges", 120, governments_with_bridges);
}

/// Questions on hundreds of villages asked at days and times, answered (or not) by later firm
/// claims on the village and later denials of its region or the country, at days and times too:
/// each question's answers are counted and named as going through every claim would (a claim
/// dated by day answers after every day asked; a timed one after every day asked without a time
/// and every instant asked). The denials of a region are read once for all its villages'
/// questions, not once per question.
#[test]
fn answers_to_questions_asked_at_days_and_times_are_counted_in_full() {
    const N: usize = 300;
    let places: Vec<(String, String)> = (0..N).map(|i| (format!("v{i:04}"), format!("region-{}", i % 3))).collect();
    let regions = regions(&places);
    // Days 10 to 19 of December, by day or at an hour of it.
    let when = |k: usize| -> String {
        let day = 10 + k % 10;
        if k % 3 == 0 {
            format!("2016-12-{day}")
        } else {
            format!("2016-12-{day}T{:02}:00:00Z", (k * 7) % 24)
        }
    };
    let mut claims: Vec<PlaceClaim> = Vec::new();
    for (i, (village, _)) in places.iter().enumerate() {
        claims.push((village.clone(), false, "unknown", when(i * 13 + 1)));
        if i % 4 == 0 {
            claims.push((village.clone(), false, "unknown", when(i * 13 + 5)));
        }
        claims.push((village.clone(), false, "certain", when(i * 17 + 2)));
    }
    for k in 0..400 {
        let place = if k % 7 == 0 { "country".to_string() } else { format!("region-{}", k % 3) };
        claims.push((place, true, if k % 5 == 0 { "probable" } else { "certain" }, when(k * 11 + 3)));
    }
    // Each question's answers, claim by claim: committed, bearing on the village, after every ask.
    let later = |t: &str, asked: &[&str]| {
        if t.len() == 10 {
            asked.iter().all(|a| t > &a[..10])
        } else {
            asked.iter().all(|&a| if a.len() == 10 { &t[..10] > a } else { t > a })
        }
    };
    let findings = findings(&places_corpus("large-answers", "location", &places, &claims));
    let unresolved = of_kind(&findings, "unresolved");
    assert_eq!(unresolved.len(), N);
    let mut answered = 0;
    for (village, _) in &places {
        let asked: Vec<&str> =
            claims.iter().filter(|c| &c.0 == village && c.2 == "unknown").map(|c| c.3.as_str()).collect();
        let count = claims
            .iter()
            .filter(|c| c.2 != "unknown")
            .filter(|c| if c.1 { entails(&regions, village, &c.0) } else { &c.0 == village })
            .filter(|c| later(&c.3, &asked))
            .count();
        let f = unresolved
            .iter()
            .find(|f| f["message"].as_str().is_some_and(|m| m.contains(&format!("({village}?"))))
            .unwrap_or_else(|| panic!("a question on {village}"));
        let named = f["answered_by"].as_array().map_or(0, Vec::len);
        assert_eq!(named, count.min(64), "{village}: {f:#}");
        assert_eq!(f["severity"] == "note", count > 0, "{village}: {f:#}");
        if count > 64 {
            let note = f["notes"][0].as_str().expect("a note");
            assert!(note.ends_with(&format!("; and {} more", count - 64)), "{village}: {note}");
        }
        answered += usize::from(count > 0);
    }
    assert!(answered > N / 4 && answered < N, "{answered} of {N} answered");
}
