//! The v2 reading of DESIGN §4 (see the list of choices at the top of `mod.rs`): every rule kind
//! but `implies` over every pair of claims, naively, with the pairs, disputes and links of each
//! finding. Nothing here is fast; everything here is meant to be obviously what DESIGN says.

use super::{apart, Claim, Corpus, Predicate, Val, When};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// A finding as v2 describes it, in terms the engine's JSON output also gives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub kind: String,
    pub subject: String,
    pub predicate: String,
    pub rule: String,
    pub severity: Severity,
    /// Every claim the finding lists, `<report>#<claim>`.
    pub claims: BTreeSet<String>,
    /// Which claim opposes which: (the one that asserts or is the earlier, the other).
    pub pairs: BTreeSet<(String, String)>,
    pub dispute: bool,
    pub contested_by: BTreeSet<String>,
    pub answered_by: BTreeSet<String>,
    pub resolved_by: BTreeSet<String>,
    pub corrected_by: BTreeSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// The kinds whose findings are made of pairs.
pub const PAIR_KINDS: [&str; 5] = ["conflict", "negation", "numeric", "certainty", "regression"];
/// The pair kinds that say two claims contradict each other (disputes are made of these).
const CONTRADICTIONS: [&str; 3] = ["conflict", "negation", "numeric"];

/// One pair of a kind, before folding.
#[derive(Debug, Clone)]
struct Pair {
    kind: &'static str,
    /// Indexes into the claims: (the one that asserts or is the earlier, the other).
    first: usize,
    second: usize,
    severity: Severity,
    dispute: bool,
    /// For a settled dispute: the later claims that assert one side.
    resolved_by: BTreeSet<usize>,
}

/// A view of a corpus with some claims left out (corrected ones), so that the same evaluation
/// can run with and without them.
struct Eval<'c> {
    corpus: &'c Corpus,
    /// Indexes of the claims taking part.
    live: Vec<usize>,
}

impl Corpus {
    /// Every finding of every kind but `implies`, as v2 reads DESIGN, sorted.
    pub fn findings_v2(&self) -> Vec<Finding> {
        let names: BTreeMap<&str, usize> = self.claims.iter().enumerate().map(|(i, c)| (c.name.as_str(), i)).collect();
        // Corrected claim → the claims correcting it.
        let mut correctors: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for (i, c) in self.claims.iter().enumerate() {
            for target in &c.corrects {
                if let Some(&t) = names.get(target.as_str()) {
                    correctors.entry(t).or_default().insert(i);
                }
            }
        }
        let all: Vec<usize> = (0..self.claims.len()).collect();
        let kept: Vec<usize> = all.iter().copied().filter(|i| !correctors.contains_key(i)).collect();
        let mut out = Eval { corpus: self, live: kept }.findings();
        if !correctors.is_empty() {
            // Each finding a corrected claim would have joined becomes one `corrected` note.
            let mut notes = BTreeSet::new();
            // An open question is no contradiction, tension or corroboration (DESIGN §3 v2): a
            // corrected claim is only left out of it.
            for f in (Eval { corpus: self, live: all }).findings().into_iter().filter(|f| f.kind != "unresolved") {
                let is_corrected = |n: &String| correctors.contains_key(&names[n.as_str()]);
                let corrected: BTreeSet<String> = f.claims.iter().filter(|n| is_corrected(n)).cloned().collect();
                if corrected.is_empty() {
                    continue;
                }
                // A corroboration that still stands without the corrected claims was not replaced:
                // the correction changed nothing, and no note is given.
                let rest: BTreeSet<String> = f.claims.iter().filter(|n| !is_corrected(n)).cloned().collect();
                if f.kind == "corroboration"
                    && out.iter().any(|k| {
                        k.kind == "corroboration"
                            && k.subject == f.subject
                            && k.predicate == f.predicate
                            && k.claims == rest
                    })
                {
                    continue;
                }
                // The note keeps the record: the pairs a corrected claim took part in, and their
                // claims (a corroboration, which has no pairs, keeps its claims).
                let pairs: BTreeSet<(String, String)> =
                    f.pairs.iter().filter(|(a, b)| is_corrected(a) || is_corrected(b)).cloned().collect();
                let claims: BTreeSet<String> = if pairs.is_empty() {
                    f.claims.clone()
                } else {
                    pairs.iter().flat_map(|(a, b)| [a.clone(), b.clone()]).collect()
                };
                let by = corrected
                    .iter()
                    .flat_map(|n| &correctors[&names[n.as_str()]])
                    .map(|&i| self.claims[i].name.clone())
                    .collect();
                notes.insert(Finding {
                    kind: "corrected".into(),
                    subject: f.subject.clone(),
                    predicate: f.predicate.clone(),
                    rule: "corrected".into(),
                    severity: Severity::Note,
                    claims,
                    pairs,
                    dispute: false,
                    contested_by: BTreeSet::new(),
                    answered_by: BTreeSet::new(),
                    resolved_by: BTreeSet::new(),
                    corrected_by: by,
                });
            }
            out.extend(notes);
        }
        out.sort();
        out
    }

    fn pred(&self, c: &Claim) -> &Predicate {
        &self.predicates[&c.predicate]
    }

    /// Entities reachable from `from` along the named relations (`from` included).
    fn reachable(&self, from: &str, relations: &[String]) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(x) = todo.pop() {
            if !seen.insert(x.clone()) {
                continue;
            }
            for r in relations {
                let edges = match r.as_str() {
                    "part-of" => self.part_of.get(&x),
                    "speaks-for" => self.speaks_for.get(&x),
                    _ => None,
                };
                todo.extend(edges.into_iter().flatten().cloned());
            }
        }
        seen
    }

    /// Whose position a claim expresses: its speaker and all it speaks for.
    fn voice(&self, c: &Claim) -> BTreeSet<String> {
        self.reachable(&c.speaker, &["speaks-for".to_string()])
    }

    fn one_voice(&self, a: &Claim, b: &Claim) -> bool {
        !self.voice(a).is_disjoint(&self.voice(b))
    }

    /// The stage of a value in the predicate's progression; `occurred` (type none) is a one-stage
    /// progression.
    fn stage_of(p: &Predicate, v: &Val) -> Option<usize> {
        match (p.value_type.as_str(), v) {
            ("none", Val::None) => Some(0),
            (_, Val::Word(w)) => p.progression.iter().position(|s| s == w),
            _ => None,
        }
    }

    /// An enum value outside the progression of a predicate that has one (collapsed, suspended).
    fn terminal(p: &Predicate, v: &Val) -> bool {
        !p.progression.is_empty() && matches!(v, Val::Word(_)) && Self::stage_of(p, v).is_none()
    }

    /// Whether asserting `a` asserts `b`: the same value; an entity reaching `b` along the
    /// predicate's `entails`; a stage after `b` when `b` is not optional; a time on `b`'s day.
    fn entails(&self, p: &Predicate, a: &Val, b: &Val) -> bool {
        match (a, b) {
            (Val::Entity(x), Val::Entity(y)) => self.reachable(x, &p.entails).contains(y),
            (Val::Date(x), Val::Date(y)) => match (x.instant, y.instant) {
                (Some(i), Some(j)) => i == j,
                (_, None) => x.day == y.day,
                (None, Some(_)) => false,
            },
            (Val::Word(_), Val::Word(wb)) if a != b => match (Self::stage_of(p, a), Self::stage_of(p, b)) {
                (Some(sa), Some(sb)) => sb < sa && !p.optional.contains(wb),
                _ => false,
            },
            _ => a == b,
        }
    }

    /// Whether a committed claim `c` speaks to the question whether `v` holds: it asserts a value
    /// that entails `v`, or denies a value that `v` entails; for a question without a value, it
    /// asserts any value.
    fn bears_on_v2(&self, c: &Claim, v: &Val) -> bool {
        let p = self.pred(c);
        match (v, c.negated) {
            (Val::Unstated, negated) => !negated,
            (_, false) => self.entails(p, &c.value, v),
            (_, true) => self.entails(p, v, &c.value),
        }
    }

    /// `a` is earlier than `b`: by `as-of`, then `published` (each at the coarser precision),
    /// then report id, then position in the file.
    fn earlier(a: &Claim, b: &Claim) -> bool {
        a.when
            .compare(&b.when)
            .then(a.published.compare(&b.published))
            .then(a.report.cmp(&b.report))
            .then(a.position.cmp(&b.position))
            == Ordering::Less
    }

    fn coincide(a: &When, b: &When) -> bool {
        a.compare(b) == Ordering::Equal
    }

    /// Coinciding only because at least one of the two is dated by day.
    fn only_by_date(a: &When, b: &When) -> bool {
        Self::coincide(a, b) && (a.instant.is_none() || b.instant.is_none())
    }

    fn after(b: &When, a: &When) -> bool {
        b.compare(a) == Ordering::Greater
    }

    /// Whether a committed claim `c` agrees with the side `s` of a contradiction.
    fn agrees(&self, c: &Claim, s: &Claim) -> bool {
        let p = self.pred(s);
        match (&c.value, &s.value, c.negated, s.negated) {
            (Val::Number(cl, ch), Val::Number(sl, sh), false, false) => {
                apart((*cl, *ch), (*sl, *sh), p.tolerance).is_none()
            }
            (_, _, false, false) => self.entails(p, &c.value, &s.value),
            (_, _, true, true) => self.entails(p, &s.value, &c.value),
            _ => false,
        }
    }
}

fn commits(c: &Claim) -> bool {
    c.certainty == "certain" || c.certainty == "probable"
}
fn asserts(c: &Claim) -> bool {
    !c.negated && commits(c)
}
fn denies(c: &Claim) -> bool {
    c.negated && commits(c)
}
fn hedges(c: &Claim) -> bool {
    !commits(c)
}
fn probable(a: &Claim, b: &Claim) -> bool {
    a.certainty == "probable" || b.certainty == "probable"
}

impl Eval<'_> {
    fn claim(&self, i: usize) -> &Claim {
        &self.corpus.claims[i]
    }

    fn findings(&self) -> Vec<Finding> {
        let pairs = self.pairs();
        let mut out = self.folded_pairs(&pairs);
        self.unresolved(&mut out);
        self.corroboration(&pairs, &mut out);
        out
    }

    /// Every pair of every pair kind, over every two live claims of one subject and predicate
    /// (every kind compares claims of one subject and predicate only).
    fn pairs(&self) -> Vec<Pair> {
        let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        for &i in &self.live {
            let c = self.claim(i);
            groups.entry((c.subject.as_str(), c.predicate.as_str())).or_default().push(i);
        }
        let mut out = Vec::new();
        for group in groups.values() {
            self.pairs_in(group, &mut out);
        }
        out
    }

    fn pairs_in(&self, group: &[usize], out: &mut Vec<Pair>) {
        for &i in group {
            for &j in group {
                if i == j {
                    continue;
                }
                let (a, b) = (self.claim(i), self.claim(j));
                for kind in PAIR_KINDS {
                    if let Some(severity) = self.pair(kind, a, b, group) {
                        let mut pair =
                            Pair { kind, first: i, second: j, severity, dispute: false, resolved_by: BTreeSet::new() };
                        if CONTRADICTIONS.contains(&kind) {
                            self.dispute(&mut pair, group);
                        }
                        out.push(pair);
                    }
                }
            }
        }
    }

    /// Whether (a, b), in this order, is a pair of `kind`, and at which severity before disputes.
    /// Symmetric kinds take the pair once, the earlier claim first. `group`: the live claims of
    /// their subject and predicate.
    fn pair(&self, kind: &str, a: &Claim, b: &Claim, group: &[usize]) -> Option<Severity> {
        let corpus = self.corpus;
        let p = corpus.pred(a);
        let coincide = Corpus::coincide(&a.when, &b.when);
        let contemporary = p.stable || coincide;
        // Severity adjustments do not stack: one step at most, never below a warning.
        let contradiction = |milder: bool| Some(if milder { Severity::Warning } else { Severity::Error });
        match kind {
            "conflict" => {
                if !(p.one
                    && !matches!(p.value_type.as_str(), "number" | "none")
                    && asserts(a)
                    && asserts(b)
                    && contemporary
                    && Corpus::earlier(a, b))
                {
                    return None;
                }
                let (x, y) = (&a.value, &b.value);
                if corpus.entails(p, x, y) || corpus.entails(p, y, x) {
                    return None;
                }
                let last_stage = p.progression.len().checked_sub(2).map(|k| p.progression[k].as_str());
                let is_last = |v: &Val| matches!(v, Val::Word(w) if Some(w.as_str()) == last_stage);
                match (Corpus::terminal(p, x), Corpus::terminal(p, y)) {
                    // Two stages are ordered by the progression.
                    (false, false) if Corpus::stage_of(p, x).is_some() && Corpus::stage_of(p, y).is_some() => {
                        return None
                    }
                    // A terminal value conflicts only with the last stage before the end.
                    (true, false) if !is_last(y) => return None,
                    (false, true) if !is_last(x) => return None,
                    _ => {}
                }
                // Two times of one day for a date that may be rescheduled (not stable).
                let same_day = match (x, y) {
                    (Val::Date(s), Val::Date(t)) => !p.stable && s.day == t.day,
                    _ => false,
                };
                contradiction(probable(a, b) || same_day)
            }
            "negation" => (asserts(a) && denies(b) && contemporary && corpus.entails(p, &a.value, &b.value))
                .then_some(())
                .and_then(|()| contradiction(probable(a, b))),
            "numeric" => match (&a.value, &b.value) {
                (Val::Number(al, ah), Val::Number(bl, bh))
                    if p.value_type == "number"
                        && p.one
                        && asserts(a)
                        && asserts(b)
                        && contemporary
                        && Corpus::earlier(a, b)
                        && apart((*al, *ah), (*bl, *bh), p.tolerance).is_some() =>
                {
                    let rising = p.growing && Corpus::only_by_date(&a.when, &b.when);
                    contradiction(probable(a, b) || rising)
                }
                _ => None,
            },
            "certainty" => {
                let opposes = match b.certainty.as_str() {
                    "unknown" => corpus.bears_on_v2(a, &b.value),
                    "possible" => a.negated != b.negated && corpus.bears_on_v2(a, &b.value),
                    _ => false,
                };
                (commits(a) && hedges(b) && opposes && (coincide || Corpus::after(&b.when, &a.when)))
                    .then_some(Severity::Warning)
            }
            "regression" if p.stable => None,
            "regression" if p.value_type == "none" || !p.progression.is_empty() => {
                if !(asserts(a)
                    && denies(b)
                    && Corpus::stage_of(p, &b.value).is_some()
                    && corpus.entails(p, &a.value, &b.value)
                    && Corpus::after(&b.when, &a.when))
                {
                    return None;
                }
                // A terminal value asserted in between (not before `a`, not after `b`) explains it.
                let ended = group.iter().map(|&t| self.claim(t)).any(|t| {
                    t.subject == a.subject
                        && t.predicate == a.predicate
                        && asserts(t)
                        && Corpus::terminal(p, &t.value)
                        && !Corpus::after(&a.when, &t.when)
                        && !Corpus::after(&t.when, &b.when)
                });
                (!ended).then_some(()).and_then(|()| contradiction(probable(a, b)))
            }
            "regression" => match (&a.value, &b.value) {
                (Val::Number(al, ah), Val::Number(bl, bh))
                    if p.value_type == "number"
                        && p.growing
                        && p.one
                        && asserts(a)
                        && asserts(b)
                        && Corpus::after(&b.when, &a.when)
                        && apart((*bl, *bh), (*al, *ah), p.tolerance).is_some_and(|below| below) =>
                {
                    // One voice lowering its own figure revised it down.
                    contradiction(probable(a, b) || corpus.one_voice(a, b))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Marks a contradiction pair inside one report between sources of no shared voice as a
    /// dispute: one step milder (at most to a warning), and a note once a report published later
    /// asserts one side.
    fn dispute(&self, pair: &mut Pair, group: &[usize]) {
        let (a, b) = (self.claim(pair.first), self.claim(pair.second));
        if a.report != b.report || self.corpus.one_voice(a, b) {
            return;
        }
        pair.dispute = true;
        pair.severity = Severity::Warning;
        for &k in group {
            let c = self.claim(k);
            if c.subject == a.subject
                && c.predicate == a.predicate
                && commits(c)
                && Corpus::after(&c.published, &a.published)
                && (self.corpus.agrees(c, a) != self.corpus.agrees(c, b))
            {
                pair.resolved_by.insert(k);
            }
        }
        if !pair.resolved_by.is_empty() {
            pair.severity = Severity::Note;
        }
    }

    /// Pairs of one kind, subject and predicate folded into connected sets, dispute pairs apart.
    fn folded_pairs(&self, all: &[Pair]) -> Vec<Finding> {
        let mut groups: BTreeMap<(&str, String, String, bool), Vec<&Pair>> = BTreeMap::new();
        for pair in all {
            let a = self.claim(pair.first);
            groups.entry((pair.kind, a.subject.clone(), a.predicate.clone(), pair.dispute)).or_default().push(pair);
        }
        let mut out = Vec::new();
        for ((kind, subject, predicate, dispute), pairs) in groups {
            // Connected sets by repeated merging: obviously right, quadratic, small corpora.
            let mut sets: Vec<(BTreeSet<usize>, Vec<&Pair>)> = Vec::new();
            for &pair in &pairs {
                let mut merged = (BTreeSet::from([pair.first, pair.second]), vec![pair]);
                let mut rest = Vec::new();
                for set in sets {
                    if set.0.is_disjoint(&merged.0) {
                        rest.push(set);
                    } else {
                        merged.0.extend(set.0);
                        merged.1.extend(set.1);
                    }
                }
                rest.push(merged);
                sets = rest;
            }
            for (members, pairs) in sets {
                let name = |i: &usize| self.claim(*i).name.clone();
                out.push(Finding {
                    kind: kind.to_string(),
                    subject: subject.clone(),
                    predicate: predicate.clone(),
                    rule: kind.to_string(),
                    severity: pairs.iter().map(|p| p.severity).max().unwrap_or(Severity::Note),
                    claims: members.iter().map(name).collect(),
                    pairs: pairs.iter().map(|p| (name(&p.first), name(&p.second))).collect(),
                    dispute,
                    contested_by: BTreeSet::new(),
                    answered_by: BTreeSet::new(),
                    resolved_by: pairs.iter().flat_map(|p| &p.resolved_by).map(name).collect(),
                    corrected_by: BTreeSet::new(),
                });
            }
        }
        out
    }

    /// The open questions of one subject, predicate and value are one finding that shows every
    /// claim on the subject and predicate; a note naming the answers when claims that commit,
    /// later than every one of the questions, answer it.
    fn unresolved(&self, out: &mut Vec<Finding>) {
        let mut questions: Vec<(String, String, Val, Vec<usize>)> = Vec::new();
        for &i in &self.live {
            let q = self.claim(i);
            if q.certainty != "unknown" {
                continue;
            }
            let same = questions.iter_mut().find(|(s, p, v, _)| *s == q.subject && *p == q.predicate && *v == q.value);
            match same {
                Some((_, _, _, qs)) => qs.push(i),
                None => questions.push((q.subject.clone(), q.predicate.clone(), q.value.clone(), vec![i])),
            }
        }
        for (subject, predicate, value, qs) in questions {
            let on_same: BTreeSet<String> = self
                .live
                .iter()
                .map(|&i| self.claim(i))
                .filter(|c| c.subject == subject && c.predicate == predicate)
                .map(|c| c.name.clone())
                .collect();
            let answers: BTreeSet<String> = self
                .live
                .iter()
                .map(|&i| self.claim(i))
                .filter(|c| c.subject == subject && c.predicate == predicate && commits(c))
                .filter(|c| qs.iter().all(|&q| Corpus::after(&c.when, &self.claim(q).when)))
                .filter(|c| self.corpus.bears_on_v2(c, &value))
                .map(|c| c.name.clone())
                .collect();
            out.push(Finding {
                kind: "unresolved".into(),
                subject,
                predicate,
                rule: "unresolved".into(),
                severity: if answers.is_empty() { Severity::Warning } else { Severity::Note },
                claims: on_same,
                pairs: BTreeSet::new(),
                dispute: false,
                contested_by: BTreeSet::new(),
                answered_by: answers,
                resolved_by: BTreeSet::new(),
                corrected_by: BTreeSet::new(),
            });
        }
    }

    /// The facts an asserting claim supports: its value and all it entails; a time also its day.
    fn facts(&self, c: &Claim) -> Vec<Val> {
        let p = self.corpus.pred(c);
        let mut out = vec![c.value.clone()];
        match &c.value {
            Val::Entity(e) => {
                out = self.corpus.reachable(e, &p.entails).into_iter().map(Val::Entity).collect();
            }
            Val::Word(_) => {
                for s in &p.progression {
                    let v = Val::Word(s.clone());
                    if v != c.value && self.corpus.entails(p, &c.value, &v) {
                        out.push(v);
                    }
                }
            }
            Val::Date(w) if w.instant.is_some() => out.push(Val::Date(When { day: w.day, instant: None })),
            _ => {}
        }
        out
    }

    /// Whether two facts are one: dates must agree in precision too (a day is not a time).
    fn same_fact(a: &Val, b: &Val) -> bool {
        match (a, b) {
            (Val::Date(x), Val::Date(y)) => match (x.instant, y.instant) {
                (Some(i), Some(j)) => i == j,
                (None, None) => x.day == y.day,
                _ => false,
            },
            _ => a == b,
        }
    }

    /// Facts asserted from at least two origins, the most specific among those with the same
    /// origins, each marked with the claims that contradict one of its supporters.
    fn corroboration(&self, pairs: &[Pair], out: &mut Vec<Finding>) {
        let contradictions: Vec<(usize, usize)> =
            pairs.iter().filter(|p| p.kind != "certainty").map(|p| (p.first, p.second)).collect();
        let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for &i in &self.live {
            let c = self.claim(i);
            if asserts(c) {
                groups.entry((c.subject.clone(), c.predicate.clone())).or_default().push(i);
            }
        }
        for ((subject, predicate), claims) in groups {
            let p = &self.corpus.predicates[&predicate];
            let mut facts: Vec<Val> = Vec::new();
            for &i in &claims {
                for f in self.facts(self.claim(i)) {
                    if !facts.iter().any(|g| Self::same_fact(g, &f)) {
                        facts.push(f);
                    }
                }
            }
            // (fact, supporters, origins) of the facts from two origins or more.
            let mut reported: Vec<(Val, BTreeSet<usize>, BTreeSet<String>)> = Vec::new();
            for f in facts {
                let supporters: BTreeSet<usize> = claims
                    .iter()
                    .copied()
                    .filter(|&i| self.facts(self.claim(i)).iter().any(|g| Self::same_fact(g, &f)))
                    .collect();
                let origins: BTreeSet<String> = supporters.iter().map(|&i| self.claim(i).origin.clone()).collect();
                if origins.len() >= 2 {
                    reported.push((f, supporters, origins));
                }
            }
            for (f, supporters, origins) in &reported {
                // An instant is more specific than each day its supporters write it on (one
                // instant can be written on two days, in two offsets).
                let on_its_day = |g: &Val, supporters: &BTreeSet<usize>| match (g, f) {
                    (Val::Date(x), Val::Date(day)) if x.instant.is_some() && day.instant.is_none() => {
                        supporters.iter().any(|&i| matches!(&self.claim(i).value, Val::Date(w) if w.day == day.day))
                    }
                    _ => false,
                };
                let more_specific = reported.iter().any(|(g, s, o)| {
                    o == origins && !Self::same_fact(g, f) && (self.corpus.entails(p, g, f) || on_its_day(g, s))
                });
                if more_specific {
                    continue;
                }
                let mut contested_by = BTreeSet::new();
                for &(x, y) in &contradictions {
                    if supporters.contains(&x) && !supporters.contains(&y) {
                        contested_by.insert(self.claim(y).name.clone());
                    }
                    if supporters.contains(&y) && !supporters.contains(&x) {
                        contested_by.insert(self.claim(x).name.clone());
                    }
                }
                out.push(Finding {
                    kind: "corroboration".into(),
                    subject: subject.clone(),
                    predicate: predicate.clone(),
                    rule: "corroboration".into(),
                    severity: Severity::Note,
                    claims: supporters.iter().map(|&i| self.claim(i).name.clone()).collect(),
                    pairs: BTreeSet::new(),
                    dispute: false,
                    contested_by,
                    answered_by: BTreeSet::new(),
                    resolved_by: BTreeSet::new(),
                    corrected_by: BTreeSet::new(),
                });
            }
        }
    }
}

/// The engine's findings of the kinds the reference evaluates, from `claimlint check --format
/// json`, in the reference's terms. Links are lists of claim names; a link that names a report
/// instead (`resolved_by` may) is compared as the set of reports of the reference's claims, see
/// [`reports_of_links`].
pub fn engine(doc: &serde_json::Value) -> Vec<Finding> {
    let strings = |v: &serde_json::Value| -> BTreeSet<String> {
        v.as_array().into_iter().flatten().filter_map(|s| s.as_str()).map(str::to_string).collect()
    };
    let mut out = Vec::new();
    for f in doc["findings"].as_array().expect("findings") {
        let kind = f["kind"].as_str().unwrap_or_default();
        let rule = f["rule"].as_str().unwrap_or_default();
        if !super::KINDS.contains(&kind) && rule != "corrected" {
            continue;
        }
        let claims: Vec<String> =
            f["claims"].as_array().into_iter().flatten().filter_map(|c| c.as_str()).map(str::to_string).collect();
        let pairs = f["pairs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let i = usize::try_from(p[0].as_u64()?).ok()?;
                let j = usize::try_from(p[1].as_u64()?).ok()?;
                Some((claims.get(i)?.clone(), claims.get(j)?.clone()))
            })
            .collect();
        out.push(Finding {
            kind: if rule == "corrected" { "corrected".into() } else { kind.to_string() },
            subject: f["subject"].as_str().unwrap_or_default().to_string(),
            predicate: f["predicate"].as_str().unwrap_or_default().to_string(),
            rule: rule.to_string(),
            severity: Severity::parse(f["severity"].as_str().unwrap_or_default()).unwrap_or(Severity::Note),
            claims: claims.iter().cloned().collect(),
            pairs,
            dispute: f["dispute"].as_bool().unwrap_or(false),
            contested_by: strings(&f["contested_by"]),
            answered_by: strings(&f["answered_by"]),
            resolved_by: strings(&f["resolved_by"]),
            corrected_by: strings(&f["corrected_by"]),
        });
    }
    out.sort();
    out
}

/// Where the engine names reports rather than claims in a link list (no `#` in its entries),
/// the reference's claim names are reduced to their reports, so both say the same thing.
pub fn reports_of_links(reference: &mut [Finding], engine: &[Finding]) {
    let names_reports = |links: &BTreeSet<String>| !links.is_empty() && links.iter().all(|l| !l.contains('#'));
    let by_report = engine.iter().any(|f| names_reports(&f.resolved_by));
    if by_report {
        for f in reference.iter_mut() {
            f.resolved_by =
                f.resolved_by.iter().map(|n| n.split_once('#').map_or(n.as_str(), |(r, _)| r).to_string()).collect();
        }
        reference.sort();
    }
}
