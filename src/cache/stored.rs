//! What a cache entry holds, in a form of its own (postcard-encoded): every field of the
//! findings, claims and reports a claim file gives, spans made relative to the entry's two files
//! (the claim file and its report text), numbered anew in every run. Each conversion names every
//! field of what it converts, so that a field added there fails to compile here until it is kept.

use crate::codes::Code;
use crate::findings::{DerivationStep, Finding, Links, Location, Origin, Severity};
use crate::load::raw::{RawReport, S};
use crate::model::*;
use crate::source::{FileId, Sources, Span};
use crate::time::{Date, Time};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

/// The hash claim files and report texts are known by.
pub fn hash(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// A span in one of an entry's files: 0 the claim file, 1 the report text.
#[derive(Serialize, Deserialize, Clone, Copy)]
pub(super) struct LSpan {
    pub(super) file: u8,
    pub(super) start: u64,
    pub(super) end: u64,
}

/// The files of an entry, as numbered in this run, with their texts (to check spans against).
#[derive(Clone, Copy)]
pub(crate) struct Files<'t> {
    pub(crate) claim: (FileId, &'t str),
    pub(crate) text: Option<(FileId, &'t str)>,
}

impl<'t> Files<'t> {
    /// The claim file `claim` and the report text `text` of `sources`.
    pub(crate) fn of(sources: &'t Sources, claim: FileId, text: Option<FileId>) -> Files<'t> {
        Files { claim: (claim, sources.get(claim).text()), text: text.map(|t| (t, sources.get(t).text())) }
    }
    pub(super) fn local(&self, s: Span) -> Option<LSpan> {
        let file = if s.file == self.claim.0 {
            0
        } else if Some(s.file) == self.text.map(|t| t.0) {
            1
        } else {
            return None;
        };
        Some(LSpan { file, start: s.start as u64, end: s.end as u64 })
    }
    /// The span in this run's files, if it lies inside its file, on character boundaries.
    pub(super) fn span(&self, l: &LSpan) -> Option<Span> {
        let (file, text) = match l.file {
            0 => self.claim,
            1 => self.text?,
            _ => return None,
        };
        let (start, end) = (usize::try_from(l.start).ok()?, usize::try_from(l.end).ok()?);
        (start <= end && text.get(start..end).is_some()).then_some(Span { file, start, end })
    }
}

/// `Some(None)` for nothing, `Some(Some(_))` for what `f` makes of something, `None` if it cannot.
pub(super) fn maybe<T, U>(x: Option<T>, f: impl FnOnce(T) -> Option<U>) -> Option<Option<U>> {
    match x {
        None => Some(None),
        Some(v) => f(v).map(Some),
    }
}

#[derive(Serialize, Deserialize)]
pub(super) struct CTime {
    pub(super) year: i32,
    pub(super) month: u8,
    pub(super) day: u8,
    pub(super) instant: Option<i64>,
    pub(super) offset_minutes: Option<i16>,
    pub(super) seconds_of_day: Option<u32>,
    pub(super) local: bool,
}

impl CTime {
    pub(super) fn of(t: &Time) -> CTime {
        // Every field, by name: a field added to times must be added here too.
        let Time { date: Date { year, month, day }, instant, offset_minutes, local } = *t;
        CTime { year, month, day, instant, offset_minutes, seconds_of_day: t.seconds_of_day(), local }
    }
    pub(super) fn get(&self) -> Option<Time> {
        let date = Date::new(self.year, self.month, self.day)?;
        let time = Time { date, instant: self.instant, offset_minutes: self.offset_minutes, local: self.local };
        // The seconds of the day follow from the instant and offset; an entry that says
        // otherwise is not one this build wrote.
        (time.seconds_of_day() == self.seconds_of_day).then_some(time)
    }
}

#[derive(Serialize, Deserialize)]
pub(super) struct CLocation {
    pub(super) span: LSpan,
    pub(super) label: String,
    pub(super) claim: Option<u64>,
}

/// A problem found reading or resolving a file, every field of it.
#[derive(Serialize, Deserialize)]
pub(super) struct CFinding {
    pub(super) rule: String,
    pub(super) kind: String,
    pub(super) origin: u8,
    pub(super) severity: u8,
    pub(super) message: String,
    pub(super) help: Option<String>,
    pub(super) subject: Option<String>,
    pub(super) predicate: Option<String>,
    pub(super) claims: Vec<String>,
    pub(super) claim_ids: Vec<u32>,
    pub(super) locations: Vec<CLocation>,
    pub(super) notes: Vec<String>,
    pub(super) derivation: Vec<(String, String, String)>,
    pub(super) value: Option<String>,
    pub(super) fingerprint: u64,
    pub(super) pairs: Vec<(u64, u64)>,
    pub(super) pairs_total: u64,
    pub(super) claims_total: u64,
    pub(super) dispute: bool,
    pub(super) links: [Vec<String>; 4],
}

impl CFinding {
    /// `None` when the finding points outside the entry's files (at an entity's declaration).
    pub(super) fn of(f: &Finding, files: Files) -> Option<CFinding> {
        // Every field, by name: a field added to findings must be added here too.
        let Finding {
            rule,
            kind,
            origin,
            severity,
            message,
            help,
            rule_help,
            subject,
            predicate,
            claims,
            claim_ids,
            locations,
            notes,
            derivation,
            value,
            fingerprint,
            pairs,
            pairs_total,
            claims_total,
            dispute,
            links,
        } = f;
        // Only rules' findings read their help from their rule, and problems are what is stored.
        if rule_help.is_some() {
            return None;
        }
        let Links { contested_by, answered_by, resolved_by, corrected_by } = &**links;
        let locations = locations
            .iter()
            .map(|Location { span, label, claim }| {
                Some(CLocation { span: files.local(*span)?, label: label.to_string(), claim: claim.map(u64::from) })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(CFinding {
            rule: rule.clone(),
            kind: kind.clone(),
            origin: match origin {
                Origin::Rule => 0,
                Origin::Corpus => 1,
                Origin::Config => 2,
            },
            severity: match severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Note => 2,
            },
            message: message.clone(),
            help: help.clone(),
            subject: subject.clone(),
            predicate: predicate.clone(),
            claims: claims.clone(),
            claim_ids: claim_ids.iter().map(|c| c.0).collect(),
            locations,
            notes: notes.clone(),
            derivation: derivation
                .iter()
                .map(|DerivationStep { claim, rule, from }| (claim.clone(), rule.clone(), from.clone()))
                .collect(),
            value: value.clone(),
            fingerprint: *fingerprint,
            pairs: pairs.iter().map(|&(a, b)| (a as u64, b as u64)).collect(),
            pairs_total: *pairs_total as u64,
            claims_total: *claims_total as u64,
            dispute: *dispute,
            links: [contested_by.clone(), answered_by.clone(), resolved_by.clone(), corrected_by.clone()],
        })
    }

    pub(super) fn get(self, files: Files) -> Option<Finding> {
        let [contested_by, answered_by, resolved_by, corrected_by] = self.links;
        let locations = self
            .locations
            .into_iter()
            .map(|l| {
                let claim = l.claim.map(u32::try_from).transpose().ok()?;
                Some(Location { span: files.span(&l.span)?, label: l.label.into(), claim })
            })
            .collect::<Option<Vec<_>>>()?;
        // Problems have a code: a finding claiming to be another is not one this cache made.
        Code::parse(&self.rule)?;
        Some(Finding {
            rule: self.rule,
            kind: self.kind,
            origin: match self.origin {
                0 => Origin::Rule,
                1 => Origin::Corpus,
                2 => Origin::Config,
                _ => return None,
            },
            severity: match self.severity {
                0 => Severity::Error,
                1 => Severity::Warning,
                2 => Severity::Note,
                _ => return None,
            },
            message: self.message,
            help: self.help,
            rule_help: None,
            subject: self.subject,
            predicate: self.predicate,
            claims: self.claims,
            claim_ids: self.claim_ids.into_iter().map(ClaimId).collect(),
            locations,
            notes: self.notes,
            derivation: self
                .derivation
                .into_iter()
                .map(|(claim, rule, from)| DerivationStep { claim, rule, from })
                .collect(),
            value: self.value,
            fingerprint: self.fingerprint,
            pairs: self
                .pairs
                .into_iter()
                .map(|(a, b)| Some((usize::try_from(a).ok()?, usize::try_from(b).ok()?)))
                .collect::<Option<Vec<_>>>()?,
            pairs_total: usize::try_from(self.pairs_total).ok()?,
            claims_total: usize::try_from(self.claims_total).ok()?,
            dispute: self.dispute,
            links: Links { contested_by, answered_by, resolved_by, corrected_by }.into(),
        })
    }
}

pub(super) fn findings_of(problems: &[Finding], files: Files) -> Option<Vec<CFinding>> {
    problems.iter().map(|f| CFinding::of(f, files)).collect()
}

pub(super) fn findings_from(problems: Vec<CFinding>, files: Files) -> Option<Vec<Finding>> {
    problems.into_iter().map(|f| f.get(files)).collect()
}

#[derive(Serialize, Deserialize)]
pub(super) enum CValue {
    None,
    Unstated,
    Enum(u16),
    Entity(u32),
    Number { low: f64, high: f64, bound: u8, range: bool },
    Date(CTime),
    Text(String),
}

#[derive(Serialize, Deserialize)]
pub(super) enum CSpeaker {
    Entity(u32),
    Outlet(String),
}

/// A claim resolved, but for its report (numbered anew in every run). What is known of it only
/// once every claim file is resolved is not kept: its `corrects` ([`crate::resolve`]'s `finish`
/// looks them up again, whether it came from the cache or not) and a derivation (made by rules).
#[derive(Serialize, Deserialize)]
pub(super) struct CClaim {
    pub(super) id: String,
    pub(super) subject: u32,
    pub(super) predicate: u32,
    pub(super) value: CValue,
    pub(super) negated: bool,
    pub(super) certainty: u8,
    pub(super) source: CSpeaker,
    pub(super) as_of: CTime,
    pub(super) quote: LSpan,
    pub(super) note: Option<String>,
}

impl CClaim {
    pub(super) fn of(c: &Claim, files: Files) -> Option<CClaim> {
        // Every field, by name: a field added to claims must be added here too.
        let Claim { report: _, id, subject, predicate, value, negated, certainty, source, as_of, quote, rare } = c;
        // Claims are kept as resolving their file makes them, before anything names other claims
        // by their place in the whole corpus.
        if c.derived().is_some() || !c.corrects().is_empty() {
            return None;
        }
        let note = rare.as_ref().and_then(|r| r.note.as_deref());
        let value = match value {
            Value::None => CValue::None,
            Value::Unstated => CValue::Unstated,
            Value::Enum(i) => CValue::Enum(*i),
            Value::Entity(e) => CValue::Entity(e.0),
            Value::Number(Number { low, high, bound, range }) => CValue::Number {
                low: *low,
                high: *high,
                bound: match bound {
                    Bound::Exact => 0,
                    Bound::About => 1,
                    Bound::AtLeast => 2,
                    Bound::AtMost => 3,
                },
                range: *range,
            },
            Value::Date(t) => CValue::Date(CTime::of(t)),
            Value::Text(t) => CValue::Text(t.clone()),
        };
        Some(CClaim {
            id: id.to_string(),
            subject: subject.0,
            predicate: predicate.0,
            value,
            negated: *negated,
            certainty: match certainty {
                Certainty::Certain => 0,
                Certainty::Probable => 1,
                Certainty::Possible => 2,
                Certainty::Unknown => 3,
            },
            source: match source {
                Speaker::Entity(e) => CSpeaker::Entity(e.0),
                Speaker::Outlet(o) => CSpeaker::Outlet(o.to_string()),
            },
            as_of: CTime::of(as_of),
            quote: files.local(*quote)?,
            note: note.map(str::to_string),
        })
    }

    /// The claim of `report`, if everything it names exists in `corpus`.
    pub(super) fn get(self, report: ReportId, files: Files, corpus: &Corpus) -> Option<Claim> {
        let entity = |e: u32| ((e as usize) < corpus.entities.len()).then_some(EntityId(e));
        let predicate = ((self.predicate as usize) < corpus.predicates.len()).then_some(PredicateId(self.predicate))?;
        let value = match self.value {
            CValue::None => Value::None,
            CValue::Unstated => Value::Unstated,
            CValue::Enum(i) if (i as usize) < corpus.predicate(predicate).values.len() => Value::Enum(i),
            CValue::Enum(_) => return None,
            CValue::Entity(e) => Value::Entity(entity(e)?),
            CValue::Number { low, high, bound, range } => Value::Number(Number {
                low,
                high,
                bound: match bound {
                    0 => Bound::Exact,
                    1 => Bound::About,
                    2 => Bound::AtLeast,
                    3 => Bound::AtMost,
                    _ => return None,
                },
                range,
            }),
            CValue::Date(t) => Value::Date(t.get()?),
            CValue::Text(t) => Value::Text(t),
        };
        Some(Claim {
            report,
            id: self.id.into(),
            subject: entity(self.subject)?,
            predicate,
            value,
            negated: self.negated,
            certainty: match self.certainty {
                0 => Certainty::Certain,
                1 => Certainty::Probable,
                2 => Certainty::Possible,
                3 => Certainty::Unknown,
                _ => return None,
            },
            source: match self.source {
                CSpeaker::Entity(e) => Speaker::Entity(entity(e)?),
                CSpeaker::Outlet(o) => Speaker::Outlet(o.into()),
            },
            as_of: self.as_of.get()?,
            quote: files.span(&self.quote)?,
            rare: Rare::of(self.note.map(String::into_boxed_str), None),
        })
    }
}

#[derive(Serialize, Deserialize)]
pub(super) struct CStr {
    pub(super) v: String,
    pub(super) span: LSpan,
}

impl CStr {
    pub(super) fn of(s: &S<String>, files: Files) -> Option<CStr> {
        Some(CStr { v: s.v.clone(), span: files.local(s.span)? })
    }
    pub(super) fn get(self, files: Files) -> Option<S<String>> {
        Some(S { v: self.v, span: files.span(&self.span)? })
    }
}

/// A claim file's `[report]` table as read.
#[derive(Serialize, Deserialize)]
pub(super) struct CReport {
    pub(super) id: Option<CStr>,
    pub(super) stem: String,
    pub(super) header: LSpan,
    pub(super) title: CStr,
    pub(super) outlet: CStr,
    pub(super) via: Vec<CStr>,
    pub(super) published: (CTime, LSpan),
    pub(super) offset: Option<i16>,
    pub(super) url: Option<CStr>,
    pub(super) text_path: CStr,
}

impl CReport {
    pub(super) fn of(r: &RawReport, files: Files) -> Option<CReport> {
        // Every field, by name: a field added to reports must be added here too.
        let RawReport { id, stem, header, title, outlet, via, published, offset, url, text_path } = r;
        Some(CReport {
            id: maybe(id.as_ref(), |id| CStr::of(id, files))?,
            stem: stem.clone(),
            header: files.local(*header)?,
            title: CStr::of(title, files)?,
            outlet: CStr::of(outlet, files)?,
            via: via.iter().map(|v| CStr::of(v, files)).collect::<Option<_>>()?,
            published: (CTime::of(&published.v), files.local(published.span)?),
            offset: *offset,
            url: maybe(url.as_ref(), |u| CStr::of(u, files))?,
            text_path: CStr::of(text_path, files)?,
        })
    }
    pub(super) fn get(self, files: Files) -> Option<RawReport> {
        Some(RawReport {
            id: maybe(self.id, |id| id.get(files))?,
            stem: self.stem,
            header: files.span(&self.header)?,
            title: self.title.get(files)?,
            outlet: self.outlet.get(files)?,
            via: self.via.into_iter().map(|v| v.get(files)).collect::<Option<_>>()?,
            published: S { v: self.published.0.get()?, span: files.span(&self.published.1)? },
            offset: self.offset,
            url: maybe(self.url, |u| u.get(files))?,
            text_path: self.text_path.get(files)?,
        })
    }
}

/// The report text a report names: as named (and where), where it was found, how it is shown,
/// and a hash of its bytes.
#[derive(Serialize, Deserialize)]
pub(super) struct CText {
    pub(super) named: CStr,
    pub(super) key: String,
    pub(super) shown: String,
    pub(super) hash: u128,
}

/// The `corrects` of a claim as resolving its file leaves them, names checked but not looked up
/// (that is done once every claim file is resolved, cached or not): the claim's id, whether it
/// was resolved, and the claims it names (report id, claim id, where the name is written).
#[derive(Serialize, Deserialize)]
pub(super) struct CCorrection {
    pub(super) claim: String,
    pub(super) resolved: bool,
    pub(super) names: Vec<(String, String, LSpan)>,
}

/// One report of a claim file (a TOML file holds one, a JSON Lines file one per line), with
/// what resolving its claims gave: claims, problems, the corrections its claims make and the ids
/// of its claims left out (each with a problem of its own), which a correction may name.
#[derive(Serialize, Deserialize)]
pub(super) struct CPart {
    pub(super) report_span: Option<LSpan>,
    pub(super) report: CReport,
    pub(super) name: Option<String>,
    /// The report's `offset` as its claim file record has it.
    pub(super) offset: Option<i16>,
    pub(super) text: CText,
    pub(super) claims: Vec<CClaim>,
    pub(super) problems: Vec<CFinding>,
    pub(super) corrections: Vec<CCorrection>,
    pub(super) left_out: Vec<String>,
}

/// What a claim file gave: the key of its entry is its path as read.
#[derive(Serialize, Deserialize)]
pub(super) struct Entry {
    pub(super) shown: String,
    pub(super) hash: u128,
    pub(super) problems: Vec<CFinding>,
    pub(super) parts: Vec<CPart>,
}
