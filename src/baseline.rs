//! Baselines (DESIGN §5 v2): `--write-baseline FILE` records the fingerprints of a run's findings,
//! and `--baseline FILE` sets aside the findings it lists, so that a repository adopts claimlint
//! without first fixing its past. Set-aside findings are counted (`baselined`), shown only with
//! `--show-baselined`, and never fail the run; a finding that is new since the baseline — a new
//! contradiction, or an old one whose primary claim changed — is reported as usual.
//!
//! The file is JSON, one entry per finding, sorted as output prints them:
//!
//! ```json
//! {"version": 1, "tool": "claimlint", "findings": [
//!   {"fingerprint": "9c0e…", "rule": "negation", "severity": "error", "message": "…",
//!    "claims": ["evening-post#denied", "morning-wire#agreed"]}]}
//! ```
//!
//! Only `fingerprint` is read back; the rest is there for a reviewer of the file's diff. Only
//! findings of rules are baselined: a problem reading the corpus or its config is never set aside
//! (the run still exits 2).

use crate::findings::{Finding, Origin};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The version of the file format written, and the only one read.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct File<'a> {
    version: u32,
    tool: &'static str,
    findings: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    fingerprint: String,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    claims: &'a [String],
}

#[derive(Deserialize)]
struct ReadFile {
    version: u32,
    findings: Vec<ReadEntry>,
}

#[derive(Deserialize)]
struct ReadEntry {
    fingerprint: String,
}

/// The fingerprints a baseline file lists.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    fingerprints: HashSet<u64>,
}

/// Whether a finding may be set aside by a baseline: a rule's finding, not a problem reading the
/// corpus or its config.
pub fn baselinable(f: &Finding) -> bool {
    f.origin == Origin::Rule
}

/// The baseline file of `findings` (in output order): those a baseline can set aside.
pub fn write<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> String {
    let file = File {
        version: VERSION,
        tool: "claimlint",
        findings: findings
            .into_iter()
            .filter(|f| baselinable(f))
            .map(|f| Entry {
                fingerprint: crate::fingerprint::text(f),
                rule: &f.rule,
                severity: f.severity.as_str(),
                message: &f.message,
                claims: &f.claims,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

impl Baseline {
    /// Reads a baseline file's text; the error says what is wrong and where (`line L, column C`).
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let file: ReadFile = serde_json::from_str(text).map_err(|e| {
            let what = e.to_string();
            // serde_json ends its messages with ` at line L column C`: said once, in front.
            let what = what.rsplit_once(" at line ").map_or(what.as_str(), |(w, _)| w).to_string();
            format!("line {}, column {}: not a claimlint baseline: {what}", e.line(), e.column())
        })?;
        if file.version != VERSION {
            return Err(format!(
                "baseline version {} is not one this claimlint reads (version {VERSION}); write it again with `--write-baseline`",
                file.version
            ));
        }
        let mut fingerprints = HashSet::with_capacity(file.findings.len());
        for (i, e) in file.findings.iter().enumerate() {
            let valid = e.fingerprint.len() == 16 && e.fingerprint.bytes().all(|b| b.is_ascii_hexdigit());
            match u64::from_str_radix(&e.fingerprint, 16) {
                Ok(v) if valid => fingerprints.insert(v),
                _ => {
                    return Err(format!(
                        "findings[{i}]: `{}` is not a fingerprint (16 hexadecimal digits)",
                        crate::printable::escape(&e.fingerprint)
                    ))
                }
            };
        }
        Ok(Baseline { fingerprints })
    }

    /// How many fingerprints the baseline lists.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    /// Whether the baseline lists the finding (and can set it aside).
    pub fn lists(&self, f: &Finding) -> bool {
        baselinable(f) && self.fingerprints.contains(&f.fingerprint)
    }

    /// Splits findings (in output order, which both keep) into those to report and those the
    /// baseline lists.
    pub fn split(&self, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Finding>) {
        findings.into_iter().partition(|f| !self.lists(f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn finding(rule: &str, fingerprint: u64) -> Finding {
        let mut f =
            Finding::corpus(crate::codes::Code::UnknownKey, Span { file: FileId(0), start: 0, end: 0 }, "m", "l");
        f.rule = rule.to_string();
        f.origin = Origin::Rule;
        f.fingerprint = fingerprint;
        f
    }

    #[test]
    fn a_written_baseline_lists_what_it_was_written_from() {
        let findings = [finding("negation", 0x1234), finding("conflict", u64::MAX)];
        let mut corpus = finding("toml-syntax", 7);
        corpus.origin = Origin::Corpus;
        let text = write(findings.iter().chain([&corpus]));
        let baseline = Baseline::parse(&text).expect("reads back");
        assert_eq!(baseline.len(), 2, "corpus problems are never baselined: {text}");
        let (kept, set_aside) = baseline.split(vec![finding("negation", 0x1234), finding("negation", 5), corpus]);
        assert_eq!(set_aside.len(), 1);
        assert_eq!(kept.iter().map(|f| f.fingerprint).collect::<Vec<_>>(), [5, 7]);
    }

    #[test]
    fn bad_baselines_say_where() {
        let e = Baseline::parse("{\"version\": 1,\n \"findings\": [{\"fingerprint\": 3}]}").unwrap_err();
        assert!(e.starts_with("line 2, column"), "{e}");
        let e = Baseline::parse("{\"version\": 2, \"findings\": []}").unwrap_err();
        assert!(e.contains("version 2"), "{e}");
        let e = Baseline::parse("{\"version\": 1, \"findings\": [{\"fingerprint\": \"xyz\"}]}").unwrap_err();
        assert!(e.starts_with("findings[0]"), "{e}");
        assert!(Baseline::parse("").is_err());
    }
}
