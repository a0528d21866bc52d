//! `--format rdjson`: reviewdog's Diagnostic Format (`reviewdog -f=rdjson`), which posts findings
//! as review comments on a pull or merge request. Schema: reviewdog's
//! `proto/rdf/jsonschema/DiagnosticResult.json`.
//!
//! One diagnostic per finding at its primary claim, the other claims as `related_locations`.
//! Lines are 1-based; columns are 1-based counts of UTF-8 bytes, as rdjson defines them, and a
//! range's end is exclusive. Findings an `[[allow]]` accepts and findings a baseline lists are
//! left out.

use super::Run;
use crate::findings::{Finding, Severity};
use crate::source::{SourceFile, Sources, Span};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct DiagnosticResult<'a> {
    source: Source,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location<'a>>,
    severity: &'static str,
    code: Code<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
}

#[derive(Serialize)]
struct RelatedLocation<'a> {
    message: std::borrow::Cow<'a, str>,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Note => "INFO",
    }
}

/// A byte offset as rdjson counts it: 1-based line, 1-based column in bytes of that line.
fn position(file: &SourceFile, offset: usize) -> Position {
    let text: &str = file.text();
    let offset = offset.min(text.len());
    let (line, _) = file.line_column(offset);
    let line_start = text.as_bytes()[..offset].iter().rposition(|&b| b == b'\n' || b == b'\r').map_or(0, |i| i + 1);
    Position { line, column: offset - line_start + 1 }
}

fn location(sources: &Sources, span: Span) -> Location<'_> {
    let file = sources.get(span.file);
    Location { path: &file.path, range: Range { start: position(file, span.start), end: position(file, span.end) } }
}

/// The message, then help and notes: reviewdog shows it as the comment's text.
fn message(run: &Run, f: &Finding) -> String {
    let mut lines = vec![f.message.clone()];
    lines.extend(run.help(f).map(|h| format!("help: {h}")));
    lines.extend(f.notes.iter().map(|n| format!("note: {n}")));
    lines.join("\n")
}

fn diagnostic<'a>(run: &Run<'a>, f: &'a Finding) -> Diagnostic<'a> {
    let mut locations = f.locations.iter();
    Diagnostic {
        message: message(run, f),
        location: locations.next().map(|l| location(run.sources, l.span)),
        severity: severity(f.severity),
        code: Code { value: &f.rule },
        related_locations: locations
            .map(|l| RelatedLocation { message: run.label(f, l), location: location(run.sources, l.span) })
            .collect(),
    }
}

pub fn render(run: &Run, out: &mut dyn Write, _: &super::Options) -> io::Result<()> {
    let result = DiagnosticResult {
        source: Source { name: "claimlint", url: super::sarif::INFORMATION_URI },
        diagnostics: run.findings.iter().map(|f| diagnostic(run, f)).collect(),
    };
    let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buffered, &result).map_err(io::Error::from)?;
    buffered.flush()?;
    drop(buffered);
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_bytes() {
        // The example of rdjson's own documentation: 'a𐐀b', b is at column 6.
        let text = "x\na\u{10400}b";
        let file = SourceFile::new("t".to_string(), text.into());
        let p = position(&file, text.find('b').unwrap());
        assert_eq!((p.line, p.column), (2, 6));
        let p = position(&file, 0);
        assert_eq!((p.line, p.column), (1, 1));
    }
}
