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

mod search;
use search::occurrences;

/// At most this many occurrences of an ambiguous quote are kept to be shown; the rest are counted.
pub const MAX_PLACES: usize = 20;

/// A text folded for matching, with a map back to byte offsets of the original.
#[derive(Default)]
pub struct Folded {
    pub text: String,
    /// The quotes looked for in this text by a full scan so far, and the index that stands in for
    /// the scans once they have cost many times the text ([`search::GramIndex`]): thousands of
    /// claims quoting one long text would otherwise each scan all of it.
    scans: std::cell::Cell<usize>,
    index: std::cell::OnceCell<search::GramIndex>,
    /// Once the text is indexed, what each quote (with its prefix and suffix) anchored to: one
    /// quote copied into thousands of claims is counted once.
    anchored: std::cell::RefCell<HashMap<AnchorKey, Anchor>>,
    /// The units whose folded form is not the original copied (a typographic mark, a whitespace
    /// run other than one ASCII space or newline, a character the fold drops, a sequence that
    /// normalises to another, "…"), in order. Every other character is copied unchanged, so
    /// between two shifts folded and original offsets differ by a constant. A match never
    /// starts or ends inside a shift's folded text: it would split a character of the original.
    shifts: Vec<Shift>,
}

/// One folded unit (`folded_len` bytes, none for a dropped character) standing for
/// `start..end` of the original.
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

/// Whether the fold drops `c`: what text pasted from the web holds without a reader seeing it —
/// the soft hyphen, zero-width and joiner characters, directional marks, embeddings and isolates,
/// the word joiner and the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The horizontal ellipsis, folded to the three dots it stands for.
const ELLIPSIS: char = '\u{2026}';

/// Whether `next` belongs to the normalisation unit that `last` ends: a combining mark, or a
/// character that composes with the one before it (Hangul jamo, some vowel signs).
fn continues_unit(last: char, next: char) -> bool {
    !next.is_ascii()
        && !next.is_whitespace()
        && !is_invisible(next)
        && (unicode_normalization::char::canonical_combining_class(next) != 0
            || unicode_normalization::char::compose(last, next).is_some())
}

/// Folds whitespace runs to one space, typographic marks to their plain forms and "…" to "...",
/// drops invisible characters ([`is_invisible`]) and normalises to NFC (a decomposed "é" is the
/// composed one).
pub fn fold(original: &str) -> Folded {
    let mut folded = Folded::default();
    fold_into(original, &mut folded);
    folded
}

/// [`fold`] into `out`, reusing its buffers: a worker folding report after report then allocates
/// (and frees) nothing per report.
pub fn fold_into(original: &str, out: &mut Folded) {
    let Folded { text, shifts, scans, index, anchored } = out;
    text.clear();
    shifts.clear();
    scans.set(0);
    index.take();
    anchored.get_mut().clear();
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
    let mut unit = String::new();
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
            // Eight bytes at a time while they are plain (most of a text): a space at the start
            // of a run is not, so the first byte is always looked at alone.
            if i > plain_start {
                if let Some(chunk) = bytes.get(i..i + 8) {
                    if plain_chunk(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) {
                        i += 8;
                        continue;
                    }
                }
            }
            let plain = match b {
                b' ' => i > plain_start && bytes.get(i + 1).is_some_and(|&n| word(n) || n == b'`'),
                _ => word(b),
            };
            if !plain {
                break;
            }
            i += 1;
        }
        // The character before one outside ASCII may be the first of a unit of normalisation
        // (an "e" and a combining acute): it is read with what follows it.
        if i > plain_start && bytes.get(i).is_some_and(|&b| !b.is_ascii()) {
            i -= 1;
        }
        if i > plain_start {
            close(&mut run, shifts);
            text.push_str(&original[plain_start..i]);
        }
        let Some(c) = original.get(i..).and_then(|rest| rest.chars().next()) else { break };
        let (start, mut end) = (i, i + c.len_utf8());
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
        if is_invisible(c) {
            // Inside a whitespace run it joins the run; elsewhere it folds to nothing.
            match run.as_mut() {
                Some(r) => r.2 = end,
                None => shifts.push(Shift { folded: text.len(), folded_len: 0, start, end }),
            }
            continue;
        }
        close(&mut run, shifts);
        if c == ELLIPSIS {
            // As long as its three dots, but one unit: a match takes all of it or none.
            shifts.push(Shift { folded: text.len(), folded_len: 3, start, end });
            text.push_str("...");
            continue;
        }
        // The unit of normalisation `c` opens: it and the combining marks (or composing
        // characters) after it.
        let mut last = c;
        while let Some(next) = original.get(end..).and_then(|rest| rest.chars().next()) {
            if !continues_unit(last, next) {
                break;
            }
            last = next;
            end += next.len_utf8();
        }
        i = end;
        let whole = &original[start..end];
        if end == start + c.len_utf8()
            && (c.is_ascii()
                || unicode_normalization::is_nfc_quick(std::iter::once(c)) == unicode_normalization::IsNormalized::Yes)
        {
            let f = fold_char(c);
            if f.len_utf8() != c.len_utf8() {
                shifts.push(Shift { folded: text.len(), folded_len: f.len_utf8(), start, end });
            }
            text.push(f);
            continue;
        }
        use unicode_normalization::UnicodeNormalization;
        unit.clear();
        unit.extend(whole.chars().map(fold_char).nfc());
        let one_char = |s: &str| s.chars().nth(1).is_none();
        if unit == whole || (unit.len() == whole.len() && one_char(&unit) && one_char(whole)) {
            text.push_str(&unit);
        } else {
            shifts.push(Shift { folded: text.len(), folded_len: unit.len(), start, end });
            text.push_str(&unit);
        }
    }
    close(&mut run, shifts);
}

/// Whether eight bytes of text (little-endian) fold to themselves, wherever they are in a run
/// of plain text but its start: each is printable ASCII or DEL other than the backtick, or a
/// single space followed, within the eight, by such a byte. Any other eight bytes (a space last,
/// two spaces, whitespace, a control character, a backtick, a byte outside ASCII) are left to
/// the byte-at-a-time loop, which says the same of every byte this accepts.
fn plain_chunk(x: u64) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const EACH: u64 = 0x0101_0101_0101_0101;
    // 0x80 in each byte of `t` that is zero, and only there (no carry crosses a byte).
    let zero = |t: u64| !(((t & LOW7) + LOW7) | t | LOW7);
    if x & HIGH != 0 {
        return false;
    }
    // Every byte at least 0x20 (with the high bits set, the subtraction borrows across no byte).
    if ((x | HIGH) - 0x20 * EACH) & HIGH != HIGH {
        return false;
    }
    if zero(x ^ (b'`' as u64 * EACH)) != 0 {
        return false;
    }
    let spaces = zero(x ^ (b' ' as u64 * EACH));
    spaces & (spaces >> 8) == 0 && spaces >> 56 == 0
}

impl Folded {
    /// Every start of `needle` in the folded text, in order: by a scan, or through the index
    /// once the scans of this text have cost [`search::SCANS_BEFORE_INDEX`] times the text.
    fn occurrences<'s>(&'s self, needle: &'s [u8]) -> Box<dyn Iterator<Item = usize> + 's> {
        let hay = self.text.as_bytes();
        let index = match self.index.get() {
            Some(index) => Some(index),
            None if hay.len() >= search::INDEXED_TEXT && u32::try_from(hay.len()).is_ok() => {
                self.scans.set(self.scans.get() + 1);
                (self.scans.get() > search::SCANS_BEFORE_INDEX)
                    .then(|| self.index.get_or_init(|| search::GramIndex::of(hay)))
            }
            None => None,
        };
        match index.and_then(|index| index.occurrences(hay, needle)) {
            Some(found) => Box::new(found),
            None => Box::new(occurrences(hay, needle)),
        }
    }

    /// The original offset where the folded text from `at` (a char boundary, not inside a
    /// shift) starts: a character the fold dropped just before it is left out.
    fn original_start(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|s| s.folded <= at);
        match i.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            None => at,
            Some(s) if s.folded == at && s.folded_len > 0 => s.start,
            Some(s) if at < s.folded + s.folded_len => s.start,
            Some(s) => s.end + (at - (s.folded + s.folded_len)),
        }
    }

    /// The original offset just after the folded text that ends at `at` (a char boundary, not
    /// inside a shift): a character the fold dropped just after it is left out.
    fn original_end(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|s| s.folded < at);
        match i.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            None => at,
            Some(s) if at < s.folded + s.folded_len => s.end,
            Some(s) => s.end + (at - (s.folded + s.folded_len)),
        }
    }

    /// Whether folded offset `at` falls inside a unit the fold made of several characters or
    /// bytes ("…" as "...", a normalised sequence): a match may not start or end there.
    fn splits_unit(&self, at: usize) -> bool {
        let i = self.shifts.partition_point(|s| s.folded < at);
        i.checked_sub(1).and_then(|i| self.shifts.get(i)).is_some_and(|s| at < s.folded + s.folded_len)
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

/// The folded text of `s`, borrowed when folding would leave it as it is: printable ASCII
/// other than the backtick, with single spaces (most quotes), which the fold copies unchanged.
fn folded_text(s: &str) -> std::borrow::Cow<'_, str> {
    let bytes = s.as_bytes();
    let plain = bytes.iter().all(|&b| (b' '..=0x7E).contains(&b) && b != b'`') && !bytes.windows(2).any(|w| w == b"  ");
    if plain {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(fold(s).text)
    }
}

/// Finds `quote` in the folded report text, narrowed by `prefix` and `suffix`.
pub fn anchor(report: &Folded, quote: &str, prefix: Option<&str>, suffix: Option<&str>) -> Anchor {
    let q = folded_text(quote.trim());
    if q.is_empty() {
        return Anchor::NotFound;
    }
    let prefix = prefix.map(folded_text);
    let suffix = suffix.map(folded_text);
    let key: Option<AnchorKey> = report
        .index
        .get()
        .map(|_| (q.to_string(), prefix.as_deref().map(str::to_string), suffix.as_deref().map(str::to_string)));
    if let Some(done) = key.as_ref().and_then(|k| report.anchored.borrow().get(k).cloned()) {
        return done;
    }
    let hay = &report.text;
    let mut places = Vec::new();
    let mut count = 0;
    // A match of valid UTF-8 in valid UTF-8 starts and ends on character boundaries, so the
    // slices below cannot split a character.
    for start in report.occurrences(q.as_bytes()) {
        let end = start + q.len();
        if report.splits_unit(start) || report.splits_unit(end) {
            continue;
        }
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
    let anchor = match (count, places.first()) {
        (1, Some(&(a, b))) => Anchor::Found(a, b),
        (0, _) | (_, None) => Anchor::NotFound,
        _ => Anchor::Ambiguous { places, count },
    };
    if let Some(key) = key {
        report.anchored.borrow_mut().insert(key, anchor.clone());
    }
    anchor
}

/// A quote, its prefix and its suffix, folded.
type AnchorKey = (String, Option<String>, Option<String>);

/// The passage of the report that shares most words with the quote, as an original byte range:
/// shown when a quote is not found, since it is usually a misremembered version of that passage.
pub fn closest_passage(report: &str, quote: &str) -> Option<(usize, usize)> {
    Words::of(report).closest_passage(quote)
}

/// What keeps a quote from anchoring, when it is close to a passage of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The quote is these words of the report (an original byte range) but for case.
    Case(usize, usize),
    /// The few characters that differ between the quote and the closest passage, named by code
    /// point where a reader cannot tell them apart: "the quote has U+02BC where the report has `'`".
    Chars(String),
}

/// How far around the closest passage a quote that differs only by case is looked for.
const CASE_MARGIN: usize = 256;

/// Says what differs between `quote` and the passage `passage` (an original byte range of
/// `report`, the closest one), if it can say it briefly: only case (the quote is then looked for
/// ignoring case around the passage), or the few characters (at most 4 on each side) where the
/// two part.
pub fn what_differs(report: &str, passage: (usize, usize), quote: &str) -> Option<Difference> {
    let q = fold(quote.trim()).text;
    if q.is_empty() {
        return None;
    }
    let floor = |mut i: usize| {
        while !report.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let from = floor(passage.0.saturating_sub(CASE_MARGIN));
    let to = floor(passage.1.saturating_add(CASE_MARGIN).min(report.len()));
    let region = fold(&report[from..to]);
    // The search is quadratic at worst: only on a region and a quote of modest size.
    let small = region.text.len() <= 1 << 14 && q.len() <= 1 << 12;
    if let Some((a, b)) = if small { find_ignoring_case(&region, &q) } else { None } {
        let (a, b) = region.original(a, b);
        return Some(Difference::Case(from + a, from + b));
    }
    let p = fold(report.get(passage.0..passage.1)?).text;
    let prefix: usize = q.chars().zip(p.chars()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum();
    let (q_rest, p_rest) = (&q[prefix..], &p[prefix..]);
    let suffix: usize =
        q_rest.chars().rev().zip(p_rest.chars().rev()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum();
    let (q_mid, p_mid) = (&q_rest[..q_rest.len() - suffix], &p_rest[..p_rest.len() - suffix]);
    // A few characters that differ are what a reader cannot see (a look-alike letter, an
    // invisible mark); more is a quote misremembered, or a passage that does not line up with
    // it, better shown than described.
    if (q_mid.is_empty() && p_mid.is_empty()) || q_mid.chars().count() > 4 || p_mid.chars().count() > 4 {
        return None;
    }
    Some(Difference::Chars(format!("the quote has {} where the report has {}", shown(q_mid), shown(p_mid))))
}

/// Characters as a message shows them: plain ASCII as it is, anything else by its code point, so
/// that two characters that look alike (or not at all) are told apart.
fn shown(s: &str) -> String {
    let plain = |c: char| c.is_ascii_graphic() || c == ' ';
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (None, _) => "nothing".to_string(),
        (Some('`'), None) => "a backtick".to_string(),
        (Some(c), None) if plain(c) => format!("`{c}`"),
        (Some(c), None) => format!("U+{:04X}", c as u32),
        _ => {
            let text: String =
                s.chars().map(|c| if plain(c) { c.to_string() } else { format!("{{U+{:04X}}}", c as u32) }).collect();
            format!("`{text}`")
        }
    }
}

/// The first place of `needle` in `hay` ignoring case, as a folded range that splits no unit.
/// Quadratic in the worst case: only ever run on a few hundred bytes around a passage.
fn find_ignoring_case(hay: &Folded, needle: &str) -> Option<(usize, usize)> {
    let text = &hay.text;
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    for (start, _) in text.char_indices() {
        if hay.splits_unit(start) {
            continue;
        }
        let mut rest = text[start..].char_indices();
        let mut end = None;
        let mut ok = true;
        for n in needle.chars() {
            match rest.next() {
                Some((i, h)) if same(h, n) => end = Some(start + i + h.len_utf8()),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if let Some(end) = end.filter(|&e| ok && !hay.splits_unit(e)) {
            return Some((start, end));
        }
    }
    None
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

    /// The fold a character (or a unit of normalisation) at a time, with a dense map: for each
    /// folded byte, the original range of the character or unit it comes from. The reference the
    /// fast fold (run-at-a-time copying of ASCII, a sparse map) is checked against.
    fn fold_by_char(original: &str) -> (String, Vec<(usize, usize)>) {
        use unicode_normalization::UnicodeNormalization;
        let chars: Vec<(usize, char)> = original.char_indices().collect();
        let (mut text, mut map) = (String::new(), Vec::<(usize, usize)>::new());
        let mut in_space = false;
        let mut k = 0;
        while k < chars.len() {
            let (i, c) = chars[k];
            let mut end = i + c.len_utf8();
            k += 1;
            if c.is_whitespace() || (in_space && is_invisible(c)) {
                if in_space {
                    if let Some(last) = map.last_mut() {
                        last.1 = end;
                    }
                } else {
                    in_space = true;
                    text.push(' ');
                    map.push((i, end));
                }
                continue;
            }
            if is_invisible(c) {
                continue;
            }
            in_space = false;
            let mut last = c;
            while let Some(&(_, next)) = chars.get(k).filter(|(_, n)| c != ELLIPSIS && continues_unit(last, *n)) {
                last = next;
                end += next.len_utf8();
                k += 1;
            }
            let unit: String =
                if c == ELLIPSIS { "...".into() } else { original[i..end].chars().map(fold_char).nfc().collect() };
            text.push_str(&unit);
            map.extend(std::iter::repeat_n((i, end), unit.len()));
        }
        (text, map)
    }

    /// Checks the fast fold of `original` against the reference: the same text, and every range
    /// between two unit boundaries maps back to the same original range.
    fn agrees_with_reference(original: &str) {
        let folded = fold(original);
        let (text, map) = fold_by_char(original);
        assert_eq!(folded.text, text, "{original:?}");
        // A boundary is a char boundary where a new character or unit starts.
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i) && (i == 0 || i == text.len() || map[i - 1] != map[i]))
            .collect();
        for (i, &a) in bounds.iter().enumerate() {
            assert!(!folded.splits_unit(a), "{original:?}: {a} is a boundary");
            for &b in &bounds[i + 1..] {
                assert_eq!(folded.original(a, b), (map[a].0, map[b - 1].1), "{original:?} {a}..{b}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2048, failure_persistence: None, ..Default::default() })]
        #[test]
        fn folding_runs_of_ascii_at_once_changes_nothing(
            text in "([a-z`' .]|[ \t\n\r\x0b\x0c]|\u{a0}|\u{2003}|[“”’—…]|é|\u{301}|\u{323}|\u{ad}|\u{200b}|\u{202e}|\u{feff}|\u{212b}|\u{1100}|\u{1161}){0,40}"
        ) {
            agrees_with_reference(&text);
        }

        /// Long runs of mostly plain text, read eight bytes at a time, with every kind of byte
        /// that ends a run at every position of a chunk.
        #[test]
        fn folding_eight_bytes_at_a_time_changes_nothing(
            text in "([a-z]{1,9} |[`'.,\x7f\x01]|[ \t\n\x0b]|\u{a0}|[“’—…]|é|\u{301}|\u{ad}){0,80}"
        ) {
            agrees_with_reference(&text);
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

    #[test]
    fn the_sparse_map_agrees_with_a_dense_one() {
        for original in [
            TEXT,
            "",
            " ",
            "  a",
            "a  ",
            "\u{a0}x\u{2014}\u{2014}y \t\n z“”",
            "ab\r\ncd\u{3000}é",
            "cafe\u{301} soft\u{ad}ware zero\u{200b}width \u{200b} wait\u{2026} \u{202e}x\u{202c}",
            "\u{2026}\u{2026}e\u{323}\u{302}\u{1100}\u{1161}\u{11a8}\u{212b}",
        ] {
            agrees_with_reference(original);
        }
    }

    #[test]
    fn what_differs_is_said_briefly() {
        let text = "He said: we could not agree.";
        let passage = (9, 27);
        assert_eq!(what_differs(text, passage, "WE COULD not"), Some(Difference::Case(9, 21)));
        assert_eq!(
            what_differs(text, passage, "we \u{441}\u{43e}uld not agree"),
            Some(Difference::Chars("the quote has `{U+0441}{U+043E}` where the report has `co`".into()))
        );
        assert_eq!(
            what_differs(text, passage, "we could not\u{a0}\u{2063}agree"),
            Some(Difference::Chars("the quote has U+2063 where the report has nothing".into()))
        );
        let long = format!("we {} not agree", "x".repeat(60));
        assert_eq!(what_differs(text, passage, &long), None);
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

    /// A xorshift generator from `seed`: random enough texts, the same on every run.
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    #[test]
    fn occurrences_in_long_texts_agree_with_a_naive_search() {
        // Texts long enough for the vector search, over a small alphabet so that candidates are
        // many: the search falls back to the linear one part way, and must still find every
        // occurrence exactly once, in order.
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let naive = |hay: &[u8], needle: &[u8]| -> Vec<usize> {
            (0..hay.len()).filter(|&i| hay[i..].starts_with(needle)).collect()
        };
        for round in 0..300 {
            let letters = [2u64, 3, 26][round % 3];
            let len = (next() % 3000) as usize;
            let hay: Vec<u8> = (0..len).map(|_| b'a' + (next() % letters) as u8).collect();
            let needle_len = 1 + (next() % 40) as usize;
            let needle: Vec<u8> = match next() % 3 {
                // A slice of the text itself: at least one occurrence.
                0 if hay.len() > needle_len => {
                    let at = (next() as usize) % (hay.len() - needle_len);
                    hay[at..at + needle_len].to_vec()
                }
                _ => (0..needle_len).map(|_| b'a' + (next() % letters) as u8).collect(),
            };
            assert_eq!(occurrences(&hay, &needle).collect::<Vec<_>>(), naive(&hay, &needle), "{needle:?}");
        }
        // Every start a candidate and most of them not a match: the fallback, and still every one.
        let hay = "a".repeat(20_000) + "b" + &"a".repeat(100);
        for needle in ["aab", &("a".repeat(60) + "b"), &"a".repeat(70), "ba"] {
            let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
            assert_eq!(occurrences(hay, needle).collect::<Vec<_>>(), naive(hay, needle));
        }
    }

    #[test]
    fn the_gram_index_finds_what_the_scan_finds() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        for round in 0..60 {
            let letters = [2u64, 3, 26][round % 3];
            let len = 4 + (next() % 5000) as usize;
            let hay: Vec<u8> = (0..len).map(|_| b'a' + (next() % letters) as u8).collect();
            let index = search::GramIndex::of(&hay);
            for _ in 0..20 {
                let needle_len = 4 + (next() % 100) as usize;
                let needle: Vec<u8> = if next() % 2 == 0 && hay.len() > needle_len {
                    let at = (next() as usize) % (hay.len() - needle_len);
                    hay[at..at + needle_len].to_vec()
                } else {
                    (0..needle_len).map(|_| b'a' + (next() % letters) as u8).collect()
                };
                let indexed: Vec<usize> = index.occurrences(&hay, &needle).expect("4 bytes or more").collect();
                assert_eq!(indexed, occurrences(&hay, &needle).collect::<Vec<_>>(), "{needle:?}");
            }
            assert!(index.occurrences(&hay, b"abc").is_none(), "shorter than a gram: scanned");
        }
    }

    #[test]
    fn a_long_text_quoted_many_times_anchors_as_when_scanned() {
        // Past the scans that build the index, every quote anchors as a scan anchors it: found
        // once, ambiguous with its count, narrowed by a prefix, not found, shorter than a gram.
        let text = format!("{}The deal was agreed.\n{}", "Talks went on. ".repeat(8000), "no deal yet. ".repeat(300));
        let folded = fold(&text);
        let cases: [(&str, Option<&str>); 6] = [
            ("The deal was agreed", None),
            ("no deal yet", None),
            ("Talks went on", Some("on.")),
            ("Talks went off", None),
            ("on.", None),
            ("deal yet. no", None),
        ];
        let scanned: Vec<Anchor> = cases.iter().map(|(q, p)| anchor(&fold(&text), q, *p, None)).collect();
        for round in 0..3 * search::SCANS_BEFORE_INDEX {
            let (q, p) = cases[round % cases.len()];
            assert_eq!(anchor(&folded, q, p, None), scanned[round % cases.len()], "{q:?} in round {round}");
        }
        assert!(folded.index.get().is_some(), "the text is indexed after its scans");
        assert!(matches!(scanned[1], Anchor::Ambiguous { count: 300, .. }), "{:?}", scanned[1]);
    }

    #[test]
    fn eight_plain_bytes_are_told_apart() {
        let chunk = |s: &[u8; 8]| plain_chunk(u64::from_le_bytes(*s));
        assert!(chunk(b"the talk"));
        assert!(chunk(b" a b c d"));
        assert!(chunk(b"x\x7f!~#{}a"));
        for s in [b"the tal ", b"the  alk", b"it`s a b", b"a\tb cdef", b"\x01bcdefgh", b"abc\xc3\xa9fgh", b"abcdefg\n"]
        {
            assert!(!chunk(s), "{s:?}");
        }
    }

    #[test]
    fn plain_text_is_borrowed_only_where_the_fold_leaves_it_as_it_is() {
        for s in
            ["said the talks", " a  b ", "a\tb", "it`s", "caf\u{e9}", "x\u{7f}", "\u{201c}q\u{201d}", "a \n b", "", " "]
        {
            assert_eq!(folded_text(s), fold(s).text, "{s:?}");
        }
        assert!(matches!(folded_text("Turkey is negotiating with Russia"), std::borrow::Cow::Borrowed(_)));
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
