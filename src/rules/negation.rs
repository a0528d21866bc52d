//! `negation`: one claim asserts a fact, another denies it, at coinciding times (or for a stable
//! predicate). Progressions count: "in force" asserts that "agreed" was reached, so it meets
//! "no agreement has yet been reached".

use super::context::{Context, Group};
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{ClaimId, KindInfo, Rule};

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "negation",
    summary: "one report asserts a fact that another denies, at the same time",
    what: "Fires when one claim asserts a fact and another denies it (negated, certain or probable), \
at coinciding times or for a stable predicate. Progressions count: asserting a stage says every \
earlier stage was reached, so \"in force\" meets \"no agreement has yet been reached\".",
    why: "A fact cannot both hold and not hold at once: one of the reports is wrong, out of date, or \
quoted about a different thing. Readers of both reports are told opposite things.",
    example: "[[claim]]  # turkey-confirms-ceasefire, 2016-12-13\n\
subject = \"aleppo-evacuation-deal\"\npredicate = \"status\"\nvalue = \"agreed\"\n\
quote = \"a ceasefire deal was agreed\"\n\n\
[[claim]]  # turkey-talking-to-russia, 2016-12-13\n\
subject = \"aleppo-evacuation-deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nnegated = true\n\
quote = \"no agreement has yet been reached\"",
    fix: "Check which report is right. If one is simply older news, give the reports times \
(`published = 2016-12-13T09:45:00Z`, or a claim's `as-of`): an earlier denial followed by a later \
assertion is an update, not a finding. If the claims are about different things, give them \
different subjects. To accept a known disagreement, add an `[[allow]]` with a reason.",
};

/// Everything about the kind; listed in the registry (`rules::KINDS`).
pub const KIND: KindSpec = KindSpec {
    info: KindInfo {
        doc: DOC,
        default_severity: Severity::Error,
        milder_when_probable: true,
        reports: true,
        default_message: "reports disagree on the {predicate} of {subject}: asserted and denied",
    },
    params: super::spec::no_params,
    check,
};

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| check_group(ctx, rule, group))
}

fn check_group(ctx: &Context, rule: &Rule, group: &Group) -> Vec<Finding> {
    let asserted: Vec<ClaimId> = group.claims.iter().copied().filter(|&c| ctx.claim(c).asserts()).collect();
    let denied: Vec<ClaimId> = group.claims.iter().copied().filter(|&c| ctx.claim(c).denies()).collect();
    let mut pairs = ctx.pairs(rule, group);
    // negation(a, d) :- asserts(a, s, p, v), denies(d, s, p, w), reaches(v, w), contemporary(a, d).
    for &a in &asserted {
        for &d in &denied {
            let (ca, cd) = (ctx.claim(a), ctx.claim(d));
            if ctx.reaches(group.predicate, &ca.value, &cd.value) && ctx.contemporary(ca, cd) {
                pairs.push(a, d);
            }
        }
    }
    pairs.fold(|claims| {
        // The fact in dispute is the stage the denials deny.
        let denied = claims.iter().map(|&c| ctx.claim(c)).find(|c| c.denies());
        let value = denied.map(|c| ctx.corpus.value_text(c.predicate, &c.value)).unwrap_or_default();
        vec![("value", value)]
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;

    #[test]
    fn agreed_against_no_agreement_on_the_same_day_fires() {
        let f = run_kind(
            "negation",
            &[
                claim("a", "deal", "status", "agreed").report("r1", "2016-12-13"),
                claim("b", "deal", "status", "agreed").negated().report("r2", "2016-12-13"),
            ],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, crate::findings::Severity::Error);
        assert_eq!(f[0].claims, ["r1#a", "r2#b"]);
        assert!(f[0].notes[0].contains("dated 2016-12-13 only"), "{:?}", f[0].notes);
    }

    #[test]
    fn a_group_with_more_pairs_than_are_kept_is_still_one_finding_of_every_claim() {
        // 100 agreements against 100 denials on one day: 10,000 pairs, over `KEPT_PAIRS`.
        let claims: Vec<_> = (0..200)
            .map(|i| {
                let c = claim("c", "deal", "status", "agreed").report(&format!("r{i:03}"), "2016-12-13");
                if i % 2 == 1 {
                    c.negated()
                } else {
                    c
                }
            })
            .collect();
        let f = run_kind("negation", &claims);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].claims.len(), 200);
        assert!(
            f[0].notes
                .iter()
                .any(|n| n == "10000 pairs in all among these claims (notes that go pair by pair stop at 4096)"),
            "{:?}",
            f[0].notes
        );
        // The severity is that of the most severe pair, wherever it came.
        assert_eq!(f[0].severity, crate::findings::Severity::Error);
    }

    #[test]
    fn in_force_contradicts_no_agreement_yet() {
        let f = run_kind(
            "negation",
            &[
                claim("a", "deal", "status", "in-force").report("r1", "2016-12-13"),
                claim("b", "deal", "status", "agreed").negated().report("r2", "2016-12-13"),
            ],
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("status"), "{}", f[0].message);
    }

    #[test]
    fn an_earlier_stage_does_not_deny_a_later_one() {
        // "negotiating" reached, "signed" denied: consistent.
        let f = run_kind(
            "negation",
            &[
                claim("a", "deal", "status", "negotiating").report("r1", "2016-12-13"),
                claim("b", "deal", "status", "signed").negated().report("r2", "2016-12-13"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn ordered_by_datetime_is_an_update_not_a_finding() {
        // Same day by date would fire (above); given times, the denial came first: an update.
        let f = run_kind(
            "negation",
            &[
                claim("a", "deal", "status", "agreed").report("r1", "2016-12-13T18:00:00Z"),
                claim("b", "deal", "status", "agreed").negated().report("r2", "2016-12-13T09:45:00Z"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn as_of_moves_a_claim_in_time() {
        // A report of the 14th that says what held on the 12th does not meet one of the 13th.
        let f = run_kind(
            "negation",
            &[
                claim("a", "deal", "status", "agreed").report("r1", "2016-12-14").holding_at("2016-12-12"),
                claim("b", "deal", "status", "agreed").negated().report("r2", "2016-12-13"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn different_subjects_never_contradict() {
        let f = run_kind(
            "negation",
            &[
                claim("a", "deal", "status", "agreed").report("r1", "2016-12-13"),
                claim("b", "other-deal", "status", "agreed").negated().report("r2", "2016-12-13"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn probable_claims_make_a_warning_and_two_denials_fold_into_one_finding() {
        let f = run_kind(
            "negation",
            &[
                claim("a", "deal", "status", "agreed").certainty("probable").report("r1", "2016-12-13"),
                claim("b", "deal", "status", "agreed").negated().report("r2", "2016-12-13"),
                claim("c", "deal", "status", "agreed").negated().report("r2", "2016-12-13"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].claims, ["r1#a", "r2#b", "r2#c"]);
        assert_eq!(f[0].severity, crate::findings::Severity::Warning);
    }

    #[test]
    fn hedged_claims_neither_assert_nor_deny() {
        let f = run_kind(
            "negation",
            &[
                claim("a", "deal", "status", "agreed").certainty("possible").report("r1", "2016-12-13"),
                claim("b", "deal", "status", "agreed").negated().report("r2", "2016-12-13"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn stable_predicates_contradict_whatever_the_times() {
        let f = run_kind(
            "negation",
            &[
                claim("a", "blast", "responsible", "army").report("r1", "2023-10-17"),
                claim("b", "blast", "responsible", "army").negated().report("r2", "2023-10-20"),
            ],
        );
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn none_type_predicates_deny_on_the_same_day() {
        let f = run_kind(
            "negation",
            &[
                claim("a", "arrest", "occurred", "").report("r1", "2024-03-06"),
                claim("b", "arrest", "occurred", "").negated().report("r2", "2024-03-06"),
            ],
        );
        assert_eq!(f.len(), 1);
    }
}
