//! DESIGN §5 v2: peak memory stays within 32 times the bytes read plus 256 MiB, whatever the
//! input (issue 12). Measured as the peak resident set of the `claimlint` child process
//! (`getrusage(RUSAGE_CHILDREN)`), which is why this file holds one test: no other child of this
//! test binary can raise the figure. Time is never asserted.

mod common;

use common::*;

/// An 8 MiB claim file of `=` lines: 6.3 million syntax errors. The `toml` crate's recoverable
/// parse kept every one (about 400 bytes each): 2.9 GB for this file, 24 s.
#[cfg(target_os = "linux")]
#[test]
fn a_garbage_claim_file_stays_within_the_memory_bound() {
    let dir = scratch("memory-garbage");
    let size = 8 << 20;
    write(&dir.join("claims/noise.toml"), "=\n".repeat(size / 2).as_bytes());
    let out = run(&dir, &["check", ".", "--format", "json"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{json:#}");
    assert_eq!(findings[0]["rule"], "toml-syntax");
    assert_eq!(findings[0]["locations"][0]["line"], 1);
    let help = findings[0]["help"].as_str().unwrap_or_default();
    assert!(help.contains(&format!("({} more errors in this table", size - 1)), "{help}");

    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage for the call to fill.
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) }, 0);
    let peak = usage.ru_maxrss as usize * 1024; // kilobytes on Linux
    let bound = 32 * size + (256 << 20);
    assert!(peak <= bound, "peak resident memory {} MiB, bound {} MiB", peak >> 20, bound >> 20);
}
