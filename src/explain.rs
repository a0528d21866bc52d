//! Documentation of every rule kind and built-in code, written once and read by
//! `claimlint explain`, SARIF's `fullDescription` and the README's rule table; and the
//! description of the loaded packs' rules and predicates (`claimlint explain`, `claimlint rules`).
//!
//! Each kind's [`Doc`] lives next to its code (`rules/<kind>.rs`, listed in `rules::KINDS`); the
//! built-in codes' in [`crate::codes`].

use crate::codes::Code;
use crate::doc::Doc;
use crate::draft::output::toml_string;
use crate::model::{Corpus, Pattern, Predicate, PredicateId, Relation, Rule, RuleKind, RuleParams, ValueType};
use std::fmt::Write as _;

/// The documentation of a rule kind. Every kind has one; the `Option` stays for callers.
pub fn kind(kind: RuleKind) -> Option<&'static Doc> {
    Some(kind_doc(kind))
}

/// The documentation of a rule kind, as its file declares it.
pub fn kind_doc(kind: RuleKind) -> &'static Doc {
    &kind.info().doc
}

/// The built-in codes' documentation (DESIGN §4), in the order of [`Code`].
pub const CODES: &[Doc] = &crate::codes::DOCS;

/// Documentation by kind or built-in code.
pub fn lookup(name: &str) -> Option<&'static Doc> {
    if let Some(k) = RuleKind::parse(name) {
        return Some(kind_doc(k));
    }
    Code::parse(name).map(Code::doc)
}

/// The kinds' rows of the README's "Rule kinds" table, generated from their docs (a test keeps
/// the README's copy equal to it).
pub fn readme_table() -> String {
    let mut out = String::from("| kind | default | reports |\n|---|---|---|\n");
    for k in RuleKind::ALL {
        let default = if k.info().reports { k.default_severity().as_str() } else { "—" };
        let _ = writeln!(out, "| {k} | {default} | {} |", kind_doc(k).summary);
    }
    out
}

/// The README's table of the standard vocabulary, generated from the loaded packs' predicates (a
/// test keeps the README's copy equal to it for the standard packs).
pub fn vocabulary_table(packs: &Corpus) -> String {
    let mut out = String::from(
        "| predicate | type | cardinality | subjects | over time | entails | phrase | meaning |\n|---|---|---|---|---|---|---|---|\n",
    );
    let cell = |s: &str| s.replace('|', "\\|");
    for p in &packs.predicates {
        let time = over_time(p);
        let phrase = p.phrase.clone().unwrap_or_else(|| format!("the {} of {{subject}}", p.name));
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            p.name,
            p.value_type.as_str(),
            cardinality(p),
            cell(&subjects(p)),
            if time.is_empty() { "—".to_string() } else { cell(&time) },
            entails(p),
            cell(&phrase),
            cell(&p.description),
        );
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
    if let Some(code) = Code::parse(name) {
        sections.push(code.doc().render());
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
    names.extend(Code::ALL.iter().map(|c| c.as_str().to_string()));
    names.extend(packs.predicates.iter().map(|p| p.name.clone()));
    names
}

fn rule_text(rule: &Rule, packs: &Corpus) -> String {
    let mut out = format!("# rule `{}` (pack `{}`)\n\n", rule.id, rule.pack);
    let _ = writeln!(out, "kind:       {}", rule.kind);
    let _ = writeln!(out, "severity:   {}", severity_text(rule));
    if let RuleParams::Implies { when, then } = &rule.params {
        let _ = writeln!(out, "derives:    {}", implication(when, then, packs));
    } else {
        let _ = writeln!(out, "predicates: {}", rule_predicates(rule, packs));
        let template = rule.message.as_deref().unwrap_or(rule.kind.info().default_message);
        let _ = writeln!(out, "message:    {template}");
    }
    if let Some(help) = &rule.help {
        let _ = writeln!(out, "help:       {help}");
    }
    out
}

fn severity_text(rule: &Rule) -> String {
    let info = rule.kind.info();
    let base = rule.base_severity();
    if !info.reports {
        "— (derives claims; reports nothing itself)".into()
    } else if info.milder_when_probable {
        format!("{base} ({} when a claim involved is only probable)", base.milder())
    } else {
        base.to_string()
    }
}

fn rule_predicates(rule: &Rule, packs: &Corpus) -> String {
    match &rule.predicates {
        None => "every predicate the kind applies to".into(),
        Some(ps) => ps.iter().map(|&p| packs.predicate(p).name.clone()).collect::<Vec<_>>().join(", "),
    }
}

/// `killed (any value) ⇒ occurred`.
fn implication(when: &Pattern, then: &Pattern, packs: &Corpus) -> String {
    format!("{} ⇒ {}", pattern_text(when, packs, true), pattern_text(then, packs, false))
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

/// The stages of a progression in order, an optional one in brackets: `agreed → [signed] → in-force`.
fn progression(p: &Predicate) -> String {
    let stages: Vec<String> = p
        .progression
        .iter()
        .filter_map(|&i| {
            let v = p.values.get(i as usize)?;
            Some(if p.optional.contains(&i) { format!("[{v}]") } else { v.clone() })
        })
        .collect();
    stages.join(" → ")
}

/// The values of an enum predicate outside its progression: terminal values.
fn terminal(p: &Predicate) -> Vec<&str> {
    if p.progression.is_empty() {
        return Vec::new();
    }
    p.values
        .iter()
        .enumerate()
        .filter(|(i, _)| !p.progression.contains(&(*i as u16)))
        .map(|(_, v)| v.as_str())
        .collect()
}

/// How a predicate's values behave over time: its progression (optional stages in brackets),
/// terminal values, stable, growing, and a figure's tolerance.
fn over_time(p: &Predicate) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !p.progression.is_empty() {
        parts.push(progression(p));
        let terminal = terminal(p);
        if !terminal.is_empty() {
            parts.push(format!("terminal: {}", terminal.join(", ")));
        }
    }
    let rest = behaviour(p);
    if !rest.is_empty() {
        parts.push(rest);
    }
    parts.join("; ")
}

/// How a predicate's values behave over time, its progression aside: a `none` predicate's one
/// stage, stable, growing, and a figure's tolerance.
fn behaviour(p: &Predicate) -> String {
    let mut parts: Vec<String> = Vec::new();
    if p.value_type == ValueType::None {
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

/// The relations a predicate's values entail along, or `—`.
fn entails(p: &Predicate) -> String {
    if p.entails.is_empty() {
        "—".into()
    } else {
        p.entails.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// The kinds of entity a predicate may be said of, or `any`.
fn subjects(p: &Predicate) -> String {
    if p.subject_kinds.is_empty() {
        "any".into()
    } else {
        p.subject_kinds.join(", ")
    }
}

/// What a value asserts besides itself along `relation`, for `explain`.
fn entailment(relation: Relation) -> &'static str {
    match relation {
        Relation::PartOf => "every entity it is part of (a village: its region)",
        Relation::SpeaksFor => "every entity it speaks for (an official: their government)",
    }
}

/// An entity id that reads as an example of `kind`.
fn example_entity(kind: &str) -> String {
    match kind {
        "agreement" => "ceasefire-deal".into(),
        "event" => "market-attack".into(),
        "person" => "hospital-director".into(),
        "country" => "turkey".into(),
        "place" => "eastern-aleppo".into(),
        "body" => "defence-ministry".into(),
        "group" => "rebel-alliance".into(),
        "weapon" => "buk-missile".into(),
        other => {
            let slug: String =
                other.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
            let slug = slug.split('-').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-");
            if slug.is_empty() {
                "some-entity".into()
            } else {
                format!("some-{slug}")
            }
        }
    }
}

/// An example claim of predicate `p`, as TOML: a subject of a kind it applies to and a value of
/// its type (an enum member, an entity, a number, a date, a text, or none). Generated from the
/// predicate, so a corpus's own predicates get one too.
pub fn example_claim(p: &Predicate) -> String {
    let mut out = String::from("[[claim]]\n");
    let id: String = p.name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let id = id.trim_matches('-');
    let _ = writeln!(out, "id = {}", toml_string(&format!("{}-1", if id.is_empty() { "claim" } else { id })));
    let (subject, about) = match p.subject_kinds.first() {
        Some(kind) => (example_entity(kind), format!("an entity of kind {}", p.subject_kinds.join(" or "))),
        None => (example_entity("event"), "an entity id or alias, of any kind".to_string()),
    };
    let _ = writeln!(out, "subject = {}  # {about}", toml_string(&subject));
    let _ = writeln!(out, "predicate = {}", toml_string(&p.name));
    let value = match p.value_type {
        ValueType::Enum => {
            // A stage a little way into the progression reads as a typical claim ("agreed").
            let index = match p.progression.len() {
                0 => 0,
                n => p.progression[(n / 2).saturating_sub(1)] as usize,
            };
            let value = p.values.get(index).map(String::as_str).unwrap_or_default();
            Some((toml_string(value), format!("one of: {}", p.values.join(", "))))
        }
        ValueType::Entity => {
            let (value, note) = match p.entails.first() {
                Some(Relation::PartOf) => (example_entity("place"), "; it entails what it is part of"),
                Some(Relation::SpeaksFor) => (example_entity("body"), "; it entails whom it speaks for"),
                None => ("some-entity".to_string(), ""),
            };
            let value = if value == subject { "some-entity".to_string() } else { value };
            Some((toml_string(&value), format!("an entity id or alias{note}")))
        }
        ValueType::Number => {
            let whole = if p.count { "a whole number ≥ 0" } else { "a number" };
            Some(("12".to_string(), format!("{whole}, or a range [10, 15]")))
        }
        ValueType::Date => Some(("2016-12-13T08:30:00+03:00".to_string(), "a date (2016-12-13) or a datetime".into())),
        ValueType::Text => Some((toml_string("a few normalised words"), "a text".to_string())),
        ValueType::None => None,
    };
    match value {
        Some((value, about)) => {
            let _ = writeln!(out, "value = {value}  # {about}");
        }
        None => out.push_str("# no value: `negated = true` says it did not happen\n"),
    }
    if p.value_type == ValueType::Number {
        out.push_str("bound = \"at-least\"  # \"at least 12\"; exact (default) | about | at-least | at-most\n");
    }
    out.push_str("quote = \"the words of the report that say it\"\n");
    out
}

fn predicate_text(id: PredicateId, packs: &Corpus) -> String {
    let p = packs.predicate(id);
    let mut out = format!("# predicate `{}` (pack `{}`)\n\n", p.name, p.pack);
    if !p.description.is_empty() {
        let _ = writeln!(out, "{}\n", p.description);
    }
    let count = if p.count { " (a count: whole numbers ≥ 0)" } else { "" };
    let _ = writeln!(out, "type:        {}{count}", p.value_type.as_str());
    let _ = writeln!(out, "cardinality: {}", cardinality(p));
    if !p.values.is_empty() {
        let _ = writeln!(out, "values:      {}", p.values.join(", "));
    }
    if !p.progression.is_empty() {
        let _ = writeln!(out, "progression: {}", progression(p));
        let optional: Vec<&str> =
            p.optional.iter().filter_map(|&i| p.values.get(i as usize)).map(String::as_str).collect();
        if !optional.is_empty() {
            let _ = writeln!(
                out,
                "optional:    {} (a later stage does not assert it; asserting it asserts the stages before)",
                optional.join(", ")
            );
        }
        let terminal = terminal(p);
        if !terminal.is_empty() {
            let _ = writeln!(out, "terminal:    {} (may follow any stage)", terminal.join(", "));
        }
    }
    let time = behaviour(p);
    if !time.is_empty() {
        let _ = writeln!(out, "over time:   {time}");
    }
    if p.value_type == ValueType::Entity {
        if p.entails.is_empty() {
            let _ = writeln!(out, "entails:     — (a value asserts only itself)");
        }
        for (i, r) in p.entails.iter().enumerate() {
            let label = if i == 0 { "entails:" } else { "" };
            let _ = writeln!(out, "{label:<12} along {}: a value asserts {}", r.as_str(), entailment(*r));
        }
    }
    let _ = writeln!(out, "subjects:    {}", subjects(p));
    let phrase = match &p.phrase {
        Some(phrase) => phrase.clone(),
        None => format!("the {} of {{subject}} (the default)", p.name),
    };
    let _ = writeln!(out, "phrase:      {phrase}");
    let implied: Vec<&str> = packs
        .rules
        .iter()
        .filter(|r| r.params.then().is_some_and(|t| t.predicate == id))
        .map(|r| r.id.as_str())
        .collect();
    if !implied.is_empty() {
        let _ = writeln!(out, "implied by:  {}", implied.join(", "));
    }
    let implies: Vec<&str> = packs
        .rules
        .iter()
        .filter(|r| r.params.when().is_some_and(|w| w.predicate == id))
        .map(|r| r.id.as_str())
        .collect();
    if !implies.is_empty() {
        let _ = writeln!(out, "implies via: {}", implies.join(", "));
    }
    let _ = write!(out, "\n## Example claim\n\n```toml\n{}```\n", example_claim(p));
    out
}

/// The listing's last column: an enum's values (as its progression when it has one) and how
/// values behave over time.
fn values_and_time(p: &Predicate) -> String {
    let time = over_time(p);
    if p.value_type == ValueType::Enum && p.progression.is_empty() {
        let values = p.values.join(", ");
        if time.is_empty() {
            values
        } else {
            format!("{values}; {time}")
        }
    } else {
        time
    }
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
                subjects(p),
                entails(p),
                p.pack.clone(),
                values_and_time(p),
            ]
        })
        .collect();
    table(&mut out, &["name", "type", "cardinality", "subjects", "entails", "pack", "values; over time"], &rows);
    out.push_str("\nrules\n");
    let rows: Vec<Vec<String>> = packs
        .rules
        .iter()
        .map(|r| {
            let severity = if r.kind.info().reports { r.base_severity().to_string() } else { "—".into() };
            let applies = match (&r.params, &r.predicates) {
                (RuleParams::Implies { when, then }, _) => implication(when, then, packs),
                (RuleParams::None, None) => "every predicate".into(),
                (RuleParams::None, Some(_)) => rule_predicates(r, packs),
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
                .contains("proposed → negotiating → agreed → [signed] → [approved] → in-force → ended; terminal: suspended, collapsed, rejected"),
            "{status}"
        );
        let header = listing.lines().find(|l| l.starts_with("  id ")).expect("rule header");
        let conflict = listing.lines().find(|l| l.starts_with("  conflict ")).expect("conflict rule");
        let kind_col = header.find("kind").expect("kind column");
        assert_eq!(&conflict[kind_col..kind_col + 8], "conflict");
    }
}
