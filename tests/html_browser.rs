//! `--format html` in a real browser (DESIGN §8): headless Chromium loads the report from
//! `file://`, with and without script, every request it makes sent to a local proxy that counts
//! them, and the tests read the live DOM it serialises. Without Chromium these tests say loudly
//! that they are skipped and how to install it; under CI (`CI` set) they fail instead.

mod common;
#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;
mod html_common;

use common::{code, repo, run, scratch};
use html_common::*;
use std::path::Path;

/// Writes `claimlint check --format html` of the corpus at `root` to `dir/report.html`.
fn report(root: &Path, dir: &Path) -> std::path::PathBuf {
    let out = run(root, &["check", "--format", "html"]);
    assert!(code(&out) == 0 || code(&out) == 1, "{}", String::from_utf8_lossy(&out.stderr));
    let file = dir.join("report.html");
    std::fs::write(&file, &out.stdout).unwrap();
    file
}

/// What the DOM of any report must hold of its corpus, script or not: a `finding` element with
/// the fingerprint of each finding, a `<mark>` with each quote's exact words, a timeline for each
/// subject, the CSP, and nothing that loads anything.
fn assert_report_dom(dom: &str, want: &Expected) {
    let tags = tags(dom);
    let fingerprints: Vec<&str> =
        tags.iter().filter(|t| t.has_class("finding")).filter_map(|t| t.attr("data-fingerprint")).collect();
    assert_eq!(fingerprints.len(), want.fingerprints.len(), "one finding element per finding");
    for f in &want.fingerprints {
        assert!(fingerprints.contains(&f.as_str()), "no finding element with data-fingerprint {f}");
    }
    let marks = marks(dom);
    for q in &want.quotes {
        assert!(marks.iter().any(|m| m == q), "no <mark> holds exactly {q:?}");
    }
    let timelines = tags.iter().filter(|t| t.has_class("timeline")).count();
    assert_eq!(timelines, want.subjects.len(), "a timeline per subject of a finding");
    let csp = tags
        .iter()
        .find(|t| t.name == "meta" && t.attr("http-equiv") == Some("Content-Security-Policy"))
        .and_then(|t| t.attr("content"))
        .expect("a CSP meta tag");
    assert!(csp.starts_with("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"), "{csp}");
    for t in &tags {
        assert!(
            !matches!(t.name.as_str(), "img" | "iframe" | "object" | "embed" | "link" | "video" | "audio" | "base"),
            "a <{}> element: {t:?}",
            t.name
        );
        for (name, value) in &t.attrs {
            assert!(!name.starts_with("on"), "an event handler attribute: {t:?}");
            assert!(name != "src" && name != "srcset", "an element that loads something: {t:?}");
            if name == "href" {
                assert!(
                    value.starts_with('#') || value.starts_with("https://") || value.starts_with("http://"),
                    "a link that is neither in the page nor to the web: {t:?}"
                );
            }
        }
    }
    let scripts = tags.iter().filter(|t| t.name == "script").count();
    assert_eq!(scripts, 2, "the page's one script and its JSON block, nothing else");
}

fn assert_script_ran(dom: &str, findings: usize) {
    let form = tags(dom).into_iter().find(|t| t.attr("id") == Some("filters")).expect("the filter form");
    assert!(form.attr("hidden").is_none(), "the script shows the filters: {form:?}");
    assert!(dom.contains(&format!("{findings} of {findings} findings shown")), "the script counted the findings");
}

#[test]
fn the_example_report_holds_every_finding_and_quote_and_fetches_nothing() {
    let Some(chromium) = chromium_or_skip("the_example_report_holds_every_finding_and_quote_and_fetches_nothing")
    else {
        return;
    };
    let dir = scratch("html-browser-example");
    let file = report(&repo(), &dir);
    let want = expected(&repo());
    assert!(want.fingerprints.len() >= 10 && want.quotes.len() >= 20, "the example corpus has findings");
    let proxy = Proxy::start();
    let dom = dump_dom(&chromium, &file, &proxy, &dir.join("profile"));
    assert_report_dom(&dom, &want);
    assert_script_ran(&dom, want.fingerprints.len());
    // The reader: every claim of the three reports, its quote highlighted and linked to it.
    let reader = inner_by_id(&dom, "reader").expect("the reader");
    assert_eq!(reader.matches("<details class=\"report\"").count(), 3);
    assert_eq!(reader.matches("class=\"claim ").count(), 69, "every claim of the example corpus listed");
    assert!(reader.matches("<mark>").count() >= 60, "claims' quotes highlighted in the texts");
    assert!(dom.contains("<svg class=\"graph\""), "the graph picture");
    assert_eq!(proxy.requests(), Vec::<String>::new(), "the page fetched something");
}

#[test]
fn the_example_report_reads_the_same_without_script() {
    let Some(chromium) = chromium_or_skip("the_example_report_reads_the_same_without_script") else {
        return;
    };
    let dir = scratch("html-browser-noscript");
    let file = report(&repo(), &dir);
    let want = expected(&repo());
    let proxy = Proxy::start();
    let dom = dom_without_script(&chromium, &file, &proxy, &dir.join("profile"));
    assert_report_dom(&dom, &want);
    // Scripting was off: the filters it would show stay hidden.
    let form = tags(&dom).into_iter().find(|t| t.attr("id") == Some("filters")).expect("the filter form");
    assert!(form.attr("hidden").is_some(), "with scripting off the filters stay hidden: {form:?}");
    assert!(dom.contains("<output name=\"shown\" aria-live=\"polite\"></output>"), "nothing counted the findings");
    assert_eq!(proxy.requests(), Vec::<String>::new(), "the page fetched something");
}

#[test]
fn an_injection_corpus_runs_nothing_and_fetches_nothing() {
    let Some(chromium) = chromium_or_skip("an_injection_corpus_runs_nothing_and_fetches_nothing") else {
        return;
    };
    let dir = scratch("html-browser-injection");
    let root = injection_corpus(&dir.join("corpus"));
    let file = report(&root, &dir);
    let want = expected(&root);
    assert!(!want.fingerprints.is_empty(), "the injection corpus has a finding");
    let proxy = Proxy::start();
    let dom = dump_dom(&chromium, &file, &proxy, &dir.join("profile"));
    // The page's own script ran, so an injected one would have too, had it been let in.
    assert_script_ran(&dom, want.fingerprints.len());
    assert_report_dom(&dom, &want);
    let root_tag = tags(&dom).into_iter().find(|t| t.name == "html").unwrap();
    assert!(root_tag.attr("data-pwned").is_none(), "an injected script ran: {root_tag:?}");
    assert!(!dom.contains("<title>PWNED"), "an injected script changed the title");
    // The payloads are there, as text.
    assert!(dom.contains("&lt;script&gt;document.title='PWNED'"), "the corpus text is shown escaped");
    // The `javascript:` url is text; the https one is a link whose address is intact.
    let links: Vec<String> = tags(&dom)
        .into_iter()
        .filter(|t| t.has_class("out"))
        .filter_map(|t| t.attr("href").map(String::from))
        .collect();
    assert!(links.iter().all(|l| l.starts_with("https://example.org/b?x=1&y=\"><script>")), "{links:?}");
    assert!(!links.is_empty());
    assert!(dom.contains("class=\"url-text\""), "the javascript: url is shown as text");
    assert_eq!(proxy.requests(), Vec::<String>::new(), "the page fetched something");
}

#[test]
fn the_script_filters_searches_and_moves_between_findings() {
    let Some(chromium) = chromium_or_skip("the_script_filters_searches_and_moves_between_findings") else {
        return;
    };
    let dir = scratch("html-browser-script");
    let file = report(&repo(), &dir);
    let proxy = Proxy::start();
    let shown = "document.querySelector('output[name=shown]').value";
    let key = |k: &str| {
        format!("document.dispatchEvent(new KeyboardEvent('keydown', {{key: '{k}', bubbles: true}})); document.activeElement.id || document.activeElement.name")
    };
    let set = |name: &str, value: &str| {
        format!(
            "(() => {{ const e = document.querySelector('[name={name}]'); e.value = '{value}'; \
             e.dispatchEvent(new Event('change', {{bubbles: true}})); return {shown}; }})()"
        )
    };
    let exprs = [
        key("j"),
        key("j"),
        key("k"),
        set("kind", "corroboration"),
        set("kind", ""),
        "(() => { document.querySelector('input[value=note]').click(); return document.querySelector('output[name=shown]').value; })()"
            .to_string(),
        "(() => { document.querySelector('input[value=note]').click(); const q = document.querySelector('[name=q]'); \
         q.value = 'iran'; q.dispatchEvent(new Event('change', {bubbles: true})); \
         return [...document.querySelectorAll('.finding:not([hidden])')].length; })()"
            .to_string(),
        key("Escape"),
        shown.to_string(),
        // The list of reports is filled when it is first wanted (focus or pointer).
        "(() => { const e = document.querySelector('[name=report]'); const before = e.options.length; e.focus(); \
         e.value = 'r2'; e.dispatchEvent(new Event('change', {bubbles: true})); \
         return before + ' ' + e.options.length + ' ' + document.querySelector('output[name=shown]').value; })()"
            .to_string(),
    ];
    let exprs: Vec<&str> = exprs.iter().map(String::as_str).collect();
    let (_, values) = drive(&chromium, &file, &proxy, &dir.join("profile"), true, &exprs);
    let v: Vec<String> = values.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), String::from)).collect();
    assert_eq!(&v[..3], ["f0", "f1", "f0"], "j and k move between findings");
    assert_eq!(v[3], "11 of 14 findings shown", "the kind filter");
    assert_eq!(v[4], "14 of 14 findings shown");
    assert_eq!(v[5], "3 of 14 findings shown", "notes unticked");
    assert_eq!(v[6], "2", "a search for Iran");
    assert_eq!(v[8], "14 of 14 findings shown", "Escape clears the filters");
    let page = std::fs::read_to_string(&file).unwrap();
    let in_r2 = tags(&page)
        .iter()
        .filter(|t| t.has_class("finding") && t.attr("data-reports").is_some_and(|r| r.split(' ').any(|x| x == "r2")))
        .count();
    assert_eq!(v[9], format!("1 4 {in_r2} of 14 findings shown"), "the report filter, its list filled on focus");
    assert_eq!(proxy.requests(), Vec::<String>::new(), "the page fetched something");
}

/// A corpus with more reports and subjects than are shown open: their closed reports, timelines
/// and table of reports hold their bodies in `<noscript>`. Without script the browser builds
/// them (the page reads the same); with script they are built when a link leads into one or it
/// opens.
#[test]
fn folded_reports_and_timelines_are_built_when_wanted_and_read_without_script() {
    let Some(chromium) = chromium_or_skip("folded_reports_and_timelines_are_built_when_wanted_and_read_without_script")
    else {
        return;
    };
    let dir = scratch("html-browser-folded");
    let root = dir.join("corpus");
    let manifest = gen_corpus::generate(&gen_corpus::Config {
        claims: 1500,
        out: root.clone(),
        seed: 5,
        format: gen_corpus::Format::Jsonl,
    })
    .expect("the generator runs");
    assert!(manifest.reports > 60, "{} reports: too few to fold", manifest.reports);
    let file = report(&root, &dir);
    let page = std::fs::read_to_string(&file).unwrap();
    let folded = page.matches("</summary>\n<noscript>").count();
    assert!(folded > 20, "{folded} folded bodies");
    let proxy = Proxy::start();

    // Without script: every folded body is built, marks and claims included.
    let exprs = [
        "document.querySelectorAll('details > noscript').length",
        "document.querySelectorAll('details.report noscript mark').length",
        "document.querySelectorAll('details.report noscript li.claim').length",
        "document.querySelectorAll('details.timeline noscript svg').length",
    ];
    let (_, v) = drive(&chromium, &file, &proxy, &dir.join("profile-off"), false, &exprs);
    let n = |x: &serde_json::Value| x.as_u64().unwrap_or_else(|| panic!("not a count: {x}"));
    assert_eq!(n(&v[0]) as usize, folded, "{v:?}");
    assert!(n(&v[1]) > 100 && n(&v[2]) > 100 && n(&v[3]) > 5, "the folded bodies are built without script: {v:?}");

    // With script: nothing of them is built at first; a link from a card into a folded report
    // builds and opens it, its quote and its claim there; opening a timeline draws it.
    let exprs = [
        "document.querySelectorAll('details.report mark').length",
        "(() => { const a = [...document.querySelectorAll('.finding a[href^=\"#c\"]')]\
           .find(a => !document.getElementById(a.getAttribute('href').slice(1)));\
         if (!a) { return 'no link into a folded report'; }\
         const id = a.getAttribute('href').slice(1); a.click();\
         const claim = document.getElementById(id); if (!claim) { return 'not built: ' + id; }\
         const report = claim.closest('details.report');\
         const quote = document.getElementById('q' + id.slice(1));\
         return [report.open, location.hash === '#' + id, quote !== null && quote.querySelector('mark') !== null,\
                 report.querySelector(':scope > noscript') === null].join(' '); })()",
        "(() => { const d = document.querySelector('details.timeline:not([open])'); d.open = true; \
           window.opened = d.id; return d.querySelector('svg') === null; })()",
        "document.getElementById(window.opened).querySelector('svg.tl') !== null",
        "(() => { const d = document.querySelector('details.reports-table'); d.open = true; return d.id; })()",
        "document.querySelectorAll('details.reports-table tbody tr').length",
        // An address naming a claim in a folded report (a link shared, the address bar).
        "(() => { const box = document.querySelector('details.report > noscript'); \
           window.wanted = /id=\"(c[0-9]+)\"/.exec(box.textContent)[1]; location.hash = '#' + window.wanted; \
           return document.getElementById(window.wanted) === null; })()",
        "(() => { const c = document.getElementById(window.wanted); return c !== null && c.closest('details').open; })()",
    ];
    let (dom, v) = drive(&chromium, &file, &proxy, &dir.join("profile-on"), true, &exprs);
    assert_eq!(n(&v[0]), 0, "nothing folded is built at load: {v:?}");
    assert_eq!(v[1], "true true true true", "a link into a folded report builds it and opens it");
    assert_eq!(v[2], true, "the timeline is not drawn before it opens");
    assert_eq!(v[3], true, "opening a timeline draws it");
    assert!(n(&v[5]) > 60, "opening the table of reports builds it: {v:?}");
    assert_eq!((&v[6], &v[7]), (&true.into(), &true.into()), "an address into a folded report builds and opens it");
    // Whatever the script built, the page still has one finding element per finding.
    let want = expected(&root);
    assert_report_dom(&dom, &want);
    assert_eq!(proxy.requests(), Vec::<String>::new(), "the page fetched something");
}
