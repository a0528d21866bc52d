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

use std::borrow::Cow;
use std::ops::Range;
use toml::de::DeTable;
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{Event, EventKind, EventReceiver, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, Expected, ParseError, Source, Span};

/// How many broken sections are blanked whole one at a time, each followed by a parse.
const MAX_ROUNDS: usize = 16;

/// A table with no syntax error but a semantic one (a duplicate key) has its errors counted by
/// the `toml` crate's own recoverable parse, which keeps each (about 400 bytes), only up to this
/// size; a bigger one reports its first error without a count.
const COUNTED_SECTION: usize = 1 << 20;

/// How deep arrays and inline tables may nest: the `toml` crate's recursion guard.
const MAX_DEPTH: u32 = 80;

/// A syntax error: where, and the parser's message.
pub(super) type SyntaxError = (Range<usize>, Cow<'static, str>);

/// What recovery found: the errors to report, the text to read instead of the file's (the broken
/// parts blanked to spaces, so every offset is still the file's), and the broken tables, header
/// to end: what is read of them is not complained about again (a claim cut short by the blanking
/// lacks its `quote`, which is the syntax error's doing).
pub(super) struct Recovered {
    pub errors: Vec<SyntaxError>,
    pub text: String,
    pub broken: Vec<Range<usize>>,
}

/// The top-level tables of a kind of TOML document, by which a broken one is cut into sections:
/// tables (`[name]`, defined once) and arrays of tables (`[[name]]`).
pub(super) struct Tables {
    pub tables: &'static [&'static str],
    pub arrays: &'static [&'static str],
}

/// A claim file: `[report]`, `[[claim]]`, `[[entity]]`.
pub(super) const CLAIM_FILE: Tables = Tables { tables: &["report"], arrays: &["claim", "entity"] };

/// A rule pack or the config: `[[predicate]]`, `[[rule]]`; `[severity]`, `[[allow]]`.
pub(super) const PACK_OR_CONFIG: Tables = Tables { tables: &["severity"], arrays: &["predicate", "rule", "allow"] };

/// Whether `line` is a top-level header of one of `tables` (a comment may follow it): `Some(None)`
/// for an array of tables, `Some(Some(name))` for a table.
fn header(line: &str, tables: &Tables) -> Option<Option<&'static str>> {
    // Most lines are no header: told apart without building anything.
    if !line.trim_start().starts_with('[') {
        return None;
    }
    let code = line.split('#').next().unwrap_or_default();
    if code.len() > 64 {
        return None;
    }
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(name) = compact.strip_prefix("[[").and_then(|c| c.strip_suffix("]]")) {
        return tables.arrays.contains(&name).then_some(None);
    }
    let name = compact.strip_prefix('[').and_then(|c| c.strip_suffix(']'))?;
    tables.tables.iter().find(|t| **t == name).map(|t| Some(*t))
}

/// The sections of a document: where each starts, and which start at a table's header (by name).
struct Sections {
    starts: Vec<usize>,
    tables: Vec<(usize, &'static str)>,
}

/// Where the sections of `text` start (the first at 0, then each header line outside a multi-line
/// string), and the errors of multi-line strings that are never closed: each is reported where it
/// opens, and the next header after its line starts a section all the same. Lines are read one
/// at a time, never collected (a file of line breaks is millions of lines).
fn sections(text: &str, tables: &Tables) -> (Sections, Vec<SyntaxError>) {
    let mut out = Sections { starts: vec![0], tables: Vec::new() };
    let mut unclosed = Vec::new();
    // Where the text still to scan starts: after the opening line of a string never closed.
    let mut base = 0;
    loop {
        // The delimiter of the multi-line string the line is in, and where it opened.
        let mut open: Option<(&str, usize)> = None;
        let mut offset = base;
        for line in text[base..].split_inclusive('\n') {
            if let (None, Some(table)) = (open, header(line, tables)) {
                out.starts.push(offset);
                if let Some(name) = table {
                    out.tables.push((offset, name));
                }
            }
            let mut at = 0;
            loop {
                match open {
                    None => {
                        let next =
                            ["\"\"\"", "'''"].into_iter().filter_map(|d| line[at..].find(d).map(|p| (p, d))).min();
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
        }
        let Some((d, opened)) = open else { break };
        // Never closed: say so where it opens, and look for headers again after its line.
        unclosed.push((opened..opened + 3, format!("this multi-line string ({d}) is never closed").into()));
        base = text[opened..].find('\n').map_or(text.len(), |n| opened + n + 1);
        if base >= text.len() {
            break;
        }
    }
    out.starts.sort_unstable();
    out.starts.dedup();
    out.tables.sort_unstable();
    out.tables.dedup();
    (out, unclosed)
}

/// Where the sections of `text` start (see [`sections`]): the first at 0, then each header line
/// of one of `tables` outside a multi-line string.
pub(super) fn section_starts(text: &str, tables: &Tables) -> Vec<usize> {
    sections(text, tables).0.starts
}

/// The syntax errors of `text` as the TOML parser reports them, found with the `toml` crate's own
/// lexer and parser but without building the document: the first `keep` by place, placed at
/// `offset` in the file, and how many there are in all. `DeTable::parse_recoverable` keeps every
/// error, about 400 bytes each (a megabyte of `=` lines made 1.5 million, 437 MB); here an error
/// beyond the first `keep` is counted and dropped, and only the tokens are held (24 bytes each).
/// Scalars and keys are decoded as the `toml` crate decodes them, so a bad escape, number or date
/// is an error here too; what only the document can show (a key defined twice) is not.
pub(super) fn syntax_errors(text: &str, offset: usize, keep: usize) -> (Vec<SyntaxError>, usize) {
    let source = Source::new(text);
    // Counted first, so that the token vector is allocated once at its size: grown by doubling, a
    // 64 MiB file of one-byte tokens held its old and new buffers at once (2.6 GB).
    let mut tokens = Vec::with_capacity(source.lex().count());
    tokens.extend(source.lex());
    let mut sink = Kept { keep: keep.max(1), kept: Vec::new(), total: 0, last: None };
    let mut decode = Decode { source };
    let mut whitespace = ValidateWhitespace::new(&mut decode, source);
    let mut guard = RecursionGuard::new(&mut whitespace, MAX_DEPTH);
    toml_parser::parser::parse_document(&tokens, &mut guard, &mut sink);
    drop(tokens);
    let total = sink.total;
    let errors = sink
        .into_sorted()
        .into_iter()
        .take(keep)
        .map(|e| {
            let r = e.unexpected().map_or(0..0, |s| s.start()..s.end());
            (r.start + offset..r.end + offset, message(&e).into())
        })
        .collect();
    (errors, total)
}

/// Keeps the first errors by place and counts the rest. An error the parser reports again right
/// away at the same place (each of 80 unclosed arrays ends at the end of the file) counts once.
struct Kept {
    keep: usize,
    kept: Vec<(usize, usize, ParseError)>,
    total: usize,
    last: Option<ParseError>,
}

impl Kept {
    fn into_sorted(mut self) -> Vec<ParseError> {
        self.kept.sort_by_key(|(start, seq, _)| (*start, *seq));
        self.kept.into_iter().map(|(_, _, e)| e).collect()
    }
}

impl ErrorSink for Kept {
    fn report_error(&mut self, error: ParseError) {
        let again = self
            .last
            .as_ref()
            .is_some_and(|last| last.unexpected() == error.unexpected() && last.description() == error.description());
        if again {
            return;
        }
        self.last = Some(error.clone());
        self.total += 1;
        let start = error.unexpected().map_or(0, |s| s.start());
        self.kept.push((start, self.total, error));
        if self.kept.len() >= 2 * self.keep {
            self.kept.sort_by_key(|(start, seq, _)| (*start, *seq));
            self.kept.truncate(self.keep);
        }
    }
}

/// Decodes keys and scalars as the `toml` crate does when it builds a document, for their errors.
struct Decode<'s> {
    source: Source<'s>,
}

impl EventReceiver for Decode<'_> {
    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        if let Some(raw) = self.source.get(Event::new_unchecked(EventKind::SimpleKey, encoding, span)) {
            let mut decoded = Cow::Borrowed("");
            raw.decode_key(&mut decoded, error);
        }
    }

    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        let Some(raw) = self.source.get(Event::new_unchecked(EventKind::Scalar, encoding, span)) else { return };
        let mut decoded = Cow::Borrowed("");
        if let ScalarKind::DateTime = raw.decode_scalar(&mut decoded, error) {
            if let Err(e) = decoded.parse::<toml::value::Datetime>() {
                error.report_error(ParseError::new(e.to_string()).with_unexpected(span));
            }
        }
    }
}

/// An error's message as the `toml` crate words it (`toml::de::Error::message`).
fn message(error: &ParseError) -> String {
    let mut message = error.description().to_string();
    if let Some(expected) = error.expected() {
        message.push_str(", expected ");
        if expected.is_empty() {
            message.push_str("nothing");
        }
        for (i, e) in expected.iter().enumerate() {
            if i != 0 {
                message.push_str(", ");
            }
            match e {
                Expected::Literal(literal) => message.push_str(&match *literal {
                    "\n" => "newline".to_string(),
                    "`" => "'`'".to_string(),
                    s if s.chars().all(|c| c.is_ascii_control()) => format!("`{}`", s.escape_debug()),
                    s => format!("`{s}`"),
                }),
                Expected::Description(d) => message.push_str(d),
                _ => message.push_str("etc"),
            }
        }
    }
    message.trim().to_string()
}

/// The first error of `text` (by place), placed at `offset` in the file, and how many come after
/// it (`None`: not counted): syntax errors first, then what only the document shows. Only the
/// first is kept, so that a section of a million errors costs its tokens, not its errors.
fn first_error(text: &str, offset: usize) -> Option<(SyntaxError, Option<usize>)> {
    let (errors, total) = syntax_errors(text, offset, 1);
    if let Some(first) = errors.into_iter().next() {
        return Some((first, Some(total - 1)));
    }
    let e = DeTable::parse(text).err()?;
    let r = e.span().unwrap_or(0..0);
    let first = (r.start + offset..r.end + offset, e.message().trim().to_string().into());
    let more = (text.len() <= COUNTED_SECTION).then(|| DeTable::parse_recoverable(text).1.len().saturating_sub(1));
    Some((first, more))
}
/// Blanks `range` of `text`, line breaks included, so that a blanked run is one stretch of
/// whitespace to the parser (a million broken lines cost it one token, not a million). Offsets
/// stay the file's; `range` starts at the start of a line, so what follows it still does too.
fn blank(text: &mut [u8], range: Range<usize>) {
    text[range].fill(b' ');
}

/// The first error of the whole recovered text, if any.
fn first_left(text: &str) -> Option<SyntaxError> {
    first_error(text, 0).map(|(e, _)| e)
}

/// Finds the syntax errors of a claim file section by section and blanks what they break.
///
/// Of each broken section only its first error is reported: what the parser finds after it in
/// the same table is most often what the first one does to the rest of the table (an unclosed
/// array reads on and complains of every line), and is counted in the first one's message.
/// Whatever the file holds, an error costs only while it is counted (see [`syntax_errors`]).
pub(super) fn recover(text: &str, tables: &Tables) -> Recovered {
    let (Sections { starts, tables: headers }, unclosed) = sections(text, tables);
    let bounds: Vec<Range<usize>> =
        starts.iter().enumerate().map(|(i, &s)| s..starts.get(i + 1).copied().unwrap_or(text.len())).collect();
    drop(starts);
    let mut errors = Vec::new();
    let mut bytes = text.as_bytes().to_vec();
    // The sections blanked from their first error's line on, by index.
    let mut cut = Vec::new();
    // A table's header after its first (a second `[report]`) defines it twice, as the parser
    // would say of each: reported at its name and blanked whole, so that a file of a million
    // `[report]` lines is not parsed with a million errors.
    let mut first_of: Vec<&str> = Vec::new();
    let mut again: Vec<(usize, &str)> = Vec::new();
    for &(at, name) in &headers {
        if first_of.contains(&name) {
            again.push((at, name));
        } else {
            first_of.push(name);
        }
    }
    drop(headers);
    let mut again = again.into_iter().peekable();
    for (i, section) in bounds.iter().enumerate() {
        if let Some((_, name)) = again.next_if(|(at, _)| *at == section.start) {
            let at = text[section.clone()].find(name).map_or(section.start, |p| section.start + p);
            errors.push((at..at + name.len(), Cow::Borrowed("duplicate key")));
            blank(&mut bytes, section.clone());
            cut.push(i);
            continue;
        }
        // A string never closed opens in this section: that is its error, said where it opens.
        let opened = unclosed.iter().find(|(r, _)| section.contains(&r.start)).cloned();
        let found = match opened {
            Some(e) => Some((e, Some(0))),
            None => first_error(&text[section.clone()], section.start),
        };
        let Some(((first, message), more)) = found else { continue };
        let message = match more {
            Some(0) => message,
            Some(1) => {
                format!("{message}\n(one more error in this table after this one, which may follow from it)").into()
            }
            Some(n) => {
                format!("{message}\n({n} more errors in this table after this one, which may follow from it)").into()
            }
            None => format!("{message}\n(more errors in this table after this one may follow from it)").into(),
        };
        errors.push((first.clone(), message));
        let from = text[..first.start.min(text.len())].rfind('\n').map_or(0, |n| n + 1).max(section.start);
        blank(&mut bytes, from..section.end);
        cut.push(i);
    }
    // Blanking keeps whole lines, so the text is still UTF-8.
    let mut recovered = String::from_utf8(bytes).unwrap_or_default();
    // What is left is parsed whole. While it still fails, the broken section nearest before the
    // first failure is blanked whole (a value opened before the line of its first error reads on
    // into the tables after it); a failure with no broken section before it is one the sections
    // alone could not show (a table declared twice across sections): it is reported, and its
    // section blanked whole.
    let mut whole: Vec<usize> = Vec::new();
    for round in 0.. {
        if round == MAX_ROUNDS {
            // A file broken in this many places costs a parse per place: blank them all at once.
            let mut bytes = std::mem::take(&mut recovered).into_bytes();
            for &i in cut.iter().filter(|i| !whole.contains(i)) {
                blank(&mut bytes, bounds[i].clone());
            }
            whole.clone_from(&cut);
            recovered = String::from_utf8(bytes).unwrap_or_default();
        }
        if round == MAX_ROUNDS + crate::findings::MAX_PER_CODE {
            // Still failing: the caller reads what the parser's own recovery makes of the rest.
            break;
        }
        let Some((at, message)) = first_left(&recovered) else { break };
        let first = at.start;
        let culprit = cut.iter().copied().filter(|&i| bounds[i].start <= first && !whole.contains(&i)).max();
        let i = match culprit {
            Some(i) => i,
            None => {
                // Not a section's own error: reported, and the section it is in blanked whole.
                let i = bounds.partition_point(|b| b.start <= first).saturating_sub(1);
                errors.push((at, message));
                if !cut.contains(&i) {
                    cut.push(i);
                }
                i
            }
        };
        let mut bytes = std::mem::take(&mut recovered).into_bytes();
        blank(&mut bytes, bounds[i].clone());
        whole.push(i);
        recovered = String::from_utf8(bytes).unwrap_or_default();
    }
    cut.sort_unstable();
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
        let (Sections { starts, tables }, unclosed) = sections(&text, &CLAIM_FILE);
        let claim = text.find("[[claim]]\nid").unwrap();
        let entity = text.find("  [[ entity").unwrap();
        assert_eq!(starts, [0, claim, entity]);
        assert_eq!(tables, [(0, "report")]);
        assert!(unclosed.is_empty());
    }

    #[test]
    fn an_unclosed_array_breaks_only_its_own_table() {
        let text = format!("[report]\nid = \"r\"\n\n[[claim]]\nid = \"a\"\nnote = [\"x\",\n\n{CLAIM}\n{CLAIM}");
        let r = recover(&text, &CLAIM_FILE);
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
        let r = recover(&text, &CLAIM_FILE);
        let opened = text.find("\"\"\"").unwrap();
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert_eq!(r.errors[0].0, opened..opened + 3);
        let (table, errors) = DeTable::parse_recoverable(r.text.as_str());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(table.get_ref().get("claim").unwrap().get_ref().as_array().unwrap().len(), 2);
    }
}
