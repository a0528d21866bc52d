//! Resolve: turn raw records into the [`Corpus`] the rules see.
//!
//! Names become indices (entities by id, name or alias, case-insensitively), values are checked
//! against their predicate's type, quotes are anchored in their report text. Every problem is
//! reported with the code of DESIGN §4; a broken claim, entity or rule is left out and the rest
//! is still resolved.

use crate::codes::Code;
use crate::findings::{Finding, Severity};
use crate::load::{RawClaim, RawClaimFile, RawCorpus, RawPattern, RawPredicate, RawReport, RawRule, RawValue, S};
use crate::model::*;
use crate::quote::{self, Anchor, Folded};
use crate::rules::spec::{GivenPattern, PackParams};
use crate::source::{FileId, Sources, Span};
use crate::suggest::{closest, did_you_mean};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// Resolves a corpus in steps: the tables first (predicates, entities, rules), then claim files
/// in batches, as the loader parses them ([`crate::load::ClaimFiles`]), so that the raw records
/// of only one batch exist at a time; then [`Resolver::finish`].
pub struct Resolver {
    /// The corpus resolved so far; its sources are given at [`Resolver::finish`].
    corpus: Corpus,
    problems: Vec<Finding>,
    /// Ids of entities declared but not read, lowercased, with where they were declared.
    broken_entities: FastMap<String, Span>,
    /// Every report id taken so far, and where: the first report with an id keeps it.
    report_ids: FastMap<String, Span>,
    /// The claims resolved so far, in runs: joined once, at the end, rather than copied each
    /// time a growing vector of a million claims is outgrown.
    claims: Vec<Vec<Claim>>,
}

/// Resolves everything that was loaded, all at once. Problems are appended to `problems`.
pub fn resolve(raw: RawCorpus, sources: Sources, problems: &mut Vec<Finding>) -> Corpus {
    let mut r = Resolver::new(&raw);
    r.claim_files(raw.claim_files, &sources);
    r.finish(sources, problems)
}

impl Resolver {
    /// Resolves the predicates, rules and entities of `raw` (its claim files are left alone: see
    /// [`Resolver::claim_files`]).
    pub fn new(raw: &RawCorpus) -> Resolver {
        let broken_entities =
            raw.broken_entities.iter().map(|id| (name_key(&id.v, &mut String::new()).to_string(), id.span)).collect();
        let mut r = Resolver {
            corpus: Corpus::default(),
            problems: Vec::new(),
            broken_entities,
            report_ids: FastMap::default(),
            claims: Vec::new(),
        };
        for pack in &raw.packs {
            for p in &pack.predicates {
                r.predicate(p, &pack.name);
            }
        }
        r.entities(raw);
        for pack in &raw.packs {
            for rule in &pack.rules {
                r.rule(rule, &pack.name);
            }
        }
        r
    }

    /// The corpus, its claims in canonical order; every problem found is appended to `problems`.
    pub fn finish(mut self, sources: Sources, problems: &mut Vec<Finding>) -> Corpus {
        self.corpus.sources = sources;
        self.corpus.claims = Vec::with_capacity(self.claims.iter().map(Vec::len).sum());
        for run in self.claims {
            self.corpus.claims.extend(run);
        }
        canonical_order(&mut self.corpus);
        problems.append(&mut self.problems);
        self.corpus
    }
}

/// Numbers reports by id and claims by report and claim id, instead of in the order their files
/// were read: nothing downstream (a rule naming the first of several claims) can then depend on
/// what the files are called or where they stand.
fn canonical_order(corpus: &mut Corpus) {
    use rayon::prelude::*;
    let mut order: Vec<usize> = (0..corpus.reports.len()).collect();
    order.sort_by(|&a, &b| corpus.reports[a].id.cmp(&corpus.reports[b].id));
    let mut new_id = vec![ReportId(0); order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = ReportId(new as u32);
    }
    let mut reports: Vec<Option<Report>> = std::mem::take(&mut corpus.reports).into_iter().map(Some).collect();
    corpus.reports = order.iter().filter_map(|&old| reports[old].take()).collect();
    for c in &mut corpus.claims {
        c.report = new_id[c.report.0 as usize];
    }
    // Report ids are unique and now numbered in their order, so comparing numbers orders claims
    // as comparing the ids would, without a string comparison per step. Claim ids are unique
    // within a report (duplicates are left out), so no two claims compare equal and an unstable
    // sort gives the one order there is, in place: a stable one would take a buffer of up to the
    // size of all claims.
    corpus.claims.par_sort_unstable_by(|a, b| (a.report, &a.id).cmp(&(b.report, &b.id)));
}

/// The stem of a shown path: the default id of the report a claim file describes.
/// Help for a subject of the wrong kind: the entities of the kinds the predicate applies to,
/// which are likely what the claim is about (a status given to the event rather than to the
/// agreement), or how to declare one if there are none.
fn subjects_of_kinds(corpus: &Corpus, kinds: &[String]) -> String {
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
/// range `100-300` for a number, a date for a date, the text itself for the rest.
fn typed_text(pred: &Predicate, text: &str) -> Result<RawValue, (String, String)> {
    let text = text.trim();
    match pred.value_type {
        ValueType::Number => typed_number(&pred.name, text),
        ValueType::Date => crate::load::jsonl::parse_time(text).map(RawValue::Time).map_err(|why| {
            (format!("`{}` takes a date such as 2016-12-13, found `{text}`: {why}", pred.name), why.to_string())
        }),
        _ => Ok(RawValue::Str(text.to_string())),
    }
}

/// A figure as a CSV cell writes it: digits (with a decimal point or an exponent), no `inf`.
fn figure(s: &str) -> Option<f64> {
    let s = s.trim();
    let plain = s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if s.is_empty() || !plain || !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A number or a range written as text: `34000`, `100-300` (or with an en dash).
fn typed_number(name: &str, text: &str) -> Result<RawValue, (String, String)> {
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

fn file_stem(path: &str) -> String {
    std::path::Path::new(path).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The start of `span`, for problems about a whole table: pointing at it beats underlining all of it.
fn point(span: Span) -> Span {
    Span { end: span.start, ..span }
}

/// An id declared twice: the second declaration, pointing back at the first.
fn duplicate(what: &str, id: &str, first: Span, again: Span) -> Finding {
    Finding::corpus(Code::DuplicateId, again, format!("duplicate {what} id `{id}`"), "declared again here")
        .with_location(first, "first declared here")
        .with_help(format!("{what} ids must be unique; rename one of them"))
}

/// Whether a report or claim id is a plain name, `[A-Za-z0-9][A-Za-z0-9._-]*` (DESIGN §3 v2), so
/// that `<report>#<claim>` and `<report>#<claim>><rule>` name one claim each.
fn is_plain_id(id: &str) -> bool {
    id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

fn invalid_id(what: &str, id: &str, at: Span) -> Finding {
    let shown = crate::printable::escape(id);
    Finding::corpus(Code::InvalidId, at, format!("{what} id `{shown}` is not a plain name"), "not a plain name")
        .with_help(format!(
            "{what} ids are letters, digits, `.`, `_` and `-`, starting with a letter or digit: claims are named `<report>#<claim>`"
        ))
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Where resolution reports problems: the run's list (predicates, rules, entities) or a claim
/// file's (its claims, resolved in parallel with other files').
trait Problems {
    fn problems(&mut self) -> &mut Vec<Finding>;

    fn push(&mut self, f: Finding) {
        self.problems().push(f);
    }

    fn invalid(&mut self, span: Span, msg: String, label: impl Into<String>) {
        self.push(Finding::corpus(Code::InvalidValue, span, msg, label));
    }
}

impl Problems for Resolver {
    fn problems(&mut self) -> &mut Vec<Finding> {
        &mut self.problems
    }
}

impl Problems for Lookup<'_> {
    fn problems(&mut self) -> &mut Vec<Finding> {
        self.problems
    }
}

impl Resolver {
    /// The tables built so far, to resolve names against; problems go to the run's.
    fn lookup(&mut self) -> Lookup<'_> {
        Lookup {
            corpus: &self.corpus,
            // Names only: the sources are needed for quotes, which are resolved in `claim_files`.
            sources: &self.corpus.sources,
            broken_entities: &self.broken_entities,
            problems: &mut self.problems,
            lower: String::new(),
            words: None,
        }
    }

    fn duplicate(&mut self, what: &str, id: &str, first: Span, again: Span) {
        self.push(duplicate(what, id, first, again));
    }

    // -- predicates and rules ---------------------------------------------------------------

    fn predicate(&mut self, p: &RawPredicate, pack: &str) {
        if let Some(&existing) = self.corpus.predicate_names.get(&p.name.v) {
            let first = self.corpus.predicate(existing).span;
            self.duplicate("predicate", &p.name.v, first, p.name.span);
            return;
        }
        let Some(value_type) = ValueType::parse(&p.value_type.v) else {
            let hint = did_you_mean(&p.value_type.v, ValueType::NAMES);
            let msg =
                format!("unknown predicate type `{}`; expected one of {}", p.value_type.v, ValueType::NAMES.join(", "));
            self.invalid(p.value_type.span, msg, if hint.is_empty() { "unknown type".into() } else { hint });
            return;
        };
        let mut ok = true;
        if value_type == ValueType::Enum && p.values.is_empty() {
            self.invalid(p.name.span, format!("enum predicate `{}` declares no `values`", p.name.v), "no values");
            ok = false;
        }
        if value_type != ValueType::Enum && !p.values.is_empty() {
            let span = p.values[0].span;
            self.invalid(span, "`values` only apply to predicates of type enum".into(), "not an enum");
            ok = false;
        }
        let mut progression = Vec::new();
        for stage in &p.progression {
            match p.values.iter().position(|v| v.v == stage.v) {
                Some(i) => progression.push(i as u16),
                None => {
                    let hint = did_you_mean(&stage.v, p.values.iter().map(|v| v.v.as_str()));
                    let msg = format!("progression stage `{}` is not one of the predicate's values", stage.v);
                    self.invalid(stage.span, msg, if hint.is_empty() { "not a value".into() } else { hint });
                    ok = false;
                }
            }
        }
        let one = match p.cardinality.as_ref().map(|c| c.v.as_str()) {
            None | Some("one") => true,
            Some("many") => false,
            Some(other) => {
                let span = p.cardinality.as_ref().map_or(p.name.span, |c| c.span);
                self.invalid(
                    span,
                    format!("cardinality must be `one` or `many`, found `{other}`"),
                    "expected one or many",
                );
                ok = false;
                true
            }
        };
        let growing = p.growing.as_ref().is_some_and(|g| g.v);
        if growing && value_type != ValueType::Number {
            let span = p.growing.as_ref().map_or(p.name.span, |g| g.span);
            self.invalid(span, "only number predicates can be `growing`".into(), "not a number predicate");
            ok = false;
        }
        let count = p.count.as_ref().is_some_and(|c| c.v);
        if count && value_type != ValueType::Number {
            let span = p.count.as_ref().map_or(p.name.span, |c| c.span);
            self.invalid(span, "only number predicates can be a `count`".into(), "not a number predicate");
            ok = false;
        }
        let tolerance = p.tolerance.as_ref().map_or(0.0, |t| t.v);
        if !(0.0..=1.0).contains(&tolerance) {
            let span = p.tolerance.as_ref().map_or(p.name.span, |t| t.span);
            self.invalid(
                span,
                "tolerance must lie between 0 and 1 (a fraction of the larger figure)".into(),
                "out of range",
            );
            ok = false;
        }
        let mut triggers = Vec::new();
        for t in &p.triggers {
            match trigger(&t.v, value_type, &p.values) {
                Ok(trigger) => triggers.push(trigger),
                Err((msg, label)) => {
                    self.invalid(t.span, msg, label);
                    ok = false;
                }
            }
        }
        if !ok {
            return;
        }
        let id = PredicateId(self.corpus.predicates.len() as u32);
        self.corpus.predicate_names.insert(p.name.v.clone(), id);
        self.corpus.predicates.push(Predicate {
            name: p.name.v.clone(),
            description: p.description.as_ref().map(|d| d.v.clone()).unwrap_or_default(),
            subject_kinds: p.subject_kinds.iter().map(|k| k.v.clone()).collect(),
            value_type,
            values: p.values.iter().map(|v| v.v.clone()).collect(),
            one,
            progression,
            stable: p.stable.as_ref().is_some_and(|s| s.v),
            growing,
            count,
            tolerance,
            triggers,
            pack: pack.to_string(),
            span: p.name.span,
        });
    }

    fn rule(&mut self, r: &RawRule, pack: &str) {
        if let Some(existing) = self.corpus.rules.iter().find(|x| x.id == r.id.v) {
            let first = existing.span;
            self.duplicate("rule", &r.id.v, first, r.id.span);
            return;
        }
        let Some(kind) = RuleKind::parse(&r.kind.v) else {
            let names: Vec<&str> = RuleKind::ALL.iter().map(|k| k.as_str()).collect();
            let hint = did_you_mean(&r.kind.v, names.iter().copied());
            let msg = format!("unknown rule kind `{}`; expected one of {}", r.kind.v, names.join(", "));
            self.invalid(r.kind.span, msg, if hint.is_empty() { "unknown kind".into() } else { hint });
            return;
        };
        let mut ok = true;
        let predicates = match &r.predicates {
            None => None,
            Some(names) => {
                let mut ids = Vec::new();
                for n in names {
                    match self.lookup().lookup_predicate(n) {
                        Some(id) => ids.push(id),
                        None => ok = false,
                    }
                }
                Some(ids)
            }
        };
        let severity = match &r.severity {
            None => None,
            Some(s) => match Severity::parse(&s.v) {
                Some(sev) => Some(sev),
                None => {
                    self.invalid(
                        s.span,
                        format!("severity must be error, warning or note, found `{}`", s.v),
                        "unknown severity",
                    );
                    ok = false;
                    None
                }
            },
        };
        // The patterns are resolved for every kind, so that what they name is checked either way;
        // whether the kind takes them is the kind's to say.
        let when = r.when.as_ref().map(|p| GivenPattern { span: p.span, resolved: self.lookup().pattern(p) });
        let then = r.then.as_ref().map(|p| GivenPattern { span: p.span, resolved: self.lookup().pattern(p) });
        let given = PackParams { kind, id_span: r.id.span, when, then };
        let params = (kind.spec().params)(&given, &self.corpus, &mut self.problems);
        let Some(params) = params.filter(|_| ok) else { return };
        self.corpus.rules.push(Rule {
            id: r.id.v.clone(),
            kind,
            predicates,
            severity,
            message: r.message.as_ref().map(|m| m.v.clone()),
            help: r.help.as_ref().map(|h| h.v.clone()),
            params,
            pack: pack.to_string(),
            span: r.id.span,
        });
    }

    // -- entities ---------------------------------------------------------------------------

    fn entities(&mut self, raw: &RawCorpus) {
        // Where each lowercased name was declared, to label both sides of a clash.
        let mut declared: HashMap<String, (EntityId, Span)> = HashMap::new();
        let mut ids: HashMap<String, Span> = HashMap::new();
        let mut accepted = Vec::new();
        for e in &raw.entities {
            if let Some(&first) = ids.get(&e.id.v) {
                self.duplicate("entity", &e.id.v, first, e.id.span);
                continue;
            }
            ids.insert(e.id.v.clone(), e.id.span);
            if !is_kebab(&e.id.v) {
                self.invalid(
                    e.id.span,
                    format!("entity id `{}` must be lowercase kebab-case", e.id.v),
                    "e.g. `turkish-foreign-ministry`",
                );
                continue;
            }
            let id = EntityId(self.corpus.entities.len() as u32);
            for name in std::iter::once(&e.id).chain(std::iter::once(&e.name)).chain(e.aliases.iter()) {
                let key = name_key(&name.v, &mut String::new()).to_string();
                if key.is_empty() {
                    self.invalid(name.span, "an entity name or alias cannot be empty".into(), "empty");
                    continue;
                }
                match declared.get(&key) {
                    Some(&(other, _)) if other == id => {}
                    Some(&(other, first)) => {
                        let other_id = self.corpus.entity(other).id.clone();
                        let f = Finding::corpus(
                            Code::AliasClash,
                            name.span,
                            format!("`{}` names both `{other_id}` and `{}`", name.v, e.id.v),
                            format!("names `{}`", e.id.v),
                        )
                        .with_location(first, format!("names `{other_id}`"))
                        .with_help("an id, name or alias must name one entity; drop or qualify one of them");
                        self.push(f);
                    }
                    None => {
                        declared.insert(key.clone(), (id, name.span));
                        self.corpus.names.insert(key, id);
                    }
                }
            }
            self.corpus.entities.push(Entity {
                id: e.id.v.clone(),
                name: e.name.v.clone(),
                kind: e.kind.v.clone(),
                aliases: e.aliases.iter().map(|a| a.v.clone()).collect(),
                part_of: Vec::new(),
                speaks_for: Vec::new(),
                span: e.id.span,
            });
            accepted.push((id, e));
        }
        // Links are resolved once every entity is known, so they may point forwards.
        for (id, e) in accepted {
            let part_of = e.part_of.iter().filter_map(|n| self.lookup().lookup_entity(n)).collect();
            let speaks_for = e.speaks_for.iter().filter_map(|n| self.lookup().lookup_entity(n)).collect();
            let ent = &mut self.corpus.entities[id.0 as usize];
            ent.part_of = part_of;
            ent.speaks_for = speaks_for;
        }
    }

    // -- reports and claims -----------------------------------------------------------------

    /// Numbers the reports of `files` in file order, after those of earlier calls, then resolves
    /// each file's claims, files in parallel against the tables. The report ids are checked for
    /// duplicates first, in one sequential pass; the problems of each file are then added in file
    /// order, exactly as a sequential resolver would report them. `sources` holds the claim files
    /// and the report texts they name.
    pub fn claim_files(&mut self, files: Vec<RawClaimFile>, sources: &Sources) {
        use rayon::prelude::*;
        let mut pending = Vec::with_capacity(files.len());
        for cf in files {
            let (report_id, lost, report, id_problem) = match (cf.report, cf.text) {
                (None, _) => {
                    let lost = match cf.report_span {
                        Some(span) => (point(span), "its [report] table could not be read"),
                        None => {
                            let first = cf.claims.first().map_or(Span::new(cf.file, 0..0), |c| c.id.span);
                            (point(first), "the file has no [report] table")
                        }
                    };
                    let name = cf.name.unwrap_or_else(|| file_stem(&sources.get(cf.file).path));
                    (name, Some(lost), None, None)
                }
                (Some(mut r), text) => {
                    let id_span = r.id.as_ref().map_or(r.header, |id| id.span);
                    let report_id = r.id.take().map_or_else(|| std::mem::take(&mut r.stem), |id| id.v);
                    if !is_plain_id(&report_id) {
                        let f = invalid_id("report", &report_id, id_span);
                        (report_id, Some((id_span, "its report id is not a plain name")), None, Some(f))
                    } else if let Some(&first) = self.report_ids.get(&report_id) {
                        let dup = duplicate("report", &report_id, first, id_span);
                        (report_id, Some((id_span, "its report id is taken by another report")), None, Some(dup))
                    } else if let Some(text) = text {
                        self.report_ids.insert(report_id.clone(), id_span);
                        // The report keeps the id; the claims of a numbered report never need it.
                        (String::new(), None, Some(self.report(report_id, r, text, cf.file)), None)
                    } else {
                        self.report_ids.insert(report_id.clone(), id_span);
                        (report_id, Some((r.text_path.span, "its report text could not be read")), None, None)
                    }
                }
            };
            pending.push(Pending {
                report_id,
                lost,
                report,
                id_problem,
                text: cf.text,
                claims: cf.claims,
                file: cf.file,
            });
        }
        let tables = Tables { corpus: &self.corpus, sources, broken_entities: &self.broken_entities };
        // Each worker gathers the claims and problems of a run of consecutive files, so that
        // nothing is allocated per file; runs come back in file order, so problems keep theirs.
        // The order of claims is of no matter: `canonical_order` sorts them.
        let resolved: Vec<(Vec<Claim>, Vec<Finding>)> = pending
            .into_par_iter()
            .fold(
                || (Vec::new(), Vec::new(), Folded::default()),
                |(mut claims, mut problems, mut folded), p| {
                    tables.claim_file(p, &mut folded, &mut claims, &mut problems);
                    (claims, problems, folded)
                },
            )
            .map(|(claims, problems, _)| (claims, problems))
            .collect();
        for (claims, problems) in resolved {
            self.claims.push(claims);
            self.problems.extend(problems);
        }
    }

    fn report(&mut self, id: String, r: RawReport, text: FileId, file: FileId) -> ReportId {
        let rid = ReportId(self.corpus.reports.len() as u32);
        let outlet_entity = self.corpus.lookup_entity(&r.outlet.v);
        self.corpus.reports.push(Report {
            id,
            title: r.title.v,
            outlet: r.outlet.v,
            outlet_entity,
            via: r.via.into_iter().map(|v| v.v).collect(),
            published: r.published.v,
            url: r.url.map(|u| u.v),
            text,
            file,
            span: r.header,
        });
        rid
    }
}

/// A claim file after the sequential pass: its report numbered, or why its claims cannot be
/// checked, with the problem about its report id if there was one, waiting for its claims.
struct Pending {
    /// The report's id, when its claims cannot be checked (they are listed by it); else empty.
    report_id: String,
    /// Why the file's claims cannot be checked, and where that shows, if they cannot.
    lost: Option<(Span, &'static str)>,
    report: Option<ReportId>,
    /// What is wrong with the report id: taken by an earlier report, or not a plain name.
    id_problem: Option<Finding>,
    text: Option<FileId>,
    claims: Vec<RawClaim>,
    /// The claim file.
    file: FileId,
}

/// The tables claims are resolved against (predicates, entities and their names, report texts),
/// read-only: shared by the workers that resolve claim files, each with problems of its own.
struct Tables<'c> {
    corpus: &'c Corpus,
    sources: &'c Sources,
    broken_entities: &'c FastMap<String, Span>,
}

impl Tables<'_> {
    /// Resolves the claims of one claim file, adding them to `claims` and every problem found to
    /// `problems`, in order. `folded` is a buffer for the report text, reused from file to file.
    fn claim_file(&self, p: Pending, folded: &mut Folded, claims: &mut Vec<Claim>, problems: &mut Vec<Finding>) {
        let (from, file) = (problems.len(), p.file);
        self.resolve_claim_file(p, folded, claims, problems);
        // At most so many problems of one code a file (DESIGN §5 v2).
        crate::findings::cap_per_code(problems, from, file);
    }

    fn resolve_claim_file(
        &self,
        p: Pending,
        folded: &mut Folded,
        claims: &mut Vec<Claim>,
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
        };
        // Folded per report, over the last one: every folded text (and its offset maps) at once
        // would cost many times the corpus in memory.
        let fold = p.text.map(|text| {
            quote::fold_into(&self.sources.get(text).text, folded);
            (text, &*folded)
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
        for (c, first) in p.claims.into_iter().zip(firsts) {
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
            if let Some(claim) = l.claim(p.report, c, fold) {
                claims.push(claim);
            }
        }
        if let (Some((span, why)), false) = (p.lost, unchecked.is_empty()) {
            l.unchecked(&p.report_id, span, why, unchecked);
        }
    }
}

struct Lookup<'c> {
    corpus: &'c Corpus,
    /// The claim files and report texts.
    sources: &'c Sources,
    broken_entities: &'c FastMap<String, Span>,
    problems: &'c mut Vec<Finding>,
    /// A buffer for the keys of names written with capitals ([`name_key`]).
    lower: String,
    /// The words of the report text of the claim file being resolved, numbered when a first
    /// quote is not found, for the closest passage of every quote not found.
    words: Option<(FileId, quote::Words)>,
}

impl<'c> Lookup<'c> {
    fn lookup_predicate(&mut self, name: &S<String>) -> Option<PredicateId> {
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

    fn pattern(&mut self, p: &RawPattern) -> Option<Pattern> {
        let predicate = self.lookup_predicate(&p.predicate)?;
        let value = match &p.value {
            None => None,
            Some(v) => Some(self.value(predicate, v, None)?),
        };
        Some(Pattern { predicate, value, negated: p.negated.as_ref().is_some_and(|n| n.v) })
    }

    fn lookup_entity(&mut self, name: &S<String>) -> Option<EntityId> {
        self.lookup_entity_at(&name.v, name.span)
    }

    /// Resolves an entity name written at `span`.
    fn lookup_entity_at(&mut self, name: &str, span: Span) -> Option<EntityId> {
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
    fn value(&mut self, p: PredicateId, v: &S<RawValue>, bound: Option<&S<String>>) -> Option<Value> {
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
            RawValue::Text(text) => match typed_text(pred, text) {
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
    fn unchecked(&mut self, report: &str, span: Span, why: &str, claims: Vec<String>) {
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
    /// `None` is returned.
    fn claim(&mut self, report: Option<ReportId>, c: RawClaim, text: Option<(FileId, &Folded)>) -> Option<Claim> {
        // Resolve every field before giving up, so that each of a claim's problems is reported.
        let subject = self.lookup_entity(&c.subject);
        let predicate = self.lookup_predicate(&c.predicate);
        let value = match (predicate, &c.value) {
            (Some(p), Some(v)) => self.value(p, v, c.bound.as_deref()),
            (Some(p), None) if self.corpus.predicate(p).value_type == ValueType::None => Some(Value::None),
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
        let certainty = match &c.certainty {
            None => Some(Certainty::Certain),
            Some(s) => Certainty::parse(&s.v).or_else(|| {
                let hint = did_you_mean(&s.v, Certainty::NAMES);
                let msg = format!("certainty must be one of {}, found `{}`", Certainty::NAMES.join(", "), s.v);
                self.invalid(s.span, msg, if hint.is_empty() { "unknown certainty".into() } else { hint });
                None
            }),
        };
        // What the claim needs of its report, without cloning the report for every claim.
        let rep = report.map(|r| {
            let rep = self.corpus.report(r);
            let outlet = match rep.outlet_entity {
                Some(e) => Speaker::Entity(e),
                None => Speaker::Outlet(rep.outlet.clone()),
            };
            (outlet, rep.published)
        });
        let source = match &c.source {
            Some(s) => self.lookup_entity(s).map(Speaker::Entity),
            None => rep.as_ref().map(|(outlet, _)| outlet.clone()),
        };
        let quote = text.and_then(|(text, fold)| self.anchor(text, &c, fold));
        let (_, published) = rep?;
        Some(Claim {
            report: report?,
            id: c.id.v,
            subject: subject?,
            predicate: predicate?,
            value: value?,
            negated: c.negated.as_ref().is_some_and(|n| n.v),
            certainty: certainty?,
            source: source?,
            as_of: c.as_of.as_ref().map_or(published, |t| t.v),
            quote: quote?,
            decl: c.id.span,
            note: c.note.map(|n| n.v),
            derived: None,
        })
    }

    /// The numbered words of report text `text`, numbered once per claim file.
    fn words(&mut self, text: FileId) -> &quote::Words {
        if self.words.as_ref().is_some_and(|(file, _)| *file != text) {
            self.words = None;
        }
        let sources = self.sources;
        &self.words.get_or_insert_with(|| (text, quote::Words::of(&sources.get(text).text))).1
    }

    fn anchor(&mut self, text: FileId, c: &RawClaim, fold: &Folded) -> Option<Span> {
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
                let mut f = Finding::corpus(
                    Code::QuoteNotFound,
                    c.quote.span,
                    format!("quote of claim `{}` not found in `{path}`", c.id.v),
                    "these words are not in the report",
                );
                let narrowed = c.prefix.is_some() || c.suffix.is_some();
                let whole = quote::anchor(fold, &c.quote.v, None, None);
                if narrowed && whole != Anchor::NotFound {
                    f = f.with_help("the quote occurs in the report, but not with this `prefix`/`suffix` around it");
                } else if let Some((a, b)) = self.words(text).closest_passage(&c.quote.v) {
                    let report_text = &self.sources.get(text).text;
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

/// A pack's trigger: `"words"`, or for an enum predicate `"value: words"`. Words are lowercase
/// letters, digits, `'` and `-`, each optionally ending in `*` (a prefix).
fn trigger(text: &str, value_type: ValueType, values: &[S<String>]) -> Result<Trigger, (String, String)> {
    let (value, phrase) = match (value_type, text.split_once(':')) {
        (ValueType::Enum, Some((value, phrase))) => {
            let value = value.trim();
            match values.iter().position(|v| v.v == value) {
                Some(i) => (Some(i as u16), phrase),
                None => {
                    let hint = did_you_mean(value, values.iter().map(|v| v.v.as_str()));
                    let msg = format!("trigger value `{value}` is not one of the predicate's values");
                    return Err((msg, if hint.is_empty() { "not a value".into() } else { hint }));
                }
            }
        }
        (ValueType::Enum, None) => {
            let msg = format!("a trigger of an enum predicate names its value: `\"<value>: {}\"`", text.trim());
            return Err((msg, "no value".into()));
        }
        _ => (None, text),
    };
    let words: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
    let word_ok = |w: &str| {
        let w = w.strip_suffix('*').unwrap_or(w);
        !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '\'' || c == '-')
    };
    if words.is_empty() || !words.iter().all(|w| word_ok(w)) {
        let msg = format!("trigger `{}` must be lowercase words (a word may end in `*`)", text.trim());
        return Err((msg, "not a trigger".into()));
    }
    Ok(Trigger { words, value })
}
