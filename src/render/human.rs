//! `--format human`: miette's graphical report, one diagnostic per finding.
//!
//! Every location of a finding is drawn in one diagnostic, each under a header naming its own
//! file (see [`super::excerpt`]), so every quote is underlined in its own report.

use super::excerpt::Excerpts;
use super::Run;
use crate::findings::{count, Finding, Severity, Tally};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt;
use std::io::{self, Write};

pub struct Options {
    pub color: bool,
    pub width: usize,
}

/// A finding as a miette diagnostic: every location in one set of excerpts.
#[derive(Debug)]
struct FindingDiagnostic {
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Excerpts,
    labels: Vec<LabeledSpan>,
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

// Implemented by hand: rule ids and severities come from rule packs at run time.
impl Diagnostic for FindingDiagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Note => miette::Severity::Advice,
    }
}

fn diagnostic(run: &Run, f: &Finding, width: usize) -> FindingDiagnostic {
    // Room for the gutter and the `…` marks.
    let (source, labels) = Excerpts::build(run.sources, &f.locations, width.saturating_sub(12).max(30));
    let mut help: Vec<String> = f.help.iter().cloned().collect();
    help.extend(f.notes.iter().map(|n| format!("note: {n}")));
    FindingDiagnostic {
        message: format!("{}[{}]: {}", f.severity, f.rule, f.message),
        severity: miette_severity(f.severity),
        help: (!help.is_empty()).then(|| help.join("\n")),
        source,
        labels,
    }
}

pub fn handler(options: &Options) -> GraphicalReportHandler {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(options.width).with_links(false)
}

pub fn render(run: &Run, out: &mut dyn Write, options: &Options) -> io::Result<()> {
    use rayon::prelude::*;
    let handler = handler(options);
    // Drawing a diagnostic costs far more than writing it, and each is drawn on its own: batches
    // are drawn in parallel and written in order, so the output is the same on any number of
    // threads, and only one batch of text is held at a time.
    for batch in run.findings.chunks(1024) {
        let texts: Vec<Result<String, fmt::Error>> = batch
            .par_iter()
            .map(|f| {
                let mut text = String::new();
                handler.render_report(&mut text, &diagnostic(run, f, options.width))?;
                Ok(text)
            })
            .collect();
        for text in texts {
            writeln!(out, "{}", text.map_err(io::Error::other)?.trim_end())?;
            writeln!(out)?;
        }
    }
    writeln!(out, "{}", summary(run))
}

/// `claimlint: 3 reports, 42 claims: 1 error, 2 warnings, 3 notes`.
pub fn summary(run: &Run) -> String {
    let t = Tally::of(run.findings);
    let claims = run.corpus.claims.len();
    let head = format!("checked {}, {}", count(run.corpus.reports.len(), "report"), count(claims, "claim"));
    if run.findings.is_empty() {
        return format!("{head}: no findings");
    }
    format!("{head}: {}, {}, {}", count(t.errors, "error"), count(t.warnings, "warning"), count(t.notes, "note"))
}
