//! Counts of places marked, in a Fenwick tree: how many from a place on, and which come first
//! from a place on, each in O(log n). The sweeps of `regression` count a later figure's partners
//! with it, and `unresolved` a question's answers.

/// Counts of places marked, from a place on, in O(log n).
pub(super) struct Fenwick {
    tree: Vec<u32>,
}

impl Fenwick {
    pub(super) fn new(n: usize) -> Fenwick {
        Fenwick { tree: vec![0; n + 1] }
    }

    pub(super) fn add(&mut self, place: usize) {
        let mut i = place + 1;
        while i < self.tree.len() {
            self.tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }

    /// How many marks are before `place`.
    pub(super) fn before(&self, place: usize) -> usize {
        let mut i = place.min(self.tree.len() - 1);
        let mut sum = 0;
        while i > 0 {
            sum += self.tree[i] as usize;
            i -= i & i.wrapping_neg();
        }
        sum
    }

    /// How many marks are at `place` or after.
    pub(super) fn from(&self, place: usize) -> usize {
        self.before(self.tree.len() - 1) - self.before(place)
    }

    /// The place of the `k`-th mark (counting from 1), by binary lifting.
    fn kth(&self, k: usize) -> Option<usize> {
        let n = self.tree.len() - 1;
        let (mut at, mut left) = (0, k);
        let mut step = n.next_power_of_two();
        while step > 0 {
            if at + step <= n && (self.tree[at + step] as usize) < left {
                at += step;
                left -= self.tree[at] as usize;
            }
            step >>= 1;
        }
        (at < n).then_some(at)
    }

    /// The first `k` places marked at `place` or after, ascending (a place marked twice once).
    pub(super) fn first_from(&self, place: usize, k: usize) -> Vec<usize> {
        let total = self.before(self.tree.len() - 1);
        let mut next = self.before(place) + 1;
        let mut out = Vec::new();
        while out.len() < k && next <= total {
            let Some(p) = self.kth(next) else { break };
            out.push(p);
            next = self.before(p + 1) + 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Fenwick;

    #[test]
    fn fenwick_counts_from_a_place() {
        let mut f = Fenwick::new(10);
        for p in [0, 3, 3, 7, 9] {
            f.add(p);
        }
        let marks = [0, 3, 3, 7, 9];
        for start in 0..=11 {
            assert_eq!(f.from(start), marks.iter().filter(|&&m| m >= start).count(), "{start}");
            for k in 0..6 {
                let mut want: Vec<usize> = marks.iter().copied().filter(|&m| m >= start).collect();
                want.dedup();
                want.truncate(k);
                assert_eq!(f.first_from(start, k), want, "{k} from {start}");
            }
        }
    }
}
