//! Policy: what a corpus's config says about its rules and findings. `[severity]` sets how loud a
//! rule is (or turns it off), `[[allow]]` accepts known findings, and an allow that accepts
//! nothing is reported as `unused-allow`, so stale entries do not pile up (as cargo-deny does).
//! Accepted findings are kept apart, marked with the entry's reason and place, so that output can
//! count and show them without their failing the run.

use crate::codes::Code;
use crate::config::{Allow, Config, Level};
use crate::findings::{self, Allowed, Finding, Location, Origin, Severity};
use crate::model::{Corpus, Rule, RuleKind};
use crate::source::Span;
use crate::suggest::{closest, did_you_mean};
use std::collections::BTreeMap;

/// The code of an allow entry that matched no finding.
pub const UNUSED_ALLOW: &str = Code::UnusedAllow.as_str();

/// The config's policy, checked against the rules that were loaded.
#[derive(Debug, Clone)]
pub struct Policy {
    by_rule: BTreeMap<String, Level>,
    by_kind: BTreeMap<RuleKind, Level>,
    /// `None`: unused allows are not reported (`unused-allow = "off"`).
    unused_allow: Option<Severity>,
    allows: Vec<Allow>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            by_rule: BTreeMap::new(),
            by_kind: BTreeMap::new(),
            unused_allow: Some(Severity::Warning),
            allows: Vec::new(),
        }
    }
}

/// What a name in the config refers to.
enum Target {
    Rule,
    Kind(RuleKind),
    UnusedAllow,
}

impl Policy {
    /// Checks every rule name in `config` against `rules`; each problem is appended to `problems`
    /// and its entry left out, the rest still applies.
    pub fn new(config: Option<&Config>, rules: &[Rule], problems: &mut Vec<Finding>) -> Policy {
        let mut policy = Policy::default();
        let Some(config) = config else { return policy };
        for o in &config.severity {
            match target(&o.key.v, o.key.span, rules, problems) {
                Some(Target::Rule) if rules.iter().any(|r| r.id == o.key.v && !r.kind.info().reports) => {
                    problems.push(implies_has_no_severity(o.key.span, &o.key.v));
                }
                Some(Target::Rule) => {
                    policy.by_rule.insert(o.key.v.clone(), o.level.v);
                }
                Some(Target::Kind(kind)) if !kind.info().reports => {
                    problems.push(implies_has_no_severity(o.key.span, &o.key.v))
                }
                Some(Target::Kind(kind)) => {
                    policy.by_kind.insert(kind, o.level.v);
                }
                Some(Target::UnusedAllow) => {
                    policy.unused_allow = match o.level.v {
                        Level::Severity(s) => Some(s),
                        Level::Off => None,
                    }
                }
                None => {}
            }
        }
        for a in &config.allow {
            match target(&a.rule.v, a.rule.span, rules, problems) {
                Some(Target::Rule | Target::Kind(_)) => policy.allows.push(a.clone()),
                Some(Target::UnusedAllow) => {
                    let msg = "`unused-allow` cannot itself be allowed".to_string();
                    let f = Finding::corpus(Code::InvalidValue, a.rule.span, msg, "not a rule")
                        .with_help("to stop reporting unused allows, set `unused-allow = \"off\"` under [severity]");
                    problems.push(f);
                }
                None => {}
            }
        }
        policy
    }

    /// Applies `[severity]` to the rules before they run: a level becomes the rule's own severity,
    /// as if its pack said so (findings over only-probable claims stay a step milder); `off`
    /// removes the rule. A rule id's entry wins over its kind's.
    pub fn apply_to_rules(&self, rules: &mut Vec<Rule>) {
        rules.retain_mut(|rule| {
            let level = self.by_rule.get(&rule.id).or_else(|| self.by_kind.get(&rule.kind));
            match level {
                Some(Level::Off) => false,
                Some(Level::Severity(s)) => {
                    rule.severity = Some(*s);
                    true
                }
                None => true,
            }
        });
    }

    /// Sets apart the findings that an allow entry accepts, each marked with the first entry (in
    /// config order) that accepts it, and reports each allow that accepted none. Returns the
    /// findings that count, unsorted, and the allowed ones, sorted as output prints them.
    pub fn apply_to_findings(&self, findings: Vec<Finding>, corpus: &Corpus) -> (Vec<Finding>, Vec<Allowed>) {
        self.apply_to_rule_findings(vec![findings], Vec::new(), corpus)
    }

    /// [`Policy::apply_to_findings`] over the findings of each rule as the rules made them
    /// ([`crate::rules::run_per_rule`]), joined into one list here; `then` (the corpus's own
    /// problems) follow the unused allows. The list kept is made to size once, and each rule's
    /// list is freed as soon as it is read: at 1M claims the findings are 48 MB, and each copy
    /// of all of them held beside the lists was that much more peak memory.
    pub fn apply_to_rule_findings(
        &self,
        per_rule: Vec<Vec<Finding>>,
        then: Vec<Finding>,
        corpus: &Corpus,
    ) -> (Vec<Finding>, Vec<Allowed>) {
        let mut used = vec![false; self.allows.len()];
        let total = per_rule.iter().map(Vec::len).sum::<usize>() + self.allows.len() + then.len();
        let mut kept = Vec::with_capacity(total);
        let mut allowed = Vec::new();
        for findings in per_rule {
            for f in findings {
                // Every entry that accepts the finding is used, not only the first: a second
                // entry for the same finding is redundant, not stale.
                let mut first = None;
                for (i, a) in self.allows.iter().enumerate() {
                    if accepts(a, &f) {
                        used[i] = true;
                        first.get_or_insert(a);
                    }
                }
                match first {
                    Some(a) => allowed.push(Allowed { finding: f, reason: a.reason.v.clone(), span: a.span }),
                    None => kept.push(f),
                }
            }
        }
        if let Some(severity) = self.unused_allow {
            for (a, _) in self.allows.iter().zip(&used).filter(|(_, used)| !**used) {
                kept.push(unused(a, severity, corpus));
            }
        }
        kept.extend(then);
        findings::sort_allowed(&mut allowed, &corpus.sources);
        (kept, allowed)
    }
}

/// An allow accepts a finding of its rule (by id or kind) that involves every claim it names.
// accepts(a, f) :- rule(f) = rule(a) ∨ kind(f) = rule(a), claims(a) ⊆ claims(f).
fn accepts(a: &Allow, f: &Finding) -> bool {
    f.origin == Origin::Rule
        && (f.rule == a.rule.v || f.kind == a.rule.v)
        && a.claims.iter().all(|c| f.claims.contains(&c.v))
}

/// Resolves a rule name of the config, reporting a name that refers to nothing it can set.
fn target(name: &str, span: Span, rules: &[Rule], problems: &mut Vec<Finding>) -> Option<Target> {
    if rules.iter().any(|r| r.id == name) {
        return Some(Target::Rule);
    }
    if let Some(kind) = RuleKind::parse(name) {
        return Some(Target::Kind(kind));
    }
    if name == UNUSED_ALLOW {
        return Some(Target::UnusedAllow);
    }
    if Code::parse(name).is_some() {
        let msg = format!("`{name}` is a built-in check of the corpus: it is always on, and cannot be allowed");
        let f = Finding::corpus(Code::InvalidValue, span, msg, "a built-in check")
            .with_help("a corpus problem means a claim could not be read; fix it rather than accept it");
        problems.push(f);
        return None;
    }
    let mut names: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    names.extend(RuleKind::ALL.iter().map(|k| k.as_str()));
    names.push(UNUSED_ALLOW);
    let hint = did_you_mean(name, names.iter().copied());
    let msg = format!("no loaded rule or rule kind is called `{name}`");
    let f =
        Finding::corpus(Code::UnknownRule, span, msg, if hint.is_empty() { "unknown rule".to_string() } else { hint })
            .with_help(format!(
                "name a rule id (`claimlint rules` lists them), a kind ({}) or `unused-allow`",
                RuleKind::ALL.map(|k| k.as_str()).join(", ")
            ));
    problems.push(f);
    None
}

fn implies_has_no_severity(span: Span, name: &str) -> Finding {
    let msg = format!("`{name}` names an `implies` rule: it derives claims and reports nothing, so it has no severity");
    Finding::corpus(Code::InvalidValue, span, msg, "an implies rule")
        .with_help("to stop a derivation, load the packs without the rule")
}

fn unused(a: &Allow, severity: Severity, corpus: &Corpus) -> Finding {
    let on = if a.claims.is_empty() {
        String::new()
    } else {
        format!(" on {}", a.claims.iter().map(|c| format!("`{}`", c.v)).collect::<Vec<_>>().join(", "))
    };
    let mut locations = vec![Location::new(a.span, "accepts nothing")];
    let mut notes = vec![format!("reason given: {}", a.reason.v)];
    let known: Vec<String> =
        (0..corpus.claims.len() as u32).map(|id| corpus.claim_ref(crate::model::ClaimId(id))).collect();
    for c in &a.claims {
        if !known.contains(&c.v) {
            let hint = closest(&c.v, known.iter().map(String::as_str));
            locations.push(Location::new(c.span, "no such claim"));
            notes.push(match hint {
                Some(h) => format!("`{}` names no claim in the corpus; did you mean `{h}`?", c.v),
                None => format!("`{}` names no claim in the corpus", c.v),
            });
        }
    }
    Finding {
        rule: UNUSED_ALLOW.to_string(),
        kind: "config".to_string(),
        origin: Origin::Config,
        severity,
        message: format!("an allow entry for `{}`{on} matches no finding", a.rule.v),
        help: Some(
            "the finding it accepted is gone (fixed, or its claims renamed): remove the entry, or correct its `rule` and `claims`"
                .to_string(),
        ),
        rule_help: None,
        subject: None,
        predicate: None,
        claims: Vec::new(),
        claim_ids: Vec::new(),
        locations,
        notes,
        derivation: Vec::new(),
        value: None,
        fingerprint: 0,
        pairs: Vec::new(),
        pairs_total: 0,
        claims_total: 0,
        dispute: false,
        links: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::S;
    use crate::source::FileId;

    fn s(v: &str) -> S<String> {
        S { v: v.to_string(), span: Span::new(FileId(0), 0..0) }
    }

    fn allow(rule: &str, claims: &[&str]) -> Allow {
        Allow { rule: s(rule), claims: claims.iter().map(|c| s(c)).collect(), reason: s("why"), span: s("").span }
    }

    fn finding(rule: &str, kind: &str, origin: Origin, claims: &[&str]) -> Finding {
        let mut f = Finding::corpus(Code::UnknownKey, Span::new(FileId(0), 0..0), "m", "l");
        f.rule = rule.to_string();
        f.kind = kind.to_string();
        f.origin = origin;
        f.claims = claims.iter().map(|c| c.to_string()).collect();
        f
    }

    #[test]
    fn an_allow_needs_its_rule_and_all_its_claims() {
        let f = finding("status-clash", "negation", Origin::Rule, &["a#1", "b#2", "c#3"]);
        assert!(accepts(&allow("status-clash", &[]), &f));
        assert!(accepts(&allow("negation", &["c#3", "a#1"]), &f), "by kind, claims in any order");
        assert!(!accepts(&allow("negation", &["a#1", "d#4"]), &f), "every claim must be involved");
        assert!(!accepts(&allow("conflict", &["a#1"]), &f));
        let corpus = finding("quote-not-found", "corpus", Origin::Corpus, &[]);
        assert!(!accepts(&allow("quote-not-found", &[]), &corpus), "corpus problems are never accepted");
    }

    const CONFIG: &str = "[[allow]]\nrule = \"negation\"\n\n[[allow]]\nrule = \"status-clash\"\n";

    /// A corpus whose only file is the config (file 0, where the test findings point too), and a
    /// policy of `allows`, each with its reason and its header's span in the config.
    fn setup(allows: &[(&str, &[&str], &str, std::ops::Range<usize>)]) -> (Corpus, Policy) {
        let mut corpus = Corpus::default();
        let file = corpus.sources.add("claimlint.toml".to_string(), CONFIG);
        let allows = allows
            .iter()
            .map(|(rule, claims, reason, span)| Allow {
                reason: s(reason),
                span: Span::new(file, span.clone()),
                ..allow(rule, claims)
            })
            .collect();
        (corpus, Policy { allows, ..Policy::default() })
    }

    fn rules(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn an_accepted_finding_is_kept_apart_with_the_first_entry_that_accepts_it() {
        let (corpus, policy) =
            setup(&[("negation", &[], "accepted by kind", 0..9), ("status-clash", &["a#1"], "accepted by id", 29..38)]);
        let findings = vec![
            finding("status-clash", "negation", Origin::Rule, &["a#1", "b#2"]),
            finding("status-conflict", "conflict", Origin::Rule, &["a#1", "b#2"]),
            finding("quote-not-found", "corpus", Origin::Corpus, &[]),
        ];
        let (kept, allowed) = policy.apply_to_findings(findings, &corpus);
        assert_eq!(rules(&kept), ["status-conflict", "quote-not-found"], "both entries were used: no unused-allow");
        assert_eq!(allowed.len(), 1);
        let a = &allowed[0];
        assert_eq!(a.finding.rule, "status-clash");
        assert_eq!(a.finding.severity, Severity::Error, "an allowed finding keeps its severity");
        assert_eq!(a.reason, "accepted by kind", "the first entry in config order");
        assert_eq!(a.span, Span::new(FileId(0), 0..9));
    }

    #[test]
    fn an_unused_allow_is_reported_beside_the_allowed_findings() {
        let (corpus, policy) = setup(&[("negation", &[], "accepted", 0..9), ("conflict", &[], "stale", 29..38)]);
        let findings = vec![finding("status-clash", "negation", Origin::Rule, &["a#1", "b#2"])];
        let (kept, allowed) = policy.apply_to_findings(findings, &corpus);
        assert_eq!(rules(&kept), [UNUSED_ALLOW]);
        assert_eq!(kept[0].locations[0].span, Span::new(FileId(0), 29..38), "at the unused entry");
        assert_eq!(allowed.iter().map(|a| a.finding.rule.as_str()).collect::<Vec<_>>(), ["status-clash"]);
    }

    #[test]
    fn allowed_findings_are_in_output_order_whatever_order_the_rules_gave() {
        let (corpus, policy) = setup(&[("negation", &[], "accepted", 0..9)]);
        let mut findings = Vec::new();
        for (i, severity) in [Severity::Note, Severity::Error, Severity::Warning].into_iter().enumerate() {
            let mut f = finding(&format!("rule-{i}"), "negation", Origin::Rule, &[]);
            f.severity = severity;
            findings.push(f);
        }
        let (kept, allowed) = policy.apply_to_findings(findings, &corpus);
        assert!(kept.is_empty());
        let severities: Vec<Severity> = allowed.iter().map(|a| a.finding.severity).collect();
        assert_eq!(severities, [Severity::Error, Severity::Warning, Severity::Note]);
    }
}
