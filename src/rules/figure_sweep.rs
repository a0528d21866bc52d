//! The join of a figure kind that reads claims in time order (`regression`: a growing figure
//! that a later report gives lower), over a group (DESIGN §5 v2: evaluation O(n log n) per
//! group). A pair is an earlier figure and a later one lying below it by more than the
//! tolerance: for a later figure, the earlier ones above some threshold of low end. So the
//! claims are swept in time order, the earlier figures kept in a Fenwick tree by low end (to
//! count a later figure's partners) and as components by their highest low end (to connect
//! them: every component with a figure above the threshold joins the later figure's, and the
//! components merged are one entry from then on). The class join (`rules::join`) tests every
//! two classes with claims in time order instead, which for thousands of distinct figures over
//! two days is the square of their number.
//!
//! A pair is milder when its sources are one voice. The sweep counts a later figure's partners
//! of its own class of one voice, so it runs over the sources that sharing a voice sorts into
//! classes ([`Context::voice_classes`]); the claims of sources bridging classes are left to the
//! class join.

use super::context::{Context, Group};
use super::fenwick::Fenwick;
use super::interval::by_stratum;
use super::join::Interval;
use super::pairs::{Category, Pairs};
use super::voices::VoiceClasses;
use crate::model::*;
use std::collections::{BTreeMap, HashMap};

/// A claim with its figure, its time as the sweep reads it, and its class of one voice.
#[derive(Debug, Clone, Copy)]
struct Point {
    id: ClaimId,
    position: u32,
    lo: f64,
    hi: f64,
    /// A day (days since a fixed date) or an instant, as the family of pairs compares them.
    key: i64,
    voice: u32,
    stratum: u8,
}

/// Whether a correction retired the claim, and whether it is `probable`: what decides the
/// category and, but for one voice, the severity of its pairs.
const RETIRED: u8 = 1;

/// The kind's test of one pair (earlier, later): `Some(milder)` when it fires.
type Fires<'f> = &'f dyn Fn(&Claim, &Claim) -> Option<bool>;

impl<'a> Context<'a> {
    /// Records the pairs (earlier, later) `fires` finds among the claims at `positions`
    /// (ascending) of `group`, each of them both an earlier and a later figure, whose figures
    /// `interval` gives; marks in `paired` the claims with a later partner. The later claim is
    /// later than the earlier (`strict`) or not earlier, as `Time::compare` reads them. With
    /// `voices`, a pair of one voice is milder.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn figure_sweep(
        &self,
        pairs: &mut Pairs<'_, 'a>,
        strict: bool,
        voices: Option<&VoiceClasses>,
        group: &Group,
        positions: &[u32],
        interval: Interval<'_>,
        fires: Fires,
        paired: &mut [bool],
    ) {
        // A time compares by instant with another time, by day otherwise: three families of
        // pairs, each of one key. A day with every claim of a later day; a time with the later
        // days of claims dated by day only, and with the later instants.
        let (mut days, mut days_only, mut instants, mut timed_by_day) = (vec![], vec![], vec![], vec![]);
        for &position in positions {
            let id = group.claims[position as usize];
            let c = self.claim(id);
            let Some((lo, hi)) = interval(c) else { continue };
            if voices.is_some_and(|v| !v.sorts(&c.source)) {
                continue;
            }
            let stratum = u8::from(self.is_retired(id)) | u8::from(c.certainty == Certainty::Probable) << 1;
            // Days in order (not a count of days: only their order is read).
            let date = c.as_of.date;
            let day = i64::from(date.year) * 512 + i64::from(date.month) * 32 + i64::from(date.day);
            let voice = voices.map_or(0, |v| v.of(&c.source));
            let point = Point { id, position, lo, hi, key: day, voice, stratum };
            days.push(point);
            match c.as_of.instant {
                None => days_only.push(point),
                Some(instant) => {
                    timed_by_day.push(point);
                    instants.push(Point { key: instant, ..point });
                }
            }
        }
        let milder_when_one_voice = voices.is_some();
        let mut sweep = FigureSweep { ctx: self, pairs, fires, paired, strict, milder_when_one_voice };
        sweep.family(&days_only, &days);
        sweep.family(&timed_by_day, &days_only);
        sweep.family(&instants, &instants);
    }
}

/// One group's figure sweep under way.
struct FigureSweep<'j, 'p, 'a> {
    ctx: &'j Context<'a>,
    pairs: &'j mut Pairs<'p, 'a>,
    fires: Fires<'j>,
    paired: &'j mut [bool],
    strict: bool,
    milder_when_one_voice: bool,
}

impl FigureSweep<'_, '_, '_> {
    /// The pairs of an earlier figure of `earlier` and a later one of `later`, stratum by stratum.
    fn family(&mut self, earlier: &[Point], later: &[Point]) {
        if earlier.is_empty() || later.is_empty() {
            return;
        }
        let (earlier, later) = (by_stratum(earlier, |p| p.stratum), by_stratum(later, |p| p.stratum));
        for xs in &earlier {
            for ys in &later {
                self.sweep(xs, ys);
            }
        }
    }

    /// The pairs of an earlier figure of `xs` and a later one of `ys`, all of one category and,
    /// but for one voice, one severity.
    fn sweep(&mut self, xs: &[Point], ys: &[Point]) {
        let ctx = self.ctx;
        let rule = self.pairs.rule();
        let category = Category::of((xs[0].stratum | ys[0].stratum) & RETIRED != 0, false);
        // The earlier figures by low end; a later figure's partners are those from its threshold.
        let mut by_lo: Vec<Point> = xs.to_vec();
        by_lo.sort_by(|a, b| a.lo.total_cmp(&b.lo).then(a.position.cmp(&b.position)));
        let threshold = |y: &Point| {
            let cy = ctx.claim(y.id);
            let above = by_lo.partition_point(|x| x.lo <= y.hi);
            above + by_lo[above..].partition_point(|x| (self.fires)(ctx.claim(x.id), cy).is_none())
        };
        let thresholds: Vec<usize> = ys.iter().map(threshold).collect();
        // Events in time order, each (key, order at the key, index), the earlier figures with
        // order `strict`: at one key, a later figure comes before the earlier ones when the pair
        // needs a strictly later time (they do not pair), after them otherwise.
        let mut events: Vec<(i64, bool, usize)> = Vec::with_capacity(by_lo.len() + ys.len());
        events.extend(by_lo.iter().enumerate().map(|(i, x)| (x.key, self.strict, i)));
        events.extend(ys.iter().enumerate().map(|(j, y)| (y.key, !self.strict, j)));
        events.sort_unstable();
        let n = by_lo.len();
        let mut all = Fenwick::new(n);
        // The lowest claim among the earlier figures swept, from a place on: a set's witness is
        // its lowest pair, as the pair-by-pair join finds it.
        let mut lowest = LowestFrom::new(n);
        // The earlier figures of each voice, for the partners of a later figure's own voice.
        let mut of_voice: HashMap<u32, (Vec<usize>, Fenwick)> = HashMap::new();
        if self.milder_when_one_voice {
            for (i, x) in by_lo.iter().enumerate() {
                of_voice.entry(x.voice).or_insert_with(|| (Vec::new(), Fenwick::new(0))).0.push(i);
            }
            for (places, tree) in of_voice.values_mut() {
                *tree = Fenwick::new(places.len());
            }
        }
        // Components of the earlier figures swept, by their highest place in `by_lo`.
        let mut components: BTreeMap<usize, ()> = BTreeMap::new();
        for (_, order, i) in events {
            if order == self.strict {
                // An earlier figure.
                all.add(i);
                lowest.add(i, by_lo[i].id);
                if let Some((places, tree)) = of_voice.get_mut(&by_lo[i].voice) {
                    tree.add(places.partition_point(|&p| p < i));
                }
                components.insert(i, ());
                continue;
            }
            let (y, start) = (ys[i], thresholds[i]);
            let count = all.from(start);
            if count == 0 {
                continue;
            }
            let own =
                of_voice.get(&y.voice).map_or(0, |(places, tree)| tree.from(places.partition_point(|&p| p < start)));
            let hit: Vec<usize> = components.range(start..).map(|(&k, _)| k).collect();
            let top = *hit.last().unwrap_or(&start);
            for &k in &hit {
                self.pairs.connect(category, by_lo[k].id, y.id);
                components.remove(&k);
            }
            components.insert(top, ());
            let x = by_lo[top];
            // Milder when every partner is of the later figure's own voice.
            let milder = (self.fires)(ctx.claim(x.id), ctx.claim(y.id)).unwrap_or(false) || (own == count);
            let severity = ctx.pair_severity(rule, x.id, y.id, false, milder);
            self.pairs.add(category, lowest.from(start).unwrap_or(x.id), y.id, count, severity);
        }
        self.mark_paired(&by_lo, ys, &thresholds);
    }

    /// Marks the earlier figures with a later partner: those at or above the lowest threshold
    /// of the figures later than them.
    fn mark_paired(&mut self, by_lo: &[Point], ys: &[Point], thresholds: &[usize]) {
        // Descending time, the earlier figures with order `strict`: at one key, the earlier
        // figures come first when pairs need a strictly later time (the later figures of that
        // key are not their partners), after the later ones otherwise.
        let mut events: Vec<(i64, bool, usize)> = Vec::with_capacity(by_lo.len() + ys.len());
        events.extend(by_lo.iter().enumerate().map(|(i, x)| (x.key, self.strict, i)));
        events.extend(ys.iter().enumerate().map(|(j, y)| (y.key, !self.strict, j)));
        events.sort_unstable_by(|a, b| b.cmp(a));
        let mut lowest = usize::MAX;
        for (_, order, i) in events {
            if order == self.strict {
                if i >= lowest {
                    self.paired[by_lo[i].position as usize] = true;
                }
            } else {
                lowest = lowest.min(thresholds[i]);
            }
        }
    }
}

/// The lowest claim marked from a place on, in O(log n): a tree of minima over places.
struct LowestFrom {
    tree: Vec<Option<ClaimId>>,
    n: usize,
}

impl LowestFrom {
    fn new(n: usize) -> LowestFrom {
        LowestFrom { tree: vec![None; 2 * n.max(1)], n: n.max(1) }
    }

    fn add(&mut self, place: usize, id: ClaimId) {
        let mut i = place + self.n;
        self.tree[i] = Some(self.tree[i].map_or(id, |old| old.min(id)));
        while i > 1 {
            i /= 2;
            self.tree[i] = lower(self.tree[2 * i], self.tree[2 * i + 1]);
        }
    }

    /// The lowest claim marked at `place` or after.
    fn from(&self, place: usize) -> Option<ClaimId> {
        let (mut lo, mut hi) = (place.min(self.n) + self.n, 2 * self.n);
        let mut best = None;
        while lo < hi {
            if lo & 1 == 1 {
                best = lower(best, self.tree[lo]);
                lo += 1;
            }
            if hi & 1 == 1 {
                hi -= 1;
                best = lower(best, self.tree[hi]);
            }
            lo /= 2;
            hi /= 2;
        }
        best
    }
}

fn lower(a: Option<ClaimId>, b: Option<ClaimId>) -> Option<ClaimId> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::{ClaimId, LowestFrom};

    #[test]
    fn lowest_from_a_place() {
        let marks = [(4, 30), (0, 7), (9, 2), (5, 11), (4, 3)];
        let mut t = LowestFrom::new(10);
        for (k, &(place, id)) in marks.iter().enumerate() {
            t.add(place, ClaimId(id));
            for start in 0..=11 {
                let want = marks[..=k].iter().filter(|m| m.0 >= start).map(|m| ClaimId(m.1)).min();
                assert_eq!(t.from(start), want, "after {k} marks, from {start}");
            }
        }
    }
}
