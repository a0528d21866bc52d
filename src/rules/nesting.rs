//! The values of a `conflict` group as intervals that overlap exactly when two values can hold
//! together (DESIGN §5 v2: evaluation O(n log n) per group, whatever the number of distinct
//! values): texts (each a point of its own); entities along the predicate's `entails` (a
//! region's interval holds its villages', two villages lie apart); dates (a day's interval holds
//! the times on it). Two claims then conflict exactly when their intervals lie apart, and the
//! join sorts them as figures (`rules::figure_join`) instead of testing every two distinct
//! values: thousands of causes, villages or scheduled times given for one event are thousands of
//! values that all meet. Stages are left to the class join: a progression has a handful of
//! values.
//!
//! Where one nesting cannot say which values hold together, the values are sorted in layers
//! ([`Nesting::layer`]), each a nesting of its own, and two layers are joined by points
//! ([`Nesting::across`]):
//! - a border village in two regions holds together with both, which lie apart: the entities
//!   are layered so that within a layer their entailments are a forest, and an entity of a
//!   layer holds together with at most one of each later layer ([`entity_layers`]);
//! - an instant written in two offsets on two days (23:30 at UTC-12 on the 20th is 11:30 UTC on
//!   the 21st) makes two times that hold together, each only with its own day: such days are at
//!   most two apart, so the dates are layered by day modulo three.
//!
//! An entity that fits no layer (entities entailing each other; more than [`MAX_LAYERS`] layers)
//! has no interval, and the join takes it class by class.

use super::context::{Context, Group};
use crate::model::{ClaimId, EntityId, FastMap, Relation, Value};
use crate::time::Date;

/// The most layers entities are sorted in: each layer is joined with every other, so a group
/// costs at most this many sorts of its claims.
pub(super) const MAX_LAYERS: u8 = 64;

/// A group's values as nested intervals, in layers where needed.
pub(super) struct Nesting<'v> {
    texts: Vec<&'v str>,
    /// Each placed entity's layer and interval among its layer's entities, and its point across
    /// layers.
    entity_places: FastMap<EntityId, Place>,
    /// For an entity's point and a later layer, the point of the one entity of that layer it
    /// holds together with.
    entity_across: FastMap<(u32, u8), u32>,
    /// How many points there are: a point of its own for an entity is beyond them.
    entity_points: u32,
    entity_layers: u8,
    dates: FastMap<DateValue, (u32, u32)>,
    /// Whether the dates are joined in layers (an instant is written on two days).
    date_layers: bool,
}

/// A date value as the join tells dates apart: its day, and its instant when it has one.
type DateValue = (Date, Option<i64>);

impl<'v> Nesting<'v> {
    /// The nesting of the asserted claims' values, or None when they are not texts, entities
    /// or dates.
    pub(super) fn of(ctx: &'v Context, group: &Group, asserted: &[ClaimId]) -> Option<Nesting<'v>> {
        let (mut texts, mut entities, mut dates) = (Vec::new(), Vec::new(), Vec::new());
        for &c in asserted {
            match &ctx.claim(c).value {
                Value::Text(t) => texts.push(t.as_str()),
                Value::Entity(e) => entities.push(*e),
                Value::Date(t) => dates.push((t.date, t.instant)),
                _ => return None,
            }
        }
        texts.sort_unstable();
        texts.dedup();
        entities.sort_unstable();
        entities.dedup();
        let relations = &ctx.corpus.predicate(group.predicate).entails;
        let layered = entity_layers(ctx, relations, &entities);
        let (dates, date_layers) = date_nesting(dates);
        Some(Nesting {
            texts,
            entity_places: layered.places,
            entity_across: layered.across,
            entity_points: entities.len() as u32,
            entity_layers: layered.layers,
            dates,
            date_layers,
        })
    }

    /// Whether the values are joined in layers.
    pub(super) fn layered(&self) -> bool {
        self.entity_layers > 1 || self.date_layers
    }

    /// A value's interval among the values of its layer: entities and dates by their place,
    /// texts after them by order.
    pub(super) fn interval(&self, value: &Value) -> Option<(f64, f64)> {
        let (lo, hi) = match value {
            Value::Entity(e) => self.entity_places.get(e)?.interval,
            Value::Date(t) => *self.dates.get(&(t.date, t.instant))?,
            Value::Text(t) => {
                let r = f64::from(u32::MAX) + 1.0 + self.texts.binary_search(&t.as_str()).ok()? as f64;
                return Some((r, r));
            }
            _ => return None,
        };
        Some((f64::from(lo), f64::from(hi)))
    }

    /// A value's layer, when the values are joined in layers: an entity's as placed, a date's
    /// day modulo three (the days one instant is written on, at most two apart, are in
    /// different layers).
    pub(super) fn layer(&self, value: &Value) -> Option<u8> {
        match value {
            Value::Entity(e) => Some(self.entity_places.get(e)?.layer),
            Value::Date(t) => Some(t.date.days_since_epoch().rem_euclid(3) as u8),
            _ => None,
        }
    }

    /// A value of layer `lower` or `upper` (`lower` < `upper`) as a figure against the values
    /// of the other: a point, two values holding together exactly when their points are one.
    /// An entity of the upper layer is its own point, and one of the lower layer the point of
    /// the one entity of the upper layer it holds together with (a point of its own if none).
    /// A time is a point at its instant, and a day a point of its own beyond every instant: the
    /// dates of two layers are of different days.
    pub(super) fn across(&self, value: &Value, lower: u8, upper: u8) -> Option<(f64, f64)> {
        let point = match value {
            Value::Entity(e) => {
                let place = self.entity_places.get(e)?;
                let point = if place.layer != lower {
                    place.point
                } else {
                    match self.entity_across.get(&(place.point, upper)) {
                        Some(&partner) => partner,
                        None => self.entity_points + place.point,
                    }
                };
                f64::from(point)
            }
            Value::Date(t) => match t.instant {
                Some(i) => i as f64,
                None => (1u64 << 52) as f64 + t.date.days_since_epoch() as f64,
            },
            _ => return None,
        };
        Some((point, point))
    }
}

/// Where an entity is placed.
#[derive(Clone, Copy)]
struct Place {
    layer: u8,
    /// Among the entities of its layer.
    interval: (u32, u32),
    /// Its point across layers: its place among the group's entities, or the first place of
    /// the entities that entail one another with it (they hold together with one another, and
    /// with the same others).
    point: u32,
}

/// The entities of a group in layers ([`entity_layers`]).
struct EntityLayers {
    places: FastMap<EntityId, Place>,
    across: FastMap<(u32, u8), u32>,
    layers: u8,
}

/// The entities (sorted) in layers, each with its interval among its layer's entities:
/// - within a layer, each entity's entailed entities form a chain (a village, its region, its
///   country), so the entailment among them is a forest, and an entity entails another exactly
///   when its interval lies within the other's (places in a walk of the forest);
/// - an entity holds together with at most one entity of each later layer.
///
/// Entities whose entailments form a forest are one layer. Otherwise they are placed one by one,
/// those that entail the most first (so each after every entity that entails it), each in the
/// first layer that keeps both properties: a border village's two regions land in two layers.
/// Entities that entail each other, and those fitting none of [`MAX_LAYERS`] layers, are left
/// out.
fn entity_layers(ctx: &Context, relations: &[Relation], entities: &[EntityId]) -> EntityLayers {
    let n = entities.len();
    // The places (in `entities`) of the entities each one entails, but itself, and the reverse.
    let up: Vec<Vec<usize>> = entities
        .iter()
        .map(|&e| {
            let mut up: Vec<usize> = ctx
                .graph
                .entailed(e, relations)
                .iter()
                .filter(|&&f| f != e)
                .filter_map(|f| entities.binary_search(f).ok())
                .collect();
            up.sort_unstable();
            up.dedup();
            up
        })
        .collect();
    // Entities that entail one another (a ring of `part-of`) hold together with one another and
    // with the same others: each stands for the first of them, and only those are placed.
    let first: Vec<usize> = (0..n)
        .map(|i| up[i].iter().copied().filter(|&a| a < i && up[a].binary_search(&i).is_ok()).min().unwrap_or(i))
        .collect();
    let up: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            let mut up: Vec<usize> = up[i].iter().map(|&a| first[a]).filter(|&a| a != first[i]).collect();
            up.sort_unstable();
            up.dedup();
            up
        })
        .collect();
    let standing: Vec<usize> = (0..n).filter(|&i| first[i] == i).collect();
    // Every entity placed where the entity it stands for is.
    let placed = |intervals: Vec<(usize, u8, (u32, u32))>| -> FastMap<EntityId, Place> {
        let by_first: FastMap<usize, (u8, (u32, u32))> = intervals.into_iter().map(|(i, l, iv)| (i, (l, iv))).collect();
        (0..n)
            .filter_map(|i| {
                let &(layer, interval) = by_first.get(&first[i])?;
                Some((entities[i], Place { layer, interval, point: first[i] as u32 }))
            })
            .collect()
    };
    let forest = forest_of(&up, &standing);
    if forest.len() == standing.len() {
        let places = placed(forest.into_iter().map(|(i, interval)| (i, 0, interval)).collect());
        return EntityLayers { places, across: FastMap::default(), layers: 1 };
    }
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &i in &standing {
        for &a in &up[i] {
            down[a].push(i);
        }
    }
    let entails = |a: usize, b: usize| up[a].binary_search(&b).is_ok();
    // Those entailed by fewer come later: whatever entails an entity entails more than it does.
    let mut order: Vec<usize> = standing.clone();
    order.sort_by_key(|&i| (std::cmp::Reverse(up[i].len()), i));
    let mut layer: Vec<Option<u8>> = vec![None; n];
    // Each placed entity's entailed entities in its own layer, placed so far (a chain).
    let mut above: Vec<Vec<usize>> = vec![Vec::new(); n];
    // For a placed entity and a later layer, the one entity there it holds together with.
    let mut across: FastMap<(usize, u8), usize> = FastMap::default();
    let mut later: Vec<(u8, usize)> = Vec::new();
    for v in order {
        // Everything placed that `v` holds together with entails it (placed before it).
        'layers: for l in 0..MAX_LAYERS {
            later.clear();
            for &d in &down[v] {
                match layer[d] {
                    // With `v`, what `d` entails in the layer stays a chain: all of it entails `v`.
                    Some(i) if i == l && !above[d].iter().all(|&a| entails(a, v)) => continue 'layers,
                    // `d` holds together with one entity of layer `l` at most.
                    Some(i) if i < l && across.contains_key(&(d, l)) => continue 'layers,
                    Some(i) if i > l => later.push((i, d)),
                    _ => {}
                }
            }
            // And `v` with one of each later layer.
            later.sort_unstable();
            if later.windows(2).any(|w| w[0].0 == w[1].0) {
                continue;
            }
            layer[v] = Some(l);
            for &d in &down[v] {
                match layer[d] {
                    Some(i) if i == l => above[d].push(v),
                    Some(i) if i < l => {
                        across.insert((d, l), v);
                    }
                    _ => {}
                }
            }
            for &(i, d) in &later {
                across.insert((v, i), d);
            }
            break;
        }
    }
    let layers = layer.iter().flatten().max().map_or(0, |&l| l + 1);
    let mut intervals = Vec::with_capacity(standing.len());
    for l in 0..layers {
        let members: Vec<usize> = standing.iter().copied().filter(|&i| layer[i] == Some(l)).collect();
        let forest = forest_of(&up, &members);
        debug_assert_eq!(forest.len(), members.len(), "a layer is a forest");
        intervals.extend(forest.into_iter().map(|(i, interval)| (i, l, interval)));
    }
    let places = placed(intervals);
    let across = across.into_iter().map(|((a, l), b)| ((a as u32, l), b as u32)).collect();
    EntityLayers { places, across, layers }
}

/// The entities of `members` (places in `up`, ascending) whose entailed entities among the
/// members form a chain made of such entities, with their intervals: the entailment among them
/// is a forest, walked so that an entity's interval runs from its own place to its last
/// descendant's. Left out: an entity entailing two members that neither entails the other (a
/// village in two regions), entities entailing each other, and those that entail one of these.
fn forest_of(up: &[Vec<usize>], members: &[usize]) -> Vec<(usize, (u32, u32))> {
    let index = |i: usize| members.binary_search(&i).ok();
    // The members each member entails, as indices into `members`.
    let entailed: Vec<Vec<usize>> = members.iter().map(|&i| up[i].iter().filter_map(|&a| index(a)).collect()).collect();
    // Each member's parent is the entailed member that entails the most; its entailed members
    // are a chain when the others are exactly what the parent entails. A member whose are not
    // is nobody's child and no root, so neither it nor what entails it is placed.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
    let mut roots = Vec::new();
    for (i, up) in entailed.iter().enumerate() {
        let Some(&parent) = up.iter().max_by_key(|&&j| (entailed[j].len(), j)) else {
            roots.push(i);
            continue;
        };
        let chain =
            up.len() == entailed[parent].len() + 1 && entailed[parent].iter().all(|j| up.binary_search(j).is_ok());
        if chain {
            children[parent].push(i);
        }
    }
    let mut intervals = Vec::with_capacity(members.len());
    let mut place = 0u32;
    let mut stack: Vec<(usize, bool)> = roots.iter().rev().map(|&r| (r, false)).collect();
    let mut first = vec![0u32; members.len()];
    while let Some((i, done)) = stack.pop() {
        if done {
            intervals.push((members[i], (first[i], place - 1)));
            continue;
        }
        first[i] = place;
        place += 1;
        stack.push((i, true));
        stack.extend(children[i].iter().rev().map(|&c| (c, false)));
    }
    // Members on a cycle are nobody's descendant and no root: never placed either.
    intervals
}

/// Dates as nested intervals: each day's interval holds the times written on it, each time a
/// point, so a day and a time on it overlap (a time says its day) and anything else lies apart.
/// Two times hold together when they are one instant, so an instant written with two dates (in
/// two offsets) is not a point of one day. Its times are placed all the same when every such
/// instant is written on days at most two apart (an offset is less than a day either way), and
/// the dates are to be joined in layers ([`Nesting::layer`]): within a layer the intervals are
/// exact, since its two times are in two layers. Otherwise its times are left out. Gives the
/// intervals and whether the dates are to be joined in layers.
fn date_nesting(mut dates: Vec<DateValue>) -> (FastMap<DateValue, (u32, u32)>, bool) {
    dates.sort_unstable();
    dates.dedup();
    let mut timed: Vec<(i64, i64)> = dates.iter().filter_map(|d| Some((d.1?, d.0.days_since_epoch()))).collect();
    timed.sort_unstable();
    let mut twice: Vec<i64> = Vec::new();
    let mut layered = true;
    for days in timed.chunk_by(|a, b| a.0 == b.0).filter(|days| days.len() > 1) {
        twice.push(days[0].0);
        layered &= days[days.len() - 1].1 - days[0].1 <= 2;
    }
    layered &= !twice.is_empty();
    if !layered {
        dates.retain(|d| d.1.is_none_or(|i| twice.binary_search(&i).is_err()));
    }
    let mut intervals = FastMap::default();
    for day in dates.chunk_by(|a, b| a.0 == b.0) {
        // Sorted with the day first (`None` before any instant): the day spans the times after it.
        let start = intervals.len() as u32;
        let end = start + day.len() as u32 - 1;
        for (k, &d) in day.iter().enumerate() {
            let place = start + k as u32;
            intervals.insert(d, if d.1.is_none() { (place, end) } else { (place, place) });
        }
    }
    (intervals, layered)
}
