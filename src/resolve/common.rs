//! What the steps of resolution share: where problems go, and the checks and messages about
//! ids that both the tables and the claim files need.

use crate::codes::Code;
use crate::findings::Finding;
use crate::source::Span;

pub(super) fn file_stem(path: &str) -> String {
    std::path::Path::new(path).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The start of `span`, for problems about a whole table: pointing at it beats underlining all of it.
pub(super) fn point(span: Span) -> Span {
    Span { end: span.start, ..span }
}

/// An id declared twice: the second declaration, pointing back at the first.
pub(super) fn duplicate(what: &str, id: &str, first: Span, again: Span) -> Finding {
    Finding::corpus(Code::DuplicateId, again, format!("duplicate {what} id `{id}`"), "declared again here")
        .with_location(first, "first declared here")
        .with_help(format!("{what} ids must be unique; rename one of them"))
}

/// Whether a report or claim id is a plain name, `[A-Za-z0-9][A-Za-z0-9._-]*` (DESIGN §3 v2), so
/// that `<report>#<claim>` and `<report>#<claim>><rule>` name one claim each.
pub(super) fn is_plain_id(id: &str) -> bool {
    id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

pub(super) fn invalid_id(what: &str, id: &str, at: Span) -> Finding {
    let shown = crate::printable::escape(id);
    Finding::corpus(Code::InvalidId, at, format!("{what} id `{shown}` is not a plain name"), "not a plain name")
        .with_help(format!(
            "{what} ids are letters, digits, `.`, `_` and `-`, starting with a letter or digit: claims are named `<report>#<claim>`"
        ))
}

pub(super) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Where resolution reports problems: the run's list (predicates, rules, entities) or a claim
/// file's (its claims, resolved in parallel with other files').
pub(super) trait Problems {
    fn problems(&mut self) -> &mut Vec<Finding>;

    fn push(&mut self, f: Finding) {
        self.problems().push(f);
    }

    fn invalid(&mut self, span: Span, msg: String, label: impl Into<String>) {
        self.push(Finding::corpus(Code::InvalidValue, span, msg, label));
    }
}
