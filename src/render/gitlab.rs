//! `--format gitlab`: GitLab Code Quality, the JSON report a merge request's Code Quality widget
//! reads (`artifacts: reports: codequality:`). Documented, without a schema file, at
//! <https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>: an array of
//! issues, each with `description`, `check_name`, `fingerprint`, `severity` (`info`, `minor`,
//! `major`, `critical` or `blocker`) and `location.path` with `location.lines.begin`.
//!
//! One issue per finding, at its primary claim; its fingerprint is the finding's identity
//! ([`crate::fingerprint`]), which GitLab uses to tell new issues from those of the target branch,
//! so an old finding that a newer report joins is not reported as new. Findings an `[[allow]]`
//! accepts and findings a baseline lists are left out: the widget shows what is to be fixed.

use super::{one_line, Place, Run};
use crate::findings::{Finding, Severity};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    categories: [&'static str; 1],
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// Error → critical, warning → major, note → info: GitLab sorts and colours issues by these.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Note => "info",
    }
}

fn issue<'a>(run: &Run<'a>, f: &'a Finding) -> Issue<'a> {
    let (path, begin, end) = match f.primary() {
        Some(l) => {
            let p = Place::of(run.sources, l.span);
            (p.path, p.start.line, p.end.line.max(p.start.line))
        }
        // Every finding has a place today; were one not to, the corpus root stands in.
        None => (".", 1, 1),
    };
    let mut description = one_line(&f.message);
    let others = f.locations.len().saturating_sub(1);
    if others > 0 {
        let places: Vec<String> = f.locations[1..]
            .iter()
            .take(3)
            .map(|l| {
                let p = Place::of(run.sources, l.span);
                format!("{}:{}", p.path, p.start.line)
            })
            .collect();
        let more = if others > places.len() { format!(" and {} more", others - places.len()) } else { String::new() };
        description.push_str(&format!(" (also {}{more})", places.join(", ")));
    }
    Issue {
        kind: "issue",
        description,
        check_name: &f.rule,
        fingerprint: crate::fingerprint::text(f),
        severity: severity(f.severity),
        categories: ["Bug Risk"],
        location: Location { path, lines: Lines { begin, end } },
    }
}

pub fn render(run: &Run, out: &mut dyn Write, _: &super::Options) -> io::Result<()> {
    let issues: Vec<Issue> = run.findings.iter().map(|f| issue(run, f)).collect();
    let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buffered, &issues).map_err(io::Error::from)?;
    buffered.flush()?;
    drop(buffered);
    writeln!(out)
}
