//! Renderers: turn findings into text. They only format; every decision was made before.

pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod short;

use crate::findings::{Allowed, Finding};
use crate::source::{Position, Sources, Span};
use crate::view::View;
use std::io::{self, Write};

/// What a renderer needs besides the findings.
pub struct Run<'a> {
    pub sources: &'a Sources,
    /// The reports, claims and rules of the run, and what was checked.
    pub view: View<'a>,
    pub findings: &'a [Finding],
    /// Findings an `[[allow]]` accepts: counted in every summary, listed in JSON and SARIF (as
    /// suppressed results), shown by human and short output only with `--show-allowed`, never
    /// annotated by `github`.
    pub allowed: &'a [Allowed],
}

/// How output is drawn, as the command line asks.
pub struct Options {
    /// Colour in human output.
    pub color: bool,
    /// Width of human output.
    pub width: usize,
    /// Whether human and short output list allowed findings too (`--show-allowed`).
    pub show_allowed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated diagnostics for people.
    Human,
    /// One line per finding: `path:line:col: severity[rule]: message`.
    Short,
    /// Versioned JSON, for scripts.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, GitLab, IDEs).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
}

/// Writes a run in the chosen format.
pub fn render(format: Format, run: &Run, out: &mut dyn Write, options: &Options) -> io::Result<()> {
    match format {
        Format::Human => human::render(run, out, options),
        Format::Short => short::render(run, out, options.show_allowed),
        Format::Json => json::render(run, out),
        Format::Sarif => sarif::render(run, out),
        Format::Github => github::render(run, out),
    }
}

/// A span resolved for display: the file's path and its start and (exclusive) end positions.
pub struct Place<'a> {
    pub path: &'a str,
    pub start: Position,
    pub end: Position,
}

impl<'a> Place<'a> {
    pub fn of(sources: &'a Sources, span: Span) -> Place<'a> {
        let file = sources.get(span.file);
        Place { path: &file.path, start: file.position(span.start), end: file.position(span.end) }
    }
}

/// Text that must stay on one line (`short` output): line breaks become spaces.
pub fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}
