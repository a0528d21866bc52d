//! `regression`: a story that goes backwards over time. A later claim denies a stage an earlier
//! claim said was reached, with no terminal value asserted in between ("arrested" on Wednesday,
//! "no arrest has been made" on Thursday); or a `growing` figure's later value lies wholly below
//! an earlier one (a toll of "at least 500", then 471). The reverse order is an update.

use super::context::{Context, Group};
use super::interval;
use super::join::{Join, Timing};
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{Claim, ClaimId, KindInfo, Rule, Value, ValueType};
use std::cmp::Ordering;

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "regression",
    summary: "a later report takes back a stage or lowers a growing figure an earlier one gave",
    what: "Fires when a claim denies a stage of a progression that an earlier claim said was \
reached, with no terminal value (such as `collapsed`) asserted in between: \"arrested\" on \
Wednesday, \"no arrest has been made\" on Thursday. A predicate of type `none` such as `occurred` \
is a one-stage progression. It also fires when a `growing` figure (a death toll) is given later \
with a value that lies wholly below an earlier one, further than the predicate's `tolerance` \
allows; when one voice (sources sharing an entity along `speaks-for`) lowers its own figure, \
the finding is a warning, \"revised down\". An earlier denial followed by a later assertion is \
an update, not a finding.",
    why: "Events do not un-happen and death tolls do not fall: a later report that takes back \
what an earlier one said is either a correction that the earlier report needs, or a mistake. \
Both are worth a fact-checker's attention, and the figure that fell is the one to ask about.",
    example: "[[claim]]  # report A, 2023-10-17\nsubject = \"al-ahli-hospital-blast\"\npredicate = \"killed\"\n\
value = 500\nbound = \"at-least\"\nquote = \"at least 500 people were killed\"\n\n\
[[claim]]  # report B, 2023-10-18\nsubject = \"al-ahli-hospital-blast\"\npredicate = \"killed\"\n\
value = 471\nquote = \"471 people were killed\"",
    fix: "Find out which is right. If the earlier claim was a mistake that was corrected, the \
finding stands as the record of the correction: accept it with an `[[allow]]` and a reason. If \
the claims hold at other times than their reports' dates, give them `as-of`. If something ended \
in between (a deal collapsed), add the claim that says so.",
};

/// Everything about the kind; listed in the registry (`rules::KINDS`).
pub const KIND: KindSpec = KindSpec {
    info: KindInfo {
        doc: DOC,
        default_severity: Severity::Error,
        milder_when_probable: true,
        disputes: false,
        reports: true,
        default_message: "{phrase} goes backwards: {value}",
    },
    params: super::spec::no_params,
    check,
};

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| {
        let pred = ctx.corpus.predicate(group.predicate);
        // Stable predicates do not change, so `negation` and `numeric` see them at any times.
        if pred.stable {
            Vec::new()
        } else if pred.has_progression() {
            stages(ctx, rule, group)
        } else if pred.value_type == ValueType::Number && pred.growing && pred.one {
            figures(ctx, rule, group)
        } else {
            Vec::new()
        }
    })
}

/// Whether `b` holds strictly later than `a`.
fn later(b: &Claim, a: &Claim) -> bool {
    b.as_of.compare(&a.as_of) == Ordering::Greater
}

/// A stage denied after it was said to be reached.
fn stages(ctx: &Context, rule: &Rule, group: &Group) -> Vec<Finding> {
    let pred = ctx.corpus.predicate(group.predicate);
    let asserted: Vec<ClaimId> = group.claims.iter().copied().filter(|&c| ctx.claim(c).asserts()).collect();
    let denied: Vec<ClaimId> = group.claims.iter().copied().filter(|&c| ctx.claim(c).denies()).collect();
    // Asserted values outside the progression (`collapsed`): after one, a stage may be undone.
    // One a correction retired explains nothing.
    let terminal: Vec<&Claim> = asserted
        .iter()
        .filter(|&&c| !ctx.is_retired(c))
        .map(|&c| ctx.claim(c))
        .filter(|c| pred.value_type == ValueType::Enum && pred.stage(&c.value).is_none())
        .collect();
    // regression(a, d) :- asserts(a, s, p, v), denies(d, s, p, w), stage(w), reaches(v, w), later(d, a),
    //                     !(asserts(t, s, p, x), terminal(x), a <= t <= d).
    let stage_denied =
        |ca: &Claim, cd: &Claim| pred.stage(&cd.value).is_some() && ctx.reaches(group.predicate, &ca.value, &cd.value);
    let pairs = if terminal.is_empty() {
        // Nothing ended: the join sweeps each asserted stage's later denials.
        let join = Join::new(Timing::Later { strict: true });
        ctx.join(rule, group, join, &asserted, &denied, |ca, cd| stage_denied(ca, cd).then_some(false))
    } else {
        // Whether an end lies between two claims depends on both times: claims are classed by
        // time, and each two classes tested.
        let join = Join::new(Timing::Ordered);
        ctx.join(rule, group, join, &asserted, &denied, |ca, cd| {
            let ended = || terminal.iter().any(|t| !later(ca, t) && !later(t, cd));
            (stage_denied(ca, cd) && later(cd, ca) && !ended()).then_some(false)
        })
    };
    pairs.fold_with(
        |claims| vars(ctx, claims, Repeats::Once),
        |_, pairs| {
            pairs
                .iter()
                .map(|&(a, d)| {
                    let (ca, cd) = (ctx.claim(a), ctx.claim(d));
                    if pred.value_type == ValueType::None {
                        return format!(
                            "{} says it happened by {}; {} says on {} that it has not",
                            ctx.claim_ref(a),
                            ca.as_of,
                            ctx.claim_ref(d),
                            cd.as_of
                        );
                    }
                    format!(
                        "{} says `{}` was reached by {}; {} denies it on {}, and no report says it ended in between",
                        ctx.claim_ref(a),
                        ctx.corpus.value_text(group.predicate, &cd.value),
                        ca.as_of,
                        ctx.claim_ref(d),
                        cd.as_of,
                    )
                })
                .collect()
        },
    )
}

/// A growing figure that falls.
fn figures(ctx: &Context, rule: &Rule, group: &Group) -> Vec<Finding> {
    let tolerance = ctx.corpus.predicate(group.predicate).tolerance;
    let asserted: Vec<ClaimId> = group
        .claims
        .iter()
        .copied()
        .filter(|&c| ctx.claim(c).asserts() && matches!(ctx.claim(c).value, Value::Number(_)))
        .collect();
    let interval = |c: ClaimId| match ctx.claim(c).value {
        Value::Number(n) => n.interval(),
        _ => (0.0, 0.0),
    };
    // One voice lowering its own figure revises it: a warning (DESIGN §4 v2).
    let join = Join {
        milder_when_one_voice: true,
        figures: Some(&interval::of_claim),
        ..Join::new(Timing::Later { strict: true })
    };
    // regression(a, b) :- asserts(a, s, p, m), asserts(b, s, p, n), growing(p), later(b, a),
    //                     below(n, m, tolerance(p)).
    let pairs = ctx.join(rule, group, join, &asserted, &asserted, |ca, cb| {
        let (Value::Number(m), Value::Number(n)) = (&ca.value, &cb.value) else { return None };
        interval::apart(n.interval(), m.interval(), tolerance).is_some_and(|g| g.below).then_some(false)
    });
    pairs.fold_with(
        |claims| {
            let mut vars = vars(ctx, claims, Repeats::WhenChanged);
            let first = ctx.claim(claims[0]);
            if claims.iter().all(|&c| ctx.one_voice(first, ctx.claim(c))) {
                vars[0].1.push_str(" (revised down by its own source)");
            }
            vars
        },
        |_, pairs| {
            pairs
                .iter()
                .filter_map(|&(a, b)| Some(((a, b), interval::apart(interval(b), interval(a), tolerance)?)))
                .map(|((a, b), gap)| {
                    let revised = if ctx.one_voice(ctx.claim(a), ctx.claim(b)) {
                        format!("revised down by one voice ({}): ", ctx.voice(b))
                    } else {
                        String::new()
                    };
                    format!(
                        "{revised}{} gives {} on {}, {} below the {} that {} gave on {}: {}; `{}` is a growing figure",
                        ctx.claim_ref(b),
                        ctx.stance(b),
                        ctx.claim(b).as_of,
                        interval::figure(gap.gap),
                        ctx.stance(a),
                        ctx.claim_ref(a),
                        ctx.claim(a).as_of,
                        gap.explain(tolerance),
                        ctx.corpus.predicate(group.predicate).name,
                    )
                })
                .collect()
        },
    )
}

/// Which stances `{value}` repeats.
#[derive(Clone, Copy, PartialEq)]
enum Repeats {
    /// Each stance once, where it first appears: a stage asserted by many reports over days,
    /// some of them only probably, then denied, reads `happened → probably happened → NOT
    /// happened` rather than one arrow per report.
    Once,
    /// A stance again whenever it changes: a figure's ups and downs are the point.
    WhenChanged,
}

/// `{value}`: the claims' stances in time order (`at least 500 → 471 → 100–300`).
fn vars(ctx: &Context, claims: &[ClaimId], repeats: Repeats) -> Vec<(&'static str, String)> {
    let mut ordered = claims.to_vec();
    ordered.sort_by_key(|&c| (ctx.claim(c).as_of.sort_key(), ctx.claim_ref(c)));
    let mut values: Vec<String> = Vec::new();
    for c in ordered {
        let v = ctx.stance(c);
        let seen = match repeats {
            Repeats::Once => values.contains(&v),
            Repeats::WhenChanged => values.last() == Some(&v),
        };
        if !seen {
            values.push(v);
        }
    }
    vec![("value", values.join(" → "))]
}
