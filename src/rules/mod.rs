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
use crate::graph::ClaimGraph;
use crate::model::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    pub graph: &'a ClaimGraph,
    /// The corpus's claims (same ids), followed by the derived ones. Borrowed when nothing is
    /// derived.
    pub claims: Cow<'a, [Claim]>,
    pub groups: Vec<Group>,
}

impl<'a> Context<'a> {
    pub fn new(corpus: &'a Corpus, graph: &'a ClaimGraph) -> Context<'a> {
        let mut ctx = Context { corpus, graph, claims: Cow::Borrowed(&corpus.claims), groups: Vec::new() };
        // Derivation runs before grouping, so derived claims take part in every other kind.
        let derived = implies::derive(&ctx);
        if !derived.is_empty() {
            ctx.claims.to_mut().extend(derived);
        }
        ctx.groups = ctx.group();
        ctx
    }

    fn group(&self) -> Vec<Group> {
        let mut ids: Vec<ClaimId> = (0..self.claims.len() as u32).map(ClaimId).collect();
        // Sorting by a key that never depends on load order keeps every finding deterministic.
        ids.sort_by(|&a, &b| {
            let key = |id: ClaimId| {
                let c = self.claim(id);
                (c.subject, c.predicate, c.as_of.sort_key(), &self.corpus.report(c.report).id, &c.id)
            };
            key(a).cmp(&key(b))
        });
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
        &self.claims[id.0 as usize]
    }

    /// `<report>#<claim>`; a derived claim is named after its origin and rule (`r#toll>rule`).
    pub fn claim_ref(&self, id: ClaimId) -> String {
        let c = self.claim(id);
        format!("{}#{}", self.corpus.report(c.report).id, c.id)
    }

    /// The claim a derived claim was first derived from, through every step; itself if quoted.
    pub fn root(&self, mut id: ClaimId) -> ClaimId {
        while let Some(d) = &self.claim(id).derived {
            id = d.from;
        }
        id
    }

    /// The groups a rule looks at.
    pub fn groups_for<'s>(&'s self, rule: &'s Rule) -> impl Iterator<Item = &'s Group> + 's {
        self.groups.iter().filter(move |g| rule.applies_to(g.predicate))
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
        let c = self.claim(id);
        let label = format!("{}, {}: {}", self.corpus.speaker_name(&c.source), c.as_of, self.stance(id));
        match &c.derived {
            Some(d) => format!("{label} (implied by {})", self.statement(d.from)),
            None => label,
        }
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
        let mut claims = claims.to_vec();
        claims.sort_by(|&a, &b| {
            let key = |id: ClaimId| {
                let c = self.claim(id);
                (&self.corpus.sources.get(c.quote.file).path, c.quote.start, c.quote.end, &c.id)
            };
            key(a).cmp(&key(b))
        });
        claims.dedup();
        let pred = self.corpus.predicate(group.predicate);
        let subject = self.corpus.entity(group.subject);
        let mut all_vars: Vec<(&str, String)> =
            vec![("subject", format!("\"{}\"", subject.name)), ("predicate", pred.name.clone())];
        all_vars.extend(vars.iter().cloned());
        let template = rule.message.clone().unwrap_or_else(|| default_message(rule.kind).to_string());
        let (derivation, notes) = self.derivation(&claims);
        Finding {
            rule: rule.id.clone(),
            kind: rule.kind.as_str().to_string(),
            origin: Origin::Rule,
            severity,
            message: fill(&template, &all_vars),
            help: rule.help.as_ref().map(|h| fill(h, &all_vars)),
            subject: Some(subject.id.clone()),
            predicate: Some(pred.name.clone()),
            claims: claims.iter().map(|&c| self.claim_ref(c)).collect(),
            locations: claims
                .iter()
                .map(|&c| Location { span: self.claim(c).quote, label: self.label(c), claim: Some(self.claim_ref(c)) })
                .collect(),
            notes,
            derivation,
        }
    }

    /// Folds pairs into one finding per connected set of claims: a second claim of a report making
    /// the same point, or an implied earlier stage, joins the finding rather than repeating it.
    pub fn fold_pairs(
        &self,
        rule: &Rule,
        group: &Group,
        pairs: &[(ClaimId, ClaimId)],
        vars: impl Fn(&[ClaimId]) -> Vec<(&'static str, String)>,
    ) -> Vec<Finding> {
        self.fold_pairs_with(rule, group, pairs, vars, |claims, _| self.same_day_note(claims).into_iter().collect())
    }

    /// [`Context::fold_pairs`], with the notes of each finding from its claims and its pairs.
    pub fn fold_pairs_with(
        &self,
        rule: &Rule,
        group: &Group,
        pairs: &[(ClaimId, ClaimId)],
        vars: impl Fn(&[ClaimId]) -> Vec<(&'static str, String)>,
        notes: impl Fn(&[ClaimId], &[(ClaimId, ClaimId)]) -> Vec<String>,
    ) -> Vec<Finding> {
        if pairs.is_empty() {
            return Vec::new();
        }
        let mut parent: BTreeMap<ClaimId, ClaimId> = BTreeMap::new();
        fn find(parent: &mut BTreeMap<ClaimId, ClaimId>, x: ClaimId) -> ClaimId {
            let p = *parent.entry(x).or_insert(x);
            if p == x {
                return x;
            }
            let root = find(parent, p);
            parent.insert(x, root);
            root
        }
        for &(a, b) in pairs {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent.insert(ra.max(rb), ra.min(rb));
            }
        }
        type Component = (Vec<ClaimId>, Vec<(ClaimId, ClaimId)>, Severity);
        let mut components: BTreeMap<ClaimId, Component> = BTreeMap::new();
        for &(a, b) in pairs {
            let root = find(&mut parent, a);
            let sev = self.pair_severity(rule, a, b);
            let entry = components.entry(root).or_insert((Vec::new(), Vec::new(), Severity::Note));
            entry.0.extend([a, b]);
            entry.1.push((a, b));
            entry.2 = entry.2.min(sev);
        }
        components
            .into_values()
            .map(|(mut claims, pairs, severity)| {
                claims.sort();
                claims.dedup();
                let mut f = self.finding(rule, group, &claims, severity, &vars(&claims));
                f.notes.extend(notes(&claims, &pairs));
                f
            })
            .collect()
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

/// Replaces `{name}` placeholders; unknown ones are left as written.
pub fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// Runs every rule over the corpus and returns its findings, unsorted.
pub fn run(corpus: &Corpus, graph: &ClaimGraph) -> Vec<Finding> {
    let ctx = Context::new(corpus, graph);
    let mut findings = Vec::new();
    for rule in &corpus.rules {
        findings.extend(said_once(&ctx, check(&ctx, rule)));
    }
    findings
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
fn said_once(ctx: &Context, findings: Vec<Finding>) -> Vec<Finding> {
    if findings.iter().all(|f| f.derivation.is_empty()) {
        return findings;
    }
    let ids: HashMap<String, ClaimId> =
        (0..ctx.claims.len() as u32).map(|i| (ctx.claim_ref(ClaimId(i)), ClaimId(i))).collect();
    let roots: Vec<BTreeSet<ClaimId>> =
        findings.iter().map(|f| f.claims.iter().filter_map(|r| ids.get(r)).map(|&c| ctx.root(c)).collect()).collect();
    // Quoted findings first, then the shortest derivations, so the most direct finding stays.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| (findings[i].derivation.len(), i));
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        let repeats = !findings[i].derivation.is_empty() && kept.iter().any(|&k| roots[i].is_subset(&roots[k]));
        if !repeats {
            kept.push(i);
        }
    }
    kept.sort();
    let mut keep = vec![false; findings.len()];
    for k in kept {
        keep[k] = true;
    }
    findings.into_iter().zip(keep).filter_map(|(f, k)| k.then_some(f)).collect()
}

#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests {
    //! How the kinds divide the work: stable predicates whatever the times, dates at the coarser
    //! precision, time-ordered claims to regression, and every finding said once.
    use super::testkit::*;

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
