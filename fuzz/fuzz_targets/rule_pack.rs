//! Fuzzes the rule-pack reader and the resolution of packs: the input is a rule pack, loaded after
//! the standard packs (so that its predicates and rules meet theirs: duplicates, patterns naming
//! their predicates). Nothing may panic, and every span a problem reports must lie inside its
//! file, on character boundaries; `claimlint rules` and `explain` of every loaded name must work.
#![no_main]

use claimlint::source::Sources;
use claimlint::{explain, load, packs, resolve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let mut raw = load::RawCorpus::default();
    for (name, pack) in packs::BUILTIN {
        let file = sources.add(format!("<built-in>/rules/{name}.toml"), *pack);
        raw.packs.push(load::read_pack(name, file, pack, &mut problems));
    }
    let file = sources.add("rules/fuzzed.toml".to_string(), text);
    raw.packs.push(load::read_pack("fuzzed", file, text, &mut problems));
    let corpus = resolve::resolve(raw, sources, &mut problems);
    for f in &problems {
        for l in &f.locations {
            let text = &corpus.sources.get(l.span.file).text;
            assert!(l.span.start <= l.span.end && l.span.end <= text.len(), "{}: {:?}", f.rule, l.span);
            assert!(text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end), "{}", f.rule);
        }
    }
    let _ = explain::rules_listing(&corpus);
    for name in explain::names(&corpus) {
        assert!(explain::explain(&name, &corpus).is_some(), "`{name}` is listed but not explained");
    }
});
