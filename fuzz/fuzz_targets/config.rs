//! Fuzzes the config reader (`claimlint.toml`) and the policy built from it against the standard
//! packs' rules: nothing may panic, and every span a problem reports must lie inside its file, on
//! character boundaries. Paths it names are confined to a corpus root that does not exist, so no
//! file is read.
#![no_main]

use claimlint::policy::Policy;
use claimlint::source::Sources;
use claimlint::{config, load, packs, resolve};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let mut raw = load::RawCorpus::default();
    for (name, pack) in packs::BUILTIN {
        let file = sources.add(format!("<built-in>/rules/{name}.toml"), *pack);
        raw.packs.push(load::read_pack(name, file, pack, &mut problems));
    }
    let file = sources.add("claimlint.toml".to_string(), text);
    let root = Path::new("/nonexistent-claimlint-fuzz-root");
    let config = config::parse(file, text, root, root, &mut problems);
    let corpus = resolve::resolve(raw, sources, &mut problems);
    let _policy = Policy::new(Some(&config), &corpus.rules, &mut problems);
    for f in &problems {
        for l in &f.locations {
            let text = &corpus.sources.get(l.span.file).text;
            assert!(l.span.start <= l.span.end && l.span.end <= text.len(), "{}: {:?}", f.rule, l.span);
            assert!(text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end), "{}", f.rule);
        }
    }
});
