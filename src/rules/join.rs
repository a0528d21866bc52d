//! The join the pair kinds run over a group (DESIGN §5 v2: evaluation never goes through all
//! pairs of a group). Claims that the kind's test cannot tell apart — the same time, value,
//! polarity, certainty and retirement — form a class; the test runs once per two classes that
//! can meet, and a firing pair of classes is recorded as a block: every claim of one against
//! every claim of the other, counted as a product and connected through a few claims, never
//! listed pair by pair. Only the pairs a finding describes ([`KEPT_PAIRS`]) are listed, and
//! they are the first ones in the order the kinds always listed them (claims in group order),
//! so a group small enough to describe in full gives the findings it always gave.
//!
//! What a block cannot share is where its claims stand: a dispute is two sides one report
//! relays, so pairs of one report are split by source ([`Context::one_voice`]) and the others
//! connected through the first two reports of each side ([`cross_report_edges`]).
//!
//! The cost is O(n log n) in the group's claims, plus one test per two classes that can meet:
//! for kinds that need coinciding times, classes of one day (or one instant); for kinds that
//! order claims in time (`certainty`, `regression`), two classes one of which has a claim later
//! than one of the other's. Figures (`numeric`) are not tested class by class: they are sorted
//! (`rules::figure_join`), since thousands of distinct tolls of one day are thousands of classes
//! that all meet.
//!
//! [`KEPT_PAIRS`]: super::pairs::KEPT_PAIRS

use super::context::{Context, Group};
pub use super::meetings::Timing;
use super::meetings::{own, Atom, ByAtom, Class, Meetings, Sought, TimeKey, ValueKey};
use super::pairs::{Category, Pairs};
use crate::findings::Severity;
use crate::model::*;
use std::ops::Range;

/// How a kind pairs claims.
#[derive(Clone, Copy)]
pub struct Join<'f> {
    pub timing: Timing,
    /// Pairs within one list of claims (`conflict`, `numeric`): each pair once, the earlier claim
    /// first ([`Context::earlier_first`]). Otherwise pairs go from the first list to the second.
    pub symmetric: bool,
    /// A pair is one step milder when its two sources are one voice (a source revising its own
    /// figure). Only for kinds without disputes.
    pub milder_when_one_voice: bool,
    /// For a kind comparing figures (`numeric`): each claim's interval, when the kind's test is
    /// that two intervals lie apart, and so fires, for a figure above another, exactly from some
    /// low end up. The join then sorts the figures instead of testing every two distinct values
    /// (`rules::figure_join`). Also for values that differ whenever they are not the same
    /// (`conflict` over texts), each value a rank.
    pub figures: Option<Interval<'f>>,
    /// For figures that lie apart exactly when two claims fire only within layers: each claim's
    /// layer, and the figures that lie apart exactly when two claims of two layers fire
    /// (`conflict` over a border village in two regions, or dates with an instant written on two
    /// days: `rules::nesting`). The figures are then sorted within each layer and between each
    /// two.
    pub layers: Option<Layers<'f>>,
    /// Whether the kind's test fires only for values that bear on each other ([`Lookup`]): each
    /// class then meets only the classes of those values, or those of its time, whichever are
    /// fewer.
    pub values: Lookup,
}

impl<'f> Join<'f> {
    /// A join of claims by their times only, pairs from the first list to the second, none
    /// milder for one voice, values tested class by class.
    pub fn new(timing: Timing) -> Join<'f> {
        Join {
            timing,
            symmetric: false,
            milder_when_one_voice: false,
            figures: None,
            layers: None,
            values: Lookup::Time,
        }
    }
}

/// Which values a kind's test can fire on, so that a class is looked up by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Any two values: classes meet by time only.
    Time,
    /// The first claim's value reaches the second's ([`Context::reaches`]: the same value, a
    /// later stage, an entity that entails it, a time on its day): `negation`.
    Reached,
    /// The second claim's value is a fact the first bears on ([`Context::bears_on`]: reached by
    /// an affirmed claim's value, reaching a negated one's), or no value at all when the first
    /// asserts: `certainty`, a firm claim and a hedge about what it settles.
    Borne,
}

/// A claim's figure as an interval, for a kind comparing figures; every claim the kind joins
/// has one.
pub type Interval<'f> = &'f dyn Fn(&Claim) -> Option<(f64, f64)>;

/// A claim's figure against the claims of another layer, given the two layers (the lower first).
pub type Across<'f> = &'f dyn Fn(&Claim, u8, u8) -> Option<(f64, f64)>;

/// Layers of figures ([`Join::layers`]).
#[derive(Clone, Copy)]
pub struct Layers<'f> {
    /// A claim's layer, of a few.
    pub of: &'f dyn Fn(&Claim) -> Option<u8>,
    /// A claim's figure against the claims of another layer, given the two layers (the lower
    /// first), one of which is the claim's.
    pub across: Across<'f>,
}

/// Everything a kind's test reads of a claim (with the group's subject and predicate): claims
/// with one key are interchangeable to it. The source only when a pair's severity reads it.
type Key<'v> = (Option<TimeKey>, ValueKey<'v>, bool, Certainty, bool, Option<&'v Speaker>);

impl<'a> Context<'a> {
    /// The pairs `fires` finds in `group`: between `firsts` and `seconds` (both in group order),
    /// or within `firsts` when the join is symmetric. `fires(a, b)` is the kind's test of one
    /// pair, `Some(milder)` when it fires; it must read only what a class key holds (and the
    /// group), since it runs on one claim of each class.
    pub fn join<'c>(
        &'c self,
        rule: &'c Rule,
        group: &'c Group,
        join: Join,
        firsts: &[ClaimId],
        seconds: &[ClaimId],
        fires: impl Fn(&Claim, &Claim) -> Option<bool>,
    ) -> Pairs<'c, 'a> {
        let mut pairs = self.pairs(rule, group);
        pairs.set_symmetric(join.symmetric);
        if firsts.is_empty() {
            return pairs;
        }
        let candidates = if join.symmetric { firsts.len() * firsts.len() / 2 } else { firsts.len() * seconds.len() };
        if candidates <= pairwise_up_to() {
            self.pair_by_pair(&mut pairs, join, firsts, seconds, &fires);
            return pairs;
        }
        // The lists are filtered from the group in its order: their positions follow in one walk.
        let positions_of = |list: &[ClaimId]| -> Vec<u32> {
            let mut positions = group.claims.iter().enumerate();
            list.iter().filter_map(|&c| positions.find(|&(_, &x)| x == c).map(|(p, _)| p as u32)).collect()
        };
        let first_positions = positions_of(firsts);
        let first_classes = self.classes(group, &first_positions, join);
        let second_classes =
            if join.symmetric { None } else { Some(self.classes(group, &positions_of(seconds), join)) };
        let seconds_of = second_classes.as_ref().unwrap_or(&first_classes);
        // The second classes by value, when the join looks classes up by value: filed under their
        // own value, and for a negated first claim of `certainty` under every value they reach.
        let index = |reverse: bool| {
            let mut index: ByAtom = Vec::new();
            for (i, c) in seconds_of.iter().enumerate() {
                let value = &self.claim(c.rep).value;
                let atoms = if reverse { self.reach(group.predicate, value) } else { vec![own(value)] };
                index.extend(atoms.into_iter().map(|a| (a, i)));
            }
            index.sort_unstable();
            index
        };
        let by_value = match join.values {
            Lookup::Time => None,
            Lookup::Reached => Some((index(false), Vec::new())),
            Lookup::Borne => Some((index(false), index(true))),
        };
        let meetings = Meetings::new(seconds_of, join.timing, by_value);
        // What a first class looks up, when the join looks classes up by value.
        let reached = |x: &Class| -> Option<Sought> {
            let c = self.claim(x.rep);
            match join.values {
                Lookup::Time => None,
                Lookup::Borne if c.negated => Some(Sought { atoms: vec![own(&c.value)], reverse: true }),
                Lookup::Reached | Lookup::Borne => {
                    let mut atoms = self.reach(group.predicate, &c.value);
                    if join.values == Lookup::Borne {
                        // "It is not known who fired" leaves open whatever an assertion names.
                        atoms.push(Atom::Value(ValueKey::Unstated));
                    }
                    // Sorted and without repeats, so each value is looked up once.
                    atoms.sort_unstable();
                    atoms.dedup();
                    Some(Sought { atoms, reverse: false })
                }
            }
        };
        // Which first claims have a pair (with a claim after them in the group, when symmetric):
        // only those are looked at when the first pairs are listed.
        let mut paired = vec![false; group.claims.len()];
        // Figures are sorted (two that lie apart: `numeric`, `conflict` over nested values) or
        // swept in time order (each claim both an earlier and a later one, where one voice is
        // one source: `regression`) where the kind's test allows; otherwise classes are joined.
        // Where a pair of one voice is milder, the sweep reads voices as classes, and leaves the
        // sources that bridge classes (a spokesman for two governments) to the class join.
        let voices = match (join.figures, join.timing) {
            (Some(_), Timing::Later { .. }) if join.milder_when_one_voice => {
                self.voice_classes(first_positions.iter().map(|&p| &self.claim(group.claims[p as usize]).source))
            }
            _ => None,
        };
        let by_figures = match (join.figures, join.timing) {
            (Some(interval), Timing::Coincide | Timing::Any) if join.symmetric && !join.milder_when_one_voice => {
                let positions = &first_positions;
                match join.layers {
                    None => self.figure_join(&mut pairs, join.timing, group, positions, interval, &fires, &mut paired),
                    Some(layers) => {
                        let figures = (interval, layers);
                        self.figure_join_in_layers(
                            &mut pairs,
                            join.timing,
                            group,
                            positions,
                            figures,
                            &fires,
                            &mut paired,
                        )
                    }
                }
                true
            }
            (Some(interval), Timing::Later { strict })
                if !join.symmetric && firsts == seconds && (!join.milder_when_one_voice || voices.is_some()) =>
            {
                self.figure_sweep(
                    &mut pairs,
                    strict,
                    voices.as_ref(),
                    group,
                    &first_positions,
                    interval,
                    &fires,
                    &mut paired,
                );
                true
            }
            _ => false,
        };
        // Where the figures were sorted, the classes left to the class join are those the sort
        // left out: values without a figure (`conflict` over an entity that fits no layer of
        // `rules::nesting`), sources bridging classes of one voice (`regression`). Each is joined
        // with every class, so the cost grows with them alone, not with the group.
        let loose: Vec<bool> = match (join.figures, &voices) {
            (Some(interval), _) if by_figures && join.symmetric => first_classes
                .iter()
                .map(|c| {
                    let c = self.claim(c.rep);
                    interval(c).is_none() || join.layers.is_some_and(|layers| (layers.of)(c).is_none())
                })
                .collect(),
            (Some(_), Some(voices)) if by_figures => {
                first_classes.iter().map(|c| !voices.sorts(&self.claim(c.rep).source)).collect()
            }
            _ => Vec::new(),
        };
        let loose = |class: usize| loose.get(class).copied().unwrap_or(false);
        let mut chains = Chains::default();
        // The pair of classes `x` (first) and `y` (second), when the kind's test fires on them.
        let mut meet = |x: usize, y: usize| {
            let (cx, cy) = (&first_classes[x], &seconds_of[y]);
            let Some(milder) = fires(self.claim(cx.rep), self.claim(cy.rep)) else { return };
            match join.timing {
                Timing::Later { strict } => {
                    let classes = Meeting { x, y, cx, cy, milder, strict };
                    self.sweep(&mut pairs, join, classes, group, &mut paired, &mut chains)
                }
                _ => {
                    self.block(&mut pairs, join, cx, cy, milder);
                    mark_paired(&mut paired, cx, cy, join.symmetric);
                    if join.symmetric {
                        mark_paired(&mut paired, cy, cx, true);
                    }
                }
            }
        };
        for (x, cx) in first_classes.iter().enumerate() {
            if by_figures && !loose(x) {
                continue;
            }
            meetings.each(cx, reached(cx).as_ref(), |y| match (by_figures, join.symmetric) {
                (false, false) => meet(x, y),
                (false, true) if y > x => meet(x, y),
                // A loose class with every class after it, and before it those not loose, so
                // each pair once and in class order, as the class join takes them.
                (true, true) if y > x => meet(x, y),
                (true, true) if y < x && !loose(y) => meet(y, x),
                // In time order, a loose class as the earlier one here; as the later one below.
                (true, false) => meet(x, y),
                _ => {}
            });
        }
        if by_figures && !join.symmetric {
            // The sorted classes as the earlier ones of loose classes: all of them, the sweep of
            // two classes finding which claims of one are later than which of the other.
            for y in (0..first_classes.len()).filter(|&y| loose(y)) {
                for x in (0..first_classes.len()).filter(|&x| !loose(x)) {
                    meet(x, y);
                }
            }
        }
        if join.symmetric {
            // Two claims of one class are the same to the kind; a symmetric kind never pairs a
            // value with itself (a value is compatible with itself, an interval overlaps itself).
            debug_assert!(first_classes.iter().filter(|c| c.len() > 1).all(|c| {
                let (a, b) = (group.claims[c.positions[0] as usize], group.claims[c.positions[1] as usize]);
                fires(self.claim(a), self.claim(b)).is_none()
            }));
        }
        // The second classes a first class meets, found again for the few classes whose claims
        // are listed (kept for every class, they would take memory in the square of the classes).
        let partners_of = |x: usize| -> Vec<usize> {
            let mut found = Vec::new();
            let cx = &first_classes[x];
            let mut all = Vec::new();
            meetings.each(cx, reached(cx).as_ref(), |y| all.push(y));
            // In ascending order, as the classes are listed from.
            all.sort_unstable();
            all.into_iter().for_each(|y| {
                let cy = &seconds_of[y];
                let same = join.symmetric && y == x;
                if !same && fires(self.claim(cx.rep), self.claim(cy.rep)).is_some() {
                    found.push(y);
                }
            });
            found
        };
        self.keep_first_pairs(
            &mut pairs,
            join,
            group,
            &first_positions,
            &first_classes,
            seconds_of,
            &paired,
            partners_of,
        );
        pairs
    }

    /// The atoms of the values `value` reaches ([`Context::reaches`]): itself, and for an entity
    /// every entity it entails, for a time its instant and the day it is written on.
    pub(super) fn reach<'v>(&self, predicate: PredicateId, value: &'v Value) -> Vec<Atom<'v>> {
        match value {
            Value::Entity(e) => {
                let entails = &self.corpus.predicate(predicate).entails;
                let mut atoms: Vec<Atom> = self
                    .graph
                    .entailed(*e, entails)
                    .iter()
                    .chain([e])
                    .map(|&f| Atom::Value(ValueKey::Entity(f)))
                    .collect();
                atoms.sort_unstable();
                atoms.dedup();
                atoms
            }
            Value::Date(t) => match t.instant {
                Some(i) => vec![Atom::Instant(i), Atom::Day(t.date)],
                None => vec![Atom::Day(t.date)],
            },
            _ => vec![own(value)],
        }
    }

    /// The join of a small group, pair by pair in the order pairs are listed: classes would
    /// cost more than the pairs there (most groups of a corpus hold a handful of claims).
    fn pair_by_pair(
        &self,
        pairs: &mut Pairs,
        join: Join,
        firsts: &[ClaimId],
        seconds: &[ClaimId],
        fires: &impl Fn(&Claim, &Claim) -> Option<bool>,
    ) {
        for (i, &a) in firsts.iter().enumerate() {
            let others = if join.symmetric { &firsts[i + 1..] } else { seconds };
            for &b in others {
                let (ca, cb) = (self.claim(a), self.claim(b));
                if let Timing::Later { strict } = join.timing {
                    if !later(ca, cb, strict) {
                        continue;
                    }
                }
                let Some(milder) = fires(ca, cb) else { continue };
                let one_voice = join.milder_when_one_voice && self.one_voice(ca, cb);
                let (a, b) = if join.symmetric { self.earlier_first(a, b) } else { (a, b) };
                pairs.push_with(a, b, milder || one_voice);
            }
        }
    }

    /// The classes of the claims at `positions` (ascending), in key order.
    fn classes(&self, group: &Group, positions: &[u32], join: Join) -> Vec<Class> {
        let (timing, by_source) = (join.timing, join.milder_when_one_voice);
        let mut keyed: Vec<(Key, u32)> = positions
            .iter()
            .map(|&p| {
                let id = group.claims[p as usize];
                let c = self.claim(id);
                let time =
                    matches!(timing, Timing::Coincide | Timing::Ordered).then_some((c.as_of.date, c.as_of.instant));
                let source = by_source.then_some(&c.source);
                ((time, ValueKey::of(&c.value), c.negated, c.certainty, self.is_retired(id), source), p)
            })
            .collect();
        keyed.sort_unstable();
        let mut classes: Vec<Class> = Vec::new();
        for chunk in keyed.chunk_by(|a, b| a.0 == b.0) {
            let positions: Vec<u32> = chunk.iter().map(|k| k.1).collect();
            let mut placed: Vec<ClaimId> = positions.iter().map(|&p| group.claims[p as usize]).collect();
            placed.sort_by(|&a, &b| {
                let (ca, cb) = (self.claim(a), self.claim(b));
                (ca.report, &ca.source, a).cmp(&(cb.report, &cb.source, b))
            });
            let mut reports = Vec::new();
            for run in placed.chunk_by(|&a, &b| self.claim(a).report == self.claim(b).report) {
                let start = reports.last().map_or(0, |&(_, _, end)| end);
                reports.push((self.claim(run[0]).report, start, start + run.len()));
            }
            let (mut by_day, mut by_instant, mut days_only) = (Vec::new(), Vec::new(), Vec::new());
            if matches!(timing, Timing::Later { .. }) {
                for &p in &positions {
                    let id = group.claims[p as usize];
                    let t = self.claim(id).as_of;
                    by_day.push((t.date, id, p));
                    match t.instant {
                        Some(i) => by_instant.push((i, id, p)),
                        None => days_only.push((t.date, id, p)),
                    }
                }
                by_day.sort_unstable();
                by_instant.sort_unstable();
                days_only.sort_unstable();
            }
            let sorted = [
                by_day.iter().map(|e| e.2).collect(),
                days_only.iter().map(|e| e.2).collect(),
                by_instant.iter().map(|e| e.2).collect(),
            ];
            let days = by_day.iter().map(|e| e.0).collect();
            let instants = by_instant.iter().map(|e| e.0).collect();
            let days_only = days_only.iter().map(|e| e.0).collect();
            let timed_first_day = by_instant.iter().map(|&(_, id, _)| self.claim(id).as_of.date).min();
            classes.push(Class {
                time: chunk[0].0 .0,
                rep: group.claims[positions[0] as usize],
                positions,
                placed,
                reports,
                sorted,
                days,
                days_only,
                instants,
                timed_first_day,
            });
        }
        classes
    }

    /// Records every pair of `x` × `y` (the kind's test fired on them, `milder` as it said).
    fn block(&self, pairs: &mut Pairs, join: Join, x: &Class, y: &Class, milder: bool) {
        let rule = pairs.rule();
        if let ([a], [b]) = (x.placed.as_slice(), y.placed.as_slice()) {
            // One pair: as `Pairs::push` records it, without the allocations of a block.
            let category = pairs.category(*a, *b);
            let one_voice = join.milder_when_one_voice && self.one_voice(self.claim(*a), self.claim(*b));
            let severity = self.pair_severity(rule, *a, *b, category.is_dispute(), milder || one_voice);
            pairs.connect(category, *a, *b);
            pairs.add(category, *a, *b, 1, severity);
            return;
        }
        let retired = self.is_retired(x.rep) || self.is_retired(y.rep);
        let plain = Category::of(retired, false);
        let plain_milder = milder || (join.milder_when_one_voice && self.all_one_voice(x, y));
        let plain_severity = self.pair_severity(rule, x.rep, y.rep, false, plain_milder);
        let shared = shared_reports(x, y);
        if !rule.kind.info().disputes || shared.is_empty() {
            complete(pairs, plain, &x.placed, &y.placed, x.len() * y.len(), plain_severity);
            return;
        }
        // Claims of different reports: plain pairs, connected through a few reports' claims.
        let (xr, yr): (Vec<ReportId>, Vec<ReportId>) =
            (x.reports.iter().map(|r| r.0).collect(), y.reports.iter().map(|r| r.0).collect());
        for (i, j) in cross_report_edges(&xr, &yr) {
            pairs.connect(plain, x.placed[x.reports[i].1], y.placed[y.reports[j].1]);
        }
        let others = |reports: &[ReportId], r: ReportId| reports.iter().any(|&s| s != r);
        for (side, other_reports, other_len, other) in [(x, &yr, y.len(), y), (y, &xr, x.len(), x)] {
            for &(r, start, end) in &side.reports {
                if !others(other_reports, r) {
                    continue;
                }
                let run = &side.placed[start..end];
                for &c in &run[1..] {
                    pairs.connect(plain, run[0], c);
                }
                // Each pair counted once, from the side of `x`.
                if std::ptr::eq(side, x) {
                    let same = other.reports.iter().find(|o| o.0 == r).map_or(0, |o| o.2 - o.1);
                    let partner = other.reports.iter().find(|o| o.0 != r).map_or(run[0], |o| other.placed[o.1]);
                    pairs.add(plain, run[0], partner, run.len() * (other_len - same), plain_severity);
                }
            }
        }
        // Claims of one report: a dispute between sources that are not one voice.
        let disputed = Category::of(retired, true);
        let dispute_severity = self.pair_severity(rule, x.rep, y.rep, true, milder);
        for (xs, ys) in shared {
            for xs in xs.chunk_by(|&a, &b| self.claim(a).source == self.claim(b).source) {
                for ys in ys.chunk_by(|&a, &b| self.claim(a).source == self.claim(b).source) {
                    let n = xs.len() * ys.len();
                    if self.one_voice(self.claim(xs[0]), self.claim(ys[0])) {
                        complete(pairs, plain, xs, ys, n, plain_severity);
                    } else {
                        complete(pairs, disputed, xs, ys, n, dispute_severity);
                    }
                }
            }
        }
    }

    /// Records the pairs of `x` × `y` whose claim of `y` is later than its claim of `x` (or not
    /// earlier). `Time::compare` reads instants when both claims have one, days otherwise, so a
    /// claim's later claims are at most two runs of sorted lists: of a day, the claims of later
    /// days; of a time, the later times and the later days; and a claim's earlier claims, two
    /// runs from the start of the lists. The smaller class is walked, each claim searching the
    /// other's lists: a class of thousands of claims meeting thousands of small ones costs each
    /// of them a search, not a walk of it. Each claim walked is connected to the first claim of
    /// its runs, and the runs of each list are chained (every claim on them is in a pair with the
    /// claim that reaches furthest, so they are connected already), each list's claims once per
    /// category over the whole join ([`Chains`]); pairs are counted per claim walked.
    fn sweep(
        &self,
        pairs: &mut Pairs,
        join: Join,
        m: Meeting,
        group: &Group,
        paired: &mut [bool],
        chains: &mut Chains,
    ) {
        let rule = pairs.rule();
        debug_assert!(!rule.kind.info().disputes, "a dispute needs the report split of `block`");
        let (x, y, strict) = (m.cx, m.cy, m.strict);
        let category = Category::of(self.is_retired(x.rep) || self.is_retired(y.rep), false);
        let one_voice = join.milder_when_one_voice && self.one_voice(self.claim(x.rep), self.claim(y.rep));
        let severity = self.pair_severity(rule, x.rep, y.rep, false, m.milder || one_voice);
        // Where the claims later than `key` start in a sorted list, or (`before`) where those
        // earlier than it end.
        fn bound<K: Ord + Copy>(keys: &[K], key: K, strict: bool, before: bool) -> usize {
            keys.partition_point(|&k| if strict != before { k <= key } else { k < key })
        }
        let walk_x = x.len() <= y.len();
        let (walked, searched) = if walk_x { (x, y) } else { (y, x) };
        let lists = &searched.sorted;
        // For each list, the run reaching furthest: from its start (walking `x`) or to its end.
        let mut furthest = if walk_x { [usize::MAX; 3] } else { [0; 3] };
        for &p in &walked.positions {
            let c = group.claims[p as usize];
            let t = self.claim(c).as_of;
            let before = !walk_x;
            let runs = match t.instant {
                None => [(0, bound(&searched.days, t.date, strict, before)), (3, 0)],
                Some(i) => [
                    (1, bound(&searched.days_only, t.date, strict, before)),
                    (2, bound(&searched.instants, i, strict, before)),
                ],
            };
            let (mut n, mut partner) = (0, None);
            for (list, at) in runs.into_iter().rev().filter(|r| r.0 < 3) {
                let (start, end) = if walk_x { (at, lists[list].len()) } else { (0, at) };
                let Some(&first) = lists[list].get(start).filter(|_| start < end) else { continue };
                n += end - start;
                furthest[list] = if walk_x { furthest[list].min(start) } else { furthest[list].max(end) };
                pairs.connect(category, c, group.claims[first as usize]);
                partner = Some(group.claims[first as usize]);
            }
            let Some(partner) = partner else { continue };
            if walk_x {
                pairs.add(category, c, partner, n, severity);
                paired[p as usize] = true;
            } else {
                pairs.add(category, partner, c, n, severity);
            }
        }
        let side = if walk_x { m.y } else { m.x };
        for (list, &reach) in furthest.iter().enumerate() {
            let len = lists[list].len();
            let run = if walk_x { reach.min(len)..len } else { 0..reach };
            let (chain, new) = chains.widen(!walk_x, side, list, category, run, len);
            for w in lists[list][chain].windows(2) {
                pairs.connect(category, group.claims[w[0] as usize], group.claims[w[1] as usize]);
            }
            if !walk_x {
                // The claims of `x` in a pair: those on a run.
                for &p in &lists[list][new] {
                    paired[p as usize] = true;
                }
            }
        }
    }

    /// Whether every source of `x` is one voice with every source of `y`.
    fn all_one_voice(&self, x: &Class, y: &Class) -> bool {
        let sources = |c: &Class| {
            let mut s: Vec<ClaimId> = c.placed.clone();
            s.sort_by(|&a, &b| self.claim(a).source.cmp(&self.claim(b).source));
            s.dedup_by(|a, b| self.claim(*a).source == self.claim(*b).source);
            s
        };
        let (xs, ys) = (sources(x), sources(y));
        xs.iter().all(|&a| ys.iter().all(|&b| self.one_voice(self.claim(a), self.claim(b))))
    }

    /// Lists the first pairs in the order the kinds list them: first claims in group order, each
    /// with its partners in group order, until [`Pairs`] keeps no more.
    #[allow(clippy::too_many_arguments)]
    fn keep_first_pairs(
        &self,
        pairs: &mut Pairs,
        join: Join,
        group: &Group,
        first_positions: &[u32],
        first_classes: &[Class],
        seconds: &[Class],
        paired: &[bool],
        partners_of: impl Fn(usize) -> Vec<usize>,
    ) {
        if !paired.iter().any(|&p| p) {
            return;
        }
        let mut class_of: crate::model::FastMap<u32, usize> = crate::model::FastMap::default();
        for (i, c) in first_classes.iter().enumerate() {
            for &p in &c.positions {
                class_of.insert(p, i);
            }
        }
        // Whether two claims of classes that meet are a pair: always, unless the join orders
        // them in time.
        let meets = |a: ClaimId, b: ClaimId| match join.timing {
            Timing::Later { strict } => later(self.claim(a), self.claim(b), strict),
            _ => true,
        };
        // Claims looked at in time order before the pairs are no longer the first ones: a claim
        // with no later claim costs a look at every claim of its partner classes.
        let mut budget = SCAN_BUDGET;
        let mut met: Vec<u32> = Vec::new();
        // The partners of the last class looked at: claims of one class often come together.
        let mut partners: Option<(usize, Vec<usize>)> = None;
        for &a in first_positions {
            let room = pairs.kept_room();
            if room == 0 || budget == 0 {
                break;
            }
            if !paired[a as usize] {
                continue;
            }
            let Some(&x) = class_of.get(&a) else { continue };
            if partners.as_ref().is_none_or(|(class, _)| *class != x) {
                partners = Some((x, partners_of(x)));
            }
            let Some((_, partners)) = &partners else { continue };
            met.clear();
            let id = group.claims[a as usize];
            for &y in partners {
                let positions = &seconds[y].positions;
                let start = if join.symmetric { positions.partition_point(|&p| p <= a) } else { 0 };
                let mut taken = 0;
                for &p in &positions[start..] {
                    if taken == room || budget == 0 {
                        break;
                    }
                    budget -= 1;
                    if meets(id, group.claims[p as usize]) {
                        met.push(p);
                        taken += 1;
                    }
                }
            }
            met.sort_unstable();
            met.truncate(room);
            let a = group.claims[a as usize];
            for &b in &met {
                let b = group.claims[b as usize];
                let category = pairs.category(a, b);
                let (a, b) = if join.symmetric { self.earlier_first(a, b) } else { (a, b) };
                pairs.keep(a, b, category);
            }
        }
    }
}

/// Two classes that meet in time order, by their places among the first and second classes,
/// and how the kind's test fired on them.
struct Meeting<'c> {
    x: usize,
    y: usize,
    cx: &'c Class,
    cy: &'c Class,
    milder: bool,
    strict: bool,
}

/// How much of each class's sorted lists (`Class::sorted`) a sweep has chained already, per
/// category: runs to a list's end on the second side, from its start on the first. A class met
/// by thousands of others is chained once, not once per meeting.
#[derive(Default)]
struct Chains {
    chained: crate::model::FastMap<(bool, usize, usize, Category), Range<usize>>,
}

impl Chains {
    /// Widens what is chained of a class's `list` (of `len` claims) in `category` to take in
    /// `run`, and gives what to chain for it (the new claims and their neighbour in what was
    /// chained before) and the new claims alone. Runs of one list on the first side all start at
    /// its start, on the second all end at its end, so what is chained stays one run.
    fn widen(
        &mut self,
        first_side: bool,
        class: usize,
        list: usize,
        category: Category,
        run: Range<usize>,
        len: usize,
    ) -> (Range<usize>, Range<usize>) {
        if run.is_empty() {
            return (0..0, 0..0);
        }
        let done =
            self.chained.entry((first_side, class, list, category)).or_insert(if first_side { 0..0 } else { len..len });
        let (chain, new) = if first_side {
            if run.end <= done.end {
                return (0..0, 0..0);
            }
            (done.end.saturating_sub(1)..run.end, done.end..run.end)
        } else {
            if run.start >= done.start {
                return (0..0, 0..0);
            }
            (run.start..(done.start + 1).min(len), run.start..done.start)
        };
        *done = done.start.min(run.start)..done.end.max(run.end);
        (chain, new)
    }
}

/// Whether `b` is later than `a` (or, not `strict`, not earlier), as [`Timing::Later`] reads it.
fn later(a: &Claim, b: &Claim, strict: bool) -> bool {
    match b.as_of.compare(&a.as_of) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => !strict,
        std::cmp::Ordering::Less => false,
    }
}

/// Up to how many candidate pairs a group is joined pair by pair: 1,024, or what
/// `CLAIMLINT_PAIRWISE_UP_TO` says (the tests set it to 0 to run the class join on small corpora
/// against the reference evaluator, and the fixtures keep the pair-by-pair path).
fn pairwise_up_to() -> usize {
    static UP_TO: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *UP_TO.get_or_init(|| std::env::var("CLAIMLINT_PAIRWISE_UP_TO").ok().and_then(|v| v.parse().ok()).unwrap_or(1024))
}

/// How many claims listing the first pairs may look at: a group small enough to describe in
/// full never reaches it; beyond it the pairs kept are the first of the claims looked at.
const SCAN_BUDGET: usize = 1 << 22;

/// Connects every claim of `xs` with every claim of `ys` as `n` pairs of `category`.
fn complete(pairs: &mut Pairs, category: Category, xs: &[ClaimId], ys: &[ClaimId], n: usize, severity: Severity) {
    let (Some(&x0), Some(&y0)) = (xs.first(), ys.first()) else { return };
    for &y in ys {
        pairs.connect(category, x0, y);
    }
    for &x in &xs[1..] {
        pairs.connect(category, x, y0);
    }
    pairs.add(category, x0, y0, n, severity);
}

/// The claims of `x` and of `y` in each report both have claims in.
fn shared_reports<'c>(x: &'c Class, y: &'c Class) -> Vec<(&'c [ClaimId], &'c [ClaimId])> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < x.reports.len() && j < y.reports.len() {
        let ((rx, xs, xe), (ry, ys, ye)) = (x.reports[i], y.reports[j]);
        match rx.cmp(&ry) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push((&x.placed[xs..xe], &y.placed[ys..ye]));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Edges (index into `xr`, index into `yr`) that connect the reports' claims as all the pairs
/// between different reports do. Every claim of report `r` on one side meets every claim of
/// every other report on the other, so the claims of two reports or more on each side meet
/// almost all at once: the first two reports of each side, joined to every other report of the
/// other side, connect what those pairs connect (two reports on each side, each meeting only
/// the other's claims, stay two sets, and do here too). `xr` and `yr` hold distinct reports.
fn cross_report_edges(xr: &[ReportId], yr: &[ReportId]) -> Vec<(usize, usize)> {
    let mut edges = Vec::new();
    for (h, &r) in xr.iter().enumerate().take(2) {
        edges.extend(yr.iter().enumerate().filter(|&(_, &s)| s != r).map(|(j, _)| (h, j)));
    }
    for (h, &s) in yr.iter().enumerate().take(2) {
        edges.extend(xr.iter().enumerate().filter(|&(_, &r)| r != s).map(|(i, _)| (i, h)));
    }
    edges
}

/// Marks the claims of `x` that have a pair with a claim of `y`: all of them, or when the join
/// is symmetric (a pair listed from its earlier claim in the group), those before `y`'s last.
fn mark_paired(paired: &mut [bool], x: &Class, y: &Class, symmetric: bool) {
    let last = if symmetric { y.positions.last().copied().unwrap_or(0) } else { u32::MAX };
    for &p in x.positions.iter().take_while(|&&p| p < last) {
        paired[p as usize] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Connectivity of `cross_report_edges` equals that of every pair of claims of different
    /// reports, on every small arrangement of reports.
    #[test]
    fn cross_report_edges_connect_as_all_pairs_do() {
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                x = parent[x];
            }
            x
        }
        fn components(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
            let mut parent: Vec<usize> = (0..n).collect();
            for &(a, b) in edges {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
            (0..n).map(|i| root(&mut parent, i)).collect()
        }
        // Every subset of 5 reports on each side.
        for xm in 1u32..32 {
            for ym in 1u32..32 {
                let xr: Vec<ReportId> = (0..5).filter(|i| xm & (1 << i) != 0).map(ReportId).collect();
                let yr: Vec<ReportId> = (0..5).filter(|i| ym & (1 << i) != 0).map(ReportId).collect();
                let n = xr.len() + yr.len();
                let all: Vec<(usize, usize)> = (0..xr.len())
                    .flat_map(|i| (0..yr.len()).map(move |j| (i, j)))
                    .filter(|&(i, j)| xr[i] != yr[j])
                    .map(|(i, j)| (i, xr.len() + j))
                    .collect();
                let ours: Vec<(usize, usize)> =
                    cross_report_edges(&xr, &yr).into_iter().map(|(i, j)| (i, xr.len() + j)).collect();
                assert!(ours.iter().all(|e| all.contains(e)), "an edge that is no pair: {xr:?} {yr:?}");
                assert_eq!(components(n, &ours), components(n, &all), "{xr:?} {yr:?}");
            }
        }
    }
}
