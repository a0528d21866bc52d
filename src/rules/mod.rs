//! The rule engine: a fixed set of rule kinds (DESIGN §4), parameterised by rule packs.
//!
//! Claims are grouped by (subject, predicate) once; every kind works inside those groups, so no
//! kind ever compares claims about different subjects (a deal in eastern Aleppo never meets the
//! countrywide ceasefire). Each kind module states its rule in one line above its join.

pub mod certainty;
pub mod conflict;
pub mod corroboration;
pub mod negation;
pub mod unresolved;

use crate::findings::{Finding, Location, Origin, Severity};
use crate::graph::ClaimGraph;
use crate::model::*;
use std::collections::BTreeMap;

/// The claims about one subject through one predicate, in time order.
pub struct Group {
    pub subject: EntityId,
    pub predicate: PredicateId,
    pub claims: Vec<ClaimId>,
}

/// What every kind sees: the corpus, its graph, and the claims grouped by (subject, predicate).
pub struct Context<'a> {
    pub corpus: &'a Corpus,
    pub graph: &'a ClaimGraph,
    pub groups: Vec<Group>,
}

impl<'a> Context<'a> {
    pub fn new(corpus: &'a Corpus, graph: &'a ClaimGraph) -> Context<'a> {
        let mut ids: Vec<ClaimId> = (0..corpus.claims.len() as u32).map(ClaimId).collect();
        // Sorting by a key that never depends on load order keeps every finding deterministic.
        ids.sort_by(|&a, &b| {
            let key = |id: ClaimId| {
                let c = corpus.claim(id);
                (c.subject, c.predicate, c.as_of.sort_key(), &corpus.report(c.report).id, &c.id)
            };
            key(a).cmp(&key(b))
        });
        let mut groups: Vec<Group> = Vec::new();
        for id in ids {
            let c = corpus.claim(id);
            match groups.last_mut() {
                Some(g) if g.subject == c.subject && g.predicate == c.predicate => g.claims.push(id),
                _ => groups.push(Group { subject: c.subject, predicate: c.predicate, claims: vec![id] }),
            }
        }
        Context { corpus, graph, groups }
    }

    pub fn claim(&self, id: ClaimId) -> &Claim {
        self.corpus.claim(id)
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

    /// `Subject, 2016-12-13: NOT agreed` — how a claim's label reads under its quote.
    pub fn label(&self, id: ClaimId) -> String {
        let c = self.claim(id);
        let value = self.corpus.value_text(c.predicate, &c.value);
        let stance = match (c.certainty, c.negated) {
            (Certainty::Certain, false) => value,
            (Certainty::Certain, true) => format!("NOT {value}"),
            (Certainty::Probable, false) => format!("probably {value}"),
            (Certainty::Probable, true) => format!("probably NOT {value}"),
            (Certainty::Possible, false) => format!("possibly {value}"),
            (Certainty::Possible, true) => format!("possibly NOT {value}"),
            (Certainty::Unknown, _) => format!("open whether {value}"),
        };
        format!("{}, {}: {stance}", self.corpus.speaker_name(&c.source), c.as_of)
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
        Finding {
            rule: rule.id.clone(),
            kind: rule.kind.as_str().to_string(),
            origin: Origin::Rule,
            severity,
            message: fill(&template, &all_vars),
            help: rule.help.as_ref().map(|h| fill(h, &all_vars)),
            subject: Some(subject.id.clone()),
            predicate: Some(pred.name.clone()),
            claims: claims.iter().map(|&c| self.corpus.claim_ref(c)).collect(),
            locations: claims
                .iter()
                .map(|&c| Location {
                    span: self.claim(c).quote,
                    label: self.label(c),
                    claim: Some(self.corpus.claim_ref(c)),
                })
                .collect(),
            notes: Vec::new(),
            derivation: Vec::new(),
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
        let mut components: BTreeMap<ClaimId, (Vec<ClaimId>, Severity)> = BTreeMap::new();
        for &(a, b) in pairs {
            let root = find(&mut parent, a);
            let sev = self.pair_severity(rule, a, b);
            let entry = components.entry(root).or_insert((Vec::new(), Severity::Note));
            entry.0.extend([a, b]);
            entry.1 = entry.1.min(sev);
        }
        components
            .into_values()
            .map(|(mut claims, severity)| {
                claims.sort();
                claims.dedup();
                let mut f = self.finding(rule, group, &claims, severity, &vars(&claims));
                if let Some(note) = self.same_day_note(&claims) {
                    f.notes.push(note);
                }
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
    fn same_day_note(&self, claims: &[ClaimId]) -> Option<String> {
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
        RuleKind::Regression => "the {predicate} of {subject} goes backwards",
        RuleKind::Numeric => "reports give incompatible figures for the {predicate} of {subject}",
        RuleKind::Certainty => "the {predicate} of {subject} is stated in one place and left open in another",
        RuleKind::Unresolved => "open question: the {predicate} of {subject} ({value})",
        RuleKind::Corroboration => "{count} independent origins report the {predicate} of {subject}: {value}",
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
        findings.extend(check(&ctx, rule));
    }
    findings
}

/// Runs one rule.
pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    match rule.kind {
        RuleKind::Conflict => conflict::check(ctx, rule),
        RuleKind::Negation => negation::check(ctx, rule),
        RuleKind::Certainty => certainty::check(ctx, rule),
        RuleKind::Unresolved => unresolved::check(ctx, rule),
        RuleKind::Corroboration => corroboration::check(ctx, rule),
        // Not yet implemented kinds report nothing rather than guess.
        RuleKind::Regression | RuleKind::Numeric | RuleKind::Implies => Vec::new(),
    }
}

#[cfg(test)]
pub(crate) mod testkit;
