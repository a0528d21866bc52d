//! A finding's identity across runs: the fingerprint that SARIF's `partialFingerprints`, and every
//! later format that needs one (GitLab's `fingerprint`, the HTML report's `data-fingerprint`, a
//! baseline), read from here, so that a finding is the same finding in every output.

use crate::findings::Finding;
use crate::source::Sources;

/// What identifies a finding across runs: its rule and claims; for a finding without claims,
/// its file, message and the text it points at. Never line numbers.
pub fn of(sources: &Sources, f: &Finding) -> String {
    let mut parts: Vec<&str> = vec![&f.rule];
    if f.claims.is_empty() {
        if let Some(l) = f.primary() {
            parts.push(&sources.get(l.span.file).path);
            parts.push(sources.text(l.span));
        }
        parts.push(&f.message);
    } else {
        parts.extend(f.claims.iter().map(String::as_str));
    }
    format!("{:016x}", fnv1a(&parts))
}

/// FNV-1a over the parts, each followed by a NUL: simple, and the same in every Rust release.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_depend_on_every_part() {
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        assert_eq!(fnv1a(&["negation", "r#a"]), fnv1a(&["negation", "r#a"]));
        // The published FNV-1a test vector, so the hash never silently changes.
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
    }
}
