//! `regression`: a story that goes backwards over time. A later claim denies a stage an earlier
//! claim said was reached, with no terminal value asserted in between ("arrested" on Wednesday,
//! "no arrest has been made" on Thursday); or a `growing` figure's later value lies wholly below
//! an earlier one (a toll of "at least 500", then 471). The reverse order is an update.

use super::context::{Context, Group};
use super::numeric;
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
(intervals as `numeric` reads them). The later claim must be strictly later: claims at coinciding \
times are `negation`'s and `numeric`'s, and `stable` predicates are checked by those whatever the \
times. An earlier denial followed by a later assertion, or a figure that rises, is an update.",
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
        reports: true,
        default_message: "the {predicate} of {subject} goes backwards: {value}",
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
    let terminal: Vec<&Claim> = asserted
        .iter()
        .map(|&c| ctx.claim(c))
        .filter(|c| pred.value_type == ValueType::Enum && pred.stage(&c.value).is_none())
        .collect();
    let mut pairs = ctx.pairs(rule, group);
    // regression(a, d) :- asserts(a, s, p, v), denies(d, s, p, w), stage(w), reaches(v, w), later(d, a),
    //                     !(asserts(t, s, p, x), terminal(x), a <= t <= d).
    for &a in &asserted {
        for &d in &denied {
            let (ca, cd) = (ctx.claim(a), ctx.claim(d));
            if pred.stage(&cd.value).is_none() || !ctx.reaches(group.predicate, &ca.value, &cd.value) || !later(cd, ca)
            {
                continue;
            }
            let ended = terminal.iter().any(|t| !later(ca, t) && !later(t, cd));
            if !ended {
                pairs.push(a, d);
            }
        }
    }
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
    let mut pairs = ctx.pairs(rule, group);
    // regression(a, b) :- asserts(a, s, p, m), asserts(b, s, p, n), growing(p), later(b, a),
    //                     below(n, m, tolerance(p)).
    for &a in &asserted {
        for &b in &asserted {
            let (ca, cb) = (ctx.claim(a), ctx.claim(b));
            if !later(cb, ca) {
                continue;
            }
            if numeric::apart(interval(b), interval(a), tolerance).is_some_and(|g| g.below) {
                pairs.push(a, b);
            }
        }
    }
    pairs.fold_with(
        |claims| vars(ctx, claims, Repeats::WhenChanged),
        |_, pairs| {
            pairs
                .iter()
                .filter_map(|&(a, b)| Some(((a, b), numeric::apart(interval(b), interval(a), tolerance)?)))
                .map(|((a, b), gap)| {
                    format!(
                        "{} gives {} on {}, {} below the {} that {} gave on {}: {}; `{}` is a growing figure",
                        ctx.claim_ref(b),
                        ctx.stance(b),
                        ctx.claim(b).as_of,
                        numeric::figure(gap.gap),
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

#[cfg(test)]
mod tests {
    use crate::findings::Severity;
    use crate::rules::testkit::*;

    #[test]
    fn the_hospital_toll_that_fell_twice_is_one_finding() {
        let f = run_kind(
            "regression",
            &[
                claim("first", "blast", "killed", "at-least 500").report("gaza-ministry", "2023-10-17"),
                claim("revised", "blast", "killed", "471").report("gaza-ministry-2", "2023-10-18"),
                claim("estimate", "blast", "killed", "100..300").report("us-intelligence", "2023-10-24"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].claims.len(), 3);
        assert!(f[0].message.contains("at least 500 → 471 → 100–300"), "{}", f[0].message);
        assert!(f[0].notes.iter().any(|n| n.contains("29 below the at least 500")), "{:?}", f[0].notes);
    }

    #[test]
    fn a_rising_toll_is_an_update() {
        let f = run_kind(
            "regression",
            &[
                claim("early", "blast", "killed", "100..300").report("r1", "2023-10-17"),
                claim("late", "blast", "killed", "471").report("r2", "2023-10-18"),
                claim("later", "blast", "killed", "at-least 500").report("r3", "2023-10-19"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_later_figure_within_tolerance_or_overlapping_is_no_regression() {
        for later in ["480", "at-least 300", "about 460", "450..520"] {
            let f = run_kind(
                "regression",
                &[
                    claim("a", "blast", "killed", "500").report("r1", "2023-10-17"),
                    claim("b", "blast", "killed", later).report("r2", "2023-10-18"),
                ],
            );
            assert!(f.is_empty(), "{later}: {f:?}");
        }
        // 474 is 26 below 500: more than 5% of 500.
        let f = run_kind(
            "regression",
            &[
                claim("a", "blast", "killed", "500").report("r1", "2023-10-17"),
                claim("b", "blast", "killed", "474").report("r2", "2023-10-18"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn coinciding_figures_are_left_to_numeric() {
        let f = run_kind(
            "regression",
            &[
                claim("a", "blast", "killed", "at-least 500").report("r1", "2023-10-18"),
                claim("b", "blast", "killed", "471").report("r2", "2023-10-18"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn an_arrest_denied_the_next_day_is_a_regression() {
        let f = run_kind(
            "regression",
            &[
                claim("arrested", "arrest", "occurred", "").report("outlet", "2024-03-06"),
                claim("no-arrest", "arrest", "occurred", "")
                    .negated()
                    .source("spokesman")
                    .report("police", "2024-03-07"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].claims, ["outlet#arrested", "police#no-arrest"]);
        assert!(f[0].message.contains("happened → NOT happened"), "{}", f[0].message);
        assert_eq!(
            f[0].notes,
            ["outlet#arrested says it happened by 2024-03-06; police#no-arrest says on 2024-03-07 that it has not"]
        );
    }

    #[test]
    fn a_stage_asserted_again_and_again_is_named_once_in_the_message() {
        let f = run_kind(
            "regression",
            &[
                claim("a", "arrest", "occurred", "").report("first", "2024-03-04"),
                claim("b", "arrest", "occurred", "").certainty("probable").report("second", "2024-03-05"),
                claim("c", "arrest", "occurred", "").report("third", "2024-03-06"),
                claim("no", "arrest", "occurred", "").negated().report("police", "2024-03-07"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains(": happened → probably happened → NOT happened"), "{}", f[0].message);
    }

    #[test]
    fn an_arrest_denied_and_then_made_is_an_update_and_the_same_day_is_negations() {
        // Reported and denied on Wednesday (negation's finding), made on Friday (an update).
        let f = run_kind(
            "regression",
            &[
                claim("arrested", "arrest", "occurred", "").report("outlet", "2024-03-06"),
                claim("no-arrest", "arrest", "occurred", "").negated().report("police", "2024-03-06"),
                claim("made", "arrest", "occurred", "").report("police-2", "2024-03-08"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
        // Given times, a denial in the evening after a morning report is a regression.
        let f = run_kind(
            "regression",
            &[
                claim("arrested", "arrest", "occurred", "").report("outlet", "2024-03-06T09:00:00Z"),
                claim("no-arrest", "arrest", "occurred", "").negated().report("police", "2024-03-06T18:00:00Z"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn a_stage_denied_after_a_later_stage_was_reached_fires_unless_it_ended() {
        let f = run_kind(
            "regression",
            &[
                claim("in-force", "deal", "status", "in-force").report("r1", "2016-09-12"),
                claim("not-agreed", "deal", "status", "agreed").negated().report("r2", "2016-09-20"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        let f = run_kind(
            "regression",
            &[
                claim("in-force", "deal", "status", "in-force").report("r1", "2016-09-12"),
                claim("collapsed", "deal", "status", "collapsed").report("r2", "2016-09-19"),
                claim("not-agreed", "deal", "status", "agreed").negated().report("r3", "2016-09-20"),
            ],
        );
        assert!(f.is_empty(), "a collapse in between: {f:?}");
        let f = run_kind(
            "regression",
            &[
                claim("in-force", "deal", "status", "in-force").report("r1", "2016-09-12"),
                claim("not-agreed", "deal", "status", "agreed").negated().report("r2", "2016-09-20"),
                claim("collapsed", "deal", "status", "collapsed").report("r3", "2016-09-21"),
            ],
        );
        assert_eq!(f.len(), 1, "a collapse after the denial does not explain it: {f:?}");
    }

    #[test]
    fn denying_a_stage_not_yet_reached_is_no_regression() {
        let f = run_kind(
            "regression",
            &[
                claim("agreed", "deal", "status", "agreed").report("r1", "2016-12-13"),
                claim("not-signed", "deal", "status", "signed").negated().report("r2", "2016-12-20"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn probable_claims_make_a_warning_and_hedges_nothing() {
        let f = run_kind(
            "regression",
            &[
                claim("a", "arrest", "occurred", "").certainty("probable").report("r1", "2024-03-06"),
                claim("b", "arrest", "occurred", "").negated().report("r2", "2024-03-07"),
            ],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        let f = run_kind(
            "regression",
            &[
                claim("a", "arrest", "occurred", "").report("r1", "2024-03-06"),
                claim("b", "arrest", "occurred", "").negated().certainty("possible").report("r2", "2024-03-07"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn stable_predicates_are_left_to_negation() {
        let f = run_kind(
            "regression",
            &[
                claim("a", "blast", "responsible", "army").report("r1", "2023-10-17"),
                claim("b", "blast", "responsible", "army").negated().report("r2", "2023-10-18"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
