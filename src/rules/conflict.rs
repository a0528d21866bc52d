//! `conflict`: two claims assert different values of a one-valued predicate at coinciding times
//! (or for a stable predicate), and no progression orders the values.

use super::context::{Context, Group};
use super::join::{Join, Layers, Timing};
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{Claim, ClaimId, EntityId, FastMap, KindInfo, Relation, Rule, Value, ValueType};
use crate::time::Date;

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "conflict",
    summary: "two reports give different values of a one-valued predicate at the same time",
    what: concat!(
        "Fires when two claims assert different values of a predicate of cardinality `one` for \
the same subject, at coinciding times (or whatever the times, for a `stable` predicate such as \
`responsible`), and the values cannot hold together: neither entails the other (along the \
predicate's `entails` relations in the entity graph: \"Putin\" entails \"Russia\" along \
`speaks-for`, a village its region along `part-of`), no progression orders them, and they are \
not a terminal value (`collapsed`, `suspended`) beside a stage other than the last before the \
end (`in-force`). Two times of one day for a date predicate that changes (`scheduled`: 8:30 \
against 11:15) are a warning, since a schedule can move; different days are an error.",
        super::spec::dispute_doc!()
    ),
    why: "A subject has one value of such a predicate at a time: an attack was carried out by one \
group, an agreement was either in force or had collapsed that day. Two values mean one report \
is wrong or they are about different subjects.",
    example: "[[claim]]  # report A, 2023-10-17\nsubject = \"hospital-blast\"\npredicate = \"responsible\"\n\
value = \"israeli-air-force\"\nquote = \"an Israeli air strike\"\n\n\
[[claim]]  # report B, 2023-10-18\nsubject = \"hospital-blast\"\npredicate = \"responsible\"\n\
value = \"islamic-jihad\"\nquote = \"a misfired rocket\"",
    fix: "Establish which value is right, or record that the reports attribute the claim to different \
sources (`source`) and accept the finding with an `[[allow]]` and a reason. If the values are \
places one inside the other, declare `part-of` on the smaller one.",
};

/// Everything about the kind; listed in the registry (`rules::KINDS`).
pub const KIND: KindSpec = KindSpec {
    info: KindInfo {
        doc: DOC,
        default_severity: Severity::Error,
        milder_when_probable: true,
        disputes: true,
        reports: true,
        default_message: "{who} disagree on {phrase}",
    },
    params: super::spec::no_params,
    check,
};

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| {
        let pred = ctx.corpus.predicate(group.predicate);
        // Figures are compared as intervals by `numeric`; `none` has no values to differ.
        if !pred.one || matches!(pred.value_type, ValueType::Number | ValueType::None) {
            return Vec::new();
        }
        check_group(ctx, rule, group)
    })
}

/// Whether two asserted values can hold together (DESIGN §4 v2): the same; one entailing the
/// other (Putin and Russia as responsible, along `speaks-for`; a village and its region as the
/// location, along `part-of`); two stages of one progression (a stage says what was reached);
/// a terminal value (`collapsed`) and a stage other than the last before the end (`in-force`).
fn compatible(ctx: &Context, group: &Group, a: &Value, b: &Value) -> bool {
    let p = group.predicate;
    if ctx.reaches(p, a, b) || ctx.reaches(p, b, a) {
        return true;
    }
    let pred = ctx.corpus.predicate(p);
    match (pred.stage(a), pred.stage(b)) {
        (Some(_), Some(_)) => true,
        (Some(stage), None) | (None, Some(stage)) if pred.value_type == ValueType::Enum => {
            // Two terminal values never hold together; a terminal value and `in-force` neither.
            pred.progression.len() < 2 || stage != pred.progression.len() - 2
        }
        _ => false,
    }
}

/// Whether two scheduled times differ only within one day (DESIGN §3 v2: "two different values
/// that coincide only by date are a `conflict` warning"): for a date predicate that changes (a
/// schedule, "will take effect at 8:30" against "at 11:15"), a warning, since the schedule may
/// have moved; on different days, an error.
fn same_day_only(ctx: &Context, a: &Claim, b: &Claim) -> bool {
    let pred = ctx.corpus.predicate(a.predicate);
    match (&a.value, &b.value) {
        (Value::Date(x), Value::Date(y)) => !pred.stable && x.date == y.date,
        _ => false,
    }
}

/// The values of a group as intervals that overlap exactly when two values can hold together:
/// texts (each a point of its own); the entities whose entailments among the group's values
/// form a forest (a region's interval holds its villages', two villages lie apart); dates (a
/// day's interval holds the times on it), but for instants written with two dates. Two claims
/// then conflict exactly when their intervals lie apart, and the join sorts them as figures
/// (`rules::figure_join`) instead of testing every two distinct values: thousands of causes,
/// villages or scheduled times given for one event are thousands of values that all meet.
/// The values left without an interval (a border village in two regions, a spokesman for two
/// governments) are joined class by class with every class they meet, so a few of them cost a
/// few walks of the group, not its square. An instant written in two offsets on two days (its
/// two times hold together, each only with its own day) is placed all the same, and the dates
/// are sorted in layers ([`date_layer`]) that keep its two times apart. Stages are left to the
/// class join: a progression has a handful of values.
struct Nesting<'v> {
    texts: Vec<&'v str>,
    entities: FastMap<EntityId, (u32, u32)>,
    dates: FastMap<DateValue, (u32, u32)>,
    /// Whether the dates are joined in layers.
    layered: bool,
}

/// A date value as the join tells dates apart: its day, and its instant when it has one.
type DateValue = (Date, Option<i64>);

impl<'v> Nesting<'v> {
    fn of(ctx: &'v Context, group: &Group, asserted: &[ClaimId]) -> Option<Nesting<'v>> {
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
        let relations = &ctx.corpus.predicate(group.predicate).entails;
        let (dates, layered) = date_nesting(dates);
        Some(Nesting { texts, entities: entity_forest(ctx, relations, entities), dates, layered })
    }

    /// A value's interval: entities and dates by their place, texts after them by order.
    fn interval(&self, value: &Value) -> Option<(f64, f64)> {
        let (lo, hi) = match value {
            Value::Entity(e) => *self.entities.get(e)?,
            Value::Date(t) => *self.dates.get(&(t.date, t.instant))?,
            Value::Text(t) => {
                let r = f64::from(u32::MAX) + 1.0 + self.texts.binary_search(&t.as_str()).ok()? as f64;
                return Some((r, r));
            }
            _ => return None,
        };
        Some((f64::from(lo), f64::from(hi)))
    }
}

/// The entities whose entailed entities among them form a chain (a village, its region, its
/// country) made of such entities, as nested intervals: the entailment among them is a forest,
/// and an entity entails another exactly when its interval lies within the other's (places in a
/// walk of the forest, the entailed entity first). Left out: an entity entailing two that
/// neither entails the other (a spokesman for two governments), entities entailing each other,
/// and the entities that entail one of those. What is left entails only what is left, so two
/// entities of it hold together exactly when their intervals overlap.
fn entity_forest(ctx: &Context, relations: &[Relation], mut entities: Vec<EntityId>) -> FastMap<EntityId, (u32, u32)> {
    entities.sort_unstable();
    entities.dedup();
    // The places (in `entities`) of the entities each one entails, but itself.
    let entailed: Vec<Vec<usize>> = entities
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
    // Each entity's parent is the entailed entity that entails the most; its entailed entities
    // are a chain when the others are exactly what the parent entails. An entity whose are not
    // is nobody's child and no root, so neither it nor what entails it is placed.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entities.len()];
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
    // A walk of the forest: an entity's interval runs from its own place to its last descendant's.
    let mut intervals = FastMap::default();
    let mut place = 0u32;
    let mut stack: Vec<(usize, bool)> = roots.iter().rev().map(|&r| (r, false)).collect();
    let mut first = vec![0u32; entities.len()];
    while let Some((i, done)) = stack.pop() {
        if done {
            intervals.insert(entities[i], (first[i], place - 1));
            continue;
        }
        first[i] = place;
        place += 1;
        stack.push((i, true));
        stack.extend(children[i].iter().rev().map(|&c| (c, false)));
    }
    // Entities on a cycle are nobody's descendant and no root: never placed either.
    intervals
}

/// Dates as nested intervals: each day's interval holds the times written on it, each time a
/// point, so a day and a time on it overlap (a time says its day) and anything else lies apart.
/// Two times hold together when they are one instant, so an instant written with two dates (in
/// two offsets) is not a point of one day. Its times are placed all the same when every such
/// instant is written on days at most two apart (an offset is less than a day either way), and
/// the dates are to be joined in layers ([`date_layer`]): within a layer the intervals are
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

/// A date's layer when dates are joined in layers: its day modulo three, so the days one instant
/// is written on (at most two apart) are in different layers.
fn date_layer(c: &Claim) -> Option<u8> {
    match &c.value {
        Value::Date(t) => Some(t.date.days_since_epoch().rem_euclid(3) as u8),
        _ => None,
    }
}

/// A date as a figure against the dates of other layers, which are of other days: a time is a
/// point at its instant (two times hold together exactly when they are one instant), a day a
/// point of its own beyond every instant (it holds together with no date of another day).
fn date_across(c: &Claim) -> Option<(f64, f64)> {
    let Value::Date(t) = &c.value else { return None };
    let point = match t.instant {
        Some(i) => i as f64,
        None => (1u64 << 52) as f64 + t.date.days_since_epoch() as f64,
    };
    Some((point, point))
}

fn check_group(ctx: &Context, rule: &Rule, group: &Group) -> Vec<Finding> {
    let asserted: Vec<ClaimId> = group.claims.iter().copied().filter(|&c| ctx.claim(c).asserts()).collect();
    let nesting = Nesting::of(ctx, group, &asserted);
    let interval = |c: &Claim| nesting.as_ref()?.interval(&c.value);
    let layers = Layers { of: &date_layer, across: &date_across };
    let join = Join {
        symmetric: true,
        figures: nesting.is_some().then_some(&interval as &dyn Fn(&Claim) -> Option<(f64, f64)>),
        layers: nesting.as_ref().is_some_and(|n| n.layered).then_some(layers),
        ..Join::new(Timing::coinciding(ctx, group))
    };
    // conflict(a, b) :- asserts(a, s, p, v), asserts(b, s, p, w), one(p), !compatible(v, w), contemporary(a, b).
    let pairs = ctx.join(rule, group, join, &asserted, &[], |ca, cb| {
        (!compatible(ctx, group, &ca.value, &cb.value) && ctx.contemporary(ca, cb)).then(|| same_day_only(ctx, ca, cb))
    });
    let values = |claims: &[ClaimId]| {
        let mut values: Vec<String> =
            claims.iter().map(|&c| ctx.corpus.value_text(group.predicate, &ctx.claim(c).value)).collect();
        values.sort();
        values.dedup();
        vec![("value", values.join(" vs "))]
    };
    pairs.fold_with(values, |claims, pairs| {
        let mut notes: Vec<String> = ctx.same_day_note(claims).into_iter().collect();
        // Said of the findings whose own pairs are two times of one day, not of every finding
        // of the group.
        if pairs.iter().any(|&(a, b)| same_day_only(ctx, ctx.claim(a), ctx.claim(b))) {
            notes.push(
                "the times given differ within one day: a schedule can move, so this is a warning; if one report came later, give the claims times (`as-of`) and a later time reads as a rescheduling".to_string(),
            );
        }
        notes
    })
}
