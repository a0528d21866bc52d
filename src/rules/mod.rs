//! The rule engine: a fixed set of rule kinds (DESIGN §4), parameterised by rule packs.
//!
//! Claims are grouped by (subject, predicate) once; every kind works inside those groups, so no
//! kind ever compares claims about different subjects (a deal in eastern Aleppo never meets the
//! countrywide ceasefire). Each kind module states its rule in one line above its join.
//!
//! A kind is one file, `rules/<kind>.rs`, whose `KIND` ([`KindSpec`]) says everything about it;
//! [`KINDS`] below lists them, once. What the kinds share is in [`context`].

pub mod context;
mod fenwick;
mod figure_join;
mod figure_sweep;
pub mod interval;
pub mod join;
mod meetings;
mod nesting;
pub mod pairs;
pub mod spec;
mod voices;

pub mod certainty;
pub mod conflict;
pub mod corroboration;
pub mod implies;
pub mod negation;
pub mod numeric;
pub mod regression;
pub mod unresolved;

pub use context::{fill, Context, Group};
pub use pairs::{Pairs, KEPT_PAIRS};
pub use spec::KindSpec;

use crate::findings::Finding;
use crate::graph::EntityGraph;
use crate::model::{ClaimId, Corpus, Rule, RuleKind};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// The registry of rule kinds: every kind, in the order they are listed, numbered and
/// documented. A new kind is its file, its `pub mod` line above and its line here.
pub const KINDS: &[&KindSpec] = &[
    &conflict::KIND,
    &negation::KIND,
    &regression::KIND,
    &numeric::KIND,
    &certainty::KIND,
    &unresolved::KIND,
    &corroboration::KIND,
    &implies::KIND,
];

impl RuleKind {
    /// Every kind, in registry order.
    pub const ALL: [RuleKind; KINDS.len()] = {
        let mut all = [RuleKind::new(0, &KINDS[0].info); KINDS.len()];
        let mut i = 1;
        while i < KINDS.len() {
            all[i] = RuleKind::new(i, &KINDS[i].info);
            i += 1;
        }
        all
    };

    /// The kind of a name, as packs write it.
    pub fn parse(s: &str) -> Option<RuleKind> {
        RuleKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Everything about the kind.
    pub fn spec(self) -> &'static KindSpec {
        KINDS[self.index()]
    }
}

impl<'a> Context<'a> {
    /// The context of a run over `corpus`, with the claims its `implies` rules derive.
    pub fn new(corpus: &'a Corpus, graph: &'a EntityGraph) -> Context<'a> {
        Context::with_derived(corpus, graph, implies::derive)
    }
}

/// Runs every rule over the corpus and returns its findings, unsorted, in one list.
pub fn run(corpus: &Corpus, graph: &EntityGraph) -> Vec<Finding> {
    let per_rule = run_per_rule(corpus, graph);
    // Joined into a vector made to size at once: collected from the flattened lists it would
    // grow by doubling, each step copying every finding so far.
    let mut findings: Vec<Finding> = Vec::with_capacity(per_rule.iter().map(Vec::len).sum());
    for rule_findings in per_rule {
        findings.extend(rule_findings);
    }
    findings
}

/// Runs every rule over the corpus and returns its findings, unsorted, one list per rule in rule
/// order. The lists are not joined here: joining copies every finding while the lists are still
/// held, and here the rules' context (the derived claims, the groups) is held too. At 1M claims
/// that copy (the findings themselves, 48 MB) set the run's peak memory; whoever reads the
/// findings next ([`crate::policy::Policy::apply_to_rule_findings`]) joins them once the context
/// is gone.
pub fn run_per_rule(corpus: &Corpus, graph: &EntityGraph) -> Vec<Vec<Finding>> {
    let ctx = Context::new(corpus, graph);
    // Rules are independent of one another: they run in parallel, and their findings are kept
    // in rule order, so the result does not depend on the number of threads.
    let mut per_rule: Vec<Vec<Finding>> =
        corpus.rules.par_iter().map(|rule| said_once(&ctx, check(&ctx, rule))).collect();
    corroboration::mark_contested(&mut per_rule);
    per_rule
}

/// Runs one rule.
pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    (rule.kind.spec().check)(ctx, rule)
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

#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests {
    //! How the kinds divide the work (stable predicates whatever the times, dates at the coarser
    //! precision, time-ordered claims to regression, every finding said once) is tested on the
    //! fixture corpora, `tests/fixtures/<kind>/`; what is left here tests helpers directly.

    #[test]
    fn templates_are_filled_in_one_pass() {
        let vars = [("subject", "\"{value}\"".to_string()), ("value", "300".to_string()), ("value", "x".to_string())];
        assert_eq!(super::fill("{subject}: {value} {unknown} {", &vars), "\"{value}\": 300 {unknown} {");
        assert_eq!(super::fill("{{value}}", &vars), "{300}");
    }
}
