//! `numeric`: two figures for the same subject and number predicate, both asserted, at coinciding
//! times (or for a `stable` predicate), whose intervals lie further apart than the predicate's
//! `tolerance` allows. Figures at different times of a `growing` predicate are `regression`'s;
//! dates are compared by `conflict`, at the coarser precision of the two.

use super::context::{Context, Group};
use super::interval::{apart, figure, interval_text, of_claim};
use super::join::{Join, Timing};
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{Claim, ClaimId, KindInfo, Predicate, Rule, Value, ValueType};

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "numeric",
    summary: "two reports give figures for the same thing at the same time, further apart than the \
tolerance allows",
    what: concat!(
        "Fires when two claims assert figures of the same number predicate for the same subject, \
at coinciding times or for a `stable` predicate, and the figures are further apart than the \
predicate's `tolerance` allows. Each figure is an interval: `exact` v is [v, v], `about` v is \
[0.9v, 1.1v], `at-least` v is [v, ∞), `at-most` v is [0, v], a range `[low, high]` is itself. Two \
intervals agree when they overlap, or when the gap between them is at most `tolerance` times the \
larger of the two nearest ends. A `growing` figure given twice on one day, with no time on one \
side, is a warning: tolls rise during a day, and times would order the claims (equal times: an \
error; a later lower figure: a regression).",
        super::spec::dispute_doc!()
    ),
    why: "Two figures for the same toll on the same day cannot both be right unless their bounds \
allow it. Reading \"at least\", \"about\" and ranges as intervals keeps honest rounding and \
hedged estimates from being reported, and catches the figures that really differ.",
    example: "[[claim]]  # report A, 2023-10-18\nsubject = \"al-ahli-hospital-blast\"\npredicate = \"killed\"\n\
value = 500\nbound = \"at-least\"\nquote = \"at least 500 people were killed\"\n\n\
[[claim]]  # report B, 2023-10-18\nsubject = \"al-ahli-hospital-blast\"\npredicate = \"killed\"\n\
value = 471\nquote = \"471 people were killed\"",
    fix: "Check the bounds first: \"more than 500\" is `bound = \"at-least\"`, \"some 500\" is \
`about`, \"up to 300\" is `at-most`, \"between 100 and 300\" is `value = [100, 300]`. If one \
figure is older, give the reports times (`published` with a time of day, or `as-of`): for a \
growing figure a rise is then an update, a fall a `regression`. If figures of this predicate are \
routinely rounded more, raise the predicate's `tolerance` in your pack.",
};

/// Everything about the kind; listed in the registry (`rules::KINDS`).
pub const KIND: KindSpec = KindSpec {
    info: KindInfo {
        doc: DOC,
        default_severity: Severity::Error,
        milder_when_probable: true,
        disputes: true,
        reports: true,
        default_message: "{who} give incompatible figures for {phrase}: {value}",
    },
    params: super::spec::no_params,
    check,
};

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| {
        let pred = ctx.corpus.predicate(group.predicate);
        if pred.value_type != ValueType::Number || !pred.one {
            return Vec::new();
        }
        check_group(ctx, rule, group)
    })
}

fn check_group(ctx: &Context, rule: &Rule, group: &Group) -> Vec<Finding> {
    let pred = ctx.corpus.predicate(group.predicate);
    let figures: Vec<(ClaimId, (f64, f64))> = group
        .claims
        .iter()
        .filter(|&&c| ctx.claim(c).asserts())
        .filter_map(|&c| match ctx.claim(c).value {
            Value::Number(n) => Some((c, n.interval())),
            _ => None,
        })
        .collect();
    let join = Join { symmetric: true, figures: Some(&of_claim), ..Join::new(Timing::coinciding(ctx, group)) };
    let listed: Vec<ClaimId> = figures.iter().map(|f| f.0).collect();
    // numeric(a, b) :- asserts(a, s, p, m), asserts(b, s, p, n), number(p), contemporary(a, b), apart(m, n, tolerance(p)).
    let pairs = ctx.join(rule, group, join, &listed, &[], |ca, cb| {
        let (Value::Number(m), Value::Number(n)) = (&ca.value, &cb.value) else { return None };
        (ctx.contemporary(ca, cb) && apart(m.interval(), n.interval(), pred.tolerance).is_some())
            .then(|| rising_within_a_day(pred, ca, cb))
    });
    let intervals: crate::model::FastMap<ClaimId, (f64, f64)> = figures.iter().copied().collect();
    let interval = |c: ClaimId| intervals.get(&c).copied().unwrap_or((0.0, 0.0));
    pairs
        .fold_with(
            |claims| {
                // Lowest figure first, whatever order the claims were loaded in.
                let mut ordered = claims.to_vec();
                ordered.sort_by(|&a, &b| interval(a).partial_cmp(&interval(b)).unwrap_or(std::cmp::Ordering::Equal));
                let mut values: Vec<String> = ordered.iter().map(|&c| ctx.stance(c)).collect();
                values.dedup();
                vec![("value", values.join(" vs "))]
            },
            |claims, pairs| {
                let mut notes: Vec<String> = pairs
                    .iter()
                    .filter_map(|&(a, b)| {
                        let gap = apart(interval(a), interval(b), pred.tolerance)?;
                        Some(format!(
                            "{} is {} and {} is {}: {} apart, {}",
                            ctx.stance(a),
                            interval_text(interval(a)),
                            ctx.stance(b),
                            interval_text(interval(b)),
                            figure(gap.gap),
                            gap.explain(pred.tolerance)
                        ))
                    })
                    .collect();
                notes.dedup();
                if !pred.growing {
                    notes.extend(ctx.same_day_note(claims));
                }
                notes
            },
        )
        .into_iter()
        .map(|mut f| {
            // For a growing figure given on one day, the help is that tolls rise during a day and
            // that times would order the claims (DESIGN §4 v2), in place of the rule's general
            // help. A dispute keeps its own help, and this becomes a note there.
            if let Some(help) = tolls_help(ctx, &f.claim_ids) {
                if f.dispute {
                    f.notes.push(help);
                } else {
                    f.help = Some(help);
                }
            }
            f
        })
        .collect()
}

/// Whether two claims on a growing figure coincide only because one is dated by day (DESIGN §4
/// v2): tolls rise during a day, so the pair is a warning, not an error.
fn rising_within_a_day(pred: &Predicate, a: &Claim, b: &Claim) -> bool {
    pred.growing && !pred.stable && (a.as_of.instant.is_none() || b.as_of.instant.is_none())
}

/// The help of a growing figure given twice on one day, with no time on one side: tolls rise
/// during a day, and times would tell an update from a regression.
fn tolls_help(ctx: &Context, claims: &[ClaimId]) -> Option<String> {
    let pred = ctx.corpus.predicate(ctx.claim(*claims.first()?).predicate);
    let day_only = claims.iter().any(|&c| ctx.claim(c).as_of.instant.is_none());
    if !pred.growing || pred.stable || !day_only {
        return None;
    }
    let date = ctx.claim(claims[0]).as_of.date;
    Some(format!(
        "tolls rise during a day: the claims coincide only because one is dated {date} by day, not by time; give the reports' `published` (or the claims' `as-of`) times and they are ordered: a {} that rises is an update, one that falls a regression",
        pred.name
    ))
}
