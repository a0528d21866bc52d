//! The classes a join forms and how they meet (DESIGN §5 v2): claims a kind's test cannot tell
//! apart form a [`Class`]; [`Meetings`] finds, for a class, the classes of the other list it can
//! meet — by time (a day, an instant, a later claim) or by value (the values its value reaches,
//! filed as [`Atom`]s) — without a look at every class. `rules::join` pairs the classes met.

use super::context::{Context, Group};
use crate::model::*;
use crate::time::Date;

/// Which times a kind's pairs need, so that only classes that can meet are tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Whatever the times (a stable predicate): claims are classed without their time.
    Any,
    /// Coinciding times: only classes of one day, or one instant, are tested.
    Coincide,
    /// The second claim later than the first (`strict`), or not earlier: claims are classed
    /// without their time, and the join sweeps each two classes' claims in time order; the
    /// kind's test reads no time.
    Later { strict: bool },
    /// An order in time that the kind's test reads beyond [`Timing::Later`] (a stage denied with
    /// no end in between): claims are classed with their time and every two classes tested.
    Ordered,
}

impl Timing {
    /// Coinciding times, or any times for a stable predicate (which never changes).
    pub fn coinciding(ctx: &Context, group: &Group) -> Timing {
        if ctx.corpus.predicate(group.predicate).stable {
            Timing::Any
        } else {
            Timing::Coincide
        }
    }
}

/// A value as a key: equal keys are equal values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum ValueKey<'v> {
    None,
    Unstated,
    Enum(u16),
    Entity(EntityId),
    Number(u64, u64, Bound, bool),
    Date(Date, Option<i64>),
    Text(&'v str),
}

impl<'v> ValueKey<'v> {
    pub(super) fn of(value: &'v Value) -> ValueKey<'v> {
        match value {
            Value::None => ValueKey::None,
            Value::Unstated => ValueKey::Unstated,
            Value::Enum(i) => ValueKey::Enum(*i),
            Value::Entity(e) => ValueKey::Entity(*e),
            // `-0` is `0` (adding `0.0` makes it so), as numbers compare.
            Value::Number(n) => ValueKey::Number((n.low + 0.0).to_bits(), (n.high + 0.0).to_bits(), n.bound, n.range),
            Value::Date(t) => ValueKey::Date(t.date, t.instant),
            Value::Text(s) => ValueKey::Text(s),
        }
    }
}

/// A claim's time as the kinds read it: its day, and its instant when it has one.
pub(super) type TimeKey = (Date, Option<i64>);

/// Claims of one key: their time, one of them to test, and all of them, in group order and by
/// where they stand (report, then source).
pub(super) struct Class {
    pub(super) time: Option<TimeKey>,
    pub(super) rep: ClaimId,
    /// Positions in the group, ascending.
    pub(super) positions: Vec<u32>,
    /// The claims sorted by (report, source, position).
    pub(super) placed: Vec<ClaimId>,
    /// Runs of `placed` of one report: (report, start, end).
    pub(super) reports: Vec<(ReportId, usize, usize)>,
    /// For [`Timing::Later`]: every claim by day, those dated by day only by day, the timed
    /// ones by instant; the claims (their places in the group), and apart their days and
    /// instants to search.
    pub(super) sorted: [Vec<u32>; 3],
    pub(super) days: Vec<Date>,
    pub(super) days_only: Vec<Date>,
    pub(super) instants: Vec<i64>,
    /// The earliest day of the timed claims.
    pub(super) timed_first_day: Option<Date>,
}

impl Class {
    pub(super) fn len(&self) -> usize {
        self.positions.len()
    }
}

/// What a value is filed and looked up under: itself (numbers by their bits, with `-0` as `0`),
/// a day or an instant (a time reaches its instant and the day it is written on), or any stage
/// (stages reach one another along a progression of a handful of values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Atom<'v> {
    Value(ValueKey<'v>),
    Day(Date),
    Instant(i64),
    Stage,
}

/// The atoms a class looks up (sorted, without repeats), and in which index: values its value
/// reaches (`reverse` false), or values that reach it.
pub(super) struct Sought<'v> {
    pub(super) atoms: Vec<Atom<'v>>,
    pub(super) reverse: bool,
}

/// Which second classes a first class can meet: for coinciding times, those of its day (a day
/// meets every time on it) or of its instant; for times in order, those with a claim later than
/// one of its own, as `Time::compare` orders them (a day by days, two times by instants), found by
/// three searches rather than a look at every class: figures of one day that no time orders cost
/// nothing; otherwise all.
pub(super) struct Meetings<'v> {
    timing: Timing,
    count: usize,
    /// Classes by (day, instant), a day's classes without a time first; and by instant.
    by_day: Vec<(TimeKey, usize)>,
    by_instant: Vec<(i64, usize)>,
    /// For [`Timing::Later`]: classes by their latest day, latest day of a claim dated by day
    /// only, and latest instant.
    latest_day: Vec<(Date, usize)>,
    latest_day_only: Vec<(Date, usize)>,
    latest_instant: Vec<(i64, usize)>,
    /// For a join by value ([`Lookup`]): the classes by their own value, and by every value
    /// they reach.
    by_value: Option<(ByAtom<'v>, ByAtom<'v>)>,
}

/// Classes (their places) filed by atom, sorted.
pub(super) type ByAtom<'v> = Vec<(Atom<'v>, usize)>;

impl<'v> Meetings<'v> {
    pub(super) fn new(seconds: &[Class], timing: Timing, by_value: Option<(ByAtom<'v>, ByAtom<'v>)>) -> Meetings<'v> {
        let mut by_day: Vec<(TimeKey, usize)> =
            seconds.iter().enumerate().filter_map(|(i, c)| Some((c.time?, i))).collect();
        by_day.sort_unstable();
        let mut by_instant: Vec<(i64, usize)> =
            seconds.iter().enumerate().filter_map(|(i, c)| Some((c.time?.1?, i))).collect();
        by_instant.sort_unstable();
        fn latest<K: Ord + Copy>(seconds: &[Class], keys: impl Fn(&Class) -> &[K]) -> Vec<(K, usize)> {
            let mut out: Vec<(K, usize)> =
                seconds.iter().enumerate().filter_map(|(i, c)| Some((*keys(c).last()?, i))).collect();
            out.sort_unstable();
            out
        }
        let later = matches!(timing, Timing::Later { .. });
        let (latest_day, latest_day_only, latest_instant) = if later {
            (latest(seconds, |c| &c.days), latest(seconds, |c| &c.days_only), latest(seconds, |c| &c.instants))
        } else {
            Default::default()
        };
        Meetings {
            timing,
            count: seconds.len(),
            by_day,
            by_instant,
            latest_day,
            latest_day_only,
            latest_instant,
            by_value,
        }
    }

    /// Calls `f` with each second class that `x` can meet (in ascending order, but for
    /// coinciding times).
    pub(super) fn each(&self, x: &Class, sought: Option<&Sought>, mut f: impl FnMut(usize)) {
        if let (Some(sought), Some((own, reached))) = (sought, &self.by_value) {
            let index = if sought.reverse { reached } else { own };
            let ranges: Vec<&[(Atom, usize)]> = sought
                .atoms
                .iter()
                .map(|v| {
                    let start = index.partition_point(|(k, _)| k < v);
                    let end = index.partition_point(|(k, _)| k <= v);
                    &index[start..end]
                })
                .collect();
            let of_values: usize = ranges.iter().map(|r| r.len()).sum();
            let fewer = match self.timing {
                Timing::Any => true,
                Timing::Coincide => of_values <= self.of_time(x),
                Timing::Later { strict } => {
                    let (days, days_only, instants) = self.later(x, strict);
                    of_values <= days.len() + days_only.len() + instants.len()
                }
                Timing::Ordered => false,
            };
            if fewer {
                // A class filed under several atoms sought comes once, in ascending order.
                let mut found: Vec<usize> = ranges.iter().flat_map(|r| r.iter()).map(|&(_, y)| y).collect();
                found.sort_unstable();
                found.dedup();
                found.into_iter().for_each(f);
                return;
            }
        }
        if let Timing::Later { strict } = self.timing {
            let (days, days_only, instants) = self.later(x, strict);
            let mut found: Vec<usize> =
                days.iter().chain(days_only).map(|&(_, y)| y).chain(instants.iter().map(|&(_, y)| y)).collect();
            found.sort_unstable();
            found.dedup();
            found.into_iter().for_each(f);
            return;
        }
        if self.timing != Timing::Coincide {
            (0..self.count).for_each(f);
            return;
        }
        let Some((date, instant)) = x.time else { return };
        let day = self.day(date);
        match instant {
            // A day meets every claim of that day, timed or not.
            None => day.iter().for_each(|&(_, y)| f(y)),
            // A time meets its day, and every claim at that instant (whatever its written date).
            Some(t) => {
                day.iter().filter(|((_, i), _)| i.is_none()).for_each(|&(_, y)| f(y));
                self.at(t).iter().for_each(|&(_, y)| f(y));
            }
        }
    }

    /// The classes with a claim later than (or, not strict, not earlier than) one of `x`'s, a
    /// suffix of each list of latest keys: a day of `x` meets the later days of `y`; a time of `x`
    /// the later days of `y` dated by day only, and the later instants.
    #[allow(clippy::type_complexity)]
    pub(super) fn later(&self, x: &Class, strict: bool) -> (&[(Date, usize)], &[(Date, usize)], &[(i64, usize)]) {
        fn from<K: Ord + Copy>(list: &[(K, usize)], earliest: Option<K>, strict: bool) -> &[(K, usize)] {
            let Some(e) = earliest else { return &[] };
            &list[list.partition_point(|&(k, _)| if strict { k <= e } else { k < e })..]
        }
        (
            from(&self.latest_day, x.days_only.first().copied(), strict),
            from(&self.latest_day_only, x.timed_first_day, strict),
            from(&self.latest_instant, x.instants.first().copied(), strict),
        )
    }

    /// The classes of a day.
    fn day(&self, date: Date) -> &[(TimeKey, usize)] {
        let start = self.by_day.partition_point(|&((d, _), _)| d < date);
        let end = self.by_day.partition_point(|&((d, _), _)| d <= date);
        &self.by_day[start..end]
    }

    /// The classes of an instant.
    fn at(&self, t: i64) -> &[(i64, usize)] {
        let start = self.by_instant.partition_point(|&(i, _)| i < t);
        let end = self.by_instant.partition_point(|&(i, _)| i <= t);
        &self.by_instant[start..end]
    }

    /// How many classes a class of coinciding times meets by time (at most).
    pub(super) fn of_time(&self, x: &Class) -> usize {
        match x.time {
            None => 0,
            Some((date, None)) => self.day(date).len(),
            Some((date, Some(t))) => self.day(date).len() + self.at(t).len(),
        }
    }
}

/// The atom a value is filed under as itself: a time by its instant, a day by itself, every
/// stage as one.
pub(super) fn own(value: &Value) -> Atom<'_> {
    match value {
        Value::Date(t) => t.instant.map_or(Atom::Day(t.date), Atom::Instant),
        Value::Enum(_) => Atom::Stage,
        _ => Atom::Value(ValueKey::of(value)),
    }
}
