//! `corroboration`: the same fact asserted by reports of at least two independent origins (a
//! report's origin is its first `via` wire service, else its outlet), at any times. The finding
//! says whether every report attributes the fact to one source, directly or through
//! `speaks-for`: two outlets quoting one minister corroborate what he said, not that it is true.

use super::context::Context;
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{Claim, ClaimId, EntityId, KindInfo, Rule, Speaker, Value};
use crate::time::{Date, Time};
use std::collections::{BTreeMap, BTreeSet};

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "corroboration",
    summary: "reports of independent origins assert the same fact",
    what: "Notes each fact (subject, predicate, value) supported by reports of at least two \
independent origins, at any times. A report's origin is its first `via` wire service, else its \
outlet: two papers running the same AFP copy are one origin. A claim supports what it asserts \
and what that entails (\"Putin is responsible\" supports \"Russia is responsible\"; \"in force\" \
supports \"agreed\"); among facts with the same origins only the most specific is noted. A timed \
claim supports its instant and its day, a date-only claim the day only: two different times \
are never one fact; figures are one fact when their intervals are equal. A fact that claims \
elsewhere contradict (the other side of a conflict, negation, numeric or regression finding \
involving one of its claims) is marked contested (`contested_by`). The note says whether every \
report attributes the fact to one source, directly or through `speaks-for`.",
    why: "Independent confirmation is what makes a fact solid, but two outlets quoting the same \
minister confirm only that he said it. Saying who stands behind a corroborated fact keeps the two \
apart.",
    example: "[[claim]]  # Reuters\nsubject = \"turkey\"\npredicate = \"talks-with\"\nvalue = \"russia\"\n\
quote = \"Turkey is negotiating with Russia\"\n\n\
[[claim]]  # a report carrying AFP copy\nsubject = \"turkey\"\npredicate = \"talks-with\"\n\
value = \"russia\"\nquote = \"intensify talks with Assad ally Russia\"",
    fix: "Nothing to fix: this is a note. Declare `via` on reports that carry wire copy, and \
`speaks-for` on spokespeople and officials, so independence and attribution are judged right.",
};

/// Everything about the kind; listed in the registry (`rules::KINDS`).
pub const KIND: KindSpec = KindSpec {
    info: KindInfo {
        doc: DOC,
        default_severity: Severity::Note,
        milder_when_probable: false,
        disputes: false,
        reports: true,
        default_message: "{count} independent origins report {subject}: {fact}",
    },
    params: super::spec::no_params,
    check,
};

/// A fact a claim can support, as a key: the value it states, or one it entails; a date's day
/// or instant (DESIGN §4 v2: a timed claim supports its instant and its day, a date-only claim
/// the day only; two different times are never one fact).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Fact {
    None,
    Enum(u16),
    Entity(EntityId),
    Day(Date),
    /// An instant, whatever date its claims write it with: 23:30 at UTC-12 on the 20th is
    /// 11:30 UTC on the 21st, one fact, more specific than each day its claims write it on.
    Instant(i64),
    /// A figure's interval, as the bits of its ends: claims support one figure when their
    /// intervals are equal.
    Number(u64, u64),
    Text(String),
}

impl Fact {
    /// The value shown for the fact: the first supporting claim's (for a day, the day alone).
    fn text(&self, ctx: &Context, p: crate::model::PredicateId, example: &Value) -> String {
        match self {
            Fact::Enum(i) => ctx.corpus.value_text(p, &Value::Enum(*i)),
            Fact::Entity(e) => ctx.corpus.entity(*e).name.clone(),
            Fact::Day(d) => Time::date(*d).to_string(),
            _ => ctx.corpus.value_text(p, example),
        }
    }
}

/// Every fact an asserting claim supports: its value and what it entails (the stages before a
/// stage that are not optional, the values along the predicate's `entails`), a date's day.
fn supported(ctx: &Context, c: &Claim) -> Vec<Fact> {
    let pred = ctx.corpus.predicate(c.predicate);
    match &c.value {
        Value::None => vec![Fact::None],
        Value::Unstated => Vec::new(),
        Value::Enum(i) => match pred.stage(&c.value) {
            Some(stage) => pred.progression[..=stage]
                .iter()
                .enumerate()
                .filter(|&(k, s)| k == stage || !pred.optional.contains(s))
                .map(|(_, &s)| Fact::Enum(s))
                .collect(),
            None => vec![Fact::Enum(*i)],
        },
        Value::Entity(e) => ctx.graph.entailed(*e, &pred.entails).iter().map(|&x| Fact::Entity(x)).collect(),
        Value::Date(t) => {
            let mut facts = vec![Fact::Day(t.date)];
            if let Some(i) = t.instant {
                facts.push(Fact::Instant(i));
            }
            facts
        }
        Value::Number(n) => {
            let (lo, hi) = n.interval();
            vec![Fact::Number(lo.to_bits(), hi.to_bits())]
        }
        Value::Text(t) => vec![Fact::Text(t.clone())],
    }
}

/// Whether fact `a` is more specific than `b`: it entails it (an entailing value, a later stage).
/// An instant on a day is told by [`most_specific`], which knows the days its claims write.
fn more_specific(ctx: &Context, p: crate::model::PredicateId, a: &Fact, b: &Fact) -> bool {
    match (a, b) {
        (Fact::Entity(x), Fact::Entity(y)) => x != y && ctx.reaches(p, &Value::Entity(*x), &Value::Entity(*y)),
        (Fact::Enum(x), Fact::Enum(y)) => x != y && ctx.reaches(p, &Value::Enum(*x), &Value::Enum(*y)),
        _ => false,
    }
}

/// Which facts of `found` to report: those no other fact with the same origins is more specific
/// than (DESIGN §4 v2). Facts are compared within their origins only, and each entity fact
/// marks what it entails, so thousands of figures or places each corroborated are not
/// compared two by two. Stages are few and compared by [`more_specific`].
fn most_specific(ctx: &Context, p: crate::model::PredicateId, found: &[Corroborated]) -> Vec<bool> {
    let mut keep = vec![true; found.len()];
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&a, &b| found[a].2.keys().cmp(found[b].2.keys()).then(a.cmp(&b)));
    let entails = &ctx.corpus.predicate(p).entails;
    for same_origins in order.chunk_by(|&a, &b| found[a].2.keys().eq(found[b].2.keys())) {
        let mut days_timed = std::collections::HashSet::new();
        let mut entities = crate::model::FastMap::default();
        let mut stages = Vec::new();
        for &i in same_origins {
            match &found[i].0 {
                Fact::Instant(_) => {
                    for &c in &found[i].1 {
                        if let Value::Date(t) = &ctx.claim(c).value {
                            days_timed.insert(t.date);
                        }
                    }
                }
                Fact::Entity(e) => {
                    entities.insert(*e, i);
                }
                Fact::Enum(_) => stages.push(i),
                _ => {}
            }
        }
        for &i in same_origins {
            match &found[i].0 {
                Fact::Day(day) => keep[i] = !days_timed.contains(day),
                Fact::Entity(e) => {
                    for f in ctx.graph.entailed(*e, entails).iter().filter(|&f| f != e) {
                        if let Some(&j) = entities.get(f) {
                            keep[j] = false;
                        }
                    }
                }
                Fact::Enum(_) => {
                    keep[i] = !stages.iter().any(|&j| more_specific(ctx, p, &found[j].0, &found[i].0));
                }
                _ => {}
            }
        }
    }
    keep
}

/// A fact reported: its supporting claims, their origins, and whether it is a corroboration a
/// correction retired (reported as a `corrected` note).
type Corroborated = (Fact, Vec<ClaimId>, BTreeMap<String, String>, bool);

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| {
        let asserting: Vec<ClaimId> = group.claims.iter().copied().filter(|&c| ctx.claim(c).asserts()).collect();
        // One claim has one origin: most groups of a large corpus stop here, unallocated.
        if asserting.len() < 2 {
            return Vec::new();
        }
        // Supporting claims by fact, facts in first-seen order (the group is in time order).
        let mut facts: Vec<(Fact, Vec<ClaimId>)> = Vec::new();
        let mut index: crate::model::FastMap<Fact, usize> = Default::default();
        for &c in &asserting {
            for fact in supported(ctx, ctx.claim(c)) {
                let i = *index.entry(fact.clone()).or_insert_with(|| {
                    facts.push((fact, Vec::new()));
                    facts.len() - 1
                });
                facts[i].1.push(c);
            }
        }
        // corroborated(s, p, f) :- supports(a, s, p, f), supports(b, s, p, f), origin(a) != origin(b).
        let origins_of = |claims: &[ClaimId]| -> BTreeMap<String, String> {
            let mut origins = BTreeMap::new();
            for &c in claims {
                let report = ctx.corpus.report(ctx.claim(c).report);
                origins.entry(report.origin()).or_insert_with(|| report.via.first().unwrap_or(&report.outlet).clone());
            }
            origins
        };
        // The facts reported over the claims `live` lets take part: those of at least two
        // origins, the most specific among facts with the same origins (DESIGN §4 v2).
        let reported = |live: &dyn Fn(ClaimId) -> bool| -> Vec<Corroborated> {
            let mut found: Vec<Corroborated> = Vec::new();
            for (fact, claims) in &facts {
                let claims: Vec<ClaimId> = claims.iter().copied().filter(|&c| live(c)).collect();
                if claims.len() < 2 {
                    continue;
                }
                let origins = origins_of(&claims);
                if origins.len() >= 2 {
                    found.push((fact.clone(), claims, origins, false));
                }
            }
            let keep = most_specific(ctx, group.predicate, &found);
            found.into_iter().zip(keep).filter_map(|(f, keep)| keep.then_some(f)).collect()
        };
        // A corrected claim supports nothing; a corroboration that stood only with it becomes a
        // `corrected` note (DESIGN §3 v2), so the record stays visible. One that still stands
        // without it is reported as it stands, with no note: the correction changed nothing.
        let mut corroborated = reported(&|c| !ctx.is_retired(c));
        if asserting.iter().any(|&c| ctx.is_retired(c)) {
            let would_be = reported(&|_| true);
            let standing: std::collections::HashSet<&[ClaimId]> =
                corroborated.iter().map(|(_, claims, _, _)| claims.as_slice()).collect();
            let retired: Vec<Corroborated> = would_be
                .into_iter()
                .filter(|(_, claims, _, _)| {
                    let rest: Vec<ClaimId> = claims.iter().copied().filter(|&c| !ctx.is_retired(c)).collect();
                    rest.len() < claims.len() && !standing.contains(rest.as_slice())
                })
                .map(|(fact, claims, origins, _)| (fact, claims, origins, true))
                .collect();
            corroborated.extend(retired);
        }
        let pred = ctx.corpus.predicate(group.predicate);
        corroborated
            .into_iter()
            .map(|(fact, claims, origins, retired)| {
                let shown: Vec<String> = origins.into_values().collect();
                let value = fact.text(ctx, group.predicate, &ctx.claim(claims[0]).value);
                // `talks-with = Russia`, or just `occurred` for a predicate without values.
                let stated = match fact {
                    Fact::None => pred.name.clone(),
                    _ => format!("{} = {}", pred.name, value),
                };
                let vars = [
                    ("fact", stated),
                    ("value", value),
                    ("count", shown.len().to_string()),
                    ("origins", shown.join(", ")),
                ];
                let mut f = ctx.finding(rule, group, &claims, rule.base_severity(), &vars);
                f.notes.push(format!("independent origins: {}", shown.join(", ")));
                f.notes.push(attribution(ctx, &claims));
                if retired {
                    ctx.retire(&mut f, &claims);
                }
                f
            })
            .collect()
    })
}

/// Marks the corroborations whose claims are contradicted elsewhere in the corpus as contested
/// (DESIGN §4 v2): the opposing side of a conflict, negation, numeric or regression finding
/// that involves one of their claims. Runs once every rule has run.
///
/// The findings come one list per rule, as the rules made them (see [`super::run_per_rule`]).
pub fn mark_contested(per_rule: &mut [Vec<Finding>]) {
    // The contradiction kinds are those whose findings soften when a claim is only probable.
    let contradiction =
        |f: &Finding| crate::model::RuleKind::parse(&f.kind).is_some_and(|k| k.info().milder_when_probable);
    // Each claim of a contradiction pair, and the claims it is paired against.
    let mut opponents: std::collections::HashMap<&str, BTreeSet<&str>> = Default::default();
    let mut any = false;
    for f in per_rule.iter().flatten().filter(|f| contradiction(f) && f.rule != crate::codes::Code::Corrected.as_str())
    {
        for &(a, b) in &f.pairs {
            let (Some(a), Some(b)) = (f.claims.get(a), f.claims.get(b)) else { continue };
            opponents.entry(a.as_str()).or_default().insert(b.as_str());
            opponents.entry(b.as_str()).or_default().insert(a.as_str());
            any = true;
        }
    }
    if !any {
        return;
    }
    // Where each contested finding is (its rule's list, its place there) and what contests it.
    let contested: Vec<((usize, usize), Vec<String>)> = per_rule
        .iter()
        .enumerate()
        .flat_map(|(r, list)| list.iter().enumerate().map(move |(i, f)| ((r, i), f)))
        .filter(|(_, f)| f.kind == "corroboration" && f.rule != crate::codes::Code::Corrected.as_str())
        .filter_map(|(at, f)| {
            let own: BTreeSet<&str> = f.claims.iter().map(String::as_str).collect();
            let against: BTreeSet<&str> = f
                .claims
                .iter()
                .filter_map(|c| opponents.get(c.as_str()))
                .flatten()
                .copied()
                .filter(|c| !own.contains(c))
                .collect();
            (!against.is_empty()).then(|| (at, against.into_iter().map(str::to_string).collect()))
        })
        .collect();
    for ((r, i), against) in contested {
        let f = &mut per_rule[r][i];
        f.notes.push(format!(
            "contested: contradicted by {} (the other side of a contradiction finding)",
            against.join(", ")
        ));
        f.message.push_str(" (contested)");
        f.links.contested_by = against;
    }
}

/// Says who the reports attribute the fact to.
fn attribution(ctx: &Context, claims: &[ClaimId]) -> String {
    let speakers: BTreeSet<&Speaker> = claims.iter().map(|&c| &ctx.claim(c).source).collect();
    if speakers.len() == 1 {
        let s = speakers.into_iter().next().expect("one speaker");
        return format!(
            "every report attributes it to {}: they corroborate that it was said, not that it is so",
            ctx.corpus.speaker_name(s)
        );
    }
    let voices = |s: &Speaker| -> BTreeSet<EntityId> {
        match s {
            Speaker::Entity(e) => ctx.graph.voices(*e),
            Speaker::Outlet(_) => BTreeSet::new(),
        }
    };
    let mut common: Option<BTreeSet<EntityId>> = None;
    for s in &speakers {
        let v = voices(s);
        common = Some(match common {
            None => v,
            Some(c) => c.intersection(&v).copied().collect(),
        });
    }
    // Sorted by name, and ties broken by entity id, not index: indices follow load order, and the
    // output must not depend on the order files were read in.
    let mut names: Vec<&str> = speakers.iter().map(|s| ctx.corpus.speaker_name(s)).collect();
    names.sort_by_cached_key(|n| (n.to_lowercase(), *n));
    // The most specific shared voice: the one that itself speaks for the most others.
    let shared = common
        .unwrap_or_default()
        .into_iter()
        .max_by_key(|&e| (ctx.graph.voices(e).len(), std::cmp::Reverse(ctx.corpus.entity(e).id.as_str())));
    match shared {
        Some(e) => format!(
            "the sources ({}) all speak for {}: one voice, reported more than once",
            names.join(", "),
            ctx.corpus.entity(e).name
        ),
        None => format!("attributed to {} different sources: {}", names.len(), names.join(", ")),
    }
}
