//! `--format short`: one line per finding, `path:line:col: severity[rule]: message`, the form
//! compilers use, so editors and `grep` can read it. Columns count characters, as in JSON.
//! With `--show-allowed`, allowed findings follow, each line ending `(allowed: <reason>)`; with
//! `--show-baselined`, findings a baseline lists, each ending `(baselined)`.
//!
//! A finding is one line whatever its text holds: line breaks in messages become spaces, and a
//! line feed or control character in a file name or rule id is escaped (`\u{a}`), so no corpus
//! text starts a line of its own (a CI log would run `::error::…` at the start of one).

use super::{one_line, Place, Run};
use crate::printable::{escape, escape_line};
use crate::findings::Finding;
use std::io::{self, Write};

pub fn render(run: &Run, out: &mut dyn Write, options: &super::Options) -> io::Result<()> {
    let show_allowed = options.show_allowed;
    for f in run.findings {
        line(run, f, "", out)?;
    }
    if show_allowed {
        for a in run.allowed {
            line(run, &a.finding, &format!(" (allowed: {})", escape(&one_line(&a.reason))), out)?;
        }
    }
    if options.show_baselined {
        for f in run.baselined {
            line(run, f, " (baselined)", out)?;
        }
    }
    Ok(())
}

fn line(run: &Run, f: &Finding, mark: &str, out: &mut dyn Write) -> io::Result<()> {
    let message = one_line(&f.message);
    let message = escape(&message);
    let rule = escape_line(&f.rule);
    match f.primary() {
        Some(l) => {
            let p = Place::of(run.sources, l.span);
            let path = escape_line(p.path);
            writeln!(out, "{path}:{}:{}: {}[{rule}]: {message}{mark}", p.start.line, p.start.column, f.severity)
        }
        None => writeln!(out, "{}[{rule}]: {message}{mark}", f.severity),
    }
}
