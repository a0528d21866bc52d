//! A naive reference evaluator of today's (v1) rule semantics, DESIGN §4, written apart from the
//! engine: it reads a corpus's TOML files itself, resolves names through the entities' ids, names
//! and aliases case-insensitively, and compares every pair of claims (no index, no grouping
//! shortcut) for `conflict`, `negation`, `numeric`, `certainty` and `regression`; it also says
//! which claims `unresolved` shows and which facts `corroboration` reports.
//!
//! What it returns is what the kinds' findings must list: per kind, subject and predicate, the
//! connected sets of claims its pairs make (a finding folds the pairs of one rule, subject and
//! predicate into connected sets); for `unresolved`, every claim on a subject and predicate with
//! an open question; for `corroboration`, the claims of each fact asserted from two origins.
//! `implies` is not modelled: corpora checked against it load no `implies` rules.
#![allow(dead_code)]

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::Value;

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
    pub claims: Vec<Claim>,
}

fn parse(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn tables<'a>(doc: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    doc.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_table).collect()
}

fn text<'a>(t: &'a toml::Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(Value::as_str)
}

fn when(v: &Value) -> When {
    let dt = v.as_datetime().expect("a TOML date");
    let d = dt.date.expect("a date");
    let day = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
    let instant = dt.time.map(|t| {
        let offset = match dt.offset {
            Some(toml::value::Offset::Custom { minutes }) => i64::from(minutes),
            _ => 0,
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
            };
            predicates.insert(name, predicate);
        }
    }
    let mut files: Vec<_> = std::fs::read_dir(claims)
        .expect("claims/ is listed")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let docs: Vec<toml::Table> = files.iter().map(|f| parse(f)).collect();

    // Every id, name and alias, lowercased, names one entity.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut part_of = BTreeMap::new();
    for e in docs.iter().flat_map(|d| tables(d, "entity")) {
        let id = text(e, "id").expect("an entity id").to_string();
        let aliases = e.get("aliases").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
        for n in [id.as_str()].into_iter().chain(text(e, "name")).chain(aliases) {
            names.insert(n.to_lowercase(), id.clone());
        }
        let parents = e.get("part-of").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
        part_of.insert(id, parents.map(str::to_string).collect::<Vec<_>>());
    }
    let resolve = |n: &str| names.get(&n.to_lowercase()).cloned().unwrap_or_else(|| panic!("no entity `{n}`"));
    // Parents are named like any entity.
    let part_of: BTreeMap<String, Vec<String>> =
        part_of.into_iter().map(|(id, ps)| (id, ps.iter().map(|p| resolve(p)).collect())).collect();

    let mut out = Vec::new();
    for doc in &docs {
        let Some(report) = doc.get("report").and_then(Value::as_table) else { continue };
        let report_id = text(report, "id").expect("reports of generated corpora have ids");
        let published = when(report.get("published").expect("published"));
        let via = report.get("via").and_then(Value::as_array).and_then(|v| v.first()).and_then(Value::as_str);
        let origin = via.or(text(report, "outlet")).unwrap_or_default().trim().to_lowercase();
        for c in tables(doc, "claim") {
            let predicate = text(c, "predicate").expect("a predicate").to_string();
            let p = &predicates[&predicate];
            let value = match (p.value_type.as_str(), c.get("value")) {
                ("none", _) | (_, None) => Val::None,
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
                ("date", Some(v)) => Val::Date(when(v)),
                (_, Some(v)) => Val::Word(v.as_str().expect("a word").to_lowercase()),
            };
            out.push(Claim {
                name: format!("{report_id}#{}", text(c, "id").expect("claims of generated corpora have ids")),
                subject: resolve(text(c, "subject").expect("a subject")),
                predicate,
                value,
                negated: c.get("negated").and_then(Value::as_bool).unwrap_or(false),
                certainty: text(c, "certainty").unwrap_or("certain").to_string(),
                when: c.get("as-of").map_or(published, when),
                origin: origin.clone(),
            });
        }
    }
    Corpus { predicates, part_of, claims: out }
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
