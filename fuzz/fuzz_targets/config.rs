//! Fuzzes the config reader (`claimlint.toml`) and the policy built from it against the standard
//! packs' rules: nothing may panic, and every span a problem reports must lie inside its file, on
//! character boundaries. Paths it names are confined to a corpus root that does not exist, so no
//! file is read.
#![no_main]

#[path = "common.rs"]
mod common;

use claimlint::policy::Policy;
use claimlint::{config, resolve};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (mut sources, mut problems, raw) = common::with_standard_packs();
    let file = sources.add("claimlint.toml".to_string(), text);
    let root = Path::new("/nonexistent-claimlint-fuzz-root");
    let config = config::parse(file, text, root, root, &mut problems);
    let corpus = resolve::resolve(raw, sources, &mut problems);
    let _policy = Policy::new(Some(&config), &corpus.rules, &mut problems);
    common::assert_spans_inside(&problems, &corpus.sources);
});
