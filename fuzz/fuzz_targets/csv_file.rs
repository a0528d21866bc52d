//! Fuzzes the CSV claim-file loader and everything after it: the input is a CSV claim file (its
//! bytes need not be UTF-8: a row that is not is reported and left out), then a NUL byte, then its
//! report text. As `claim_file` does for TOML and JSON Lines files, it is loaded on the standard
//! packs, resolved, checked by every rule and rendered in every format; nothing may panic, and
//! every span a finding reports must lie inside its file, on character boundaries.
#![no_main]

#[path = "common.rs"]
mod common;

use claimlint::load;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (claim_file, text) = common::claim_file_and_text(data);
    let (mut sources, mut problems, mut raw) = common::with_standard_packs();
    let path = "claims/fuzzed.csv";
    load::read_claim_bytes(Path::new(path), claim_file, Some(&text), &mut sources, &mut problems, &mut raw);
    common::check_and_render(raw, sources, problems);
});
