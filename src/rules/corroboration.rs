//! `corroboration`: the same fact asserted by reports of at least two independent origins (a
//! report's origin is its first `via` wire service, else its outlet), at any times. The finding
//! says whether every report attributes the fact to one source, directly or through
//! `speaks-for`: two outlets quoting one minister corroborate what he said, not that it is true.

use super::context::Context;
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{ClaimId, EntityId, KindInfo, Rule, Speaker, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "corroboration",
    summary: "reports of independent origins assert the same fact",
    what: "Notes each fact (subject, predicate, value) asserted by reports of at least two \
independent origins, at any times. A report's origin is its first `via` wire service, else its \
outlet: two papers running the same AFP copy are one origin. The note says whether every report \
attributes the fact to one source, directly or through `speaks-for`.",
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
        reports: true,
        default_message: "{count} independent origins report {subject}: {fact}",
    },
    params: super::spec::no_params,
    check,
};

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| {
        let mut out = Vec::new();
        // Asserting claims by the fact they state, in first-seen order for determinism.
        let mut facts: Vec<(&Value, Vec<ClaimId>)> = Vec::new();
        for &c in &group.claims {
            let claim = ctx.claim(c);
            if !claim.asserts() {
                continue;
            }
            match facts.iter_mut().find(|(v, _)| ctx.same_value(v, &claim.value)) {
                Some((_, ids)) => ids.push(c),
                None => facts.push((&claim.value, vec![c])),
            }
        }
        for (value, claims) in facts {
            // corroborated(s, p, v) :- asserts(a, s, p, v), asserts(b, s, p, v), origin(a) != origin(b).
            // One claim has one origin: most facts of a large corpus stop here, unallocated.
            if claims.len() < 2 {
                continue;
            }
            let mut origins: BTreeMap<String, &str> = BTreeMap::new();
            for &c in &claims {
                let report = ctx.corpus.report(ctx.claim(c).report);
                origins.entry(report.origin()).or_insert(report.via.first().unwrap_or(&report.outlet));
            }
            if origins.len() < 2 {
                continue;
            }
            let shown: Vec<&str> = origins.into_values().collect();
            // `talks-with = Russia`, or just `occurred` for a predicate without values.
            let pred = ctx.corpus.predicate(group.predicate);
            let fact = match value {
                Value::None => pred.name.clone(),
                v => format!("{} = {}", pred.name, ctx.corpus.value_text(group.predicate, v)),
            };
            let vars = [
                ("fact", fact),
                ("value", ctx.corpus.value_text(group.predicate, value)),
                ("count", shown.len().to_string()),
                ("origins", shown.join(", ")),
            ];
            let mut f = ctx.finding(rule, group, &claims, rule.base_severity(), &vars);
            f.notes.push(format!("independent origins: {}", shown.join(", ")));
            f.notes.push(attribution(ctx, &claims));
            out.push(f);
        }
        out
    })
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
