//! What the fuzz targets share (each includes this file with `#[path]`): the standard packs
//! loaded before the fuzzed input, and the checks made of everything loaded: it resolves, every
//! rule runs, every span a finding reports lies inside its file on character boundaries, and
//! every output format renders it, without a panic.
#![allow(dead_code)]

use claimlint::findings::Finding;
use claimlint::render::{self, Format, Run};
use claimlint::source::Sources;
use claimlint::{findings, graph, load, packs, resolve, rules};
use clap::ValueEnum;

/// A fuzz input of the claim-file targets: the claim file's bytes, then a NUL byte, then its report
/// text (read lossily: a report text is always shown, whatever its bytes).
pub fn claim_file_and_text(data: &[u8]) -> (&[u8], String) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], String::from_utf8_lossy(&data[i + 1..]).into_owned()),
        None => (data, String::new()),
    }
}

/// The sources, problems and raw corpus of a run, with the standard packs read into them.
pub fn with_standard_packs() -> (Sources, Vec<Finding>, load::RawCorpus) {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let mut raw = load::RawCorpus::default();
    for (name, pack) in packs::BUILTIN {
        let file = sources.add(format!("<built-in>/rules/{name}.toml"), *pack);
        raw.packs.push(load::read_pack(name, file, pack, &mut problems));
    }
    (sources, problems, raw)
}

/// Asserts that every span of `found` lies inside its file of `sources`, on character boundaries.
pub fn assert_spans_inside(found: &[Finding], sources: &Sources) {
    for f in found {
        for l in &f.locations {
            let text = sources.get(l.span.file).text();
            assert!(
                l.span.start <= l.span.end && l.span.end <= text.len(),
                "{}: {:?} outside the file",
                f.rule,
                l.span
            );
            assert!(
                text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end),
                "{}: {:?}",
                f.rule,
                l.span
            );
        }
    }
}

/// Resolves what was loaded, runs every rule, checks the spans and renders every format.
pub fn check_and_render(raw: load::RawCorpus, sources: Sources, mut problems: Vec<Finding>) {
    let corpus = resolve::resolve(raw, sources, &mut problems);
    let graph = graph::EntityGraph::build(&corpus.entities);
    let mut found = rules::run(&corpus, &graph);
    found.extend(problems);
    findings::sort(&mut found, &corpus.sources);
    assert_spans_inside(&found, &corpus.sources);
    let run = Run {
        sources: &corpus.sources,
        view: claimlint::view::View::of(&corpus),
        findings: &found,
        allowed: &[],
        baselined: &[],
    };
    let options = render::Options { color: false, width: 80, show_allowed: true, ..Default::default() };
    for format in Format::value_variants() {
        let mut out = Vec::new();
        if let Err(e) = render::render(*format, &run, &mut out, &options) {
            panic!("{format:?} failed: {e}");
        }
    }
}
