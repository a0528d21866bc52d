//! Resolving claim files: each file's claims against the tables built before them (predicates,
//! entities and their names), files in parallel, each with problems of its own. Names become
//! indices, values are checked against their predicate's type, quotes are anchored in their
//! report text.

use super::common::{duplicate, invalid_id, is_plain_id, Problems};
use crate::codes::Code;
use crate::findings::Finding;
use crate::load::{RawClaim, RawPattern, RawValue, S};
use crate::model::*;
use crate::quote::{self, Anchor, Folded};
use crate::source::{FileId, Sources, Span};
use crate::suggest::{closest, did_you_mean};
use std::collections::hash_map::Entry;

/// The stem of a shown path: the default id of the report a claim file describes.
/// Help for a subject of the wrong kind: the entities of the kinds the predicate applies to,
/// which are likely what the claim is about (a status given to the event rather than to the
/// agreement), or how to declare one if there are none.
pub(super) fn subjects_of_kinds(corpus: &Corpus, kinds: &[String]) -> String {
    const SHOWN: usize = 6;
    let mut ids: Vec<&str> =
        corpus.entities.iter().filter(|e| kinds.contains(&e.kind)).map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    let kinds_named = kinds.join(" or ");
    match ids.len() {
        0 => format!(
            "no entity of kind {kinds_named} is declared yet: declare the {kinds_named} the claim is about as an [[entity]] with kind = \"{}\"",
            kinds[0]
        ),
        n => {
            let shown: Vec<String> = ids.iter().take(SHOWN).map(|id| format!("`{id}`")).collect();
            let more = if n > SHOWN { format!(" and {} more", n - SHOWN) } else { String::new() };
            format!("entities of kind {kinds_named}: {}{more}; is the claim about one of them?", shown.join(", "))
        }
    }
}

/// A claim value written as text (a CSV cell), read as its predicate's type says: a figure or a
/// range `100-300` for a number, a date for a date (a datetime without an offset placed in
/// `offset`, its file's), the text itself for the rest.
pub(super) fn typed_text(pred: &Predicate, text: &str, offset: Option<i16>) -> Result<RawValue, (String, String)> {
    let text = text.trim();
    match pred.value_type {
        ValueType::Number => typed_number(&pred.name, text),
        ValueType::Date => {
            crate::load::jsonl::parse_time(text).map(|t| RawValue::Time(t.in_offset(offset))).map_err(|why| {
                (format!("`{}` takes a date such as 2016-12-13, found `{text}`: {why}", pred.name), why.to_string())
            })
        }
        _ => Ok(RawValue::Str(text.to_string())),
    }
}

/// A figure as a CSV cell writes it: digits (with a decimal point or an exponent), no `inf`.
pub(super) fn figure(s: &str) -> Option<f64> {
    let s = s.trim();
    let plain = s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if s.is_empty() || !plain || !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A number or a range written as text: `34000`, `100-300` (or with an en dash).
pub(super) fn typed_number(name: &str, text: &str) -> Result<RawValue, (String, String)> {
    if let Some(n) = figure(text) {
        return Ok(RawValue::Num(n));
    }
    // A range is two figures joined by a dash; the dash of a negative low end is not the join.
    let joins = text.char_indices().filter(|&(i, c)| i > 0 && (c == '-' || c == '\u{2013}'));
    for (i, c) in joins {
        if let (Some(low), Some(high)) = (figure(&text[..i]), figure(&text[i + c.len_utf8()..])) {
            if low > high {
                let msg = "a range's low end is above its high end".to_string();
                return Err((msg, "expected low-high, such as 100-300".into()));
            }
            return Ok(RawValue::Range(low, high));
        }
    }
    let msg = format!("`{name}` takes a number or a range such as 100-300, found `{text}`");
    // A thousands separator is the usual way a spreadsheet shows a figure.
    let bare: String = text.chars().filter(|&c| !matches!(c, ',' | '\u{a0}' | '\u{202f}' | ' ' | '_')).collect();
    match figure(&bare) {
        Some(_) if bare != text => Err((msg, format!("write it without a thousands separator: {bare}"))),
        _ => Err((msg, "expected a number".into())),
    }
}

impl Problems for Lookup<'_> {
    fn problems(&mut self) -> &mut Vec<Finding> {
        self.problems
    }
}

/// A claim file after the sequential pass: its report numbered, or why its claims cannot be
/// checked, with the problem about its report id if there was one, waiting for its claims.
pub(super) struct Pending {
    /// The report's id, when its claims cannot be checked (they are listed by it); else empty.
    pub(super) report_id: String,
    /// Why the file's claims cannot be checked, and where that shows, if they cannot.
    pub(super) lost: Option<(Span, &'static str)>,
    pub(super) report: Option<ReportId>,
    /// What is wrong with the report id: taken by an earlier report, or not a plain name.
    pub(super) id_problem: Option<Finding>,
    pub(super) text: Option<FileId>,
    pub(super) claims: Vec<RawClaim>,
    /// The claim file.
    pub(super) file: FileId,
    /// The report's `offset`: where datetime values written as text are placed.
    pub(super) offset: Option<i16>,
    /// Its claims resolved, when the file was taken from the cache (`claims` is then empty).
    pub(super) cached: Option<crate::cache::CachedPart>,
}

/// The `corrects` of a claim (DESIGN §3 v2), its names checked but not yet looked up: that waits
/// until every claim of the corpus is resolved ([`super::Resolver::finish`]).
#[derive(Debug)]
pub(super) struct Correction {
    /// The id of the correcting claim's report, and its own id.
    pub(super) report: String,
    pub(super) claim: String,
    /// Whether the correcting claim was resolved (if not, its names are only checked).
    pub(super) resolved: bool,
    /// The claims it names: report id, claim id, and where the name is written.
    pub(super) names: Vec<(String, String, Span)>,
}

/// What resolving claim files gives besides problems: the claims, the corrections they make, and
/// the names (`<report>#<claim>`) of claims declared but left out, which a correction may name
/// without a second problem.
#[derive(Debug, Default)]
pub(super) struct Resolved {
    pub(super) claims: Vec<Claim>,
    pub(super) corrections: Vec<Correction>,
    pub(super) left_out: Vec<String>,
}

/// Reads a name of `corrects`: `<report>#<claim>`, or `<claim>` for a claim of `report`, each a
/// plain id. `None` when it is neither (the problem is pushed).
fn correction_name(report: &str, name: &S<String>, problems: &mut Vec<Finding>) -> Option<(String, String)> {
    let text = name.v.trim();
    let (r, c) = match text.split_once('#') {
        Some((r, c)) => (r, c),
        None => (report, text),
    };
    if is_plain_id(r) && is_plain_id(c) {
        return Some((r.to_string(), c.to_string()));
    }
    let shown = crate::printable::escape(&name.v);
    let f = Finding::corpus(
        Code::InvalidId,
        name.span,
        format!("`corrects` names claims as `<report>#<claim>`, or `<claim>` for a claim of the same report; `{shown}` is neither"),
        "not a claim name",
    )
    .with_help(
        "report and claim ids are letters, digits, `.`, `_` and `-`, starting with a letter or digit: `ap-first-report#gunman`",
    );
    problems.push(f);
    None
}

/// The tables claims are resolved against (predicates, entities and their names, report texts),
/// read-only: shared by the workers that resolve claim files, each with problems of its own.
pub(super) struct Tables<'c> {
    pub(super) corpus: &'c Corpus,
    pub(super) sources: &'c Sources,
    pub(super) broken_entities: &'c FastMap<String, Span>,
}

impl Tables<'_> {
    /// Resolves the claims of one claim file, adding them to `claims` and every problem found to
    /// `problems`, in order. `folded` is a buffer for the report text, reused from file to file,
    /// with the text it holds the fold of.
    pub(super) fn claim_file(
        &self,
        p: Pending,
        folded: &mut (Option<FileId>, Folded),
        out: &mut Resolved,
        problems: &mut Vec<Finding>,
    ) {
        let (from, file) = (problems.len(), p.file);
        self.resolve_claim_file(p, folded, out, problems);
        // At most so many problems of one code a file (DESIGN §5 v2).
        crate::findings::cap_per_code(problems, from, file);
    }

    pub(super) fn resolve_claim_file(
        &self,
        p: Pending,
        folded: &mut (Option<FileId>, Folded),
        out: &mut Resolved,
        problems: &mut Vec<Finding>,
    ) {
        problems.extend(p.id_problem);
        let mut l = Lookup {
            corpus: self.corpus,
            sources: self.sources,
            broken_entities: self.broken_entities,
            problems,
            lower: String::new(),
            words: None,
            offset: p.offset,
            outlet: None,
        };
        // The id claims of this file go by: their report's, or the name of one not numbered.
        let report_id = p.report.map_or(p.report_id.as_str(), |r| self.corpus.report(r).id.as_str());
        // Folded per report, over the last one: every folded text (and its offset maps) at once
        // would cost many times the corpus in memory.
        // Claim files that follow one another often share a text (the lines of a JSON Lines
        // file, the reports of a CSV log): it is folded again only when it changes.
        let fold = p.text.map(|text| {
            if folded.0 != Some(text) {
                quote::fold_into(self.sources.get(text).text(), &mut folded.1);
                folded.0 = Some(text);
            }
            (text, &folded.1)
        });
        // Where each claim id was first declared, when it was declared before.
        let firsts: Vec<Option<Span>> = {
            let mut seen: FastMap<&str, Span> = FastMap::with_capacity_and_hasher(p.claims.len(), Default::default());
            p.claims
                .iter()
                .map(|c| match seen.entry(c.id.v.as_str()) {
                    Entry::Occupied(e) => Some(*e.get()),
                    Entry::Vacant(e) => {
                        e.insert(c.id.span);
                        None
                    }
                })
                .collect()
        };
        let mut unchecked = Vec::new();
        for (mut c, first) in p.claims.into_iter().zip(firsts) {
            if let Some(first) = first {
                l.push(duplicate("claim", &c.id.v, first, c.id.span));
                continue;
            }
            if !is_plain_id(&c.id.v) {
                l.push(invalid_id("claim", &c.id.v, c.id.span));
                continue;
            }
            // A claim of a report that cannot be checked is still resolved, so that all of its
            // own problems are reported in this run rather than the next.
            if p.report.is_none() {
                unchecked.push(format!("{}#{}", p.report_id, c.id.v));
            }
            let names: Vec<(String, String, Span)> = c
                .corrects
                .take()
                .into_iter()
                .flat_map(|names| *names)
                .filter_map(|name| correction_name(report_id, &name, l.problems).map(|(r, c)| (r, c, name.span)))
                .collect();
            let id = (!names.is_empty()).then(|| c.id.v.clone());
            let claim = l.claim(p.report, &mut c, fold);
            let resolved = claim.is_some();
            match claim {
                Some(claim) => out.claims.push(claim),
                None => out.left_out.push(format!("{report_id}#{}", c.id.v)),
            }
            if let Some(claim) = id {
                out.corrections.push(Correction { report: report_id.to_string(), claim, resolved, names });
            }
        }
        if let (Some((span, why)), false) = (p.lost, unchecked.is_empty()) {
            l.unchecked(&p.report_id, span, why, unchecked);
        }
    }
}

pub(super) struct Lookup<'c> {
    pub(super) corpus: &'c Corpus,
    /// The claim files and report texts.
    pub(super) sources: &'c Sources,
    pub(super) broken_entities: &'c FastMap<String, Span>,
    pub(super) problems: &'c mut Vec<Finding>,
    /// A buffer for the keys of names written with capitals ([`name_key`]).
    pub(super) lower: String,
    /// The words of the report text of the claim file being resolved, numbered when a first
    /// quote is not found, for the closest passage of every quote not found.
    pub(super) words: Option<(FileId, quote::Words)>,
    /// The claim file's `offset` (minutes east of UTC): where a datetime value written as text
    /// (a CSV cell) is placed. `None` (UTC) for rule packs.
    pub(super) offset: Option<i16>,
    /// The name of the last report whose outlet speaks a claim, shared by its claims.
    pub(super) outlet: Option<(ReportId, std::sync::Arc<str>)>,
}

impl<'c> Lookup<'c> {
    pub(super) fn lookup_predicate(&mut self, name: &S<String>) -> Option<PredicateId> {
        if let Some(&id) = self.corpus.predicate_names.get(&name.v) {
            return Some(id);
        }
        let hint = did_you_mean(&name.v, self.corpus.predicates.iter().map(|p| p.name.as_str()));
        let f = Finding::corpus(
            Code::UnknownPredicate,
            name.span,
            format!("unknown predicate `{}`", name.v),
            if hint.is_empty() { "not declared by any loaded rule pack".into() } else { hint },
        )
        .with_help("predicates are declared by rule packs; `claimlint rules` lists the loaded ones");
        self.push(f);
        None
    }

    pub(super) fn pattern(&mut self, p: &RawPattern) -> Option<Pattern> {
        let predicate = self.lookup_predicate(&p.predicate)?;
        let value = match &p.value {
            None => None,
            Some(v) => Some(self.value(predicate, v, None)?),
        };
        Some(Pattern { predicate, value, negated: p.negated.as_ref().is_some_and(|n| n.v) })
    }

    pub(super) fn lookup_entity(&mut self, name: &S<String>) -> Option<EntityId> {
        self.lookup_entity_at(&name.v, name.span)
    }

    /// Resolves an entity name written at `span`.
    pub(super) fn lookup_entity_at(&mut self, name: &str, span: Span) -> Option<EntityId> {
        let key = name_key(name, &mut self.lower);
        if let Some(&id) = self.corpus.names.get(key) {
            return Some(id);
        }
        if let Some(&declared) = self.broken_entities.get(key) {
            let f = Finding::corpus(
                Code::UnknownEntity,
                span,
                format!("entity `{}` could not be read", name),
                "its declaration has errors",
            )
            .with_location(declared, "declared here, with errors reported at it")
            .with_help("fix the entity's declaration; this claim is then read with it");
            self.push(f);
            return None;
        }
        let candidates: Vec<&str> = self
            .corpus
            .entities
            .iter()
            .flat_map(|e| {
                std::iter::once(e.id.as_str())
                    .chain(std::iter::once(e.name.as_str()))
                    .chain(e.aliases.iter().map(String::as_str))
            })
            .collect();
        let hint = closest(name, candidates.iter().copied()).map(|c| {
            let target = self.corpus.lookup_entity(c).map(|e| self.corpus.entity(e).id.clone()).unwrap_or_default();
            if target == c {
                format!("did you mean `{c}`?")
            } else {
                format!("did you mean `{c}` (`{target}`)?")
            }
        });
        let f = Finding::corpus(
            Code::UnknownEntity,
            span,
            format!("unknown entity `{}`", name),
            hint.unwrap_or_else(|| "no entity has this id, name or alias".into()),
        )
        .with_help("declare it as an [[entity]] (in claims/entities.toml), or add this name to an entity's aliases");
        self.push(f);
        None
    }

    // -- values -----------------------------------------------------------------------------

    /// Checks a raw value against the predicate's type. `bound` applies to numbers only.
    pub(super) fn value(&mut self, p: PredicateId, v: &S<RawValue>, bound: Option<&S<String>>) -> Option<Value> {
        // Borrowed from the tables, not from `self`: problems can be pushed while it is held.
        let corpus = self.corpus;
        let pred = corpus.predicate(p);
        // Only spelled out for a problem: this runs for every claim.
        let expected = || -> String {
            match pred.value_type {
                ValueType::Enum => format!("one of {}", pred.values.join(", ")),
                ValueType::Entity => "an entity id or alias".into(),
                ValueType::Number => "a number or a [low, high] range".into(),
                ValueType::Date => "a TOML date or datetime".into(),
                ValueType::Text => "a string".into(),
                ValueType::None => "no value".into(),
            }
        };
        let mismatch = |this: &mut Self| {
            let expected = expected();
            let msg = format!("`{}` takes {expected}", pred.name);
            this.invalid(v.span, msg, format!("expected {expected}"));
            None
        };
        if let Some(b) = bound.filter(|_| pred.value_type != ValueType::Number) {
            self.invalid(
                b.span,
                format!("`bound` applies to numbers; `{}` is not a number predicate", pred.name),
                "not a number",
            );
            return None;
        }
        // A value written as text (a CSV cell) is read as the predicate's type says first.
        let typed;
        let v = match &v.v {
            RawValue::Text(text) => match typed_text(pred, text, self.offset) {
                Ok(raw) => {
                    typed = S { v: raw, span: v.span };
                    &typed
                }
                Err((msg, label)) => {
                    self.invalid(v.span, msg, label);
                    return None;
                }
            },
            _ => v,
        };
        match (pred.value_type, &v.v) {
            (ValueType::Enum, RawValue::Str(s)) => match pred.values.iter().position(|x| x == s) {
                Some(i) => Some(Value::Enum(i as u16)),
                None => {
                    let hint = did_you_mean(s, pred.values.iter().map(String::as_str));
                    let msg = format!("`{s}` is not a value of `{}`; expected {}", pred.name, expected());
                    self.invalid(v.span, msg, if hint.is_empty() { "unknown value".into() } else { hint });
                    None
                }
            },
            (ValueType::Entity, RawValue::Str(s)) => self.lookup_entity_at(s, v.span).map(Value::Entity),
            (ValueType::Text, RawValue::Str(s)) => {
                let t = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                if t.is_empty() {
                    self.invalid(v.span, "a text value cannot be empty".into(), "empty");
                    return None;
                }
                Some(Value::Text(t))
            }
            (ValueType::Date, RawValue::Time(t)) => Some(Value::Date(*t)),
            (ValueType::Number, RawValue::Num(n)) | (ValueType::Number, RawValue::Range(n, _)) => {
                let range = matches!(v.v, RawValue::Range(..));
                let high = if let RawValue::Range(_, h) = v.v { h } else { *n };
                if *n < 0.0 {
                    self.invalid(v.span, "figures cannot be negative".into(), "negative");
                    return None;
                }
                if pred.count && (n.fract() != 0.0 || high.fract() != 0.0) {
                    let msg = format!("`{}` counts people or things: its figures are whole numbers", pred.name);
                    self.invalid(v.span, msg, "not a whole number");
                    return None;
                }
                let b = match bound {
                    None => Bound::Exact,
                    Some(b) => match Bound::parse(&b.v) {
                        Some(_) if range => {
                            self.invalid(
                                b.span,
                                "a range is its own bound; drop `bound` or give a single number".into(),
                                "range with a bound",
                            );
                            return None;
                        }
                        Some(x) => x,
                        None => {
                            let names = ["exact", "about", "at-least", "at-most"];
                            let hint = did_you_mean(&b.v, names);
                            let msg = format!("bound must be one of {}, found `{}`", names.join(", "), b.v);
                            self.invalid(b.span, msg, if hint.is_empty() { "unknown bound".into() } else { hint });
                            return None;
                        }
                    },
                };
                Some(Value::Number(Number { low: *n, high, bound: b, range }))
            }
            (ValueType::None, _) => {
                let msg = format!("`{}` takes no value (negate the claim for \"did not happen\")", pred.name);
                self.invalid(v.span, msg, "remove this value");
                None
            }
            _ => mismatch(self),
        }
    }

    /// Says, in one finding, that the claims of a report are left out of every rule.
    pub(super) fn unchecked(&mut self, report: &str, span: Span, why: &str, claims: Vec<String>) {
        let msg = match claims.len() {
            1 => format!("the claim of report `{report}` is not checked: {why}"),
            n => format!("the {n} claims of report `{report}` are not checked: {why}"),
        };
        let mut f = Finding::corpus(Code::UncheckedClaims, span, msg, why.to_string())
            .with_help("fix the problem reported about the report; its claims are then checked with the rest");
        f.notes.push(format!("not checked: {}", claims.join(", ")));
        f.claims = claims;
        self.push(f);
    }

    /// Resolves a claim of `report`. Without a report (it could not be read) the claim is only
    /// checked for problems of its own, its quote looked for in `text` if that could be read, and
    /// `None` is returned. The claim's id and note are taken from `c` only when it is resolved.
    pub(super) fn claim(
        &mut self,
        report: Option<ReportId>,
        c: &mut RawClaim,
        text: Option<(FileId, &Folded)>,
    ) -> Option<Claim> {
        // Resolve every field before giving up, so that each of a claim's problems is reported.
        let subject = self.lookup_entity(&c.subject);
        let predicate = self.lookup_predicate(&c.predicate);
        let certainty = match &c.certainty {
            None => Some(Certainty::Certain),
            Some(s) => Certainty::parse(&s.v).or_else(|| {
                let hint = did_you_mean(&s.v, Certainty::NAMES);
                let msg = format!("certainty must be one of {}, found `{}`", Certainty::NAMES.join(", "), s.v);
                self.invalid(s.span, msg, if hint.is_empty() { "unknown certainty".into() } else { hint });
                None
            }),
        };
        let value = match (predicate, &c.value) {
            (Some(p), Some(v)) => self.value(p, v, c.bound.as_deref()),
            (Some(p), None) if self.corpus.predicate(p).value_type == ValueType::None => Some(Value::None),
            // An open question with no candidate ("it is not yet known who fired"): DESIGN §3 v2.
            (Some(_), None) if certainty == Some(Certainty::Unknown) => {
                if let Some(b) = &c.bound {
                    let msg = "`bound` bounds a figure; this claim gives none (it has no `value`)".to_string();
                    self.invalid(b.span, msg, "no value to bound");
                    None
                } else {
                    Some(Value::Unstated)
                }
            }
            (Some(p), None) => {
                let msg = format!(
                    "claim `{}` is missing required key `value` (predicate `{}` takes one)",
                    c.id.v,
                    self.corpus.predicate(p).name
                );
                self.push(Finding::corpus(Code::MissingKey, c.id.span, msg, "this claim has no `value`"));
                None
            }
            (None, _) => None,
        };
        if let (Some(s), Some(p)) = (subject, predicate) {
            let kinds = &self.corpus.predicate(p).subject_kinds;
            let kind = &self.corpus.entity(s).kind;
            if !kinds.is_empty() && !kinds.contains(kind) {
                let a = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                let msg = format!(
                    "`{}` applies to subjects of kind {}, but `{}` is {a} {kind}",
                    self.corpus.predicate(p).name,
                    kinds.join(" or "),
                    self.corpus.entity(s).id
                );
                let help = subjects_of_kinds(self.corpus, kinds);
                let f = Finding::corpus(Code::InvalidValue, c.subject.span, msg, format!("{a} {kind}")).with_help(help);
                self.push(f);
                return None;
            }
        }
        // What the claim needs of its report, without cloning the report for every claim.
        let rep = report.map(|r| {
            let rep = self.corpus.report(r);
            let outlet = match rep.outlet_entity {
                Some(e) => Speaker::Entity(e),
                // One name for the claims of a report, which are resolved one after another.
                None => match &self.outlet {
                    Some((of, name)) if *of == r => Speaker::Outlet(name.clone()),
                    _ => {
                        let name: std::sync::Arc<str> = rep.outlet.as_str().into();
                        self.outlet = Some((r, name.clone()));
                        Speaker::Outlet(name)
                    }
                },
            };
            (outlet, rep.published)
        });
        let source = match &c.source {
            Some(s) => self.lookup_entity(s).map(Speaker::Entity),
            None => rep.as_ref().map(|(outlet, _)| outlet.clone()),
        };
        let quote = text.and_then(|(text, fold)| self.anchor(text, c, fold));
        let (_, published) = rep?;
        let (Some(report), Some(subject), Some(predicate), Some(value), Some(certainty), Some(source), Some(quote)) =
            (report, subject, predicate, value, certainty, source, quote)
        else {
            return None;
        };
        Some(Claim {
            report,
            id: std::mem::take(&mut c.id.v).into(),
            subject,
            predicate,
            value,
            negated: c.negated.as_ref().is_some_and(|n| n.v),
            certainty,
            source,
            as_of: c.as_of.as_ref().map_or(published, |t| t.v),
            quote,
            // Its corrections are resolved once every claim is known (`Resolver::finish`).
            rare: Rare::of(c.note.take().map(|n| n.v.into_boxed_str()), None),
        })
    }

    /// The numbered words of report text `text`, numbered once per claim file.
    pub(super) fn words(&mut self, text: FileId) -> &quote::Words {
        if self.words.as_ref().is_some_and(|(file, _)| *file != text) {
            self.words = None;
        }
        let sources = self.sources;
        &self.words.get_or_insert_with(|| (text, quote::Words::of(sources.get(text).text()))).1
    }

    pub(super) fn anchor(&mut self, text: FileId, c: &RawClaim, fold: &Folded) -> Option<Span> {
        if c.quote.v.trim().is_empty() {
            // No words to look for: not "these words are not in the report" (issue 12).
            let f = Finding::corpus(
                Code::InvalidValue,
                c.quote.span,
                format!(
                    "the quote of claim `{}` is empty: a claim quotes the words of its report that make it",
                    c.id.v
                ),
                "no words quoted",
            )
            .with_help("copy into `quote` the report's own words that make the claim");
            self.push(f);
            return None;
        }
        let anchored = quote::anchor(
            fold,
            &c.quote.v,
            c.prefix.as_ref().map(|p| p.v.as_str()),
            c.suffix.as_ref().map(|s| s.v.as_str()),
        );
        if let Anchor::Found(a, b) = anchored {
            return Some(Span::new(text, a..b));
        }
        let path = self.sources.get(text).path.clone();
        match anchored {
            Anchor::Found(a, b) => Some(Span::new(text, a..b)),
            Anchor::NotFound => {
                let narrowed = c.prefix.is_some() || c.suffix.is_some();
                let whole = narrowed.then(|| quote::anchor(fold, &c.quote.v, None, None));
                let occurs = whole.as_ref().is_some_and(|w| *w != Anchor::NotFound);
                let mut f = Finding::corpus(
                    Code::QuoteNotFound,
                    c.quote.span,
                    format!("quote of claim `{}` not found in `{path}`", c.id.v),
                    if occurs {
                        // The words are there: it is the `prefix`/`suffix` that is not (issue 12).
                        "these words occur, but not with this prefix or suffix"
                    } else {
                        "these words are not in the report"
                    },
                );
                if occurs {
                    f = f.with_help("the quote occurs in the report, but not with this `prefix`/`suffix` around it");
                    // The place of each occurrence found without them: what the prefix or suffix
                    // should pick from.
                    let places = match whole {
                        Some(Anchor::Found(a, b)) => vec![(a, b)],
                        Some(Anchor::Ambiguous { places, .. }) => places,
                        _ => Vec::new(),
                    };
                    for (i, (a, b)) in places.into_iter().take(3).enumerate() {
                        f = f.with_location(Span::new(text, a..b), format!("occurrence {}", i + 1));
                    }
                } else if let Some((a, b)) = self.words(text).closest_passage(&c.quote.v) {
                    let report_text = self.sources.get(text).text();
                    f = match quote::what_differs(report_text, (a, b), &c.quote.v) {
                        Some(quote::Difference::Case(a, b)) => {
                            let shown = &report_text[a..b];
                            f.with_location(Span::new(text, a..b), "these words, but for case").with_help(format!(
                                "the quote matches the report only if case is ignored: copy the report's capitals, \"{shown}\""
                            ))
                        }
                        Some(quote::Difference::Chars(what)) => f
                            .with_location(Span::new(text, a..b), "the closest passage")
                            .with_help(format!("{what}; quote the report's own words exactly")),
                        None => f.with_location(Span::new(text, a..b), "the closest passage").with_help(
                            "quote the report's own words exactly; differences in whitespace and typographic quotes or dashes are ignored",
                        ),
                    };
                } else {
                    f = f.with_help("quote the report's own words exactly; differences in whitespace and typographic quotes or dashes are ignored");
                }
                self.push(f);
                None
            }
            Anchor::Ambiguous { places, count } => {
                let mut f = Finding::corpus(
                    Code::QuoteAmbiguous,
                    c.quote.span,
                    format!("quote of claim `{}` occurs {count} times in `{path}`", c.id.v),
                    format!("found {count} times"),
                )
                .with_help("add `prefix` or `suffix` (the words just before or after the quote) to pick one");
                if places.len() < count {
                    f.notes.push(format!("the first {} of the {count} occurrences are shown", places.len()));
                }
                for (i, (a, b)) in places.into_iter().enumerate() {
                    f = f.with_location(Span::new(text, a..b), format!("occurrence {}", i + 1));
                }
                self.push(f);
                None
            }
        }
    }
}
