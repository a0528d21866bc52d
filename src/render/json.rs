//! `--format json`: versioned, for scripts (DESIGN §5). Lines and columns are 1-based, columns
//! count characters; `offset`/`length` are bytes of the file at `path`.
//!
//! The output is serde_json's pretty printing of one [`Output`] value. On a large corpus it is
//! hundreds of megabytes, so the findings are not printed in one pass: chunks of them are printed
//! in parallel, each into its own buffer, with exactly the indentation and separators they would
//! have had in place, and the buffers are written in order (see [`render`]).

use super::Run;
use crate::findings::{DerivationStep, Finding, Tally};
use crate::source::Sources;
use rayon::prelude::*;
use serde::{Serialize, Serializer};
use std::io::{self, Write};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    findings: Findings<'a>,
}

/// Some findings, each converted as it is written: a million locations held at once as
/// `JsonLocation`s would add a hundred megabytes to the peak for nothing.
#[derive(Clone, Copy)]
struct Findings<'a> {
    sources: &'a Sources,
    findings: &'a [Finding],
}

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.findings.iter().map(|f| json_finding(self.sources, f)))
    }
}

/// A chunk of findings at the depth they have in [`Output`]: a field of the top-level object.
#[derive(Serialize)]
struct Chunk<'a> {
    findings: Findings<'a>,
}

/// What serde_json's pretty printer writes around the findings of a [`Chunk`]; between these, the
/// findings are at the indentation, and with the separators, they have in the whole output.
const CHUNK_OPEN: &[u8] = b"{\n  \"findings\": [\n    ";
const CHUNK_CLOSE: &[u8] = b"\n  ]\n}";
/// How [`Output`] ends when it has no findings, and what comes between and after chunks.
const EMPTY_END: &[u8] = b"[]\n}";
const FIRST: &[u8] = b"\n    ";
const BETWEEN: &[u8] = b",\n    ";
const END: &[u8] = b"\n  ]\n}";

/// Findings per chunk printed by one thread (a few megabytes of output each).
const CHUNK: usize = 1024;
/// Chunks printed before any of them is written: this bounds the extra memory to a few tens of
/// megabytes however large the output.
const WINDOW: usize = 8;

#[derive(Serialize)]
struct Summary {
    reports: usize,
    claims: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
}

impl Summary {
    /// Counts of a run: reports and claims as stated (derived claims are not counted), findings
    /// by severity.
    fn of(corpus: &crate::model::Corpus, findings: &[Finding]) -> Summary {
        let tally = Tally::of(findings);
        Summary {
            reports: corpus.reports.len(),
            claims: corpus.claims.len(),
            errors: tally.errors,
            warnings: tally.warnings,
            notes: tally.notes,
        }
    }
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

fn json_finding<'a>(sources: &'a Sources, f: &'a Finding) -> JsonFinding<'a> {
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
                let file = sources.get(l.span.file);
                let (line, column) = file.line_column(l.span.start);
                let (end_line, end_column) = file.line_column(l.span.end);
                JsonLocation {
                    path: &file.path,
                    line,
                    column,
                    end_line,
                    end_column,
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
    render_in_chunks(run, out, CHUNK)
}

fn render_in_chunks(run: &Run, out: &mut dyn Write, chunk: usize) -> io::Result<()> {
    let output = Output {
        version: 1,
        summary: Summary::of(run.corpus, run.findings),
        findings: Findings { sources: run.sources, findings: &[] },
    };
    // Everything but the findings, printed as if there were none: it ends with `[]\n}`.
    let frame = serde_json::to_vec_pretty(&output).map_err(io::Error::from)?;
    debug_assert!(frame.ends_with(EMPTY_END));
    if run.findings.is_empty() {
        out.write_all(&frame)?;
        return writeln!(out);
    }
    out.write_all(&frame[..frame.len() - EMPTY_END.len() + 1])?;
    // Streamed a window at a time, not serialised to one string: on a large corpus the output is
    // hundreds of megabytes. Chunks are printed into memory; errors writing them to `out` are
    // returned as they were, so a broken pipe is still seen as one.
    let print = |findings: &[Finding]| -> io::Result<Vec<u8>> {
        let mut text = Vec::with_capacity(findings.len() * 4096);
        let chunk = Chunk { findings: Findings { sources: run.sources, findings } };
        serde_json::to_writer_pretty(&mut text, &chunk).map_err(io::Error::from)?;
        debug_assert!(text.starts_with(CHUNK_OPEN) && text.ends_with(CHUNK_CLOSE));
        text.truncate(text.len() - CHUNK_CLOSE.len());
        Ok(text)
    };
    // Each window is printed while the one before it is written.
    let print_window =
        |window: &[Finding]| -> Vec<io::Result<Vec<u8>>> { window.par_chunks(chunk).map(print).collect() };
    let mut windows = run.findings.chunks(chunk * WINDOW);
    let mut printed = windows.next().map(print_window);
    let mut first = true;
    while let Some(texts) = printed.take() {
        let next = windows.next();
        let written = rayon::in_place_scope(|scope| {
            if let Some(next) = next {
                scope.spawn(|_| printed = Some(print_window(next)));
            }
            texts.into_iter().try_for_each(|text| {
                out.write_all(if first { FIRST } else { BETWEEN })?;
                first = false;
                out.write_all(&text?[CHUNK_OPEN.len()..])
            })
        });
        written?;
    }
    out.write_all(END)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{self, Settings};

    #[test]
    fn chunks_print_exactly_what_one_pass_does() {
        let outcome = check::run(&Settings::new(env!("CARGO_MANIFEST_DIR")));
        let all = &outcome.findings;
        assert!(all.len() > 3, "the example corpus has a few findings");
        for findings in [&all[..0], &all[..1], &all[..]] {
            let run = Run { sources: &outcome.corpus.sources, corpus: &outcome.corpus, findings, allowed: &[] };
            let whole = Output {
                version: 1,
                summary: Summary::of(&outcome.corpus, findings),
                findings: Findings { sources: run.sources, findings },
            };
            let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
            expected.push(b'\n');
            // Chunks of one, of two with a last one short, one window and several windows.
            for chunk in [1, 2, findings.len().max(1)] {
                let mut printed = Vec::new();
                render_in_chunks(&run, &mut printed, chunk).unwrap();
                assert_eq!(String::from_utf8(printed).unwrap(), String::from_utf8(expected.clone()).unwrap());
            }
        }
    }
}
