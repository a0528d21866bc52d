//! Small corpora for the rule unit tests that cannot be fixtures (what a check derives but never
//! shows), built in memory on the built-in vocabulary. Rule kinds are tested on the fixture
//! corpora, `tests/fixtures/<kind>/`.
//!
//! Entities: agreements `deal`, `other-deal`; events `blast`, `arrest`; groups `army`, `militia`;
//! places `city` and `old-town` (part of `city`); sources `minister` (speaks for `government`),
//! `spokesman` (speaks for `ministry`, which speaks for `government`).

use crate::graph::EntityGraph;
use crate::load::{RawCorpus, RawEntity, S};
use crate::model::*;
use crate::source::{Sources, Span};
use crate::time::Time;

#[derive(Clone)]
pub struct TestClaim {
    id: String,
    subject: String,
    predicate: String,
    value: String,
    negated: bool,
    certainty: Certainty,
    source: Option<String>,
    report: String,
    time: String,
    as_of: Option<String>,
    outlet: String,
    via: Vec<String>,
}

pub fn claim(id: &str, subject: &str, predicate: &str, value: &str) -> TestClaim {
    TestClaim {
        id: id.into(),
        subject: subject.into(),
        predicate: predicate.into(),
        value: value.into(),
        negated: false,
        certainty: Certainty::Certain,
        source: None,
        report: "r1".into(),
        time: "2016-12-13".into(),
        as_of: None,
        outlet: "Outlet".into(),
        via: Vec::new(),
    }
}

impl TestClaim {
    /// The report the claim is made in, and the report's publication time.
    pub fn report(mut self, id: &str, time: &str) -> Self {
        self.report = id.into();
        self.time = time.into();
        self.outlet = format!("Outlet {id}");
        self
    }
}

/// `471`, `at-least 500`, `about 300`, `at-most 10`, or a range `100..300`.
pub fn number(s: &str) -> Number {
    let num = |t: &str| -> f64 { t.trim().parse().expect("a number") };
    if let Some((lo, hi)) = s.split_once("..") {
        return Number { low: num(lo), high: num(hi), bound: Bound::Exact, range: true };
    }
    let (bound, v) = match s.split_once(' ') {
        Some((b, v)) => (Bound::parse(b).expect("a bound"), num(v)),
        None => (Bound::Exact, num(s)),
    };
    Number { low: v, high: v, bound, range: false }
}

pub fn time(s: &str) -> Time {
    let dt: toml::value::Datetime = s.parse().expect("a TOML datetime");
    Time::from_toml(&dt).expect("a valid time")
}

/// id, name, kind, part-of, speaks-for
type TestEntity = (&'static str, &'static str, &'static str, &'static [&'static str], &'static [&'static str]);

const ENTITIES: &[TestEntity] = &[
    ("deal", "The Deal", "agreement", &[], &[]),
    ("other-deal", "The Other Deal", "agreement", &[], &[]),
    ("blast", "The Blast", "event", &[], &[]),
    ("arrest", "The Arrest", "event", &[], &[]),
    ("army", "The Army", "group", &[], &[]),
    ("militia", "The Militia", "group", &[], &[]),
    ("city", "The City", "place", &[], &[]),
    ("old-town", "The Old Town", "place", &["city"], &[]),
    ("government", "The Government", "country", &[], &[]),
    ("ministry", "The Ministry", "body", &["government"], &["government"]),
    ("minister", "The Minister", "person", &[], &["government"]),
    ("spokesman", "The Spokesman", "person", &[], &["ministry"]),
];

/// A corpus holding the built-in vocabulary, the predicates and rules of `packs` (TOML texts) and
/// no other rules, the test entities and `claims`.
pub fn corpus_with(packs: &[&str], claims: &[TestClaim]) -> Corpus {
    let vocabulary: Vec<(&str, &str)> = crate::packs::BUILTIN.iter().copied().filter(|(n, _)| *n == "news").collect();
    let corpus = build(&vocabulary, packs, claims);
    assert!(corpus.rules.iter().all(|r| r.pack.starts_with("test")), "the vocabulary pack declares rules");
    corpus
}

/// The `<report>#<claim>` names of the claims the corpus's `implies` rules derive, in order.
pub fn derived_refs(corpus: &Corpus) -> Vec<String> {
    let graph = EntityGraph::build(&corpus.entities);
    let ctx = crate::rules::Context::new(corpus, &graph);
    (corpus.claims.len()..ctx.claim_count()).map(|i| ctx.claim_ref(ClaimId(i as u32))).collect()
}

fn build(builtin: &[(&str, &str)], packs: &[&str], claims: &[TestClaim]) -> Corpus {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let mut raw = RawCorpus::default();
    for (name, text) in builtin {
        let file = sources.add(format!("rules/{name}.toml"), *text);
        raw.packs.push(crate::load::read_pack(name, file, text, &mut problems));
    }
    for (i, text) in packs.iter().enumerate() {
        let name = format!("test{i}");
        let file = sources.add(format!("tests/{name}.toml"), *text);
        raw.packs.push(crate::load::read_pack(&name, file, text, &mut problems));
    }
    // Entities go through the resolver, so that rule patterns can name them.
    let s = |v: &str| S { v: v.to_string(), span: Span::new(crate::source::FileId(0), 0..0) };
    for (id, name, kind, part_of, speaks_for) in ENTITIES {
        raw.entities.push(RawEntity {
            id: s(id),
            name: s(name),
            kind: s(kind),
            aliases: Vec::new(),
            part_of: part_of.iter().map(|p| s(p)).collect(),
            speaks_for: speaks_for.iter().map(|p| s(p)).collect(),
        });
    }
    let mut corpus = crate::resolve::resolve(raw, sources, &mut problems);
    assert!(problems.is_empty(), "the packs have problems: {problems:?}");

    // One text per report, each claim quoting a line of its own.
    let mut reports: Vec<String> = Vec::new();
    for c in claims {
        if !reports.contains(&c.report) {
            reports.push(c.report.clone());
        }
    }
    for r in &reports {
        let mine: Vec<&TestClaim> = claims.iter().filter(|c| &c.report == r).collect();
        let text: String = mine.iter().map(|c| format!("Quote of {}.\n", c.id)).collect();
        let file = corpus.sources.add(format!("reports/{r}.txt"), text.clone());
        let first = mine[0];
        let rid = ReportId(corpus.reports.len() as u32);
        corpus.reports.push(Report {
            id: r.clone(),
            title: r.clone(),
            outlet: first.outlet.clone(),
            outlet_entity: None,
            via: first.via.clone(),
            published: time(&first.time),
            url: None,
            text: file,
            file,
            span: Span::new(file, 0..0),
        });
        for c in mine {
            let quote = format!("Quote of {}.", c.id);
            let start = text.find(&quote).expect("quote");
            let pid = *corpus.predicate_names.get(&c.predicate).expect("predicate");
            let pred = corpus.predicate(pid).clone();
            let value = match pred.value_type {
                ValueType::None => Value::None,
                ValueType::Enum => {
                    Value::Enum(pred.values.iter().position(|v| v == &c.value).expect("enum value") as u16)
                }
                ValueType::Entity => Value::Entity(corpus.lookup_entity(&c.value).expect("entity value")),
                ValueType::Number => Value::Number(number(&c.value)),
                ValueType::Date => Value::Date(time(&c.value)),
                ValueType::Text => Value::Text(c.value.to_lowercase()),
            };
            let published = time(&c.time);
            corpus.claims.push(Claim {
                report: rid,
                id: c.id.as_str().into(),
                subject: corpus.lookup_entity(&c.subject).expect("subject"),
                predicate: pid,
                value,
                negated: c.negated,
                certainty: c.certainty,
                source: match &c.source {
                    Some(s) => Speaker::Entity(corpus.lookup_entity(s).expect("source")),
                    None => Speaker::Outlet(c.outlet.as_str().into()),
                },
                as_of: c.as_of.as_deref().map_or(published, time),
                quote: Span::new(file, start..start + quote.len()),
                rare: None,
            });
        }
    }
    corpus
}
