//! Resolving `corrects` (DESIGN §3 v2): once every claim of the corpus is resolved and in its
//! canonical order, each name a claim's `corrects` gives is looked up, and the claims found become
//! its [`Claim::corrects`].
//!
//! A name is `<report>#<claim>`, or a bare `<claim>` for a claim of the correcting claim's own
//! report (its syntax was checked when the claim was read). A name that matches no claim is
//! `invalid-value` at the name, with the closest claim of that report (or the closest report); a
//! claim naming itself is `invalid-value`. A name of a claim that was declared but left out (a
//! problem of its own is reported at it, or its report could not be read) is no second problem:
//! the link is made once that claim is fixed; nor is a name of a claim of a report that could not
//! be read, whose claims are not known. A claim whose `corrects` has a bad name keeps the
//! names that are good: the correction it makes is still recorded.

use super::claims::Correction;
use crate::codes::Code;
use crate::findings::Finding;
use crate::model::{ClaimId, Corpus, ReportId};
use crate::source::Span;
use crate::suggest::did_you_mean;
use std::collections::HashSet;

pub(super) fn resolve(
    corpus: &mut Corpus,
    mut corrections: Vec<Correction>,
    left_out: &[String],
    problems: &mut Vec<Finding>,
) {
    // In the order of the correcting claims, whatever the order files were read in.
    corrections.sort_by(|a, b| (&a.report, &a.claim).cmp(&(&b.report, &b.claim)));
    let left_out: HashSet<&str> = left_out.iter().map(String::as_str).collect();
    // Reports none of whose claims are in the corpus, though some were declared (the report
    // could not be read): what claims they have is not known.
    let unread: HashSet<&str> = left_out
        .iter()
        .filter_map(|name| name.split_once('#').map(|(r, _)| r))
        .filter(|r| find_report(corpus, r).is_none())
        .collect();
    for c in &corrections {
        let mut targets = Vec::with_capacity(c.names.len());
        for (report, claim, span) in &c.names {
            if *report == c.report && *claim == c.claim {
                let msg = format!("claim `{}#{}` names itself in `corrects`", c.report, c.claim);
                let f = Finding::corpus(Code::InvalidValue, *span, msg, "this claim itself")
                    .with_help("`corrects` names the earlier claims this one corrects or retracts, never itself");
                problems.push(f);
                continue;
            }
            match find(corpus, report, claim) {
                Some(id) => targets.push(id),
                None if unread.contains(report.as_str()) || left_out.contains(format!("{report}#{claim}").as_str()) => {
                }
                None => problems.push(unknown(corpus, report, claim, *span)),
            }
        }
        if !c.resolved || targets.is_empty() {
            continue;
        }
        let Some(from) = find(corpus, &c.report, &c.claim) else { continue };
        targets.sort_unstable();
        targets.dedup();
        corpus.claims[from.0 as usize].set_corrects(targets.into());
    }
}

/// The report of id `report`: reports are in the order of their ids.
fn find_report(corpus: &Corpus, report: &str) -> Option<ReportId> {
    corpus.reports.binary_search_by(|r| r.id.as_str().cmp(report)).ok().map(|i| ReportId(i as u32))
}

/// The claims of `report`: claims are in the order of their report, then of their id.
fn claims_of(corpus: &Corpus, report: ReportId) -> std::ops::Range<usize> {
    let start = corpus.claims.partition_point(|c| c.report < report);
    let end = corpus.claims.partition_point(|c| c.report <= report);
    start..end
}

fn find(corpus: &Corpus, report: &str, claim: &str) -> Option<ClaimId> {
    let range = claims_of(corpus, find_report(corpus, report)?);
    let at = corpus.claims[range.clone()].binary_search_by(|c| (*c.id).cmp(claim)).ok()?;
    Some(ClaimId((range.start + at) as u32))
}

/// A name of `corrects` that matches no claim, with the closest claim of its report, or the
/// closest report when no report has its id.
fn unknown(corpus: &Corpus, report: &str, claim: &str, span: Span) -> Finding {
    let (msg, hint) = match find_report(corpus, report) {
        Some(r) => {
            let ids = corpus.claims[claims_of(corpus, r)].iter().map(|c| &*c.id);
            let hint = did_you_mean(claim, ids).replace("did you mean `", &format!("did you mean `{report}#"));
            (format!("`corrects` names `{report}#{claim}`, but report `{report}` has no claim `{claim}`"), hint)
        }
        None => {
            let hint = did_you_mean(report, corpus.reports.iter().map(|r| r.id.as_str()));
            (format!("`corrects` names `{report}#{claim}`, but no report has the id `{report}`"), hint)
        }
    };
    Finding::corpus(Code::InvalidValue, span, msg, if hint.is_empty() { "no such claim".to_string() } else { hint })
        .with_help("name a claim of the corpus as `<report>#<claim>`, or as `<claim>` for one of this claim's report")
}
