//! `--format short`: one line per finding, `path:line:col: severity[rule]: message`, the form
//! compilers use, so editors and `grep` can read it. Columns count characters, as in JSON.

use super::{one_line, Place, Run};
use std::io::{self, Write};

pub fn render(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    for f in run.findings {
        let message = one_line(&f.message);
        match f.primary() {
            Some(l) => {
                let p = Place::of(run.sources, l.span);
                writeln!(out, "{}:{}:{}: {}[{}]: {message}", p.path, p.start.line, p.start.column, f.severity, f.rule)?
            }
            None => writeln!(out, "{}[{}]: {message}", f.severity, f.rule)?,
        }
    }
    Ok(())
}
