//! A finding's identity across runs (DESIGN §5, v2): the fingerprint that SARIF's
//! `partialFingerprints` (key [`SARIF_KEY`]), JSON's `fingerprint`, GitLab's `fingerprint`, the
//! HTML report's `data-fingerprint` and a baseline all read, so that a finding is the same
//! finding in every output and from one run to the next.
//!
//! A rule's finding is identified by its rule id, subject and predicate, the fact's value (for
//! kinds whose finding is about one fact: `corroboration`, `unresolved`), whether it is a
//! dispute, and the name of its **primary** claim — its earliest (by `as-of`, then the report's
//! `published`, then report id, then the position of its quote in the report; `rules::context` puts it first). A
//! newer report joining a finding changes none of these. Never line numbers, never the other
//! claims: a finding survives edits elsewhere and claims joining it.
//!
//! A finding without claims (a problem reading the corpus, an unused allow) is identified by its
//! code, its file, the text it points at and its message.
//!
//! Findings still equal are numbered in output order ([`assign`]): the second gets the number 2
//! hashed in, and so on.

use crate::findings::Finding;
use crate::source::Sources;
use std::collections::HashMap;

/// The key of claimlint's fingerprint in SARIF's `partialFingerprints`. Bump the version when what
/// is hashed changes (v1 hashed every claim of a finding, so a claim joining changed it).
pub const SARIF_KEY: &str = "claimlint/v2";

/// Kinds whose finding is about one fact, whose value is part of its identity: two facts about a
/// subject and predicate (talks with Russia, talks with Iran) are two findings.
const FACT_KINDS: &[&str] = &["corroboration", "unresolved"];

/// Whether the finding is a dispute one report relays (DESIGN §4 v2, `"dispute"` in JSON): part
/// of the identity, so that a dispute is told apart from a plain contradiction of the same claims.
fn is_dispute(f: &Finding) -> bool {
    f.dispute
}

/// The identity of one finding, before findings still equal are numbered ([`assign`]).
pub fn identity(sources: &Sources, f: &Finding) -> u64 {
    let mut parts: Vec<&str> = vec![&f.rule];
    match f.claims.first() {
        None => {
            if let Some(l) = f.primary() {
                parts.push(&sources.get(l.span.file).path);
                parts.push(sources.text(l.span));
            }
            parts.push(&f.message);
        }
        Some(primary) => {
            parts.push(f.subject.as_deref().unwrap_or(""));
            parts.push(f.predicate.as_deref().unwrap_or(""));
            if FACT_KINDS.contains(&f.kind.as_str()) {
                parts.push(f.value.as_deref().unwrap_or(""));
            }
            parts.push(if is_dispute(f) { "dispute" } else { "" });
            parts.push(primary);
        }
    }
    fnv1a(&parts)
}

/// Sets the fingerprint of each finding of `findings`, which are in output order: its identity
/// ([`identity`]), the n-th of those still equal (n ≥ 2) with its number hashed in.
pub fn assign(sources: &Sources, findings: &mut [Finding]) {
    assign_in(sources, findings, |f| f);
}

/// [`assign`], for the findings held in `items` (allowed findings, each with its allow).
pub fn assign_in<T>(sources: &Sources, items: &mut [T], finding: impl Fn(&mut T) -> &mut Finding) {
    let mut seen: HashMap<u64, u32> = HashMap::with_capacity(items.len());
    for item in items {
        let f = finding(item);
        let base = identity(sources, f);
        let n = seen.entry(base).or_insert(0);
        *n += 1;
        f.fingerprint = if *n == 1 { base } else { fnv1a(&[&format!("{base:016x}"), &n.to_string()]) };
    }
}

/// The fingerprint as every format prints it: 16 lowercase hexadecimal digits.
pub fn text(f: &Finding) -> String {
    format!("{:016x}", f.fingerprint)
}

/// The finding's fingerprint as text ([`text`]), as it was assigned when the findings were put
/// in output order; `sources` is no longer needed (kept so that callers of the first version
/// still read the one fingerprint).
pub fn of(_sources: &Sources, f: &Finding) -> String {
    text(f)
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
    use crate::findings::{Location, Origin, Severity};
    use crate::source::Span;

    #[test]
    fn fingerprints_depend_on_every_part() {
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        assert_eq!(fnv1a(&["negation", "r#a"]), fnv1a(&["negation", "r#a"]));
        // The published FNV-1a test vector, so the hash never silently changes.
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
    }

    fn finding(kind: &str, claims: &[&str], value: Option<&str>) -> Finding {
        let mut f = Finding::corpus(
            crate::codes::Code::UnknownKey,
            Span { file: crate::source::FileId(0), start: 0, end: 0 },
            "m",
            "l",
        );
        f.rule = format!("std/{kind}");
        f.kind = kind.to_string();
        f.origin = Origin::Rule;
        f.severity = Severity::Warning;
        f.subject = Some("deal".to_string());
        f.predicate = Some("status".to_string());
        f.claims = claims.iter().map(|c| c.to_string()).collect();
        f.value = value.map(str::to_string);
        f.locations = vec![Location { span: f.locations[0].span, label: "".into(), claim: Some(0) }];
        f
    }

    #[test]
    fn only_the_primary_claim_and_the_fact_identify_a_rule_finding() {
        let sources = Sources::default();
        let a = identity(&sources, &finding("conflict", &["r1#a", "r2#b"], Some("x vs y")));
        // Another claim joining, and a value that lists it, change nothing.
        assert_eq!(a, identity(&sources, &finding("conflict", &["r1#a", "r2#b", "r3#c"], Some("x vs y vs z"))));
        // Another primary claim is another finding.
        assert_ne!(a, identity(&sources, &finding("conflict", &["r2#b", "r1#a"], Some("x vs y"))));
        // For one-fact kinds the fact's value counts.
        let c = |v| identity(&sources, &finding("corroboration", &["r1#a", "r2#b"], Some(v)));
        assert_ne!(c("russia"), c("iran"));
    }

    #[test]
    fn equal_findings_are_numbered_in_order() {
        let sources = Sources::default();
        let mut fs = vec![finding("conflict", &["r1#a"], None), finding("conflict", &["r1#a"], None)];
        assign(&sources, &mut fs);
        assert_eq!(fs[0].fingerprint, identity(&sources, &fs[0]));
        assert_ne!(fs[0].fingerprint, fs[1].fingerprint);
    }
}
