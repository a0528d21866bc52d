//! Finding every place a quote occurs in a report text, overlapping ones included, in time
//! linear in the text: a SIMD search for the quote's two rarest bytes with each candidate
//! compared in full, falling back to a Knuth–Morris–Pratt scan when candidates cost too much.

/// Every start of `needle` in `hay`, overlapping ones included, in O(hay + needle): a repetitive
/// text and a self-similar quote must not make the search quadratic.
///
/// Report texts are short and each of a million quotes is looked for once, in one text: building
/// a full substring searcher (Two-Way with its prefilter, `memchr::memmem`) took more than finding
/// the quote with it, 7% of a run. So the needle's two rarest bytes are looked for together with
/// SIMD (`memchr`'s packed pair, built in a few instructions) and each candidate is compared in
/// full. That is linear as long as candidates are few; once comparing them has cost more than the
/// text is long, the rest of the text goes through [`linear_occurrences`].
pub(super) fn occurrences<'a>(hay: &'a [u8], needle: &'a [u8]) -> Occurrences<'a> {
    let search = match PairSearch::new(needle) {
        Some(pair) if !needle.is_empty() => Search::Pair { pair, at: 0, budget: hay.len().saturating_add(PAIR_BUDGET) },
        _ => Search::Linear(0, linear_occurrences(hay, needle)),
    };
    Occurrences { hay, needle, search }
}

/// Bytes that comparing candidates may cost beyond the length of the text before the search
/// falls back to a linear one.
const PAIR_BUDGET: usize = 4096;

/// The search for the next occurrence, see [`occurrences`].
pub(super) struct Occurrences<'a> {
    hay: &'a [u8],
    needle: &'a [u8],
    search: Search<'a>,
}

enum Search<'a> {
    /// Candidates from `at` on, and what comparing them may still cost.
    Pair { pair: PairSearch, at: usize, budget: usize },
    /// The occurrences of `hay[offset..]`.
    Linear(usize, Box<dyn Iterator<Item = usize> + 'a>),
}

impl Iterator for Occurrences<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let (hay, needle) = (self.hay, self.needle);
        loop {
            let (start, charge) = match &mut self.search {
                Search::Linear(offset, rest) => return rest.next().map(|i| i + *offset),
                Search::Pair { pair, at, budget } => {
                    let rest = hay.get(*at..).unwrap_or_default();
                    if rest.len() < needle.len() {
                        return None;
                    }
                    let candidate = if rest.len() >= pair.min_haystack_len() {
                        // Every start where the needle fits is covered: the pair's bytes lie inside it.
                        *at + pair.find_prefilter(rest)?
                    } else {
                        // The last few bytes, too few for a vector: every start is a candidate.
                        *at
                    };
                    if candidate + needle.len() > hay.len() {
                        return None;
                    }
                    match budget.checked_sub(needle.len()) {
                        Some(left) => {
                            *budget = left;
                            *at = candidate + 1;
                            (candidate, false)
                        }
                        None => (candidate, true),
                    }
                }
            };
            if charge {
                // Candidates have cost more than the text is long: the rest is searched linearly.
                self.search = Search::Linear(start, linear_occurrences(&hay[start..], needle));
                continue;
            }
            if hay[start..].starts_with(needle) {
                return Some(start);
            }
        }
    }
}

/// A packed pair searcher (the needle's two rarest bytes, looked for together with SIMD), where
/// the processor has one.
#[cfg(target_arch = "x86_64")]
enum PairSearch {
    Avx2(memchr::arch::x86_64::avx2::packedpair::Finder),
    Sse2(memchr::arch::x86_64::sse2::packedpair::Finder),
}

#[cfg(target_arch = "x86_64")]
impl PairSearch {
    fn new(needle: &[u8]) -> Option<PairSearch> {
        use memchr::arch::x86_64::{avx2, sse2};
        let pair = memchr::arch::all::packedpair::Pair::new(needle)?;
        match avx2::packedpair::Finder::with_pair(needle, pair) {
            Some(f) => Some(PairSearch::Avx2(f)),
            None => sse2::packedpair::Finder::with_pair(needle, pair).map(PairSearch::Sse2),
        }
    }

    fn min_haystack_len(&self) -> usize {
        match self {
            PairSearch::Avx2(f) => f.min_haystack_len(),
            PairSearch::Sse2(f) => f.min_haystack_len(),
        }
    }

    /// The first candidate in `hay` (at least [`PairSearch::min_haystack_len`] long).
    fn find_prefilter(&self, hay: &[u8]) -> Option<usize> {
        match self {
            PairSearch::Avx2(f) => f.find_prefilter(hay),
            PairSearch::Sse2(f) => f.find_prefilter(hay),
        }
    }
}

/// Elsewhere, every search is linear ([`linear_occurrences`]).
#[cfg(not(target_arch = "x86_64"))]
enum PairSearch {}

#[cfg(not(target_arch = "x86_64"))]
impl PairSearch {
    fn new(_needle: &[u8]) -> Option<PairSearch> {
        None
    }

    fn min_haystack_len(&self) -> usize {
        match *self {}
    }

    fn find_prefilter(&self, _hay: &[u8]) -> Option<usize> {
        match *self {}
    }
}

/// Every start of `needle` in `hay`, overlapping ones included, in O(hay + needle) whatever the
/// text and the needle.
///
/// Two occurrences can only overlap if the needle has a border (a proper prefix that is also a
/// suffix): most quotes have none, and for them the non-overlapping SIMD search of `memchr`
/// (linear in the worst case) finds every occurrence. The others go through KMP.
fn linear_occurrences<'a>(hay: &'a [u8], needle: &'a [u8]) -> Box<dyn Iterator<Item = usize> + 'a> {
    // fail[i]: length of the longest proper border of needle[..=i].
    let mut fail = vec![0usize; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = fail[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        fail[i] = k;
    }
    if fail.last() == Some(&0) {
        return Box::new(memchr::memmem::find_iter(hay, needle));
    }
    let mut k = 0;
    Box::new(hay.iter().enumerate().filter_map(move |(i, &b)| {
        if needle.is_empty() {
            return None;
        }
        while k > 0 && b != needle[k] {
            k = fail[k - 1];
        }
        if b == needle[k] {
            k += 1;
        }
        if k == needle.len() {
            k = fail[k - 1];
            return Some(i + 1 - needle.len());
        }
        None
    }))
}

/// Texts at least this long are indexed once they have been scanned
/// [`SCANS_BEFORE_INDEX`] times: a shorter text costs little to scan whatever the number of
/// quotes, and most texts are scanned a few times.
pub(super) const INDEXED_TEXT: usize = 64 * 1024;
pub(super) const SCANS_BEFORE_INDEX: usize = 32;

/// The starts of every 4-byte sequence of a text, sorted by the sequence (then by start): where
/// a quote can start is where its rarest 4 bytes are, less their place in the quote, so each
/// quote costs a few binary searches and its candidates, not a scan of the text. Built in
/// O(n log n) with 4 bytes per byte of text (8 while sorting).
pub(super) struct GramIndex {
    starts: Vec<u32>,
}

/// The 4 bytes at `at`, as one number ordered as the bytes are.
fn gram(hay: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(hay[at..at + 4].try_into().expect("four bytes"))
}

impl GramIndex {
    pub(super) fn of(hay: &[u8]) -> GramIndex {
        let n = hay.len().saturating_sub(3);
        let mut keyed: Vec<u64> = (0..n).map(|i| (u64::from(gram(hay, i)) << 32) | i as u64).collect();
        keyed.sort_unstable();
        GramIndex { starts: keyed.into_iter().map(|k| k as u32).collect() }
    }

    /// The starts whose 4 bytes are `g`, ascending.
    fn starts_of(&self, hay: &[u8], g: u32) -> &[u32] {
        let from = self.starts.partition_point(|&s| gram(hay, s as usize) < g);
        let to = from + self.starts[from..].partition_point(|&s| gram(hay, s as usize) == g);
        &self.starts[from..to]
    }

    /// Every start of `needle` in `hay` (the text indexed), in order, overlapping ones included;
    /// None for a needle shorter than 4 bytes or a text too long to index by `u32`.
    pub(super) fn occurrences<'a>(
        &'a self,
        hay: &'a [u8],
        needle: &'a [u8],
    ) -> Option<impl Iterator<Item = usize> + 'a> {
        if needle.len() < 4 || u32::try_from(hay.len()).is_err() {
            return None;
        }
        // The needle's rarest 4 bytes among its first few places.
        let (offset, candidates) = (0..=(needle.len() - 4).min(64))
            .map(|k| (k, self.starts_of(hay, gram(needle, k))))
            .min_by_key(|(k, starts)| (starts.len(), *k))?;
        Some(candidates.iter().filter_map(move |&s| {
            let start = (s as usize).checked_sub(offset)?;
            hay.get(start..start + needle.len()).is_some_and(|h| h == needle).then_some(start)
        }))
    }
}
