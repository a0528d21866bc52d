//! `--format short`: one line per finding, `path:line:col: severity[rule]: message`, the form
//! compilers use, so editors and `grep` can read it. Columns count characters, as in JSON.
//! With `--show-allowed`, allowed findings follow, each line ending `(allowed: <reason>)`.

use super::{one_line, Place, Run};
use crate::findings::Finding;
use std::io::{self, Write};

pub fn render(run: &Run, out: &mut dyn Write, options: &super::Options) -> io::Result<()> {
    let show_allowed = options.show_allowed;
    for f in run.findings {
        line(run, f, "", out)?;
    }
    if show_allowed {
        for a in run.allowed {
            line(run, &a.finding, &format!(" (allowed: {})", one_line(&a.reason)), out)?;
        }
    }
    Ok(())
}

fn line(run: &Run, f: &Finding, mark: &str, out: &mut dyn Write) -> io::Result<()> {
    let message = one_line(&f.message);
    match f.primary() {
        Some(l) => {
            let p = Place::of(run.sources, l.span);
            writeln!(out, "{}:{}:{}: {}[{}]: {message}{mark}", p.path, p.start.line, p.start.column, f.severity, f.rule)
        }
        None => writeln!(out, "{}[{}]: {message}{mark}", f.severity, f.rule),
    }
}
