//! `--format human`: miette's graphical report, one diagnostic per finding.
//!
//! Every location of a finding is drawn in one diagnostic, each under a header naming its own
//! file (see [`super::excerpt`]), so every quote is underlined in its own report. Corpus text
//! reaches miette with its control characters escaped ([`crate::printable`]): the only escape
//! sequences in the output are miette's colours.
//!
//! Allowed findings are only counted in the summary line, unless `--show-allowed` asks for them:
//! then each follows the findings as an advice, `allowed <severity>[rule]`, with its `[[allow]]`
//! entry in claimlint.toml drawn among its locations and the entry's reason after its notes.

use super::excerpt::Excerpts;
use super::{Options, Run};
use crate::findings::{count, Allowed, Finding, Location, Severity, Tally};
use crate::printable::escape;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt;
use std::io::{self, Write};

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
    build(run, f, &f.locations, None, width)
}

/// The locations of a finding grouped by side, side A first, each label marked with its side,
/// and a note saying which claims stand on each side.
fn by_side(f: &Finding, labelled: &[Location]) -> Option<(Vec<Location>, String)> {
    let side = f.sides()?;
    let of = |l: &Location| l.claim_index().and_then(|i| side.get(i).copied().flatten());
    let mut locations: Vec<Location> = labelled.to_vec();
    // Stable: within a side, the finding's own order (the primary claim first).
    locations.sort_by_key(|l| of(l).unwrap_or(2));
    for l in &mut locations {
        if let Some(s) = of(l) {
            l.label = format!("{} · {}", ["A", "B"][s as usize], l.label).into();
        }
    }
    let names = |s: u8| -> Vec<&str> {
        (0..f.claims.len()).filter(|&i| side[i] == Some(s)).map(|i| f.claims[i].as_str()).take(8).collect()
    };
    let count = |s: u8| side.iter().filter(|x| **x == Some(s)).count();
    let list = |s: u8| {
        let shown = names(s);
        let more = count(s) - shown.len();
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    let note = format!("side A ({}) against side B ({}); claims on one side agree with each other", list(0), list(1));
    Some((locations, note))
}

/// An allowed finding: an advice whatever its severity, since it fails nothing, marked in its
/// title, with the accepting entry as one more location and its reason as the last line.
fn allowed_diagnostic(run: &Run, a: &Allowed, width: usize) -> FindingDiagnostic {
    let mut locations = a.finding.locations.clone();
    locations.push(Location::new(a.span, "allowed by this entry"));
    let mut d = build(run, &a.finding, &locations, Some(&a.reason), width);
    d.message = format!("allowed {}", d.message);
    d.severity = miette::Severity::Advice;
    d
}

/// At most this many places are drawn for one finding; the others are counted in a note (JSON and
/// SARIF list them all). miette draws the labels under one line in time that grows with the
/// square of their number: 20,000 claims of one finding took 20 s and 700 MB of output.
const MAX_DRAWN: usize = 32;

/// The places to draw: all of them when there are at most [`MAX_DRAWN`]; else one per span
/// (claims quoting the same words share a label, `A; B; C and 3 more`), the first [`MAX_DRAWN`]
/// of them, and how many claims' places were left out.
fn places(locations: &[Location]) -> (Vec<Location>, usize) {
    if locations.len() <= MAX_DRAWN {
        return (locations.to_vec(), 0);
    }
    let mut by_span: Vec<(Location, usize)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut left_out = 0;
    for l in locations {
        match index.get(&l.span) {
            Some(&i) => {
                let (shared, n): &mut (Location, usize) = &mut by_span[i];
                if *n < 3 {
                    shared.label = format!("{}; {}", shared.label, l.label).into();
                }
                *n += 1;
            }
            None if by_span.len() < MAX_DRAWN => {
                index.insert(l.span, by_span.len());
                by_span.push((l.clone(), 1));
            }
            None => left_out += 1,
        }
    }
    let drawn = by_span
        .into_iter()
        .map(|(mut l, n)| {
            if n > 3 {
                l.label = format!("{} and {} more", l.label, n - 3).into();
            }
            l
        })
        .collect();
    (drawn, left_out)
}

fn build(run: &Run, f: &Finding, locations: &[Location], reason: Option<&str>, width: usize) -> FindingDiagnostic {
    let locations = run.labelled(f, locations);
    let locations = locations.as_slice();
    // Findings with two sides show them apart; the extra places (an allow entry) follow.
    let grouped = by_side(f, &locations[..f.locations.len()]).map(|(mut sided, note)| {
        sided.extend(locations.iter().skip(f.locations.len()).cloned());
        (sided, note)
    });
    let (locations, side_note) = match &grouped {
        Some((sided, note)) => (sided.as_slice(), Some(note.clone())),
        None => (locations, None),
    };
    let (locations, left_out) = places(locations);
    // Room for the gutter and the `…` marks.
    let (source, labels) = Excerpts::build(run.sources, &locations, width.saturating_sub(12).max(30));
    let mut help: Vec<String> = run.help(f).map(str::to_string).into_iter().collect();
    if left_out > 0 {
        help.push(format!(
            "note: {} more places are not drawn here; `--format json` lists every claim of the finding",
            left_out
        ));
    }
    help.extend(side_note.map(|n| format!("note: {n}")));
    help.extend(f.notes.iter().map(|n| format!("note: {n}")));
    help.extend(reason.map(|r| format!("allowed: {r}")));
    let help = escape(&help.join("\n")).into_owned();
    FindingDiagnostic {
        message: escape(&format!("{}[{}]: {}", f.severity, f.rule, f.message)).into_owned(),
        severity: miette_severity(f.severity),
        help: (!help.is_empty()).then_some(help),
        source,
        labels,
    }
}

pub fn handler(options: &Options) -> GraphicalReportHandler {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(options.width).with_links(false)
}

pub fn render(run: &Run, out: &mut dyn Write, options: &Options) -> io::Result<()> {
    let handler = handler(options);
    draw(run.findings, |f| diagnostic(run, f, options.width), &handler, out)?;
    if options.show_allowed {
        draw(run.allowed, |a| allowed_diagnostic(run, a, options.width), &handler, out)?;
    }
    if options.show_baselined {
        draw(run.baselined, |f| baselined_diagnostic(run, f, options.width), &handler, out)?;
    }
    if options.quiet {
        return Ok(());
    }
    writeln!(out, "{}", summary(run))
}

/// A finding a baseline lists (`--show-baselined`): an advice whatever its severity, since it
/// fails nothing, marked `baselined`.
fn baselined_diagnostic(run: &Run, f: &Finding, width: usize) -> FindingDiagnostic {
    let mut d = build(run, f, &f.locations, None, width);
    d.severity = miette::Severity::Advice;
    d.message = format!("baselined {}", d.message);
    d
}

/// Draws one diagnostic per item, each followed by a blank line.
fn draw<T: Sync>(
    items: &[T],
    diagnostic: impl Fn(&T) -> FindingDiagnostic + Sync,
    handler: &GraphicalReportHandler,
    out: &mut dyn Write,
) -> io::Result<()> {
    use rayon::prelude::*;
    // Drawing a diagnostic costs far more than writing it, and each is drawn on its own: batches
    // are drawn in parallel and written in order, so the output is the same on any number of
    // threads, and only one batch of text is held at a time.
    for batch in items.chunks(1024) {
        let texts: Vec<Result<String, fmt::Error>> = batch
            .par_iter()
            .map(|item| {
                let mut text = String::new();
                handler.render_report(&mut text, &diagnostic(item))?;
                Ok(text)
            })
            .collect();
        for text in texts {
            writeln!(out, "{}", text.map_err(io::Error::other)?.trim_end())?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// `checked 3 reports, 42 claims: 1 error, 2 warnings, 3 notes`, and `, 4 allowed` when an
/// `[[allow]]` accepted any finding (left out at none, so that a corpus without allows prints
/// what it always printed). When some claim files were checked, the reports and claims are
/// theirs, out of the corpus's reports: `checked 1 of 3 reports, 12 claims: …`.
pub fn summary(run: &Run) -> String {
    let t = Tally::of(run.findings);
    let (reports, claims) = run.view.checked();
    let head = match run.view.scope() {
        None => format!("checked {}, {}", count(reports, "report"), count(claims, "claim")),
        Some(s) => {
            format!("checked {reports} of {}, {}", count(s.corpus_reports, "report"), count(claims, "claim"))
        }
    };
    let mut allowed = if run.allowed.is_empty() { String::new() } else { format!(", {} allowed", run.allowed.len()) };
    if !run.baselined.is_empty() {
        allowed.push_str(&format!(", {} baselined", run.baselined.len()));
    }
    if run.findings.is_empty() {
        return format!("{head}: no findings{allowed}");
    }
    let counts = format!("{}, {}, {}", count(t.errors, "error"), count(t.warnings, "warning"), count(t.notes, "note"));
    format!("{head}: {counts}{allowed}")
}
