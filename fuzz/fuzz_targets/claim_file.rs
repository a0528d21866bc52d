//! Fuzzes the claim-file loader and everything after it: the input is a claim file (JSON Lines
//! when it opens with `{`, else TOML), then a NUL byte, then its report text. It is loaded on the
//! standard packs, resolved, checked by every rule and rendered in every format; nothing may
//! panic, and every span a finding reports must
//! lie inside its file, on character boundaries.
#![no_main]

#[path = "common.rs"]
mod common;

use claimlint::load;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (claim_file, text) = common::claim_file_and_text(data);
    let (mut sources, mut problems, mut raw) = common::with_standard_packs();
    // Input that opens like a JSON object is read as JSON Lines, the rest as TOML.
    let path = if claim_file.first() == Some(&b'{') { "claims/fuzzed.jsonl" } else { "claims/fuzzed.toml" };
    load::read_claim_bytes(Path::new(path), claim_file, Some(&text), &mut sources, &mut problems, &mut raw);
    common::check_and_render(raw, sources, problems);
});
