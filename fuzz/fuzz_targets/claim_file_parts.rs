//! Fuzzes the reader of big TOML files (`load::toml_big`) with small inputs: the input is a TOML
//! claim file, then a NUL byte, then its report text, read a part at a time in parts of 64 bytes
//! (`CLAIMLINT_TOML_PART`) as a file over 1 MiB is, then resolved, checked and rendered in every
//! format as `claim_file` does; nothing may panic, and every span must lie inside its file.
#![no_main]

#[path = "common.rs"]
mod common;

use claimlint::load;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // Read once, before the first file (the setting is read once a run).
    std::env::set_var("CLAIMLINT_TOML_PART", "64");
    let (claim_file, text) = common::claim_file_and_text(data);
    let (mut sources, mut problems, mut raw) = common::with_standard_packs();
    load::read_claim_bytes(Path::new("claims/fuzzed.toml"), claim_file, Some(&text), &mut sources, &mut problems, &mut raw);
    common::check_and_render(raw, sources, problems);
});
