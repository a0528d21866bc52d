//! Findings: what rules and the corpus checks report, as plain data.
//!
//! Renderers only format these; nothing here knows about terminals or file formats.

pub use crate::severity::Severity;

use crate::codes::Code;
use crate::model::ClaimId;
use crate::source::{Sources, Span};
use serde::Serialize;

/// A place a finding points at, with the text that labels it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub span: Span,
    /// Empty under a quoted claim's quote: renderers build that label from the claim
    /// ([`crate::render::Run::label`]), since a million stored labels were a tenth of the peak
    /// memory of a run at a million claims. Places that are not a quoted claim's keep theirs.
    /// A `Box<str>`, not a `String`: a million locations are held at once, and the capacity
    /// would be 8 more bytes each (48 bytes a location in all, from 64).
    pub label: Box<str>,
    /// When the place is a claim's quote or declaration: the claim's index in the finding's
    /// `claims` (a large corpus has a million locations; each naming its claim again would
    /// be a million more strings). Read it with [`Location::claim_index`].
    pub claim: Option<u32>,
}

impl Location {
    /// A place that is no claim's, with its label.
    pub fn new(span: Span, label: impl Into<String>) -> Location {
        Location { span, label: label.into().into_boxed_str(), claim: None }
    }

    /// The index in the finding's `claims` of the claim whose place this is.
    pub fn claim_index(&self) -> Option<usize> {
        self.claim.map(|i| i as usize)
    }
}

/// One step of a derivation chain: how a derived claim came from another.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct DerivationStep {
    pub claim: String,
    pub rule: String,
    pub from: String,
}

/// Whether a finding comes from a rule over the claims or from reading the corpus itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A rule of a loaded pack; the kind is the rule kind (`conflict`, `negation`…).
    Rule,
    /// A built-in check of the corpus (`quote-not-found`, `toml-syntax`…): the corpus could not be
    /// fully read, so the run exits 2.
    Corpus,
    /// A problem with claimlint's own configuration (`unused-allow`): reported like a rule finding.
    Config,
}

#[derive(Debug, Clone)]
pub struct Finding {
    /// Rule id or built-in code.
    pub rule: String,
    /// Rule kind, or `corpus` / `config` for built-in codes.
    pub kind: String,
    pub origin: Origin,
    pub severity: Severity,
    pub message: String,
    /// The help, when it is the finding's own; read it with [`crate::render::Run::help`], which
    /// also finds the help of `rule_help`.
    pub help: Option<String>,
    /// When the finding's help is its rule's help as the pack writes it (nothing in it to fill):
    /// the rule's index in the run's rules, where renderers read it ([`crate::render::Run::help`]).
    /// At 1M claims 126k findings each held a copy of one help (18 MB). `help`, when set, is
    /// shown instead (a kind, or a dispute, gives its own).
    pub rule_help: Option<u16>,
    /// Entity id and predicate name, for findings about a (subject, predicate).
    pub subject: Option<String>,
    pub predicate: Option<String>,
    /// Every claim involved, as `<report>#<claim>`.
    pub claims: Vec<String>,
    /// The same claims as ids, in the same order, for the rule engine's own bookkeeping (which
    /// findings repeat another); empty for corpus and config findings. Never rendered.
    pub claim_ids: Vec<ClaimId>,
    /// Places to show, primary first.
    pub locations: Vec<Location>,
    /// Notes shown after the help: reasoning, derivation chains, what is unresolved.
    pub notes: Vec<String>,
    pub derivation: Vec<DerivationStep>,
    /// The `{value}` of the rule's message, kept for the fingerprint of kinds whose finding is
    /// about one fact (`corroboration`, `unresolved`; see [`crate::fingerprint`]).
    pub value: Option<String>,
    /// The finding's identity across runs, set once findings are in output order
    /// ([`crate::fingerprint::assign`]); read it as text with [`crate::fingerprint::text`].
    pub fingerprint: u64,
    /// Which claims oppose which: indexes into `claims`, the first of each pair the one that
    /// asserts (or the earlier); at most [`crate::rules::KEPT_PAIRS`] (DESIGN §5 v2).
    pub pairs: Vec<(usize, usize)>,
    /// How many pairs there are in all, listed or not.
    pub pairs_total: usize,
    /// How many claims the finding involves, listed or not (a finding lists at most 4096).
    pub claims_total: usize,
    /// Whether the finding is made of pairs that one report relays between two sides.
    pub dispute: bool,
    /// Claims elsewhere the finding points to, by what they do to it.
    pub links: SomeLinks,
}

/// A finding's [`Links`], held in a box only once it has some: most findings have none, and four
/// empty lists in each of 138k findings (at 1M claims) were 12 MB. Read and written as `Links`
/// (`f.links.contested_by`): writing makes the box.
#[derive(Debug, Clone, Default)]
pub struct SomeLinks(Option<Box<Links>>);

// As the links read: no box and a box of empty lists are the same links.
impl PartialEq for SomeLinks {
    fn eq(&self, other: &SomeLinks) -> bool {
        **self == **other
    }
}
impl Eq for SomeLinks {}

/// What [`SomeLinks`] without a box reads as.
static NO_LINKS: Links =
    Links { contested_by: Vec::new(), answered_by: Vec::new(), resolved_by: Vec::new(), corrected_by: Vec::new() };

impl std::ops::Deref for SomeLinks {
    type Target = Links;
    fn deref(&self) -> &Links {
        self.0.as_deref().unwrap_or(&NO_LINKS)
    }
}

impl std::ops::DerefMut for SomeLinks {
    fn deref_mut(&mut self) -> &mut Links {
        self.0.get_or_insert_with(Box::default)
    }
}

impl From<Links> for SomeLinks {
    fn from(links: Links) -> SomeLinks {
        let none = links == Links::default();
        SomeLinks((!none).then(|| Box::new(links)))
    }
}

/// The claims a finding points to besides its own, as `<report>#<claim>` (DESIGN §5 v2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// corroboration: the claims that contradict the corroborated fact.
    pub contested_by: Vec<String>,
    /// unresolved: the later claims that answer the open question.
    pub answered_by: Vec<String>,
    /// a dispute: the claims of later reports that assert one side.
    pub resolved_by: Vec<String>,
    /// a `corrected` note: the claims that correct the retired ones.
    pub corrected_by: Vec<String>,
}

impl Finding {
    /// A built-in corpus problem at one place.
    pub fn corpus(code: Code, span: Span, message: impl Into<String>, label: impl Into<String>) -> Finding {
        Finding {
            rule: code.as_str().to_string(),
            kind: "corpus".to_string(),
            origin: Origin::Corpus,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            rule_help: None,
            subject: None,
            predicate: None,
            claims: Vec::new(),
            claim_ids: Vec::new(),
            locations: vec![Location::new(span, label)],
            notes: Vec::new(),
            derivation: Vec::new(),
            value: None,
            fingerprint: 0,
            pairs: Vec::new(),
            pairs_total: 0,
            claims_total: 0,
            dispute: false,
            links: SomeLinks::default(),
        }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }
    pub fn with_location(mut self, span: Span, label: impl Into<String>) -> Finding {
        self.locations.push(Location::new(span, label));
        self
    }
    pub fn with_claim(mut self, claim: String) -> Finding {
        self.claims.push(claim);
        self
    }
    /// Gives back the room its texts and lists grew into while the finding was built (a `format!`
    /// or a push doubles its buffer as it goes): at 1M claims the findings are held by the
    /// hundred thousand, and that room was a tenth of their memory.
    pub fn compact(&mut self) {
        let texts = [&mut self.rule, &mut self.kind, &mut self.message].into_iter();
        let optional = [&mut self.help, &mut self.subject, &mut self.predicate, &mut self.value].into_iter().flatten();
        let listed = self.claims.iter_mut().chain(self.notes.iter_mut());
        let steps = self.derivation.iter_mut().flat_map(|d| [&mut d.claim, &mut d.rule, &mut d.from]);
        texts.chain(optional).chain(listed).chain(steps).for_each(String::shrink_to_fit);
        self.claims.shrink_to_fit();
        self.claim_ids.shrink_to_fit();
        self.locations.shrink_to_fit();
        self.notes.shrink_to_fit();
        self.derivation.shrink_to_fit();
        self.pairs.shrink_to_fit();
    }
    pub fn primary(&self) -> Option<&Location> {
        self.locations.first()
    }

    /// The two sides of a finding whose pairs oppose one group of claims to another (DESIGN §5 v2:
    /// two claims of one side are never shown as disagreeing): per claim, side 0 (the primary
    /// claim's) or 1. `None` when the pairs do not split the claims in two (three values that all
    /// conflict), or there are no pairs.
    pub fn sides(&self) -> Option<Vec<Option<u8>>> {
        let f = self;
        if f.pairs.is_empty() {
            return None;
        }
        let n = f.claims.len();
        let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(a, b) in &f.pairs {
            if a < n && b < n {
                next[a].push(b);
                next[b].push(a);
            }
        }
        let mut side: Vec<Option<u8>> = vec![None; n];
        for start in 0..n {
            if side[start].is_some() || next[start].is_empty() {
                continue;
            }
            side[start] = Some(0);
            let mut stack = vec![start];
            while let Some(c) = stack.pop() {
                let here = side[c]?;
                for &o in &next[c] {
                    match side[o] {
                        None => {
                            side[o] = Some(1 - here);
                            stack.push(o);
                        }
                        Some(s) if s == here => return None,
                        Some(_) => {}
                    }
                }
            }
        }
        // The primary claim's side is side A.
        if side.first().copied().flatten() == Some(1) {
            side.iter_mut().for_each(|s| *s = s.map(|s| 1 - s));
        }
        Some(side)
    }
}

/// A finding that an `[[allow]]` entry of the config accepts. It is kept, not dropped, so that
/// output can show that it was accepted and why (as SARIF suppressions do), but it is held apart
/// from the findings: it never fails the run and is never counted with them.
#[derive(Debug, Clone)]
pub struct Allowed {
    pub finding: Finding,
    /// The `reason` of the entry that accepts it.
    pub reason: String,
    /// The entry's `[[allow]]` header in the config.
    pub span: Span,
}

/// Sorts findings into the order every format prints them in: severity, file, position, rule,
/// then the rest of the finding so that equal keys never depend on the order rules ran in.
pub fn sort(findings: &mut [Finding], sources: &Sources) {
    sort_by_finding(findings, sources, |f| f);
}

/// Sorts allowed findings in the same order as [`sort`] sorts findings.
pub fn sort_allowed(allowed: &mut [Allowed], sources: &Sources) {
    sort_by_finding(allowed, sources, |a| &a.finding);
}

fn sort_by_finding<T>(items: &mut [T], sources: &Sources, finding: fn(&T) -> &Finding) {
    // The keys borrow from the findings (cloning paths, claims and messages, as
    // `sort_by_cached_key` would need, costs more than the sort itself on a large corpus) and are
    // built once, not twice per comparison. The index ends each key, so the order is the stable
    // sort's.
    let mut keyed: Vec<(SortKey, usize)> =
        items.iter().enumerate().map(|(i, item)| (sort_key(finding(item), sources), i)).collect();
    keyed.sort_unstable();
    // Where each item goes; the items are then moved there in place, a cycle at a time, rather
    // than into a second vector: at 1M claims the findings are the run's largest holder, and
    // the sort is its peak.
    let mut destination = vec![0usize; keyed.len()];
    for (to, (_, from)) in keyed.into_iter().enumerate() {
        destination[from] = to;
    }
    for i in 0..items.len() {
        // Each swap puts one item where it goes, so the loop ends after n swaps in all.
        while destination[i] != i {
            let d = destination[i];
            items.swap(i, d);
            destination.swap(i, d);
        }
    }
}

type SortKey<'f> = (Severity, Option<(&'f str, usize, usize)>, &'f str, &'f [String], &'f str);

fn sort_key<'f>(f: &'f Finding, sources: &'f Sources) -> SortKey<'f> {
    let loc = f.primary().map(|l| (sources.get(l.span.file).path.as_str(), l.span.start, l.span.end));
    (f.severity, loc, f.rule.as_str(), f.claims.as_slice(), f.message.as_str())
}

/// A file yields at most this many diagnostics of one code; the rest are counted in one
/// `too-many-problems` note (DESIGN §5 v2), so that a file of a million broken lines costs what a
/// hundred do, in memory and in output.
pub const MAX_PER_CODE: usize = 100;

/// The note that `more` problems of `code` in `file` were not reported one by one.
pub fn too_many_problems(file: crate::source::FileId, code: Code, more: usize) -> Finding {
    let mut f = Finding::corpus(
        Code::TooManyProblems,
        Span::new(file, 0..0),
        format!("{more} more `{}` problems in this file are not shown", code.as_str()),
        format!("{more} more `{}`", code.as_str()),
    )
    .with_help(format!("at most {MAX_PER_CODE} problems of one code are reported per file; fix these and run again"));
    f.severity = Severity::Note;
    f
}

/// The code and count of a `too-many-problems` note made by [`too_many_problems`].
fn noted(f: &Finding) -> Option<(Code, usize)> {
    if f.rule != Code::TooManyProblems.as_str() {
        return None;
    }
    let (n, rest) = f.message.split_once(" more `")?;
    let code = rest.split_once('`')?.0;
    Some((Code::parse(code)?, n.parse().ok()?))
}

/// Keeps, of the problems `problems[from..]` (all of one file), at most [`MAX_PER_CODE`] of each
/// code, and adds a `too-many-problems` note per code for the rest. Notes already there (a reader
/// that stopped keeping a code's problems at the cap, see `FieldReader`) are folded into one per
/// code, their counts added.
pub fn cap_per_code(problems: &mut Vec<Finding>, from: usize, file: crate::source::FileId) {
    let notes = problems[from..].iter().filter(|f| f.rule == Code::TooManyProblems.as_str()).count();
    if problems.len() - from <= MAX_PER_CODE && notes <= 1 {
        return;
    }
    let note = Code::TooManyProblems.as_str();
    // Per code: the problems listed, and how many there are in all (listed or counted in a note).
    let mut listed: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut total: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut kept = from;
    for i in from..problems.len() {
        if let Some((code, n)) = noted(&problems[i]) {
            *total.entry(code.as_str().to_string()).or_default() += n;
            continue;
        }
        let rule = problems[i].rule.clone();
        *total.entry(rule.clone()).or_default() += 1;
        let n = listed.entry(rule).or_default();
        *n += 1;
        if *n <= MAX_PER_CODE || problems[i].rule == note {
            problems.swap(kept, i);
            kept += 1;
        }
    }
    problems.truncate(kept);
    for (rule, n) in total {
        let shown = listed.get(&rule).copied().unwrap_or(0).min(MAX_PER_CODE);
        if let (Some(code), true) = (Code::parse(&rule), rule != note && n > shown) {
            problems.push(too_many_problems(file, code, n - shown));
        }
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Tally {
        let mut t = Tally::default();
        for f in findings {
            match f.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Note => t.notes += 1,
            }
        }
        t
    }
}

/// Pluralises a count for summary lines: `1 error`, `2 errors`.
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacting_a_finding_keeps_every_text_and_list_and_frees_their_spare_room() {
        let roomy = |s: &str| {
            let mut t = String::with_capacity(100);
            t.push_str(s);
            t
        };
        let mut f = Finding::corpus(Code::TooManyProblems, Span::new(crate::source::FileId(0), 0..3), "m", "l")
            .with_help(roomy("help"));
        f.message = roomy("a message");
        f.claims = Vec::with_capacity(10);
        f.claims.extend([roomy("r#a"), roomy("r#b")]);
        f.notes = Vec::with_capacity(10);
        f.notes.push(roomy("a note"));
        f.derivation.push(DerivationStep { claim: roomy("r#a>x"), rule: roomy("x"), from: roomy("r#a") });
        f.pairs = Vec::with_capacity(10);
        f.pairs.push((0, 1));
        let before = f.clone();
        f.compact();
        assert_eq!(
            (&f.message, &f.help, &f.claims, &f.notes, &f.derivation, &f.pairs, &f.locations),
            (
                &before.message,
                &before.help,
                &before.claims,
                &before.notes,
                &before.derivation,
                &before.pairs,
                &before.locations
            )
        );
        assert!(f.message.capacity() < 100 && f.help.as_ref().is_some_and(|h| h.capacity() < 100));
        assert!(f.claims.capacity() == 2 && f.claims.iter().all(|c| c.capacity() < 100));
        assert!(f.notes.capacity() == 1 && f.notes[0].capacity() < 100 && f.pairs.capacity() == 1);
        assert!(f.derivation[0].claim.capacity() < 100);
        assert_eq!(f.locations[0].claim_index(), None);
    }

    #[test]
    fn links_are_boxed_only_once_written_and_read_the_same_either_way() {
        let mut f = Finding::corpus(Code::TooManyProblems, Span::new(crate::source::FileId(0), 0..0), "m", "l");
        assert!(f.links.0.is_none() && f.links.contested_by.is_empty() && f.links.corrected_by.is_empty());
        assert_eq!(f.links, SomeLinks::from(Links::default()));
        f.links.resolved_by = vec!["r#c".to_string()];
        assert!(f.links.0.is_some());
        assert_eq!(f.links.resolved_by, ["r#c"]);
        assert!(f.links.answered_by.is_empty());
        let mut emptied = f.links.clone();
        emptied.resolved_by.clear();
        assert_eq!(emptied, SomeLinks::default(), "an empty box reads as no links");
        let links = Links { contested_by: vec!["a#b".to_string()], ..Links::default() };
        assert_eq!(*SomeLinks::from(links.clone()), links);
    }
}
