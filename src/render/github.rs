//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
//! A finding is annotated at each of its claims, every annotation titled with the rule (and
//! `2/3`: which of the finding's places it is) and carrying the whole finding as its text.
//!
//! Values are escaped as the Actions toolkit escapes them, so no text from a corpus can end a
//! command early or start another one; other control characters are shown escaped (`\u{1b}`,
//! [`crate::printable`]) so that none reaches the log raw. Columns are UTF-16 code units, as the runner counts them;
//! `endColumn` is exclusive, as in SARIF.

use super::{Place, Run};
use crate::findings::{Finding, Severity};
use std::io::{self, Write};

pub fn render(run: &Run, out: &mut dyn Write, _: &super::Options) -> io::Result<()> {
    for f in run.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let title = format!("claimlint ({})", f.rule);
        let text = escape_data(&body(run, f));
        if f.locations.is_empty() {
            writeln!(out, "::{command} title={}::{text}", escape_property(&title))?;
            continue;
        }
        // Every claim location of the finding is annotated, each naming the finding, so that a pull
        // request adding one side of a contradiction sees it in its own file (DESIGN §5 v2). A
        // finding without claims is annotated at its primary place only.
        let annotated = if f.claims.is_empty() { &f.locations[..1] } else { &f.locations[..] };
        let n = annotated.len();
        for (i, l) in annotated.iter().enumerate() {
            let p = Place::of(run.sources, l.span);
            let title = if n > 1 { format!("{title} {}/{n}", i + 1) } else { title.clone() };
            let properties = [
                ("file", p.path.to_string()),
                ("line", p.start.line.to_string()),
                ("col", p.start.column_utf16.to_string()),
                ("endLine", p.end.line.to_string()),
                ("endColumn", p.end.column_utf16.to_string()),
                ("title", title),
            ];
            let properties: Vec<String> =
                properties.iter().map(|(k, v)| format!("{k}={}", escape_property(v))).collect();
            writeln!(out, "::{command} {}::{text}", properties.join(","))?;
        }
    }
    Ok(())
}

/// The annotation's text: the message, every place involved with its label, then help and notes.
fn body(run: &Run, f: &Finding) -> String {
    let mut lines = vec![f.message.clone()];
    for l in &f.locations {
        let p = Place::of(run.sources, l.span);
        lines.push(format!("  {}:{}:{}: {}", p.path, p.start.line, p.start.column, run.label(f, l)));
    }
    lines.extend(run.help(f).map(|h| format!("help: {h}")));
    lines.extend(f.notes.iter().map(|n| format!("note: {n}")));
    lines.join("\n")
}

/// The toolkit's `escapeData`: the message after `::`. Control characters other than line
/// breaks, which the toolkit leaves alone, are escaped first.
fn escape_data(s: &str) -> String {
    crate::printable::escape_with(s, |c| match c {
        '%' => Some("%25"),
        '\r' => Some("%0D"),
        '\n' => Some("%0A"),
        _ => None,
    })
    .into_owned()
}

/// The toolkit's `escapeProperty`: also `:` and `,`, which separate properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% done\r\n::set-env name=x::y"), "50%25 done%0D%0A::set-env name=x::y");
        assert_eq!(escape_property("a:b,c%\nd"), "a%3Ab%2Cc%25%0Ad");
        assert_eq!(escape_data("\u{1b}[2J\u{202e}"), "\\u{1b}[2J\\u{202e}");
    }
}
