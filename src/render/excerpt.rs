//! Excerpts: a [`miette::SourceCode`] that shows several files in one diagnostic.
//!
//! miette draws one source per diagnostic and prints whole lines; report texts keep a paragraph
//! on one line. This source lays out one excerpt per quoted line — each from its own file, cut
//! to the output width with `…` around the quoted words — in a virtual offset space. Reading a
//! span returns its excerpt with the file's own name and original line and column, so miette's
//! headers (`╭─[path:line:col]`) stay true while the lines stay short.
//!
//! Excerpts are corpus text on its way to a terminal: control characters and bidirectional
//! overrides in them are shown escaped ([`crate::printable`]), a tab as a space and a CRLF line
//! break as a line feed, with every label moved to where its words are shown.

use crate::findings::Location;
use crate::source::{FileId, Sources};
use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

const ELLIPSIS: &str = "…";
/// What ends a line, as [`crate::source`] counts lines: a line feed, or a carriage return (of a
/// CRLF pair, or alone, as in old Mac files).
const LINE_BREAKS: [char; 2] = ['\n', '\r'];

#[derive(Debug)]
struct Segment {
    name: String,
    /// Virtual offset of the excerpt's first byte.
    base: usize,
    text: String,
    /// 0-based line of the excerpt's first line in its file.
    line: usize,
}

#[derive(Debug, Default)]
pub struct Excerpts {
    segments: Vec<Segment>,
    /// Where each label starts: (virtual offset, 0-based line, 0-based column) in its file.
    positions: Vec<(usize, usize, usize)>,
}

impl Excerpts {
    /// Lays out `locations` (grouped by file, in the order given) and returns the labels in
    /// virtual offsets. `budget` is the widest an excerpt line may be.
    pub fn build(sources: &Sources, locations: &[Location], budget: usize) -> (Excerpts, Vec<LabeledSpan>) {
        let mut files: Vec<FileId> = Vec::new();
        for l in locations {
            if !files.contains(&l.span.file) {
                files.push(l.span.file);
            }
        }
        let mut ex = Excerpts::default();
        let mut labels = Vec::new();
        let mut base = 0;
        for file in files {
            let src = sources.get(file);
            let text: &str = src.text();
            let mut here: Vec<&Location> = locations.iter().filter(|l| l.span.file == file).collect();
            here.sort_by_key(|l| (l.span.start, l.span.end));
            // Group locations whose lines touch into one excerpt.
            let mut groups: Vec<(usize, usize, Vec<&Location>)> = Vec::new();
            for l in here {
                let start = l.span.start.min(text.len());
                let end = l.span.end.min(text.len()).max(start);
                let line_start = text[..start].rfind(LINE_BREAKS).map_or(0, |i| i + 1);
                let line_end = text[end..].find(LINE_BREAKS).map_or(text.len(), |i| end + i);
                match groups.last_mut() {
                    Some(g) if line_start <= g.1 => {
                        g.1 = g.1.max(line_end);
                        g.2.push(l);
                    }
                    _ => groups.push((line_start, line_end, vec![l])),
                }
            }
            for (line_start, line_end, locs) in groups {
                let lo = locs.iter().map(|l| l.span.start.min(text.len())).min().unwrap_or(line_start);
                let hi = locs.iter().map(|l| shown_end(text, l, budget)).max().unwrap_or(line_end);
                let (from, to) = window(text, line_start, line_end, lo, hi, budget);
                let lead = if from > line_start { ELLIPSIS.len() } else { 0 };
                let mut excerpt = String::new();
                if lead > 0 {
                    excerpt.push_str(ELLIPSIS);
                }
                let bounds: Vec<(usize, usize)> = locs
                    .iter()
                    .map(|l| {
                        let start = l.span.start.clamp(from, to);
                        (start, shown_end(text, l, budget).clamp(start, to))
                    })
                    .collect();
                let mut wanted: Vec<usize> = bounds.iter().flat_map(|&(a, b)| [a, b]).collect();
                wanted.sort_unstable();
                wanted.dedup();
                let shown_at = push_shown(&mut excerpt, text, from, to, &wanted);
                let shown = |offset: usize| shown_at[wanted.binary_search(&offset).unwrap_or(0)];
                if to < line_end {
                    excerpt.push_str(ELLIPSIS);
                }
                let pos = src.position(from);
                for (l, &(start, end)) in locs.iter().zip(&bounds) {
                    let v = base + lead + shown(start);
                    let label = crate::printable::escape(&l.label).into_owned();
                    labels.push(LabeledSpan::new(Some(label), v, shown(end) - shown(start)));
                    let p = src.position(start);
                    ex.positions.push((v, p.line - 1, p.column - 1));
                }
                let len = excerpt.len();
                let name = crate::printable::escape_line(&src.path).into_owned();
                ex.segments.push(Segment { name, base, text: excerpt, line: pos.line - 1 });
                // A gap keeps neighbouring excerpts from being read as one.
                base += len + 1;
            }
        }
        (ex, labels)
    }

    fn segment(&self, span: &SourceSpan) -> Option<&Segment> {
        self.segments.iter().find(|s| span.offset() >= s.base && span.offset() + span.len() <= s.base + s.text.len())
    }
}

/// Where the quoted words of `l` end as shown: quoted words on one line wider than the output are
/// shown up to its width and cut (`…`), so that a quote of a megabyte is not printed whole.
fn shown_end(text: &str, l: &Location, budget: usize) -> usize {
    let start = l.span.start.min(text.len());
    let end = l.span.end.clamp(start, text.len());
    match text.get(start..end).and_then(|q| q.char_indices().nth(budget).filter(|_| !q.contains(LINE_BREAKS))) {
        Some((i, _)) => start + i,
        None => end,
    }
}

/// Appends `text[from..to]` to `out` as it is shown: unsafe characters escaped, a tab as a space,
/// every line break as a line feed (miette counts lines by them), a byte order mark opening the
/// file left out. Returns, for each offset of `wanted`
/// (sorted, each at a character boundary of `text` within `from..=to`), where it is shown,
/// counted from `from`.
fn push_shown(out: &mut String, text: &str, from: usize, to: usize, wanted: &[usize]) -> Vec<usize> {
    let start = out.len();
    let mut shown_at = Vec::with_capacity(wanted.len());
    let mut next = wanted.iter().peekable();
    let mut chars = text[from..to].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        while next.next_if(|&&w| w <= from + i).is_some() {
            shown_at.push(out.len() - start);
        }
        match c {
            '\t' => out.push(' '),
            '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => {}
            '\r' => out.push('\n'),
            '\u{feff}' if from + i == 0 => {}
            c if crate::printable::is_unsafe(c) => out.push_str(&crate::printable::escaped(c)),
            c => out.push(c),
        }
    }
    shown_at.extend(next.map(|_| out.len() - start));
    shown_at
}

/// The part of a line to show: all of it if it fits, else a window around `lo..hi` cut at
/// word boundaries where it can be.
fn window(text: &str, line_start: usize, line_end: usize, lo: usize, hi: usize, budget: usize) -> (usize, usize) {
    let width = |a: usize, b: usize| text[a..b].chars().count();
    if width(line_start, line_end) <= budget || text[line_start..line_end].contains(LINE_BREAKS) {
        return (line_start, line_end);
    }
    let quoted = width(lo, hi);
    let spare = budget.saturating_sub(quoted + 2);
    let before = (spare / 2).max(8);
    let after = spare.saturating_sub(before.min(spare)).max(8);
    let back = |from: usize, n: usize| {
        text[line_start..from].char_indices().rev().nth(n.saturating_sub(1)).map_or(line_start, |(i, _)| line_start + i)
    };
    let fwd = |from: usize, n: usize| text[from..line_end].char_indices().nth(n).map_or(line_end, |(i, _)| from + i);
    let mut from = back(lo, before);
    let mut to = fwd(hi, after);
    // Prefer to start and end on whole words.
    if from > line_start {
        if let Some(i) = text[from..lo].find(' ') {
            from += i + 1;
        }
    }
    if to < line_end {
        if let Some(i) = text[hi..to].rfind(' ') {
            to = hi + i;
        }
    }
    (from, to)
}

impl SourceCode for Excerpts {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let seg = self.segment(span).ok_or(MietteError::OutOfBounds)?;
        // miette reads a label's own span with no context lines for the `path:line:col` header,
        // and with context lines for the lines it draws: give the label's position to the
        // first, the excerpt's first line to the second.
        let label = self.positions.iter().find(|p| p.0 == span.offset());
        let (line, column) = match label {
            Some(&(_, line, column)) if before == 0 && after == 0 => (line, column),
            _ => (seg.line, 0),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            seg.name.clone(),
            seg.text.as_bytes(),
            SourceSpan::new(seg.base.into(), seg.text.len()),
            line,
            column,
            seg.text.matches('\n').count() + 1,
        )))
    }
}
