//! `implies`: derives a claim (`then`) from each claim that matches a pattern (`if`). Derived
//! claims keep their origin's report, quote, source, time and certainty, so they take part in
//! every other kind as if the report had said them; a finding on one shows the chain back to the
//! quoted words. Derivation runs to a fixpoint before claims are grouped.

use super::context::Context;
use super::spec::{KindSpec, PackParams};
use crate::codes::Code;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{
    Certainty, Claim, ClaimId, Corpus, Derivation, KindInfo, Pattern, PredicateId, Rare, ReportId, Rule, RuleParams,
    Value, ValueType,
};
use rayon::slice::ParallelSliceMut;
use std::collections::HashSet;

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "implies",
    summary: "derives a claim from each matching claim; derived claims take part in every other kind",
    what: "Derives the claim of its `then` pattern from every claim that matches its `if` pattern, \
on the same subject, in the same report, by the same source, at the same time and with the same \
certainty (a claim of certainty `unknown` implies nothing: \"unclear who fired\" leaves open who, \
not whether). A claim matches when it has the pattern's predicate and polarity (`negated`, default \
false) and, if the pattern gives a value, states it: an asserted later stage of a progression \
matches an earlier one (\"in force\" matches `agreed`), a figure matches when it lies within the \
pattern's number or range. Derived claims feed other `implies` rules until nothing new follows \
(cycles end there), and take part in every other kind. No claim is derived that the report \
already states (by any of its sources), nor one whose predicate does not apply to the subject's kind. The kind reports \
nothing itself: a finding that involves a derived claim underlines the quoted words it comes \
from and shows each step of the chain (`derivation` in JSON).",
    why: "Reports say the same thing in different words: one gives a death toll, another says \
the blast never happened. A toll presupposes the event, and only a rule that says so lets the \
two meet. Keeping the chain visible means every finding still rests on words a report printed.",
    example: "[[rule]]  # in a rule pack\nid = \"killed-means-occurred\"\nkind = \"implies\"\n\
if = { predicate = \"killed\" }\nthen = { predicate = \"occurred\" }\n\n\
[[claim]]  # report A, 2023-10-17: derives \"the blast occurred\"\nsubject = \"hospital-blast\"\n\
predicate = \"killed\"\nvalue = 500\nbound = \"at-least\"\nquote = \"killing at least 500 people\"\n\n\
[[claim]]  # report B, 2023-10-18: a regression of `occurred`\nsubject = \"hospital-blast\"\n\
predicate = \"occurred\"\nnegated = true\nquote = \"there was no blast at the hospital\"",
    fix: "A finding through a derived claim is fixed like any other: look at the quote it \
underlines and the step notes. If the implication does not hold for this subject, narrow the \
rule's `if` pattern (a value, a polarity) or drop the rule from your pack. To drop one of the \
standard implications, run with `--no-default-rules` and `--rules` pointing at a copy of the \
standard packs without it.",
};

/// Everything about the kind; listed in the registry (`rules::KINDS`).
pub const KIND: KindSpec = KindSpec {
    info: KindInfo {
        doc: DOC,
        default_severity: Severity::Note,
        milder_when_probable: false,
        disputes: false,
        reports: false,
        default_message: "derived: {phrase}",
    },
    params,
    check,
};

/// Checks a rule's `if` and `then` patterns: both are needed, and `then` must give the value it
/// derives (unless its predicate takes none).
fn params(given: &PackParams, corpus: &Corpus, problems: &mut Vec<Finding>) -> Option<RuleParams> {
    let mut ok = true;
    for (key, pattern) in [("if", &given.when), ("then", &given.then)] {
        match pattern {
            None => {
                let msg = format!("an `implies` rule needs an `{key}` pattern");
                let label = format!("rule has no `{key}`");
                problems.push(Finding::corpus(Code::MissingKey, given.id_span, msg, label));
                ok = false;
            }
            Some(p) if p.resolved.is_none() => ok = false,
            Some(_) => {}
        }
    }
    if let Some((then, span)) = given.then.as_ref().and_then(|p| Some((p.resolved.as_ref()?, p.span))) {
        if then.value.is_none() && corpus.predicate(then.predicate).value_type != ValueType::None {
            let msg = "a `then` pattern must give the value it derives".to_string();
            problems.push(Finding::corpus(Code::InvalidValue, span, msg, "no value"));
            ok = false;
        }
    }
    let when = given.when.as_ref()?.resolved.clone()?;
    let then = given.then.as_ref()?.resolved.clone()?;
    ok.then_some(RuleParams::Implies { when, then })
}

/// `implies` derives claims (in [`derive`], before the other kinds run); it reports nothing itself.
fn check(_: &Context, _: &Rule) -> Vec<Finding> {
    Vec::new()
}

/// What makes two claims of one report the same statement, for stopping derivation. The source
/// is left out: a report whose ministry gives a toll and whose outlet names the culprit says
/// once, not twice, that the blast happened.
#[derive(PartialEq, Eq, Hash)]
struct Statement {
    report: ReportId,
    subject: crate::model::EntityId,
    predicate: PredicateId,
    /// `Value` holds floats; its debug text is an exact, hashable stand-in.
    value: String,
    negated: bool,
    certainty: Certainty,
    as_of: (crate::time::Date, i64),
}

fn statement(c: &Claim) -> Statement {
    Statement {
        report: c.report,
        subject: c.subject,
        predicate: c.predicate,
        value: format!("{:?}", c.value),
        negated: c.negated,
        certainty: c.certainty,
        as_of: c.as_of.sort_key(),
    }
}

/// Whether a claim matches an `if` pattern.
pub fn matches(ctx: &Context, pattern: &Pattern, c: &Claim) -> bool {
    if c.predicate != pattern.predicate || c.negated != pattern.negated {
        return false;
    }
    match (&pattern.value, &c.value) {
        (None, _) => true,
        (Some(Value::Number(p)), Value::Number(n)) => {
            let ((plo, phi), (lo, hi)) = (p.interval(), n.interval());
            plo <= lo && hi <= phi
        }
        // Affirmed: the stages the claim reaches; negated: the stage it denies and later ones.
        (Some(v), _) => ctx.bears_on(c, v),
    }
}

/// The claims the context's `implies` rules derive from its claims, to a fixpoint. Ids continue
/// after the context's claims, in a deterministic order.
pub fn derive(ctx: &Context) -> Vec<Claim> {
    let rules: Vec<(&Rule, &Pattern, &Pattern)> = ctx
        .corpus
        .rules
        .iter()
        .filter_map(|r| match &r.params {
            RuleParams::Implies { when, then } => Some((r, when, then)),
            RuleParams::None => None,
        })
        .collect();
    if rules.is_empty() {
        return Vec::new();
    }
    let base = ctx.corpus.claims.len();
    // Implication carries certain, probable and possible over (if X is possible and X implies Y,
    // Y is possible), but not `unknown`: "unclear who fired" leaves open who, not whether.
    // Only claims a rule could derive again can stop a derivation: those of a `then` predicate.
    let derivable: HashSet<PredicateId> = rules.iter().map(|(_, _, then)| then.predicate).collect();
    let mut stated: HashSet<Statement> =
        ctx.corpus.claims.iter().filter(|c| derivable.contains(&c.predicate)).map(statement).collect();
    let mut derived: Vec<Claim> = Vec::new();
    // Claims in report and claim order, never load order, so which of two equal derivations is
    // kept does not depend on how files were listed. (A stable sort, parallel or not.)
    let mut frontier: Vec<ClaimId> = (0..base as u32).map(ClaimId).collect();
    frontier.par_sort_by_key(|&id| {
        let c = ctx.claim(id);
        (&ctx.corpus.report(c.report).id, &c.id)
    });
    // Each new claim is a statement not seen before, and the statements a then-pattern can make
    // are finite (origin's report, subject, source, time, certainty × pattern): this ends.
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for id in frontier {
            for &(rule, when, then) in &rules {
                let origin = if (id.0 as usize) < base { ctx.claim(id) } else { &derived[id.0 as usize - base] };
                // implied(s, q, w) :- claim(c, s, p, v), matches(c, if), then = (q, w), applies(q, kind(s)).
                if origin.certainty == Certainty::Unknown
                    || !matches(ctx, when, origin)
                    || !applies(ctx, then.predicate, origin)
                {
                    continue;
                }
                let claim = Claim {
                    report: origin.report,
                    id: format!("{}>{}", origin.id, rule.id).into(),
                    subject: origin.subject,
                    predicate: then.predicate,
                    value: then.value.clone().unwrap_or(Value::None),
                    negated: then.negated,
                    certainty: origin.certainty,
                    source: origin.source.clone(),
                    as_of: origin.as_of,
                    quote: origin.quote,
                    rare: Rare::of(None, Some(Derivation { from: id, rule: rule.id.clone() })),
                };
                if stated.insert(statement(&claim)) {
                    next.push(ClaimId((base + derived.len()) as u32));
                    derived.push(claim);
                }
            }
        }
        frontier = next;
    }
    derived
}

/// Whether a predicate may be said of the claim's subject (its `subject-kinds`).
fn applies(ctx: &Context, predicate: PredicateId, c: &Claim) -> bool {
    let kinds = &ctx.corpus.predicate(predicate).subject_kinds;
    kinds.is_empty() || kinds.contains(&ctx.corpus.entity(c.subject).kind)
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;

    #[test]
    fn a_predicate_is_not_derived_for_a_subject_of_the_wrong_kind() {
        // `status` applies to agreements only; the blast is an event.
        let pack = r#"
[[rule]]
id = "event-means-agreed"
kind = "implies"
if = { predicate = "occurred" }
then = { predicate = "status", value = "agreed" }
"#;
        let corpus = corpus_with(&[pack], &[claim("a", "blast", "occurred", "").report("r1", "2023-10-17")]);
        assert!(derived_refs(&corpus).is_empty());
    }
}
