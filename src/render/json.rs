//! `--format json`: versioned, for scripts (DESIGN §5). Lines and columns are 1-based, columns
//! count characters; `offset`/`length` are bytes of the file at `path`.

use super::Run;
use crate::findings::{DerivationStep, Tally};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
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

pub fn render(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    let tally = Tally::of(run.findings);
    let findings = run
        .findings
        .iter()
        .map(|f| JsonFinding {
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
        })
        .collect();
    let output = Output {
        version: 1,
        summary: Summary {
            reports: run.corpus.reports.len(),
            claims: run.corpus.claims.iter().filter(|c| c.derived.is_none()).count(),
            errors: tally.errors,
            warnings: tally.warnings,
            notes: tally.notes,
        },
        findings,
    };
    // Serialised first: writing through serde_json would hide a broken pipe inside its own error.
    let text = serde_json::to_string_pretty(&output).map_err(io::Error::other)?;
    out.write_all(text.as_bytes())?;
    writeln!(out)
}
