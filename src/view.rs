//! What renderers see of a check besides its findings and the source texts: a read-only view of
//! the reports, claims and rules, and what was checked (the whole corpus, or some claim files).
//!
//! Renderers never see the [`Corpus`] itself (DESIGN §6): its name tables, entities' links and
//! resolution state are the engine's business. Every output format, the HTML report included,
//! reads a run through this view, so what a renderer may depend on is said here, once.

use crate::model::{
    Claim, ClaimId, Corpus, Entity, EntityId, Predicate, PredicateId, Report, ReportId, Rule, Speaker, Value,
};

/// Read-only access to the reports, claims and rules of a checked corpus.
#[derive(Clone, Copy)]
pub struct View<'a> {
    corpus: &'a Corpus,
    scope: Option<&'a FileScope>,
}

impl<'a> View<'a> {
    /// The view of a whole corpus.
    pub fn of(corpus: &'a Corpus) -> View<'a> {
        View { corpus, scope: None }
    }

    /// The view of a check of some claim files of `corpus` (`claimlint check FILE...`).
    pub fn narrowed(corpus: &'a Corpus, scope: Option<&'a FileScope>) -> View<'a> {
        View { corpus, scope }
    }

    /// When some claim files were checked: what the findings were narrowed to. `None`: the whole
    /// corpus.
    pub fn scope(&self) -> Option<&'a FileScope> {
        self.scope
    }

    /// How many reports and claims were checked (derived claims are not counted): the corpus's,
    /// or, when some claim files were checked, theirs.
    pub fn checked(&self) -> (usize, usize) {
        match self.scope {
            Some(s) => (s.reports, s.claims),
            None => (self.corpus.reports.len(), self.corpus.claims.len()),
        }
    }

    pub fn reports(&self) -> &'a [Report] {
        &self.corpus.reports
    }
    pub fn report(&self, id: ReportId) -> &'a Report {
        self.corpus.report(id)
    }
    /// The claims as stated in the reports (derived claims are not among them).
    pub fn claims(&self) -> &'a [Claim] {
        &self.corpus.claims
    }
    /// `<report>#<claim>`, a claim's global name.
    pub fn claim_ref(&self, id: ClaimId) -> String {
        self.corpus.claim_ref(id)
    }
    /// The rules of the run, in load order.
    pub fn rules(&self) -> &'a [Rule] {
        &self.corpus.rules
    }
    pub fn predicate(&self, id: PredicateId) -> &'a Predicate {
        self.corpus.predicate(id)
    }
    /// Who asserts a claim, by name.
    pub fn speaker_name(&self, s: &'a Speaker) -> &'a str {
        self.corpus.speaker_name(s)
    }
    /// The entities of the corpus, in load order (the HTML report draws those its findings
    /// involve, with their `part-of` and `speaks-for` relations).
    pub fn entities(&self) -> &'a [Entity] {
        self.corpus.entities.as_slice()
    }
    pub fn entity(&self, id: EntityId) -> &'a Entity {
        self.corpus.entity(id)
    }
    /// The entity an id, name or alias refers to.
    pub fn lookup_entity(&self, name: &str) -> Option<EntityId> {
        self.corpus.lookup_entity(name)
    }
    /// `Subject, 2016-12-13: NOT agreed`: the label under a claim's quote, for a claim of the
    /// corpus (`None` for a claim `implies` rules derived, whose location keeps its label).
    pub fn claim_label(&self, id: ClaimId) -> Option<String> {
        self.corpus.claims.get(id.0 as usize).map(|c| self.corpus.claim_label(c))
    }
    /// A value as a person reads it.
    pub fn value_text(&self, p: PredicateId, v: &Value) -> String {
        self.corpus.value_text(p, v)
    }
}

/// What a check of some claim files (`claimlint check FILE...`) was narrowed to, for the
/// summaries. Made by [`crate::scope::narrow`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileScope {
    /// The corpus root, as shown.
    pub root: String,
    /// The claim files, as shown.
    pub files: Vec<String>,
    /// Reports and claims the files concern (derived claims are not counted): those they declare,
    /// and, for an entity file, those about its entities or with one of them as value.
    pub reports: usize,
    pub claims: usize,
    /// Reports and claims of the whole corpus, which the files were checked against.
    pub corpus_reports: usize,
    pub corpus_claims: usize,
    /// Problems reading other files of the corpus: not shown, but the corpus could not be fully
    /// read, and a claim left out there may have been one a claim of the files contradicts.
    pub problems_elsewhere: usize,
}
