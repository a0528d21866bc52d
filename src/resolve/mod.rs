//! Resolve: turn raw records into the [`Corpus`] the rules see.
//!
//! Names become indices (entities by id, name or alias, case-insensitively), values are checked
//! against their predicate's type, quotes are anchored in their report text. Every problem is
//! reported with the code of DESIGN §4; a broken claim, entity or rule is left out and the rest
//! is still resolved.
//!
//! Here: the tables (predicates, rules, entities), reports, and the order of the whole; in
//! [`claims`], the claims of each claim file, files in parallel; in `common`, what both share.

use crate::codes::Code;
use crate::findings::{Finding, Severity};
use crate::load::{RawClaimFile, RawCorpus, RawPredicate, RawReport, RawRule, S};
use crate::model::*;
use crate::quote::Folded;
use crate::rules::spec::{GivenPattern, PackParams};
use crate::source::{FileId, Sources, Span};
use crate::suggest::did_you_mean;
use std::collections::HashMap;

mod cached;
mod claims;
mod common;
mod corrects;
mod cycles;
mod reach;

use claims::{Correction, Lookup, Pending, Resolved, Tables};
use common::{duplicate, file_stem, invalid_id, is_kebab, is_plain_id, point, Problems};

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
    /// The `corrects` of the claims resolved so far, looked up once every claim is known.
    corrections: Vec<Correction>,
    /// The names (`<report>#<claim>`) of claims declared but left out (each with a problem of its
    /// own): a correction naming one is not a second problem.
    left_out: Vec<String>,
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
            corrections: Vec::new(),
            left_out: Vec::new(),
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

    /// What claims are resolved against, as bytes for the cache's context (see [`crate::cache`]):
    /// the predicates, the entities and the names they go by, and the entities declared but not
    /// read. Where each was declared is left out: claims resolved against them do not point there
    /// (a claim file whose problems do is not cached).
    pub fn tables_key(&self) -> Vec<u8> {
        use std::fmt::Write;
        let nowhere = Span::new(FileId(0), 0..0);
        let mut key = String::new();
        for p in &self.corpus.predicates {
            let _ = writeln!(key, "{:?}", Predicate { span: nowhere, ..p.clone() });
        }
        for e in &self.corpus.entities {
            let _ = writeln!(key, "{:?}", Entity { span: nowhere, ..e.clone() });
        }
        let mut names: Vec<_> = self.corpus.names.iter().collect();
        names.sort_unstable();
        let mut broken: Vec<_> = self.broken_entities.keys().collect();
        broken.sort_unstable();
        let _ = writeln!(key, "{names:?}\n{broken:?}\n{:?}", self.corpus.predicate_names.len());
        key.into_bytes()
    }

    /// How far resolving has come: the runs of claims resolved so far (see
    /// [`Resolver::kept_spans`]).
    pub fn progress(&self) -> usize {
        self.claims.len()
    }

    /// What a released text must keep ([`Sources::release`]) for what was resolved since
    /// `progress`: the quote of each claim (rules quote it, every format points at it) and the
    /// places of every problem found so far.
    pub fn kept_spans(&self, progress: usize) -> impl Iterator<Item = Span> + '_ {
        let quotes = self.claims[progress.min(self.claims.len())..].iter().flatten().map(|c| c.quote);
        quotes.chain(self.problems.iter().flat_map(|f| f.locations.iter().map(|l| l.span)))
    }

    /// The corpus, its claims in canonical order; every problem found is appended to `problems`.
    pub fn finish(mut self, sources: Sources, problems: &mut Vec<Finding>) -> Corpus {
        self.corpus.sources = sources;
        self.corpus.claims = Vec::with_capacity(self.claims.iter().map(Vec::len).sum());
        for run in self.claims {
            self.corpus.claims.extend(run);
        }
        canonical_order(&mut self.corpus);
        let corrections = std::mem::take(&mut self.corrections);
        if !corrections.is_empty() {
            let left_out = std::mem::take(&mut self.left_out);
            corrects::resolve(&mut self.corpus, corrections, &left_out, &mut self.problems);
        }
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

impl Problems for Resolver {
    fn problems(&mut self) -> &mut Vec<Finding> {
        &mut self.problems
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
            offset: None,
            outlet: None,
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
        let mut entails = Vec::new();
        for r in &p.entails {
            match Relation::parse(&r.v) {
                Some(_) if value_type != ValueType::Entity => {
                    self.invalid(
                        r.span,
                        "only entity predicates `entails` other values".into(),
                        "not an entity predicate",
                    );
                    ok = false;
                }
                Some(relation) => entails.push(relation),
                None => {
                    let names = Relation::ALL.map(Relation::as_str);
                    let hint = did_you_mean(&r.v, names);
                    let msg = format!("`entails` names relations ({}), found `{}`", names.join(", "), r.v);
                    self.invalid(r.span, msg, if hint.is_empty() { "unknown relation".into() } else { hint });
                    ok = false;
                }
            }
        }
        entails.sort();
        entails.dedup();
        let mut optional = Vec::new();
        for stage in &p.optional {
            match p.values.iter().position(|v| v.v == stage.v) {
                Some(i) if progression.contains(&(i as u16)) => optional.push(i as u16),
                _ => {
                    let hint = did_you_mean(&stage.v, p.progression.iter().map(|v| v.v.as_str()));
                    let msg = format!("optional stage `{}` is not a stage of the predicate's progression", stage.v);
                    self.invalid(stage.span, msg, if hint.is_empty() { "not a stage".into() } else { hint });
                    ok = false;
                }
            }
        }
        let phrase = p.phrase.as_ref().map(|ph| ph.v.clone());
        if let Some(ph) = p.phrase.as_ref().filter(|ph| !ph.v.contains("{subject}")) {
            self.invalid(ph.span, "a `phrase` names its subject: write `{subject}` in it".into(), "no {subject}");
            ok = false;
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
            phrase,
            entails,
            optional,
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
        let mut edges = Vec::new();
        for (id, e) in accepted {
            for (relation, names) in [(Relation::PartOf, &e.part_of), (Relation::SpeaksFor, &e.speaks_for)] {
                for n in names {
                    if let Some(to) = self.lookup().lookup_entity(n) {
                        edges.push(cycles::Edge { from: id, to, relation, span: n.span });
                    }
                }
            }
        }
        // An entity reaching too many others keeps none of its relations (`relation-limit`).
        let (beyond, limited) = reach::limit(&self.corpus, &edges);
        for e in edges.iter().filter(|e| !beyond[e.from.0 as usize]) {
            let ent = &mut self.corpus.entities[e.from.0 as usize];
            match e.relation {
                Relation::PartOf => ent.part_of.push(e.to),
                Relation::SpeaksFor => ent.speaks_for.push(e.to),
            }
        }
        let cycles = cycles::find(&self.corpus, &edges);
        self.problems.extend(cycles);
        self.problems.extend(limited);
    }

    // -- reports and claims -----------------------------------------------------------------

    /// Numbers the reports of `files` in file order, after those of earlier calls, then resolves
    /// each file's claims, files in parallel against the tables. The report ids are checked for
    /// duplicates first, in one sequential pass; the problems of each file are then added in file
    /// order, exactly as a sequential resolver would report them. `sources` holds the claim files
    /// and the report texts they name.
    pub fn claim_files(&mut self, files: Vec<RawClaimFile>, sources: &Sources) {
        let cached = files.iter().map(|_| None).collect();
        self.claim_files_cached(files, cached, false, sources);
    }

    /// [`Resolver::claim_files`], where the claims of some files come resolved from the cache
    /// (`cached`, one for each of `files`): those are taken as they are when their report is
    /// numbered as when they were cached (its id not taken by another report), else parsed and
    /// resolved again. With `record`, what each other file gives is returned for the cache: for
    /// each of `files`, its claims, problems, corrections and claims left out, if its report was
    /// numbered and nothing of them points outside its claim file and report text. Either way,
    /// the claims a `corrects` names are looked up in [`Resolver::finish`], once all are known.
    pub fn claim_files_cached(
        &mut self,
        files: Vec<RawClaimFile>,
        cached: Vec<Option<crate::cache::CachedPart>>,
        record: bool,
        sources: &Sources,
    ) -> Vec<Option<crate::cache::Resolution>> {
        use rayon::prelude::*;
        let count = files.len();
        let mut pending = Vec::with_capacity(files.len());
        for (cf, cached) in files.into_iter().zip(cached) {
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
                offset: cf.offset,
                cached,
            });
        }
        let tables = Tables { corpus: &self.corpus, sources, broken_entities: &self.broken_entities };
        // Each worker gathers the claims and problems of a run of consecutive files, so that
        // nothing is allocated per file; runs come back in file order, so problems keep theirs.
        // The order of claims is of no matter: `canonical_order` sorts them.
        type Run = (Resolved, Vec<Finding>, Vec<(usize, crate::cache::Resolution)>);
        let resolved: Vec<Run> = pending
            .into_par_iter()
            .enumerate()
            .fold(
                || (Resolved::default(), Vec::new(), (None, Folded::default()), Vec::new()),
                |(mut out, mut problems, mut folded, mut records), (i, p)| {
                    if let Some(r) = tables.claim_file_cached(p, record, &mut folded, &mut out, &mut problems) {
                        records.push((i, r));
                    }
                    (out, problems, folded, records)
                },
            )
            .map(|(out, problems, _, records)| (out, problems, records))
            .collect();
        let mut records: Vec<Option<crate::cache::Resolution>> = (0..count).map(|_| None).collect();
        for (out, problems, made) in resolved {
            self.claims.push(out.claims);
            self.corrections.extend(out.corrections);
            self.left_out.extend(out.left_out);
            self.problems.extend(problems);
            for (i, r) in made {
                records[i] = Some(r);
            }
        }
        records
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
