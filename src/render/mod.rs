//! Renderers: turn findings into text. They only format; every decision was made before.

pub mod excerpt;
pub mod human;
pub mod json;

use crate::findings::Finding;
use crate::model::Corpus;
use crate::source::Sources;
use std::io::{self, Write};

/// What a renderer needs besides the findings.
pub struct Run<'a> {
    pub sources: &'a Sources,
    pub corpus: &'a Corpus,
    pub findings: &'a [Finding],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated diagnostics for people.
    Human,
    /// Versioned JSON (DESIGN §5).
    Json,
}

/// Writes a run in the chosen format.
pub fn render(format: Format, run: &Run, out: &mut dyn Write, options: &human::Options) -> io::Result<()> {
    match format {
        Format::Human => human::render(run, out, options),
        Format::Json => json::render(run, out),
    }
}
