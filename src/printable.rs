//! Corpus text made safe to print: every byte of a corpus is hostile (DESIGN §5 v2), and a name,
//! quote or file name holding an escape sequence (`ESC[2J`, an OSC 8 hyperlink), a carriage
//! return, a backspace or a bidirectional override would otherwise reach a terminal or a CI log
//! raw and rewrite what a reader sees. Such characters are shown escaped, `\u{1b}`, as Rust's
//! `escape_debug` writes them.
//!
//! Renderers that write for terminals and logs (`human`, `short`, `github`) and the binary's
//! messages on stderr pass corpus text through here; colour codes are added after, by the
//! renderer itself.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not be printed raw: a C0 control (other than the line feed, which callers
/// handle), DEL, a C1 control, or a bidirectional mark, embedding, override or isolate (U+061C,
/// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which reorder the text around them.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// How an unsafe character is shown: `\u{1b}`.
pub fn escaped(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

/// `text` with every unsafe character escaped; line feeds are kept.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// `text` with every unsafe character and every line feed escaped: for what must stay on one
/// line (a file name in `short` output, a value in a workflow command).
pub fn escape_line(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c == '\n' || is_unsafe(c))
}

/// `text` with each character that `special` gives a text of its own replaced by that text, and
/// every other unsafe character escaped (`\u{1b}`), line feeds kept: for formats with escapes of
/// their own on top (workflow commands, XML, HTML). Clean text is returned as it is.
pub fn escape_with(text: &str, special: impl Fn(char) -> Option<&'static str>) -> Cow<'_, str> {
    let Some(first) = text.find(|c: char| special(c).is_some() || is_unsafe(c)) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match special(c) {
            Some(s) => out.push_str(s),
            None if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    // Most text is clean: it is returned as it is, without a copy.
    let Some(first) = text.char_indices().find(|&(_, c)| unsafe_char(c)).map(|(i, _)| i) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidirectional_overrides_but_not_text() {
        assert_eq!(escape("plain “text”, café"), "plain “text”, café");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}]8;;http://evil.example/\u{7}b"), "a\\u{1b}]8;;http://evil.example/\\u{7}b");
        assert_eq!(escape("x\u{202e}y\r\n\u{8}\u{85}\u{9}"), "x\\u{202e}y\\u{d}\n\\u{8}\\u{85}\\u{9}");
        assert_eq!(escape_line("a\n::error::x"), "a\\u{a}::error::x");
        assert_eq!(escaped('\u{1b}'), "\\u{1b}");
    }
}
