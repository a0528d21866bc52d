//! `--format junit`: JUnit XML as CI test reporters read it (GitLab's `reports: junit:`, Jenkins,
//! Azure Pipelines, the test-reporter actions), valid against the Ant JUnit schema of the
//! windyroad/JUnit-Schema project (vendored in tests/schemas/).
//!
//! One `testsuite` per rule kind of the run (and `corpus`/`config` when the corpus or the config
//! has problems); in it, one `testcase` per finding — failing (`<failure type="error">`) when at
//! or above `--fail-on`, passing below it — and one passing testcase per rule that found
//! nothing, so that a clean run shows what was checked. Findings an `[[allow]]` accepts, and
//! those a baseline lists when `--show-baselined` asks for them, are skipped testcases saying
//! why. The schema requires a timestamp and a host name: they are fixed
//! (`1970-01-01T00:00:00`, `claimlint`), so that the output is the same on every run.
//!
//! Text is XML-escaped; control characters (which XML 1.0 cannot carry at all) and
//! bidirectional overrides from a corpus are shown escaped (`\u{1b}`).

use super::{one_line, Place, Run};
use crate::findings::Finding;
use crate::printable;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A test case: its name, class name, and how it ended.
struct Case {
    name: String,
    classname: String,
    outcome: Outcome,
}

enum Outcome {
    Passed,
    Failed { message: String, kind: &'static str, text: String },
    Skipped { message: String },
}

pub fn render(run: &Run, out: &mut dyn Write, options: &super::Options) -> io::Result<()> {
    // Suites by kind, in name order; in each, rules in load order and findings in output order.
    let mut suites: BTreeMap<&str, Vec<Case>> = BTreeMap::new();
    let mut rule_kind: BTreeMap<&str, &str> = BTreeMap::new();
    for r in run.view.rules() {
        suites.entry(r.kind.as_str()).or_default();
        rule_kind.insert(&r.id, r.kind.as_str());
    }
    let mut found: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for f in run.findings {
        found.insert(&f.rule);
        let failed = options.fail_on.is_some_and(|t| f.severity.at_least(t));
        let outcome = if failed {
            Outcome::Failed { message: one_line(&f.message), kind: f.severity.as_str(), text: details(run, f) }
        } else {
            Outcome::Passed
        };
        suites.entry(&f.kind).or_default().push(case(run, f, outcome));
    }
    for a in run.allowed {
        let outcome = Outcome::Skipped { message: format!("allowed: {}", one_line(&a.reason)) };
        suites.entry(&a.finding.kind).or_default().push(case(run, &a.finding, outcome));
    }
    if options.show_baselined {
        for f in run.baselined {
            let outcome = Outcome::Skipped { message: "baselined: listed in the baseline".to_string() };
            suites.entry(&f.kind).or_default().push(case(run, f, outcome));
        }
    }
    for r in run.view.rules() {
        let (id, kind) = (r.id.as_str(), r.kind.as_str());
        let listed = found.contains(id)
            || run.allowed.iter().any(|a| a.finding.rule == id)
            || run.baselined.iter().any(|f| f.rule == id);
        if !listed && rule_kind.get(id) == Some(&kind) {
            suites.entry(kind).or_default().push(Case {
                name: format!("{id}: no findings"),
                classname: id.to_string(),
                outcome: Outcome::Passed,
            });
            // A rule id listed twice (a later pack overriding it) gets one case.
            rule_kind.remove(id);
        }
    }

    let mut xml = String::with_capacity(4096 + run.findings.len() * 512);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for (id, (kind, cases)) in suites.iter().enumerate() {
        let failures = cases.iter().filter(|c| matches!(c.outcome, Outcome::Failed { .. })).count();
        let skipped = cases.iter().filter(|c| matches!(c.outcome, Outcome::Skipped { .. })).count();
        xml.push_str(&format!(
            "  <testsuite package=\"claimlint\" id=\"{id}\" name=\"{}\" timestamp=\"1970-01-01T00:00:00\" \
             hostname=\"claimlint\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"0\">\n",
            attr(kind),
            cases.len()
        ));
        xml.push_str("    <properties>\n");
        let fail_on = options.fail_on.map_or("never", |s| s.as_str());
        xml.push_str(&format!("      <property name=\"fail-on\" value=\"{fail_on}\"/>\n"));
        xml.push_str("    </properties>\n");
        for c in cases {
            let head = format!("    <testcase name=\"{}\" classname=\"{}\" time=\"0\"", attr(&c.name), attr(&c.classname));
            match &c.outcome {
                Outcome::Passed => xml.push_str(&format!("{head}/>\n")),
                Outcome::Failed { message, kind, text } => xml.push_str(&format!(
                    "{head}>\n      <failure message=\"{}\" type=\"{kind}\">{}</failure>\n    </testcase>\n",
                    attr(message),
                    text_node(text)
                )),
                Outcome::Skipped { message } => {
                    xml.push_str(&format!("{head}>\n      <skipped message=\"{}\"/>\n    </testcase>\n", attr(message)))
                }
            }
        }
        xml.push_str("    <system-out/>\n    <system-err/>\n  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
}

/// A finding's test case: named after its rule, primary place and message, so that reporters
/// that list names alone still say what and where.
fn case(run: &Run, f: &Finding, outcome: Outcome) -> Case {
    let place = f.primary().map(|l| {
        let p = Place::of(run.sources, l.span);
        format!("{}:{}:{}: ", p.path, p.start.line, p.start.column)
    });
    Case {
        name: format!("{}{}: {}", place.unwrap_or_default(), f.rule, one_line(&f.message)),
        classname: f.rule.clone(),
        outcome,
    }
}

/// The failure's text: the message, every place with its label, then help and notes.
fn details(run: &Run, f: &Finding) -> String {
    let mut lines = vec![f.message.clone()];
    for l in &f.locations {
        let p = Place::of(run.sources, l.span);
        lines.push(format!("  {}:{}:{}: {}", p.path, p.start.line, p.start.column, run.label(f, l)));
    }
    lines.extend(run.help(f).map(|h| format!("help: {h}")));
    lines.extend(f.notes.iter().map(|n| format!("note: {n}")));
    lines.join("\n")
}

/// Escapes text for XML, keeping line breaks; control characters and bidirectional overrides are
/// shown escaped, since XML 1.0 cannot carry most of them even as references.
fn text_node(s: &str) -> String {
    printable::escape_with(s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        // Not characters in XML 1.0 either, though no control.
        '\u{FFFE}' => Some("\\u{fffe}"),
        '\u{FFFF}' => Some("\\u{ffff}"),
        _ => None,
    })
    .into_owned()
}

/// Escapes text for an attribute value in double quotes: line breaks as references, so they
/// survive attribute normalisation.
fn attr(s: &str) -> String {
    text_node(s).replace('"', "&quot;").replace('\n', "&#10;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(text_node("a<b>&c\nd"), "a&lt;b&gt;&amp;c\nd");
        assert_eq!(attr("say \"x\"\n\u{1b}[2J\u{202e}"), "say &quot;x&quot;&#10;\\u{1b}[2J\\u{202e}");
        assert_eq!(text_node("\u{0}\r"), "\\u{0}\\u{d}");
    }
}
