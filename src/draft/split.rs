//! Sentences, words and clauses of a report text, as byte ranges of the original text.
//!
//! Sentences are the boundaries of Unicode's UAX #29 (`unicode-segmentation`), rejoined where a
//! full stop ends an abbreviation ("Mr.", "U.S.", "Gen.") or an initial rather than a sentence.

use super::lexicon::{ABBREVIATIONS, SCOPE_BREAKS};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// A word of the text: its byte range and its lowercase form (typographic apostrophes
/// straightened). "didn't" is two words, "did" and "n't".
#[derive(Debug, Clone)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub lower: String,
}

/// The sentences of `text`, trimmed of surrounding whitespace; empty ones left out.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut join_next = false;
    for (start, s) in text.split_sentence_bound_indices() {
        let Some(range) = trim(text, start..start + s.len()) else { continue };
        let joined = join_next && !text[out.last().map_or(0, |r| r.end)..range.start].contains('\n');
        match out.last_mut() {
            Some(last) if joined => last.end = range.end,
            _ => out.push(range.clone()),
        }
        join_next = ends_in_abbreviation(&text[range]);
    }
    out
}

/// Whether a sentence's last word is an abbreviation or an initial, with its full stop.
fn ends_in_abbreviation(sentence: &str) -> bool {
    let Some(body) = sentence.strip_suffix('.') else { return false };
    let last = body.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“').next().unwrap_or("");
    let lower = last.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str()) || (last.chars().count() == 1 && last.chars().all(char::is_uppercase))
}

/// `range` without the whitespace around it; `None` when nothing is left.
pub fn trim(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    (start < end).then_some(start..end)
}

/// The paragraphs of `text` (separated by blank lines), as ranges.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(r) = trim(text, start..offset) {
                out.push(r);
            }
            start = offset + line.len();
        }
        offset += line.len();
    }
    if let Some(r) = trim(text, start..text.len()) {
        out.push(r);
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The words of `text[range]`.
pub fn words(text: &str, range: Range<usize>) -> Vec<Word> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        // Inside a word: letters and digits, and an apostrophe, hyphen, full stop or comma between
        // two of them ("al-Assad", "U.S", "34,000", "1.5").
        while let Some(&(j, d)) = iter.peek() {
            if is_word_char(d) {
                end = j + d.len_utf8();
                iter.next();
                continue;
            }
            let joiner = matches!(d, '\'' | '’' | '-' | '.' | ',');
            let next_is_word = s[j + d.len_utf8()..].chars().next().is_some_and(is_word_char);
            let digits = s[..j].chars().next_back().is_some_and(|p| p.is_ascii_digit())
                && s[j + d.len_utf8()..].chars().next().is_some_and(|n| n.is_ascii_digit());
            let allowed = match d {
                ',' => digits,
                '.' => digits || (next_is_word && s[j + 1..].chars().nth(1).is_some_and(|n| n == '.')),
                _ => true,
            };
            if joiner && next_is_word && allowed {
                iter.next();
                continue;
            }
            break;
        }
        let raw = &s[i..end];
        let lower = raw.to_lowercase().replace('’', "'");
        let (start, end) = (range.start + i, range.start + end);
        match lower.strip_suffix("n't") {
            Some(stem) if !stem.is_empty() => {
                let cut = end - (raw.len() - raw.char_indices().nth(stem.chars().count()).map_or(0, |(k, _)| k));
                out.push(Word { start, end: cut, lower: stem.to_string() });
                out.push(Word { start: cut, end, lower: "n't".to_string() });
            }
            _ => out.push(Word { start, end, lower }),
        }
    }
    out
}

/// Whether the words starting at `words[at]` read `phrase` (pattern words, `*` a prefix).
pub fn phrase_at(words: &[Word], at: usize, phrase: &[&str]) -> bool {
    phrase.iter().enumerate().all(|(k, p)| words.get(at + k).is_some_and(|w| super::lexicon::word_matches(p, &w.lower)))
}

/// The clauses of a sentence: it is cut at semicolons, colons, dashes, brackets, long
/// quotations, and commas before a conjunction or a participle; `frames` (attributions, "a
/// senior official said") are cut out. Each clause has at least two words.
pub fn clauses(text: &str, sentence: Range<usize>, frames: &[Range<usize>]) -> Vec<Range<usize>> {
    let s = &text[sentence.clone()];
    let mut cuts: Vec<Range<usize>> = frames.to_vec();
    let quote_marks: Vec<(usize, char)> =
        s.char_indices().filter(|&(_, c)| matches!(c, '"' | '“' | '”' | '«' | '»')).collect();
    // A quotation of four words or more is a clause of its own; a short one ("nothing final")
    // stays in its clause.
    let mut k = 0;
    while k < quote_marks.len() {
        let (a, ca) = quote_marks[k];
        let pair = quote_marks.get(k + 1).filter(|_| ca != '”');
        match pair {
            Some(&(b, cb)) => {
                let inner = &s[a + ca.len_utf8()..b];
                if inner.split_whitespace().count() >= 4 {
                    cuts.push(sentence.start + a..sentence.start + a + ca.len_utf8());
                    cuts.push(sentence.start + b..sentence.start + b + cb.len_utf8());
                }
                k += 2;
            }
            None => {
                cuts.push(sentence.start + a..sentence.start + a + ca.len_utf8());
                k += 1;
            }
        }
    }
    for (i, c) in s.char_indices() {
        let at = sentence.start + i;
        let cut = match c {
            // A colon between digits is a time ("at 8:30"), not a break.
            ':' => {
                !(s[..i].ends_with(|c: char| c.is_ascii_digit())
                    && s[i + 1..].starts_with(|c: char| c.is_ascii_digit()))
            }
            ';' | '(' | ')' | '—' | '–' | '…' => true,
            '-' => s[..i].ends_with(' ') && s[i + 1..].starts_with(' '),
            ',' => {
                let next: String = s[i + 1..]
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect::<String>()
                    .to_lowercase();
                SCOPE_BREAKS.contains(&next.as_str())
                    || matches!(next.as_str(), "and" | "or" | "as" | "after" | "before" | "when" | "because" | "since")
                    || (next.ends_with("ing") && next.len() > 5)
            }
            _ => false,
        };
        if cut {
            cuts.push(at..at + c.len_utf8());
        }
    }
    if s.contains("...") {
        let mut from = 0;
        while let Some(p) = s[from..].find("...") {
            cuts.push(sentence.start + from + p..sentence.start + from + p + 3);
            from += p + 3;
        }
    }
    cuts.sort_by_key(|r| (r.start, r.end));
    let mut out = Vec::new();
    let mut start = sentence.start;
    for cut in cuts.iter().chain(std::iter::once(&(sentence.end..sentence.end))) {
        if cut.start > start {
            if let Some(r) = clause(text, start..cut.start) {
                out.push(r);
            }
        }
        start = start.max(cut.end);
    }
    out
}

/// A clause trimmed of the spaces and punctuation around it, if it has two words.
fn clause(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let edge = |c: char| c.is_whitespace() || matches!(c, ',' | '.' | '"' | '“' | '”' | '\'' | '‘' | '?' | '!');
    let start = range.start + (s.len() - s.trim_start_matches(edge).len());
    let t = s.trim_end_matches(edge);
    let end = range.start + t.len();
    (start < end && text[start..end].split_whitespace().count() >= 2).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_a_sentence() {
        assert_eq!(
            texts("Mr. Cavusoglu met U.S. Secretary John F. Kerry on Dec. 13. Then he left.\n\nA new paragraph"),
            ["Mr. Cavusoglu met U.S. Secretary John F. Kerry on Dec. 13.", "Then he left.", "A new paragraph"]
        );
        assert_eq!(texts("“We agree,” he said. “Not yet.”"), ["“We agree,” he said.", "“Not yet.”"]);
    }

    #[test]
    fn words_keep_numbers_and_split_negative_contractions() {
        let s = "Rebels didn’t leave; 34,000 left al-Bab, 1.5 km away.";
        let w: Vec<String> = words(s, 0..s.len()).into_iter().map(|w| w.lower).collect();
        assert_eq!(w, ["rebels", "did", "n't", "leave", "34,000", "left", "al-bab", "1.5", "km", "away"]);
    }

    #[test]
    fn clauses_are_cut_at_conjunctions_and_long_quotations_but_not_short_ones() {
        let s = "Turkey is negotiating, but no agreement has been reached, a senior official said.";
        let frame = s.find(", a senior").unwrap()..s.len();
        let c: Vec<&str> = clauses(s, 0..s.len(), &[frame]).into_iter().map(|r| &s[r]).collect();
        assert_eq!(c, ["Turkey is negotiating", "but no agreement has been reached"]);
        let s = "there is \"nothing final\" over whether Iran will sign";
        let c: Vec<&str> = clauses(s, 0..s.len(), &[]).into_iter().map(|r| &s[r]).collect();
        assert_eq!(c, [s]);
    }

    #[test]
    fn a_colon_cuts_a_clause_but_not_a_time() {
        let s = "The truce will take effect at 8:30 on Thursday: both sides agreed";
        let c: Vec<&str> = clauses(s, 0..s.len(), &[]).into_iter().map(|r| &s[r]).collect();
        assert_eq!(c, ["The truce will take effect at 8:30 on Thursday", "both sides agreed"]);
    }
}
