//! The schema of claim files and rule packs: which keys each record has, which are required,
//! and how a table becomes a raw record. It is written once, against [`FieldValue`], and read
//! by every format: a TOML file's tables and a JSON Lines file's objects alike.

use super::fields::{FieldReader, FieldValue, Fields};
use super::raw::{
    RawClaim, RawClaimFile, RawCorpus, RawEntity, RawPack, RawPattern, RawPredicate, RawReport, RawRule, Reported, S,
};
use crate::codes::Code;
use crate::time::Time;

pub const CLAIM_FILE_KEYS: &[&str] = &["report", "claim", "entity"];
pub const REPORT_KEYS: &[&str] = &["id", "title", "outlet", "via", "published", "offset", "url", "text"];
pub const CLAIM_KEYS: &[&str] = &[
    "id",
    "subject",
    "predicate",
    "value",
    "negated",
    "certainty",
    "source",
    "as-of",
    "quote",
    "prefix",
    "suffix",
    "bound",
    "corrects",
    "note",
];
pub const ENTITY_KEYS: &[&str] = &["id", "name", "kind", "aliases", "part-of", "speaks-for"];
pub const PACK_KEYS: &[&str] = &["predicate", "rule"];
pub const PREDICATE_KEYS: &[&str] = &[
    "name",
    "description",
    "subject-kinds",
    "type",
    "values",
    "cardinality",
    "progression",
    "stable",
    "growing",
    "count",
    "tolerance",
    "triggers",
    "phrase",
    "entails",
    "optional",
];
pub const RULE_KEYS: &[&str] = &["id", "kind", "predicates", "severity", "message", "help", "if", "then"];
const PATTERN_KEYS: &[&str] = &["predicate", "value", "negated"];

/// Reads the records of a claim file whose top-level keys are `top`: a TOML file's tables, or
/// the objects on one line of a JSON Lines file. Entities go straight to `out`. The claim file is
/// returned with the `text` its report names (to be read by the caller), unless it holds neither
/// a report nor claims. `stem` names a report without an `id`: a TOML file's stem. A line of a
/// JSON Lines file has no name of its own, so there (`None`) the `id` is required.
pub fn read_claim_file<V: FieldValue>(
    doc: &mut FieldReader,
    top: &Fields<V>,
    stem: Option<String>,
    out: &mut RawCorpus,
) -> Option<(RawClaimFile, Option<S<String>>)> {
    // The datetimes of this file are placed in its report's `offset`, once that is read.
    doc.offset = None;
    for e in doc.tables(top, "entity") {
        match read_entity(doc, e) {
            Ok(entity) => out.entities.push(entity),
            Err(Some(id)) => out.broken_entities.push(id),
            Err(None) => {}
        }
    }
    let report_value = top.get("report");
    let name = stem.clone();
    let (report, text_path) = match report_value {
        Some(r) => read_report(doc, r, stem),
        None => (None, None),
    };
    let claim_values = doc.tables(top, "claim");
    if let (None, Some(first)) = (report_value, claim_values.first()) {
        let (msg, label) = V::NO_REPORT;
        doc.problem(Code::MissingKey, first.span(), msg.to_string(), label);
    }
    // Claims whose report cannot be read are still kept: resolve reports each of their own
    // problems, and that they cannot be checked.
    // Made at its size at once: collected through a filter, the vector grew from 4 claims by
    // doubling, each raw claim hundreds of bytes, and that copying and the fresh memory touched
    // were 3.8% of a 1M-claim run's CPU (perf).
    let mut claims: Vec<RawClaim> = Vec::with_capacity(claim_values.len());
    claims.extend(claim_values.iter().filter_map(|c| read_claim(doc, c)));
    let offset = std::mem::take(&mut doc.offset);
    if report_value.is_none() && claims.is_empty() {
        return None;
    }
    let report_span = report_value.map(|r| doc.span(r.span()));
    Some((RawClaimFile { file: doc.file, report_span, report, text: None, claims, name, offset }, text_path))
}

/// The report, when all of it could be read, and its `text` whenever that could.
fn read_report<V: FieldValue>(
    doc: &mut FieldReader,
    v: &V,
    stem: Option<String>,
) -> (Option<RawReport>, Option<S<String>>) {
    let Some(f) = doc.fields(v, "report", REPORT_KEYS) else { return (None, None) };
    // Read every field before giving up, so that one run reports all of a report's problems.
    let id = match stem {
        Some(_) => doc.string(&f, "id"),
        None => doc.required_string(&f, "id").map(Some),
    };
    let title = doc.required_string(&f, "title");
    let outlet = doc.required_string(&f, "outlet");
    let via = doc.strings(&f, "via");
    // Read before `published`, which it places when written without an offset of its own.
    let offset = read_offset(doc, &f);
    if let Ok(offset) = offset {
        doc.offset = offset;
    }
    let published = doc.time(&f, "published");
    if f.get("published").is_none() {
        doc.missing(&f, "published");
    }
    let url = doc.string(&f, "url");
    let text_path = doc.required_string(&f, "text").ok().filter(|t| {
        // `text = ""` names the claim file's own directory: say what is wrong instead.
        let empty = t.v.trim().is_empty();
        if empty {
            let msg = "`text` is empty: it names the file holding the report's text".to_string();
            doc.problem(Code::InvalidValue, t.span.start..t.span.end, msg, "no file named");
        }
        !empty
    });
    let report = (|| {
        // An optional string of the wrong type is reported and left out; the report is still
        // read, so that its claims are checked in the same run, in either format.
        let (id, url) = (id.unwrap_or(None), url.unwrap_or(None));
        // So is a title that is missing or of the wrong type: it only names the report.
        let title = title.unwrap_or_else(|_| S { v: String::new(), span: f.span });
        // Without a stem, the `id` that names the report was required.
        let stem = stem.or_else(|| id.as_ref().map(|id| id.v.clone()))?;
        Some(RawReport {
            id,
            stem,
            header: f.span,
            title,
            outlet: outlet.ok()?,
            via: via.ok()?,
            // A report whose offset cannot be read is left out: the times of its claims are not
            // known.
            offset: offset.ok()?,
            published: published.ok()??,
            url,
            text_path: text_path.clone()?,
        })
    })();
    (report, text_path)
}

/// A report's `offset`: `+03:00`, `-05:30` or `Z` (DESIGN §3 v2); minutes east of UTC, `None`
/// for UTC or when the report gives none. Anything else is `invalid-value` at the value.
fn read_offset<V: FieldValue>(doc: &mut FieldReader, f: &Fields<V>) -> Result<Option<i16>, Reported> {
    let Some(text) = doc.string(f, "offset")? else { return Ok(None) };
    Time::parse_offset(&text.v).map_err(|why| {
        let msg = format!(
            "`offset` of a report must be a UTC offset such as +03:00, -05:30 or Z, found `{}`",
            crate::printable::escape(&text.v)
        );
        doc.problem(Code::InvalidValue, text.span.start..text.span.end, msg, why);
        Reported
    })
}

fn read_claim<V: FieldValue>(doc: &mut FieldReader, v: &V) -> Option<RawClaim> {
    let f = doc.fields(v, "claim", CLAIM_KEYS)?;
    // Read every field before giving up, so that one run reports all of a claim's problems.
    let id = doc.required_string(&f, "id");
    let subject = doc.required_string(&f, "subject");
    let predicate = doc.required_string(&f, "predicate");
    let value = doc.value(&f, "value");
    let negated = doc.boolean(&f, "negated");
    let certainty = doc.string(&f, "certainty");
    let source = doc.string(&f, "source");
    let as_of = doc.time(&f, "as-of");
    let quote = doc.required_string(&f, "quote");
    let prefix = doc.string(&f, "prefix");
    let suffix = doc.string(&f, "suffix");
    let bound = doc.string(&f, "bound");
    let corrects = doc.strings(&f, "corrects");
    let note = doc.string(&f, "note");
    Some(RawClaim {
        id: id.ok()?,
        subject: subject.ok()?,
        predicate: predicate.ok()?,
        value: value.ok()?,
        negated: negated.ok()?,
        certainty: certainty.ok()?.map(Box::new),
        source: source.ok()?.map(Box::new),
        as_of: as_of.ok()?.map(Box::new),
        quote: quote.ok()?,
        prefix: prefix.ok()?.map(Box::new),
        suffix: suffix.ok()?.map(Box::new),
        bound: bound.ok()?.map(Box::new),
        corrects: Some(corrects.ok()?).filter(|c| !c.is_empty()).map(Box::new),
        note: note.ok()?.map(Box::new),
    })
}

/// An entity, or the id of one that could not be read (if even that could not: `Err(None)`).
fn read_entity<V: FieldValue>(doc: &mut FieldReader, v: &V) -> Result<RawEntity, Option<S<String>>> {
    let f = doc.fields(v, "entity", ENTITY_KEYS).ok_or(None)?;
    // Every key is read even when `id` cannot be, so that all of an entity's problems are
    // reported in one run, in either format.
    let id = doc.required_string(&f, "id");
    let name = doc.required_string(&f, "name");
    let kind = doc.required_string(&f, "kind");
    let aliases = doc.strings(&f, "aliases");
    let part_of = doc.strings(&f, "part-of");
    let speaks_for = doc.strings(&f, "speaks-for");
    let id = id.map_err(|_| None)?;
    match (name, kind, aliases, part_of, speaks_for) {
        (Ok(name), Ok(kind), Ok(aliases), Ok(part_of), Ok(speaks_for)) => {
            Ok(RawEntity { id, name, kind, aliases, part_of, speaks_for })
        }
        _ => Err(Some(id)),
    }
}

/// Reads a rule pack whose top-level keys are `top` (the tables of a TOML pack file).
pub fn read_pack_file<V: FieldValue>(doc: &mut FieldReader, top: &Fields<V>, name: &str) -> RawPack {
    let predicates = doc.tables(top, "predicate").iter().filter_map(|p| read_predicate(doc, p)).collect();
    let rules = doc.tables(top, "rule").iter().filter_map(|r| read_rule(doc, r)).collect();
    RawPack { name: name.to_string(), predicates, rules }
}

fn read_predicate<V: FieldValue>(doc: &mut FieldReader, v: &V) -> Option<RawPredicate> {
    let f = doc.fields(v, "predicate", PREDICATE_KEYS)?;
    let name = doc.required_string(&f, "name");
    let description = doc.string(&f, "description").ok().flatten();
    let subject_kinds = doc.strings(&f, "subject-kinds");
    let value_type = doc.required_string(&f, "type");
    let values = doc.strings(&f, "values");
    let cardinality = doc.string(&f, "cardinality").ok().flatten();
    let progression = doc.strings(&f, "progression");
    let stable = doc.boolean(&f, "stable");
    let growing = doc.boolean(&f, "growing");
    let count = doc.boolean(&f, "count");
    let tolerance = doc.float(&f, "tolerance");
    let triggers = doc.strings(&f, "triggers");
    let phrase = doc.string(&f, "phrase");
    let entails = doc.strings(&f, "entails");
    let optional = doc.strings(&f, "optional");
    Some(RawPredicate {
        name: name.ok()?,
        description,
        subject_kinds: subject_kinds.ok()?,
        value_type: value_type.ok()?,
        values: values.ok()?,
        cardinality,
        progression: progression.ok()?,
        stable: stable.ok()?,
        growing: growing.ok()?,
        count: count.ok()?,
        tolerance: tolerance.ok()?,
        triggers: triggers.ok()?,
        phrase: phrase.ok()?,
        entails: entails.ok()?,
        optional: optional.ok()?,
    })
}

fn read_rule<V: FieldValue>(doc: &mut FieldReader, v: &V) -> Option<RawRule> {
    let f = doc.fields(v, "rule", RULE_KEYS)?;
    let id = doc.required_string(&f, "id");
    let kind = doc.required_string(&f, "kind");
    let predicates = f.get("predicates").map(|_| doc.strings(&f, "predicates"));
    let severity = doc.string(&f, "severity").ok().flatten();
    let message = doc.string(&f, "message").ok().flatten();
    let help = doc.string(&f, "help").ok().flatten();
    let when = f.get("if").map(|p| read_pattern(doc, p, "`if` pattern"));
    let then = f.get("then").map(|p| read_pattern(doc, p, "`then` pattern"));
    Some(RawRule {
        id: id.ok()?,
        kind: kind.ok()?,
        predicates: match predicates {
            Some(p) => Some(p.ok()?),
            None => None,
        },
        severity,
        message,
        help,
        when: match when {
            Some(p) => Some(p?),
            None => None,
        },
        then: match then {
            Some(p) => Some(p?),
            None => None,
        },
    })
}

fn read_pattern<V: FieldValue>(doc: &mut FieldReader, v: &V, what: &'static str) -> Option<RawPattern> {
    let f = doc.fields(v, what, PATTERN_KEYS)?;
    let predicate = doc.required_string(&f, "predicate");
    let value = doc.value(&f, "value");
    let negated = doc.boolean(&f, "negated");
    Some(RawPattern { predicate: predicate.ok()?, value: value.ok()?, negated: negated.ok()?, span: f.span })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Finding;
    use crate::load::read_claim_bytes;
    use crate::source::Sources;
    use std::path::Path;

    /// Reads `toml` as a claim file and `jsonl` as a JSON Lines claim file, each on its own:
    /// what each holds, and the messages of its problems.
    fn read_both(toml: &str, jsonl: &str) -> [(RawCorpus, Vec<String>); 2] {
        let mut sources = Sources::default();
        let (mut toml_raw, mut toml_problems) = (RawCorpus::default(), Vec::new());
        read_claim_bytes(Path::new("r.toml"), toml.as_bytes(), None, &mut sources, &mut toml_problems, &mut toml_raw);
        let (mut jsonl_raw, mut jsonl_problems) = (RawCorpus::default(), Vec::new());
        let file = sources.add("r.jsonl".to_string(), jsonl);
        crate::load::jsonl::parse_claim_file(file, jsonl, Path::new("r.jsonl"), &mut jsonl_problems, &mut jsonl_raw);
        let messages = |problems: Vec<Finding>| problems.into_iter().map(|f| f.message).collect();
        [(toml_raw, messages(toml_problems)), (jsonl_raw, messages(jsonl_problems))]
    }

    const TOML_REPORT: &str =
        "[report]\nid = \"r\"\ntitle = \"T\"\noutlet = \"O\"\npublished = 2016-12-13\ntext = \"r.txt\"\n";
    const JSON_REPORT: &str = r#""id": "r", "title": "T", "outlet": "O", "published": "2016-12-13", "text": "r.txt""#;

    #[test]
    fn one_string_is_a_list_of_one_in_toml_only() {
        let [(toml, toml_problems), (jsonl, jsonl_problems)] = read_both(
            &format!("{TOML_REPORT}via = \"AFP\"\n"),
            &format!(r#"{{"report": {{{JSON_REPORT}, "via": "AFP"}}}}"#),
        );
        let via = toml.claim_files[0].report.as_ref().map(|r| r.via.iter().map(|v| v.v.as_str()).collect::<Vec<_>>());
        assert_eq!((via, toml_problems), (Some(vec!["AFP"]), vec![]));
        assert!(jsonl.claim_files[0].report.is_none());
        assert_eq!(jsonl_problems, ["`via` of a report must be an array of strings, found a string"]);
    }

    /// Both formats keep a report whose `url` has the wrong type (its claims are still checked),
    /// and report every problem of an entity whose `id` cannot be read.
    #[test]
    fn the_formats_agree_on_a_mistyped_url_and_an_entity_without_id() {
        let [(toml, toml_problems), (jsonl, jsonl_problems)] =
            read_both(&format!("{TOML_REPORT}url = 5\n"), &format!(r#"{{"report": {{{JSON_REPORT}, "url": 5}}}}"#));
        assert!(toml.claim_files[0].report.as_ref().is_some_and(|r| r.url.is_none()));
        assert!(jsonl.claim_files[0].report.as_ref().is_some_and(|r| r.url.is_none()));
        assert_eq!(toml_problems, ["`url` of a report must be a string, found an integer"]);
        assert_eq!(jsonl_problems, ["`url` of a report must be a string, found a number"]);

        let [(toml, toml_problems), (jsonl, jsonl_problems)] =
            read_both("[[entity]]\nname = 3\n", r#"{"entity": {"name": 3}}"#);
        assert!(toml.entities.is_empty() && toml.broken_entities.is_empty());
        assert!(jsonl.entities.is_empty() && jsonl.broken_entities.is_empty());
        assert_eq!(
            toml_problems,
            jsonl_problems.iter().map(|p| p.replace("a number", "an integer")).collect::<Vec<_>>()
        );
        assert_eq!(
            jsonl_problems,
            [
                "entity is missing required key `id`",
                "`name` of an entity must be a string, found a number",
                "entity is missing required key `kind`",
            ]
        );
    }
}
