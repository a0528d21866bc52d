//! The built-in codes: the checks of the corpus itself (DESIGN §4) and of `claimlint.toml`
//! against the run, always on. Each is a [`Code`] with its [`Doc`]; findings carry its name
//! ([`Code::as_str`]), and `claimlint explain`, SARIF and the config's policy look it up here.
//! A leaf: it names nothing of the crate but [`Doc`].

use crate::doc::Doc;

/// A built-in code. Its name (`quote-not-found`) is what findings, JSON and SARIF show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    TomlSyntax,
    JsonSyntax,
    CsvSyntax,
    UnknownKey,
    MissingKey,
    WrongType,
    InvalidValue,
    UnknownEntity,
    UnknownPredicate,
    DuplicateId,
    AliasClash,
    QuoteNotFound,
    QuoteAmbiguous,
    OutsideCorpus,
    UnreadableFile,
    UncheckedClaims,
    InconsistentReport,
    UnknownRule,
    UnusedAllow,
    InvalidId,
    TooManyProblems,
    RelationCycle,
    RelationLimit,
    Corrected,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: [Code; 24] = [
        Code::TomlSyntax,
        Code::JsonSyntax,
        Code::CsvSyntax,
        Code::UnknownKey,
        Code::MissingKey,
        Code::WrongType,
        Code::InvalidValue,
        Code::UnknownEntity,
        Code::UnknownPredicate,
        Code::DuplicateId,
        Code::AliasClash,
        Code::QuoteNotFound,
        Code::QuoteAmbiguous,
        Code::OutsideCorpus,
        Code::UnreadableFile,
        Code::UncheckedClaims,
        Code::InconsistentReport,
        Code::UnknownRule,
        Code::UnusedAllow,
        Code::InvalidId,
        Code::TooManyProblems,
        Code::RelationCycle,
        Code::RelationLimit,
        Code::Corrected,
    ];

    /// The code's name, as findings carry it.
    pub const fn as_str(self) -> &'static str {
        DOCS[self as usize].name
    }

    /// The code's documentation.
    pub fn doc(self) -> &'static Doc {
        let docs: &'static [Doc] = &DOCS;
        &docs[self as usize]
    }

    /// The code of a name, if it is a built-in code.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == name)
    }
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

/// Each code's documentation, in the order of [`Code`]'s variants (a test keeps them in step).
pub const DOCS: [Doc; 24] = [
    code("toml-syntax", "a claim, entity, rule or config file is not valid TOML",
        "Reports every TOML syntax error in a file (not only the first), at its place; what can be read around it is still read.",
        CORPUS_WHY, "Fix the syntax at the place shown."),
    code("json-syntax", "a line of a JSON Lines claim file is not valid JSON",
        "Reports the first JSON syntax error of each line of a `.jsonl` claim file, at its place (a repeated key counts as one); that line is left out and every other line is still read.",
        CORPUS_WHY, "Fix the line at the place shown: each line is one JSON object, {\"report\": {…}, \"claim\": […]}."),
    code("csv-syntax", "a row of a CSV claim file is not valid CSV",
        "Reports, at its place, each row of a `.csv` claim file that breaks RFC 4180 (a quote inside a cell that does not start with one, text after a cell's closing quote, a quoted cell never closed, more or fewer cells than the header) or that is not UTF-8 text, and a column named twice; that row is left out and every other row is still read.",
        CORPUS_WHY, "Fix the row at the place shown: a cell holding a comma, a quote or a line break is written in double quotes, with each quote in it doubled (\"he said \"\"no\"\"\"). Save the file as \"CSV UTF-8\"."),
    code("unknown-key", "a table has a key claimlint does not know",
        "Reports keys that no claim, report, entity, predicate, rule or config table has, with the closest known key.",
        "A misspelt key (`certainity`) would otherwise be silently ignored and the claim read wrongly.",
        "Rename the key to the one suggested, or remove it; `note` takes free text."),
    code("missing-key", "a required key is missing",
        "Reports a claim without `id`, `subject`, `predicate`, `quote` (or `value` where its predicate takes one, unless the claim's certainty is `unknown`: an open question with no candidate), a report without `title`, `outlet`, `published` or `text`, an entity without `id`, `name` or `kind`.",
        CORPUS_WHY, "Add the key."),
    code("wrong-type", "a value has the wrong TOML type",
        "Reports values of the wrong type: a quoted date (`published = \"2016-12-13\"`), a string where true/false is expected, a table where a list is expected.",
        CORPUS_WHY, "Write the value as the type shown: dates unquoted (`published = 2016-12-13`), booleans as true/false."),
    code("invalid-value", "a value is not one its field allows",
        "Reports enum values outside the predicate's `values`, unknown certainties and bounds, impossible dates, ranges whose low end is above the high end, subjects of the wrong kind, ids that are not kebab-case, a report `offset` that is not `±HH:MM` (hours up to 23, minutes up to 59) or `Z`, a `corrects` name that matches no claim (with the closest) or names the claim itself, and malformed rule packs.",
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
        "Reports quotes that do not occur in the report text, ignoring whitespace runs, typographic quotes and dashes, and what text pasted from the web differs in unseen (NFC vs NFD, soft hyphens, zero-width and directional marks, \"…\" for \"...\"); shows the closest passage and says what differs: only case, or the characters (named by code point) where the quote parts from it.",
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
    code("inconsistent-report", "rows of one report in a CSV claim file disagree on a report field",
        "Reports, at the cell, a row of a `.csv` claim file whose `report-…` cell differs from the one an earlier row of the same report (the same `report-id`) gave, pointing at both; that row is left out.",
        "A report has one title, outlet, publication time and text: claimlint cannot tell which of two the claims of the report go with.",
        "Make the cells agree (or leave the repeated cells empty: an empty cell states nothing), or give the rows of another report their own `report-id`."),
    // Checks of `claimlint.toml` against the rules and findings of the run (`policy`).
    code("unknown-rule", "claimlint.toml names a rule that is not loaded",
        "Reports a `[severity]` key or an `[[allow]]` entry's `rule` that is neither the id of a loaded rule nor a rule kind, with the closest name.",
        "A misspelt name (`negaton = \"off\"`) would otherwise silently change nothing.",
        "Use a rule id (`claimlint rules` lists them) or a kind; a rule from a corpus pack needs that pack loaded (`rules = [...]`)."),
    code("unused-allow", "an `[[allow]]` entry in claimlint.toml matches no finding",
        "Reports an allow entry whose rule reported no finding involving all of its `claims`, pointing at the entry, with any claim name that is not in the corpus. A warning by default; set its level with `unused-allow = \"…\"` under `[severity]`.",
        "An allow outlives the finding it accepted: once the claims are fixed or renamed it accepts nothing, and left in place it would silently accept a new finding about the same claims.",
        "Remove the entry, or correct its `rule` and `claims` (claims are named `<report>#<claim>`)."),
    code("invalid-id", "a report or claim id is not a plain name",
        "Reports report ids (written, or taken from the file name) and claim ids that do not match `[A-Za-z0-9][A-Za-z0-9._-]*`, and names in `corrects` that are not `<report>#<claim>` or a bare `<claim>` of such ids. A claim with such an id is left out; so are the claims of a report with one, listed in `unchecked-claims`.",
        "Findings, allows and baselines name a claim `<report>#<claim>` and a derived claim `<report>#<claim>><rule>`: with `#` or `>` inside ids, report `a#b` with claim `c1` and report `a` with claim `b#c1` would both be `a#b#c1`.",
        "Rename the id with letters, digits, `.`, `_` and `-` only (a report's default id is its file name without the extension: give it an `id` if the file name has spaces)."),
    code("too-many-problems", "a file has more than 100 problems of one code",
        "A note, at the start of the file: a file yields at most 100 diagnostics of one code; the rest are counted here.",
        "A file of a million broken lines would otherwise give a million diagnostics, gigabytes of memory and of output; the first hundred say what is wrong.",
        "Fix the problems shown (often one mistake repeated, or a file that is not a claim file at all) and run again."),
    code("relation-cycle", "the part-of and speaks-for relations of entities form a cycle",
        "Reports each cycle through `part-of` and `speaks-for` edges together (`a` part-of `b`, `b` speaks-for `a`; an entity related to itself), naming the entities on it in order and pointing at each relation of it; one finding per set of entities tangled in cycles, the same whatever order the files are read in.",
        "Along these relations a value entails others (\"Putin is responsible\" asserts \"Russia is responsible\"): on a cycle every entity entails every other, so claims about one would contradict or corroborate claims about all.",
        "Remove the relation on the cycle that does not hold: `part-of` leads to a larger entity, `speaks-for` to whom an entity's statements speak for."),
    code("relation-limit", "an entity's part-of and speaks-for relations reach too many entities",
        "Reports each entity whose `part-of` and `speaks-for` relations, followed transitively, reach more than 64 other entities (a chain of places thousands deep, a cycle through thousands of entities), at its first relation; its relations are left out, and claims about it are still checked. An entity related to one beyond the limit is beyond it too.",
        "Along these relations a value entails every entity they reach, and the rules keep what each entity reaches: no real place lies within dozens of others, and an entity file chaining thousands would make every claim about them support thousands of facts, in time and memory.",
        "Look for the chain that runs on (a generated or doubled entity file) and cut it: `part-of` leads to the larger entities a place lies within, `speaks-for` to whom a source speaks for."),
    code("corrected", "a finding that a correction retired, kept on record",
        "A note in place of a contradiction, tension or corroboration that a claim named in another claim's `corrects` would have joined: it lists the claims, names the correction (`corrected_by` in JSON) and keeps the rule's message after `corrected:`.",
        "A correction (\"an earlier version of this story misidentified the gunman\") settles what the corrected claim said; reporting it again as a contradiction would be noise, and dropping it silently would lose the record.",
        "Nothing to fix. If the correction is wrong, remove the claim from `corrects`."),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// `QuoteNotFound` → `quote-not-found`.
    fn kebab(variant: &str) -> String {
        let mut out = String::new();
        for (i, ch) in variant.chars().enumerate() {
            if ch.is_ascii_uppercase() && i > 0 {
                out.push('-');
            }
            out.push(ch.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn every_code_has_its_own_doc() {
        assert_eq!(Code::ALL.len(), DOCS.len(), "one doc per code");
        for (i, code) in Code::ALL.into_iter().enumerate() {
            assert_eq!(code as usize, i, "`Code::ALL` lists every code once, in declaration order");
            assert_eq!(code.as_str(), kebab(&format!("{code:?}")), "the doc of {code:?} is out of step");
            assert_eq!(Code::parse(code.as_str()), Some(code));
            let doc = code.doc();
            for (section, text) in [("summary", doc.summary), ("what", doc.what), ("why", doc.why), ("fix", doc.fix)] {
                assert!(!text.trim().is_empty(), "{code:?}: empty {section}");
            }
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "a code name is used twice");
    }
}
