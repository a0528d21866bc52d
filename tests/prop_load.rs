//! Properties of loading arbitrary input: any bytes as a claim file (and any text as its report)
//! go through load, resolve, the rules and every renderer without panicking, and every span a
//! finding reports lies inside its file, on character boundaries.
//!
//! Case counts are modest so that `cargo test` stays quick; the fuzz targets in `fuzz/` run the
//! same pipeline for as long as one likes.

use claimlint::findings::Finding;
use claimlint::render::{self, Format, Run};
use claimlint::source::Sources;
use claimlint::{graph, load, packs, resolve, rules};
use clap::ValueEnum;
use proptest::prelude::*;
use std::path::Path;

/// Loads one claim file (and its report text) from memory on the standard packs, runs every
/// rule and renders every format; returns the sources and every finding.
fn check_bytes(claim_file: &[u8], report_text: &str) -> (Sources, Vec<Finding>) {
    check_file("claims/fuzzed.toml", claim_file, report_text)
}

/// [`check_bytes`] for a claim file at `path`: `.toml` or `.jsonl`.
fn check_file(path: &str, claim_file: &[u8], report_text: &str) -> (Sources, Vec<Finding>) {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let mut raw = load::RawCorpus::default();
    for (name, text) in packs::BUILTIN {
        let file = sources.add(format!("<built-in>/rules/{name}.toml"), *text);
        raw.packs.push(load::read_pack(name, file, text, &mut problems));
    }
    let path = Path::new(path);
    load::read_claim_bytes(path, claim_file, Some(report_text), &mut sources, &mut problems, &mut raw);
    let corpus = resolve::resolve(raw, sources, &mut problems);
    let graph = graph::EntityGraph::build(&corpus.entities);
    let mut findings = rules::run(&corpus, &graph);
    findings.extend(problems);
    claimlint::findings::sort(&mut findings, &corpus.sources);
    // Every finding also stands in for a baselined one, so that listing those is exercised too.
    let run = Run {
        sources: &corpus.sources,
        view: claimlint::view::View::of(&corpus),
        findings: &findings,
        allowed: &[],
        baselined: &findings,
    };
    for format in Format::value_variants() {
        let mut out = Vec::new();
        render::render(
            *format,
            &run,
            &mut out,
            &render::Options {
                color: false,
                width: 80,
                show_allowed: true,
                show_baselined: true,
                baseline: true,
                fail_on: Some(claimlint::findings::Severity::Note),
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("{format:?} failed: {e}"));
    }
    let corpus_sources = corpus.sources;
    (corpus_sources, findings)
}

fn assert_spans_inside(sources: &Sources, findings: &[Finding]) {
    for f in findings {
        for l in &f.locations {
            let text = sources.get(l.span.file).text();
            assert!(
                l.span.start <= l.span.end && l.span.end <= text.len(),
                "{}: {:?} in {} bytes",
                f.rule,
                l.span,
                text.len()
            );
            assert!(
                text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end),
                "{}: {:?} splits a character",
                f.rule,
                l.span
            );
        }
    }
}

/// Pieces of claim files, so that generated input reaches past the TOML parser.
const PIECES: &[&str] = &[
    "[report]\n",
    "[[claim]]\n",
    "[[entity]]\n",
    "[claim]\n",
    "id = \"a\"\n",
    "id = \"b\"\n",
    "title = \"T\"\n",
    "outlet = \"O\"\n",
    "via = [\"W\"]\n",
    "published = 2016-12-13\n",
    "published = 2016-12-13T09:45:00+03:00\n",
    "published = \"2016-12-13\"\n",
    "published = 2015-02-29\n",
    "text = \"r.txt\"\n",
    "text = \"../x\"\n",
    "subject = \"deal\"\n",
    "subject = \"dael\"\n",
    "predicate = \"status\"\n",
    "predicate = \"killed\"\n",
    "predicate = \"occurred\"\n",
    "value = \"agreed\"\n",
    "value = 34000\n",
    "value = [300, 100]\n",
    "value = [1, 2, 3]\n",
    "value = 99999999999999999999999\n",
    "value = nan\n",
    "negated = true\n",
    "negated = \"yes\"\n",
    "certainty = \"unknown\"\n",
    "certainty = 3\n",
    "bound = \"at-least\"\n",
    "as-of = 2016-12-14\n",
    "as-of = 09:00:00\n",
    "quote = \"was agreed\"\n",
    "quote = \"agreed\"\n",
    "quote = \"\"\n",
    "quote = \"“was agreed”\"\n",
    "prefix = \"deal \"\n",
    "suffix = \" on\"\n",
    "name = \"the deal\"\n",
    "kind = \"agreement\"\n",
    "aliases = [\"Deal\", \"the deal\"]\n",
    "part-of = \"deal\"\n",
    "speaks-for = [1]\n",
    "unknown = {}\n",
    "id = \"é\"\n",
    "[[claim]\n",
    "= \n",
    "\"\n",
    "'''\n",
    "[",
    "{",
    "\u{feff}",
    "\r\n",
    "\n",
];

const TEXTS: &[&str] = &[
    "The deal was agreed on Monday. The deal was agreed.",
    "“The deal” was agreed — on Monday’s talks\u{a0}\u{a0}with 34,000 killed.",
    "",
    "agreed",
    "\n\n\t ",
];

/// A valid start, so that the pieces after it are often read as claims of a readable report.
const PRELUDE: &str = "[[entity]]\nid = \"deal\"\nname = \"the deal\"\nkind = \"agreement\"\n\n\
    [report]\ntitle = \"T\"\noutlet = \"O\"\npublished = 2016-12-13\ntext = \"r.txt\"\n\n\
    [[claim]]\nid = \"c\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\nquote = \"agreed\"\n";

fn toml_ish() -> impl Strategy<Value = Vec<u8>> {
    (any::<bool>(), prop::collection::vec(prop::sample::select(PIECES), 0..40)).prop_map(|(prelude, pieces)| {
        let start = if prelude { PRELUDE } else { "" };
        format!("{start}{}", pieces.concat()).into_bytes()
    })
}

/// Pieces of JSON Lines claim files: members, values and broken syntax, so that generated lines
/// reach past the JSON parser into the record readers.
const JSON_PIECES: &[&str] = &[
    "{\"report\": {\"id\": \"r\", \"title\": \"T\", \"outlet\": \"O\", \"published\": \"2016-12-13\", \"text\": \"r.txt\"}, ",
    "\"claim\": [",
    "{\"id\": \"c\", \"subject\": \"deal\", \"predicate\": \"status\", \"value\": \"agreed\", \"quote\": \"agreed\"}",
    "{\"id\": \"d\", \"subject\": \"dael\", \"predicate\": \"killed\", \"value\": [300, 100], \"quote\": \"was agreed\"}",
    "{\"entity\": {\"id\": \"deal\", \"name\": \"the deal\", \"kind\": \"agreement\"}}",
    "{\"\\u0065ntity\": {\"id\": \"x\"}}",
    "\"negated\": \"yes\", ",
    "\"published\": \"2015-02-29\", ",
    "\"as-of\": 3, ",
    "\"via\": \"AFP\", ",
    "\"value\": 1e999, ",
    "\"certainty\": null, ",
    "\"quote\": \"\\ud800\", ",
    "]",
    "}",
    ", ",
    "[",
    "{",
    "\"",
    "\u{feff}",
    "\r\n",
    "\n",
];

/// A valid start: an entity, and a report with a claim, so that later pieces meet known names.
const JSON_PRELUDE: &str = "{\"entity\": {\"id\": \"deal\", \"name\": \"the deal\", \"kind\": \"agreement\"}}\n\
    {\"report\": {\"id\": \"r\", \"title\": \"T\", \"outlet\": \"O\", \"published\": \"2016-12-13\", \"text\": \"r.txt\"}, \
    \"claim\": [{\"id\": \"c\", \"subject\": \"deal\", \"predicate\": \"status\", \"value\": \"agreed\", \"quote\": \"agreed\"}]}\n";

fn jsonl_ish() -> impl Strategy<Value = Vec<u8>> {
    (any::<bool>(), prop::collection::vec(prop::sample::select(JSON_PIECES), 0..40)).prop_map(|(prelude, pieces)| {
        let start = if prelude { JSON_PRELUDE } else { "" };
        format!("{start}{}", pieces.concat()).into_bytes()
    })
}

proptest! {
    // No failure file: a failure found here becomes a named test instead.
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_load_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..512), text in "\\PC{0,64}") {
        let (sources, findings) = check_bytes(&bytes, &text);
        assert_spans_inside(&sources, &findings);
    }

    #[test]
    fn claim_files_built_from_pieces_load_without_panicking(
        bytes in toml_ish(),
        text in prop::sample::select(TEXTS),
        cut in any::<prop::sample::Index>(),
    ) {
        let (sources, findings) = check_bytes(&bytes, text);
        assert_spans_inside(&sources, &findings);
        // A file cut anywhere (mid-character too) must be just as safe.
        let (sources, findings) = check_bytes(&bytes[..cut.index(bytes.len() + 1)], text);
        assert_spans_inside(&sources, &findings);
    }

    #[test]
    fn json_lines_built_from_pieces_load_without_panicking(
        bytes in jsonl_ish(),
        text in prop::sample::select(TEXTS),
        cut in any::<prop::sample::Index>(),
    ) {
        let (sources, findings) = check_file("claims/fuzzed.jsonl", &bytes, text);
        assert_spans_inside(&sources, &findings);
        let (sources, findings) = check_file("claims/fuzzed.jsonl", &bytes[..cut.index(bytes.len() + 1)], text);
        assert_spans_inside(&sources, &findings);
    }

    #[test]
    fn any_bytes_load_as_json_lines_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let (sources, findings) = check_file("claims/fuzzed.jsonl", &bytes, "The deal was agreed.");
        assert_spans_inside(&sources, &findings);
    }
}

/// The generators start from valid files: else every generated input would stop at the parser.
#[test]
fn the_preludes_are_valid_claim_files() {
    for (path, prelude) in [("claims/fuzzed.toml", PRELUDE), ("claims/fuzzed.jsonl", JSON_PRELUDE)] {
        let (sources, findings) = check_file(path, prelude.as_bytes(), "The deal was agreed.");
        let problems: Vec<&str> = findings.iter().filter(|f| f.kind == "corpus").map(|f| f.rule.as_str()).collect();
        assert!(problems.is_empty(), "{path}: {problems:?}");
        // The packs, the claim file, and the text its report names: the report was read.
        assert_eq!(sources.len(), packs::BUILTIN.len() + 2, "{path}");
    }
}
