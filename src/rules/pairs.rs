//! [`Pairs`]: the pairs a kind finds in one group, folded as they come into connected sets of
//! claims, one finding per set. A kind records pairs one by one ([`Pairs::push`]) or a whole
//! block of them at once (`rules::join`, which counts and connects blocks without listing them),
//! so memory and time grow with the group's claims, not with its pairs.

use super::context::{Context, Group};
use crate::findings::{Finding, Severity};
use crate::model::*;
use std::collections::BTreeMap;

impl<'a> Context<'a> {
    /// The pairs a rule finds in `group`, to be folded into findings ([`Pairs::fold`]).
    pub fn pairs<'c>(&'c self, rule: &'c Rule, group: &'c Group) -> Pairs<'c, 'a> {
        let mut claims = group.claims.clone();
        claims.sort_unstable();
        claims.dedup();
        let n = claims.len();
        Pairs {
            ctx: self,
            rule,
            group,
            claims,
            // One node per claim and category ([`Category`]).
            parent: (0..(CATEGORIES.len() * n) as u32).collect(),
            joined: vec![false; CATEGORIES.len() * n],
            severity: vec![Severity::Note; CATEGORIES.len() * n],
            count: vec![0; CATEGORIES.len() * n],
            witness: vec![None; CATEGORIES.len() * n],
            symmetric: false,
            kept: Vec::new(),
        }
    }
}

/// How many pairs of a group are kept to be described in notes; beyond them pairs are counted.
/// A group of thousands of claims that all contradict one another has millions of pairs: held
/// (and described) one by one they took gigabytes; their sets of claims are what matter.
pub const KEPT_PAIRS: usize = 4096;

/// The most claims a finding lists; `claims_total` counts them all (DESIGN §4 v2).
pub const LISTED_CLAIMS: usize = 4096;

/// What a pair of claims is, which decides the set it folds into: pairs of one category never
/// share a finding (DESIGN §4 v2: dispute pairs apart from the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Category {
    /// Claims that oppose each other across reports, or one voice contradicting itself.
    Plain = 0,
    /// Two sources of one report that are not one voice: a dispute the report relays.
    Dispute = 1,
    /// A correction retired one of the claims: the pair becomes a `corrected` note, one per
    /// finding it would have joined (so plain and dispute pairs apart here too).
    Retired = 2,
    RetiredDispute = 3,
}

impl Category {
    pub(super) fn of(retired: bool, dispute: bool) -> Category {
        match (retired, dispute) {
            (true, true) => Category::RetiredDispute,
            (true, false) => Category::Retired,
            (false, true) => Category::Dispute,
            (false, false) => Category::Plain,
        }
    }

    pub(super) fn is_dispute(self) -> bool {
        self == Category::Dispute
    }

    /// The category a standing pair's would be if a correction retired one of its claims.
    fn retired(self) -> Option<Category> {
        match self {
            Category::Plain => Some(Category::Retired),
            Category::Dispute => Some(Category::RetiredDispute),
            Category::Retired | Category::RetiredDispute => None,
        }
    }
}

const CATEGORIES: [Category; 4] = [Category::Plain, Category::Dispute, Category::Retired, Category::RetiredDispute];

/// The pairs a rule finds in one group, folded as they come into connected sets of claims (a
/// second claim of a report making the same point, or an implied earlier stage, joins the set
/// rather than repeating it): one finding per set, listing which claims oppose which. Memory
/// grows with the group's claims, not with its pairs: every pair is counted and sets the
/// finding's severity, but only the first [`KEPT_PAIRS`] are kept.
pub struct Pairs<'c, 'a> {
    ctx: &'c Context<'a>,
    rule: &'c Rule,
    group: &'c Group,
    /// The group's claims, sorted: a claim's place here is its index in the other vectors.
    claims: Vec<ClaimId>,
    /// Union-find over (category, claim): node `category × n + index`, so a claim in a dispute
    /// and in a plain pair joins two sets. A root is the lowest node of its set.
    parent: Vec<u32>,
    /// Whether the node is in any pair.
    joined: Vec<bool>,
    /// Per root: the most severe pair of the set, and how many pairs it has.
    severity: Vec<Severity>,
    count: Vec<usize>,
    /// Per root: one pair of the set (the lowest), listed when none of its pairs is kept: a set
    /// whose pairs all come after the kept ones still names one.
    witness: Vec<Option<(ClaimId, ClaimId)>>,
    /// Whether a pair is the same either way round (listed earlier claim first).
    symmetric: bool,
    kept: Vec<(ClaimId, ClaimId, Category)>,
}

impl<'c, 'a> Pairs<'c, 'a> {
    fn index(&self, c: ClaimId) -> Option<usize> {
        self.claims.binary_search(&c).ok()
    }

    fn node(&self, category: Category, index: usize) -> usize {
        category as usize * self.claims.len() + index
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let grandparent = self.parent[self.parent[x] as usize];
            self.parent[x] = grandparent;
            x = grandparent as usize;
        }
        x
    }

    /// Records that `a` and `b` (claims of the group) oppose each other; `a` is the one that
    /// asserts, or the earlier.
    pub fn push(&mut self, a: ClaimId, b: ClaimId) {
        self.push_with(a, b, false);
    }

    /// [`Pairs::push`], one step milder when `milder` (a kind's own reason: a figure given twice
    /// on one day, one voice revising its own figure).
    pub fn push_with(&mut self, a: ClaimId, b: ClaimId, milder: bool) {
        let category = self.category(a, b);
        let severity = self.ctx.pair_severity(self.rule, a, b, category.is_dispute(), milder);
        self.connect(category, a, b);
        self.add(category, a, b, 1, severity);
        self.keep(a, b, category);
    }

    /// The category of a pair of the group's claims: a dispute when the kind has them and one
    /// report relays both sides, retired when a correction retired either claim.
    pub(super) fn category(&self, a: ClaimId, b: ClaimId) -> Category {
        let ctx = self.ctx;
        let dispute = self.rule.kind.info().disputes && ctx.is_dispute(a, b);
        Category::of(ctx.is_retired(a) || ctx.is_retired(b), dispute)
    }

    /// Puts `a` and `b` in one set of `category` (they are in a pair of it, or both in pairs
    /// with one claim), without counting a pair.
    pub(super) fn connect(&mut self, category: Category, a: ClaimId, b: ClaimId) {
        let (Some(ia), Some(ib)) = (self.index(a), self.index(b)) else { return };
        let (na, nb) = (self.node(category, ia), self.node(category, ib));
        self.union(na, nb);
        self.joined[na] = true;
        self.joined[nb] = true;
        // A standing pair also joins the sets of the retired pairs around it: a correction's
        // note is one per finding its retired pairs would have joined (DESIGN §3 v2), and that
        // finding holds them through the standing pairs too.
        if let Some(retired) = category.retired() {
            let (ra, rb) = (self.node(retired, ia), self.node(retired, ib));
            self.union(ra, rb);
        }
    }

    /// Joins the sets of two nodes; the lower root stays the root.
    fn union(&mut self, na: usize, nb: usize) {
        let (ra, rb) = (self.find(na), self.find(nb));
        let (root, other) = (ra.min(rb), ra.max(rb));
        if root != other {
            self.parent[other] = root as u32;
            self.severity[root] = self.severity[root].min(self.severity[other]);
            self.count[root] += self.count[other];
            self.witness[root] = lowest(self.witness[root], self.witness[other]);
        }
    }

    /// Counts `pairs` pairs of `category`, at `severity`, in the set of `a` (connected to the
    /// other claims of those pairs already), `(a, b)` one of them.
    pub(super) fn add(&mut self, category: Category, a: ClaimId, b: ClaimId, pairs: usize, severity: Severity) {
        let Some(ia) = self.index(a) else { return };
        let root = self.find(self.node(category, ia));
        self.severity[root] = self.severity[root].min(severity);
        self.count[root] += pairs;
        let pair = if self.symmetric { (a.min(b), a.max(b)) } else { (a, b) };
        self.witness[root] = lowest(self.witness[root], Some(pair));
    }

    /// Offers `(a, b)`, a pair of `category` counted already, as its set's witness: the set
    /// keeps its lowest pair, so joins that count pairs in bulk give the witness that going
    /// pair by pair would.
    pub(super) fn witness(&mut self, category: Category, a: ClaimId, b: ClaimId) {
        let Some(ia) = self.index(a) else { return };
        let root = self.find(self.node(category, ia));
        let pair = if self.symmetric { (a.min(b), a.max(b)) } else { (a, b) };
        self.witness[root] = lowest(self.witness[root], Some(pair));
    }

    /// Says that the kind's pairs are the same either way round (`conflict`, `numeric`), so a
    /// set's [witness](Pairs::witness) is listed earlier claim first, as the kind lists pairs.
    pub(super) fn set_symmetric(&mut self, symmetric: bool) {
        self.symmetric = symmetric;
    }

    /// Keeps a pair (connected and counted already) to be described, while there is room.
    pub(super) fn keep(&mut self, a: ClaimId, b: ClaimId, category: Category) {
        if self.kept.len() < KEPT_PAIRS {
            self.kept.push((a, b, category));
        }
    }

    /// How many more pairs are kept.
    pub(super) fn kept_room(&self) -> usize {
        KEPT_PAIRS.saturating_sub(self.kept.len())
    }

    /// The rule the pairs are found by.
    pub(super) fn rule(&self) -> &'c Rule {
        self.rule
    }

    /// One finding per connected set of claims, sets in the order of their lowest claim id.
    pub fn fold(self, vars: impl Fn(&[ClaimId]) -> Vec<(&'static str, String)>) -> Vec<Finding> {
        let ctx = self.ctx;
        self.fold_with(vars, |claims, _| ctx.same_day_note(claims).into_iter().collect())
    }

    /// [`Pairs::fold`], with the notes of each finding from its claims and its kept pairs.
    pub fn fold_with(
        mut self,
        vars: impl Fn(&[ClaimId]) -> Vec<(&'static str, String)>,
        notes: impl Fn(&[ClaimId], &[(ClaimId, ClaimId)]) -> Vec<String>,
    ) -> Vec<Finding> {
        if self.kept.is_empty() {
            return Vec::new();
        }
        let n = self.claims.len();
        // Per root: its claims (in id order, as `claims` is) and its kept pairs.
        type Set = (Vec<ClaimId>, Vec<(ClaimId, ClaimId)>);
        let mut sets: BTreeMap<usize, Set> = BTreeMap::new();
        for category in CATEGORIES {
            for i in 0..n {
                let node = self.node(category, i);
                if self.joined[node] {
                    let root = self.find(node);
                    sets.entry(root).or_default().0.push(self.claims[i]);
                }
            }
        }
        for (a, b, category) in std::mem::take(&mut self.kept) {
            if let Some(ia) = self.index(a) {
                let root = self.find(self.node(category, ia));
                sets.entry(root).or_default().1.push((a, b));
            }
        }
        // A set none of whose pairs came among the kept ones (the kept room went to others)
        // lists its witness, so every finding names a pair.
        for (&root, (_, pairs)) in sets.iter_mut() {
            if let (true, Some((a, b))) = (pairs.is_empty(), self.witness[root]) {
                pairs.push(if self.symmetric { self.ctx.earlier_first(a, b) } else { (a, b) });
            }
        }
        let ctx = self.ctx;
        // Sets in the order of their lowest claim, whatever their category.
        let mut sets: Vec<(usize, Set)> = sets.into_iter().collect();
        sets.sort_by_key(|(root, (claims, _))| (claims.first().copied(), *root));
        sets.into_iter()
            .map(|(root, (claims, pairs))| {
                let category = CATEGORIES[root / n.max(1)];
                let listed = listed_claims(&claims, &pairs);
                let mut vars = vars(&claims);
                if category == Category::Dispute {
                    vars.push((
                        "who",
                        format!("sources in \"{}\"", ctx.corpus.report(ctx.claim(claims[0]).report).title),
                    ));
                }
                let mut f = ctx.finding(self.rule, self.group, &listed, self.severity[root], &vars);
                f.claims_total = claims.len();
                f.notes.extend(notes(&claims, &pairs));
                let unlisted = self.count[root] - pairs.len();
                if unlisted > 0 {
                    f.notes.push(format!(
                        "{} pairs in all among these claims (notes that go pair by pair stop at {})",
                        self.count[root],
                        pairs.len()
                    ));
                }
                if claims.len() > listed.len() {
                    f.notes.push(format!("{} claims in all; the first {} are listed", claims.len(), listed.len()));
                }
                f.pairs_total = self.count[root];
                set_pairs(&mut f, &pairs);
                match category {
                    Category::Plain => {}
                    Category::Dispute => ctx.dispute(&mut f, &pairs),
                    Category::Retired | Category::RetiredDispute => ctx.retire(&mut f, &claims),
                }
                f
            })
            .collect()
    }
}

/// The lower of two pairs, a pair before none.
fn lowest(a: Option<(ClaimId, ClaimId)>, b: Option<(ClaimId, ClaimId)>) -> Option<(ClaimId, ClaimId)> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The claims a finding lists: all of them up to [`LISTED_CLAIMS`], else those of its kept pairs
/// first, so that every pair listed names listed claims.
fn listed_claims(claims: &[ClaimId], pairs: &[(ClaimId, ClaimId)]) -> Vec<ClaimId> {
    if claims.len() <= LISTED_CLAIMS {
        return claims.to_vec();
    }
    // The claims of the pairs in the order the pairs came, so that both claims of the first
    // pairs are listed whatever their ids.
    let mut seen: std::collections::HashSet<ClaimId> = std::collections::HashSet::new();
    let mut listed: Vec<ClaimId> = Vec::new();
    for c in pairs.iter().flat_map(|&(a, b)| [a, b]) {
        if listed.len() == LISTED_CLAIMS {
            break;
        }
        if seen.insert(c) {
            listed.push(c);
        }
    }
    listed.sort_unstable();
    let room = LISTED_CLAIMS - listed.len();
    let rest: Vec<ClaimId> = claims.iter().copied().filter(|c| listed.binary_search(c).is_err()).take(room).collect();
    listed.extend(rest);
    listed.sort_unstable();
    listed
}

/// A finding's `pairs`: its kept pairs as indexes into its `claims`, each pair once.
fn set_pairs(f: &mut Finding, pairs: &[(ClaimId, ClaimId)]) {
    let index: FastMap<ClaimId, usize> = f.claim_ids.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let mut listed: Vec<(usize, usize)> =
        pairs.iter().filter_map(|(a, b)| Some((*index.get(a)?, *index.get(b)?))).collect();
    let mut seen = std::collections::HashSet::with_capacity(listed.len());
    listed.retain(|p| seen.insert(*p));
    listed.sort_unstable();
    f.pairs = listed;
}
