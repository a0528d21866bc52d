//! What a rule kind is: the [`KindSpec`] each kind's file (`rules/<kind>.rs`) declares, with
//! everything about the kind in one place, and what the check of its pack parameters is given.

use super::context::Context;
use crate::codes::Code;
use crate::findings::Finding;
use crate::model::{Corpus, KindInfo, Pattern, Rule, RuleKind, RuleParams};
use crate::source::Span;

/// What the documentation of each kind that can make a dispute (conflict, negation, numeric)
/// says of disputes, pairs and severity (DESIGN §4 v2), written once.
macro_rules! dispute_doc {
    () => {
        " Two claims of one report whose sources are not one voice (they share no entity along \
`speaks-for`; a claim without `source` speaks for its outlet) are a dispute the report relays: \
the finding says \"sources in <report> disagree\", names each side's source and whom it speaks \
for, is one step milder, and becomes a note naming the later report that takes one side \
(`resolved_by`). One voice contradicting itself keeps the full severity. Adjustments (probable, \
dispute, same-day figure, revised down) never stack, and a contradiction is never milder than a \
warning unless a later report settled it. Pairs of one subject and predicate fold into connected \
sets, disputes apart; the finding lists its `pairs`, which claims oppose which."
    };
}
pub(crate) use dispute_doc;

/// Everything about a rule kind: what it is ([`KindInfo`]: name, documentation, severity,
/// message), how the parameters a pack gives its rules are checked, and how a rule of it runs.
pub struct KindSpec {
    pub info: KindInfo,
    /// Checks the parameters that belong to the kind (`if`/`then`) as a rule's pack gives them,
    /// reporting every problem; `None` leaves the rule out.
    pub params: fn(&PackParams, &Corpus, &mut Vec<Finding>) -> Option<RuleParams>,
    /// Runs one rule of the kind over the claims of a run.
    pub check: fn(&Context, &Rule) -> Vec<Finding>,
}

/// A pattern as a pack gives it: where it is written, and what it resolved to (`None` when it
/// names something unknown, which is already reported).
pub struct GivenPattern {
    pub span: Span,
    pub resolved: Option<Pattern>,
}

/// The kind-specific keys of one rule in its pack, for the kind's check of them.
pub struct PackParams {
    pub kind: RuleKind,
    /// The rule's `id`, where problems about the rule as a whole point.
    pub id_span: Span,
    /// `if`.
    pub when: Option<GivenPattern>,
    pub then: Option<GivenPattern>,
}

/// The parameter check of a kind that takes none: an `if` or `then` is reported.
pub fn no_params(given: &PackParams, _: &Corpus, problems: &mut Vec<Finding>) -> Option<RuleParams> {
    let Some(pattern) = given.when.as_ref().or(given.then.as_ref()) else {
        return Some(RuleParams::None);
    };
    let msg = format!("`if`/`then` only apply to `implies` rules, not {}", given.kind);
    problems.push(Finding::corpus(Code::InvalidValue, pattern.span, msg, "not an implies rule"));
    None
}

#[cfg(test)]
mod tests {
    use crate::model::RuleKind;
    use crate::rules::KINDS;

    #[test]
    fn the_registry_numbers_and_names_every_kind_once() {
        assert_eq!(RuleKind::ALL.len(), KINDS.len());
        let mut names: Vec<&str> = Vec::new();
        for (i, kind) in RuleKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), i);
            assert_eq!(kind.spec().info.doc.name, KINDS[i].info.doc.name);
            assert_eq!(RuleKind::parse(kind.as_str()), Some(kind));
            assert!(!kind.info().default_message.is_empty(), "{kind}: no default message");
            assert!(kind.info().reports || !kind.info().milder_when_probable, "{kind} reports nothing");
            names.push(kind.as_str());
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), KINDS.len(), "a kind name is used twice");
        assert_eq!(RuleKind::parse("no-such-kind"), None);
    }
}
