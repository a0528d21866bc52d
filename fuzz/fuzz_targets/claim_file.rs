//! Fuzzes the claim-file loader and everything after it: the input is a claim file (JSON Lines
//! when it opens with `{`, else TOML), then a NUL byte, then its report text. It is loaded on the
//! standard packs, resolved, checked by every rule and rendered in every format; nothing may
//! panic, and every span a finding reports must
//! lie inside its file, on character boundaries.
#![no_main]

use claimlint::render::{self, Format, Run};
use claimlint::source::Sources;
use claimlint::{findings, graph, load, packs, resolve, rules};
use clap::ValueEnum;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (claim_file, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], String::from_utf8_lossy(&data[i + 1..]).into_owned()),
        None => (data, String::new()),
    };
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let mut raw = load::RawCorpus::default();
    for (name, pack) in packs::BUILTIN {
        let file = sources.add(format!("<built-in>/rules/{name}.toml"), *pack);
        raw.packs.push(load::read_pack(name, file, pack, &mut problems));
    }
    // Input that opens like a JSON object is read as JSON Lines, the rest as TOML.
    let path = if claim_file.first() == Some(&b'{') { "claims/fuzzed.jsonl" } else { "claims/fuzzed.toml" };
    load::read_claim_bytes(
        Path::new(path),
        claim_file,
        Some(&text),
        &mut sources,
        &mut problems,
        &mut raw,
    );
    let corpus = resolve::resolve(raw, sources, &mut problems);
    let graph = graph::EntityGraph::build(&corpus.entities);
    let mut found = rules::run(&corpus, &graph);
    found.extend(problems);
    findings::sort(&mut found, &corpus.sources);
    for f in &found {
        for l in &f.locations {
            let text = &corpus.sources.get(l.span.file).text;
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
    let run = Run { sources: &corpus.sources, view: claimlint::view::View::of(&corpus), findings: &found, allowed: &[], baselined: &[] };
    for format in Format::value_variants() {
        let mut out = Vec::new();
        if let Err(e) = render::render(*format, &run, &mut out, &render::Options { color: false, width: 80, show_allowed: true, ..Default::default() }) {
            panic!("{format:?} failed: {e}");
        }
    }
});
