//! Recovery from syntax errors in TOML claim files: one typo must not swallow the rest of a file.
//!
//! The TOML parser recovers from an error as best it can, but an unclosed array or string reads on
//! into the tables after it: a missing `]` in `note = ["x",` gave 22 errors and lost every later
//! claim of the file, and an unterminated `"""` was reported at the end of the file, not where it
//! opens. A claim file is a run of top-level tables (`[report]`, `[[claim]]`, `[[entity]]`), so
//! here it is cut at their headers into sections, each parsed on its own to find its errors (which
//! then cannot run on into the next table), and the broken part of each broken section is blanked
//! out: the rest of the file is read as if the broken part were not there.
//!
//! Only files with a syntax error come here; a well-formed file is parsed once, as before.

use std::ops::Range;
use toml::de::DeTable;

/// How many broken sections are blanked whole one at a time, each followed by a parse.
const MAX_ROUNDS: usize = 16;

/// A syntax error: where, and the parser's message.
pub(super) type SyntaxError = (Range<usize>, String);

/// What recovery found: the errors to report, the text to read instead of the file's (the broken
/// parts blanked to spaces, so every offset is still the file's), and the broken tables, header
/// to end: what is read of them is not complained about again (a claim cut short by the blanking
/// lacks its `quote`, which is the syntax error's doing).
pub(super) struct Recovered {
    pub errors: Vec<SyntaxError>,
    pub text: String,
    pub broken: Vec<Range<usize>>,
}

/// Whether `line` is a top-level table header of a claim file (a comment may follow it).
fn is_header(line: &str) -> bool {
    let code = line.split('#').next().unwrap_or_default();
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(compact.as_str(), "[report]" | "[[claim]]" | "[[entity]]")
}

/// Where the sections of `text` start (the first at 0, then each header line outside a multi-line
/// string), and the errors of multi-line strings that are never closed: each is reported where it
/// opens, and the next header after its line starts a section all the same.
fn sections(text: &str) -> (Vec<usize>, Vec<SyntaxError>) {
    let mut starts = vec![0];
    let mut unclosed = Vec::new();
    // The delimiter of the multi-line string the line is in, and where it opened.
    let mut open: Option<(&str, usize)> = None;
    let mut offset = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if open.is_none() && offset > 0 && is_header(line) {
            starts.push(offset);
        }
        let mut at = 0;
        loop {
            match open {
                None => {
                    let next = ["\"\"\"", "'''"].into_iter().filter_map(|d| line[at..].find(d).map(|p| (p, d))).min();
                    let Some((p, d)) = next else { break };
                    // A `#` before the quotes makes them a comment, not a string.
                    if line[at..at + p].contains('#') {
                        break;
                    }
                    open = Some((d, offset + at + p));
                    at += p + 3;
                }
                Some((d, _)) => match line[at..].find(d) {
                    Some(p) => {
                        open = None;
                        at += p + 3;
                    }
                    None => break,
                },
            }
        }
        offset += line.len();
        i += 1;
        if i == lines.len() {
            if let Some((d, opened)) = open.take() {
                // Never closed: say so where it opens, and look for headers again after its line.
                unclosed.push((opened..opened + 3, format!("this multi-line string ({d}) is never closed")));
                let line_end = text[opened..].find('\n').map_or(text.len(), |n| opened + n + 1);
                let (rest_starts, rest_unclosed) = sections(&text[line_end..]);
                starts.extend(rest_starts.into_iter().filter(|&s| s > 0).map(|s| s + line_end));
                // The text after the opening line, had its first line been a header.
                if line_end < text.len() && is_header(text[line_end..].lines().next().unwrap_or_default()) {
                    starts.push(line_end);
                }
                unclosed.extend(rest_unclosed.into_iter().map(|(r, m)| (r.start + line_end..r.end + line_end, m)));
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    (starts, unclosed)
}

/// The first error the parser finds in `text`, placed at `offset` in the file, and how many it
/// finds after it: only the first is kept, so that a section of a million errors costs what the
/// parser itself spends on them.
fn first_error(text: &str, offset: usize) -> Option<(SyntaxError, usize)> {
    let (_, errors) = DeTable::parse_recoverable(text);
    let more = errors.len().checked_sub(1)?;
    let e = errors.iter().min_by_key(|e| e.span().map(|r| r.start))?;
    let r = e.span().unwrap_or(0..0);
    Some(((r.start + offset..r.end + offset, e.message().trim().to_string()), more))
}

/// The errors the parser finds in `text`, placed at `offset` in the file.
fn errors_of(text: &str, offset: usize) -> Vec<SyntaxError> {
    let (_, errors) = DeTable::parse_recoverable(text);
    errors
        .into_iter()
        .map(|e| {
            let r = e.span().unwrap_or(0..0);
            (r.start + offset..r.end + offset, e.message().trim().to_string())
        })
        .collect()
}

/// Blanks `range` of `text`, keeping its line breaks (so lines and columns stay the file's).
fn blank(text: &mut [u8], range: Range<usize>) {
    for b in &mut text[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Finds the syntax errors of a claim file section by section and blanks what they break.
///
/// Of each broken section only its first error is reported: what the parser finds after it in
/// the same table is most often what the first one does to the rest of the table (an unclosed
/// array reads on and complains of every line), and is counted in the first one's message.
pub(super) fn recover(text: &str) -> Recovered {
    let (starts, unclosed) = sections(text);
    let bounds: Vec<Range<usize>> =
        starts.iter().enumerate().map(|(i, &s)| s..starts.get(i + 1).copied().unwrap_or(text.len())).collect();
    let mut errors = Vec::new();
    let mut bytes = text.as_bytes().to_vec();
    // The sections blanked from their first error's line on, by index.
    let mut cut = Vec::new();
    for (i, section) in bounds.iter().enumerate() {
        // A string never closed opens in this section: that is its error, said where it opens.
        let opened = unclosed.iter().find(|(r, _)| section.contains(&r.start)).cloned();
        let found = match opened {
            Some(e) => Some((e, 0)),
            None => first_error(&text[section.clone()], section.start),
        };
        let Some(((first, message), more)) = found else { continue };
        let message = match more {
            0 => message,
            1 => format!("{message}\n(one more error in this table after this one, which may follow from it)"),
            n => format!("{message}\n({n} more errors in this table after this one, which may follow from it)"),
        };
        errors.push((first.clone(), message));
        let from = text[..first.start.min(text.len())].rfind('\n').map_or(0, |n| n + 1).max(section.start);
        blank(&mut bytes, from..section.end);
        cut.push(i);
    }
    // Blanking keeps whole lines and line breaks, so the text is still UTF-8.
    let mut recovered = String::from_utf8(bytes).unwrap_or_default();
    // What is left is parsed whole. While it still fails, the broken section nearest before the
    // first failure is blanked whole (a value opened before the line of its first error reads on
    // into the tables after it); a failure with no broken section before it is one the sections
    // alone could not show (a table declared twice across sections), and is reported.
    let mut whole: Vec<usize> = Vec::new();
    loop {
        if whole.len() == MAX_ROUNDS {
            // A file broken in this many places costs a parse per place: blank them all at once.
            let mut bytes = std::mem::take(&mut recovered).into_bytes();
            for &i in cut.iter().filter(|i| !whole.contains(i)) {
                blank(&mut bytes, bounds[i].clone());
            }
            recovered = String::from_utf8(bytes).unwrap_or_default();
            errors.extend(errors_of(&recovered, 0));
            break;
        }
        let left = errors_of(&recovered, 0);
        let Some(first) = left.iter().map(|(r, _)| r.start).min() else { break };
        let culprit = cut.iter().copied().filter(|&i| bounds[i].start <= first && !whole.contains(&i)).max();
        let Some(i) = culprit else {
            errors.extend(left);
            break;
        };
        let mut bytes = std::mem::take(&mut recovered).into_bytes();
        blank(&mut bytes, bounds[i].clone());
        whole.push(i);
        recovered = String::from_utf8(bytes).unwrap_or_default();
    }
    let broken = cut.iter().map(|&i| bounds[i].clone()).collect();
    Recovered { errors, text: recovered, broken }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAIM: &str = "[[claim]]\nid = \"c\"\nsubject = \"s\"\n";

    #[test]
    fn headers_start_sections_outside_multi_line_strings() {
        let text =
            format!("[report]\nid = \"r\"\nnote = \"\"\"\n[[claim]]\n\"\"\"\n{CLAIM}  [[ entity ]] # e\nid = \"e\"\n");
        let (starts, unclosed) = sections(&text);
        let claim = text.find("[[claim]]\nid").unwrap();
        let entity = text.find("  [[ entity").unwrap();
        assert_eq!(starts, [0, claim, entity]);
        assert!(unclosed.is_empty());
    }

    #[test]
    fn an_unclosed_array_breaks_only_its_own_table() {
        let text = format!("[report]\nid = \"r\"\n\n[[claim]]\nid = \"a\"\nnote = [\"x\",\n\n{CLAIM}\n{CLAIM}");
        let r = recover(&text);
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        let (table, errors) = DeTable::parse_recoverable(r.text.as_str());
        assert!(errors.is_empty(), "{errors:?}");
        let claims = table.get_ref().get("claim").expect("claims").get_ref().as_array().expect("an array").len();
        assert_eq!(claims, 3, "the broken claim keeps what came before the break; the two after are read");
        assert_eq!(r.text.len(), text.len());
    }

    #[test]
    fn an_unterminated_string_is_reported_where_it_opens() {
        let text = format!("[report]\nid = \"r\"\n\n[[claim]]\nid = \"a\"\nnote = \"\"\"never closed\n\n{CLAIM}");
        let r = recover(&text);
        let opened = text.find("\"\"\"").unwrap();
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert_eq!(r.errors[0].0, opened..opened + 3);
        let (table, errors) = DeTable::parse_recoverable(r.text.as_str());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(table.get_ref().get("claim").unwrap().get_ref().as_array().unwrap().len(), 2);
    }
}
