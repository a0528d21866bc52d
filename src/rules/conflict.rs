//! `conflict`: two claims assert different values of a one-valued predicate at coinciding times
//! (or for a stable predicate), and no progression orders the values.

use super::context::{Context, Group};
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{ClaimId, KindInfo, Rule, Value, ValueType};

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "conflict",
    summary: "two reports give different values of a one-valued predicate at the same time",
    what: "Fires when two claims assert different values of a predicate of cardinality `one` for \
the same subject, at coinciding times (or whatever the times, for a `stable` predicate such as \
`responsible`), and the values cannot hold together: no progression orders them (a terminal value \
such as `collapsed` against a stage), and neither place contains the other (`part-of`).",
    why: "A subject has one value of such a predicate at a time: an attack was carried out by one \
group, an agreement was either in force or had collapsed that day. Two values mean one report \
is wrong or they are about different subjects.",
    example: "[[claim]]  # report A, 2023-10-17\nsubject = \"hospital-blast\"\npredicate = \"responsible\"\n\
value = \"israeli-air-force\"\nquote = \"an Israeli air strike\"\n\n\
[[claim]]  # report B, 2023-10-18\nsubject = \"hospital-blast\"\npredicate = \"responsible\"\n\
value = \"islamic-jihad\"\nquote = \"a misfired rocket\"",
    fix: "Establish which value is right, or record that the reports attribute the claim to different \
sources (`source`) and accept the finding with an `[[allow]]` and a reason. If the values are \
places one inside the other, declare `part-of` on the smaller one.",
};

/// Everything about the kind; listed in the registry (`rules::KINDS`).
pub const KIND: KindSpec = KindSpec {
    info: KindInfo {
        doc: DOC,
        default_severity: Severity::Error,
        milder_when_probable: true,
        reports: true,
        default_message: "{who} disagree on {phrase}",
    },
    params: super::spec::no_params,
    check,
};

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| {
        let pred = ctx.corpus.predicate(group.predicate);
        // Figures are compared as intervals by `numeric`; `none` has no values to differ.
        if !pred.one || matches!(pred.value_type, ValueType::Number | ValueType::None) {
            return Vec::new();
        }
        check_group(ctx, rule, group)
    })
}

/// Whether two asserted values can hold together: the same, stages of one progression (a later
/// stage includes the earlier), or places one of which contains the other.
fn compatible(ctx: &Context, group: &Group, a: &Value, b: &Value) -> bool {
    if ctx.same_value(a, b) {
        return true;
    }
    let pred = ctx.corpus.predicate(group.predicate);
    if pred.stage(a).is_some() && pred.stage(b).is_some() {
        return true;
    }
    match (a, b) {
        (Value::Entity(x), Value::Entity(y)) => ctx.graph.nested(*x, *y),
        _ => false,
    }
}

fn check_group(ctx: &Context, rule: &Rule, group: &Group) -> Vec<Finding> {
    let asserted: Vec<ClaimId> = group.claims.iter().copied().filter(|&c| ctx.claim(c).asserts()).collect();
    let mut pairs = ctx.pairs(rule, group);
    // conflict(a, b) :- asserts(a, s, p, v), asserts(b, s, p, w), one(p), !compatible(v, w), contemporary(a, b).
    for (i, &a) in asserted.iter().enumerate() {
        for &b in &asserted[i + 1..] {
            let (ca, cb) = (ctx.claim(a), ctx.claim(b));
            if !compatible(ctx, group, &ca.value, &cb.value) && ctx.contemporary(ca, cb) {
                pairs.push(a, b);
            }
        }
    }
    pairs.fold(|claims| {
        let mut values: Vec<String> =
            claims.iter().map(|&c| ctx.corpus.value_text(group.predicate, &ctx.claim(c).value)).collect();
        values.sort();
        values.dedup();
        vec![("value", values.join(" vs "))]
    })
}
