//! Anchoring quotes in report texts.
//!
//! A claim's quote must be the report's own words. Matching ignores differences in whitespace
//! runs and between typographic and straight quotes, apostrophes and dashes (the seeds use “ ” and
//! ’); it must find exactly one place, or the one place that `prefix`/`suffix` pick out.

/// A text folded for matching, with a map back to byte offsets of the original.
pub struct Folded {
    pub text: String,
    /// For each byte of `text`, the byte offset in the original where its character starts.
    starts: Vec<usize>,
    /// For each byte of `text`, the byte offset in the original just after its character.
    ends: Vec<usize>,
}

/// The character a typographic variant stands for.
fn fold_char(c: char) -> char {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
        '\u{2026}' => '…',
        c => c,
    }
}

/// Folds whitespace runs to one space and typographic marks to their plain forms.
pub fn fold(original: &str) -> Folded {
    let mut text = String::with_capacity(original.len());
    let mut starts = Vec::with_capacity(original.len());
    let mut ends = Vec::with_capacity(original.len());
    let mut in_space = false;
    for (i, c) in original.char_indices() {
        let end = i + c.len_utf8();
        if c.is_whitespace() {
            if in_space {
                // Extend the run's single space to cover this character too.
                if let Some(e) = ends.last_mut() {
                    *e = end;
                }
                continue;
            }
            in_space = true;
            text.push(' ');
            starts.push(i);
            ends.push(end);
            continue;
        }
        in_space = false;
        let f = fold_char(c);
        let before = text.len();
        text.push(f);
        for _ in before..text.len() {
            starts.push(i);
            ends.push(end);
        }
    }
    Folded { text, starts, ends }
}

impl Folded {
    /// The original byte range of the folded range `start..end` (non-empty).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.starts[start], self.ends[end - 1])
    }
}

/// The outcome of anchoring a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The one place, as an original byte range.
    Found(usize, usize),
    NotFound,
    /// Every place it occurs (after prefix/suffix filtering), as original byte ranges.
    Ambiguous(Vec<(usize, usize)>),
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
    let mut hits = Vec::new();
    let mut from = 0;
    while let Some(pos) = hay[from..].find(&q) {
        let start = from + pos;
        let end = start + q.len();
        let before = hay[..start].trim_end();
        let after = hay[end..].trim_start();
        let prefix_ok = prefix.as_deref().is_none_or(|p| before.ends_with(p.trim_end()));
        let suffix_ok = suffix.as_deref().is_none_or(|s| after.starts_with(s.trim_start()));
        if prefix_ok && suffix_ok {
            hits.push(report.original(start, end));
        }
        // Step one character, so overlapping occurrences are found too.
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    match hits.len() {
        0 => Anchor::NotFound,
        1 => Anchor::Found(hits[0].0, hits[0].1),
        _ => Anchor::Ambiguous(hits),
    }
}

/// The passage of the report that shares most words with the quote, as an original byte range:
/// shown when a quote is not found, since it is usually a misremembered version of that passage.
pub fn closest_passage(report: &str, quote: &str) -> Option<(usize, usize)> {
    let norm = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let quote_words: Vec<String> = quote.split_whitespace().map(norm).filter(|w| !w.is_empty()).take(64).collect();
    if quote_words.is_empty() {
        return None;
    }
    let words: Vec<(usize, usize, String)> = report
        .split_whitespace()
        .map(|w| {
            let start = w.as_ptr() as usize - report.as_ptr() as usize;
            (start, start + w.len(), norm(w))
        })
        .collect();
    let n = quote_words.len().min(words.len());
    if n == 0 {
        return None;
    }
    let mut best: Option<(usize, usize)> = None; // (score, first word index)
    for i in 0..=words.len() - n {
        let score = (0..n).filter(|&j| quote_words.contains(&words[i + j].2)).count();
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    let (score, i) = best?;
    // Fewer than half the words in common is not a near miss; say nothing rather than mislead.
    if score * 2 < n {
        return None;
    }
    Some((words[i].0, words[i + n - 1].1))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(matches!(find("No agreement", None, None), Anchor::Ambiguous(v) if v.len() == 2));
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
}
