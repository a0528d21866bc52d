//! Figures as intervals (DESIGN §4): how far apart two lie, and how a figure is written. What
//! `numeric` and `regression` compare, and what a later report's figure is measured against
//! when it settles a dispute.

/// How far apart two intervals lie, when further than the tolerance allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    /// The distance between the nearest ends.
    pub gap: f64,
    /// The larger of the two nearest ends.
    pub end: f64,
    /// The most the gap may be: `tolerance` × `end`.
    pub allowed: f64,
    /// Whether the first interval lies below the second.
    pub below: bool,
}

impl Gap {
    /// `more than the tolerance of 5% of 500 (25)`.
    pub fn explain(&self, tolerance: f64) -> String {
        format!(
            "more than the tolerance of {}% of {} ({})",
            figure(tolerance * 100.0),
            figure(self.end),
            figure(self.allowed)
        )
    }
}

/// Whether intervals `a` and `b` disagree: they do not overlap and the gap between them is more
/// than `tolerance` times the larger of the two nearest ends (DESIGN §4).
pub fn apart(a: (f64, f64), b: (f64, f64), tolerance: f64) -> Option<Gap> {
    let (below, low_end, high_end) = if a.1 < b.0 {
        (true, a.1, b.0)
    } else if b.1 < a.0 {
        (false, b.1, a.0)
    } else {
        return None;
    };
    let gap = high_end - low_end;
    let allowed = tolerance * high_end;
    // A gap exactly at the tolerance agrees; the margin keeps 0.05 × 100 from missing 5 by a bit.
    if gap <= allowed + 1e-9 * high_end.max(1.0) {
        return None;
    }
    Some(Gap { gap, end: high_end, allowed, below })
}

/// A claim's figure as an interval, when it gives one: what `numeric` and `regression` join.
pub fn of_claim(c: &crate::model::Claim) -> Option<(f64, f64)> {
    match c.value {
        crate::model::Value::Number(n) => Some(n.interval()),
        _ => None,
    }
}

/// A figure as people write it: `29`, `23.55`, `∞`.
pub fn figure(v: f64) -> String {
    if v.is_infinite() {
        return "∞".into();
    }
    let rounded = (v * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

/// `[500, ∞)`, `[471, 471]`.
pub fn interval_text((lo, hi): (f64, f64)) -> String {
    if hi.is_infinite() {
        format!("[{}, ∞)", figure(lo))
    } else {
        format!("[{}, {}]", figure(lo), figure(hi))
    }
}

/// Figures split by stratum (what a pair's category and severity read of a claim: a retiring
/// correction, `probable`, a day without a time), strata in order and empty ones left out: each
/// two strata are joined apart, so every block of pairs has one category and severity.
pub(super) fn by_stratum<T: Copy>(figures: &[T], stratum: impl Fn(&T) -> u8) -> Vec<Vec<T>> {
    let mut strata: std::collections::BTreeMap<u8, Vec<T>> = std::collections::BTreeMap::new();
    for f in figures {
        strata.entry(stratum(f)).or_default().push(*f);
    }
    strata.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::apart;

    #[test]
    fn the_interval_rule() {
        let gap = apart((500.0, f64::INFINITY), (471.0, 471.0), 0.05).expect("apart");
        assert_eq!((gap.gap, gap.end, gap.allowed, gap.below), (29.0, 500.0, 25.0, false));
        assert!(apart((0.0, 10.0), (10.0, 20.0), 0.0).is_none(), "touching intervals overlap");
        assert!(apart((1.0, 1.0), (1.5, 1.5), 0.0).is_some());
    }
}
