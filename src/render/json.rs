//! `--format json`: versioned, for scripts (DESIGN §5). Lines and columns are 1-based, columns
//! count characters; `offset`/`length` are bytes of the file at `path`.

use super::Run;
use crate::findings::{DerivationStep, Finding, Tally};
use serde::{Serialize, Serializer};
use std::io::{self, Write};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    findings: Findings<'a>,
}

/// The findings, each converted as it is written: a million locations held at once as
/// `JsonLocation`s would add a hundred megabytes to the peak for nothing.
struct Findings<'a>(&'a Run<'a>);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.findings.iter().map(|f| json_finding(self.0, f)))
    }
}

#[derive(Serialize)]
struct Summary {
    reports: usize,
    claims: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    kind: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    subject: Option<&'a str>,
    predicate: Option<&'a str>,
    claims: &'a [String],
    locations: Vec<JsonLocation<'a>>,
    notes: &'a [String],
    derivation: &'a [DerivationStep],
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
    label: &'a str,
    claim: Option<&'a str>,
}

fn json_finding<'a>(run: &Run<'a>, f: &'a Finding) -> JsonFinding<'a> {
    JsonFinding {
        rule: &f.rule,
        kind: &f.kind,
        severity: f.severity.as_str(),
        message: &f.message,
        help: f.help.as_deref(),
        subject: f.subject.as_deref(),
        predicate: f.predicate.as_deref(),
        claims: &f.claims,
        locations: f
            .locations
            .iter()
            .map(|l| {
                let file = run.sources.get(l.span.file);
                let (start, end) = (file.position(l.span.start), file.position(l.span.end));
                JsonLocation {
                    path: &file.path,
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    offset: l.span.start,
                    length: l.span.len(),
                    label: &l.label,
                    claim: l.claim.as_deref(),
                }
            })
            .collect(),
        notes: &f.notes,
        derivation: &f.derivation,
    }
}

pub fn render(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    let tally = Tally::of(run.findings);
    let output = Output {
        version: 1,
        summary: Summary {
            reports: run.corpus.reports.len(),
            claims: run.corpus.claims.iter().filter(|c| c.derived.is_none()).count(),
            errors: tally.errors,
            warnings: tally.warnings,
            notes: tally.notes,
        },
        findings: Findings(run),
    };
    // Streamed, not serialised to a string first: on a large corpus the output is hundreds of
    // megabytes. `io::Error::from` hands back serde_json's underlying I/O error as it was, so a
    // broken pipe is still seen as one. serde_json writes a few bytes at a time: a buffer of its
    // own, statically dispatched, spares a call through `dyn Write` per token.
    let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buffered, &output).map_err(io::Error::from)?;
    buffered.flush()?;
    drop(buffered);
    writeln!(out)
}
