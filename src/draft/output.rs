//! A draft written out: as a TOML claim file (cues as comments, blanks as `"?"` with a comment
//! saying what to fill in), as the JSON of DESIGN §9 (`null` for blanks), or as CSV rows
//! (DESIGN §3, one row per claim, cues in `note`).

use super::{Cue, Draft, DraftClaim, DraftValue};
use crate::model::{Bound, Certainty, ValueType};
use serde_json::{json, Value};
use std::fmt::Write as _;

/// The mark of a blank in TOML and CSV: not an entity, value, date or predicate anywhere, so
/// `claimlint check` stops at each one until it is filled in.
pub const BLANK: &str = "?";

/// A TOML basic string.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') =>
            {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment's text on one line, with control characters shown escaped.
fn comment(s: &str) -> String {
    crate::printable::escape_line(s).replace('\n', " ")
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn bound_name(b: Bound) -> &'static str {
    match b {
        Bound::Exact => "exact",
        Bound::About => "about",
        Bound::AtLeast => "at-least",
        Bound::AtMost => "at-most",
    }
}

fn certainty_name(c: Certainty) -> &'static str {
    Certainty::NAMES[c as usize]
}

/// The cues of a claim, as a person reads them: `trigger "agreed"; negation "no"; …`.
pub fn cue_line(cues: &[Cue]) -> String {
    cues.iter().map(|c| format!("{} {:?}", c.kind.as_str(), c.text)).collect::<Vec<_>>().join("; ")
}

fn value_toml(v: &DraftValue) -> String {
    match v {
        DraftValue::Enum(s) | DraftValue::Entity(s) | DraftValue::Text(s) => toml_string(s),
        DraftValue::Number(lo, hi) if lo == hi => number(*lo),
        DraftValue::Number(lo, hi) => format!("[{}, {}]", number(*lo), number(*hi)),
        DraftValue::Date(d) => d.to_string(),
        DraftValue::DateTime { .. } => value_text(v),
    }
}

fn value_text(v: &DraftValue) -> String {
    match v {
        DraftValue::Enum(s) | DraftValue::Entity(s) | DraftValue::Text(s) => s.clone(),
        DraftValue::Number(lo, hi) if lo == hi => number(*lo),
        DraftValue::Number(lo, hi) => format!("{}-{}", number(*lo), number(*hi)),
        DraftValue::Date(d) => d.to_string(),
        DraftValue::DateTime { date, minutes, utc } => {
            format!("{date}T{:02}:{:02}:00{}", minutes / 60, minutes % 60, if *utc { "Z" } else { "" })
        }
    }
}

/// Blanks a claim leaves, for the summary: subject, value and source.
pub fn blanks(c: &DraftClaim) -> usize {
    usize::from(c.subject.is_none())
        + usize::from(c.value.is_none() && c.value_type != ValueType::None)
        + usize::from(matches!(c.source, Some(None)))
}

/// The draft as a TOML claim file.
pub fn toml(draft: &Draft) -> String {
    let mut out = String::new();
    let r = &draft.report;
    out.push_str("# Drafted by `claimlint draft`: every claim is a proposal, to be checked against the text.\n");
    out.push_str("# Each claim's comment names the cues that produced it. A \"?\" is a blank the draft could not\n");
    out.push_str("# fill in: fill it in or delete the claim; `claimlint check` reports each one left.\n\n");
    out.push_str("[report]\n");
    let _ = writeln!(out, "id = {}", toml_string(&r.id));
    match &r.title {
        Some(t) => {
            let _ = writeln!(out, "title = {}", toml_string(t));
        }
        None => out.push_str("title = \"?\" # blank: the report's headline\n"),
    }
    match (&r.outlet, &r.outlet_cue) {
        (Some(o), Some(cue)) => {
            let _ = writeln!(out, "outlet = {} # dateline {:?}", toml_string(o), comment(&cue.text));
        }
        (Some(o), None) => {
            let _ = writeln!(out, "outlet = {}", toml_string(o));
        }
        (None, _) => out.push_str("outlet = \"?\" # blank: who published the report (`--outlet`)\n"),
    }
    match &r.published {
        Some(p) => {
            let _ = writeln!(out, "published = {p}");
        }
        None => out.push_str("published = \"?\" # blank: a date, 2016-12-13 (`--published`)\n"),
    }
    let _ = writeln!(out, "text = {}", toml_string(&r.text));
    for c in &draft.claims {
        out.push_str("\n[[claim]]\n");
        let _ = writeln!(out, "# cues: {}", comment(&cue_line(&c.cues)));
        let _ = writeln!(out, "id = {}", toml_string(&c.id));
        match &c.subject {
            Some(s) => {
                let _ = writeln!(out, "subject = {}", toml_string(s));
            }
            None => out.push_str("subject = \"?\" # blank: the entity this claim is about\n"),
        }
        let _ = writeln!(out, "predicate = {}", toml_string(&c.predicate));
        match (&c.value, c.value_type) {
            (_, ValueType::None) => {}
            (Some(v), _) => {
                let _ = writeln!(out, "value = {}", value_toml(v));
            }
            // An open question may have no candidate (DESIGN §3 v2): the blank says so.
            (None, t) if c.certainty == Certainty::Unknown => {
                let _ = writeln!(
                    out,
                    "value = \"?\" # blank: a value of type {}, or delete this line for an open question with no candidate",
                    t.as_str()
                );
            }
            (None, t) => {
                let _ = writeln!(out, "value = \"?\" # blank: a value of type {}", t.as_str());
            }
        }
        if c.negated {
            out.push_str("negated = true\n");
        }
        if c.certainty != Certainty::Certain {
            let _ = writeln!(out, "certainty = {}", toml_string(certainty_name(c.certainty)));
        }
        match &c.source {
            None => {}
            Some(Some(s)) => {
                let _ = writeln!(out, "source = {}", toml_string(s));
            }
            Some(None) => out.push_str("source = \"?\" # blank: who says this (an entity id)\n"),
        }
        if let Some(d) = c.as_of {
            let _ = writeln!(out, "as-of = {d}");
        }
        if let Some(b) = c.bound.filter(|b| *b != Bound::Exact) {
            let _ = writeln!(out, "bound = {}", toml_string(bound_name(b)));
        }
        let _ = writeln!(out, "quote = {}", toml_string(&c.quote));
        if let Some(p) = &c.prefix {
            let _ = writeln!(out, "prefix = {}", toml_string(p));
        }
        if let Some(s) = &c.suffix {
            let _ = writeln!(out, "suffix = {}", toml_string(s));
        }
    }
    if !draft.entities.is_empty() {
        out.push_str("\n# Names the corpus does not know, proposed as entities: check each name, fill in its\n");
        out.push_str("# `kind`, or replace the id where it is used by an entity the corpus already has.\n");
    }
    for e in &draft.entities {
        out.push_str("\n[[entity]]\n");
        let _ = writeln!(out, "id = {}", toml_string(&e.id));
        let _ = writeln!(out, "name = {}", toml_string(&e.name));
        match &e.kind {
            Some(k) => {
                let _ = writeln!(out, "kind = {} # guessed from the name", toml_string(k));
            }
            None => out.push_str(
                "kind = \"?\" # blank: country | person | body | group | place | agreement | event | weapon | ...\n",
            ),
        }
    }
    out
}

/// The draft as the JSON of DESIGN §9.
pub fn json(draft: &Draft) -> Value {
    let r = &draft.report;
    let claims: Vec<Value> = draft
        .claims
        .iter()
        .map(|c| {
            let value = match &c.value {
                None => Value::Null,
                Some(DraftValue::Number(lo, hi)) if lo == hi => json!(lo),
                Some(DraftValue::Number(lo, hi)) => json!([lo, hi]),
                Some(v) => json!(value_text(v)),
            };
            json!({
                "id": c.id,
                "subject": c.subject,
                "predicate": c.predicate,
                "value": value,
                "negated": c.negated,
                "certainty": certainty_name(c.certainty),
                "source": c.source.clone().flatten(),
                "as-of": c.as_of.map(|d| d.to_string()),
                "bound": c.bound.map(bound_name),
                "quote": c.quote,
                "offset": c.offset,
                "length": c.length,
                "cues": c.cues.iter().map(|q| json!({"kind": q.kind.as_str(), "text": q.text, "offset": q.offset})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let entities: Vec<Value> =
        draft.entities.iter().map(|e| json!({"id": e.id, "name": e.name, "kind": e.kind})).collect();
    json!({
        "version": 1,
        "report": {
            "id": r.id,
            "title": r.title,
            "outlet": r.outlet,
            "published": r.published.map(|p| p.to_string()),
            "text": r.text,
        },
        "claims": claims,
        "entities": entities,
    })
}

/// One RFC 4180 field.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The draft as CSV rows, one per claim (entity stubs cannot be rows: the caller lists them).
pub fn csv(draft: &Draft) -> String {
    let r = &draft.report;
    // The columns the CSV reader reads, in its order: the keys of a claim, then of its report.
    let columns = crate::load::csv::column_names();
    let mut out = columns.join(",");
    out.push_str("\r\n");
    for c in &draft.claims {
        let value = match (&c.value, c.value_type) {
            (_, ValueType::None) => String::new(),
            (Some(v), _) => value_text(v),
            (None, _) => BLANK.to_string(),
        };
        let source = match &c.source {
            None => String::new(),
            Some(Some(s)) => s.clone(),
            Some(None) => BLANK.to_string(),
        };
        // Each cell by its column's name, so that a column the reader adds is an empty cell here
        // (`corrects`, `report-offset`: a draft corrects nothing and writes times in UTC).
        let cell = |column: &str| -> String {
            match column {
                "id" => c.id.clone(),
                "subject" => c.subject.clone().unwrap_or_else(|| BLANK.to_string()),
                "predicate" => c.predicate.clone(),
                "value" => value.clone(),
                "negated" => {
                    if c.negated {
                        "true".into()
                    } else {
                        String::new()
                    }
                }
                "certainty" if c.certainty != Certainty::Certain => certainty_name(c.certainty).into(),
                "source" => source.clone(),
                "as-of" => c.as_of.map(|d| d.to_string()).unwrap_or_default(),
                "quote" => c.quote.clone(),
                "prefix" => c.prefix.clone().unwrap_or_default(),
                "suffix" => c.suffix.clone().unwrap_or_default(),
                "bound" => {
                    c.bound.filter(|b| *b != Bound::Exact).map(|b| bound_name(b).to_string()).unwrap_or_default()
                }
                "note" => format!("cues: {}", cue_line(&c.cues)),
                "report-id" => r.id.clone(),
                "report-title" => r.title.clone().unwrap_or_else(|| BLANK.to_string()),
                "report-outlet" => r.outlet.clone().unwrap_or_else(|| BLANK.to_string()),
                "report-published" => r.published.map(|p| p.to_string()).unwrap_or_else(|| BLANK.to_string()),
                "report-text" => r.text.clone(),
                _ => String::new(),
            }
        };
        out.push_str(&columns.iter().map(|col| csv_field(&cell(col))).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftReport;

    fn draft(certainty: Certainty) -> Draft {
        let claim = DraftClaim {
            id: "who-fired".into(),
            subject: Some("attack".into()),
            predicate: "responsible".into(),
            value_type: ValueType::Entity,
            value: None,
            negated: false,
            certainty,
            source: None,
            as_of: None,
            bound: None,
            quote: "it is not yet known who fired".into(),
            prefix: None,
            suffix: None,
            offset: 0,
            length: 29,
            cues: Vec::new(),
        };
        let report = DraftReport {
            id: "r".into(),
            title: Some("T".into()),
            outlet: Some("O".into()),
            outlet_cue: None,
            published: None,
            text: "r.txt".into(),
        };
        Draft { report, claims: vec![claim], entities: Vec::new() }
    }

    /// An unknown claim may have no value (DESIGN §3 v2): its blank says it may be deleted.
    #[test]
    fn the_blank_value_of_an_open_question_may_be_deleted() {
        let open = toml(&draft(Certainty::Unknown));
        assert!(open.contains("or delete this line for an open question with no candidate"), "{open}");
        let hedge = toml(&draft(Certainty::Possible));
        assert!(hedge.contains("value = \"?\" # blank: a value of type entity\n"), "{hedge}");
    }

    /// Every column the CSV reader reads has a cell, `corrects` and `report-offset` included.
    #[test]
    fn each_csv_row_has_a_cell_per_column() {
        let csv = csv(&draft(Certainty::Unknown));
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert!(header.contains(&"corrects") && header.contains(&"report-offset"), "{header:?}");
        let row: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(row.len(), header.len());
        let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
        assert_eq!(
            (cell("id"), cell("certainty"), cell("corrects"), cell("report-offset")),
            ("who-fired", "unknown", "", "")
        );
    }
}
