//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
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
        let mut properties = Vec::new();
        if let Some(l) = f.primary() {
            let p = Place::of(run.sources, l.span);
            properties.push(("file", p.path.to_string()));
            properties.push(("line", p.start.line.to_string()));
            properties.push(("col", p.start.column_utf16.to_string()));
            properties.push(("endLine", p.end.line.to_string()));
            properties.push(("endColumn", p.end.column_utf16.to_string()));
        }
        properties.push(("title", format!("claimlint ({})", f.rule)));
        let properties: Vec<String> = properties.iter().map(|(k, v)| format!("{k}={}", escape_property(v))).collect();
        writeln!(out, "::{command} {}::{}", properties.join(","), escape_data(&body(run, f)))?;
    }
    Ok(())
}

/// The annotation's text: the message, every place involved with its label, then help and notes.
fn body(run: &Run, f: &Finding) -> String {
    let mut lines = vec![f.message.clone()];
    for l in &f.locations {
        let p = Place::of(run.sources, l.span);
        lines.push(format!("  {}:{}:{}: {}", p.path, p.start.line, p.start.column, l.label));
    }
    lines.extend(f.help.iter().map(|h| format!("help: {h}")));
    lines.extend(f.notes.iter().map(|n| format!("note: {n}")));
    lines.join("\n")
}

/// The toolkit's `escapeData`: the message after `::`. Control characters other than line
/// breaks, which the toolkit leaves alone, are escaped first.
fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if crate::printable::is_unsafe(c) => out.push_str(&crate::printable::escaped(c)),
            c => out.push(c),
        }
    }
    out
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
