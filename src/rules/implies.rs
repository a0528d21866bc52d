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
    Certainty, Claim, ClaimId, Corpus, Derivation, KindInfo, Pattern, PredicateId, ReportId, Rule, RuleParams, Value,
    ValueType,
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
        reports: false,
        default_message: "derived: the {predicate} of {subject}",
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
                    id: format!("{}>{}", origin.id, rule.id),
                    subject: origin.subject,
                    predicate: then.predicate,
                    value: then.value.clone().unwrap_or(Value::None),
                    negated: then.negated,
                    certainty: origin.certainty,
                    source: origin.source.clone(),
                    as_of: origin.as_of,
                    quote: origin.quote,
                    decl: origin.decl,
                    note: None,
                    derived: Some(Derivation { from: id, rule: rule.id.clone() }),
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
    use crate::findings::Severity;
    use crate::rules::testkit::*;

    const TOLL_MEANS_BLAST: &str = r#"
[[rule]]
id = "toll-means-event"
kind = "implies"
if = { predicate = "killed" }
then = { predicate = "occurred" }

[[rule]]
id = "regression"
kind = "regression"

[[rule]]
id = "negation"
kind = "negation"

[[rule]]
id = "corroboration"
kind = "corroboration"
"#;

    #[test]
    fn a_derived_claim_meets_a_later_denial_and_shows_its_chain() {
        let f = run_pack(
            TOLL_MEANS_BLAST,
            &[
                claim("toll", "blast", "killed", "at-least 500").report("r1", "2023-10-17"),
                claim("no-blast", "blast", "occurred", "").negated().report("r2", "2023-10-18"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, "regression");
        assert_eq!(f[0].claims, ["r1#toll>toll-means-event", "r2#no-blast"]);
        // The derived claim underlines its origin's words.
        let loc = &f[0].locations[0];
        assert_eq!(loc.claim.map(|i| f[0].claims[i].as_str()), Some("r1#toll>toll-means-event"));
        assert!(loc.label.contains("implied by killed: at least 500"), "{}", loc.label);
        assert_eq!(f[0].derivation.len(), 1);
        assert_eq!(f[0].derivation[0].from, "r1#toll");
        assert_eq!(f[0].derivation[0].rule, "toll-means-event");
        assert!(f[0].notes.iter().any(|n| n.contains("which quotes \"Quote of toll.\"")), "{:?}", f[0].notes);
    }

    #[test]
    fn derived_claims_take_part_in_negation() {
        let f = run_pack(
            TOLL_MEANS_BLAST,
            &[
                claim("toll", "blast", "killed", "471").report("r1", "2023-10-18"),
                claim("no-blast", "blast", "occurred", "").negated().report("r2", "2023-10-18"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, "negation");
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn a_negated_or_other_claim_does_not_match_the_pattern() {
        let f = run_pack(
            TOLL_MEANS_BLAST,
            &[
                claim("toll", "blast", "killed", "471").negated().report("r1", "2023-10-17"),
                claim("hurt", "blast", "injured", "300").report("r1", "2023-10-17"),
                claim("no-blast", "blast", "occurred", "").negated().report("r2", "2023-10-18"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_derived_claim_never_repeats_its_origin_finding() {
        // Both tolls corroborate; that both imply the blast is the same corroboration again.
        let f = run_pack(
            TOLL_MEANS_BLAST,
            &[
                claim("toll", "blast", "killed", "471").report_by("r1", "2023-10-18", "Reuters", &[]),
                claim("toll", "blast", "killed", "471").report_by("r2", "2023-10-18", "AP", &[]),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].predicate.as_deref(), Some("killed"));
        assert!(f[0].derivation.is_empty());
        // A third report that says the blast happened in so many words is new evidence.
        let f = run_pack(
            TOLL_MEANS_BLAST,
            &[
                claim("toll", "blast", "killed", "471").report_by("r1", "2023-10-18", "Reuters", &[]),
                claim("toll", "blast", "killed", "471").report_by("r2", "2023-10-18", "AP", &[]),
                claim("blast", "blast", "occurred", "").report_by("r3", "2023-10-18", "BBC", &[]),
            ],
        );
        assert_eq!(f.len(), 2, "{f:?}");
        let occurred = f.iter().find(|f| f.predicate.as_deref() == Some("occurred")).expect("occurred");
        assert_eq!(occurred.claims.len(), 3);
        assert_eq!(occurred.derivation.len(), 2);
    }

    #[test]
    fn nothing_is_derived_that_the_report_already_states() {
        let corpus = corpus_with(
            &[TOLL_MEANS_BLAST],
            &[
                claim("toll", "blast", "killed", "471").report("r1", "2023-10-18"),
                claim("blast", "blast", "occurred", "").report("r1", "2023-10-18"),
                claim("toll", "blast", "killed", "500").report("r2", "2023-10-18"),
            ],
        );
        let derived = derived_refs(&corpus);
        assert_eq!(derived, ["r2#toll>toll-means-event"]);
    }

    #[test]
    fn cycles_terminate_and_chains_are_followed() {
        let pack = r#"
[[rule]]
id = "signed-means-agreed-party"
kind = "implies"
if = { predicate = "status", value = "signed" }
then = { predicate = "party", value = "army" }

[[rule]]
id = "party-means-negotiating"
kind = "implies"
if = { predicate = "party", value = "army" }
then = { predicate = "status", value = "negotiating" }

[[rule]]
id = "negotiating-means-party"
kind = "implies"
if = { predicate = "status", value = "negotiating" }
then = { predicate = "party", value = "army" }
"#;
        let corpus = corpus_with(&[pack], &[claim("a", "deal", "status", "in-force").report("r1", "2016-09-12")]);
        // in-force reaches signed: party (1 step), negotiating (2 steps); then the cycle closes.
        assert_eq!(
            derived_refs(&corpus),
            ["r1#a>signed-means-agreed-party", "r1#a>signed-means-agreed-party>party-means-negotiating"]
        );
    }

    #[test]
    fn a_two_step_chain_is_shown_step_by_step() {
        let pack = r#"
[[rule]]
id = "toll-means-injured"
kind = "implies"
if = { predicate = "killed", value = [1, 1000000000] }
then = { predicate = "injured", value = [1, 1000000000] }

[[rule]]
id = "injured-means-event"
kind = "implies"
if = { predicate = "injured" }
then = { predicate = "occurred" }

[[rule]]
id = "negation"
kind = "negation"
"#;
        let f = run_pack(
            pack,
            &[
                claim("toll", "blast", "killed", "471").report("r1", "2023-10-18"),
                claim("no-blast", "blast", "occurred", "").negated().report("r2", "2023-10-18"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        let steps: Vec<(&str, &str)> = f[0].derivation.iter().map(|s| (s.claim.as_str(), s.from.as_str())).collect();
        assert_eq!(
            steps,
            [
                ("r1#toll>toll-means-injured>injured-means-event", "r1#toll>toll-means-injured"),
                ("r1#toll>toll-means-injured", "r1#toll"),
            ]
        );
        assert_eq!(f[0].notes.iter().filter(|n| n.contains("is implied by")).count(), 2);
        // A zero toll is outside the pattern's range: nothing follows from it.
        let f = run_pack(
            pack,
            &[
                claim("toll", "blast", "killed", "0").report("r1", "2023-10-18"),
                claim("no-blast", "blast", "occurred", "").negated().report("r2", "2023-10-18"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_stage_pattern_matches_later_stages_and_denials_of_earlier_ones() {
        let pack = r#"
[[rule]]
id = "agreed-means-party"
kind = "implies"
if = { predicate = "status", value = "agreed" }
then = { predicate = "party", value = "army" }

[[rule]]
id = "not-signed-means-no-guarantor"
kind = "implies"
if = { predicate = "status", value = "signed", negated = true }
then = { predicate = "guarantor", value = "militia", negated = true }
"#;
        let corpus = corpus_with(
            &[pack],
            &[
                claim("in-force", "deal", "status", "in-force").report("r1", "2016-09-12"),
                claim("negotiating", "deal", "status", "negotiating").report("r2", "2016-09-12"),
                claim("not-agreed", "deal", "status", "agreed").negated().report("r3", "2016-09-12"),
            ],
        );
        assert_eq!(
            derived_refs(&corpus),
            ["r1#in-force>agreed-means-party", "r3#not-agreed>not-signed-means-no-guarantor"]
        );
    }

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

    #[test]
    fn derived_claims_keep_the_certainty_of_their_origin() {
        let f = run_pack(
            TOLL_MEANS_BLAST,
            &[
                claim("toll", "blast", "killed", "471").certainty("probable").report("r1", "2023-10-17"),
                claim("no-blast", "blast", "occurred", "").negated().report("r2", "2023-10-18"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        let f = run_pack(
            TOLL_MEANS_BLAST,
            &[
                claim("toll", "blast", "killed", "471").certainty("possible").report("r1", "2023-10-17"),
                claim("no-blast", "blast", "occurred", "").negated().report("r2", "2023-10-18"),
            ],
        );
        assert!(f.is_empty(), "a hedge implies only a hedge: {f:?}");
        let corpus = corpus_with(
            &[TOLL_MEANS_BLAST],
            &[claim("toll", "blast", "killed", "471").certainty("unknown").report("r1", "2023-10-17")],
        );
        assert!(derived_refs(&corpus).is_empty(), "an open question implies nothing");
    }

    #[test]
    fn the_standard_packs_derive_the_event_from_its_toll() {
        let f = run_standard(&[
            claim("toll", "blast", "killed", "at-least 500").report("r1", "2023-10-17"),
            claim("no-blast", "blast", "occurred", "").negated().report("r2", "2023-10-17"),
        ]);
        let negation = f.iter().find(|f| f.kind == "negation").expect("a negation finding");
        assert_eq!(negation.derivation.len(), 1, "{negation:?}");
        assert!(negation.derivation[0].rule.starts_with("killed"), "{:?}", negation.derivation);
    }
}
