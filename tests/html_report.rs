//! `--format html` as written, without a browser (tests/html_browser.rs loads it in one): its
//! structure, determinism, and how it holds a corpus past the card and reader limits.

mod common;
#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;
mod html_common;

use common::{code, repo, run, scratch, stdout};
use html_common::*;
use std::path::Path;

fn html(root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["check", "--format", "html"];
    args.extend_from_slice(extra);
    let out = run(root, &args);
    assert!(code(&out) == 0 || code(&out) == 1, "{}", String::from_utf8_lossy(&out.stderr));
    stdout(&out)
}

#[test]
fn every_finding_is_an_element_with_its_fingerprint_and_every_quote_a_mark() {
    let page = html(&repo(), &[]);
    let want = expected(&repo());
    let tags = tags(&page);
    let cards: Vec<&Tag> = tags.iter().filter(|t| t.has_class("finding")).collect();
    assert_eq!(cards.len(), want.fingerprints.len());
    for (card, f) in cards.iter().zip(&want.fingerprints) {
        assert_eq!(card.attr("data-fingerprint"), Some(f.as_str()), "cards in the findings' order");
    }
    let marks = marks(&page);
    for q in &want.quotes {
        assert!(marks.contains(q), "no <mark> holds exactly {q:?}");
    }
    // A timeline per subject, reports with outlet and time, the run's options.
    assert_eq!(tags.iter().filter(|t| t.has_class("timeline")).count(), want.subjects.len());
    let summary = inner_by_id(&page, "summary").unwrap();
    assert!(summary.contains("Reuters</td><td><time>2016-12-13</time>"), "{summary}");
    assert!(summary.contains("<dt>fail-on</dt><dd><code>error</code></dd>"), "{summary}");
    assert!(page.contains("<svg class=\"graph\""));
}

#[test]
fn the_policy_allows_exactly_the_page_script() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let page = html(&repo(), &[]);
    let start = page.find("<script>").expect("the inline script") + "<script>".len();
    let end = start + page[start..].find("</script>").unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&page.as_bytes()[start..end]));
    let csp = format!("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'");
    assert!(page.contains(&format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">")), "{csp}");
    // The script is the same whatever the corpus: the injection corpus's page has the same CSP.
    let dir = scratch("html-policy-injection");
    let other = html(&injection_corpus(&dir), &[]);
    assert!(other.contains(&csp));
}

#[test]
fn the_same_corpus_gives_the_same_bytes() {
    let one = html(&repo(), &[]);
    let out =
        common::claimlint(&repo()).args(["check", "--format", "html"]).env("RAYON_NUM_THREADS", "1").output().unwrap();
    assert_eq!(one, stdout(&out), "thread count changed the page");
    assert_eq!(one, html(&repo(), &[]));
}

#[test]
fn an_injection_corpus_is_text_in_the_page() {
    let dir = scratch("html-injection-static");
    let root = injection_corpus(&dir);
    let page = html(&root, &[]);
    for t in tags(&page) {
        for (name, value) in &t.attrs {
            assert!(!name.starts_with("on"), "an event handler: {t:?}");
            assert!(!value.to_ascii_lowercase().contains("javascript:"), "{t:?}");
        }
        assert!(!matches!(t.name.as_str(), "img" | "link" | "iframe"), "{t:?}");
    }
    assert_eq!(page.matches("<script").count(), 2, "only the page's own script and data block");
    assert!(page.contains("&lt;script&gt;document.title=&#39;PWNED&#39;"));
}

/// Past 2,000 findings each further one is a row in a closed group per subject; past 200 reports
/// the reader holds only those with a claim in a finding.
#[test]
fn a_large_corpus_keeps_cards_and_reader_within_bounds() {
    let dir = scratch("html-large");
    let manifest = gen_corpus::generate(&gen_corpus::Config {
        claims: 20_000,
        out: dir.clone(),
        seed: 7,
        format: gen_corpus::Format::Jsonl,
    })
    .expect("the generator runs");
    assert!(manifest.reports > 200);
    // A report whose only claim is in no finding: the reader leaves it out.
    std::fs::write(dir.join("texts/lonely.txt"), "The lonely committee met on Monday.\n").unwrap();
    std::fs::write(
        dir.join("claims/lonely.toml"),
        "[[entity]]\nid = \"lonely-committee-meeting\"\nname = \"the lonely committee meeting\"\nkind = \"event\"\n\n\
         [report]\nid = \"lonely\"\ntitle = \"Lonely\"\noutlet = \"Nobody\"\npublished = 2016-12-13\n\
         text = \"../texts/lonely.txt\"\n\n[[claim]]\nid = \"met\"\nsubject = \"lonely-committee-meeting\"\n\
         predicate = \"occurred\"\nquote = \"The lonely committee met\"\n",
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(&dir, &["check", "--format", "json"]))).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.len() > 2000, "{} findings: too few to test the limit", findings.len());
    let page = html(&dir, &[]);
    let tags = tags(&page);
    let cards = tags.iter().filter(|t| t.has_class("finding") && t.has_class("card")).count();
    let rows = tags.iter().filter(|t| t.has_class("finding") && t.has_class("row")).count();
    assert_eq!((cards, rows), (2000, findings.len() - 2000));
    let groups: Vec<&Tag> = tags.iter().filter(|t| t.name == "details" && t.has_class("group")).collect();
    assert!(!groups.is_empty() && groups.iter().all(|g| g.attr("open").is_none()), "rows in closed groups");
    // The reports whose quotes the cards draw: all the sides of a disagreement (up to 8), the
    // first 3 reports of a corroboration.
    let drawn: std::collections::BTreeSet<&str> = findings[..2000]
        .iter()
        .flat_map(|f| {
            let figures = if f["severity"] == "note" { 3 } else { 8 };
            f["locations"].as_array().unwrap().iter().take(figures)
        })
        .filter_map(|l| l["claim"].as_str()?.split('#').next())
        .collect();
    let in_reader = tags.iter().filter(|t| t.name == "details" && t.has_class("report")).count();
    assert_eq!(in_reader, drawn.len(), "the reader holds the reports whose quotes the cards draw");
    assert!(!page.contains(">Lonely</"), "a report without a finding is in the reader");
    assert!(json["summary"]["reports"].as_u64().unwrap() as usize > in_reader);
}

#[test]
fn an_allowed_finding_is_marked_with_its_reason() {
    let page = html(&repo(), &["--config", "examples/claimlint.toml"]);
    let allowed: Vec<Tag> =
        tags(&page).into_iter().filter(|t| t.has_class("finding") && t.has_class("allowed")).collect();
    assert_eq!(allowed.len(), 1, "the example config allows one finding");
    assert_eq!(allowed[0].attr("data-allowed"), Some("1"));
    let card = inner_by_id(&page, allowed[0].attr("id").unwrap()).unwrap();
    assert!(
        card.contains("<strong>Allowed</strong> by the config: the report itself calls these reports unconfirmed"),
        "{card}"
    );
}
