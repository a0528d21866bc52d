//! One claim file's entry: made from what reading and resolving the file gave ([`FileRecord`],
//! [`Resolution`]), and opened again, checked against this run's files and tables ([`Hit`],
//! [`CachedPart`]).

use super::stored::*;
use crate::findings::Finding;
use crate::load::raw::{RawClaimFile, S};
use crate::model::{Claim, Corpus, ReportId};
use crate::source::{FileId, Span};
use std::path::{Path, PathBuf};

/// The `corrects` of a claim as resolving its file leaves them, but for its report's id (the
/// report's, as the entry's report table gives it): the claim's id, whether it was resolved, and
/// the claims it names (report id, claim id, where the name is written).
pub(crate) type CorrectionRecord = (String, bool, Vec<(String, String, Span)>);

/// An entry found for a claim file, before its report texts are checked.
pub(crate) struct Hit {
    pub(super) entry: Entry,
}

/// A report text as a cached report names it: as written, and where.
pub(crate) struct Named {
    pub(crate) text_path: S<String>,
    key: String,
    shown: String,
    hash: u128,
}

impl Named {
    /// Whether the text read now (found at `key`, shown as `shown`, its bytes of hash `hash`) is
    /// the one the entry was made from.
    pub(crate) fn matches(&self, key: &Path, shown: &str, hash: u128) -> bool {
        key.to_str() == Some(self.key.as_str()) && shown == self.shown && hash == self.hash
    }
}

impl Hit {
    /// The report texts the entry's reports name, in order, with their spans in `claim`; `None`
    /// if a span does not fit the file.
    pub(crate) fn texts(&self, claim: FileId, sources_text: &str) -> Option<Vec<Named>> {
        self.entry
            .parts
            .iter()
            .map(|p| {
                let l = &p.text.named.span;
                let (start, end) = (usize::try_from(l.start).ok()?, usize::try_from(l.end).ok()?);
                if l.file != 0 || start > end || sources_text.get(start..end).is_none() {
                    return None;
                }
                Some(Named {
                    text_path: S { v: p.text.named.v.clone(), span: Span { file: claim, start, end } },
                    key: p.text.key.clone(),
                    shown: p.text.shown.clone(),
                    hash: p.text.hash,
                })
            })
            .collect()
    }

    /// The file's parse problems, and its reports as read, their claims left for the resolver
    /// ([`CachedPart`]) and their texts not attached yet; `None` if anything does not fit the
    /// claim file `claim` (its text `text`).
    pub(crate) fn open(self, claim: FileId, text: &str, path: &Path) -> Option<(Vec<Finding>, Vec<CachedReport>)> {
        let files = Files { claim: (claim, text), text: None };
        let problems = findings_from(self.entry.problems, files)?;
        let mut parts = Vec::with_capacity(self.entry.parts.len());
        for (index, p) in self.entry.parts.into_iter().enumerate() {
            let cf = RawClaimFile {
                file: claim,
                report_span: maybe(p.report_span, |s| files.span(&s))?,
                report: Some(p.report.get(files)?),
                text: None,
                claims: Vec::new(),
                name: p.name,
                offset: p.offset,
            };
            let part = CachedPart {
                path: path.to_path_buf(),
                index,
                claims: p.claims,
                problems: p.problems,
                corrections: p.corrections,
                left_out: p.left_out,
            };
            parts.push((cf, part));
        }
        Some((problems, parts))
    }
}

/// A report of a cached claim file, as read (without its claims), and its claims resolved.
pub(crate) type CachedReport = (RawClaimFile, CachedPart);

/// The claims of one report of a cached file, resolved, waiting for its report to be numbered.
pub struct CachedPart {
    /// The claim file and the report's place in it, to parse it again if its claims must be
    /// resolved again (its report id taken by another report in this run).
    pub(crate) path: PathBuf,
    pub(crate) index: usize,
    claims: Vec<CClaim>,
    problems: Vec<CFinding>,
    corrections: Vec<CCorrection>,
    left_out: Vec<String>,
}

/// What a report of a cached file gives, as resolving it gives it.
pub(crate) struct Opened {
    pub(crate) claims: Vec<Claim>,
    pub(crate) problems: Vec<Finding>,
    pub(crate) corrections: Vec<CorrectionRecord>,
    /// The ids of its claims declared but left out.
    pub(crate) left_out: Vec<String>,
}

impl CachedPart {
    /// The claims, of `report`, problems, corrections and claims left out, if they fit the files
    /// and tables of this run.
    pub(crate) fn open(&mut self, report: ReportId, files: Files, corpus: &Corpus) -> Option<Opened> {
        let claims = std::mem::take(&mut self.claims);
        let claims = claims.into_iter().map(|c| c.get(report, files, corpus)).collect::<Option<Vec<_>>>()?;
        let problems = findings_from(std::mem::take(&mut self.problems), files)?;
        let corrections = std::mem::take(&mut self.corrections)
            .into_iter()
            .map(|c| {
                let names = c.names.into_iter().map(|(r, n, at)| Some((r, n, files.span(&at)?)));
                Some((c.claim, c.resolved, names.collect::<Option<Vec<_>>>()?))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Opened { claims, problems, corrections, left_out: std::mem::take(&mut self.left_out) })
    }
}

/// What resolving one report of a file gave, as the cache keeps it.
pub struct Resolution {
    claims: Vec<CClaim>,
    problems: Vec<CFinding>,
    corrections: Vec<CCorrection>,
    left_out: Vec<String>,
}

impl Resolution {
    /// `None` if something points outside the files of the report.
    pub(crate) fn of<'a>(
        claims: &[Claim],
        problems: &[Finding],
        corrections: impl Iterator<Item = (&'a str, bool, &'a [(String, String, Span)])>,
        left_out: impl Iterator<Item = &'a str>,
        files: Files,
    ) -> Option<Resolution> {
        let corrections = corrections
            .map(|(claim, resolved, names)| {
                let names = names.iter().map(|(r, c, at)| Some((r.clone(), c.clone(), files.local(*at)?)));
                Some(CCorrection { claim: claim.to_string(), resolved, names: names.collect::<Option<_>>()? })
            })
            .collect::<Option<_>>()?;
        Some(Resolution {
            claims: claims.iter().map(|c| CClaim::of(c, files)).collect::<Option<_>>()?,
            problems: findings_of(problems, files)?,
            corrections,
            left_out: left_out.map(str::to_string).collect(),
        })
    }
}

/// What a claim file read afresh gave before its claims are resolved, to be recorded.
pub struct FileRecord {
    pub(super) key: String,
    shown: String,
    hash: u128,
    problems: Vec<CFinding>,
    /// Its reports, in order; `None` for a report that cannot be kept (its text unread).
    parts: Vec<Option<PartRecord>>,
}

struct PartRecord {
    report_span: Option<LSpan>,
    report: CReport,
    name: Option<String>,
    offset: Option<i16>,
    text: CText,
}

impl FileRecord {
    /// The record of a claim file, if its path and problems can be kept.
    pub(crate) fn new(path: &Path, shown: &str, hash: u128, claim: FileId, problems: &[Finding]) -> Option<FileRecord> {
        Some(FileRecord {
            key: path.to_str()?.to_string(),
            shown: shown.to_string(),
            hash,
            problems: findings_of(problems, Files { claim: (claim, ""), text: None })?,
            parts: Vec::new(),
        })
    }

    /// Adds a report of the file: its claim file record as read, and its text, as named, found
    /// (`key`) and shown, with the hash of the bytes read.
    pub(crate) fn part(&mut self, cf: &RawClaimFile, text: Option<(S<String>, &Path, &str, u128)>) {
        let record = (|| {
            let (named, key, shown, hash) = text?;
            let files = Files { claim: (cf.file, ""), text: None };
            Some(PartRecord {
                report_span: maybe(cf.report_span, |s| files.local(s))?,
                report: CReport::of(cf.report.as_ref()?, files)?,
                name: cf.name.clone(),
                offset: cf.offset,
                text: CText {
                    named: CStr::of(&named, files)?,
                    key: key.to_str()?.to_string(),
                    shown: shown.to_string(),
                    hash,
                },
            })
        })();
        self.parts.push(record);
    }

    pub fn parts(&self) -> usize {
        self.parts.len()
    }
}

/// The entry of a file read afresh, encoded, if every report of it can be kept.
pub(super) fn encode(file: FileRecord, resolved: Vec<Option<Resolution>>) -> Option<(String, Vec<u8>)> {
    if file.parts.len() != resolved.len() {
        return None;
    }
    let mut parts = Vec::with_capacity(resolved.len());
    for (record, resolved) in file.parts.into_iter().zip(resolved) {
        let (r, resolved) = (record?, resolved?);
        parts.push(CPart {
            report_span: r.report_span,
            report: r.report,
            name: r.name,
            offset: r.offset,
            text: r.text,
            claims: resolved.claims,
            problems: resolved.problems,
            corrections: resolved.corrections,
            left_out: resolved.left_out,
        });
    }
    let entry = Entry { shown: file.shown, hash: file.hash, problems: file.problems, parts };
    Some((file.key, postcard::to_stdvec(&entry).ok()?))
}
