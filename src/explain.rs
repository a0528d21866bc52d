//! Documentation of every rule kind and built-in code, written once and read by
//! `claimlint explain`, SARIF's `fullDescription` and the README's rule table.
//!
//! Each kind's [`Doc`] lives next to its code (`rules/<kind>.rs`); built-in codes are here.

use crate::model::RuleKind;

/// The documentation of a kind or code, in ruff's sections.
#[derive(Debug, Clone, Copy)]
pub struct Doc {
    pub name: &'static str,
    /// One line: what it reports.
    pub summary: &'static str,
    /// What it does.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// An example claim pair (TOML).
    pub example: &'static str,
    /// How to fix or accept it.
    pub fix: &'static str,
}

impl Doc {
    /// The whole text, as `claimlint explain` prints it.
    pub fn render(&self) -> String {
        let mut out = format!(
            "# {}\n\n{}\n\n## What it does\n{}\n\n## Why it matters\n{}\n",
            self.name, self.summary, self.what, self.why
        );
        if !self.example.is_empty() {
            out.push_str(&format!("\n## Example\n```toml\n{}\n```\n", self.example));
        }
        out.push_str(&format!("\n## How to fix or accept it\n{}\n", self.fix));
        out
    }
}

/// The documentation of a rule kind, or `None` for a kind not implemented yet.
pub fn kind(kind: RuleKind) -> Option<&'static Doc> {
    use crate::rules::*;
    Some(match kind {
        RuleKind::Conflict => &conflict::DOC,
        RuleKind::Negation => &negation::DOC,
        RuleKind::Certainty => &certainty::DOC,
        RuleKind::Unresolved => &unresolved::DOC,
        RuleKind::Corroboration => &corroboration::DOC,
        RuleKind::Regression | RuleKind::Numeric | RuleKind::Implies => return None,
    })
}

const fn code(
    name: &'static str,
    summary: &'static str,
    what: &'static str,
    why: &'static str,
    fix: &'static str,
) -> Doc {
    Doc { name, summary, what, why, example: "", fix }
}

const CORPUS_WHY: &str = "A claim that cannot be read cannot be checked: claimlint reports it, leaves it out, checks \
everything else, and exits 2 so that CI does not pass a corpus it could not fully read.";

/// The built-in checks of the corpus itself (DESIGN §4), always on.
pub const CODES: &[Doc] = &[
    code("toml-syntax", "a claim, entity, rule or config file is not valid TOML",
        "Reports every TOML syntax error in a file (not only the first), at its place; what can be read around it is still read.",
        CORPUS_WHY, "Fix the syntax at the place shown."),
    code("unknown-key", "a table has a key claimlint does not know",
        "Reports keys that no claim, report, entity, predicate, rule or config table has, with the closest known key.",
        "A misspelt key (`certainity`) would otherwise be silently ignored and the claim read wrongly.",
        "Rename the key to the one suggested, or remove it; `note` takes free text."),
    code("missing-key", "a required key is missing",
        "Reports a claim without `id`, `subject`, `predicate`, `quote` (or `value` where its predicate takes one), a report without `title`, `outlet`, `published` or `text`, an entity without `id`, `name` or `kind`.",
        CORPUS_WHY, "Add the key."),
    code("wrong-type", "a value has the wrong TOML type",
        "Reports values of the wrong type: a quoted date (`published = \"2016-12-13\"`), a string where true/false is expected, a table where a list is expected.",
        CORPUS_WHY, "Write the value as the type shown: dates unquoted (`published = 2016-12-13`), booleans as true/false."),
    code("invalid-value", "a value is not one its field allows",
        "Reports enum values outside the predicate's `values`, unknown certainties and bounds, impossible dates, ranges whose low end is above the high end, subjects of the wrong kind, ids that are not kebab-case, and malformed rule packs.",
        CORPUS_WHY, "Use one of the values listed in the message; `claimlint rules` lists each predicate's values."),
    code("unknown-entity", "a subject, source or value names no entity",
        "Reports names that match no entity id, name or alias (case-insensitively), with the closest one.",
        "An unresolved name would make two claims about the same thing look unrelated.",
        "Use the suggested name, declare the entity in `claims/entities.toml`, or add the name to an entity's `aliases`."),
    code("unknown-predicate", "a claim uses a predicate no loaded pack declares",
        "Reports predicates not declared by the standard packs or the corpus's own packs, with the closest one.",
        CORPUS_WHY, "Use a declared predicate (`claimlint rules` lists them) or declare it in a rule pack of the corpus."),
    code("duplicate-id", "two claims, reports, entities, predicates or rules share an id",
        "Reports an id declared twice in its scope (claims within a report; the rest across the corpus), labelling both places.",
        "Findings name claims as `<report>#<claim>`; two claims with one name could not be told apart.",
        "Rename one of the two."),
    code("alias-clash", "one name refers to two entities",
        "Reports an id, name or alias used by two entities (case-insensitively), labelling both.",
        "A name must resolve to one entity, or claims would silently be attached to the wrong one.",
        "Drop the alias from one entity, or make it more specific (\"eastern Aleppo ceasefire\")."),
    code("quote-not-found", "a claim's quote is not in its report",
        "Reports quotes that do not occur in the report text, ignoring whitespace runs and typographic quotes and dashes, and shows the closest passage.",
        "The quote is the evidence: a claim that cannot be anchored in the report's own words cannot be checked.",
        "Copy the report's words exactly, or fix the `prefix`/`suffix`."),
    code("quote-ambiguous", "a claim's quote occurs more than once in its report",
        "Reports quotes that occur several times, showing every occurrence.",
        "Diagnostics must underline the one place the claim comes from.",
        "Add `prefix` or `suffix`: the words just before or after the quote at the place meant."),
    code("outside-corpus", "a path leaves the corpus root",
        "Refuses, unread, report texts named outside the corpus root (`text = \"../../etc/passwd\"`), absolute paths, and links that point outside it.",
        "A corpus from a pull request must not make claimlint read, and print, files elsewhere on the machine.",
        "Keep report texts inside the corpus, next to or below their claim files."),
    code("unreadable-file", "a file could not be read",
        "Reports missing or unreadable files, directories where files are expected, files over the size limit (read no further) and text that is not UTF-8 (with the byte offset).",
        CORPUS_WHY, "Fix the path, convert the file to UTF-8, or raise `--max-file-size`."),
    code("unchecked-claims", "the claims of a report are left out because the report could not be read",
        "Reports, in one finding that lists them, the claims of a claim file whose `[report]` table is missing or broken, whose report text cannot be read, or whose report id is taken by another report. Each claim is still checked for problems of its own (names, values, its quote when the text could be read).",
        "A claim that is silently left out looks like a claim that raised no finding.",
        "Fix the problem reported about the report (shown at the same place); its claims are then checked with the rest."),
];

/// Documentation by rule id, kind or built-in code.
pub fn lookup(name: &str) -> Option<&'static Doc> {
    if let Some(k) = RuleKind::parse(name) {
        return kind(k);
    }
    CODES.iter().find(|d| d.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_distinct_from_kinds() {
        let mut names: Vec<&str> = CODES.iter().map(|d| d.name).collect();
        names.extend(RuleKind::ALL.iter().map(|k| k.as_str()));
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "a code or kind name is used twice");
    }

    #[test]
    fn every_implemented_kind_is_documented() {
        for k in
            [RuleKind::Conflict, RuleKind::Negation, RuleKind::Certainty, RuleKind::Unresolved, RuleKind::Corroboration]
        {
            let doc = kind(k).expect("documented");
            assert_eq!(doc.name, k.as_str());
            assert!(doc.render().contains("## Why it matters"));
        }
    }
}
