//! What every kind works with: the [`Context`] of a run (the corpus, the claims `implies` rules
//! derive, all of them grouped by subject and predicate), the relations between claims the kinds
//! share, how findings are built and worded, and [`Pairs`], which folds the pairs a kind finds
//! into findings. It knows no kind: the kinds (`rules/<kind>.rs`) call into it.

use crate::findings::{DerivationStep, Finding, Location, Origin, Severity};
use crate::graph::EntityGraph;
use crate::model::*;
use rayon::prelude::*;

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
    /// Per claim (derived ones too): whether a correction retired it (`corrects`, DESIGN §3
    /// v2). A retired claim takes part in no contradiction, tension or corroboration.
    retired: Vec<bool>,
    /// Each retired quoted claim and the claims that correct it.
    corrected_by: FastMap<ClaimId, Vec<ClaimId>>,
}

impl<'a> Context<'a> {
    /// The context of `corpus`: its claims and those `derive` adds, all grouped. Derivation runs
    /// before grouping, so derived claims take part in every kind.
    pub fn with_derived(corpus: &'a Corpus, graph: &'a EntityGraph, derive: fn(&Context) -> Vec<Claim>) -> Context<'a> {
        let mut ctx = Context {
            corpus,
            graph,
            derived: Vec::new(),
            groups: Vec::new(),
            retired: Vec::new(),
            corrected_by: FastMap::default(),
        };
        for (i, c) in corpus.claims.iter().enumerate() {
            for &x in c.corrects() {
                ctx.corrected_by.entry(x).or_default().push(ClaimId(i as u32));
            }
        }
        ctx.derived = derive(&ctx);
        ctx.groups = ctx.group();
        if !ctx.corrected_by.is_empty() {
            let retired = (0..ctx.claim_count() as u32).map(|i| ctx.corrected_by.contains_key(&ctx.root(ClaimId(i))));
            ctx.retired = retired.collect();
        }
        ctx
    }

    /// Whether a correction retired the claim (or the claim it was derived from).
    pub fn is_retired(&self, id: ClaimId) -> bool {
        self.retired.get(id.0 as usize).copied().unwrap_or(false)
    }

    /// The claims that correct a retired claim (or the claim it was derived from).
    pub fn correctors(&self, id: ClaimId) -> &[ClaimId] {
        self.corrected_by.get(&self.root(id)).map_or(&[], Vec::as_slice)
    }

    fn group(&self) -> Vec<Group> {
        // Sorting by a key that never depends on load order keeps every finding deterministic.
        // The keys are built once (comparisons that look claims up cost more than the sort); the
        // claim id ends each key, so even equal keys sort one way whatever the thread count.
        let mut keyed: Vec<_> = (0..self.claim_count() as u32)
            .into_par_iter()
            .map(|i| {
                let c = self.claim(ClaimId(i));
                (c.subject, c.predicate, c.as_of.sort_key(), self.corpus.report(c.report).id.as_str(), &*c.id, i)
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
        while let Some(d) = self.claim(id).derived() {
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
        // Each finding is made compact as its group's are made, before they are all held at once.
        let compact = |g: &Group| {
            let mut found = check(g);
            found.iter_mut().for_each(Finding::compact);
            found
        };
        self.groups.par_iter().filter(|g| rule.applies_to(g.predicate)).flat_map_iter(compact).collect()
    }

    // -- relations between claims -----------------------------------------------------------

    /// Whether claiming `claimed` (affirmed) says that `fact` holds: the same value; in a
    /// progression, a later stage unless `fact` is an optional one ("in force" says "agreed" was
    /// reached, not "signed"); for entities, a value that entails it along the predicate's
    /// `entails` relations ("Putin" says "Russia", DESIGN §4 v2).
    pub fn reaches(&self, p: PredicateId, claimed: &Value, fact: &Value) -> bool {
        // A time says its day; a day says no time on it ("Sunday" is not "Sunday 08:30").
        if let (Value::Date(c), Value::Date(f)) = (claimed, fact) {
            return match (c.instant, f.instant) {
                (Some(x), Some(y)) => x == y,
                (_, None) => c.date == f.date,
                (None, Some(_)) => false,
            };
        }
        if claimed == fact {
            return true;
        }
        let pred = self.corpus.predicate(p);
        if let (Value::Entity(a), Value::Entity(b)) = (claimed, fact) {
            return self.graph.entails(*a, *b, &pred.entails);
        }
        matches!((pred.stage(claimed), pred.stage(fact)), (Some(c), Some(f)) if f < c && !pred.is_optional(fact))
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

    /// The order claims are "earlier" in (DESIGN §5 v2, as a finding's primary claim is chosen):
    /// `as-of`, then the report's `published`, then report id, then position in the report.
    pub fn earlier_key(&self, id: ClaimId) -> impl Ord + '_ {
        let c = self.claim(id);
        let report = self.corpus.report(c.report);
        (c.as_of.sort_key(), report.published.sort_key(), report.id.as_str(), c.quote.start, c.quote.end, &*c.id)
    }

    /// Two claims that both assert, the earlier first: how a pair of them is listed. Times
    /// compare at the coarser precision of the two (a day is not before a time on it), then the
    /// reports' `published` likewise, then report id and position.
    pub fn earlier_first(&self, a: ClaimId, b: ClaimId) -> (ClaimId, ClaimId) {
        let (ca, cb) = (self.claim(a), self.claim(b));
        let (ra, rb) = (self.corpus.report(ca.report), self.corpus.report(cb.report));
        let order = ca.as_of.compare(&cb.as_of).then(ra.published.compare(&rb.published)).then_with(|| {
            (ra.id.as_str(), ca.quote.start, ca.quote.end, &*ca.id).cmp(&(
                rb.id.as_str(),
                cb.quote.start,
                cb.quote.end,
                &*cb.id,
            ))
        });
        if order == std::cmp::Ordering::Greater {
            (b, a)
        } else {
            (a, b)
        }
    }

    /// Whether two claims' sources are one voice: the same source, or sources that share an
    /// entity along `speaks-for` (a claim without `source` speaks for its outlet).
    pub fn one_voice(&self, a: &Claim, b: &Claim) -> bool {
        match (&a.source, &b.source) {
            (Speaker::Entity(x), Speaker::Entity(y)) => self.graph.one_voice(*x, *y),
            (Speaker::Outlet(x), Speaker::Outlet(y)) => x == y,
            _ => false,
        }
    }

    /// Whether a pair of opposing claims is a dispute their report relays (DESIGN §4 v2): both
    /// stand in one report and their sources are not one voice.
    pub fn is_dispute(&self, a: ClaimId, b: ClaimId) -> bool {
        let (ca, cb) = (self.claim(a), self.claim(b));
        ca.report == cb.report && !self.one_voice(ca, cb)
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
        let mut label = self.corpus.claim_label(c);
        if let Some(d) = c.derived() {
            label.push_str(&format!(" (implied by {})", self.statement(d.from)));
        }
        label
    }

    /// The label a finding's location under the claim's quote stores: none for a quoted claim,
    /// whose label renderers build from the claim ([`crate::render::Run::label`]); at a million
    /// claims the labels stored were a tenth of the run's peak memory. A derived claim, which
    /// only the rules know, keeps its label.
    fn stored_label(&self, id: ClaimId) -> String {
        if self.claim(id).derived().is_some() {
            self.label(id)
        } else {
            String::new()
        }
    }

    /// `NOT agreed`, `possibly 300`: the claim's value with its polarity and certainty.
    pub fn stance(&self, id: ClaimId) -> String {
        self.corpus.stance(self.claim(id))
    }

    /// `killed: at least 500`: the predicate and stance, for claims of different predicates.
    pub fn statement(&self, id: ClaimId) -> String {
        format!("{}: {}", self.corpus.predicate(self.claim(id).predicate).name, self.stance(id))
    }

    /// The quoted words of a claim (its origin's, for a derived claim).
    pub fn quote_text(&self, id: ClaimId) -> &str {
        let span = self.claim(id).quote;
        self.corpus.sources.text(span)
    }

    /// The chain from each derived claim among `claims` back to a quoted one: one step per
    /// derivation (shared steps once), and a note per step for people.
    fn derivation(&self, claims: &[ClaimId]) -> (Vec<DerivationStep>, Vec<String>) {
        let mut steps: Vec<DerivationStep> = Vec::new();
        let mut notes = Vec::new();
        // The steps taken, looked up by hash: a finding over 20,000 derived claims looked each
        // step up among the others, which took most of its rules phase.
        let mut taken: std::collections::HashSet<DerivationStep> = std::collections::HashSet::new();
        for &c in claims {
            let mut id = c;
            while let Some(d) = self.claim(id).derived() {
                let step =
                    DerivationStep { claim: self.claim_ref(id), rule: d.rule.clone(), from: self.claim_ref(d.from) };
                if !taken.contains(&step) {
                    let mut note = format!(
                        "{} ({}) is implied by {} ({}), rule `{}`",
                        step.claim,
                        self.statement(id),
                        step.from,
                        self.statement(d.from),
                        d.rule
                    );
                    if self.claim(d.from).derived().is_none() {
                        note.push_str(&format!(", which quotes \"{}\"", self.quote_text(d.from)));
                    }
                    notes.push(note);
                    taken.insert(step.clone());
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
                ((self.corpus.sources.get(c.quote.file).path.as_str(), c.quote.start, c.quote.end, &*c.id), id)
            })
            .collect();
        keyed.sort();
        keyed.dedup_by_key(|k| k.1);
        // Within a report, its position is its quote's in the report's text: the order of claims
        // in a claim file, or the file's name, never changes which claim is primary.
        let earliest = keyed.iter().enumerate().min_by_key(|(_, (_, id))| self.earlier_key(*id));
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
        // A help with nothing to fill is the rule's, which renderers read from the rule.
        let help = rule.help.as_ref().map(|h| fill(h, &all_vars));
        let rule_help = match (&help, &rule.help) {
            (Some(filled), Some(written)) if filled == written => self.rule_index(rule),
            _ => None,
        };
        let refs: Vec<String> = claims.iter().map(|&c| self.claim_ref(c)).collect();
        Finding {
            rule: rule.id.clone(),
            kind: rule.kind.as_str().to_string(),
            origin: Origin::Rule,
            severity,
            message: fill(template, &all_vars),
            help: if rule_help.is_some() { None } else { help },
            rule_help,
            subject: Some(subject.id.clone()),
            predicate: Some(pred.name.clone()),
            locations: claims
                .iter()
                .enumerate()
                .map(|(i, &c)| Location {
                    span: self.claim(c).quote,
                    label: self.stored_label(c).into(),
                    claim: u32::try_from(i).ok(),
                })
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

    /// The index of a rule of the run among the corpus's rules (`None` for another rule, or past
    /// the 65,536th).
    fn rule_index(&self, rule: &Rule) -> Option<u16> {
        let i = self.corpus.rules.iter().position(|r| std::ptr::eq(r, rule))?;
        u16::try_from(i).ok()
    }

    /// A rule's severity for a pair: its base level, one step milder when either claim is only
    /// probable, the pair is a dispute, or the kind says so (`milder`: a figure given twice on
    /// one day, one voice revising its own figure). Adjustments never stack, and a contradiction
    /// is never milder than a warning this way (DESIGN §4 v2).
    pub fn pair_severity(&self, rule: &Rule, a: ClaimId, b: ClaimId, dispute: bool, milder: bool) -> Severity {
        let base = rule.base_severity();
        let info = rule.kind.info();
        // Only the kinds that say so (their `KindSpec`, which `explain` prints too): a tension
        // (`certainty`) is a warning whatever the firmer claim's certainty (DESIGN §4).
        let probable =
            info.milder_when_probable && [a, b].iter().any(|&c| self.claim(c).certainty == Certainty::Probable);
        if !(probable || milder || dispute) {
            base
        } else if info.milder_when_probable {
            base.milder().min(Severity::Warning.max(base))
        } else {
            base.milder()
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
            "the claims coincide because at least one is dated {} by day only; if one report came out earlier that day, give its `published` (or the claim's `as-of`) a time and the pair is read as an update, not a contradiction",
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

/// How many sides of a dispute its note names.
const SIDES_NAMED: usize = 8;

/// The help of a dispute one report relays, in place of the rule's.
const DISPUTE_HELP: &str = "one report relays two sides that are not one voice: the report is not wrong to carry both; follow up which side later reports confirm (a later report taking one side settles the dispute), or accept the finding with an `[[allow]]` and a reason";

impl Context<'_> {
    /// Marks a finding made of dispute pairs: whom each side speaks for, and, once a report
    /// published later asserts one side of every pair, a note naming it (DESIGN §4 v2).
    pub(super) fn dispute(&self, f: &mut Finding, pairs: &[(ClaimId, ClaimId)]) {
        f.dispute = true;
        // The rule's help is about reports that disagree, which does not apply to two sides one
        // report relays (issue 11); nor does the note on publication times, which
        // `same_day_note` gives only to claims of two reports or more.
        f.help = Some(DISPUTE_HELP.to_string());
        // The first sides the pairs give, each once (a dispute of thousands of pairs names a few).
        let mut sides: Vec<String> = Vec::new();
        for &(a, b) in pairs {
            let side = format!("{} says {}; {} says {}", self.voice(a), self.stance(a), self.voice(b), self.stance(b));
            if !sides.contains(&side) {
                sides.push(side);
                if sides.len() == SIDES_NAMED {
                    break;
                }
            }
        }
        let report = self.corpus.report(self.claim(pairs[0].0).report);
        f.notes.insert(
            0,
            format!(
                "\"{}\" relays a dispute between sources that are not one voice: {}",
                report.title,
                sides.join("; ")
            ),
        );
        // Resolved when, for every pair, a report published later sides with exactly one of the
        // two ("at least 90" later agrees with both "at least 120" and "90", and settles nothing).
        let mut resolvers: Vec<ClaimId> = Vec::new();
        let mut settled = true;
        let candidates = self.later_reports_on(f, report.published);
        for &(a, b) in pairs {
            let before = resolvers.len();
            resolvers.extend(candidates.iter().copied().filter(|&c| self.sides_with(c, a) != self.sides_with(c, b)));
            settled &= resolvers.len() > before;
        }
        if resolvers.is_empty() {
            return;
        }
        resolvers.sort_unstable();
        resolvers.dedup();
        let names: Vec<String> = resolvers.iter().map(|&c| self.claim_ref(c)).collect();
        if settled {
            // Every pair settled: the dispute is a note naming the reports that settled it.
            f.severity = Severity::Note;
            f.notes.push(format!("settled since: a later report takes one side ({})", names.join(", ")));
        } else {
            f.notes.push(format!("settled since for some of its pairs only, by {}", names.join(", ")));
        }
        f.links.resolved_by = names;
    }

    /// The claims of the finding's subject and predicate in reports published after `published`.
    fn later_reports_on(&self, f: &Finding, published: crate::time::Time) -> Vec<ClaimId> {
        let Some(&first) = f.claim_ids.first() else { return Vec::new() };
        let c = self.claim(first);
        let Some(group) = self.group_of(c.subject, c.predicate) else { return Vec::new() };
        group
            .claims
            .iter()
            .copied()
            .filter(|&x| {
                let report = self.corpus.report(self.claim(x).report);
                report.published.compare(&published) == std::cmp::Ordering::Greater && !self.is_retired(x)
            })
            .collect()
    }

    /// The group of a subject and predicate.
    pub fn group_of(&self, subject: EntityId, predicate: PredicateId) -> Option<&Group> {
        let i = self.groups.partition_point(|g| (g.subject, g.predicate) < (subject, predicate));
        self.groups.get(i).filter(|g| g.subject == subject && g.predicate == predicate)
    }

    /// Whether committed claim `c` takes the side of claim `side`: both assert and `c`'s value
    /// says `side`'s (for figures: their intervals agree), or both deny and `side`'s value
    /// entails what `c` denies.
    pub fn sides_with(&self, c: ClaimId, side: ClaimId) -> bool {
        let (c, side) = (self.claim(c), self.claim(side));
        if c.asserts() && side.asserts() {
            return match (&c.value, &side.value) {
                (Value::Number(x), Value::Number(y)) => {
                    let tolerance = self.corpus.predicate(c.predicate).tolerance;
                    super::interval::apart(x.interval(), y.interval(), tolerance).is_none()
                }
                (x, y) => self.reaches(c.predicate, x, y),
            };
        }
        // Denying what the side's value entails denies the side's value too ("no deal" takes
        // the side of "not signed"; "not at 08:30" does not take the side of "not that day").
        c.denies() && side.denies() && self.reaches(c.predicate, &side.value, &c.value)
    }

    /// `Dmitry Peskov (for Russia)`: a claim's source and whom it speaks for.
    pub fn voice(&self, id: ClaimId) -> String {
        let c = self.claim(id);
        let name = self.corpus.speaker_name(&c.source);
        let Speaker::Entity(e) = c.source else { return name.to_string() };
        let others: Vec<&str> = self
            .graph
            .reachable(e, Relation::SpeaksFor)
            .iter()
            .filter(|&&x| x != e)
            .map(|&x| self.corpus.entity(x).name.as_str())
            .collect();
        if others.is_empty() {
            name.to_string()
        } else {
            format!("{name} (for {})", others.join(", "))
        }
    }

    /// Turns a finding that a correction retired into the one `corrected` note that keeps it on
    /// record (DESIGN §3 v2).
    pub fn retire(&self, f: &mut Finding, claims: &[ClaimId]) {
        let mut correctors: Vec<ClaimId> =
            claims.iter().filter(|&&c| self.is_retired(c)).flat_map(|&c| self.correctors(c).iter().copied()).collect();
        correctors.sort_unstable();
        correctors.dedup();
        let names: Vec<String> = correctors.iter().map(|&c| self.claim_ref(c)).collect();
        let retired: Vec<String> =
            claims.iter().filter(|&&c| self.is_retired(c)).map(|&c| self.claim_ref(self.root(c))).collect();
        f.message = format!("corrected: {} (rule `{}`)", f.message, f.rule);
        f.rule = crate::codes::Code::Corrected.as_str().to_string();
        f.severity = Severity::Note;
        f.dispute = false;
        f.notes.insert(
            0,
            format!("{} corrected by {}: the finding is kept on record only", retired.join(", "), names.join(", ")),
        );
        f.links.corrected_by = names;
    }
}
