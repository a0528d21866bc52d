//! Fuzzes the rule-pack reader and the resolution of packs: the input is a rule pack, loaded after
//! the standard packs (so that its predicates and rules meet theirs: duplicates, patterns naming
//! their predicates). Nothing may panic, and every span a problem reports must lie inside its
//! file, on character boundaries; `claimlint rules` and `explain` of every loaded name must work.
#![no_main]

#[path = "common.rs"]
mod common;

use claimlint::{explain, load, resolve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (mut sources, mut problems, mut raw) = common::with_standard_packs();
    let file = sources.add("rules/fuzzed.toml".to_string(), text);
    raw.packs.push(load::read_pack("fuzzed", file, text, &mut problems));
    let corpus = resolve::resolve(raw, sources, &mut problems);
    common::assert_spans_inside(&problems, &corpus.sources);
    let _ = explain::rules_listing(&corpus);
    for name in explain::names(&corpus) {
        assert!(explain::explain(&name, &corpus).is_some(), "`{name}` is listed but not explained");
    }
});
