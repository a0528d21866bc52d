//! `negation`: one claim asserts a fact, another denies it, at coinciding times (or for a stable
//! predicate). Progressions count: "in force" asserts that "agreed" was reached, so it meets
//! "no agreement has yet been reached".

use super::context::{Context, Group};
use super::join::{Join, Lookup, Timing};
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{ClaimId, KindInfo, Rule};

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "negation",
    summary: "one report asserts a fact that another denies, at the same time",
    what: concat!(
        "Fires when one claim asserts a fact and another denies it (negated, certain or probable), \
at coinciding times or for a stable predicate. Asserting a value asserts what it entails: a \
later stage every earlier stage that is not optional (\"in force\" meets \"no agreement has yet \
been reached\", but not a denial of `signed`), an entity every entity it reaches along the \
predicate's `entails` relations (\"Russia is not responsible\" meets \"Putin is responsible\"; \
\"Putin is not responsible\" does not meet \"Russia is responsible\").",
        super::spec::dispute_doc!()
    ),
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
        disputes: true,
        reports: true,
        default_message: "{who} disagree on {phrase}: asserted and denied",
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
    let join = Join { values: Lookup::Reached, ..Join::new(Timing::coinciding(ctx, group)) };
    // negation(a, d) :- asserts(a, s, p, v), denies(d, s, p, w), reaches(v, w), contemporary(a, d).
    let pairs = ctx.join(rule, group, join, &asserted, &denied, |ca, cd| {
        (ctx.reaches(group.predicate, &ca.value, &cd.value) && ctx.contemporary(ca, cd)).then_some(false)
    });
    pairs.fold(|claims| {
        // The fact in dispute is the stage the denials deny.
        let denied = claims.iter().map(|&c| ctx.claim(c)).find(|c| c.denies());
        let value = denied.map(|c| ctx.corpus.value_text(c.predicate, &c.value)).unwrap_or_default();
        vec![("value", value)]
    })
}
