//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, IDE viewers).
//!
//! One rule entry per rule of the run — its kind's `claimlint explain` text as `fullDescription` —
//! and per built-in code that occurs. Each finding is a result: its primary claim is the location,
//! the other claims are `relatedLocations`, linked from the message. Columns are UTF-16 code
//! units, declared in `columnKind`. Paths are URIs relative to the directory claimlint ran in
//! (`%SRCROOT%`, the repository root in CI). `partialFingerprints` (key `claimlint/v2`) carry the
//! finding's identity ([`crate::fingerprint`]): its rule, subject, predicate and primary claim, not
//! lines, so an alert survives edits elsewhere in a report and newer reports joining it. Each
//! location has a `contextRegion` (the line around the quote, clipped), rules a PascalCase `name`,
//! and the tool its `version` and `informationUri`, as the SARIF Multitool's validator asks.
//!
//! A finding an `[[allow]]` accepts is a result too, after the others, with one `suppressions`
//! entry (SARIF 2.1.0 §3.35): `kind` `external`, since the allow lives in claimlint.toml and not in
//! the report, `status` `accepted`, the allow's reason as `justification` and its `[[allow]]`
//! header as `location`. Its fingerprint is the one it had before it was allowed, so viewers see
//! the same alert, now suppressed.

use super::{Place, Run};
use crate::doc::Doc;
use crate::explain;
use crate::findings::{Allowed, Finding, Origin, Severity};
use crate::source::{Sources, Span};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Where the tool is described: the crate's `homepage`, else its `repository`, else its page on
/// crates.io.
pub const INFORMATION_URI: &str = match (env!("CARGO_PKG_HOMEPAGE").as_bytes(), env!("CARGO_PKG_REPOSITORY").as_bytes()) {
    ([], []) => "https://crates.io/crates/claimlint",
    ([], _) => env!("CARGO_PKG_REPOSITORY"),
    _ => env!("CARGO_PKG_HOMEPAGE"),
};
/// At most this many bytes of a line are shown on either side of a region in its `contextRegion`.
const CONTEXT: usize = 120;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text,
    full_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Text>,
    default_configuration: Configuration,
    properties: DescriptorProperties<'a>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn plain(text: impl Into<String>) -> Text {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct DescriptorProperties<'a> {
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pack: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    /// With `--baseline`: `new` for a finding the baseline does not list, `unchanged` for one it
    /// does (shown with `--show-baselined`).
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

/// Why a result is not a live alert: an `[[allow]]` entry of claimlint.toml accepts it.
#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
    location: SarifLocation<'a>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    claims: &'a [String],
    /// Which claims oppose which (indexes into `claims`), as in the JSON output (DESIGN §5 v2).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pairs: Vec<[usize; 2]>,
    /// Whether one report relays the disagreement between its sources.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    dispute: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation,
    region: Region<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    context_region: Option<Region<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Snippet<'a>>,
}

#[derive(Serialize)]
struct Snippet<'a> {
    text: &'a str,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

pub fn render<'a>(run: &Run<'a>, out: &mut dyn Write, options: &super::Options) -> io::Result<()> {
    let rules = descriptors(run);
    let index: BTreeMap<&str, usize> = rules.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    // Each result is built on its own (positions, messages, fingerprints): in parallel, collected
    // in order, the allowed ones last.
    let result = |f: &'a Finding, allowed: Option<&'a Allowed>, state: Option<&'static str>| {
        let mut locations = f.locations.iter();
        let primary = locations.next().map(|l| location(run.sources, l.span, None, &run.label(f, l)));
        let related: Vec<SarifLocation> =
            locations.enumerate().map(|(i, l)| location(run.sources, l.span, Some(i + 1), &run.label(f, l))).collect();
        let suppressions = allowed.map(|a| Suppression {
            kind: "external",
            status: "accepted",
            justification: &a.reason,
            location: location(run.sources, a.span, None, ""),
        });
        SarifResult {
            rule_id: &f.rule,
            rule_index: index.get(f.rule.as_str()).copied().unwrap_or_default(),
            level: level(f.severity),
            message: Text::plain(message(run, f)),
            locations: primary.into_iter().collect(),
            related_locations: related,
            partial_fingerprints: BTreeMap::from([(crate::fingerprint::SARIF_KEY, crate::fingerprint::text(f))]),
            baseline_state: state,
            suppressions: suppressions.into_iter().collect(),
            properties: (!f.claims.is_empty()).then(|| ResultProperties {
                claims: &f.claims,
                pairs: f.pairs.iter().map(|&(a, b)| [a, b]).collect(),
                dispute: f.dispute,
            }),
        }
    };
    let new = options.baseline.then_some("new");
    let baselined: &[Finding] = if options.show_baselined { run.baselined } else { &[] };
    let results = run
        .findings
        .par_iter()
        .map(|f| result(f, None, new))
        .chain(run.allowed.par_iter().map(|a| result(&a.finding, Some(a), None)))
        .chain(baselined.par_iter().map(|f| result(f, None, Some("unchanged"))))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [SarifRun {
            tool: Tool {
                driver: Driver {
                    name: "claimlint",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    // `From` keeps the kind of an I/O error (a broken pipe), which `other` would hide. A buffer
    // of its own spares serde_json's small writes a call through `dyn Write` each.
    let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buffered, &log).map_err(io::Error::from)?;
    buffered.flush()?;
    drop(buffered);
    writeln!(out)
}

/// One entry per rule of the run, in load order, then one per built-in code that occurs, by name.
fn descriptors<'a>(run: &Run<'a>) -> Vec<Descriptor<'a>> {
    let mut out: Vec<Descriptor> = run
        .view
        .rules()
        .iter()
        .map(|r| {
            // A rule's documentation is its kind's: packs parameterise kinds, they add no prose.
            let kind = r.kind.as_str();
            descriptor(&r.id, kind, Some(&r.pack), r.base_severity(), explain::lookup(kind), r.help.as_deref())
        })
        .collect();
    let mut codes: BTreeMap<&str, &Finding> = BTreeMap::new();
    for f in run.findings {
        if f.origin != Origin::Rule || !run.view.rules().iter().any(|r| r.id == f.rule) {
            codes.entry(&f.rule).or_insert(f);
        }
    }
    for (code, f) in codes {
        if out.iter().any(|d| d.id == code) {
            continue;
        }
        out.push(descriptor(code, &f.kind, None, f.severity, explain::lookup(code), run.help(f)));
    }
    out
}

fn descriptor<'a>(
    id: &'a str,
    kind: &'a str,
    pack: Option<&'a str>,
    severity: Severity,
    doc: Option<&'static Doc>,
    help: Option<&str>,
) -> Descriptor<'a> {
    let (short, full) = match doc {
        Some(d) => (d.summary.to_string(), d.render()),
        None => {
            let text = help.unwrap_or(kind).to_string();
            (text.clone(), text)
        }
    };
    let help = help.map(str::to_string).or(doc.map(|d| d.fix.to_string()));
    Descriptor {
        id,
        name: rule_name(id),
        short_description: Text::plain(short),
        full_description: Text::plain(full),
        help: help.map(Text::plain),
        default_configuration: Configuration { level: level(severity) },
        properties: DescriptorProperties { kind, pack },
    }
}

/// A rule's `name`, which SARIF viewers show as a title: its id in PascalCase (`quote-not-found`
/// → `QuoteNotFound`), and `Rule` after it when that would only capitalise the id (`negation` →
/// `NegationRule`), since SARIF asks that a name never repeat its id (§3.49.7).
fn rule_name(id: &str) -> String {
    let name = pascal_case(id);
    if name.eq_ignore_ascii_case(id) {
        format!("{name}Rule")
    } else {
        name
    }
}

/// `std/negation` → `StdNegation`.
fn pascal_case(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for word in id.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

fn region(sources: &Sources, span: Span) -> Region<'_> {
    let p = Place::of(sources, span);
    let snippet = sources.text(span);
    Region {
        start_line: p.start.line,
        start_column: p.start.column_utf16,
        end_line: p.end.line,
        end_column: p.end.column_utf16,
        snippet: (!snippet.is_empty()).then_some(Snippet { text: snippet }),
    }
}

/// The span's lines around it, at most [`CONTEXT`] bytes on either side, cut at characters.
fn context(sources: &Sources, span: Span) -> Span {
    let text = sources.get(span.file).text();
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[end..].find(['\n', '\r']).map_or(text.len(), |i| end + i);
    let mut from = line_start.max(start.saturating_sub(CONTEXT));
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = line_end.min(end + CONTEXT);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    Span { file: span.file, start: from.min(start), end: to.max(end) }
}

fn location<'a>(sources: &'a Sources, span: Span, id: Option<usize>, label: &str) -> SarifLocation<'a> {
    let p = Place::of(sources, span);
    let around = context(sources, span);
    SarifLocation {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact(p.path),
            region: region(sources, span),
            context_region: (around != span).then(|| region(sources, around)),
        },
        message: (!label.is_empty()).then(|| Text::plain(escape(label))),
    }
}

/// A relative path is a URI relative to `%SRCROOT%`; an absolute one a `file://` URI.
fn artifact(path: &str) -> ArtifactLocation {
    if path.starts_with('/') {
        ArtifactLocation { uri: format!("file://{}", encode(path)), uri_base_id: None }
    } else {
        ArtifactLocation { uri: encode(path), uri_base_id: Some("%SRCROOT%") }
    }
}

/// Percent-encodes everything but unreserved characters and `/` (RFC 3986).
fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Square brackets open embedded links in SARIF messages (§3.11.6), and a backslash escapes
/// them: literal ones are escaped, the backslash first, so that no corpus text (`x \[click\](…)`)
/// becomes a link.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('[', "\\[").replace(']', "\\]")
}

/// The message, a link to each related location with its label, then help and notes.
fn message(run: &Run, f: &Finding) -> String {
    let mut lines = vec![escape(&f.message)];
    for (i, l) in f.locations.iter().enumerate().skip(1) {
        let p = Place::of(run.sources, l.span);
        lines.push(format!("- [{}:{}]({i}): {}", escape(p.path), p.start.line, escape(&run.label(f, l))));
    }
    lines.extend(run.help(f).map(|h| format!("help: {}", escape(h))));
    lines.extend(f.notes.iter().map(|n| format!("note: {}", escape(n))));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("std/negation"), "StdNegation");
        assert_eq!(pascal_case("quote-not-found"), "QuoteNotFound");
        assert_eq!(pascal_case("my.pack/über-rule"), "MyPackÜberRule");
        assert_eq!(rule_name("negation"), "NegationRule");
        assert_eq!(rule_name("quote-not-found"), "QuoteNotFound");
    }

    #[test]
    fn context_regions_hold_their_region_within_its_line() {
        let mut sources = Sources::default();
        let long = "x".repeat(300);
        let text = format!("first line\nsay «hello» {long}\nlast");
        let file = sources.add("a.txt".to_string(), text.clone());
        let start = text.find("hello").unwrap();
        let span = Span { file, start, end: start + 5 };
        let around = context(&sources, span);
        let shown = sources.text(around);
        assert!(shown.starts_with("say «hello»"), "{shown:?}");
        assert_eq!(around.end, start + 5 + CONTEXT);
        assert!(!shown.contains('\n'));
    }

    #[test]
    fn paths_become_uris() {
        let a = artifact("claims/reports/a b#1.txt");
        assert_eq!(a.uri, "claims/reports/a%20b%231.txt");
        assert_eq!(a.uri_base_id, Some("%SRCROOT%"));
        let a = artifact("/tmp/é.txt");
        assert_eq!(a.uri, "file:///tmp/%C3%A9.txt");
        assert_eq!(a.uri_base_id, None);
    }
}
