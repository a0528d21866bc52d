//! The join of a figure kind (`numeric`) over a group (DESIGN §5 v2: evaluation O(n log n) per
//! group, whatever the number of distinct values). Two figures disagree when their intervals lie
//! apart by more than the tolerance: for a figure above another, exactly when its low end is at
//! least a threshold that grows with the other's high end. So, with the figures that can meet
//! sorted by low end, the figures above a claim that it disagrees with are a suffix, found by a
//! binary search with the kind's own test; every pair is counted from its lower figure, and the
//! claims of a suffix are connected through two of them ([`Sorted::first_not_in`]), never listed
//! pair by pair. The class join (`rules::join`) tests every two classes of a day instead, which
//! for thousands of distinct figures of one toll on one day is the square of their number.
//!
//! What cannot be shared across a suffix is where the claims stand: pairs of one report are a
//! dispute unless their sources are one voice, so the suffixes leave out a claim's own report,
//! and each report's claims are joined again source by source. What decides a pair's category
//! and severity (a correction retiring a claim, `probable`, a figure dated by day only) is the
//! same for every pair of two strata ([`stratum`]), so each two strata are joined apart.

use super::context::{Context, Group};
use super::interval::by_stratum;
use super::join::{Interval, Layers, Timing};
use super::pairs::{Category, Pairs};
use crate::model::*;
use std::collections::BTreeMap;

/// A claim with its figure's interval and where it stands.
#[derive(Debug, Clone, Copy)]
struct Figure {
    id: ClaimId,
    /// Its position in the group.
    position: u32,
    lo: f64,
    hi: f64,
    report: ReportId,
    stratum: u8,
}

/// What a pair's category and severity read of a claim: whether a correction retired it,
/// whether it is `probable`, and whether it is dated by day only (a growing figure given twice
/// on one day is milder then).
fn stratum(ctx: &Context, id: ClaimId) -> u8 {
    let c = ctx.claim(id);
    u8::from(ctx.is_retired(id))
        | u8::from(c.certainty == Certainty::Probable) << 1
        | u8::from(c.as_of.instant.is_none()) << 2
}

const RETIRED: u8 = 1;

/// The kind's test of one pair: `Some(milder)` when it fires.
type Fires<'f> = &'f dyn Fn(&Claim, &Claim) -> Option<bool>;

impl<'a> Context<'a> {
    /// Records the pairs `fires` finds among the claims at `positions` (ascending) of `group`,
    /// whose figures `interval` gives, and marks in `paired` the claims in a pair. `fires` must
    /// be the test of two figures lying apart: for the figure above, firing exactly from some
    /// low end up.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn figure_join(
        &self,
        pairs: &mut Pairs<'_, 'a>,
        timing: Timing,
        group: &Group,
        positions: &[u32],
        interval: Interval<'_>,
        fires: Fires,
        paired: &mut [bool],
    ) {
        let figures = self.figures(group, positions, interval);
        let disputes = pairs.rule().kind.info().disputes;
        let mut join = FigureJoin { ctx: self, pairs, fires, paired, disputes };
        if timing != Timing::Coincide {
            // Any times (a stable predicate): every two figures meet.
            join.within(&figures);
            return;
        }
        let meetings = self.meeting_families(figures);
        for (by_day, timed) in meetings.days.values() {
            join.within(by_day);
            join.between(by_day, timed);
        }
        for at in meetings.instants.values() {
            join.within(at);
        }
    }

    /// [`Context::figure_join`] of figures in layers ([`Layers`]): within each layer by
    /// `interval`, and between each two layers by the figures `layers` gives across them.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn figure_join_in_layers(
        &self,
        pairs: &mut Pairs<'_, 'a>,
        timing: Timing,
        group: &Group,
        positions: &[u32],
        (interval, layers): (Interval<'_>, Layers<'_>),
        fires: Fires,
        paired: &mut [bool],
    ) {
        let mut by_layer: Vec<Vec<u32>> = Vec::new();
        for &p in positions {
            if let Some(layer) = (layers.of)(self.claim(group.claims[p as usize])) {
                let layer = usize::from(layer);
                by_layer.resize(by_layer.len().max(layer + 1), Vec::new());
                by_layer[layer].push(p);
            }
        }
        for (j, xs) in by_layer.iter().enumerate() {
            self.figure_join(pairs, timing, group, xs, interval, fires, paired);
            for (k, ys) in by_layer.iter().enumerate().skip(j + 1) {
                let across = |c: &Claim| (layers.across)(c, j as u8, k as u8);
                self.figure_join_between(pairs, timing, group, (xs, ys), &across, fires, paired);
            }
        }
    }

    /// [`Context::figure_join`] of the pairs with one claim at `xs` and the other at `ys` (two
    /// disjoint lists of positions, ascending).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn figure_join_between(
        &self,
        pairs: &mut Pairs<'_, 'a>,
        timing: Timing,
        group: &Group,
        (xs, ys): (&[u32], &[u32]),
        interval: Interval<'_>,
        fires: Fires,
        paired: &mut [bool],
    ) {
        let (xs, ys) = (self.figures(group, xs, interval), self.figures(group, ys, interval));
        let disputes = pairs.rule().kind.info().disputes;
        let mut join = FigureJoin { ctx: self, pairs, fires, paired, disputes };
        if timing != Timing::Coincide {
            join.between(&xs, &ys);
            return;
        }
        let (x, y) = (self.meeting_families(xs), self.meeting_families(ys));
        let none = (Vec::new(), Vec::new());
        for (date, (x_by_day, x_timed)) in &x.days {
            let (y_by_day, y_timed) = y.days.get(date).unwrap_or(&none);
            join.between(x_by_day, y_by_day);
            join.between(x_by_day, y_timed);
            join.between(x_timed, y_by_day);
        }
        for (instant, x_at) in &x.instants {
            if let Some(y_at) = y.instants.get(instant) {
                join.between(x_at, y_at);
            }
        }
    }

    /// The claims at `positions` of `group` with a figure, as figures.
    fn figures(&self, group: &Group, positions: &[u32], interval: Interval<'_>) -> Vec<Figure> {
        positions
            .iter()
            .filter_map(|&position| {
                let id = group.claims[position as usize];
                let c = self.claim(id);
                let (lo, hi) = interval(c)?;
                Some(Figure { id, position, lo, hi, report: c.report, stratum: stratum(self, id) })
            })
            .collect()
    }

    /// Which figures meet at coinciding times (as `Meetings` says): a day meets every figure of
    /// that day, dated by day or by time; a time meets the figures of its instant, whatever date
    /// they are written with. Three families of disjoint pairs, then.
    fn meeting_families(&self, figures: Vec<Figure>) -> Families {
        let mut families = Families::default();
        for f in figures {
            let t = self.claim(f.id).as_of;
            let day = families.days.entry(t.date).or_default();
            match t.instant {
                None => day.0.push(f),
                Some(i) => {
                    day.1.push(f);
                    families.instants.entry(i).or_default().push(f);
                }
            }
        }
        families
    }
}

/// Figures by when they hold: each day's claims dated by day and its timed ones, and each
/// instant's.
#[derive(Default)]
struct Families {
    days: BTreeMap<crate::time::Date, (Vec<Figure>, Vec<Figure>)>,
    instants: BTreeMap<i64, Vec<Figure>>,
}

/// One group's figure join under way.
struct FigureJoin<'j, 'p, 'a> {
    ctx: &'j Context<'a>,
    pairs: &'j mut Pairs<'p, 'a>,
    fires: Fires<'j>,
    paired: &'j mut [bool],
    /// Whether the kind tells disputes (pairs one report relays) apart.
    disputes: bool,
}

impl FigureJoin<'_, '_, '_> {
    /// The pairs among `figures`, all of which meet.
    fn within(&mut self, figures: &[Figure]) {
        self.sides(figures, &Side::new(figures, self.disputes), false);
        if self.disputes {
            for cells in self.cells(figures).values() {
                self.across(cells, cells);
            }
        }
    }

    /// The pairs between `xs` and `ys`, every two of which meet.
    fn between(&mut self, xs: &[Figure], ys: &[Figure]) {
        if xs.is_empty() || ys.is_empty() {
            return;
        }
        self.sides(xs, &Side::new(ys, self.disputes), false);
        self.sides(ys, &Side::new(xs, self.disputes), false);
        if self.disputes {
            let (xcells, ycells) = (self.cells(xs), self.cells(ys));
            for (report, xcells) in &xcells {
                let Some(ycells) = ycells.get(report) else { continue };
                self.across(xcells, ycells);
                self.across(ycells, xcells);
            }
        }
    }

    /// The pairs of one report between the figures of `xcells` and those of `ycells` above
    /// them, by source: a dispute between two sources that are not one voice. Where sharing a
    /// voice sorts the report's sources into classes ([`Context::voice_classes`]), the classes
    /// are kept apart as reports are ([`Sorted`]), every pair of two classes a dispute, and each
    /// class is joined once for its pairs of one voice: one join, where a report quoting
    /// thousands of sources would otherwise join them two by two. A source that is one voice
    /// with several classes (a spokesman for two governments) is left out of them, and joined
    /// with every source: the bridges of one set of voices as one, and a class as one.
    fn across(&mut self, xcells: &[Cell], ycells: &[Cell]) {
        let ctx = self.ctx;
        let speakers = xcells.iter().chain(ycells).map(|(rep, _)| &ctx.claim(*rep).source);
        let voices = ctx.voice_classes(speakers);
        let sorted = |cell: &Cell| voices.as_ref().is_some_and(|v| v.sorts(&ctx.claim(cell.0).source));
        if let Some(voices) = &voices {
            let voice = |f: &Figure| voices.of(&ctx.claim(f.id).source);
            let by_voice = |cells: &[Cell]| -> Vec<Figure> {
                let mut figures: Vec<Figure> = cells
                    .iter()
                    .filter(|c| sorted(c))
                    .flat_map(|c| &c.1)
                    .map(|f| Figure { report: ReportId(voice(f)), ..*f })
                    .collect();
                figures.sort_by_key(|f| (f.report, f.position));
                figures
            };
            let (xs, ys) = (by_voice(xcells), by_voice(ycells));
            self.sides(&xs, &Side::new(&ys, true), true);
            for xs in xs.chunk_by(|a, b| a.report == b.report) {
                let from = ys.partition_point(|y| y.report < xs[0].report);
                let to = from + ys[from..].partition_point(|y| y.report == xs[0].report);
                if from < to {
                    self.sides(xs, &Side::new(&ys[from..to], false), false);
                }
            }
        }
        // Two by two, the pairs of sources not both in classes: each bridge with every source.
        if xcells.iter().chain(ycells).all(sorted) {
            return;
        }
        // The sources of a class as one, since a bridge is one voice with all of a class or none
        // of it (it shares the last voice of their chains or none), and bridges of one voice
        // but for themselves as one: a report quoting thousands of officials each speaking for
        // two of ten governments is a few dozen such sets.
        let spoken: std::collections::BTreeSet<EntityId> = xcells
            .iter()
            .chain(ycells)
            .filter_map(|(rep, _)| match &ctx.claim(*rep).source {
                Speaker::Entity(e) => {
                    Some(ctx.graph.reachable(*e, Relation::SpeaksFor).iter().filter(move |v| *v != e))
                }
                _ => None,
            })
            .flatten()
            .copied()
            .collect();
        let key = |cell: &Cell| -> Merge {
            let source = &ctx.claim(cell.0).source;
            match (voices.as_ref(), source) {
                (Some(v), _) if v.sorts(source) => Merge::Class(v.of(source)),
                (Some(_), Speaker::Entity(e)) if !spoken.contains(e) => Merge::Bridge(
                    ctx.graph.reachable(*e, Relation::SpeaksFor).iter().copied().filter(|v| v != e).collect(),
                ),
                _ => Merge::Own(cell.0),
            }
        };
        let merged = |cells: &[Cell]| -> Vec<(Cell, bool)> {
            let mut keyed: Vec<(Merge, &Cell)> = cells.iter().map(|c| (key(c), c)).collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            keyed
                .chunk_by(|a, b| a.0 == b.0)
                .map(|run| {
                    let figures: Vec<Figure> = run.iter().flat_map(|(_, c)| c.1.iter().copied()).collect();
                    ((run[0].1 .0, figures), matches!(run[0].0, Merge::Class(_)))
                })
                .collect()
        };
        let (xcells, ycells) = (merged(xcells), merged(ycells));
        let bridges: Vec<usize> = (0..ycells.len()).filter(|&j| !ycells[j].1).collect();
        let bridge_first = xcells.iter().any(|c| !c.1);
        let sides: Vec<Option<Side>> =
            ycells.iter().map(|c| (bridge_first || !c.1).then(|| Side::new(&c.0 .1, false))).collect();
        for ((s, xs), sorted) in &xcells {
            let others: Box<dyn Iterator<Item = usize>> =
                if *sorted { Box::new(bridges.iter().copied()) } else { Box::new(0..ycells.len()) };
            for j in others {
                if let Some(ys) = &sides[j] {
                    self.sides(xs, ys, !self.voice(s, &ycells[j].0 .0));
                }
            }
        }
    }

    /// Whether two sources (a claim of each) are one voice.
    fn voice(&self, a: &ClaimId, b: &ClaimId) -> bool {
        self.ctx.one_voice(self.ctx.claim(*a), self.ctx.claim(*b))
    }

    /// The figures of each report by source (a claim of the source standing for it), where a
    /// report has several: the pairs within one report, by the category of their two sources.
    fn cells(&self, figures: &[Figure]) -> BTreeMap<ReportId, Vec<Cell>> {
        let mut sorted: Vec<Figure> = figures.to_vec();
        sorted.sort_by(|a, b| {
            let (ca, cb) = (self.ctx.claim(a.id), self.ctx.claim(b.id));
            (ca.report, &ca.source, a.position).cmp(&(cb.report, &cb.source, b.position))
        });
        let mut out: BTreeMap<ReportId, Vec<Cell>> = BTreeMap::new();
        for run in
            sorted.chunk_by(|a, b| a.report == b.report && self.ctx.claim(a.id).source == self.ctx.claim(b.id).source)
        {
            out.entry(run[0].report).or_default().push((run[0].id, run.to_vec()));
        }
        out
    }

    /// The pairs of a figure of `xs` with a figure of `ys` above it (leaving out pairs of one
    /// report when `ys` keeps reports apart), stratum by stratum.
    fn sides(&mut self, xs: &[Figure], ys: &Side, dispute: bool) {
        let xstrata = by_stratum(xs, |f| f.stratum);
        for list in &ys.strata {
            for xs in &xstrata {
                let retired = (xs[0].stratum | list.figures[0].stratum) & RETIRED != 0;
                self.above(xs, list, Category::of(retired, dispute));
            }
        }
    }

    /// The pairs of each figure of `xs` with the figures of `list` above it that it disagrees
    /// with (of other reports than its own when the list keeps reports apart), all of one
    /// `category` and, but for the claims' own severity, of one severity.
    fn above(&mut self, xs: &[Figure], list: &Sorted, category: Category) {
        let ctx = self.ctx;
        let rule = self.pairs.rule();
        // Where each figure's partners start in `list`, and the figure.
        let mut starts: Vec<(usize, usize)> = Vec::new();
        for (i, x) in xs.iter().enumerate() {
            let cx = ctx.claim(x.id);
            let above = list.figures.partition_point(|y| y.lo <= x.hi);
            let s = above + list.figures[above..].partition_point(|y| (self.fires)(cx, ctx.claim(y.id)).is_none());
            let own_report = list.other_reports.then_some(x.report);
            let Some(first) = list.first_not_in(s, own_report) else { continue };
            let y = list.figures[first];
            self.pairs.connect(category, x.id, y.id);
            if let Some(second) = list.first_not_in_either(s, x.report, y.report).filter(|_| list.other_reports) {
                self.pairs.connect(category, x.id, list.figures[second].id);
            }
            // The suffix may open with milder pairs and go on with firm ones (two times of one
            // day for a schedule, then other days): counted apart, each with its severity.
            let len = list.figures.len();
            let m = s + list.figures[s..].partition_point(|y| (self.fires)(cx, ctx.claim(y.id)) == Some(true));
            for (from, to, milder) in [(s, m, true), (m, len, false)] {
                let n = (to - from) - (list.in_report_from(x.report, from) - list.in_report_from(x.report, to));
                let Some(partner) = list.first_not_in(from, own_report).filter(|&p| p < to && n > 0) else { continue };
                let partner = list.figures[partner].id;
                let severity = ctx.pair_severity(rule, x.id, partner, category.is_dispute(), milder);
                self.pairs.add(category, x.id, partner, n, severity);
            }
            // The lowest pair of the figure, which the pair-by-pair join would make the set's
            // witness if it is the lowest of the set.
            if let Some(lowest) = list.lowest_from(s, own_report) {
                self.pairs.witness(category, x.id, lowest);
            }
            self.paired[x.position as usize] = true;
            starts.push((s, i));
        }
        // The figures whose partners start first are connected to all of them: with two such
        // figures of different reports, every figure of `list` in a pair is connected to them or
        // through the two partners each figure is connected to above (see `cross_report_edges`
        // in `rules::join` for the same argument over reports).
        let Some(&(s, hub)) = starts.iter().min() else { return };
        self.hub(list, s, xs[hub], category);
        if list.other_reports {
            let second = starts.iter().filter(|&&(_, i)| xs[i].report != xs[hub].report).min();
            if let Some(&(s, hub)) = second {
                self.hub(list, s, xs[hub], category);
            }
        }
    }

    /// Connects `hub` with every figure of `list` from `start` on (of another report, when the
    /// list keeps reports apart).
    fn hub(&mut self, list: &Sorted, start: usize, hub: Figure, category: Category) {
        for y in &list.figures[start..] {
            if !(list.other_reports && y.report == hub.report) {
                self.pairs.connect(category, hub.id, y.id);
                self.paired[y.position as usize] = true;
            }
        }
    }
}

/// One report's figures of one source, with a claim of the source standing for it.
type Cell = (ClaimId, Vec<Figure>);

/// What a report's cells are merged by to join the bridges between classes of one voice with
/// every source ([`FigureJoin::across`]).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Merge {
    /// The sources of one class of one voice.
    Class(u32),
    /// Bridges of one voice but for themselves: their other voices.
    Bridge(Vec<EntityId>),
    /// A source on its own: one another source speaks for, or any where nothing sorts.
    Own(ClaimId),
}

/// The figures a join looks up, by stratum, each stratum sorted.
struct Side {
    strata: Vec<Sorted>,
}

impl Side {
    fn new(figures: &[Figure], other_reports: bool) -> Side {
        Side { strata: by_stratum(figures, |f| f.stratum).into_iter().map(|s| Sorted::new(s, other_reports)).collect() }
    }
}

/// Figures sorted by low end (then by position, so the order does not depend on the input's),
/// with what finding the first figures of other reports from a place on takes.
struct Sorted {
    figures: Vec<Figure>,
    /// Whether pairs of one report are left out.
    other_reports: bool,
    /// For each place, the next place of another report than its own, and the next of neither
    /// its own nor that one's (or the length).
    next_other: Vec<u32>,
    next_third: Vec<u32>,
    /// The places of each report's figures, ascending.
    by_report: BTreeMap<ReportId, Vec<u32>>,
    /// From each place on, the lowest claim and its report, and the lowest claim of another
    /// report than that one's: a figure's lowest partner, which a set's witness is made of.
    lowest: Vec<(ClaimId, ReportId)>,
    lowest_other: Vec<Option<ClaimId>>,
}

impl Sorted {
    fn new(mut figures: Vec<Figure>, other_reports: bool) -> Sorted {
        figures.sort_by(|a, b| a.lo.total_cmp(&b.lo).then(a.position.cmp(&b.position)));
        let n = figures.len();
        let (mut next_other, mut next_third) = (vec![n as u32; n], vec![n as u32; n]);
        let mut by_report: BTreeMap<ReportId, Vec<u32>> = BTreeMap::new();
        if other_reports {
            for i in (0..n.saturating_sub(1)).rev() {
                next_other[i] =
                    if figures[i + 1].report != figures[i].report { i as u32 + 1 } else { next_other[i + 1] };
            }
            for i in (0..n).rev() {
                let j = next_other[i] as usize;
                if j == n {
                    continue;
                }
                let k = next_other[j] as usize;
                next_third[i] = if k == n || figures[k].report != figures[i].report { k as u32 } else { next_third[j] };
            }
            for (i, f) in figures.iter().enumerate() {
                by_report.entry(f.report).or_default().push(i as u32);
            }
        }
        let (mut lowest, mut lowest_other) = (vec![(ClaimId(0), ReportId(0)); n], vec![None; n]);
        for i in (0..n).rev() {
            let here = (figures[i].id, figures[i].report);
            let Some(&after) = lowest.get(i + 1) else {
                lowest[i] = here;
                continue;
            };
            let other = lowest_other[i + 1];
            let (low, high) = if here.0 < after.0 { (here, after) } else { (after, here) };
            lowest[i] = low;
            // The lowest of another report than the lowest's: the other of the two, unless both
            // are of one report.
            let candidates = [Some(high.0).filter(|_| high.1 != low.1), other.filter(|_| after.1 == low.1)];
            lowest_other[i] = candidates.into_iter().flatten().min();
        }
        Sorted { figures, other_reports, next_other, next_third, by_report, lowest, lowest_other }
    }

    /// The lowest claim from `start` on (of another report than `report`, when given).
    fn lowest_from(&self, start: usize, report: Option<ReportId>) -> Option<ClaimId> {
        let &(id, of) = self.lowest.get(start)?;
        if Some(of) != report {
            return Some(id);
        }
        self.lowest_other[start]
    }

    /// The first place from `start` on whose figure is not of `report` (any, for none).
    fn first_not_in(&self, start: usize, report: Option<ReportId>) -> Option<usize> {
        let f = self.figures.get(start)?;
        if Some(f.report) != report {
            return Some(start);
        }
        Some(self.next_other[start] as usize).filter(|&j| j < self.figures.len())
    }

    /// The first place from `start` on whose figure is of neither report.
    fn first_not_in_either(&self, start: usize, a: ReportId, b: ReportId) -> Option<usize> {
        let n = self.figures.len();
        let outside = |i: usize| i < n && self.figures[i].report != a && self.figures[i].report != b;
        if start >= n || outside(start) {
            return (start < n).then_some(start);
        }
        let next = self.next_other[start] as usize;
        if next >= n || outside(next) {
            return (next < n).then_some(next);
        }
        Some(self.next_third[start] as usize).filter(|&k| k < n)
    }

    /// How many figures of `report` are at `start` or after (none when reports are not kept
    /// apart).
    fn in_report_from(&self, report: ReportId, start: usize) -> usize {
        self.by_report.get(&report).map_or(0, |places| places.len() - places.partition_point(|&p| (p as usize) < start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(position: u32, lo: f64, report: u32) -> Figure {
        Figure { id: ClaimId(position), position, lo, hi: lo, report: ReportId(report), stratum: 0 }
    }

    /// The first places of other reports agree with a plain walk, for every start and pair of
    /// reports, on lists of reports that alternate, repeat and run.
    #[test]
    fn first_places_of_other_reports() {
        let layouts: [&[u32]; 5] =
            [&[0, 1, 0, 1, 0, 1, 2], &[0, 0, 1, 1, 2, 2, 0], &[3, 3, 3], &[0, 1, 2, 3, 0, 1], &[1]];
        for layout in layouts {
            let figures: Vec<Figure> = layout.iter().enumerate().map(|(i, &r)| figure(i as u32, i as f64, r)).collect();
            let sorted = Sorted::new(figures, true);
            for start in 0..=layout.len() {
                for a in 0..4 {
                    let walk = (start..layout.len()).find(|&i| layout[i] != a);
                    assert_eq!(sorted.first_not_in(start, Some(ReportId(a))), walk, "{layout:?} {start} {a}");
                    for b in 0..4 {
                        let walk = (start..layout.len()).find(|&i| layout[i] != a && layout[i] != b);
                        assert_eq!(
                            sorted.first_not_in_either(start, ReportId(a), ReportId(b)),
                            walk,
                            "{layout:?} {start} {a} {b}"
                        );
                    }
                    let count = (start..layout.len()).filter(|&i| layout[i] == a).count();
                    assert_eq!(sorted.in_report_from(ReportId(a), start), count);
                }
            }
        }
    }
}
