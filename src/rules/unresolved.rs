//! `unresolved`: a claim of certainty `unknown` is an open question ("nothing final over whether
//! Iran will sign"); it is shown with every claim on the same subject and predicate, so the
//! reader sees what is settled around it.

use super::context::{Context, Group};
use super::pairs::LISTED_CLAIMS;
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{Certainty, ClaimId, KindInfo, Rule, Value};

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "unresolved",
    summary: "a source leaves a question open (certainty `unknown`)",
    what: "Fires for each open question, a claim of certainty `unknown` (\"nothing final over \
whether Iran will also sign\"): the open questions of one subject, predicate and value are one \
finding, and those without a value (\"it is not yet known who fired\") one more. Every other \
claim on the same subject and predicate is shown with it, so the reader sees what is settled \
around it. When a later claim commits an answer (asserting or denying that value; for a \
question without a value, asserting some value, since denying one candidate leaves it open), \
the finding is a note that names the answer (`answered_by`).",
    why: "Open questions are what a fact-checker follows up; listing them with what is known keeps \
them from being forgotten or silently read as settled.",
    example: "[[claim]]\nsubject = \"syria-countrywide-ceasefire\"\npredicate = \"guarantor\"\nvalue = \"iran\"\n\
certainty = \"unknown\"\nquote = \"nothing final\"",
    fix: "Follow the question up. When a report settles it, add that report and its claim; the \
open claim then stands with the answer beside it. Accept a question that will stay open with an \
`[[allow]]`, or turn the kind down in `[severity]`.",
};

/// Everything about the kind; listed in the registry (`rules::KINDS`).
pub const KIND: KindSpec = KindSpec {
    info: KindInfo {
        doc: DOC,
        default_severity: Severity::Warning,
        milder_when_probable: false,
        disputes: false,
        reports: true,
        default_message: "open question: {phrase} ({value})",
    },
    params: super::spec::no_params,
    check,
};

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| {
        // unresolved(s, p, v) :- claim(c, s, p, v), certainty(c, unknown).
        // A claim a correction retired is left out: neither asked nor shown around a question.
        let open: Vec<ClaimId> = group
            .claims
            .iter()
            .copied()
            .filter(|&c| ctx.claim(c).certainty == Certainty::Unknown && !ctx.is_retired(c))
            .collect();
        if open.is_empty() {
            return Vec::new();
        }
        // The open questions of one subject, predicate and value are one finding (DESIGN §4 v2);
        // the questions without a value ("who fired?") are one more. In first-seen order.
        let mut questions: Vec<(&Value, Vec<ClaimId>)> = Vec::new();
        for &c in &open {
            let value = &ctx.claim(c).value;
            match questions.iter_mut().find(|(v, _)| same_question(v, value)) {
                Some((_, ids)) => ids.push(c),
                None => questions.push((value, vec![c])),
            }
        }
        questions.into_iter().map(|(value, asked)| question(ctx, rule, group, value, &asked)).collect()
    })
}

fn same_question(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Unstated, Value::Unstated) => true,
        (Value::Unstated, _) | (_, Value::Unstated) => false,
        // "Sunday?" and "Sunday 08:30?" are two questions, as they are two facts (DESIGN §4 v2).
        (Value::Date(x), Value::Date(y)) => x.date == y.date && x.instant == y.instant,
        _ => a == b,
    }
}

/// The finding of one open question: the claims that ask it, every other claim on the subject
/// and predicate, and the later claims that answer it, if any.
fn question(ctx: &Context, rule: &Rule, group: &Group, value: &Value, asked: &[ClaimId]) -> Finding {
    // answered(q, a) :- later(a, q), commits(a), (no value: asserts(a) ; bears_on(a, value)).
    // Denying one candidate of a question without a value leaves it open.
    let after_every_question = later_than_all(ctx, asked);
    let answers: Vec<ClaimId> = group
        .claims
        .iter()
        .copied()
        .filter(|&c| {
            let claim = ctx.claim(c);
            let answers = match value {
                Value::Unstated => claim.asserts(),
                v => claim.certainty.commits() && ctx.bears_on(claim, v),
            };
            answers && !ctx.is_retired(c) && after_every_question(&claim.as_of)
        })
        .collect();
    let text = match value {
        Value::Unstated => "no candidate named".to_string(),
        v => format!("{}?", ctx.corpus.value_text(group.predicate, v)),
    };
    // The claims asking first, then the rest of the group, up to the most a finding lists.
    let mut asking: Vec<ClaimId> = asked.to_vec();
    asking.sort_unstable();
    let mut shown: Vec<ClaimId> = asked.to_vec();
    shown.extend(group.claims.iter().copied().filter(|&c| asking.binary_search(&c).is_err() && !ctx.is_retired(c)));
    let total = shown.len();
    shown.truncate(LISTED_CLAIMS);
    let severity = if answers.is_empty() { rule.base_severity() } else { Severity::Note };
    let message_value = if answers.is_empty() { text.clone() } else { format!("{text}; answered since") };
    let mut f = ctx.finding(rule, group, &shown, severity, &[("value", message_value)]);
    // The fingerprint's value is the question's, answered or not.
    f.value = Some(text);
    f.claims_total = total;
    // `shown` lists the claims asking first.
    let others: Vec<String> = shown[asked.len().min(shown.len())..].iter().map(|&c| ctx.label(c)).collect();
    if answers.is_empty() {
        if others.is_empty() {
            f.notes.push("no report settles it".to_string());
        } else {
            f.notes.push(format!("stated around it: {}", others.join("; ")));
        }
    } else {
        let names: Vec<String> = answers.iter().map(|&c| ctx.claim_ref(c)).collect();
        let said: Vec<String> = answers.iter().map(|&c| ctx.label(c)).collect();
        f.notes.push(format!("answered by {}: {}", names.join(", "), said.join("; ")));
        f.links.answered_by = names;
    }
    f
}

/// Whether a time is later than that of every claim of `asked`, times compared at the coarser
/// precision of the two (an answer at 11:15 does not settle a question dated only by that day).
/// The bounds are taken once, so each claim of a group is tested in constant time: a date-only
/// time must fall after every question's day; a timed one after every timed question's instant
/// and every date-only question's day.
fn later_than_all<'c>(ctx: &'c Context, asked: &[ClaimId]) -> impl Fn(&crate::time::Time) -> bool + 'c {
    let times: Vec<crate::time::Time> = asked.iter().map(|&q| ctx.claim(q).as_of).collect();
    let last_day = times.iter().map(|t| t.date).max();
    let last_untimed_day = times.iter().filter(|t| t.instant.is_none()).map(|t| t.date).max();
    let last_instant = times.iter().filter_map(|t| t.instant).max();
    move |t| match t.instant {
        None => last_day.is_none_or(|d| t.date > d),
        Some(i) => last_untimed_day.is_none_or(|d| t.date > d) && last_instant.is_none_or(|l| i > l),
    }
}
