//! Renderers: turn findings into text. They only format; every decision was made before.

pub mod excerpt;

use crate::findings::{Allowed, Finding, Location};
use crate::source::{Position, Sources, Span};
use crate::view::View;
use std::borrow::Cow;
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
    /// Findings a `--baseline` file already lists: counted in every summary, listed only with
    /// `--show-baselined`, never failing the run. Empty without a baseline.
    pub baselined: &'a [Finding],
}

impl<'a> Run<'a> {
    /// The label of a finding's location. A location under a quoted claim's quote stores none
    /// (at a million claims the labels were a tenth of the run's memory): it is built here from
    /// the claim, as the rules would have worded it.
    pub fn label<'f>(&self, f: &'f Finding, l: &'f Location) -> Cow<'f, str> {
        label(self.view, f, l)
    }

    /// A finding's help: its own, or its rule's as the pack writes it (see
    /// [`Finding::rule_help`]).
    pub fn help<'f>(&self, f: &'f Finding) -> Option<&'f str>
    where
        'a: 'f,
    {
        help(self.view, f)
    }

    /// A finding's locations (and `extra` ones after them) with their labels filled in.
    pub fn labelled(&self, f: &Finding, locations: &[Location]) -> Vec<Location> {
        locations.iter().map(|l| Location { span: l.span, label: self.label(f, l).into(), claim: l.claim }).collect()
    }
}

/// [`Run::label`], for renderers that hold the view alone.
pub fn label<'f>(view: View, f: &'f Finding, l: &'f Location) -> Cow<'f, str> {
    match l.claim_index().and_then(|i| f.claim_ids.get(i)) {
        Some(&id) if l.label.is_empty() => view.claim_label(id).map_or(Cow::Borrowed(""), Cow::Owned),
        _ => Cow::Borrowed(&l.label),
    }
}

/// [`Run::help`], for renderers that hold the view alone.
pub fn help<'a>(view: View<'a>, f: &'a Finding) -> Option<&'a str> {
    match (&f.help, f.rule_help) {
        (Some(help), _) => Some(help),
        (None, Some(i)) => view.rules().get(usize::from(i)).and_then(|r| r.help.as_deref()),
        (None, None) => None,
    }
}

/// How output is drawn, as the command line asks.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Colour in human output.
    pub color: bool,
    /// Width of human output.
    pub width: usize,
    /// Whether human and short output list allowed findings too (`--show-allowed`).
    pub show_allowed: bool,
    /// The settings of the run as a person reads them, name and value (the corpus, its config,
    /// `fail-on`, the rule packs): the HTML report's summary shows them. Empty when not known.
    pub settings: Vec<(String, String)>,
    /// Whether findings a baseline lists are shown too (`--show-baselined`), marked as such.
    pub show_baselined: bool,
    /// Whether a baseline was applied (`--baseline`): SARIF then marks every result `new` or
    /// `unchanged`.
    pub baseline: bool,
    /// `-q`: the findings and nothing else (no summary line in human output).
    pub quiet: bool,
    /// The lowest severity that fails the run (`--fail-on`, the config's `fail-on`); `None`:
    /// nothing does. JUnit marks the findings at or above it as failures.
    pub fail_on: Option<crate::findings::Severity>,
}

/// What every format's module provides: writes a run.
type Renderer = fn(&Run, &mut dyn Write, &Options) -> io::Result<()>;

/// Declares the output formats from one table: each line is a format's doc (its `--help` text),
/// its `Format` variant (named on the command line in kebab case) and its module, whose `render`
/// writes it. Adding a format is its module's file and one line in the table.
macro_rules! formats {
    ($($(#[doc = $doc:literal])* $variant:ident => $module:ident,)*) => {
        $(pub mod $module;)*

        #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
        pub enum Format {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Format {
            /// Every format, in the table's order.
            pub const ALL: &[Format] = &[$(Format::$variant,)*];

            fn renderer(self) -> Renderer {
                match self {
                    $(Format::$variant => $module::render,)*
                }
            }
        }
    };
}

formats! {
    /// Annotated diagnostics for people.
    Human => human,
    /// One line per finding: `path:line:col: severity[rule]: message`.
    Short => short,
    /// Versioned JSON, for scripts.
    Json => json,
    /// SARIF 2.1.0, for code scanning (GitHub, GitLab, IDEs).
    Sarif => sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github => github,
    /// One self-contained HTML document for fact-checkers: findings with their quotes in context,
    /// a report reader, timelines and a graph picture.
    Html => html,
    /// JUnit XML, for CI test reporters: a test suite per rule kind, a failing test per finding
    /// at or above `--fail-on`.
    Junit => junit,
    /// GitLab Code Quality JSON, for merge request widgets.
    Gitlab => gitlab,
    /// reviewdog's Diagnostic Format (rdjson), for review comments.
    Rdjson => rdjson,
}

/// Writes a run in the chosen format.
pub fn render(format: Format, run: &Run, out: &mut dyn Write, options: &Options) -> io::Result<()> {
    (format.renderer())(run, out, options)
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

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;

    #[test]
    fn a_help_with_nothing_to_fill_is_read_from_its_rule_and_reads_as_written() {
        let pack = r#"
[[rule]]
id = "plain"
kind = "corroboration"
help = "check the {origins} yourself: {unknown} stays"

[[rule]]
id = "filled"
kind = "corroboration"
help = "the {predicate} of {subject}"
"#;
        let claims = [
            claim("a", "deal", "status", "agreed").report("r1", "2016-12-13"),
            claim("b", "deal", "status", "agreed").report("r2", "2016-12-14"),
        ];
        let corpus = corpus_with(&[pack], &claims);
        let graph = crate::graph::EntityGraph::build(&corpus.entities);
        let findings = crate::rules::run(&corpus, &graph);
        let view = crate::view::View::of(&corpus);
        let of = |rule: &str| findings.iter().find(|f| f.rule == rule).expect("a finding of the rule");
        // `{origins}` is a variable of the kind: this help is filled, and held by the finding.
        let (plain, filled) = (of("plain"), of("filled"));
        assert_eq!(plain.rule_help, None);
        assert_eq!(super::help(view, plain), Some("check the Outlet r1, Outlet r2 yourself: {unknown} stays"));
        assert_eq!(filled.rule_help, None);
        assert!(super::help(view, filled).is_some_and(|h| h.starts_with("the status of \"")));
        // A help with no variable is the rule's: the finding holds none, and reads the rule's.
        let pack = pack.replace("check the {origins} yourself: ", "");
        let corpus = corpus_with(&[&pack], &claims);
        let findings = crate::rules::run(&corpus, &graph);
        let view = crate::view::View::of(&corpus);
        let plain = findings.iter().find(|f| f.rule == "plain").expect("a finding of the rule");
        assert_eq!((plain.help.as_deref(), plain.rule_help), (None, Some(0)));
        assert_eq!(super::help(view, plain), Some("{unknown} stays"));
    }
}
