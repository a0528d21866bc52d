//! Anchoring quotes in report texts.
//!
//! A claim's quote must be the report's own words. Matching ignores differences in whitespace
//! runs and between typographic and straight quotes, apostrophes and dashes (the seeds use “ ” and
//! ’); it must find exactly one place, or the one place that `prefix`/`suffix` pick out.
//!
//! Report texts may be large (up to the file size limit), so everything here is linear in the
//! text: the folded text keeps a sparse map back to the original rather than one per byte, the
//! search finds overlapping occurrences without rescanning, and the closest passage is found with
//! a sliding window over the text's words, numbered once per text ([`Words`]).

use std::collections::HashMap;

/// At most this many occurrences of an ambiguous quote are kept to be shown; the rest are counted.
pub const MAX_PLACES: usize = 20;

/// A text folded for matching, with a map back to byte offsets of the original.
#[derive(Default)]
pub struct Folded {
    pub text: String,
    /// The characters whose folded form is not as long as the original (a typographic mark, a
    /// whitespace run other than one ASCII space or newline), in order. Every other character is
    /// copied unchanged, so between two shifts folded and original offsets differ by a constant.
    shifts: Vec<Shift>,
}

/// One folded character standing for `start..end` of the original.
#[derive(Debug, Clone, Copy)]
struct Shift {
    folded: usize,
    folded_len: usize,
    start: usize,
    end: usize,
}

/// The character a typographic variant stands for.
fn fold_char(c: char) -> char {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
        c => c,
    }
}

/// Folds whitespace runs to one space and typographic marks to their plain forms.
pub fn fold(original: &str) -> Folded {
    let mut folded = Folded::default();
    fold_into(original, &mut folded);
    folded
}

/// [`fold`] into `out`, reusing its buffers: a worker folding report after report then allocates
/// (and frees) nothing per report.
pub fn fold_into(original: &str, out: &mut Folded) {
    let Folded { text, shifts } = out;
    text.clear();
    shifts.clear();
    text.reserve(original.len());
    // The whitespace run being read: its folded offset and original range.
    let mut run: Option<(usize, usize, usize)> = None;
    let close = |run: &mut Option<(usize, usize, usize)>, shifts: &mut Vec<Shift>| {
        if let Some((folded, start, end)) = run.take() {
            if end - start != 1 {
                shifts.push(Shift { folded, folded_len: 1, start, end });
            }
        }
    };
    let bytes = original.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Most of a text is ASCII words with single spaces between them, which fold to
        // themselves: copied a run at a time. A space is in such a run only between two
        // characters that are neither whitespace nor outside ASCII (which might be whitespace).
        let plain_start = i;
        // ASCII that is not whitespace (as `char::is_whitespace` has it: with the vertical tab,
        // which `is_ascii_whitespace` leaves out) and folds to itself ('`' does not).
        let word = |b: u8| b.is_ascii() && !b.is_ascii_whitespace() && b != 0x0B && b != b'`';
        while let Some(&b) = bytes.get(i) {
            let plain = match b {
                b' ' => i > plain_start && bytes.get(i + 1).is_some_and(|&n| word(n) || n == b'`'),
                _ => word(b),
            };
            if !plain {
                break;
            }
            i += 1;
        }
        if i > plain_start {
            close(&mut run, shifts);
            text.push_str(&original[plain_start..i]);
        }
        let Some(c) = original.get(i..).and_then(|rest| rest.chars().next()) else { break };
        let (start, end) = (i, i + c.len_utf8());
        i = end;
        if c.is_whitespace() {
            match run.as_mut() {
                Some(r) => r.2 = end,
                None => {
                    run = Some((text.len(), start, end));
                    text.push(' ');
                }
            }
            continue;
        }
        close(&mut run, shifts);
        let f = fold_char(c);
        if f.len_utf8() != c.len_utf8() {
            shifts.push(Shift { folded: text.len(), folded_len: f.len_utf8(), start, end });
        }
        text.push(f);
    }
    close(&mut run, shifts);
}

impl Folded {
    /// The original offset where the folded character at `at` (a char boundary) starts.
    fn original_start(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|s| s.folded <= at);
        match i.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            None => at,
            Some(s) if s.folded == at => s.start,
            Some(s) => s.end + (at - (s.folded + s.folded_len)),
        }
    }

    /// The original offset just after the folded character that ends at `at` (a char boundary).
    fn original_end(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|s| s.folded < at);
        match i.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            None => at,
            Some(s) => s.end + (at - (s.folded + s.folded_len)),
        }
    }

    /// The original byte range of the folded range `start..end` (char boundaries, non-empty).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.original_start(start), self.original_end(end))
    }
}

/// The outcome of anchoring a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The one place, as an original byte range.
    Found(usize, usize),
    NotFound,
    /// The quote occurs `count` times (after prefix/suffix filtering); `places` are the first
    /// [`MAX_PLACES`] of them, as original byte ranges.
    Ambiguous {
        places: Vec<(usize, usize)>,
        count: usize,
    },
}

/// Every start of `needle` in `hay`, overlapping ones included, in O(hay + needle): a repetitive
/// text and a self-similar quote must not make the search quadratic.
///
/// Two occurrences can only overlap if the needle has a border (a proper prefix that is also a
/// suffix): most quotes have none, and for them the non-overlapping SIMD search of `memchr`
/// (linear in the worst case) finds every occurrence. The others go through KMP.
fn occurrences<'a>(hay: &'a [u8], needle: &'a [u8]) -> Box<dyn Iterator<Item = usize> + 'a> {
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

/// Finds `quote` in the folded report text, narrowed by `prefix` and `suffix`.
pub fn anchor(report: &Folded, quote: &str, prefix: Option<&str>, suffix: Option<&str>) -> Anchor {
    let q = fold(quote.trim()).text;
    if q.is_empty() {
        return Anchor::NotFound;
    }
    let prefix = prefix.map(|p| fold(p).text);
    let suffix = suffix.map(|s| fold(s).text);
    let hay = &report.text;
    let mut places = Vec::new();
    let mut count = 0;
    // A match of valid UTF-8 in valid UTF-8 starts and ends on character boundaries, so the
    // slices below cannot split a character.
    for start in occurrences(hay.as_bytes(), q.as_bytes()) {
        let end = start + q.len();
        let before = hay.get(..start).unwrap_or("").trim_end();
        let after = hay.get(end..).unwrap_or("").trim_start();
        let prefix_ok = prefix.as_deref().is_none_or(|p| before.ends_with(p.trim_end()));
        let suffix_ok = suffix.as_deref().is_none_or(|s| after.starts_with(s.trim_start()));
        if prefix_ok && suffix_ok {
            count += 1;
            if places.len() < MAX_PLACES {
                places.push(report.original(start, end));
            }
        }
    }
    match (count, places.first()) {
        (1, Some(&(a, b))) => Anchor::Found(a, b),
        (0, _) | (_, None) => Anchor::NotFound,
        _ => Anchor::Ambiguous { places, count },
    }
}

/// The passage of the report that shares most words with the quote, as an original byte range:
/// shown when a quote is not found, since it is usually a misremembered version of that passage.
pub fn closest_passage(report: &str, quote: &str) -> Option<(usize, usize)> {
    Words::of(report).closest_passage(quote)
}

/// A report text's words, normalised (lowercase, without the punctuation around them) and
/// numbered once, so that looking for the closest passage of each of many missing quotes scans
/// numbers, not the text: 200 missing quotes against a 10 MB text took 19 s when each search
/// normalised every word of the text again.
pub struct Words {
    /// Each word's byte range in the text, in order.
    spans: Vec<(usize, usize)>,
    /// Each word's number in `vocabulary`.
    ids: Vec<u32>,
    vocabulary: HashMap<String, u32>,
}

fn normalised(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

impl Words {
    pub fn of(report: &str) -> Words {
        let mut words = Words { spans: Vec::new(), ids: Vec::new(), vocabulary: HashMap::new() };
        for w in report.split_whitespace() {
            // `w` is a subslice of `report`: its offset is the distance between their pointers.
            let start = w.as_ptr() as usize - report.as_ptr() as usize;
            let next = words.vocabulary.len() as u32;
            let id = *words.vocabulary.entry(normalised(w)).or_insert(next);
            words.spans.push((start, start + w.len()));
            words.ids.push(id);
        }
        words
    }

    /// The passage of `n` words (the quote's, at most 64) with most words of the quote, if at
    /// least half of them: fewer in common is not a near miss, and saying nothing beats
    /// misleading. Linear in the text's words.
    pub fn closest_passage(&self, quote: &str) -> Option<(usize, usize)> {
        let quote_words: Vec<String> =
            quote.split_whitespace().map(normalised).filter(|w| !w.is_empty()).take(64).collect();
        let n = quote_words.len().min(self.ids.len());
        if n == 0 {
            return None;
        }
        // Which numbered words the quote has, looked up by number: a set's hashing was most of
        // the cost of a search.
        let mut wanted = vec![false; self.vocabulary.len()];
        for id in quote_words.iter().filter_map(|w| self.vocabulary.get(w)) {
            wanted[*id as usize] = true;
        }
        // Slide a window of n words over the report, scoring the words the quote also has.
        let hit = |i: usize| usize::from(wanted[self.ids[i] as usize]);
        let mut score = 0;
        let mut best: Option<(usize, usize)> = None; // (score, first word)
        for i in 0..self.ids.len() {
            score += hit(i);
            if i >= n {
                score -= hit(i - n);
            }
            if i + 1 >= n && score > 0 && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, i + 1 - n));
            }
        }
        let (score, first) = best?;
        if score * 2 < n {
            return None;
        }
        Some((self.spans[first].0, self.spans[first + n - 1].1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fold_into` a character at a time, as it was before its run-at-a-time copying of plain
    /// ASCII: the two must agree on every text.
    fn fold_by_char(original: &str) -> (String, Vec<(usize, usize, usize, usize)>) {
        let (mut text, mut shifts) = (String::new(), Vec::new());
        let mut run: Option<(usize, usize, usize)> = None;
        let close = |run: &mut Option<(usize, usize, usize)>, shifts: &mut Vec<_>| {
            if let Some((folded, start, end)) = run.take() {
                if end - start != 1 {
                    shifts.push((folded, 1, start, end));
                }
            }
        };
        for (i, c) in original.char_indices() {
            let end = i + c.len_utf8();
            if c.is_whitespace() {
                match run.as_mut() {
                    Some(r) => r.2 = end,
                    None => {
                        run = Some((text.len(), i, end));
                        text.push(' ');
                    }
                }
                continue;
            }
            close(&mut run, &mut shifts);
            let f = fold_char(c);
            if f.len_utf8() != c.len_utf8() {
                shifts.push((text.len(), f.len_utf8(), i, end));
            }
            text.push(f);
        }
        close(&mut run, &mut shifts);
        (text, shifts)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2048, failure_persistence: None, ..Default::default() })]
        #[test]
        fn folding_runs_of_ascii_at_once_changes_nothing(
            text in "([a-z`' ]|[ \t\n\r\x0b\x0c]|\u{a0}|\u{2003}|[“”’—]|é){0,40}"
        ) {
            let folded = fold(&text);
            let shifts: Vec<_> = folded.shifts.iter().map(|s| (s.folded, s.folded_len, s.start, s.end)).collect();
            proptest::prop_assert_eq!((folded.text, shifts), fold_by_char(&text));
        }

        /// Numbering the words once finds the passage a search over the words themselves finds.
        #[test]
        fn numbered_words_find_the_passage_the_words_do(
            text in "((a|b|c|d|The|the,|“c”) {1,2}){0,30}",
            quote in "((a|b|c|e|the|“d”) ){0,8}",
        ) {
            proptest::prop_assert_eq!(closest_passage(&text, &quote), closest_passage_by_words(&text, &quote));
        }
    }

    /// The closest passage as it was found before words were numbered: normalising every word of
    /// the text for each quote. The oracle [`Words::closest_passage`] is checked against.
    fn closest_passage_by_words(report: &str, quote: &str) -> Option<(usize, usize)> {
        use std::collections::{HashSet, VecDeque};
        let quote_words: Vec<String> =
            quote.split_whitespace().map(normalised).filter(|w| !w.is_empty()).take(64).collect();
        let wanted: HashSet<&str> = quote_words.iter().map(String::as_str).collect();
        let n = quote_words.len().min(report.split_whitespace().count());
        if n == 0 {
            return None;
        }
        let mut window: VecDeque<(usize, usize, bool)> = VecDeque::new();
        let (mut score, mut best) = (0, None::<(usize, usize, usize)>);
        for w in report.split_whitespace() {
            let start = w.as_ptr() as usize - report.as_ptr() as usize;
            let hit = wanted.contains(normalised(w).as_str());
            window.push_back((start, start + w.len(), hit));
            score += usize::from(hit);
            if window.len() > n {
                score -= usize::from(window.pop_front().unwrap().2);
            }
            if window.len() == n && score > 0 && best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, window.front().unwrap().0, window.back().unwrap().1));
            }
        }
        let (score, start, end) = best?;
        (score * 2 >= n).then_some((start, end))
    }

    const TEXT: &str =
        "“We’re seeing the most  cruel form of savagery,” he said.\nNo agreement — yet. No agreement here.";

    fn find(q: &str, p: Option<&str>, s: Option<&str>) -> Anchor {
        anchor(&fold(TEXT), q, p, s)
    }

    #[test]
    fn straight_quotes_and_single_spaces_match_typographic_text() {
        let Anchor::Found(a, b) = find("\"We're seeing the most cruel form", None, None) else { panic!() };
        assert_eq!(&TEXT[a..b], "“We’re seeing the most  cruel form");
        let Anchor::Found(a, b) = find("agreement - yet", None, None) else { panic!() };
        assert_eq!(&TEXT[a..b], "agreement — yet");
    }

    #[test]
    fn prefix_and_suffix_pick_one_of_several() {
        assert!(
            matches!(find("No agreement", None, None), Anchor::Ambiguous { places, count: 2 } if places.len() == 2)
        );
        let Anchor::Found(a, _) = find("No agreement", None, Some(" here")) else { panic!() };
        assert_eq!(a, TEXT.rfind("No agreement").unwrap());
        let Anchor::Found(a, _) = find("No agreement", Some("said.\n"), None) else { panic!() };
        assert_eq!(a, TEXT.find("No agreement").unwrap());
        assert_eq!(find("No agreement", Some("nowhere"), None), Anchor::NotFound);
    }

    #[test]
    fn missing_quotes_point_at_the_nearest_passage() {
        assert_eq!(find("the most brutal form", None, None), Anchor::NotFound);
        let (a, b) = closest_passage(TEXT, "the most brutal form").unwrap();
        assert_eq!(&TEXT[a..b], "the most  cruel form");
        assert_eq!(closest_passage(TEXT, "entirely unrelated words"), None);
    }

    /// The dense map the sparse one replaces: for each folded byte, its character's original range.
    fn naive_map(original: &str) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut map: Vec<(usize, usize)> = Vec::new();
        let mut in_space = false;
        for (i, c) in original.char_indices() {
            let end = i + c.len_utf8();
            if c.is_whitespace() {
                if in_space {
                    if let Some(last) = map.last_mut() {
                        last.1 = end;
                    }
                    continue;
                }
                in_space = true;
                text.push(' ');
                map.push((i, end));
                continue;
            }
            in_space = false;
            let f = fold_char(c);
            text.push(f);
            map.extend(std::iter::repeat_n((i, end), f.len_utf8()));
        }
        (text, map)
    }

    #[test]
    fn the_sparse_map_agrees_with_a_dense_one() {
        for original in [TEXT, "", " ", "  a", "a  ", "\u{a0}x\u{2014}\u{2014}y \t\n z“”", "ab\r\ncd\u{3000}é"] {
            let folded = fold(original);
            let (text, map) = naive_map(original);
            assert_eq!(folded.text, text);
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (i, &a) in bounds.iter().enumerate() {
                for &b in &bounds[i + 1..] {
                    assert_eq!(folded.original(a, b), (map[a].0, map[b - 1].1), "{original:?} {a}..{b}");
                }
            }
        }
    }

    #[test]
    fn overlapping_occurrences_are_all_found() {
        let starts: Vec<usize> = occurrences(b"aaaa", b"aa").collect();
        assert_eq!(starts, [0, 1, 2]);
        let starts: Vec<usize> = occurrences(b"abababa", b"aba").collect();
        assert_eq!(starts, [0, 2, 4]);
        assert_eq!(occurrences(b"abc", b"").count(), 0);
        assert_eq!(occurrences(b"ab", b"abc").count(), 0);
    }

    #[test]
    fn occurrences_agree_with_a_naive_search() {
        // Every needle and haystack over a two-letter alphabet up to these lengths: needles with
        // and without borders, overlapping and not.
        let words = |max: usize| {
            let mut all = vec![Vec::new()];
            for len in 1..=max {
                for bits in 0..1u32 << len {
                    all.push((0..len).map(|i| if bits >> i & 1 == 1 { b'b' } else { b'a' }).collect::<Vec<u8>>());
                }
            }
            all
        };
        let hays = words(8);
        for needle in words(4) {
            for hay in &hays {
                let naive: Vec<usize> = if needle.is_empty() {
                    Vec::new()
                } else {
                    (0..hay.len()).filter(|&i| hay[i..].starts_with(&needle)).collect()
                };
                assert_eq!(occurrences(hay, &needle).collect::<Vec<_>>(), naive, "{hay:?} {needle:?}");
            }
        }
    }

    #[test]
    fn many_occurrences_are_counted_but_few_kept() {
        let text = "ha ".repeat(1000);
        let Anchor::Ambiguous { places, count } = anchor(&fold(&text), "ha", None, None) else { panic!() };
        assert_eq!(count, 1000);
        assert_eq!(places.len(), MAX_PLACES);
        assert_eq!(places[1], (3, 5));
    }
}
