//! A naive reference evaluator of the rule semantics, DESIGN §4, written apart from the engine:
//! it reads a corpus's TOML files itself, resolves names through the entities' ids, names and
//! aliases case-insensitively, and compares every pair of claims (no index, no grouping shortcut).
//! Two readings, chosen by the caller:
//!
//! - **v1** ([`Corpus::folded`]): what the engine on main does today. Per kind, subject and
//!   predicate, the connected sets of claims its pairs make for `conflict`, `negation`, `numeric`,
//!   `certainty` and `regression`; for `unresolved`, every claim on a subject and predicate with an
//!   open question; for `corroboration`, the claims of each fact asserted from two origins.
//! - **v2** ([`Corpus::findings_v2`], in `v2.rs`): DESIGN v2 read from the text alone, finding by
//!   finding: rule, kind, severity, claims, pairs (the asserting or earlier claim first), the
//!   dispute flag and the link lists (`contested_by`, `answered_by`, `resolved_by`,
//!   `corrected_by`).
//!
//! `implies` is not modelled: corpora checked against the reference load no `implies` rules, and
//! rules are taken at their kinds' default severities. `relation-cycle` is not modelled either
//! (the generators make no cycles).
//!
//! Where DESIGN v2 leaves a choice, the reference reads it as follows (the lead compares these
//! with the engine and settles differences):
//!
//! 1. Entailment (§4): value a entails b when a = b; for entity values, when b is reachable from a
//!    along the relations the predicate's `entails` names, transitively (both relations when both
//!    are named, mixed on one path); for progressions, when b is an earlier stage that is not
//!    optional (an optional stage asserts the non-optional stages before it, not the optional ones:
//!    "approved" does not assert "signed"); for dates, a time entails its own day (as written), a
//!    day entails no time. Numbers and text entail only themselves.
//! 2. conflict: both assert, neither value entails the other, two stages never conflict; a terminal
//!    value (an enum value outside a progression) conflicts with a stage only when that stage is the
//!    stated value `progression[len - 2]` (`in-force`), not with a stage that merely implies it,
//!    and with any different terminal value. Values of a date predicate that is not `stable`
//!    (`scheduled`) on the same day at different times are a conflict **warning**: "the two
//!    different values coincide only by date" is read as the values, not the claims' `as-of` (two
//!    announcements of 08:30 and 11:15 for one day); on different days, an error. Conflicts of a
//!    `stable` date predicate (`takes-effect`) at different times of one day stay errors.
//! 3. negation: a asserts x, b denies y, x entails y ("Russia is not responsible" meets "Putin is
//!    responsible"), coinciding or stable. Denying a day meets a time on that day; denying a time
//!    does not meet the bare day.
//! 4. certainty: a commits, b hedges; b `unknown` with value v meets a claim that asserts a value
//!    entailing v or denies a value that v entails; `possible` likewise with the opposite polarity;
//!    `unknown` **without a value** meets assertions only (denying one candidate leaves the question
//!    open, as for `unresolved`). Only at coinciding times or with the hedge later, for every
//!    predicate, stable ones included.
//! 5. unresolved: one finding per (subject, predicate, value) of open questions (no value is a value
//!    of its own), listing every claim on the subject and predicate. Answered (a note) when claims
//!    that commit and bear on the question (as in 4) are later (by `as-of`) than **every** open
//!    question of the finding; `answered_by` lists all such claims.
//! 6. numeric: for a `growing` figure, claims that coincide only because one is dated by day are a
//!    warning; equal instants an error. regression of a figure: a later value wholly below an earlier
//!    one beyond `tolerance`; a warning ("revised down") when the two share a voice. A voice is the
//!    source (else the outlet: its entity when the outlet names one, else the outlet itself) with all
//!    it reaches along `speaks-for`; two claims share a voice when those sets meet.
//! 7. Disputes: a conflict, negation or numeric pair of two claims of one report whose voices do not
//!    meet. It is a warning whatever else would soften it (adjustments never stack). It is settled
//!    (a note, `resolved_by`) by claims of reports published later (`published`, coarser precision)
//!    that commit and agree with exactly one side: an assertion entailing the asserted value, a
//!    denial of a value the denied value entails, a figure within tolerance of one side's interval.
//!    `resolved_by` lists those claims (the comparison also accepts report ids there).
//! 8. Folding: the pairs of one kind, subject and predicate fold into connected sets, dispute pairs
//!    and other pairs apart; a finding's severity is its most severe pair's; its `resolved_by` the
//!    union of its pairs'.
//! 9. Pair order: conflict, numeric and regression put the earlier claim first (`as-of`, then
//!    `published`, each at the coarser precision, then report id, then position in the file);
//!    negation the asserting claim; certainty the committing claim.
//! 10. corroboration: a claim supports every fact its value entails (1); a time also its day. Facts
//!     are one when equal, dates of one precision only (a day is not a time). Among reported facts
//!     with the same set of supporting origins, one is left out when another entails it (an
//!     instant entails each day its supporters write it on: one instant, two offsets). A fact's
//!     claims are its supporters. `contested_by`: the claims that stand opposite one of its
//!     supporters in a conflict, negation, numeric or regression pair, and do not support the fact
//!     themselves (two times of one day contest neither that day nor each other's shared day).
//! 11. Corrections: a corrected claim (named by any claim's `corrects`; a bare id is of the same
//!     report) is left out of every kind. Every finding it would have joined (evaluating with it)
//!     gives one note of rule `corrected` on that finding's subject and predicate, which keeps the
//!     record: the pairs a corrected claim took part in and their claims (a corroboration: its
//!     claims), and whose `corrected_by` are the correctors.
//! 12. Times: a datetime without an offset is in the report's `offset` (default UTC); its day is
//!     its date as written. Two claims coincide when equal at the coarser precision.
#![allow(dead_code)]

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::Value;

pub mod v2;

/// The connected sets of `<report>#<claim>` names, by (kind, subject id, predicate).
pub type Folded = BTreeMap<(String, String, String), BTreeSet<BTreeSet<String>>>;

/// The kinds the reference evaluates.
pub const KINDS: [&str; 7] =
    ["conflict", "negation", "numeric", "certainty", "regression", "unresolved", "corroboration"];

/// The kinds whose findings are pairs of claims, folded.
const PAIR_KINDS: [&str; 5] = ["conflict", "negation", "numeric", "certainty", "regression"];

#[derive(Debug, Clone)]
pub struct Predicate {
    pub name: String,
    pub value_type: String,
    pub one: bool,
    pub stable: bool,
    pub growing: bool,
    pub tolerance: f64,
    pub progression: Vec<String>,
    /// v2: the relations (`part-of`, `speaks-for`) along which an entity value entails others.
    pub entails: Vec<String>,
    /// v2: the stages of the progression that a later stage does not assert.
    pub optional: Vec<String>,
}

/// When a claim holds: a day, and the instant in seconds when a time of day is given (UTC).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct When {
    pub day: (i64, i64, i64),
    pub instant: Option<i64>,
}

impl When {
    /// Ordered by instants when both have one, else by day (DESIGN §4: the coarser precision).
    fn compare(&self, other: &When) -> Ordering {
        match (self.instant, other.instant) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.day.cmp(&other.day),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    None,
    /// An enum value or free text, as written (lowercased).
    Word(String),
    /// An entity, by id.
    Entity(String),
    /// A figure's interval.
    Number(f64, f64),
    Date(When),
    /// v2: an open question without a value ("it is not known who fired").
    Unstated,
}

#[derive(Debug, Clone)]
pub struct Claim {
    /// `<report>#<claim>`.
    pub name: String,
    pub subject: String,
    pub predicate: String,
    pub value: Val,
    pub negated: bool,
    pub certainty: String,
    pub when: When,
    /// The report's origin: its first `via`, else its outlet, trimmed and lowercased.
    pub origin: String,
    /// The report's id, title and `published`.
    pub report: String,
    pub title: String,
    pub published: When,
    /// The claim's position in its file.
    pub position: usize,
    /// Who says it: the source's entity id, else the outlet's entity when the outlet names one,
    /// else `outlet:<outlet, lowercased>`.
    pub speaker: String,
    /// v2: the claims (`<report>#<claim>`) this one corrects.
    pub corrects: Vec<String>,
}

impl Claim {
    fn commits(&self) -> bool {
        self.certainty == "certain" || self.certainty == "probable"
    }
    fn asserts(&self) -> bool {
        !self.negated && self.commits()
    }
    fn denies(&self) -> bool {
        self.negated && self.commits()
    }
    fn hedges(&self) -> bool {
        !self.commits()
    }
}

/// A corpus as the reference reads it.
pub struct Corpus {
    pub predicates: BTreeMap<String, Predicate>,
    /// Entity id → the ids it is directly part of.
    pub part_of: BTreeMap<String, Vec<String>>,
    /// v2: entity id → the ids it directly speaks for.
    pub speaks_for: BTreeMap<String, Vec<String>>,
    pub claims: Vec<Claim>,
}

fn parse(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn tables<'a>(doc: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    doc.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_table).collect()
}

fn strings(t: &toml::Table, key: &str) -> Vec<String> {
    t.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect()
}

fn text<'a>(t: &'a toml::Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(Value::as_str)
}

/// An `offset` of a report (`+03:00`, `-05:30`, `Z`) in minutes east of UTC.
fn offset_minutes(text: &str) -> i64 {
    if text.eq_ignore_ascii_case("z") {
        return 0;
    }
    let (sign, rest) = match text.split_at(1) {
        ("-", rest) => (-1, rest),
        (_, rest) => (1, rest),
    };
    let (h, m) = rest.split_once(':').expect("an offset is written +HH:MM");
    sign * (h.parse::<i64>().expect("hours") * 60 + m.parse::<i64>().expect("minutes"))
}

fn when(v: &Value) -> When {
    when_in(v, 0)
}

/// A TOML date or datetime; a datetime written without an offset is in `default_offset` minutes
/// (the report's `offset`, v2). Its day is its date as written.
fn when_in(v: &Value, default_offset: i64) -> When {
    let dt = v.as_datetime().expect("a TOML date");
    let d = dt.date.expect("a date");
    let day = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
    let instant = dt.time.map(|t| {
        let offset = match dt.offset {
            Some(toml::value::Offset::Custom { minutes }) => i64::from(minutes),
            Some(toml::value::Offset::Z) => 0,
            None => default_offset,
        };
        // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
        let (y, m, dd) = (day.0 - i64::from(day.1 <= 2), day.1, day.2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + dd - 1;
        let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
        let secs = i64::from(t.hour) * 3600 + i64::from(t.minute) * 60 + i64::from(t.second.unwrap_or(0));
        days * 86_400 + secs - offset * 60
    });
    When { day, instant }
}

/// Reads the predicates of the rule packs in `packs` and the entities, reports and claims below
/// `claims`.
pub fn read(packs: &[&Path], claims: &Path) -> Corpus {
    let mut predicates = BTreeMap::new();
    for pack in packs {
        for p in tables(&parse(pack), "predicate") {
            let name = text(p, "name").expect("a predicate name").to_string();
            let predicate = Predicate {
                name: name.clone(),
                value_type: text(p, "type").unwrap_or("none").to_string(),
                one: text(p, "cardinality") == Some("one"),
                stable: p.get("stable").and_then(Value::as_bool).unwrap_or(false),
                growing: p.get("growing").and_then(Value::as_bool).unwrap_or(false),
                tolerance: p.get("tolerance").and_then(Value::as_float).unwrap_or(0.0),
                progression: p
                    .get("progression")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                entails: strings(p, "entails"),
                optional: strings(p, "optional"),
            };
            predicates.insert(name, predicate);
        }
    }
    // Every *.toml below `claims`, in subdirectories too.
    let mut files = Vec::new();
    let mut dirs = vec![claims.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    let docs: Vec<toml::Table> = files.iter().map(|f| parse(f)).collect();

    // Every id, name and alias, lowercased, names one entity.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut part_of = BTreeMap::new();
    let mut speaks_for = BTreeMap::new();
    for e in docs.iter().flat_map(|d| tables(d, "entity")) {
        let id = text(e, "id").expect("an entity id").to_string();
        let aliases = e.get("aliases").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
        for n in [id.as_str()].into_iter().chain(text(e, "name")).chain(aliases) {
            names.insert(n.to_lowercase(), id.clone());
        }
        speaks_for.insert(id.clone(), strings(e, "speaks-for"));
        part_of.insert(id, strings(e, "part-of"));
    }
    let resolve = |n: &str| names.get(&n.to_lowercase()).cloned().unwrap_or_else(|| panic!("no entity `{n}`"));
    // Parents are named like any entity.
    let part_of: BTreeMap<String, Vec<String>> =
        part_of.into_iter().map(|(id, ps)| (id, ps.iter().map(|p| resolve(p)).collect())).collect();
    let speaks_for: BTreeMap<String, Vec<String>> =
        speaks_for.into_iter().map(|(id, ps)| (id, ps.iter().map(|p| resolve(p)).collect())).collect();

    let mut out = Vec::new();
    for doc in &docs {
        let Some(report) = doc.get("report").and_then(Value::as_table) else { continue };
        let report_id = text(report, "id").expect("reports of generated corpora have ids");
        let offset = text(report, "offset").map_or(0, offset_minutes);
        let published = when_in(report.get("published").expect("published"), offset);
        let via = report.get("via").and_then(Value::as_array).and_then(|v| v.first()).and_then(Value::as_str);
        let outlet = text(report, "outlet").unwrap_or_default();
        let origin = via.unwrap_or(outlet).trim().to_lowercase();
        let outlet_speaker =
            names.get(&outlet.to_lowercase()).cloned().unwrap_or_else(|| format!("outlet:{}", outlet.to_lowercase()));
        for (position, c) in tables(doc, "claim").into_iter().enumerate() {
            let predicate = text(c, "predicate").expect("a predicate").to_string();
            let p = &predicates[&predicate];
            let value = match (p.value_type.as_str(), c.get("value")) {
                ("none", _) => Val::None,
                (_, None) => Val::Unstated,
                ("entity", Some(v)) => Val::Entity(resolve(v.as_str().expect("an entity name"))),
                ("number", Some(v)) => {
                    let bound = text(c, "bound").unwrap_or("exact");
                    match v {
                        Value::Array(range) => {
                            let f = |v: &Value| v.as_float().or(v.as_integer().map(|i| i as f64)).expect("a figure");
                            Val::Number(f(&range[0]), f(&range[1]))
                        }
                        v => {
                            let x = v.as_float().or(v.as_integer().map(|i| i as f64)).expect("a figure");
                            match bound {
                                "about" => Val::Number(0.9 * x, 1.1 * x),
                                "at-least" => Val::Number(x, f64::INFINITY),
                                "at-most" => Val::Number(0.0, x),
                                _ => Val::Number(x, x),
                            }
                        }
                    }
                }
                ("date", Some(v)) => Val::Date(when_in(v, offset)),
                (_, Some(v)) => Val::Word(v.as_str().expect("a word").to_lowercase()),
            };
            out.push(Claim {
                name: format!("{report_id}#{}", text(c, "id").expect("claims of generated corpora have ids")),
                subject: resolve(text(c, "subject").expect("a subject")),
                predicate,
                value,
                negated: c.get("negated").and_then(Value::as_bool).unwrap_or(false),
                certainty: text(c, "certainty").unwrap_or("certain").to_string(),
                when: c.get("as-of").map_or(published, |v| when_in(v, offset)),
                origin: origin.clone(),
                report: report_id.to_string(),
                title: text(report, "title").unwrap_or_default().to_string(),
                published,
                position,
                speaker: text(c, "source").map_or_else(|| outlet_speaker.clone(), resolve),
                corrects: strings(c, "corrects")
                    .into_iter()
                    .map(|n| if n.contains('#') { n } else { format!("{report_id}#{n}") })
                    .collect(),
            });
        }
    }
    Corpus { predicates, part_of, speaks_for, claims: out }
}

impl Corpus {
    fn stage(&self, p: &Predicate, v: &Val) -> Option<usize> {
        match (p.value_type.as_str(), v) {
            ("none", Val::None) => Some(0),
            (_, Val::Word(w)) => p.progression.iter().position(|s| s == w),
            _ => None,
        }
    }

    fn same_value(a: &Val, b: &Val) -> bool {
        match (a, b) {
            (Val::Date(x), Val::Date(y)) => x.compare(y) == Ordering::Equal,
            _ => a == b,
        }
    }

    /// Whether claiming `claimed` says `fact` holds: the same value, or a later stage.
    fn reaches(&self, p: &Predicate, claimed: &Val, fact: &Val) -> bool {
        Self::same_value(claimed, fact)
            || matches!((self.stage(p, claimed), self.stage(p, fact)), (Some(c), Some(f)) if f <= c)
    }

    fn bears_on(&self, p: &Predicate, c: &Claim, fact: &Val) -> bool {
        if c.negated {
            self.reaches(p, fact, &c.value)
        } else {
            self.reaches(p, &c.value, fact)
        }
    }

    fn contemporary(p: &Predicate, a: &Claim, b: &Claim) -> bool {
        p.stable || a.when.compare(&b.when) == Ordering::Equal
    }

    fn later(b: &Claim, a: &Claim) -> bool {
        b.when.compare(&a.when) == Ordering::Greater
    }

    /// Whether `a` lies within `b` along part-of, transitively.
    fn within(&self, a: &str, b: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut todo = vec![a.to_string()];
        while let Some(x) = todo.pop() {
            if x == b {
                return true;
            }
            if seen.insert(x.clone()) {
                todo.extend(self.part_of.get(&x).into_iter().flatten().cloned());
            }
        }
        false
    }

    fn compatible(&self, p: &Predicate, a: &Val, b: &Val) -> bool {
        if Self::same_value(a, b) || (self.stage(p, a).is_some() && self.stage(p, b).is_some()) {
            return true;
        }
        match (a, b) {
            (Val::Entity(x), Val::Entity(y)) => self.within(x, y) || self.within(y, x),
            _ => false,
        }
    }

    /// Whether the pair (a, b) is one of `kind`'s (in that order where the kind has one).
    fn pair(&self, kind: &str, a: &Claim, b: &Claim) -> bool {
        if a.subject != b.subject || a.predicate != b.predicate {
            return false;
        }
        let p = &self.predicates[&a.predicate];
        match kind {
            "conflict" => {
                p.one
                    && !matches!(p.value_type.as_str(), "number" | "none")
                    && a.asserts()
                    && b.asserts()
                    && !self.compatible(p, &a.value, &b.value)
                    && Self::contemporary(p, a, b)
            }
            "negation" => {
                a.asserts() && b.denies() && self.reaches(p, &a.value, &b.value) && Self::contemporary(p, a, b)
            }
            "numeric" => match (&a.value, &b.value) {
                (Val::Number(al, ah), Val::Number(bl, bh)) => {
                    p.value_type == "number"
                        && p.one
                        && a.asserts()
                        && b.asserts()
                        && Self::contemporary(p, a, b)
                        && apart((*al, *ah), (*bl, *bh), p.tolerance).is_some()
                }
                _ => false,
            },
            "certainty" => {
                let opposes = match b.certainty.as_str() {
                    "unknown" => self.bears_on(p, a, &b.value),
                    "possible" => a.negated != b.negated && self.bears_on(p, a, &b.value),
                    _ => false,
                };
                a.commits() && b.hedges() && opposes && (Self::contemporary(p, a, b) || Self::later(b, a))
            }
            "regression" if p.stable => false,
            "regression" if p.value_type == "none" || !p.progression.is_empty() => {
                // A stage `b` denies after `a` said it was reached, with no terminal value between.
                let ended = self.claims.iter().any(|t| {
                    t.subject == a.subject
                        && t.predicate == a.predicate
                        && t.asserts()
                        && p.value_type == "enum"
                        && self.stage(p, &t.value).is_none()
                        && !Self::later(a, t)
                        && !Self::later(t, b)
                });
                a.asserts()
                    && b.denies()
                    && self.stage(p, &b.value).is_some()
                    && self.reaches(p, &a.value, &b.value)
                    && Self::later(b, a)
                    && !ended
            }
            "regression" => match (&a.value, &b.value) {
                (Val::Number(al, ah), Val::Number(bl, bh)) => {
                    p.value_type == "number"
                        && p.growing
                        && p.one
                        && a.asserts()
                        && b.asserts()
                        && Self::later(b, a)
                        && apart((*bl, *bh), (*al, *ah), p.tolerance).is_some_and(|below| below)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Every kind's pairs over every ordered pair of claims, folded into connected sets, with
    /// what `unresolved` and `corroboration` report.
    pub fn folded(&self) -> Folded {
        let mut out = Folded::new();
        self.unresolved(&mut out);
        self.corroboration(&mut out);
        for kind in PAIR_KINDS {
            let mut edges: Vec<(usize, usize)> = Vec::new();
            for (i, a) in self.claims.iter().enumerate() {
                for (j, b) in self.claims.iter().enumerate() {
                    if i != j && self.pair(kind, a, b) {
                        edges.push((i, j));
                    }
                }
            }
            // Connected sets by flooding: small corpora, no union-find needed.
            let mut set_of: Vec<Option<usize>> = vec![None; self.claims.len()];
            let mut sets: Vec<BTreeSet<usize>> = Vec::new();
            for &(i, j) in &edges {
                let merged = match (set_of[i], set_of[j]) {
                    (Some(x), Some(y)) if x != y => {
                        let moved = std::mem::take(&mut sets[y]);
                        for &m in &moved {
                            set_of[m] = Some(x);
                        }
                        sets[x].extend(moved);
                        x
                    }
                    (Some(x), _) | (None, Some(x)) => x,
                    (None, None) => {
                        sets.push(BTreeSet::new());
                        sets.len() - 1
                    }
                };
                for k in [i, j] {
                    set_of[k] = Some(merged);
                    sets[merged].insert(k);
                }
            }
            for set in sets.into_iter().filter(|s| !s.is_empty()) {
                let first = &self.claims[*set.first().expect("a set has a claim")];
                let key = (kind.to_string(), first.subject.clone(), first.predicate.clone());
                out.entry(key).or_default().insert(set.iter().map(|&k| self.claims[k].name.clone()).collect());
            }
        }
        out
    }
}

impl Corpus {
    fn on_same(&self, c: &Claim) -> impl Iterator<Item = &Claim> {
        let (subject, predicate) = (c.subject.clone(), c.predicate.clone());
        self.claims.iter().filter(move |o| o.subject == subject && o.predicate == predicate)
    }

    /// An open question (certainty `unknown`) shows every claim on its subject and predicate.
    fn unresolved(&self, out: &mut Folded) {
        for c in self.claims.iter().filter(|c| c.certainty == "unknown") {
            let key = ("unresolved".to_string(), c.subject.clone(), c.predicate.clone());
            out.entry(key).or_default().insert(self.on_same(c).map(|o| o.name.clone()).collect());
        }
    }

    /// A fact asserted by reports of two origins or more, with every claim asserting it.
    ///
    /// Claims state one fact when their values are the same; a date is the same as every time
    /// that day, which is not transitive (the 13th is the same as 09:00 and as 18:00 that day,
    /// which differ), so v1 collects each fact from the first claim that states it, in the order
    /// claims hold (by day, then time, dates first), then report and claim id.
    fn corroboration(&self, out: &mut Folded) {
        let mut ordered: Vec<&Claim> = self.claims.iter().filter(|c| c.asserts()).collect();
        let key = |c: &Claim| {
            let (report, id) = c.name.split_once('#').unwrap_or_default();
            (c.when.day, c.when.instant.unwrap_or(i64::MIN), report.to_string(), id.to_string())
        };
        ordered.sort_by_key(|c| key(c));
        let mut facts: Vec<(&Claim, Vec<&Claim>)> = Vec::new();
        for c in ordered {
            let fact = facts.iter_mut().find(|(first, _)| {
                first.subject == c.subject && first.predicate == c.predicate && Self::same_value(&first.value, &c.value)
            });
            match fact {
                Some((_, claims)) => claims.push(c),
                None => facts.push((c, vec![c])),
            }
        }
        for (first, claims) in facts {
            let origins: BTreeSet<&str> = claims.iter().map(|c| c.origin.as_str()).collect();
            if origins.len() >= 2 {
                let key = ("corroboration".to_string(), first.subject.clone(), first.predicate.clone());
                out.entry(key).or_default().insert(claims.iter().map(|c| c.name.clone()).collect());
            }
        }
    }
}

/// Whether intervals `a` and `b` lie further apart than `tolerance` allows; if so, whether `a` is
/// the lower. The gap may be `tolerance` times the larger of the two nearest ends (DESIGN §4).
pub fn apart(a: (f64, f64), b: (f64, f64), tolerance: f64) -> Option<bool> {
    let (below, low, high) = if a.1 < b.0 {
        (true, a.1, b.0)
    } else if b.1 < a.0 {
        (false, b.1, a.0)
    } else {
        return None;
    };
    // At the edge they agree; the margin keeps 0.05 × 100 from missing 5 by a rounding error.
    (high - low > tolerance * high + 1e-9 * high.max(1.0)).then_some(below)
}

/// The same sets as the engine reports them: the claims of each finding of the reference's
/// kinds, by (kind, subject, predicate), from `claimlint check --format json`.
pub fn engine(doc: &serde_json::Value) -> Folded {
    let mut out = Folded::new();
    for f in doc["findings"].as_array().expect("findings") {
        let kind = f["kind"].as_str().unwrap_or_default();
        if !KINDS.contains(&kind) {
            continue;
        }
        let key = (
            kind.to_string(),
            f["subject"].as_str().unwrap_or_default().to_string(),
            f["predicate"].as_str().unwrap_or_default().to_string(),
        );
        let claims = f["claims"].as_array().into_iter().flatten().filter_map(|c| c.as_str()).map(str::to_string);
        out.entry(key).or_default().insert(claims.collect());
    }
    out
}
