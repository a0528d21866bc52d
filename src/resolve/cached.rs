//! Claim files that may come from the cache ([`crate::cache`]): a report whose claims come
//! resolved is taken as it is, with its problems, its corrections and its claims left out, just
//! as resolving it gives them; one that must be resolved again (its report id now taken by
//! another report, or its entry does not fit this run) is parsed again; and what resolving a
//! file afresh gives is returned, to be kept.

use super::claims::{Correction, Pending, Resolved, Tables};
use crate::cache::{Files, Resolution};
use crate::findings::Finding;
use crate::quote::Folded;
use crate::source::FileId;

impl Tables<'_> {
    /// [`Tables::claim_file`], for a claim file whose claims may come resolved from the cache
    /// (`p.cached`). With `record`, what resolving it afresh gave, for the cache, if its report
    /// is numbered and all of it can be kept.
    pub(super) fn claim_file_cached(
        &self,
        mut p: Pending,
        record: bool,
        folded: &mut (Option<FileId>, Folded),
        out: &mut Resolved,
        problems: &mut Vec<Finding>,
    ) -> Option<Resolution> {
        if let Some(mut part) = p.cached.take() {
            let files = Files::of(self.sources, p.file, p.text);
            let opened = p.report.and_then(|r| Some((r, part.open(r, files, self.corpus)?)));
            if let Some((report, opened)) = opened {
                let report_id = &self.corpus.report(report).id;
                out.claims.extend(opened.claims);
                problems.extend(opened.problems);
                out.corrections.extend(opened.corrections.into_iter().map(|(claim, resolved, names)| Correction {
                    report: report_id.clone(),
                    claim,
                    resolved,
                    names,
                }));
                out.left_out.extend(opened.left_out.into_iter().map(|claim| format!("{report_id}#{claim}")));
                return None;
            }
            let text = self.sources.get(p.file).text();
            p.claims = crate::load::formats::reparse_claims(&part.path, p.file, text, part.index);
        }
        let from = (out.claims.len(), problems.len(), out.corrections.len(), out.left_out.len());
        let (file, text, report) = (p.file, p.text, p.report);
        self.claim_file(p, folded, out, problems);
        let report_id = self.corpus.report(report.filter(|_| record)?).id.as_str();
        // What the file's claims name by its report's id is kept without it: that id is read
        // from the claim file again when the entry is opened.
        let corrections = &out.corrections[from.2..];
        if corrections.iter().any(|c| c.report != report_id) {
            return None;
        }
        let prefix = format!("{report_id}#");
        let left_out = out.left_out[from.3..].iter().map(|name| name.strip_prefix(&prefix));
        let left_out = left_out.collect::<Option<Vec<&str>>>()?;
        Resolution::of(
            &out.claims[from.0..],
            &problems[from.1..],
            corrections.iter().map(|c| (c.claim.as_str(), c.resolved, c.names.as_slice())),
            left_out.into_iter(),
            Files::of(self.sources, file, text),
        )
    }
}
