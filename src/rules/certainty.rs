//! `certainty`: one claim asserts (or denies) a fact and another leaves it open the other way —
//! `unknown`, or `possible` with the opposite polarity — at coinciding times, for a stable
//! predicate, or with the hedge later (a later hedge reopens the question; an earlier one was
//! resolved by the firm claim).

use super::context::{Context, Group};
use super::join::{Join, Lookup, Timing};
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{Certainty, Claim, ClaimId, KindInfo, Rule, Value};

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "certainty",
    summary: "one report states a fact, another leaves it open the other way",
    what: "Fires when one claim asserts or denies a fact (certain or probable) and another leaves it \
open the other way: certainty `unknown` (with that value, or with none: \"it is not known who \
fired\" against a claim naming someone), or `possible` with the opposite polarity. Hedges \
resolve forward for every predicate, stable ones too: it fires when the hedge is at the same \
time as the firm claim or later (a later hedge reopens the question); a hedge before the firm \
claim was answered by it.",
    why: "A firm statement next to a hedge pointing the other way is a tension a reader should see: \
\"unconfirmed reports that the two governments had already agreed terms\" against the minister's \
\"we are on the verge of an agreement\".",
    example: "[[claim]]\nsubject = \"syria-countrywide-ceasefire\"\npredicate = \"status\"\nvalue = \"agreed\"\n\
certainty = \"possible\"\nquote = \"unconfirmed reports that the two governments had already agreed terms\"\n\n\
[[claim]]\nsubject = \"syria-countrywide-ceasefire\"\npredicate = \"status\"\nvalue = \"agreed\"\n\
negated = true\nquote = \"We are on the verge of an agreement with Russia\"",
    fix: "Weigh the sources: a named minister against unconfirmed reports. Record the hedge's source \
with `source` so readers see who said what, and accept the finding with an `[[allow]]` once judged.",
};

/// Everything about the kind; listed in the registry (`rules::KINDS`).
pub const KIND: KindSpec = KindSpec {
    info: KindInfo {
        doc: DOC,
        default_severity: Severity::Warning,
        milder_when_probable: false,
        disputes: false,
        reports: true,
        default_message: "{phrase} is stated in one place and left open in another",
    },
    params: super::spec::no_params,
    check,
};

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| check_group(ctx, rule, group))
}

/// Whether the hedge `h` leaves open what the committed claim `f` states.
fn opposes(ctx: &Context, f: &Claim, h: &Claim) -> bool {
    match (h.certainty, &h.value) {
        // "it is not known who fired": open against any claim that names someone; denying one
        // candidate leaves the question open, so it does not oppose a denial.
        (Certainty::Unknown, Value::Unstated) => f.asserts(),
        // "nothing final over whether X": open about X, whichever way `f` settles it.
        (Certainty::Unknown, _) => ctx.bears_on(f, &h.value),
        // "possibly X" against a denial of X; "possibly not X" against an assertion of X.
        (Certainty::Possible, _) => f.negated != h.negated && ctx.bears_on(f, &h.value),
        (Certainty::Certain | Certainty::Probable, _) => false,
    }
}

fn check_group(ctx: &Context, rule: &Rule, group: &Group) -> Vec<Finding> {
    let firm: Vec<ClaimId> = group.claims.iter().copied().filter(|&c| !ctx.claim(c).hedges()).collect();
    let hedges: Vec<ClaimId> = group.claims.iter().copied().filter(|&c| ctx.claim(c).hedges()).collect();
    // certainty(f, h) :- commits(f), hedges(h), opposes(f, h), !earlier(h, f).
    // Hedges resolve forward for every predicate, stable ones too (DESIGN §4 v2): a hedge before
    // the firm claim was answered by it; one at the same time or later reopens the question.
    // A hedge meets the firm claims its value bears on, looked up by value.
    let join = Join { values: Lookup::Borne, ..Join::new(Timing::Later { strict: false }) };
    let pairs = ctx.join(rule, group, join, &firm, &hedges, |cf, ch| opposes(ctx, cf, ch).then_some(false));
    pairs.fold(|claims| {
        let hedge = claims.iter().map(|&c| ctx.claim(c)).find(|c| c.hedges());
        let value = hedge.map(|c| ctx.corpus.value_text(c.predicate, &c.value)).unwrap_or_default();
        vec![("value", value)]
    })
}
