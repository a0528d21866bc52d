//! `--format html`: one self-contained HTML document for fact-checkers (DESIGN §8): a summary,
//! a card per finding with every quote in its sentence or paragraph, a reader of the reports'
//! texts with every claim's quote highlighted, a timeline per subject and a picture of the
//! entities involved.
//!
//! Everything taken from the corpus passes through [`esc`] (text and attribute values alike) or,
//! for the script's data, through [`json_block`]; the only links out are reports' `http(s)` urls
//! ([`safe_url`]). The page's one script ([`SCRIPT`]) and its stylesheet are static assets: the
//! Content-Security-Policy allows that script by its SHA-256 and nothing else, so whatever a
//! corpus holds runs nothing. The page reads the same without script; the script only adds
//! filtering, search and keyboard navigation.
//!
//! Large corpora stay usable: past [`CARDS`] findings, each further finding is one row inside
//! closed per-subject `<details>`; past [`READER_ALL`] reports, the reader holds only the
//! reports with a claim in a finding; timelines and the graph are capped, saying what they
//! leave out.

mod cards;
mod graph;
mod page;
mod reader;
mod timeline;

use page::*;

use super::{Options, Run};
use crate::findings::{count, Severity, Tally};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};



/// The page's stylesheet and its one script: static, whatever the corpus.
const STYLE: &str = include_str!("report.css");
pub const SCRIPT: &str = include_str!("report.js");

/// The Content-Security-Policy of every report: no fetch of any kind, inline style, and only
/// the script whose SHA-256 it names.
pub fn content_security_policy() -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    format!("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'")
}

pub fn render(run: &Run, out: &mut dyn Write, options: &Options) -> io::Result<()> {
    let page = Page::new(run);
    let mut html = String::with_capacity(1 << 16);
    document(&page, options, &mut html);
    out.write_all(html.as_bytes())
}

fn document(page: &Page, options: &Options, h: &mut String) {
    let view = page.run.view;
    let (reports, claims) = view.checked();
    let tally = Tally::of(page.run.findings);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(h, "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", content_security_policy());
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<meta name=\"generator\" content=\"claimlint ");
    h.push_str(env!("CARGO_PKG_VERSION"));
    h.push_str("\">\n");
    let _ = writeln!(
        h,
        "<title>claimlint report: {}, {}, {}</title>",
        count(tally.errors, "error"),
        count(tally.warnings, "warning"),
        count(tally.notes, "note")
    );
    let _ = writeln!(h, "<style>\n{STYLE}</style>\n</head>\n<body>");
    h.push_str("<a class=\"skip\" href=\"#findings\">Skip to the findings</a>\n");
    h.push_str("<header class=\"top\">\n<h1>claimlint report</h1>\n");
    let _ = writeln!(
        h,
        "<p class=\"lede\">{} and {} checked: <span class=\"sev error\">{}</span> \
         <span class=\"sev warning\">{}</span> <span class=\"sev note\">{}</span>{}</p>",
        count(reports, "report"),
        count(claims, "claim"),
        count(tally.errors, "error"),
        count(tally.warnings, "warning"),
        count(tally.notes, "note"),
        if page.run.allowed.is_empty() { String::new() } else { format!(", {} allowed", page.run.allowed.len()) }
    );
    h.push_str(
        "<nav aria-label=\"Sections\"><ul><li><a href=\"#summary\">Summary</a></li>\
         <li><a href=\"#findings\">Findings</a></li><li><a href=\"#reader\">Reports</a></li>\
         <li><a href=\"#timelines\">Timelines</a></li><li><a href=\"#graph\">Graph</a></li></ul></nav>\n</header>\n",
    );
    h.push_str("<main>\n");
    summary(page, options, h);
    cards::findings(page, h);
    reader::reader(page, h);
    timeline::timelines(page, h);
    graph::graph(page, h);
    h.push_str("</main>\n<footer class=\"bottom\"><p>Written by claimlint ");
    h.push_str(env!("CARGO_PKG_VERSION"));
    h.push_str(
        ". Keys: <kbd>j</kbd>/<kbd>k</kbd> next and previous finding, <kbd>/</kbd> search, \
         <kbd>Esc</kbd> clear the filters.</p></footer>\n",
    );
    let _ = writeln!(h, "<script type=\"application/json\" id=\"claimlint-data\">{}</script>", json_block(&data(page)));
    let _ = writeln!(h, "<script>{SCRIPT}</script>\n</body>\n</html>");
}

/// What the script needs besides the document: the names its filters offer.
fn data(page: &Page) -> serde_json::Value {
    let view = page.run.view;
    let mut kinds = BTreeSet::new();
    let mut subjects = BTreeMap::new();
    for e in &page.entries {
        kinds.insert(e.finding.kind.as_str());
        if let Some(s) = e.finding.subject.as_deref() {
            let name = e.subject.map_or(s, |id| view.entity(id).name.as_str());
            subjects.insert(s, name);
        }
    }
    let reports: Vec<serde_json::Value> = (0..page.reports.len())
        .filter(|&i| page.report_entries[i] > 0 && page.in_reader[i])
        .map(|i| {
            let r = view.report(page.reports[i]);
            serde_json::json!([format!("r{i}"), format!("{} ({}, {})", r.title, r.outlet, r.published)])
        })
        .collect();
    let mut subjects: Vec<(&str, &str)> = subjects.into_iter().collect();
    subjects.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()).then(a.0.cmp(b.0)));
    serde_json::json!({
        "version": 1,
        "kinds": kinds.into_iter().collect::<Vec<_>>(),
        "subjects": subjects.into_iter().map(|(id, name)| serde_json::json!([id, name])).collect::<Vec<_>>(),
        "reports": reports,
    })
}

fn summary(page: &Page, options: &Options, h: &mut String) {
    let view = page.run.view;
    h.push_str("<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n");
    if let Some(scope) = view.scope() {
        let _ = writeln!(
            h,
            "<p class=\"scope\">Only what concerns {} is shown: {} checked against the whole corpus at <code>{}</code> \
             ({} and {}){}.</p>",
            count(scope.files.len(), "claim file"),
            scope.files.iter().map(|f| format!("<code>{}</code>", esc(f))).collect::<Vec<_>>().join(", "),
            esc(&scope.root),
            count(scope.corpus_reports, "report"),
            count(scope.corpus_claims, "claim"),
            if scope.problems_elsewhere > 0 {
                format!("; {} in other files of the corpus not shown", count(scope.problems_elsewhere, "problem"))
            } else {
                String::new()
            }
        );
    }
    // Counts by kind and severity.
    let mut by_kind: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for e in &page.entries {
        let row = by_kind.entry(e.finding.kind.as_str()).or_default();
        match (e.allowed.is_some(), e.finding.severity) {
            (true, _) => row[3] += 1,
            (false, Severity::Error) => row[0] += 1,
            (false, Severity::Warning) => row[1] += 1,
            (false, Severity::Note) => row[2] += 1,
        }
    }
    h.push_str("<div class=\"summary-grid\">\n<table class=\"counts\">\n<caption>Findings by kind and severity</caption>\n");
    h.push_str(
        "<thead><tr><th scope=\"col\">kind</th><th scope=\"col\">errors</th><th scope=\"col\">warnings</th>\
         <th scope=\"col\">notes</th><th scope=\"col\">allowed</th></tr></thead>\n<tbody>\n",
    );
    let mut total = [0usize; 4];
    for (kind, row) in &by_kind {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", esc(kind));
        for (i, n) in row.iter().enumerate() {
            total[i] += n;
            let _ = write!(h, "<td>{n}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n<tfoot><tr><th scope=\"row\">all</th>");
    for n in total {
        let _ = write!(h, "<td>{n}</td>");
    }
    h.push_str("</tr></tfoot>\n</table>\n");
    // The options of the run.
    h.push_str("<dl class=\"options\">\n");
    let _ = write!(h, "<dt>format</dt><dd>html</dd>");
    for (name, value) in &options.settings {
        let _ = write!(h, "<dt>{}</dt><dd><code>{}</code></dd>", esc(name), esc(value));
    }
    let mut packs: Vec<&str> = view.rules().iter().map(|r| r.pack.as_str()).collect();
    packs.sort_unstable();
    packs.dedup();
    let _ = write!(
        h,
        "<dt>rules</dt><dd>{} from {}: {}</dd>",
        view.rules().len(),
        count(packs.len(), "pack"),
        packs.iter().map(|p| esc(p).into_owned()).collect::<Vec<_>>().join(", ")
    );
    h.push_str("\n</dl>\n</div>\n");
    // The reports.
    let shown = page.in_reader.iter().filter(|&&b| b).count();
    // A long table is laid out only when asked for.
    let open = shown <= REPORTS_OPEN;
    let _ = writeln!(
        h,
        "<details class=\"reports-table\"{}><summary>The {} reports</summary>",
        if open { " open" } else { "" },
        shown
    );
    lazy_body(!open, h);
    h.push_str("<div class=\"table-wrap\"><table class=\"reports\">\n");
    let _ = writeln!(
        h,
        "<caption>Reports{}</caption>",
        if shown < page.reports.len() {
            format!(
                ": the {} whose quotes the finding cards show, of {} (above {READER_ALL} reports the others are left \
                 out)",
                shown,
                page.reports.len()
            )
        } else {
            String::new()
        }
    );
    h.push_str(
        "<thead><tr><th scope=\"col\">report</th><th scope=\"col\">outlet</th><th scope=\"col\">published</th>\
         <th scope=\"col\">claims</th><th scope=\"col\">findings</th></tr></thead>\n<tbody>\n",
    );
    for (i, &r) in page.reports.iter().enumerate() {
        if !page.in_reader[i] {
            continue;
        }
        let report = view.report(r);
        let _ = write!(h, "<tr><td><a href=\"#r{i}\">{}</a>", esc(&report.title));
        if let Some(url) = &report.url {
            h.push(' ');
            url_html(url, h);
        }
        let via = if report.via.is_empty() {
            String::new()
        } else {
            format!(" (via {})", esc(&report.via.join(", ")))
        };
        let _ = writeln!(
            h,
            "</td><td>{}{via}</td><td><time>{}</time></td><td>{}</td><td>{}</td></tr>",
            esc(&report.outlet),
            report.published,
            page.report_claims[i].len(),
            page.report_entries[i]
        );
    }
    h.push_str("</tbody>\n</table></div>");
    lazy_end(!open, h);
    h.push_str("</details>\n</section>\n");
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(esc("plain “text”, café"), "plain “text”, café");
        assert!(matches!(esc("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(
            esc("<script>alert('x')</script> & \"onerror=\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;onerror=&quot;"
        );
        assert_eq!(esc("a\u{202e}b\u{1b}c\nd\te"), "a\\u{202e}b\\u{1b}c\nd\te");
        // An already escaped text is escaped again, never taken as markup.
        assert_eq!(esc("&lt;"), "&amp;lt;");
    }

    #[test]
    fn only_web_urls_are_linked() {
        assert_eq!(safe_url("https://example.org/a?b=1&c=2"), Some("https://example.org/a?b=1&c=2"));
        assert_eq!(safe_url("HTTP://example.org/"), Some("HTTP://example.org/"));
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "https://exa mple.org",
            "https://example.org/\nx",
            "http://",
            "//example.org",
            "reports/a.txt",
            "",
        ] {
            assert_eq!(safe_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn json_blocks_cannot_close_their_script() {
        let v = serde_json::json!({"t": "</script><script>alert(1)</script><!--&"});
        let block = json_block(&v);
        assert!(!block.contains('<') && !block.contains('>') && !block.contains('&'), "{block}");
        let back: serde_json::Value = serde_json::from_str(&block).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn the_policy_names_the_script_by_its_hash() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"), "{csp}");
        // 32 bytes in base64: 44 characters.
        let hash = csp.rsplit("'sha256-").next().unwrap().trim_end_matches('\'');
        assert_eq!(hash.len(), 44, "{hash}");
        assert!(!SCRIPT.contains("</script"), "the script must not close its own element");
    }
}
