//! The rule engine: a fixed set of rule kinds (DESIGN §4), parameterised by rule packs.
//!
//! Claims are grouped by (subject, predicate) once; every kind works inside those groups, so no
//! kind ever compares claims about different subjects (a deal in eastern Aleppo never meets the
//! countrywide ceasefire). Each kind module states its rule in one line above its join.

pub mod certainty;
pub mod conflict;
pub mod corroboration;
pub mod implies;
pub mod negation;
pub mod numeric;
pub mod regression;
pub mod unresolved;

use crate::findings::{DerivationStep, Finding, Location, Origin, Severity};
use crate::graph::EntityGraph;
use crate::model::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

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
    pub fn new(corpus: &'a Corpus, graph: &'a EntityGraph) -> Context<'a> {
        let mut ctx = Context { corpus, graph, derived: Vec::new(), groups: Vec::new() };
        // Derivation runs before grouping, so derived claims take part in every other kind.
        ctx.derived = implies::derive(&ctx);
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
        let c = self.claim(id);
        let report = &self.corpus.report(c.report).id;
        // Built by hand: `format!` costs twice as much, and a large corpus names a million claims.
        let mut out = String::with_capacity(report.len() + 1 + c.id.len());
        out.push_str(report);
        out.push('#');
        out.push_str(&c.id);
        out
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

    /// Builds a finding over `claims` (shown in file order), filling the rule's message template.
    pub fn finding(
        &self,
        rule: &Rule,
        group: &Group,
        claims: &[ClaimId],
        severity: Severity,
        vars: &[(&str, String)],
    ) -> Finding {
        // File order; the keys borrow and are built once per claim, not once per comparison.
        let mut keyed: Vec<_> = claims
            .iter()
            .map(|&id| {
                let c = self.claim(id);
                ((self.corpus.sources.get(c.quote.file).path.as_str(), c.quote.start, c.quote.end, c.id.as_str()), id)
            })
            .collect();
        keyed.sort();
        let mut claims: Vec<ClaimId> = keyed.into_iter().map(|(_, id)| id).collect();
        claims.dedup();
        let pred = self.corpus.predicate(group.predicate);
        let subject = self.corpus.entity(group.subject);
        let mut all_vars: Vec<(&str, String)> =
            vec![("subject", format!("\"{}\"", subject.name)), ("predicate", pred.name.clone())];
        all_vars.extend(vars.iter().cloned());
        let template = rule.message.as_deref().unwrap_or_else(|| default_message(rule.kind));
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
            claims: refs,
            claim_ids: claims,
            notes,
            derivation,
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
        let probable = [a, b].iter().any(|&c| self.claim(c).certainty == Certainty::Probable);
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

/// The message a kind uses when its rule gives none.
pub fn default_message(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Conflict => "reports disagree on the {predicate} of {subject}",
        RuleKind::Negation => "reports disagree on the {predicate} of {subject}: asserted and denied",
        RuleKind::Regression => "the {predicate} of {subject} goes backwards: {value}",
        RuleKind::Numeric => "reports give incompatible figures for the {predicate} of {subject}: {value}",
        RuleKind::Certainty => "the {predicate} of {subject} is stated in one place and left open in another",
        RuleKind::Unresolved => "open question: the {predicate} of {subject} ({value})",
        RuleKind::Corroboration => "{count} independent origins report {subject}: {fact}",
        RuleKind::Implies => "derived: the {predicate} of {subject}",
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

/// Runs every rule over the corpus and returns its findings, unsorted.
pub fn run(corpus: &Corpus, graph: &EntityGraph) -> Vec<Finding> {
    let ctx = Context::new(corpus, graph);
    // Rules are independent of one another: they run in parallel, and their findings are joined
    // in rule order, so the result does not depend on the number of threads.
    let per_rule: Vec<Vec<Finding>> = corpus.rules.par_iter().map(|rule| said_once(&ctx, check(&ctx, rule))).collect();
    per_rule.into_iter().flatten().collect()
}

/// Runs one rule.
pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    match rule.kind {
        RuleKind::Conflict => conflict::check(ctx, rule),
        RuleKind::Negation => negation::check(ctx, rule),
        RuleKind::Regression => regression::check(ctx, rule),
        RuleKind::Numeric => numeric::check(ctx, rule),
        RuleKind::Certainty => certainty::check(ctx, rule),
        RuleKind::Unresolved => unresolved::check(ctx, rule),
        RuleKind::Corroboration => corroboration::check(ctx, rule),
        // `implies` derives claims (in `Context::new`); it reports nothing itself.
        RuleKind::Implies => Vec::new(),
    }
}

/// Drops the findings of one rule that only repeat another through derived claims: a finding
/// involving derived claims goes when a finding of the same rule already stands on every quoted
/// claim it comes from (two outlets' tolls corroborate the toll; that both imply the blast
/// happened is the same corroboration again). A finding is said once (DESIGN §4).
///
/// The claims are read from `claim_ids`, which every rule finding carries: mapping the names in
/// `claims` back would need a table of every claim's name.
fn said_once(ctx: &Context, findings: Vec<Finding>) -> Vec<Finding> {
    if findings.iter().all(|f| f.derivation.is_empty()) {
        return findings;
    }
    // The quoted claims a finding stands on, sorted.
    let roots_of = |f: &Finding| -> Vec<ClaimId> {
        let mut roots: Vec<ClaimId> = f.claim_ids.iter().map(|&c| ctx.root(c)).collect();
        roots.sort();
        roots.dedup();
        roots
    };
    // Quoted findings are all kept; then the shortest derivations first, so the most direct
    // finding stays.
    let mut derived: Vec<usize> = (0..findings.len()).filter(|&i| !findings[i].derivation.is_empty()).collect();
    derived.sort_by_key(|&i| (findings[i].derivation.len(), i));
    let derived_roots: Vec<Vec<ClaimId>> = derived.iter().map(|&i| roots_of(&findings[i])).collect();
    // A finding can only repeat one that stands on its first root, so kept findings are indexed
    // by the claims that are some derived finding's first root, and only those are compared (not
    // every kept finding: that would be quadratic, nor every claim: most findings are quoted).
    let firsts: HashSet<ClaimId> = derived_roots.iter().filter_map(|r| r.first().copied()).collect();
    let mut kept_roots: Vec<Vec<ClaimId>> = Vec::new();
    let mut standing_on: HashMap<ClaimId, Vec<usize>> = HashMap::new();
    // Keeps a finding standing on `roots`.
    fn stand(
        roots: Vec<ClaimId>,
        firsts: &HashSet<ClaimId>,
        kept_roots: &mut Vec<Vec<ClaimId>>,
        standing_on: &mut HashMap<ClaimId, Vec<usize>>,
    ) {
        for &r in roots.iter().filter(|r| firsts.contains(r)) {
            standing_on.entry(r).or_default().push(kept_roots.len());
        }
        kept_roots.push(roots);
    }
    let mut keep: Vec<bool> = findings.iter().map(|f| f.derivation.is_empty()).collect();
    let mut kept_any = keep.iter().any(|&k| k);
    for f in findings.iter().filter(|f| f.derivation.is_empty()) {
        // A quoted finding's claims are its roots.
        if f.claim_ids.iter().any(|c| firsts.contains(c)) {
            stand(roots_of(f), &firsts, &mut kept_roots, &mut standing_on);
        }
    }
    for (i, roots) in derived.into_iter().zip(derived_roots) {
        let repeats = match roots.first() {
            Some(first) => standing_on
                .get(first)
                .is_some_and(|ks| ks.iter().any(|&k| roots.iter().all(|r| kept_roots[k].binary_search(r).is_ok()))),
            None => kept_any,
        };
        if !repeats {
            keep[i] = true;
            kept_any = true;
            stand(roots, &firsts, &mut kept_roots, &mut standing_on);
        }
    }
    findings.into_iter().zip(keep).filter_map(|(f, k)| k.then_some(f)).collect()
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
#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests {
    //! How the kinds divide the work: stable predicates whatever the times, dates at the coarser
    //! precision, time-ordered claims to regression, and every finding said once.
    use super::testkit::*;

    #[test]
    fn templates_are_filled_in_one_pass() {
        let vars = [("subject", "\"{value}\"".to_string()), ("value", "300".to_string()), ("value", "x".to_string())];
        assert_eq!(super::fill("{subject}: {value} {unknown} {", &vars), "\"{value}\": 300 {unknown} {");
        assert_eq!(super::fill("{{value}}", &vars), "{300}");
    }

    #[test]
    fn stable_predicates_meet_across_time_in_conflict_and_negation() {
        let responsible = [
            claim("strike", "blast", "responsible", "army").report("outlet-a", "2023-10-17"),
            claim("rocket", "blast", "responsible", "militia").report("outlet-b", "2023-10-18"),
        ];
        assert_eq!(run_kind("conflict", &responsible).len(), 1);
        let denied = [
            claim("strike", "blast", "responsible", "army").report("outlet-a", "2023-10-17"),
            claim("not-army", "blast", "responsible", "army").negated().report("army", "2023-10-24"),
        ];
        assert_eq!(run_kind("negation", &denied).len(), 1);
        assert!(run_kind("regression", &denied).is_empty(), "stable: negation's, not regression's");
    }

    #[test]
    fn dates_compare_at_the_coarser_precision() {
        let agree = [
            claim("day", "deal", "takes-effect", "2016-12-13").report("r1", "2016-12-13"),
            claim("hour", "deal", "takes-effect", "2016-12-13T15:00:00Z").report("r2", "2016-12-14"),
        ];
        assert!(run_kind("conflict", &agree).is_empty());
        assert!(run_kind("numeric", &agree).is_empty(), "dates are conflict's");
        let differ = [
            claim("day", "deal", "takes-effect", "2016-12-13").report("r1", "2016-12-13"),
            claim("next", "deal", "takes-effect", "2016-12-14T00:30:00Z").report("r2", "2016-12-20"),
        ];
        assert_eq!(run_kind("conflict", &differ).len(), 1, "stable: compared a week apart");
        let hours = [
            claim("three", "deal", "takes-effect", "2016-12-13T15:00:00Z").report("r1", "2016-12-13"),
            claim("six", "deal", "takes-effect", "2016-12-13T18:00:00Z").report("r2", "2016-12-13"),
        ];
        assert_eq!(run_kind("conflict", &hours).len(), 1, "two times of day are compared as times");
        let denied = [
            claim("day", "deal", "takes-effect", "2016-12-13").report("r1", "2016-12-13"),
            claim("not-at-three", "deal", "takes-effect", "2016-12-13T15:00:00Z").negated().report("r2", "2016-12-14"),
        ];
        assert_eq!(run_kind("negation", &denied).len(), 1);
    }

    #[test]
    fn the_standard_packs_say_each_thing_once() {
        // The hospital blast: a toll that falls over a week, two culprits, and an army denial on
        // the first day that meets the toll through `killed-means-occurred`.
        let f = run_standard(&[
            claim("toll", "blast", "killed", "at-least 500").source("ministry").report("a", "2023-10-17"),
            claim("strike", "blast", "responsible", "army").report("a", "2023-10-17"),
            claim("no-strike", "blast", "occurred", "").negated().source("minister").report("b", "2023-10-17"),
            claim("rocket", "blast", "responsible", "militia").source("minister").report("c", "2023-10-18"),
            claim("toll", "blast", "killed", "471").source("ministry").report("c", "2023-10-18"),
            claim("estimate", "blast", "killed", "100..300").report("d", "2023-10-24"),
        ]);
        let mut kinds: Vec<(&str, &str)> =
            f.iter().map(|f| (f.kind.as_str(), f.predicate.as_deref().unwrap_or(""))).collect();
        kinds.sort();
        assert_eq!(
            kinds,
            [
                ("conflict", "responsible"),
                ("corroboration", "occurred"),
                ("negation", "occurred"),
                ("regression", "killed"),
            ],
            "{f:#?}"
        );
        let negation = f.iter().find(|f| f.kind == "negation").expect("negation");
        assert_eq!(negation.claims, ["a#strike>responsible-means-occurred", "b#no-strike"], "{negation:#?}");
        assert!(negation.notes.iter().any(|n| n.contains("which quotes \"Quote of strike.\"")), "{:?}", negation.notes);
        // Report a says twice that the blast happened; it is derived once.
        assert_eq!(negation.derivation.len(), 1);
    }
}
