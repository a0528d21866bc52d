//! Documentation of every rule kind and built-in code, written once and read by
//! `claimlint explain`, SARIF's `fullDescription` and the README's rule table; and the
//! description of the loaded packs' rules and predicates (`claimlint explain`, `claimlint rules`).
//!
//! Each kind's [`Doc`] lives next to its code (`rules/<kind>.rs`); built-in codes are here.

use crate::model::{Corpus, Pattern, Predicate, PredicateId, Rule, RuleKind, ValueType};
use std::fmt::Write as _;

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

/// The documentation of a rule kind. Every kind has one; the `Option` stays for callers.
pub fn kind(kind: RuleKind) -> Option<&'static Doc> {
    Some(kind_doc(kind))
}

/// The documentation of a rule kind.
pub fn kind_doc(kind: RuleKind) -> &'static Doc {
    use crate::rules::*;
    match kind {
        RuleKind::Conflict => &conflict::DOC,
        RuleKind::Negation => &negation::DOC,
        RuleKind::Regression => &regression::DOC,
        RuleKind::Numeric => &numeric::DOC,
        RuleKind::Certainty => &certainty::DOC,
        RuleKind::Unresolved => &unresolved::DOC,
        RuleKind::Corroboration => &corroboration::DOC,
        RuleKind::Implies => &implies::DOC,
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

/// The built-in checks of the corpus itself (DESIGN §4), always on.
pub const CODES: &[Doc] = &[
    code("toml-syntax", "a claim, entity, rule or config file is not valid TOML",
        "Reports every TOML syntax error in a file (not only the first), at its place; what can be read around it is still read.",
        CORPUS_WHY, "Fix the syntax at the place shown."),
    code("json-syntax", "a line of a JSON Lines claim file is not valid JSON",
        "Reports the first JSON syntax error of each line of a `.jsonl` claim file, at its place (a repeated key counts as one); that line is left out and every other line is still read.",
        CORPUS_WHY, "Fix the line at the place shown: each line is one JSON object, {\"report\": {…}, \"claim\": […]}."),
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
    // Checks of `claimlint.toml` against the rules and findings of the run (`policy`).
    code("unknown-rule", "claimlint.toml names a rule that is not loaded",
        "Reports a `[severity]` key or an `[[allow]]` entry's `rule` that is neither the id of a loaded rule nor a rule kind, with the closest name.",
        "A misspelt name (`negaton = \"off\"`) would otherwise silently change nothing.",
        "Use a rule id (`claimlint rules` lists them) or a kind; a rule from a corpus pack needs that pack loaded (`rules = [...]`)."),
    code("unused-allow", "an `[[allow]]` entry in claimlint.toml matches no finding",
        "Reports an allow entry whose rule reported no finding involving all of its `claims`, pointing at the entry, with any claim name that is not in the corpus. A warning by default; set its level with `unused-allow = \"…\"` under `[severity]`.",
        "An allow outlives the finding it accepted: once the claims are fixed or renamed it accepts nothing, and left in place it would silently accept a new finding about the same claims.",
        "Remove the entry, or correct its `rule` and `claims` (claims are named `<report>#<claim>`)."),
];

/// Documentation by kind or built-in code.
pub fn lookup(name: &str) -> Option<&'static Doc> {
    if let Some(k) = RuleKind::parse(name) {
        return Some(kind_doc(k));
    }
    CODES.iter().find(|d| d.name == name)
}

/// The kinds' rows of the README's "Rule kinds" table, generated from their docs (a test keeps
/// the README's copy equal to it).
pub fn readme_table() -> String {
    let mut out = String::from("| kind | default | reports |\n|---|---|---|\n");
    for k in RuleKind::ALL {
        let default = if k == RuleKind::Implies { "—" } else { k.default_severity().as_str() };
        let _ = writeln!(out, "| {k} | {default} | {} |", kind_doc(k).summary);
    }
    out
}

/// What `claimlint explain NAME` prints: every rule, kind, built-in code and predicate of that
/// name among the loaded packs (a rule comes with its kind's documentation), or `None`.
pub fn explain(name: &str, packs: &Corpus) -> Option<String> {
    let mut sections: Vec<String> = Vec::new();
    let mut kinds_shown: Vec<RuleKind> = Vec::new();
    if let Some(rule) = packs.rules.iter().find(|r| r.id == name) {
        sections.push(format!("{}\n{}", rule_text(rule, packs), kind_doc(rule.kind).render()));
        kinds_shown.push(rule.kind);
    }
    if let Some(k) = RuleKind::parse(name).filter(|k| !kinds_shown.contains(k)) {
        sections.push(kind_doc(k).render());
    }
    if let Some(doc) = CODES.iter().find(|d| d.name == name) {
        sections.push(doc.render());
    }
    if let Some(&p) = packs.predicate_names.get(name) {
        sections.push(predicate_text(p, packs));
    }
    (!sections.is_empty()).then(|| sections.join("\n"))
}

/// Every name `claimlint explain` knows, for "did you mean".
pub fn names(packs: &Corpus) -> Vec<String> {
    let mut names: Vec<String> = packs.rules.iter().map(|r| r.id.clone()).collect();
    names.extend(RuleKind::ALL.iter().map(|k| k.as_str().to_string()));
    names.extend(CODES.iter().map(|d| d.name.to_string()));
    names.extend(packs.predicates.iter().map(|p| p.name.clone()));
    names
}

fn rule_text(rule: &Rule, packs: &Corpus) -> String {
    let mut out = format!("# rule `{}` (pack `{}`)\n\n", rule.id, rule.pack);
    let _ = writeln!(out, "kind:       {}", rule.kind);
    let _ = writeln!(out, "severity:   {}", severity_text(rule));
    if rule.kind == RuleKind::Implies {
        let _ = writeln!(out, "derives:    {}", implication(rule, packs));
    } else {
        let _ = writeln!(out, "predicates: {}", rule_predicates(rule, packs));
        let template = rule.message.as_deref().unwrap_or(crate::rules::default_message(rule.kind));
        let _ = writeln!(out, "message:    {template}");
    }
    if let Some(help) = &rule.help {
        let _ = writeln!(out, "help:       {help}");
    }
    out
}

fn severity_text(rule: &Rule) -> String {
    match rule.kind {
        RuleKind::Implies => "— (derives claims; reports nothing itself)".into(),
        RuleKind::Conflict | RuleKind::Negation | RuleKind::Regression | RuleKind::Numeric => {
            let base = rule.base_severity();
            format!("{base} ({} when a claim involved is only probable)", base.milder())
        }
        _ => rule.base_severity().to_string(),
    }
}

fn rule_predicates(rule: &Rule, packs: &Corpus) -> String {
    match &rule.predicates {
        None => "every predicate the kind applies to".into(),
        Some(ps) => ps.iter().map(|&p| packs.predicate(p).name.clone()).collect::<Vec<_>>().join(", "),
    }
}

/// `killed (any value) ⇒ occurred`.
fn implication(rule: &Rule, packs: &Corpus) -> String {
    match (&rule.when, &rule.then) {
        (Some(w), Some(t)) => format!("{} ⇒ {}", pattern_text(w, packs, true), pattern_text(t, packs, false)),
        _ => "nothing (incomplete rule)".into(),
    }
}

fn pattern_text(p: &Pattern, packs: &Corpus, matching: bool) -> String {
    let pred = packs.predicate(p.predicate);
    let not = if p.negated { "NOT " } else { "" };
    match &p.value {
        Some(v) => format!("{} {not}{}", pred.name, packs.value_text(p.predicate, v)),
        None if pred.value_type == ValueType::None => format!("{not}{}", pred.name),
        None if matching => format!("{} {not}(any value)", pred.name),
        None => format!("{} {not}", pred.name).trim_end().to_string(),
    }
}

/// `one`, `many`, or `—` for `none` predicates, which have no values to count.
fn cardinality(p: &Predicate) -> &'static str {
    match (p.value_type, p.one) {
        (ValueType::None, _) => "—",
        (_, true) => "one",
        (_, false) => "many",
    }
}

/// How a predicate's values behave over time: its progression, terminal values, stable, growing.
fn over_time(p: &Predicate) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !p.progression.is_empty() {
        let stages: Vec<&str> =
            p.progression.iter().filter_map(|&i| p.values.get(i as usize)).map(String::as_str).collect();
        parts.push(stages.join(" → "));
        let terminal: Vec<&str> = p
            .values
            .iter()
            .enumerate()
            .filter(|(i, _)| !p.progression.contains(&(*i as u16)))
            .map(|(_, v)| v.as_str())
            .collect();
        if !terminal.is_empty() {
            parts.push(format!("terminal: {}", terminal.join(", ")));
        }
    } else if p.value_type == ValueType::None {
        parts.push("one stage: happened".into());
    }
    if p.stable {
        parts.push("stable".into());
    }
    if p.growing {
        parts.push("growing".into());
    }
    if p.value_type == ValueType::Number {
        parts.push(format!("tolerance {}", p.tolerance));
    }
    parts.join("; ")
}

fn predicate_text(id: PredicateId, packs: &Corpus) -> String {
    let p = packs.predicate(id);
    let mut out = format!("# predicate `{}` (pack `{}`)\n\n", p.name, p.pack);
    if !p.description.is_empty() {
        let _ = writeln!(out, "{}\n", p.description);
    }
    let _ = writeln!(out, "type:        {}", p.value_type.as_str());
    let _ = writeln!(out, "cardinality: {}", cardinality(p));
    if !p.values.is_empty() {
        let _ = writeln!(out, "values:      {}", p.values.join(", "));
    }
    let time = over_time(p);
    if !time.is_empty() {
        let _ = writeln!(out, "over time:   {time}");
    }
    if !p.subject_kinds.is_empty() {
        let _ = writeln!(out, "subjects:    {}", p.subject_kinds.join(", "));
    }
    let implied: Vec<&str> = packs
        .rules
        .iter()
        .filter(|r| r.then.as_ref().is_some_and(|t| t.predicate == id))
        .map(|r| r.id.as_str())
        .collect();
    if !implied.is_empty() {
        let _ = writeln!(out, "implied by:  {}", implied.join(", "));
    }
    let implies: Vec<&str> = packs
        .rules
        .iter()
        .filter(|r| r.when.as_ref().is_some_and(|w| w.predicate == id))
        .map(|r| r.id.as_str())
        .collect();
    if !implies.is_empty() {
        let _ = writeln!(out, "implies via: {}", implies.join(", "));
    }
    out
}

/// `claimlint rules`: the loaded predicates and rules as aligned text.
pub fn rules_listing(packs: &Corpus) -> String {
    let mut out = String::from("predicates\n");
    let rows: Vec<Vec<String>> = packs
        .predicates
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.value_type.as_str().to_string(),
                cardinality(p).to_string(),
                p.pack.clone(),
                over_time(p),
            ]
        })
        .collect();
    table(&mut out, &["name", "type", "cardinality", "pack", "over time"], &rows);
    out.push_str("\nrules\n");
    let rows: Vec<Vec<String>> = packs
        .rules
        .iter()
        .map(|r| {
            let severity = if r.kind == RuleKind::Implies { "—".into() } else { r.base_severity().to_string() };
            let applies = match (&r.kind, &r.predicates) {
                (RuleKind::Implies, _) => implication(r, packs),
                (_, None) => "every predicate".into(),
                _ => rule_predicates(r, packs),
            };
            vec![r.id.clone(), r.kind.to_string(), severity, r.pack.clone(), applies]
        })
        .collect();
    table(&mut out, &["id", "kind", "severity", "pack", "applies to"], &rows);
    out
}

/// Writes rows under a header, each column as wide as its widest cell (the last unpadded).
fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::from(" ");
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            line.push(' ');
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(w - cell.chars().count() + 1));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
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
    fn every_kind_is_documented_in_every_section() {
        for k in RuleKind::ALL {
            let doc = kind(k).expect("documented");
            assert_eq!(doc.name, k.as_str());
            for (section, text) in [
                ("summary", doc.summary),
                ("what", doc.what),
                ("why", doc.why),
                ("example", doc.example),
                ("fix", doc.fix),
            ] {
                assert!(!text.trim().is_empty(), "{k}: empty {section}");
            }
            assert!(doc.render().contains("## Why it matters"));
            assert!(!doc.summary.contains('|'), "{k}: the summary goes in a Markdown table");
        }
    }

    #[test]
    fn every_example_is_valid_toml() {
        for k in RuleKind::ALL {
            let example = kind_doc(k).example;
            assert!(example.parse::<toml::Table>().is_ok(), "{k}: the example is not TOML:\n{example}");
        }
    }

    fn standard_packs() -> Corpus {
        let (packs, problems) = crate::packs::load(&crate::packs::PackSettings {
            dirs: Vec::new(),
            default_rules: true,
            max_file_size: crate::load::DEFAULT_MAX_FILE_SIZE,
        });
        assert!(problems.is_empty(), "{problems:?}");
        packs
    }

    #[test]
    fn every_rule_kind_code_and_predicate_is_explained() {
        let packs = standard_packs();
        for name in names(&packs) {
            let text = explain(&name, &packs).unwrap_or_else(|| panic!("`{name}` is not explained"));
            assert!(text.contains(name.as_str()), "{name}: {text}");
        }
        assert!(explain("no-such-thing", &packs).is_none());
    }

    #[test]
    fn a_rule_is_explained_with_its_kind_once() {
        let packs = standard_packs();
        let text = explain("numeric", &packs).expect("numeric");
        assert!(text.starts_with("# rule `numeric` (pack `consistency`)"), "{text}");
        assert_eq!(text.matches("## What it does").count(), 1, "{text}");
        let text = explain("killed-means-occurred", &packs).expect("an implies rule");
        assert!(text.contains("derives:    killed (any value) ⇒ occurred"), "{text}");
        assert!(text.contains("# implies"), "{text}");
        let text = explain("killed", &packs).expect("a predicate");
        assert!(text.contains("over time:   growing; tolerance 0.05"), "{text}");
        assert!(text.contains("implies via: killed-means-occurred"), "{text}");
    }

    #[test]
    fn the_listing_is_aligned() {
        let listing = rules_listing(&standard_packs());
        assert!(listing.contains("  status "), "{listing}");
        let status = listing.lines().find(|l| l.starts_with("  status ")).expect("status");
        assert!(
            status
                .contains("proposed → negotiating → agreed → signed → in-force → ended; terminal: collapsed, rejected"),
            "{status}"
        );
        let header = listing.lines().find(|l| l.starts_with("  id ")).expect("rule header");
        let conflict = listing.lines().find(|l| l.starts_with("  conflict ")).expect("conflict rule");
        let kind_col = header.find("kind").expect("kind column");
        assert_eq!(&conflict[kind_col..kind_col + 8], "conflict");
    }
}
