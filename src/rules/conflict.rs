//! `conflict`: two claims assert different values of a one-valued predicate at coinciding times
//! (or for a stable predicate), and no progression orders the values.

use super::context::{Context, Group};
use super::join::{Join, Layers, Timing};
use super::nesting::Nesting;
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{Claim, ClaimId, KindInfo, Rule, Value, ValueType};

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "conflict",
    summary: "two reports give different values of a one-valued predicate at the same time",
    what: concat!(
        "Fires when two claims assert different values of a predicate of cardinality `one` for \
the same subject, at coinciding times (or whatever the times, for a `stable` predicate such as \
`responsible`), and the values cannot hold together: neither entails the other (along the \
predicate's `entails` relations in the entity graph: \"Putin\" entails \"Russia\" along \
`speaks-for`, a village its region along `part-of`), no progression orders them, and they are \
not a terminal value (`collapsed`, `suspended`) beside a stage other than the last before the \
end (`in-force`). Two times of one day for a date predicate that changes (`scheduled`: 8:30 \
against 11:15) are a warning, since a schedule can move; different days are an error.",
        super::spec::dispute_doc!()
    ),
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
        disputes: true,
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

/// Whether two asserted values can hold together (DESIGN §4 v2): the same; one entailing the
/// other (Putin and Russia as responsible, along `speaks-for`; a village and its region as the
/// location, along `part-of`); two stages of one progression (a stage says what was reached);
/// a terminal value (`collapsed`) and a stage other than the last before the end (`in-force`).
fn compatible(ctx: &Context, group: &Group, a: &Value, b: &Value) -> bool {
    let p = group.predicate;
    if ctx.reaches(p, a, b) || ctx.reaches(p, b, a) {
        return true;
    }
    let pred = ctx.corpus.predicate(p);
    match (pred.stage(a), pred.stage(b)) {
        (Some(_), Some(_)) => true,
        (Some(stage), None) | (None, Some(stage)) if pred.value_type == ValueType::Enum => {
            // Two terminal values never hold together; a terminal value and `in-force` neither.
            pred.progression.len() < 2 || stage != pred.progression.len() - 2
        }
        _ => false,
    }
}

/// Whether two scheduled times differ only within one day (DESIGN §3 v2: "two different values
/// that coincide only by date are a `conflict` warning"): for a date predicate that changes (a
/// schedule, "will take effect at 8:30" against "at 11:15"), a warning, since the schedule may
/// have moved; on different days, an error.
fn same_day_only(ctx: &Context, a: &Claim, b: &Claim) -> bool {
    let pred = ctx.corpus.predicate(a.predicate);
    match (&a.value, &b.value) {
        (Value::Date(x), Value::Date(y)) => !pred.stable && x.date == y.date,
        _ => false,
    }
}

fn check_group(ctx: &Context, rule: &Rule, group: &Group) -> Vec<Finding> {
    let asserted: Vec<ClaimId> = group.claims.iter().copied().filter(|&c| ctx.claim(c).asserts()).collect();
    let nesting = Nesting::of(ctx, group, &asserted);
    let interval = |c: &Claim| nesting.as_ref()?.interval(&c.value);
    let layer = |c: &Claim| nesting.as_ref()?.layer(&c.value);
    let across = |c: &Claim, lower: u8, upper: u8| nesting.as_ref()?.across(&c.value, lower, upper);
    let join = Join {
        symmetric: true,
        figures: nesting.is_some().then_some(&interval as &dyn Fn(&Claim) -> Option<(f64, f64)>),
        layers: nesting.as_ref().is_some_and(Nesting::layered).then_some(Layers { of: &layer, across: &across }),
        ..Join::new(Timing::coinciding(ctx, group))
    };
    // conflict(a, b) :- asserts(a, s, p, v), asserts(b, s, p, w), one(p), !compatible(v, w), contemporary(a, b).
    let pairs = ctx.join(rule, group, join, &asserted, &[], |ca, cb| {
        (!compatible(ctx, group, &ca.value, &cb.value) && ctx.contemporary(ca, cb)).then(|| same_day_only(ctx, ca, cb))
    });
    let values = |claims: &[ClaimId]| {
        let mut values: Vec<String> =
            claims.iter().map(|&c| ctx.corpus.value_text(group.predicate, &ctx.claim(c).value)).collect();
        values.sort();
        values.dedup();
        vec![("value", values.join(" vs "))]
    };
    pairs.fold_with(values, |claims, pairs| {
        let mut notes: Vec<String> = ctx.same_day_note(claims).into_iter().collect();
        // Said of the findings whose own pairs are two times of one day, not of every finding
        // of the group.
        if pairs.iter().any(|&(a, b)| same_day_only(ctx, ctx.claim(a), ctx.claim(b))) {
            notes.push(
                "the times given differ within one day: a schedule can move, so this is a warning; if one report came later, give the claims times (`as-of`) and a later time reads as a rescheduling".to_string(),
            );
        }
        notes
    })
}
