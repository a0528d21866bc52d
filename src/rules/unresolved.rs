//! `unresolved`: a claim of certainty `unknown` is an open question ("nothing final over whether
//! Iran will sign"); it is shown with every claim on the same subject and predicate, so the
//! reader sees what is settled around it.

use super::context::Context;
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{Certainty, ClaimId, KindInfo, Rule};

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "unresolved",
    summary: "a source leaves a question open (certainty `unknown`)",
    what: "Fires for each subject and predicate with a claim of certainty `unknown`: an open \
question such as \"nothing final over whether Iran will also sign\". Every other claim on the \
same subject and predicate is shown with it, so the reader sees what is settled around it.",
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
        reports: true,
        default_message: "open question: {phrase} ({value})",
    },
    params: super::spec::no_params,
    check,
};

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| {
        // unresolved(s, p) :- claim(c, s, p, _), certainty(c, unknown).
        let open: Vec<ClaimId> =
            group.claims.iter().copied().filter(|&c| ctx.claim(c).certainty == Certainty::Unknown).collect();
        if open.is_empty() {
            return Vec::new();
        }
        let mut values: Vec<String> =
            open.iter().map(|&c| ctx.corpus.value_text(group.predicate, &ctx.claim(c).value)).collect();
        values.sort();
        values.dedup();
        let mut f = ctx.finding(
            rule,
            group,
            &group.claims,
            rule.base_severity(),
            &[("value", format!("{}?", values.join(", ")))],
        );
        let others = group.claims.len() - open.len();
        if others > 0 {
            let settled: Vec<String> =
                group.claims.iter().filter(|c| !open.contains(c)).map(|&c| ctx.label(c)).collect();
            f.notes.push(format!("stated around it: {}", settled.join("; ")));
        } else {
            f.notes.push("no report settles it".to_string());
        }
        vec![f]
    })
}
