//! What every kind works with: the [`Context`] of a run (the corpus, the claims `implies` rules
//! derive, all of them grouped by subject and predicate), the relations between claims the kinds
//! share, how findings are built and worded, and [`Pairs`], which folds the pairs a kind finds
//! into findings. It knows no kind: the kinds (`rules/<kind>.rs`) call into it.

use crate::findings::{DerivationStep, Finding, Location, Origin, Severity};
use crate::graph::EntityGraph;
use crate::model::*;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The claims about one subject through one predicate, in time order.
pub struct Group {
    pub subject: EntityId,
    pub predicate: PredicateId,
    pub claims: Vec<ClaimId>,
}

/// What every kind sees: the corpus, its graph, its claims with those `implies` rules derive,
/// and all of them grouped by (subject, predicate).
pub struct Context<'a> {
    pub corpus: &'a Corpus,
    pub graph: &'a EntityGraph,
    /// The claims `implies` rules derive; their ids continue after the corpus's claims. Kept apart
    /// rather than appended to a copy of the corpus's claims, which would double their memory.
    pub derived: Vec<Claim>,
    pub groups: Vec<Group>,
}

impl<'a> Context<'a> {
    /// The context of `corpus`: its claims and those `derive` adds, all grouped. Derivation runs
    /// before grouping, so derived claims take part in every kind.
    pub fn with_derived(corpus: &'a Corpus, graph: &'a EntityGraph, derive: fn(&Context) -> Vec<Claim>) -> Context<'a> {
        let mut ctx = Context { corpus, graph, derived: Vec::new(), groups: Vec::new() };
        ctx.derived = derive(&ctx);
        ctx.groups = ctx.group();
        ctx
    }

    fn group(&self) -> Vec<Group> {
        // Sorting by a key that never depends on load order keeps every finding deterministic.
        // The keys are built once (comparisons that look claims up cost more than the sort); the
        // claim id ends each key, so even equal keys sort one way whatever the thread count.
        let mut keyed: Vec<_> = (0..self.claim_count() as u32)
            .into_par_iter()
            .map(|i| {
                let c = self.claim(ClaimId(i));
                (c.subject, c.predicate, c.as_of.sort_key(), self.corpus.report(c.report).id.as_str(), c.id.as_str(), i)
            })
            .collect();
        keyed.par_sort_unstable();
        let ids = keyed.into_iter().map(|k| ClaimId(k.5));
        let mut groups: Vec<Group> = Vec::new();
        for id in ids {
            let c = self.claim(id);
            match groups.last_mut() {
                Some(g) if g.subject == c.subject && g.predicate == c.predicate => g.claims.push(id),
                _ => groups.push(Group { subject: c.subject, predicate: c.predicate, claims: vec![id] }),
            }
        }
        groups
    }

    pub fn claim(&self, id: ClaimId) -> &Claim {
        let i = id.0 as usize;
        match self.corpus.claims.get(i) {
            Some(c) => c,
            None => &self.derived[i - self.corpus.claims.len()],
        }
    }

    /// How many claims there are, the corpus's and the derived ones.
    pub fn claim_count(&self) -> usize {
        self.corpus.claims.len() + self.derived.len()
    }

    /// `<report>#<claim>`; a derived claim is named after its origin and rule (`r#toll>rule`).
    pub fn claim_ref(&self, id: ClaimId) -> String {
        self.corpus.claim_name(self.claim(id))
    }

    /// The claim a derived claim was first derived from, through every step; itself if quoted.
    pub fn root(&self, mut id: ClaimId) -> ClaimId {
        while let Some(d) = &self.claim(id).derived {
            id = d.from;
        }
        id
    }

    /// Runs `check` over each group a rule looks at, in parallel, and joins the findings in group
    /// order: groups never share a claim, and the result does not depend on the thread count.
    pub fn per_group<F>(&self, rule: &Rule, check: F) -> Vec<Finding>
    where
        F: Fn(&Group) -> Vec<Finding> + Send + Sync,
    {
        self.groups.par_iter().filter(|g| rule.applies_to(g.predicate)).flat_map_iter(check).collect()
    }

    // -- relations between claims -----------------------------------------------------------

    /// Whether two values state the same fact (dates at the coarser precision).
    pub fn same_value(&self, a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Date(x), Value::Date(y)) => x.coincides(y),
            _ => a == b,
        }
    }

    /// Whether claiming `claimed` (affirmed) says that `fact` holds: the same value, or, in a
    /// progression, a later stage ("in force" says "agreed" was reached).
    pub fn reaches(&self, p: PredicateId, claimed: &Value, fact: &Value) -> bool {
        if self.same_value(claimed, fact) {
            return true;
        }
        let pred = self.corpus.predicate(p);
        matches!((pred.stage(claimed), pred.stage(fact)), (Some(c), Some(f)) if f <= c)
    }

    /// Whether the claim, taken with its polarity, bears on `fact`: affirmed claims on the stages
    /// they reach, negated ones on the stage they deny and every later one.
    pub fn bears_on(&self, c: &Claim, fact: &Value) -> bool {
        if c.negated {
            self.reaches(c.predicate, fact, &c.value)
        } else {
            self.reaches(c.predicate, &c.value, fact)
        }
    }

    /// Whether two claims hold at coinciding times, or their predicate never changes.
    pub fn contemporary(&self, a: &Claim, b: &Claim) -> bool {
        self.corpus.predicate(a.predicate).stable || a.as_of.coincides(&b.as_of)
    }

    // -- findings ---------------------------------------------------------------------------

    /// `Subject, 2016-12-13: NOT agreed` — how a claim's label reads under its quote. A derived
    /// claim's label says what it is implied by, since the words underlined are its origin's.
    pub fn label(&self, id: ClaimId) -> String {
        use std::fmt::Write;
        let c = self.claim(id);
        // Written into one string, made large enough at once: every location of every finding
        // has a label (a million at a million claims), and growing each as it is written cost
        // as much again as writing it.
        let speaker = self.corpus.speaker_name(&c.source);
        let stance = self.stance(id);
        let mut label = String::with_capacity(speaker.len() + stance.len() + 40);
        label.push_str(speaker);
        let _ = write!(label, ", {}: ", c.as_of);
        label.push_str(&stance);
        if let Some(d) = &c.derived {
            let _ = write!(label, " (implied by {})", self.statement(d.from));
        }
        label
    }

    /// `NOT agreed`, `possibly 300`: the claim's value with its polarity and certainty.
    pub fn stance(&self, id: ClaimId) -> String {
        let c = self.claim(id);
        let value = self.corpus.value_text(c.predicate, &c.value);
        match (c.certainty, c.negated) {
            (Certainty::Certain, false) => value,
            (Certainty::Certain, true) => format!("NOT {value}"),
            (Certainty::Probable, false) => format!("probably {value}"),
            (Certainty::Probable, true) => format!("probably NOT {value}"),
            (Certainty::Possible, false) => format!("possibly {value}"),
            (Certainty::Possible, true) => format!("possibly NOT {value}"),
            (Certainty::Unknown, _) => format!("open whether {value}"),
        }
    }

    /// `killed: at least 500`: the predicate and stance, for claims of different predicates.
    pub fn statement(&self, id: ClaimId) -> String {
        format!("{}: {}", self.corpus.predicate(self.claim(id).predicate).name, self.stance(id))
    }

    /// The quoted words of a claim (its origin's, for a derived claim).
    pub fn quote_text(&self, id: ClaimId) -> &str {
        let span = self.claim(id).quote;
        self.corpus.sources.get(span.file).text.get(span.start..span.end).unwrap_or_default()
    }

    /// The chain from each derived claim among `claims` back to a quoted one: one step per
    /// derivation (shared steps once), and a note per step for people.
    fn derivation(&self, claims: &[ClaimId]) -> (Vec<DerivationStep>, Vec<String>) {
        let mut steps: Vec<DerivationStep> = Vec::new();
        let mut notes = Vec::new();
        for &c in claims {
            let mut id = c;
            while let Some(d) = &self.claim(id).derived {
                let step =
                    DerivationStep { claim: self.claim_ref(id), rule: d.rule.clone(), from: self.claim_ref(d.from) };
                if !steps.contains(&step) {
                    let mut note = format!(
                        "{} ({}) is implied by {} ({}), rule `{}`",
                        step.claim,
                        self.statement(id),
                        step.from,
                        self.statement(d.from),
                        d.rule
                    );
                    if self.claim(d.from).derived.is_none() {
                        note.push_str(&format!(", which quotes \"{}\"", self.quote_text(d.from)));
                    }
                    notes.push(note);
                    steps.push(step);
                }
                id = d.from;
            }
        }
        (steps, notes)
    }

    /// Builds a finding over `claims` (the earliest first, the others in file order), filling the
    /// rule's message template.
    pub fn finding(
        &self,
        rule: &Rule,
        group: &Group,
        claims: &[ClaimId],
        severity: Severity,
        vars: &[(&str, String)],
    ) -> Finding {
        // The primary claim first: the earliest (as-of, then the report's `published`, then report
        // id, then position in the report), so that a newer report joining the finding moves
        // neither its primary location nor its fingerprint (DESIGN §5 v2). The others follow in
        // file order. The keys borrow and are built once per claim, not once per comparison.
        let mut keyed: Vec<_> = claims
            .iter()
            .map(|&id| {
                let c = self.claim(id);
                ((self.corpus.sources.get(c.quote.file).path.as_str(), c.quote.start, c.quote.end, c.id.as_str()), id)
            })
            .collect();
        keyed.sort();
        keyed.dedup_by_key(|k| k.1);
        let earliest = keyed.iter().enumerate().min_by_key(|(_, (_, id))| {
            let c = self.claim(*id);
            let report = self.corpus.report(c.report);
            // Within a report, its position is its quote's in the report's text: the order of
            // claims in a claim file, or the file's name, never changes which claim is primary.
            (
                c.as_of.sort_key(),
                report.published.sort_key(),
                report.id.as_str(),
                c.quote.start,
                c.quote.end,
                c.id.as_str(),
            )
        });
        if let Some((i, _)) = earliest {
            keyed[..=i].rotate_right(1);
        }
        let claims: Vec<ClaimId> = keyed.into_iter().map(|(_, id)| id).collect();
        let pred = self.corpus.predicate(group.predicate);
        let subject = self.corpus.entity(group.subject);
        let quoted = format!("\"{}\"", subject.name);
        let mut all_vars: Vec<(&str, String)> =
            vec![("phrase", pred.phrase(&quoted)), ("subject", quoted), ("predicate", pred.name.clone())];
        all_vars.extend(vars.iter().cloned());
        // Who disagrees, unless the kind says (a dispute one report relays names its sources).
        all_vars.push(("who", "reports".to_string()));
        let template = rule.message.as_deref().unwrap_or(rule.kind.info().default_message);
        let (derivation, notes) = self.derivation(&claims);
        let refs: Vec<String> = claims.iter().map(|&c| self.claim_ref(c)).collect();
        Finding {
            rule: rule.id.clone(),
            kind: rule.kind.as_str().to_string(),
            origin: Origin::Rule,
            severity,
            message: fill(template, &all_vars),
            help: rule.help.as_ref().map(|h| fill(h, &all_vars)),
            subject: Some(subject.id.clone()),
            predicate: Some(pred.name.clone()),
            locations: claims
                .iter()
                .enumerate()
                .map(|(i, &c)| Location { span: self.claim(c).quote, label: self.label(c), claim: Some(i) })
                .collect(),
            claims_total: refs.len(),
            claims: refs,
            claim_ids: claims,
            notes,
            derivation,
            value: vars.iter().find(|(k, _)| *k == "value").map(|(_, v)| v.clone()),
            fingerprint: 0,
            pairs: Vec::new(),
            pairs_total: 0,
            dispute: false,
            links: Default::default(),
        }
    }

    /// The pairs a rule finds in `group`, to be folded into findings ([`Pairs::fold`]).
    pub fn pairs<'c>(&'c self, rule: &'c Rule, group: &'c Group) -> Pairs<'c, 'a> {
        let mut claims = group.claims.clone();
        claims.sort_unstable();
        claims.dedup();
        let n = claims.len();
        Pairs {
            ctx: self,
            rule,
            group,
            claims,
            parent: (0..n as u32).collect(),
            joined: vec![false; n],
            severity: vec![Severity::Note; n],
            count: vec![0; n],
            kept: Vec::new(),
        }
    }

    /// A rule's severity for a pair: its base level, one step milder if either claim is only
    /// probable.
    pub fn pair_severity(&self, rule: &Rule, a: ClaimId, b: ClaimId) -> Severity {
        let base = rule.base_severity();
        // Only the kinds that say so (their `KindSpec`, which `explain` prints too): a tension
        // (`certainty`) is a warning whatever the firmer claim's certainty (DESIGN §4).
        let milder = rule.kind.info().milder_when_probable;
        let probable = milder && [a, b].iter().any(|&c| self.claim(c).certainty == Certainty::Probable);
        if probable {
            base.milder()
        } else {
            base
        }
    }

    /// When every claim is dated by day only and the days coincide, the pair may be an update
    /// within a day: say how to tell claimlint.
    pub fn same_day_note(&self, claims: &[ClaimId]) -> Option<String> {
        let times: Vec<_> = claims.iter().map(|&c| self.claim(c).as_of).collect();
        let first = times.first()?;
        let stable = claims.iter().any(|&c| self.corpus.predicate(self.claim(c).predicate).stable);
        if stable || !times.iter().any(|t| t.instant.is_none()) || !times.iter().all(|t| t.date == first.date) {
            return None;
        }
        let reports: std::collections::BTreeSet<_> = claims.iter().map(|&c| self.claim(c).report).collect();
        if reports.len() < 2 {
            return None;
        }
        Some(format!(
            "the claims are dated {} only; if one report came out earlier that day, give its `published` (or the claim's `as-of`) a time and the pair is read as an update, not a contradiction",
            first.date
        ))
    }
}

/// Replaces `{name}` placeholders (the first variable of a name wins); unknown ones are left as
/// written. One pass over the template: a value is never read as a template itself, and the cost
/// does not grow with the number of variables times the length of the text.
pub fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value =
            after.find('}').and_then(|close| Some((close, &vars.iter().find(|(k, _)| *k == &after[..close])?.1)));
        match value {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// How many pairs of a group are kept to be described in notes; beyond them pairs are counted.
/// A group of thousands of claims that all contradict one another has millions of pairs: held
/// (and described) one by one they took gigabytes; their sets of claims are what matter.
pub const KEPT_PAIRS: usize = 4096;

/// The pairs a rule finds in one group, folded as they come into connected sets of claims (a
/// second claim of a report making the same point, or an implied earlier stage, joins the set
/// rather than repeating it): one finding per set. Memory grows with the group's claims, not
/// with its pairs: every pair is counted and sets the finding's severity, but only the first
/// [`KEPT_PAIRS`] are kept for notes.
pub struct Pairs<'c, 'a> {
    ctx: &'c Context<'a>,
    rule: &'c Rule,
    group: &'c Group,
    /// The group's claims, sorted: a claim's place here is its index in the other vectors.
    claims: Vec<ClaimId>,
    /// Union-find over the claims; a root is the lowest index of its set.
    parent: Vec<u32>,
    /// Whether the claim is in any pair.
    joined: Vec<bool>,
    /// Per root: the most severe pair of the set, and how many pairs it has.
    severity: Vec<Severity>,
    count: Vec<usize>,
    kept: Vec<(ClaimId, ClaimId)>,
}

impl Pairs<'_, '_> {
    fn index(&self, c: ClaimId) -> Option<usize> {
        self.claims.binary_search(&c).ok()
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let grandparent = self.parent[self.parent[x] as usize];
            self.parent[x] = grandparent;
            x = grandparent as usize;
        }
        x
    }

    /// Records that `a` and `b` (claims of the group) form a pair.
    pub fn push(&mut self, a: ClaimId, b: ClaimId) {
        let (Some(ia), Some(ib)) = (self.index(a), self.index(b)) else { return };
        let severity = self.ctx.pair_severity(self.rule, a, b);
        let (ra, rb) = (self.find(ia), self.find(ib));
        let (root, other) = (ra.min(rb), ra.max(rb));
        if root != other {
            self.parent[other] = root as u32;
            self.severity[root] = self.severity[root].min(self.severity[other]);
            self.count[root] += self.count[other];
        }
        self.severity[root] = self.severity[root].min(severity);
        self.count[root] += 1;
        self.joined[ia] = true;
        self.joined[ib] = true;
        if self.kept.len() < KEPT_PAIRS {
            self.kept.push((a, b));
        }
    }

    /// One finding per connected set of claims, sets in the order of their lowest claim id.
    pub fn fold(self, vars: impl Fn(&[ClaimId]) -> Vec<(&'static str, String)>) -> Vec<Finding> {
        let ctx = self.ctx;
        self.fold_with(vars, |claims, _| ctx.same_day_note(claims).into_iter().collect())
    }

    /// [`Pairs::fold`], with the notes of each finding from its claims and its kept pairs.
    pub fn fold_with(
        mut self,
        vars: impl Fn(&[ClaimId]) -> Vec<(&'static str, String)>,
        notes: impl Fn(&[ClaimId], &[(ClaimId, ClaimId)]) -> Vec<String>,
    ) -> Vec<Finding> {
        if self.kept.is_empty() {
            return Vec::new();
        }
        // Per root: its claims (in id order, as `claims` is) and its kept pairs.
        type Set = (Vec<ClaimId>, Vec<(ClaimId, ClaimId)>);
        let mut sets: BTreeMap<usize, Set> = BTreeMap::new();
        for i in 0..self.claims.len() {
            if self.joined[i] {
                let root = self.find(i);
                sets.entry(root).or_default().0.push(self.claims[i]);
            }
        }
        for (a, b) in std::mem::take(&mut self.kept) {
            if let Some(ia) = self.index(a) {
                let root = self.find(ia);
                sets.entry(root).or_default().1.push((a, b));
            }
        }
        sets.into_iter()
            .map(|(root, (claims, pairs))| {
                let mut f = self.ctx.finding(self.rule, self.group, &claims, self.severity[root], &vars(&claims));
                f.notes.extend(notes(&claims, &pairs));
                let unlisted = self.count[root] - pairs.len();
                if unlisted > 0 {
                    f.notes.push(format!(
                        "{} pairs in all among these claims (notes that go pair by pair stop at {})",
                        self.count[root],
                        pairs.len()
                    ));
                }
                f
            })
            .collect()
    }
}
